//! The deck JSON: a design plus explicit slides — which post cards or text go on which slide, in
//! order. The studio sends exactly this; `render` accepts it; a thread becomes one through its
//! design's template ([`Deck::from_thread`]).

use serde::{Deserialize, Serialize};

use crate::design::{Design, SlideShape, Template};
use crate::scaffold;
use crate::thread::{Article, ArticleBlock, LeftOut, Post, Thread};

/// The deck format version this build reads and writes.
pub const DECK_VERSION: u32 = 1;

/// A carousel being designed: the source post cards, a design, and the slides in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deck {
    /// Always [`DECK_VERSION`]; how a deck is told from a thread.
    pub deck_version: u32,
    /// Where the posts came from (the thread's status URL), if anywhere.
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub design: Design,
    /// The post cards slides refer to by id (the collected thread plus posts added one by one).
    #[serde(default)]
    pub posts: Vec<Post>,
    pub slides: Vec<DeckSlide>,
    /// What the collected thread lacked (carried over from [`Thread::left_out`], so an export
    /// still says so).
    #[serde(default, skip_serializing_if = "LeftOut::is_empty")]
    pub left_out: LeftOut,
    /// The captions and alt text as the user edited them in the studio. What is not set is
    /// written from the deck when it is laid out.
    #[serde(default, skip_serializing_if = "PostTextEdits::is_empty")]
    pub post_text: PostTextEdits,
}

/// The user's own version of the text that goes with a carousel (see `layout::caption`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PostTextEdits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linkedin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instagram: Option<String>,
    /// The alt text, one line per slide, as one block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
}

impl PostTextEdits {
    pub fn is_empty(&self) -> bool {
        *self == PostTextEdits::default()
    }
}

/// One slide of a deck.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DeckSlide {
    /// The hook: a post's text set large.
    Cover {
        post: String,
        /// Replaces the post's text when the slide was edited.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// One or more post cards (dropped onto the slide in this order).
    Post {
        posts: Vec<PostRef>,
        /// Replaces the posts' text when the slide was edited.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        /// How the slide presents its posts; `auto` (the default) leaves it to the layout.
        #[serde(default, skip_serializing_if = "SlideShape::is_auto")]
        shape: SlideShape,
    },
    /// A slide of the user's own text (empty for a blank slide).
    Text {
        #[serde(default)]
        title: String,
        #[serde(default)]
        text: String,
    },
    /// The call to action.
    Outro,
}

/// A post card on a slide, whole or in part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostRef {
    pub id: String,
    #[serde(default)]
    pub part: PostPart,
}

/// Which part of a post a slide shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PostPart {
    #[default]
    All,
    Text,
    Images,
}

impl DeckSlide {
    /// A post slide of `posts` as the posts say, shaped by the layout's rules.
    pub fn of_posts(posts: Vec<PostRef>) -> DeckSlide {
        DeckSlide::Post {
            posts,
            text: None,
            shape: SlideShape::Auto,
        }
    }
}

impl PostRef {
    pub fn all(id: &str) -> PostRef {
        PostRef {
            id: id.to_owned(),
            part: PostPart::All,
        }
    }
}

/// Why a deck cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DeckError {
    #[error(
        "deck_version {0} is not supported (this version reads deck_version 1); update Carousel Studio"
    )]
    Version(u32),
    #[error("the deck has no slides")]
    NoSlides,
    #[error("slide {slide} refers to post {id}, which is not among the deck's posts")]
    UnknownPost { slide: usize, id: String },
}

impl Deck {
    /// The deck a thread becomes under `design`'s template. An X Article's post becomes its own
    /// run of slides ([`article_slides`]).
    pub fn from_thread(thread: &Thread, design: &Design) -> Deck {
        let post = |id: &str| DeckSlide::Post {
            posts: vec![PostRef::all(id)],
            text: None,
            shape: SlideShape::Auto,
        };
        let with_cover = design.template.has_cover();
        let mut slides = Vec::with_capacity(thread.posts.len() + 2);
        let last = thread.posts.len().saturating_sub(1);
        for (index, p) in thread.posts.iter().enumerate() {
            // A closing "that's it, follow me" post is what the outro says: no slide of its own
            // (its card stays among the deck's posts, for the studio to put back).
            if index == last && index > 0 && p.article.is_none() && scaffold::is_sign_off(&p.text) {
                continue;
            }
            if let Some(article) = &p.article {
                slides.extend(article_slides(p, article, index == 0 && with_cover));
                continue;
            }
            let slide = match design.template {
                _ if index == 0 && with_cover => DeckSlide::Cover {
                    post: p.id.clone(),
                    text: None,
                },
                Template::BigQuote => {
                    let line = striking_line(&p.text);
                    DeckSlide::Post {
                        posts: vec![PostRef::all(&p.id)],
                        text: (!line.is_empty()).then_some(line),
                        shape: SlideShape::Auto,
                    }
                }
                _ => post(&p.id),
            };
            slides.push(slide);
        }
        slides.push(DeckSlide::Outro);
        // An article's cover is shown as its post's photo (the deck's copy: the thread keeps
        // what the page had).
        let posts = thread
            .posts
            .iter()
            .map(|p| match &p.article {
                Some(article) if p.images.is_empty() => {
                    let mut p = p.clone();
                    p.images.extend(article_image(article).map(str::to_owned));
                    p
                }
                _ => p.clone(),
            })
            .collect();
        Deck {
            deck_version: DECK_VERSION,
            url: thread.url.clone(),
            design: design.clone(),
            posts,
            slides,
            left_out: thread.left_out,
            post_text: PostTextEdits::default(),
        }
    }

    /// Checks the version and that every slide's posts exist.
    pub fn validate(&self) -> Result<(), DeckError> {
        if self.deck_version != DECK_VERSION {
            return Err(DeckError::Version(self.deck_version));
        }
        if self.slides.is_empty() {
            return Err(DeckError::NoSlides);
        }
        for (index, slide) in self.slides.iter().enumerate() {
            let ids: Vec<&str> = match slide {
                DeckSlide::Cover { post, .. } => vec![post.as_str()],
                DeckSlide::Post { posts, .. } => posts.iter().map(|p| p.id.as_str()).collect(),
                DeckSlide::Text { .. } | DeckSlide::Outro => vec![],
            };
            for id in ids {
                if self.post(id).is_none() {
                    return Err(DeckError::UnknownPost {
                        slide: index + 1,
                        id: id.to_owned(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The post card with this id.
    pub fn post(&self, id: &str) -> Option<&Post> {
        self.posts.iter().find(|p| p.id == id)
    }

    /// The deck's posts as a thread (for metadata and images).
    pub fn thread(&self) -> Thread {
        Thread {
            url: self.url.clone(),
            posts: self.posts.clone(),
            left_out: self.left_out,
        }
    }
}

/// The characters of article text one slide holds before the next block goes on a new one.
const ARTICLE_SLIDE_CHARS: usize = 420;

/// The image an article is shown with: its cover, else its first image.
fn article_image(article: &Article) -> Option<&str> {
    article.cover.as_deref().or_else(|| {
        article.blocks.iter().find_map(|block| match block {
            ArticleBlock::Image { src } => Some(src.as_str()),
            _ => None,
        })
    })
}

/// An X Article as slides: its title (the cover slide, with its image, when it opens the deck;
/// else a title slide and an image slide), then its body a section at a time: each heading opens
/// a slide, and a section longer than a slide holds goes on over several, cut between blocks.
/// Lists keep their bullets and numbers, quotes their quotation marks; the body's images other
/// than the one shown are left out.
pub fn article_slides(post: &Post, article: &Article, as_cover: bool) -> Vec<DeckSlide> {
    let mut slides = Vec::new();
    let title = article.title.trim();
    if as_cover {
        slides.push(DeckSlide::Cover {
            post: post.id.clone(),
            text: Some(title.to_owned()).filter(|t| !t.is_empty()),
        });
    } else if !title.is_empty() {
        slides.push(DeckSlide::Text {
            title: title.to_owned(),
            text: String::new(),
        });
    }
    // A cover slide already shows the post's photo (the article's image): a slide of its own
    // only when the article is not the cover.
    if !as_cover && (!post.images.is_empty() || article_image(article).is_some()) {
        slides.push(DeckSlide::Post {
            posts: vec![PostRef {
                id: post.id.clone(),
                part: PostPart::Images,
            }],
            text: None,
            shape: SlideShape::Auto,
        });
    }
    let mut heading = String::new();
    let mut body = String::new();
    let mut number = 0;
    let mut previous_was_item = false;
    let mut previous_was_numbered = false;
    let flush = |slides: &mut Vec<DeckSlide>, heading: &mut String, body: &mut String| {
        if !heading.is_empty() || !body.is_empty() {
            slides.push(DeckSlide::Text {
                title: std::mem::take(heading),
                text: std::mem::take(body),
            });
        }
    };
    for block in &article.blocks {
        let text = block.text().trim();
        let line = match block {
            ArticleBlock::Heading { .. } => {
                flush(&mut slides, &mut heading, &mut body);
                heading = text.to_owned();
                previous_was_item = false;
                previous_was_numbered = false;
                continue;
            }
            ArticleBlock::Image { .. } | ArticleBlock::Other => continue,
            _ if text.is_empty() => continue,
            ArticleBlock::ListItem { ordered: true, .. } => {
                number = if previous_was_numbered { number + 1 } else { 1 };
                format!("{number}. {text}")
            }
            ArticleBlock::ListItem { .. } => format!("• {text}"),
            ArticleBlock::Quote { .. } => format!("“{text}”"),
            ArticleBlock::Paragraph { .. } => text.to_owned(),
            ArticleBlock::Code { text: code } => code.trim_end().to_owned(),
        };
        let is_item = matches!(block, ArticleBlock::ListItem { .. });
        let length = body.chars().count() + line.chars().count();
        if !body.is_empty() && length > ARTICLE_SLIDE_CHARS {
            flush(&mut slides, &mut heading, &mut body);
        }
        if !body.is_empty() {
            body.push_str(if is_item && previous_was_item {
                "\n"
            } else {
                "\n\n"
            });
        }
        body.push_str(&line);
        previous_was_item = is_item;
        previous_was_numbered = matches!(block, ArticleBlock::ListItem { ordered: true, .. });
    }
    flush(&mut slides, &mut heading, &mut body);
    slides
}

/// The most quotable line of a post: its first sentence (or line) without the thread's
/// scaffolding and links ([`scaffold::hook`]), capped near 160 characters at a word.
pub fn striking_line(text: &str) -> String {
    let headline = scaffold::hook(text).headline;
    words_without_links(headline.split_whitespace(), 160)
}

/// Joins words with single spaces, leaving out links, and stops with "…" at a word boundary
/// before `max_chars` characters: for titles and quotable lines.
pub fn words_without_links<'a>(words: impl Iterator<Item = &'a str>, max_chars: usize) -> String {
    let mut line = String::new();
    for word in words.filter(|w| !w.starts_with("http://") && !w.starts_with("https://")) {
        if line.chars().count() + word.chars().count() > max_chars {
            line.push('…');
            break;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thread::Author;

    fn thread(n: usize) -> Thread {
        let author = Author {
            name: "A".into(),
            handle: "a".into(),
            avatar: None,
        };
        Thread {
            url: String::new(),
            posts: (1..=n)
                .map(|i| Post {
                    id: i.to_string(),
                    author: author.clone(),
                    text: format!("Post number {i}. More words."),
                    ..Post::default()
                })
                .collect(),
            ..Thread::default()
        }
    }

    #[test]
    fn templates_give_their_structures() {
        let t = thread(3);
        let kinds = |template| {
            let design = Design {
                template,
                ..Design::default()
            };
            Deck::from_thread(&t, &design)
                .slides
                .iter()
                .map(|s| match s {
                    DeckSlide::Cover { .. } => 'C',
                    DeckSlide::Post { .. } => 'P',
                    DeckSlide::Text { .. } => 'T',
                    DeckSlide::Outro => 'O',
                })
                .collect::<String>()
        };
        assert_eq!(kinds(Template::Hook), "CPPO");
        assert_eq!(kinds(Template::Posts), "PPPO");
        assert_eq!(kinds(Template::TweetCard), "PPPO");
        assert_eq!(kinds(Template::Numbered), "CPPO");
        assert_eq!(kinds(Template::BigQuote), "PPPO");
    }

    #[test]
    fn a_closing_sign_off_post_is_left_to_the_outro_but_kept_as_a_card() {
        let mut thread = thread(3);
        thread.posts[2].text = "That's it! Follow me for more 🧵".into();
        let deck = Deck::from_thread(&thread, &Design::default());
        let shown: Vec<&str> = deck
            .slides
            .iter()
            .filter_map(|s| match s {
                DeckSlide::Cover { post, .. } => Some(post.as_str()),
                DeckSlide::Post { posts, .. } => Some(posts[0].id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(shown, ["1", "2"]);
        assert_eq!(deck.slides.last(), Some(&DeckSlide::Outro));
        assert_eq!(
            deck.posts.len(),
            3,
            "the card stays, for the studio to put back"
        );
        // A sign-off in the middle, or a thread of one post, keeps its slide.
        thread.posts.swap(1, 2);
        let deck = Deck::from_thread(&thread, &Design::default());
        assert_eq!(deck.slides.len(), 4);
    }

    #[test]
    fn striking_lines() {
        assert_eq!(
            striking_line(
                "how we implemented Moondream (spoiler: no MLX) ⬇️ (1/N) https://x.com/a"
            ),
            "how we implemented Moondream (spoiler: no MLX)",
            "the thread's arrow and numbering go too"
        );
        assert_eq!(
            striking_line("Photon is fast. A lot of the speedup is elsewhere."),
            "Photon is fast."
        );
        assert_eq!(
            striking_line("e.g. this one keeps going"),
            "e.g. this one keeps going"
        );
        assert_eq!(striking_line(""), "");
    }

    #[test]
    fn deck_json_round_trips_and_validates() {
        let deck = Deck::from_thread(&thread(2), &Design::default());
        let json = serde_json::to_string_pretty(&deck).expect("json");
        assert!(json.contains("\"deck_version\": 1") && json.contains("\"kind\": \"cover\""));
        let back: Deck = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, deck);
        assert_eq!(back.validate(), Ok(()));
        let mut bad = back.clone();
        bad.slides
            .push(DeckSlide::of_posts(vec![PostRef::all("404")]));
        assert_eq!(
            bad.validate(),
            Err(DeckError::UnknownPost {
                slide: 4,
                id: "404".into()
            })
        );
        bad.deck_version = 2;
        assert_eq!(bad.validate(), Err(DeckError::Version(2)));
    }
}
