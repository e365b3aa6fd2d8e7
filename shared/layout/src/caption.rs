//! The post that goes with a carousel: a LinkedIn caption, an Instagram caption and one line of
//! alt text per slide, written from the deck alone: deterministic and offline. Captions open
//! with the hook, add a few lines drawn from the thread, credit it, and end with at most five
//! hashtags, which are the thread's own (or made of its own words), never invented.

use std::collections::HashMap;

use model::deck::{Deck, DeckSlide, PostTextEdits, striking_line, words_without_links};
use model::{Author, scaffold};

/// LinkedIn's limit on a post's text, in characters.
pub const LINKEDIN_MAX_CHARS: usize = 3000;
/// Instagram's limit on a caption, in characters.
pub const INSTAGRAM_MAX_CHARS: usize = 2200;
/// The most hashtags a caption gets (Instagram allows 30; 3–5 is common practice).
pub const MAX_HASHTAGS: usize = 5;
/// Instagram's limit on a caption's hashtags.
pub const INSTAGRAM_MAX_HASHTAGS: usize = 30;
/// The longest alt text of one slide, in characters (what Threads' API takes).
pub const ALT_MAX_CHARS: usize = 1000;
/// How many lines from the thread follow the hook.
const DRAWN_LINES: usize = 3;

/// The captions and alt text of a carousel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostText {
    pub linkedin: String,
    pub instagram: String,
    /// One line per slide: `01: …`.
    pub alt: Vec<String>,
}

impl PostText {
    /// The captions of `deck`, presented by `author`, and the alt text of its laid-out slides
    /// (`slides`: what each shows, in words; see [`crate::Carousel::alt`]).
    pub fn new(deck: &Deck, author: &Author, slides: &[String]) -> PostText {
        let hook = hook(deck);
        let lines = drawn_lines(deck, &hook);
        let credit = match deck.url.trim() {
            "" => format!("From a thread by @{} on X.", author.handle),
            url => format!("From a thread by @{} on X: {url}", author.handle),
        };
        let tags = hashtags(deck);
        let caption = |max| fit(&hook, &lines, &credit, &tags, max);
        PostText {
            linkedin: caption(LINKEDIN_MAX_CHARS),
            instagram: caption(INSTAGRAM_MAX_CHARS),
            alt: slides
                .iter()
                .enumerate()
                .map(|(index, shown)| alt_line(index, shown))
                .collect(),
        }
    }

    /// This text with the user's edits in place of what was written for them.
    pub fn edited(self, edits: &PostTextEdits) -> PostText {
        let own = |edit: &Option<String>| edit.as_deref().map(|t| t.trim().to_owned());
        PostText {
            linkedin: own(&edits.linkedin).unwrap_or(self.linkedin),
            instagram: own(&edits.instagram).unwrap_or(self.instagram),
            alt: match own(&edits.alt) {
                Some(text) => text
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(str::to_owned)
                    .collect(),
                None => self.alt,
            },
        }
    }

    /// What the user should know about their edits: a caption or alt line over what the
    /// platform takes, alt text that no longer has one line per slide.
    pub fn warnings(&self, slides: usize) -> Vec<String> {
        let mut notes = Vec::new();
        let over = |name: &str, text: &str, max: usize, notes: &mut Vec<String>| {
            let count = text.chars().count();
            if count > max {
                notes.push(format!(
                    "The {name} caption is {count} characters; {name} takes {max}. Shorten it before you post."
                ));
            }
        };
        over("LinkedIn", &self.linkedin, LINKEDIN_MAX_CHARS, &mut notes);
        over(
            "Instagram",
            &self.instagram,
            INSTAGRAM_MAX_CHARS,
            &mut notes,
        );
        let tags = self
            .instagram
            .split_whitespace()
            .filter(|w| w.starts_with('#') && w.len() > 1)
            .count();
        if tags > INSTAGRAM_MAX_HASHTAGS {
            notes.push(format!(
                "The Instagram caption has {tags} hashtags; Instagram takes {INSTAGRAM_MAX_HASHTAGS}."
            ));
        }
        if let Some(line) = self
            .alt
            .iter()
            .position(|l| l.chars().count() > ALT_MAX_CHARS)
        {
            notes.push(format!(
                "Alt text line {} is over {ALT_MAX_CHARS} characters; shorten it.",
                line + 1
            ));
        }
        if self.alt.len() != slides {
            notes.push(format!(
                "The alt text has {} lines for {slides} slides; give each slide one line.",
                self.alt.len()
            ));
        }
        notes
    }

    /// The `<name>-post.txt` file: three sections, headed `LinkedIn caption`,
    /// `Instagram caption` and `Alt text`.
    pub fn file(&self) -> String {
        format!(
            "LinkedIn caption\n\n{}\n\nInstagram caption\n\n{}\n\nAlt text\n\n{}",
            self.linkedin,
            self.instagram,
            self.alt_file()
        )
    }

    /// The alt text alone, one line per slide (the ZIP's `alt-text.txt`).
    pub fn alt_file(&self) -> String {
        let mut text = self.alt.join("\n");
        text.push('\n');
        text
    }
}

/// The hook: the cover's (or first slide's) text, without scaffolding, on one line.
fn hook(deck: &Deck) -> String {
    let text = deck.slides.iter().find_map(|slide| match slide {
        DeckSlide::Cover {
            text: Some(text), ..
        } => Some(text.clone()),
        DeckSlide::Cover { post, .. } => deck.post(post).map(|p| scaffold::hook(&p.text).headline),
        DeckSlide::Post {
            text: Some(text), ..
        } => Some(scaffold::strip(text)),
        DeckSlide::Post { posts, .. } => posts
            .first()
            .and_then(|r| deck.post(&r.id))
            .map(|p| scaffold::hook(&p.text).headline),
        DeckSlide::Text { title, text } => Some(if title.trim().is_empty() {
            text.clone()
        } else {
            title.clone()
        }),
        DeckSlide::Outro => None,
    });
    words_without_links(text.unwrap_or_default().split_whitespace(), 280)
}

/// Up to three lines from the thread after the hook: each following post's first sentence,
/// without scaffolding or links, leaving out posts that only sign off.
fn drawn_lines(deck: &Deck, hook: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let posts = deck.slides.iter().flat_map(|slide| match slide {
        DeckSlide::Cover { post, .. } => vec![post.as_str()],
        DeckSlide::Post { posts, .. } => posts.iter().map(|r| r.id.as_str()).collect(),
        _ => Vec::new(),
    });
    for id in posts {
        let Some(post) = deck.post(id) else { continue };
        if scaffold::is_sign_off(&post.text) {
            continue;
        }
        let mut line = striking_line(&post.text);
        if line == hook {
            // The cover's post: what follows its headline.
            line = striking_line(&scaffold::hook(&post.text).rest);
        }
        // Hashtags have their own line at the end.
        let words = line.split_whitespace().filter(|w| !w.starts_with('#'));
        let line = words_without_links(words, 200);
        if line.is_empty() || line == hook || lines.contains(&line) {
            continue;
        }
        lines.push(line);
        if lines.len() == DRAWN_LINES {
            break;
        }
    }
    lines
}

/// A caption within `max` characters: lines drawn from the thread go first, then the hook is
/// shortened; the credit and the hashtags always stay.
fn fit(hook: &str, lines: &[String], credit: &str, tags: &[String], max: usize) -> String {
    let compose = |hook: &str, lines: &[String]| {
        let mut blocks = vec![hook.to_owned()];
        if !lines.is_empty() {
            blocks.push(lines.join("\n"));
        }
        blocks.push(credit.to_owned());
        if !tags.is_empty() {
            blocks.push(tags.join(" "));
        }
        blocks.retain(|b| !b.trim().is_empty());
        blocks.join("\n\n")
    };
    for kept in (0..=lines.len()).rev() {
        let caption = compose(hook, &lines[..kept]);
        if caption.chars().count() <= max {
            return caption;
        }
    }
    let room = max.saturating_sub(compose("", &[]).chars().count() + 3);
    let short = words_without_links(hook.split_whitespace(), room);
    compose(&short, &[])
}

/// Words that make no hashtag.
const COMMON_WORDS: &[&str] = &[
    "about",
    "above",
    "after",
    "again",
    "against",
    "almost",
    "along",
    "already",
    "although",
    "always",
    "among",
    "another",
    "anyone",
    "anything",
    "around",
    "because",
    "before",
    "being",
    "below",
    "between",
    "could",
    "doesn't",
    "during",
    "every",
    "everyone",
    "everything",
    "first",
    "found",
    "going",
    "great",
    "having",
    "itself",
    "might",
    "never",
    "other",
    "others",
    "really",
    "right",
    "should",
    "since",
    "something",
    "still",
    "their",
    "theirs",
    "them",
    "there",
    "these",
    "thing",
    "things",
    "think",
    "those",
    "though",
    "thread",
    "three",
    "through",
    "today",
    "together",
    "under",
    "until",
    "using",
    "wasn't",
    "where",
    "which",
    "while",
    "whole",
    "without",
    "would",
    "wouldn't",
    "years",
    "you're",
    "yourself",
];

/// At most [`MAX_HASHTAGS`] hashtags: the thread's own first, in the order they appear; when it
/// has fewer than three, its most repeated longer words make up the rest (as written, so
/// "PyTorch" becomes `#PyTorch`).
fn hashtags(deck: &Deck) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    let push = |tag: String, tags: &mut Vec<String>| {
        if tags.len() < MAX_HASHTAGS && !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    };
    let texts: Vec<&str> = deck.posts.iter().map(|p| p.text.as_str()).collect();
    for word in texts.iter().flat_map(|t| t.split_whitespace()) {
        if let Some(tag) = word.strip_prefix('#') {
            let tag: String = tag
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if tag.chars().any(char::is_alphabetic) {
                push(format!("#{tag}"), &mut tags);
            }
        }
    }
    if tags.len() >= 3 {
        return tags;
    }
    // (count, first position, as first written) per word, case-insensitively.
    let mut counts: HashMap<String, (usize, usize, String)> = HashMap::new();
    let words = texts.iter().flat_map(|t| t.split_whitespace()).enumerate();
    for (position, raw) in words {
        if raw.starts_with(['@', '#', '$']) || scaffold::is_link(raw) {
            continue;
        }
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = word.to_lowercase();
        let plain = word.chars().all(char::is_alphanumeric);
        if !plain || word.chars().count() < 5 || COMMON_WORDS.contains(&lower.as_str()) {
            continue;
        }
        if word.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let entry = counts
            .entry(lower)
            .or_insert((0, position, word.to_owned()));
        entry.0 += 1;
    }
    let mut ranked: Vec<(usize, usize, String)> =
        counts.into_values().filter(|(n, _, _)| *n >= 2).collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, word) in ranked {
        push(format!("#{word}"), &mut tags);
    }
    tags
}

/// One slide's alt text: `NN: ` and what it shows on one line, within [`ALT_MAX_CHARS`].
fn alt_line(index: usize, shown: &str) -> String {
    let one_line = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    let one_line = if one_line.is_empty() {
        "A blank slide.".to_owned()
    } else {
        one_line
    };
    let prefix = format!("{:02}: ", index + 1);
    let room = ALT_MAX_CHARS - prefix.chars().count();
    let text = if one_line.chars().count() > room {
        let cut: String = one_line.chars().take(room - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        one_line
    };
    format!("{prefix}{text}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Design, Post, Thread};

    fn deck(texts: &[&str]) -> Deck {
        let author = Author {
            name: "Vik".into(),
            handle: "vikhyatk".into(),
            avatar: None,
        };
        let thread = Thread {
            url: "https://x.com/vikhyatk/status/1".into(),
            posts: texts
                .iter()
                .enumerate()
                .map(|(i, text)| Post {
                    id: (i + 1).to_string(),
                    author: author.clone(),
                    text: (*text).to_owned(),
                    ..Post::default()
                })
                .collect(),
            ..Thread::default()
        };
        Deck::from_thread(&thread, &Design::default())
    }

    fn author() -> Author {
        Author {
            name: "Vik".into(),
            handle: "vikhyatk".into(),
            avatar: None,
        }
    }

    #[test]
    fn a_caption_is_the_hook_lines_from_the_thread_a_credit_and_its_own_hashtags() {
        let deck = deck(&[
            "How we run Moondream on Apple Silicon ⬇️ (1/N) https://x.com/mayfer/status/2",
            "2/ PyTorch on Metal is slow. Every op is a dispatch. #AppleSilicon",
            "3/ We wrote custom Metal kernels for PyTorch. It paid off. #Metal #PyTorch",
            "4/ Sampling went from 687µs to 130µs per token.",
            "That's it! Follow me for more 🧵",
        ]);
        let post = PostText::new(&deck, &author(), &[]);
        assert_eq!(
            post.linkedin,
            "How we run Moondream on Apple Silicon\n\n\
             PyTorch on Metal is slow.\n\
             We wrote custom Metal kernels for PyTorch.\n\
             Sampling went from 687µs to 130µs per token.\n\n\
             From a thread by @vikhyatk on X: https://x.com/vikhyatk/status/1\n\n\
             #AppleSilicon #Metal #PyTorch"
        );
        assert_eq!(post.instagram, post.linkedin, "short enough for both");
    }

    #[test]
    fn without_hashtags_the_threads_repeated_words_make_them() {
        let deck = deck(&[
            "Kernels matter more than frameworks",
            "Our kernels run on Metal. Metal kernels are fast.",
            "Metal is like CUDA for kernels",
        ]);
        let tags = hashtags(&deck);
        assert_eq!(tags, ["#Kernels", "#Metal"]);
        let words: Vec<String> = deck
            .posts
            .iter()
            .flat_map(|p| p.text.split_whitespace().map(str::to_lowercase))
            .collect();
        for tag in &tags {
            let word = tag.trim_start_matches('#').to_lowercase();
            assert!(
                words.iter().any(|w| w.contains(&word)),
                "{tag} is the thread's own"
            );
        }
    }

    #[test]
    fn captions_keep_within_each_platforms_limit() {
        let long = "word ".repeat(700);
        let texts = vec![long.as_str(); 6];
        let deck = deck(&texts);
        let post = PostText::new(&deck, &author(), &[]);
        assert!(post.linkedin.chars().count() <= LINKEDIN_MAX_CHARS);
        assert!(post.instagram.chars().count() <= INSTAGRAM_MAX_CHARS);
        assert!(post.instagram.contains("From a thread by @vikhyatk on X"));
    }

    #[test]
    fn alt_text_is_one_numbered_line_per_slide_within_the_limit() {
        let deck = deck(&["Hook"]);
        let shown = vec![
            "Hook\nthe rest Photo.".to_owned(),
            String::new(),
            "x".repeat(2000),
        ];
        let post = PostText::new(&deck, &author(), &shown);
        assert_eq!(post.alt[0], "01: Hook the rest Photo.");
        assert_eq!(post.alt[1], "02: A blank slide.");
        assert!(post.alt[2].starts_with("03: xxx") && post.alt[2].ends_with('…'));
        assert_eq!(post.alt[2].chars().count(), ALT_MAX_CHARS);
        let file = post.file();
        let headings: Vec<&str> = file
            .lines()
            .filter(|l| ["LinkedIn caption", "Instagram caption", "Alt text"].contains(l))
            .collect();
        assert_eq!(
            headings,
            ["LinkedIn caption", "Instagram caption", "Alt text"]
        );
        assert!(file.ends_with("03: x") || file.ends_with("…\n"));
    }

    #[test]
    fn the_users_edits_replace_what_was_written_and_are_checked() {
        let deck = deck(&["Hook", "Second"]);
        let shown = vec!["Hook".to_owned(), "Second".to_owned()];
        let written = PostText::new(&deck, &author(), &shown);
        let edits = PostTextEdits {
            linkedin: Some("  My own words  ".into()),
            instagram: None,
            alt: Some("01: The cover.\n\n02: A chart.\n".into()),
        };
        let post = written.clone().edited(&edits);
        assert_eq!(post.linkedin, "My own words");
        assert_eq!(
            post.instagram, written.instagram,
            "what was not edited stays"
        );
        assert_eq!(post.alt, ["01: The cover.", "02: A chart."]);
        assert!(post.warnings(2).is_empty(), "{:?}", post.warnings(2));
        let notes = post.warnings(3);
        assert!(
            notes.iter().any(|n| n.contains("2 lines for 3 slides")),
            "{notes:?}"
        );
        let long = PostText {
            linkedin: "x".repeat(LINKEDIN_MAX_CHARS + 1),
            instagram: "#a ".repeat(31),
            alt: vec!["x".repeat(ALT_MAX_CHARS + 1)],
        };
        let notes = long.warnings(1);
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes[0].contains("LinkedIn takes 3000"), "{notes:?}");
        assert!(notes[1].contains("31 hashtags"), "{notes:?}");
    }
}
