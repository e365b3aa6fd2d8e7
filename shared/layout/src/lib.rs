//! Deck (or thread + design) → one SVG document per slide.
//!
//! A thread becomes a deck through its design's template ([`model::Deck::from_thread`]); the
//! default is a cover built from the first post (the hook, large), one slide per following
//! post, and an outro with a call to action. Every slide has a frame: a header (avatar, name,
//! @handle) and a footer (slide number and, on all but the last, a swipe hint), both shaped by
//! the brand kit. A post too long for its slide first shrinks, down to a floor size, then
//! continues on the next slide under a "continued" label: text is never clipped and never
//! leaves the canvas.

pub mod caption;
mod chrome;
mod content;
mod entities;
pub mod fonts;
pub mod framing;
mod list;
mod look;
mod media;
mod outro;
mod pattern;
pub mod shape;
mod split;
pub mod svg;
pub mod text;

pub use entities::{display_link, display_text};
pub use fonts::FontBook;

use chrome::Frame;
use look::Look;
use model::Design;
use model::deck::{Deck, DeckError, DeckSlide, PostPart};
use model::design::Template;
use model::{Post, Thread};

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
    /// What the user should know, each a sentence: design values that were out of bounds and
    /// changed, and what the thread lacks ([`Thread::left_out_notes`]).
    pub warnings: Vec<String>,
    /// The post that goes with the carousel: its captions and one line of alt text per slide
    /// (the words each slide shows, then what its photos, video or quoted post show).
    pub post: caption::PostText,
}

/// Why a thread or deck could not be laid out.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    #[error("the thread has no posts: nothing to put on slides")]
    EmptyThread,
    #[error("no font for family \"{0}\" is loaded")]
    MissingFont(String),
    #[error(transparent)]
    Deck(#[from] DeckError),
}

/// Sizes step down by this factor while shrinking text to fit.
const SHRINK_STEP: f32 = 0.92;
/// The smallest size text shrinks to, as a share of its preferred size, before it continues on
/// the next slide.
const BODY_FLOOR: f32 = 0.72;
const TITLE_FLOOR: f32 = 0.5;

/// Lays a thread out with a design (through the design's template).
pub fn layout_thread(
    thread: &Thread,
    design: &Design,
    fonts: &FontBook,
) -> Result<Carousel, LayoutError> {
    if thread.posts.is_empty() {
        return Err(LayoutError::EmptyThread);
    }
    layout_deck(&Deck::from_thread(thread, design), fonts)
}

/// Lays out a deck: its design and its explicit slides.
pub fn layout_deck(deck: &Deck, fonts: &FontBook) -> Result<Carousel, LayoutError> {
    deck.validate()?;
    let thread = deck.thread();
    let author = match thread.author() {
        Some(author) => author.clone(),
        // A deck of text slides only: whatever the brand says (nothing, without a profile,
        // which leaves the header without a name).
        None => Look::profile_author(&deck.design.brand),
    };
    let look = Look::new(&deck.design, &author);
    for family in [&look.heading_font, &look.body_font] {
        if fonts.index_of(family, 400).is_none() {
            return Err(LayoutError::MissingFont(family.clone()));
        }
    }
    let frame = Frame::new(&look);
    let mut builder = Builder {
        look: &look,
        fonts,
        frame,
        bodies: Vec::new(),
        alt: Vec::new(),
        numbered: 0,
        headerless: Vec::new(),
    };
    for slide in &deck.slides {
        match slide {
            DeckSlide::Cover { post, text } => {
                let post = deck.post(post).ok_or(DeckError::NoSlides)?;
                builder.cover(post, text.as_deref())?;
            }
            DeckSlide::Post { posts, text, shape } => {
                let items: Vec<(&Post, PostPart)> = posts
                    .iter()
                    .filter_map(|r| deck.post(&r.id).map(|p| (p, r.part)))
                    .collect();
                builder.posts(&items, text.as_deref(), *shape)?;
            }
            DeckSlide::Text { title, text } => builder.text_slide(title, text)?,
            DeckSlide::Outro => builder.outro()?,
        }
    }
    let total = builder.bodies.len();
    let cue = matches!(deck.slides.first(), Some(DeckSlide::Cover { .. }))
        .then(|| cover_cue(look.template, total, builder.numbered));
    let slides = builder
        .bodies
        .iter()
        .enumerate()
        .map(|(index, body)| {
            let slide = chrome::SlideFrame {
                index,
                total,
                cue: cue.as_ref().filter(|_| index == 0),
                header: !builder.headerless.contains(&index),
            };
            builder.frame.document(&slide, body, &look, fonts)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let post = caption::PostText::new(deck, &author, &builder.alt).edited(&deck.post_text);
    let edit_notes = match deck.post_text.is_empty() {
        true => Vec::new(),
        false => post.warnings(slides.len()),
    };
    Ok(Carousel {
        width: look.canvas.width,
        height: look.canvas.height,
        slides,
        title: document_title(deck, &look),
        author: format!("{} (@{})", author.name, author.handle),
        language: language(&thread),
        warnings: look
            .warnings
            .iter()
            .cloned()
            .chain(thread.left_out_notes())
            .chain(edit_notes)
            .collect(),
        post,
    })
}

/// How a block of post text is set.
#[derive(Debug, Clone)]
struct TextStyle {
    family: String,
    weight: u16,
    size: f32,
    floor: f32,
    line_height: f32,
    /// Headings and large type: lines balanced (see [`text::ShapedText::balanced`]).
    balanced: bool,
}

impl TextStyle {
    fn title(look: &Look) -> TextStyle {
        TextStyle {
            family: look.heading_font.clone(),
            weight: 700,
            size: look.title,
            floor: (look.title * TITLE_FLOOR).max(look.body),
            line_height: (look.line_height - 0.1).max(1.1),
            balanced: true,
        }
    }

    fn body(look: &Look) -> TextStyle {
        TextStyle {
            family: look.body_font.clone(),
            weight: 400,
            size: look.body,
            floor: look.body * BODY_FLOOR,
            line_height: look.line_height,
            balanced: false,
        }
    }

    /// A short punchy post: bold and large, but under the cover's headline.
    fn punchy(look: &Look) -> TextStyle {
        let size = (look.title * 0.8).max(look.body * 1.4).round();
        TextStyle {
            family: look.heading_font.clone(),
            weight: 700,
            size,
            floor: look.body.max(size * TITLE_FLOOR),
            line_height: (look.line_height - 0.1).max(1.1),
            balanced: true,
        }
    }

    /// Code: the monospaced family a little under body size (its glyphs are wide), with room
    /// between lines.
    fn mono(look: &Look) -> TextStyle {
        let mono = model::design::FONT_FAMILIES
            .iter()
            .find(|f| f.role == "mono")
            .map_or("JetBrains Mono", |f| f.family);
        TextStyle {
            family: mono.to_owned(),
            weight: 400,
            size: (look.body * 0.9).round(),
            floor: look.body * 0.9 * BODY_FLOOR,
            line_height: look.line_height.max(1.3),
            balanced: false,
        }
    }

    /// The sizes to try, largest first.
    fn sizes(&self) -> Vec<f32> {
        let mut sizes = vec![self.size];
        let mut size = self.size;
        while size * SHRINK_STEP > self.floor {
            size *= SHRINK_STEP;
            sizes.push(size.round());
        }
        if self.floor < self.size {
            sizes.push(self.floor.round());
        }
        sizes
    }
}

struct Builder<'a> {
    look: &'a Look,
    fonts: &'a FontBook,
    frame: Frame,
    /// The content of each slide so far (everything but background, pattern, header, footer).
    bodies: Vec<String>,
    /// What each slide of `bodies` shows, in words (see [`Carousel::alt`]).
    alt: Vec<String>,
    /// Content slides so far, for the numbered template's numerals.
    numbered: usize,
    /// Slides drawn without the page header (an outro that shows the author itself).
    headerless: Vec<usize>,
}

/// What the cover that opens a carousel of `total` slides says of what follows, in the
/// template's words: the numbered template counts its points, image focus invites to see more,
/// the others count the slides.
fn cover_cue(template: Template, total: usize, points: usize) -> chrome::CoverCue {
    let following = total.saturating_sub(1);
    let plural = |n: usize, one: &str, many: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    match template {
        Template::Numbered if points > 0 => chrome::CoverCue {
            count: plural(points, "point", "points"),
            swipe: "Swipe →".to_owned(),
        },
        Template::ImageFocus => chrome::CoverCue {
            count: plural(following, "more slide", "more slides"),
            swipe: "See more →".to_owned(),
        },
        _ => chrome::CoverCue {
            count: plural(following, "more slide", "more slides"),
            swipe: "Swipe →".to_owned(),
        },
    }
}

/// The document title: the hook without scaffolding or URLs, on one line, cut at a word near 90
/// characters.
fn document_title(deck: &Deck, look: &Look) -> String {
    let hook = deck.slides.iter().find_map(|slide| match slide {
        DeckSlide::Cover { post, text } => text.clone().or_else(|| {
            deck.post(post)
                .map(|p| model::scaffold::hook(&p.text).headline)
        }),
        DeckSlide::Post { posts, text, .. } => text.clone().or_else(|| {
            posts
                .first()
                .and_then(|r| deck.post(&r.id))
                .map(|p| model::scaffold::hook(&p.text).headline)
        }),
        DeckSlide::Text { title, text } => Some(if title.trim().is_empty() {
            text.clone()
        } else {
            title.clone()
        }),
        DeckSlide::Outro => None,
    });
    let mut title =
        model::deck::words_without_links(hook.as_deref().unwrap_or("").split_whitespace(), 90);
    if title.is_empty() {
        title = format!("Thread by @{}", look.author.handle);
    }
    title
}

/// The language of the thread: the first post's `lang` when the scraper found one, else a guess
/// from the dominant script (Latin is taken as English, the most common case on X).
fn language(thread: &Thread) -> String {
    if let Some(lang) = thread
        .posts
        .iter()
        .find_map(|p| p.lang.as_deref())
        .filter(|l| !l.is_empty())
    {
        return lang.to_owned();
    }
    use unicode_script::{Script, UnicodeScript};
    let mut counts = std::collections::HashMap::<&str, usize>::new();
    for ch in thread.posts.iter().flat_map(|p| p.text.chars()) {
        let lang = match ch.script() {
            Script::Latin => "en",
            Script::Arabic => "ar",
            Script::Hebrew => "he",
            Script::Han => "zh",
            Script::Hiragana | Script::Katakana => "ja",
            Script::Hangul => "ko",
            Script::Cyrillic => "ru",
            Script::Greek => "el",
            Script::Thai => "th",
            Script::Devanagari => "hi",
            _ => continue,
        };
        *counts.entry(lang).or_default() += 1;
    }
    // Japanese text is mostly Han with some kana: any kana means Japanese.
    if counts
        .get("ja")
        .is_some_and(|&kana| kana * 10 >= counts.get("zh").copied().unwrap_or(0))
    {
        return "ja".to_owned();
    }
    counts
        .into_iter()
        .max_by_key(|&(lang, n)| (n, lang))
        .map_or("en", |(lang, _)| lang)
        .to_owned()
}
