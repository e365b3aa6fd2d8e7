//! Thread + design → one SVG document per slide.

use crate::{Design, FontBook, Thread};

/// A laid-out carousel: one standalone SVG document per slide, plus the metadata exporters need.
#[derive(Debug, Clone, PartialEq)]
pub struct Carousel {
    pub width: u32,
    pub height: u32,
    /// One complete SVG document per slide, in order.
    pub slides: Vec<String>,
    /// A title for the document: the hook, shortened.
    pub title: String,
    /// The thread author's display name and handle, e.g. `vik (@vikhyatk)`.
    pub author: String,
    /// A BCP 47 language tag for the text, e.g. `en`.
    pub language: String,
}

/// Why a thread could not be laid out.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    #[error("the thread has no posts: nothing to put on slides")]
    EmptyThread,
    #[error("no font for family \"{0}\" is loaded")]
    MissingFont(String),
}

/// Lays a thread out with a design.
pub fn layout_thread(
    thread: &Thread,
    design: &Design,
    fonts: &FontBook,
) -> Result<Carousel, LayoutError> {
    let _ = fonts;
    if thread.posts.is_empty() {
        return Err(LayoutError::EmptyThread);
    }
    // Placeholder until the real layout lands: one plain slide per post.
    let (w, h) = (design.canvas.width, design.canvas.height);
    let slides = thread
        .posts
        .iter()
        .map(|post| {
            format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="#ffffff"/><text x="60" y="200" font-family="Inter" font-size="54" fill="#0f1419">{}</text></svg>"##,
                crate::svg::escape(&post.text.chars().take(30).collect::<String>())
            )
        })
        .collect();
    let author = thread
        .author()
        .map(|a| format!("{} (@{})", a.name, a.handle))
        .unwrap_or_default();
    Ok(Carousel {
        width: w,
        height: h,
        slides,
        title: thread.posts[0].text.chars().take(80).collect(),
        author,
        language: "en".to_owned(),
    })
}
