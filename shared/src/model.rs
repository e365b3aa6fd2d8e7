//! The thread JSON: what `scrape` prints, what the extension collects and what `render` accepts.
//!
//! Field names and optionality follow the contract in `docs/architecture.md` (and DESIGN.md):
//! optional fields may be missing or `null`, unknown fields are ignored so that newer scrapers
//! can add data without breaking older companions.

use serde::{Deserialize, Serialize};

/// A thread: the author's own consecutive posts around the focal post, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    /// The status URL the thread was collected from (`https://x.com/<handle>/status/<id>`).
    #[serde(default)]
    pub url: String,
    pub posts: Vec<Post>,
}

/// One post card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Post {
    /// The status id, digits only.
    pub id: String,
    pub author: Author,
    /// The `datetime` attribute of the post's `<time>` element, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The text as displayed, with full link URLs, emoji as characters and literal newlines.
    #[serde(default)]
    pub text: String,
    /// The language X tagged the text with (the `lang` attribute of `tweetText`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// True when a "Show more" post could not be expanded, so `text` is cut short.
    #[serde(default, skip_serializing_if = "is_false")]
    pub truncated: bool,
    /// Full URLs of the links in `text`, in order.
    #[serde(default)]
    pub links: Vec<String>,
    /// Photos: https URLs, `data:` URLs, or paths relative to the input file.
    #[serde(default)]
    pub images: Vec<String>,
    /// A video's poster image, shown with a play badge when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_poster: Option<String>,
    /// The quoted post, when this post quotes another.
    #[serde(default)]
    pub quoted: Option<QuotedPost>,
}

/// Who wrote a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub name: String,
    /// The handle without the leading `@`.
    pub handle: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
}

/// A quoted post, shown as a small nested card on the quoting post's slide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotedPost {
    /// X does not put the quoted post's status id in the conversation markup, so it is often null.
    #[serde(default)]
    pub id: Option<String>,
    pub author: Author,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub links: Vec<String>,
    #[serde(default)]
    pub images: Vec<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Thread {
    /// The author of the thread: the author of its first post.
    pub fn author(&self) -> Option<&Author> {
        self.posts.first().map(|post| &post.author)
    }

    /// A file-name stem `<handle>-<first id>`, as used for saved files (not yet sanitised).
    pub fn file_stem(&self) -> String {
        match self.posts.first() {
            Some(post) => format!("{}-{}", post.author.handle, post.id),
            None => "carousel".to_owned(),
        }
    }

    /// Every image reference of the thread (avatars, video posters, photos, quoted posts), in
    /// the order [`Thread::resolve_images`] visits them, repeats included.
    pub fn image_references(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for post in &self.posts {
            out.extend(post.author.avatar.as_deref());
            out.extend(post.video_poster.as_deref());
            if let Some(quoted) = &post.quoted {
                out.extend(quoted.author.avatar.as_deref());
            }
        }
        for post in &self.posts {
            out.extend(post.images.iter().map(String::as_str));
            if let Some(quoted) = &post.quoted {
                out.extend(quoted.images.iter().map(String::as_str));
            }
        }
        out
    }

    /// Replaces every image reference (avatars, photos, video posters, quoted posts) with what
    /// `resolve` returns, and drops the ones it cannot resolve (`None`). The platform layer uses
    /// this to turn URLs and paths into `data:` URLs before layout, which itself does no I/O.
    pub fn resolve_images(&mut self, mut resolve: impl FnMut(&str) -> Option<String>) {
        let mut one = |slot: &mut Option<String>| {
            *slot = slot.as_deref().and_then(&mut resolve);
        };
        for post in &mut self.posts {
            one(&mut post.author.avatar);
            one(&mut post.video_poster);
            if let Some(quoted) = &mut post.quoted {
                one(&mut quoted.author.avatar);
            }
        }
        for post in &mut self.posts {
            post.images = post
                .images
                .iter()
                .filter_map(|image| resolve(image))
                .collect();
            if let Some(quoted) = &mut post.quoted {
                quoted.images = quoted
                    .images
                    .iter()
                    .filter_map(|image| resolve(image))
                    .collect();
            }
        }
    }
}
