//! The thread JSON: what `scrape` prints, what the extension collects and what `render` accepts.
//!
//! Field names and optionality follow the contract in `docs/thread-json.md`:
//! optional fields may be missing or `null`, unknown fields are ignored so that newer scrapers
//! can add data without breaking older companions.

use serde::{Deserialize, Serialize};

/// A thread: the author's own consecutive posts around the focal post, in reading order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Thread {
    /// The status URL the thread was collected from (`https://x.com/<handle>/status/<id>`).
    #[serde(default)]
    pub url: String,
    pub posts: Vec<Post>,
    /// What the page showed of the thread but could not be collected (see [`LeftOut`]).
    #[serde(default, skip_serializing_if = "LeftOut::is_empty")]
    pub left_out: LeftOut,
}

/// What the scraper saw of a thread but could not collect, so that it is said rather than
/// silently missing. Posts that stayed cut short are not counted here: they are the posts with
/// [`Post::truncated`] set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LeftOut {
    /// Tombstones between the author's posts ("This post is unavailable", deleted, withheld):
    /// skipped without ending the thread.
    #[serde(default)]
    pub unavailable_posts: u32,
    /// Photos behind a sensitive-media warning the user had not revealed: left out.
    #[serde(default)]
    pub hidden_sensitive_photos: u32,
}

impl LeftOut {
    pub fn is_empty(&self) -> bool {
        *self == LeftOut::default()
    }
}

/// One post card.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
    /// How each photo is framed, by index into `images` (missing ones are [`Framing::default`]):
    /// what the companion or the studio saw in its pixels, and the user's choices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub framing: Vec<Framing>,
    /// A video's poster image, shown with a play badge when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_poster: Option<String>,
    /// True when the video is an animated GIF: its poster is shown marked "GIF".
    #[serde(default, skip_serializing_if = "is_false")]
    pub gif: bool,
    /// The quoted post, when this post quotes another.
    #[serde(default)]
    pub quoted: Option<QuotedPost>,
    /// The link preview card X shows under the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<LinkCard>,
    /// A poll: its options, with their results when the page showed them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll: Option<Poll>,
    /// An X Article (long-form post): its title, cover and body. Such a post has no `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<Article>,
}

impl Post {
    /// How photo `index` is framed.
    pub fn framing(&self, index: usize) -> Framing {
        self.framing.get(index).copied().unwrap_or_default()
    }

    /// The framing of photo `index`, made if it was not there (earlier ones get the default).
    pub fn framing_mut(&mut self, index: usize) -> &mut Framing {
        if self.framing.len() <= index {
            self.framing.resize(index + 1, Framing::default());
        }
        &mut self.framing[index]
    }

    /// Drops framings past the photos and default ones at the end, so a post whose photos
    /// were never looked at serialises as it did before.
    pub fn trim_framing(&mut self) {
        self.framing.truncate(self.images.len());
        while self.framing.last().is_some_and(Framing::is_default) {
            self.framing.pop();
        }
    }
}

/// How a photo is framed on its slide.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Framing {
    /// The user's choice; `auto` follows the analysis.
    #[serde(default, skip_serializing_if = "Fit::is_auto")]
    pub fit: Fit,
    /// The point the user wants kept in view when the photo is cropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<Focus>,
    /// What the photo's pixels showed, once they were looked at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<Analysis>,
}

impl Framing {
    pub fn is_default(&self) -> bool {
        *self == Framing::default()
    }

    /// The point to keep in view: the user's, else the analysis's, else the centre.
    pub fn focus(&self) -> Focus {
        self.focus
            .or(self.analysis.map(|a| a.focus))
            .unwrap_or_default()
            .clamped()
    }

    /// Whether the photo is shown whole at this slot: the user said so, or under `auto` it is
    /// a graphic (a screenshot, a chart) that a crop would cut by more than `MAX_GRAPHIC_CROP`.
    pub fn whole(&self, lost: f32) -> bool {
        match self.fit {
            Fit::Whole => true,
            Fit::Fill => false,
            Fit::Auto => self.analysis.is_some_and(|a| a.graphic) && lost > MAX_GRAPHIC_CROP,
        }
    }
}

/// The share of a graphic that may be cropped away before it is shown whole instead: a few
/// per cent of margin is rarely content.
pub const MAX_GRAPHIC_CROP: f32 = 0.06;

/// How a photo fills its slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fit {
    /// Whole for a graphic a crop would cut, else cropped around its focus.
    #[default]
    Auto,
    /// Cropped to fill the slot, around the focus.
    Fill,
    /// Shown whole, on a backdrop tinted from the theme.
    Whole,
}

impl Fit {
    pub const ALL: [Fit; 3] = [Fit::Auto, Fit::Fill, Fit::Whole];

    pub fn is_auto(&self) -> bool {
        *self == Fit::Auto
    }

    pub fn name(self) -> &'static str {
        match self {
            Fit::Auto => "auto",
            Fit::Fill => "fill",
            Fit::Whole => "whole",
        }
    }

    pub fn from_name(name: &str) -> Option<Fit> {
        Fit::ALL.into_iter().find(|f| f.name() == name)
    }

    /// How the studio's menu says it.
    pub fn label(self) -> &'static str {
        match self {
            Fit::Auto => "Auto",
            Fit::Fill => "Fill (crop)",
            Fit::Whole => "Whole (fit)",
        }
    }
}

/// A point in a photo, as fractions of its width and height from the top left.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Focus {
    pub x: f32,
    pub y: f32,
}

impl Default for Focus {
    fn default() -> Focus {
        Focus { x: 0.5, y: 0.5 }
    }
}

impl Focus {
    /// Within the photo (a hostile deck may say anything; NaN is the centre).
    pub fn clamped(self) -> Focus {
        let one = |v: f32| {
            if v.is_finite() {
                v.clamp(0.0, 1.0)
            } else {
                0.5
            }
        };
        Focus {
            x: one(self.x),
            y: one(self.y),
        }
    }
}

/// What a photo's pixels showed (`layout::framing::analyse`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Large flat areas with sharp detail: a screenshot, chart or slide, whose edges carry
    /// content.
    pub graphic: bool,
    /// Where the detail is: the centre of the photo's edge energy.
    pub focus: Focus,
}

/// A link preview card.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LinkCard {
    /// Where the card links: the full URL when the post's text names it, else X's `t.co` link.
    #[serde(default)]
    pub url: String,
    /// The site as the card shows it (`example.com`).
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The card's image (https, `data:` or a saved page's path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// A poll, as the page showed it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Poll {
    pub options: Vec<PollOption>,
    /// The poll's footer as displayed ("1,204 votes · Final results"), when shown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
}

/// One option of a poll.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PollOption {
    pub label: String,
    /// Its share of the votes as displayed ("42.1%"), when the results are shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
}

/// An X Article: a long-form post with a title, a cover image and a body of blocks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Article {
    #[serde(default)]
    pub title: String,
    /// The cover image (https, `data:` or a saved page's path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<String>,
    /// The body in reading order.
    #[serde(default)]
    pub blocks: Vec<ArticleBlock>,
}

/// One block of an article's body. Kinds a newer scraper adds read as [`ArticleBlock::Other`]
/// and are skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ArticleBlock {
    /// A section heading; `level` 1 to 3.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph {
        text: String,
    },
    /// One item of a bulleted (`ordered: false`) or numbered list.
    ListItem {
        #[serde(default)]
        ordered: bool,
        text: String,
    },
    Quote {
        text: String,
    },
    /// Preformatted code, newlines kept.
    Code {
        text: String,
    },
    Image {
        src: String,
    },
    #[serde(other)]
    Other,
}

impl ArticleBlock {
    /// The block's text (empty for images).
    pub fn text(&self) -> &str {
        match self {
            ArticleBlock::Heading { text, .. }
            | ArticleBlock::Paragraph { text }
            | ArticleBlock::ListItem { text, .. }
            | ArticleBlock::Quote { text }
            | ArticleBlock::Code { text } => text,
            ArticleBlock::Image { .. } | ArticleBlock::Other => "",
        }
    }
}

/// Who wrote a post.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Author {
    pub name: String,
    /// The handle without the leading `@`.
    pub handle: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
}

/// A quoted post, shown as a small nested card on the quoting post's slide.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QuotedPost {
    /// X does not put the quoted post's status id in the conversation markup, so it is often null.
    #[serde(default)]
    pub id: Option<String>,
    /// Empty for an [`unavailable`](Self::unavailable) quote.
    #[serde(default)]
    pub author: Author,
    /// True when the quoted post is gone (deleted, withheld, protected): X shows "This post is
    /// unavailable" in its place, and so does the slide.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unavailable: bool,
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
    /// What the thread lacks, a sentence each for the user (the toast, `scrape`'s and
    /// `render`'s stderr, the studio): unavailable posts, unrevealed sensitive photos, posts
    /// that stayed cut short. Empty when nothing was left out.
    pub fn left_out_notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let LeftOut {
            unavailable_posts,
            hidden_sensitive_photos,
        } = self.left_out;
        match unavailable_posts {
            0 => {}
            1 => notes.push("1 post was unavailable (deleted or withheld) and is left out.".into()),
            n => notes.push(format!(
                "{n} posts were unavailable (deleted or withheld) and are left out."
            )),
        }
        match hidden_sensitive_photos {
            0 => {}
            1 => notes.push(
                "A sensitive photo was not revealed and is left out: click \"Show\" on it, \
                 then make the carousel again."
                    .into(),
            ),
            n => notes.push(format!(
                "{n} sensitive photos were not revealed and are left out: click \"Show\" on \
                 them, then make the carousel again."
            )),
        }
        match self.posts.iter().filter(|post| post.truncated).count() {
            0 => {}
            1 => {
                notes.push("1 post could not be expanded (\"Show more\") and ends in \"…\".".into())
            }
            n => notes.push(format!(
                "{n} posts could not be expanded (\"Show more\") and end in \"…\"."
            )),
        }
        notes
    }

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
            out.extend(post.card.as_ref().and_then(|card| card.image.as_deref()));
            if let Some(article) = &post.article {
                out.extend(article.cover.as_deref());
                out.extend(article.blocks.iter().filter_map(|block| match block {
                    ArticleBlock::Image { src } => Some(src.as_str()),
                    _ => None,
                }));
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
            // A photo dropped takes its framing with it, so the rest keep theirs.
            let framing = std::mem::take(&mut post.framing);
            let (images, framing): (Vec<String>, Vec<Framing>) = post
                .images
                .iter()
                .enumerate()
                .filter_map(|(i, image)| {
                    Some((resolve(image)?, framing.get(i).copied().unwrap_or_default()))
                })
                .unzip();
            post.images = images;
            post.framing = framing;
            post.trim_framing();
            if let Some(quoted) = &mut post.quoted {
                quoted.images = quoted
                    .images
                    .iter()
                    .filter_map(|image| resolve(image))
                    .collect();
            }
            if let Some(card) = &mut post.card {
                card.image = card.image.as_deref().and_then(&mut resolve);
            }
            if let Some(article) = &mut post.article {
                article.cover = article.cover.as_deref().and_then(&mut resolve);
                article.blocks.retain_mut(|block| match block {
                    ArticleBlock::Image { src } => match resolve(src) {
                        Some(resolved) => {
                            *src = resolved;
                            true
                        }
                        None => false,
                    },
                    _ => true,
                });
            }
        }
    }
}
