//! The working deck and every edit the board makes to it, as plain Rust (no DOM), so that the
//! edits and undo/redo are unit-tested natively.
//!
//! Each slide carries a stable key beside it (`keys[i]` belongs to `deck.slides[i]`): the board
//! renders slides keyed by it, so a slide being edited keeps its text box (and focus) while
//! other slides move.

use model::deck::{DeckSlide, PostPart, PostRef, PostTextEdits};
use model::design::SlideShape;
use model::{Analysis, Deck, Design, Fit, Focus, Framing, Post, Thread};
use serde::{Deserialize, Serialize};

/// The deck being designed, with a stable key per slide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub deck: Deck,
    pub keys: Vec<u64>,
    pub next_key: u64,
}

/// One of the texts that go with a carousel (the studio's post text panel).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostTextField {
    LinkedIn,
    Instagram,
    Alt,
}

impl PostTextField {
    pub const ALL: [PostTextField; 3] = [
        PostTextField::LinkedIn,
        PostTextField::Instagram,
        PostTextField::Alt,
    ];

    /// The panel's heading, as `<base>-post.txt` heads its section.
    pub fn label(self) -> &'static str {
        match self {
            PostTextField::LinkedIn => "LinkedIn caption",
            PostTextField::Instagram => "Instagram caption",
            PostTextField::Alt => "Alt text",
        }
    }

    /// The name in element ids (`post-text-linkedin`).
    pub fn name(self) -> &'static str {
        match self {
            PostTextField::LinkedIn => "linkedin",
            PostTextField::Instagram => "instagram",
            PostTextField::Alt => "alt",
        }
    }

    fn slot(self, edits: &mut PostTextEdits) -> &mut Option<String> {
        match self {
            PostTextField::LinkedIn => &mut edits.linkedin,
            PostTextField::Instagram => &mut edits.instagram,
            PostTextField::Alt => &mut edits.alt,
        }
    }
}

/// How a dropped post card joins a slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drop {
    /// The card becomes the slide's only content.
    Replace,
    /// The card is added after the slide's posts.
    Append,
}

impl Board {
    /// A board over `deck`, keying its slides afresh.
    pub fn new(deck: Deck) -> Board {
        let count = deck.slides.len() as u64;
        Board {
            deck,
            keys: (1..=count).collect(),
            next_key: count + 1,
        }
    }

    /// The board a thread becomes under a design's template.
    pub fn from_thread(thread: &Thread, design: &Design) -> Board {
        Board::new(Deck::from_thread(thread, design))
    }

    /// Whether this board was made from `thread` (rather than from another thread collected
    /// before it): the same status URL, or its first post among the deck's posts.
    pub fn holds_thread(&self, thread: &Thread) -> bool {
        let Some(first) = thread.posts.first() else {
            // An empty thread is nothing to start from.
            return true;
        };
        (!thread.url.is_empty() && thread.url == self.deck.url)
            || self.deck.posts.iter().any(|p| p.id == first.id)
    }

    /// Repairs a board read back from storage (keys out of step with slides).
    pub fn repaired(mut self) -> Board {
        let unique: std::collections::HashSet<u64> = self.keys.iter().copied().collect();
        if self.keys.len() != self.deck.slides.len() || unique.len() != self.keys.len() {
            return Board::new(self.deck);
        }
        let max = self.keys.iter().copied().max().unwrap_or(0);
        self.next_key = self.next_key.max(max + 1);
        self
    }

    fn key(&mut self) -> u64 {
        let key = self.next_key;
        self.next_key += 1;
        key
    }

    /// The index of the slide with this key.
    pub fn index_of(&self, key: u64) -> Option<usize> {
        self.keys.iter().position(|k| *k == key)
    }

    /// Makes sure the deck carries this post card (slides refer to posts by id).
    pub fn ensure_post(&mut self, post: &Post) {
        if self.deck.post(&post.id).is_none() {
            self.deck.posts.push(post.clone());
        }
    }

    /// Where a new slide goes: before a closing outro, else at the end.
    fn insertion_point(&self) -> usize {
        match self.deck.slides.last() {
            Some(DeckSlide::Outro) => self.deck.slides.len() - 1,
            _ => self.deck.slides.len(),
        }
    }

    /// Inserts a slide at `index` (clamped); returns its key.
    pub fn insert(&mut self, index: usize, slide: DeckSlide) -> u64 {
        let index = index.min(self.deck.slides.len());
        let key = self.key();
        self.deck.slides.insert(index, slide);
        self.keys.insert(index, key);
        key
    }

    /// Adds a slide of the user's own text before the outro; returns its key.
    pub fn add_text_slide(&mut self, title: &str, text: &str) -> u64 {
        let at = self.insertion_point();
        self.insert(
            at,
            DeckSlide::Text {
                title: title.to_owned(),
                text: text.to_owned(),
            },
        )
    }

    /// Adds an outro slide at the end (when the deck has none).
    pub fn add_outro(&mut self) -> Option<u64> {
        if self.deck.slides.contains(&DeckSlide::Outro) {
            return None;
        }
        let at = self.deck.slides.len();
        Some(self.insert(at, DeckSlide::Outro))
    }

    /// Drops a post card (or part of it) onto slide `index`. A cover, text or outro slide
    /// dropped onto with `Append` becomes a post slide holding the card after it. Returns
    /// whether anything changed.
    pub fn drop_post(&mut self, index: usize, post: &Post, part: PostPart, how: Drop) -> bool {
        if index >= self.deck.slides.len() {
            return false;
        }
        self.ensure_post(post);
        let reference = PostRef {
            id: post.id.clone(),
            part,
        };
        let slide = &mut self.deck.slides[index];
        match (how, slide) {
            (Drop::Append, DeckSlide::Post { posts, .. }) => {
                if posts.contains(&reference) {
                    return false;
                }
                posts.push(reference);
            }
            (Drop::Replace, slide @ DeckSlide::Cover { .. }) if part == PostPart::All => {
                *slide = DeckSlide::Cover {
                    post: post.id.clone(),
                    text: None,
                };
            }
            (Drop::Append, DeckSlide::Outro) => {
                // The outro stays last: the card gets a slide of its own before it.
                self.insert(index, DeckSlide::of_posts(vec![reference]));
            }
            (_, slide) => {
                *slide = DeckSlide::of_posts(vec![reference]);
            }
        }
        true
    }

    /// Adds a post card (or part) as a new slide before the outro; returns its key.
    pub fn add_post_slide(&mut self, post: &Post, part: PostPart) -> u64 {
        self.ensure_post(post);
        let at = self.insertion_point();
        self.insert(
            at,
            DeckSlide::of_posts(vec![PostRef {
                id: post.id.clone(),
                part,
            }]),
        )
    }

    /// Moves the slide at `from` to `to` (both clamped). Returns whether it moved.
    pub fn move_slide(&mut self, from: usize, to: usize) -> bool {
        let len = self.deck.slides.len();
        if from >= len || len == 0 {
            return false;
        }
        let to = to.min(len - 1);
        if from == to {
            return false;
        }
        let slide = self.deck.slides.remove(from);
        let key = self.keys.remove(from);
        self.deck.slides.insert(to, slide);
        self.keys.insert(to, key);
        true
    }

    /// Duplicates the slide at `index` right after it; returns the copy's key.
    pub fn duplicate(&mut self, index: usize) -> Option<u64> {
        let slide = self.deck.slides.get(index)?.clone();
        Some(self.insert(index + 1, slide))
    }

    /// Deletes the slide at `index`, keeping at least one slide.
    pub fn delete(&mut self, index: usize) -> bool {
        if index >= self.deck.slides.len() || self.deck.slides.len() <= 1 {
            return false;
        }
        self.deck.slides.remove(index);
        self.keys.remove(index);
        true
    }

    /// Removes one post card from a post slide (the slide goes when it was the last card).
    pub fn remove_ref(&mut self, index: usize, at: usize) -> bool {
        let Some(DeckSlide::Post { posts, .. }) = self.deck.slides.get_mut(index) else {
            return false;
        };
        if at >= posts.len() {
            return false;
        }
        posts.remove(at);
        if posts.is_empty() {
            self.delete(index);
        }
        true
    }

    /// The text shown on slide `index`: its own text, the edited override, or the posts' text.
    pub fn slide_text(&self, index: usize) -> String {
        match self.deck.slides.get(index) {
            Some(DeckSlide::Cover { post, text }) => text.clone().unwrap_or_else(|| {
                self.deck
                    .post(post)
                    .map(|p| p.text.clone())
                    .unwrap_or_default()
            }),
            Some(DeckSlide::Post { posts, text, .. }) => text.clone().unwrap_or_else(|| {
                posts
                    .iter()
                    .filter(|r| r.part != PostPart::Images)
                    .filter_map(|r| self.deck.post(&r.id).map(|p| p.text.clone()))
                    .collect::<Vec<_>>()
                    .join("\n\n")
            }),
            Some(DeckSlide::Text { text, .. }) => text.clone(),
            Some(DeckSlide::Outro) | None => String::new(),
        }
    }

    /// Whether slide `index` uses edited text rather than its posts' own.
    pub fn is_edited(&self, index: usize) -> bool {
        matches!(
            self.deck.slides.get(index),
            Some(DeckSlide::Cover { text: Some(_), .. } | DeckSlide::Post { text: Some(_), .. })
        )
    }

    /// Sets the text of slide `index` (an override for cover and post slides).
    pub fn set_text(&mut self, index: usize, value: &str) -> bool {
        match self.deck.slides.get_mut(index) {
            Some(DeckSlide::Cover { text, .. } | DeckSlide::Post { text, .. }) => {
                *text = Some(value.to_owned());
                true
            }
            Some(DeckSlide::Text { text, .. }) => {
                value.clone_into(text);
                true
            }
            Some(DeckSlide::Outro) | None => false,
        }
    }

    /// Goes back to the posts' own text on a cover or post slide.
    pub fn reset_text(&mut self, index: usize) -> bool {
        match self.deck.slides.get_mut(index) {
            Some(DeckSlide::Cover { text, .. } | DeckSlide::Post { text, .. }) => {
                text.take().is_some()
            }
            _ => false,
        }
    }

    /// How post slide `index` presents its posts; `None` for other kinds of slide.
    pub fn shape(&self, index: usize) -> Option<SlideShape> {
        match self.deck.slides.get(index) {
            Some(DeckSlide::Post { shape, .. }) => Some(*shape),
            _ => None,
        }
    }

    /// Shows post slide `index` as `value` (`auto`: as the layout's rules choose).
    pub fn set_shape(&mut self, index: usize, value: SlideShape) -> bool {
        match self.deck.slides.get_mut(index) {
            Some(DeckSlide::Post { shape, .. }) if *shape != value => {
                *shape = value;
                true
            }
            _ => false,
        }
    }

    /// The user's own version of a caption or the alt text, if they wrote one.
    pub fn post_text(&self, field: PostTextField) -> Option<&str> {
        match field {
            PostTextField::LinkedIn => self.deck.post_text.linkedin.as_deref(),
            PostTextField::Instagram => self.deck.post_text.instagram.as_deref(),
            PostTextField::Alt => self.deck.post_text.alt.as_deref(),
        }
    }

    /// Replaces what was written for the carousel with the user's text (saved in the deck).
    pub fn set_post_text(&mut self, field: PostTextField, value: &str) -> bool {
        let slot = field.slot(&mut self.deck.post_text);
        if slot.as_deref() == Some(value) {
            return false;
        }
        *slot = Some(value.to_owned());
        true
    }

    /// Goes back to the text written from the deck.
    pub fn reset_post_text(&mut self, field: PostTextField) -> bool {
        field.slot(&mut self.deck.post_text).take().is_some()
    }

    /// How photo `image` of post `post_id` is framed (the default when the post has no such
    /// photo).
    pub fn framing(&self, post_id: &str, image: usize) -> Framing {
        self.deck
            .post(post_id)
            .map(|post| post.framing(image))
            .unwrap_or_default()
    }

    /// Changes how a photo is framed with `change`; false when nothing changed (no such photo,
    /// or the same framing).
    fn change_framing(
        &mut self,
        post_id: &str,
        image: usize,
        change: impl FnOnce(&mut Framing),
    ) -> bool {
        let Some(post) = self.deck.posts.iter_mut().find(|p| p.id == post_id) else {
            return false;
        };
        if image >= post.images.len() {
            return false;
        }
        let before = post.framing(image);
        let mut after = before;
        change(&mut after);
        if after == before {
            return false;
        }
        *post.framing_mut(image) = after;
        post.trim_framing();
        true
    }

    /// Crops a photo to fill its box, shows it whole, or leaves it to the analysis (`auto`).
    pub fn set_fit(&mut self, post_id: &str, image: usize, fit: Fit) -> bool {
        self.change_framing(post_id, image, |framing| framing.fit = fit)
    }

    /// Keeps this point of a photo in view when it is cropped; a focus set means a crop.
    pub fn set_focus(&mut self, post_id: &str, image: usize, focus: Focus) -> bool {
        self.change_framing(post_id, image, |framing| {
            framing.focus = Some(focus.clamped());
            if framing.fit == Fit::Whole {
                framing.fit = Fit::Fill;
            }
        })
    }

    /// Records what a photo's pixels showed (looked at by the studio, so its preview and the
    /// export frame it the same way); an analysis already there is kept.
    pub fn set_analysis(&mut self, post_id: &str, image: usize, analysis: Analysis) -> bool {
        self.change_framing(post_id, image, |framing| {
            framing.analysis.get_or_insert(analysis);
        })
    }

    /// The photos of every post with no analysis yet: (post id, photo index, its URL).
    pub fn photos_to_analyse(&self) -> Vec<(String, usize, String)> {
        self.deck
            .posts
            .iter()
            .flat_map(|post| {
                post.images
                    .iter()
                    .enumerate()
                    .filter(|(index, _)| post.framing(*index).analysis.is_none())
                    .map(|(index, url)| (post.id.clone(), index, url.clone()))
            })
            .collect()
    }

    /// Sets the title of a text slide.
    pub fn set_title(&mut self, index: usize, value: &str) -> bool {
        match self.deck.slides.get_mut(index) {
            Some(DeckSlide::Text { title, .. }) => {
                value.clone_into(title);
                true
            }
            _ => false,
        }
    }
}

/// Undo and redo over whole boards. Consecutive edits with the same coalescing key (typing in
/// one text box, dragging one slider) make one step.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Board>,
    redo: Vec<Board>,
    last_key: Option<String>,
}

/// How many steps are kept.
const HISTORY_LIMIT: usize = 200;

impl History {
    /// Records `before`, the board as it was before an edit.
    pub fn record(&mut self, before: &Board, key: Option<&str>) {
        if key.is_some() && key == self.last_key.as_deref() {
            self.redo.clear();
            return;
        }
        self.undo.push(before.clone());
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.last_key = key.map(str::to_owned);
    }

    /// Ends coalescing: the next edit is a step of its own.
    pub fn seal(&mut self) {
        self.last_key = None;
    }

    pub fn undo(&mut self, current: &Board) -> Option<Board> {
        let previous = self.undo.pop()?;
        self.redo.push(current.clone());
        self.last_key = None;
        Some(previous)
    }

    pub fn redo(&mut self, current: &Board) -> Option<Board> {
        let next = self.redo.pop()?;
        self.undo.push(current.clone());
        self.last_key = None;
        Some(next)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Author;

    fn post(id: &str) -> Post {
        Post {
            id: id.into(),
            author: Author {
                name: "A".into(),
                handle: "a".into(),
                avatar: None,
            },
            text: format!("Post {id}."),
            ..Post::default()
        }
    }

    #[test]
    fn a_board_knows_the_thread_it_was_made_from() {
        let board = board();
        let same = Thread {
            url: String::new(),
            posts: vec![post("1"), post("9")],
            ..Thread::default()
        };
        assert!(board.holds_thread(&same));
        let other = Thread {
            url: "https://x.com/b/status/7".into(),
            posts: vec![post("7"), post("8")],
            ..Thread::default()
        };
        assert!(!board.holds_thread(&other));
        let empty = Thread {
            url: String::new(),
            posts: vec![],
            ..Thread::default()
        };
        assert!(board.holds_thread(&empty));
    }

    fn board() -> Board {
        let thread = Thread {
            url: String::new(),
            posts: vec![post("1"), post("2"), post("3")],
            ..Thread::default()
        };
        Board::from_thread(&thread, &Design::default())
    }

    fn kinds(board: &Board) -> String {
        board
            .deck
            .slides
            .iter()
            .map(|s| match s {
                DeckSlide::Cover { .. } => 'C',
                DeckSlide::Post { posts, .. } => char::from(b'0' + posts.len() as u8),
                DeckSlide::Text { .. } => 'T',
                DeckSlide::Outro => 'O',
            })
            .collect()
    }

    #[test]
    fn a_post_slide_keeps_the_shape_the_user_chose() {
        let mut b = board();
        assert_eq!(b.shape(0), None, "the cover has no shape to choose");
        assert_eq!(b.shape(1), Some(SlideShape::Auto));
        assert!(b.set_shape(1, SlideShape::Code));
        assert!(!b.set_shape(1, SlideShape::Code), "no change, no undo step");
        assert!(!b.set_shape(3, SlideShape::List), "the outro has none");
        // A card dropped onto the slide joins it; the slide stays code.
        assert!(b.drop_post(1, &post("9"), PostPart::All, Drop::Append));
        assert_eq!(b.shape(1), Some(SlideShape::Code));
        let json = serde_json::to_string(&b.deck).unwrap();
        assert!(json.contains(r#""shape":"code""#), "{json}");
    }

    #[test]
    fn drops_replace_or_append_and_keep_the_outro_last() {
        let mut b = board();
        assert_eq!(kinds(&b), "C11O");
        let extra = post("9");
        assert!(b.drop_post(1, &extra, PostPart::All, Drop::Append));
        assert_eq!(kinds(&b), "C21O");
        assert!(
            b.deck.post("9").is_some(),
            "the card joins the deck's posts"
        );
        assert!(
            !b.drop_post(1, &extra, PostPart::All, Drop::Append),
            "no duplicates"
        );
        assert!(b.drop_post(1, &extra, PostPart::Images, Drop::Replace));
        assert_eq!(kinds(&b), "C11O");
        assert!(b.drop_post(3, &extra, PostPart::All, Drop::Append));
        assert_eq!(kinds(&b), "C111O");
        assert_eq!(b.deck.validate(), Ok(()));
        assert_eq!(b.keys.len(), b.deck.slides.len());
    }

    #[test]
    fn moves_duplicates_deletes_keep_keys_in_step() {
        let mut b = board();
        let keys = b.keys.clone();
        assert!(b.move_slide(0, 2));
        assert_eq!(b.keys, vec![keys[1], keys[2], keys[0], keys[3]]);
        let copy = b.duplicate(0).unwrap();
        assert_eq!(b.index_of(copy), Some(1));
        assert_eq!(b.deck.slides[0], b.deck.slides[1]);
        assert!(b.delete(1));
        assert_eq!(b.keys, vec![keys[1], keys[2], keys[0], keys[3]]);
        let text = b.add_text_slide("Title", "Body");
        assert_eq!(b.index_of(text), Some(3), "before the outro");
        assert_eq!(kinds(&b), "11CTO");
        let mut one = Board::new(Deck {
            slides: vec![DeckSlide::Outro],
            ..b.deck.clone()
        });
        assert!(!one.delete(0), "a deck keeps one slide");
    }

    #[test]
    fn post_text_edits_are_saved_in_the_deck_and_reset() {
        let mut b = board();
        assert_eq!(b.post_text(PostTextField::LinkedIn), None);
        assert!(b.set_post_text(PostTextField::LinkedIn, "Mine"));
        assert!(
            !b.set_post_text(PostTextField::LinkedIn, "Mine"),
            "no change, no undo step"
        );
        assert_eq!(b.post_text(PostTextField::LinkedIn), Some("Mine"));
        assert_eq!(b.post_text(PostTextField::Instagram), None);
        let json = serde_json::to_string(&b.deck).unwrap();
        assert!(
            json.contains(r#""post_text":{"linkedin":"Mine"}"#),
            "{json}"
        );
        assert!(b.reset_post_text(PostTextField::LinkedIn));
        assert!(!b.reset_post_text(PostTextField::LinkedIn));
        assert!(
            !serde_json::to_string(&b.deck)
                .unwrap()
                .contains("post_text")
        );
    }

    #[test]
    fn photo_framing_is_kept_per_photo_and_analysis_never_overrides_the_user() {
        let mut b = board();
        let id = b.deck.posts[1].id.clone();
        b.deck.posts[1].images = vec!["data:image/png;base64,AA".into(); 2];
        assert_eq!(b.photos_to_analyse().len(), 2);
        let chart = Analysis {
            graphic: true,
            focus: Focus { x: 0.3, y: 0.4 },
        };
        assert!(b.set_analysis(&id, 1, chart));
        assert!(
            !b.set_analysis(
                &id,
                1,
                Analysis {
                    graphic: false,
                    focus: Focus::default()
                }
            ),
            "the first analysis stays"
        );
        assert_eq!(
            b.photos_to_analyse(),
            vec![(id.clone(), 0, "data:image/png;base64,AA".to_owned())]
        );
        assert!(!b.set_fit(&id, 5, Fit::Whole), "no such photo");
        assert!(!b.set_fit("nobody", 0, Fit::Whole), "no such post");
        assert!(b.set_fit(&id, 1, Fit::Whole));
        assert!(!b.set_fit(&id, 1, Fit::Whole), "no change, no undo step");
        // Moving the focus asks for a crop.
        assert!(b.set_focus(&id, 1, Focus { x: 2.0, y: 0.1 }));
        let framing = b.framing(&id, 1);
        assert_eq!(framing.fit, Fit::Fill);
        assert_eq!(framing.focus, Some(Focus { x: 1.0, y: 0.1 }), "clamped");
        assert_eq!(framing.analysis, Some(chart));
        assert_eq!(b.framing(&id, 0), Framing::default());
        let json = serde_json::to_string(&b.deck.posts[1]).unwrap();
        assert!(json.contains(r#""framing":[{},{"fit":"fill","#), "{json}");
        // Back to auto and no focus: the post serialises as before.
        b.deck.posts[1].framing[1] = Framing::default();
        b.deck.posts[1].trim_framing();
        assert!(
            !serde_json::to_string(&b.deck.posts[1])
                .unwrap()
                .contains("framing")
        );
    }

    #[test]
    fn text_edits_override_and_reset() {
        let mut b = board();
        assert_eq!(b.slide_text(1), "Post 2.");
        assert!(b.set_text(1, "Edited"));
        assert!(b.is_edited(1));
        assert_eq!(b.slide_text(1), "Edited");
        assert!(b.reset_text(1));
        assert_eq!(b.slide_text(1), "Post 2.");
        assert!(!b.set_text(3, "outro has no text"));
    }

    #[test]
    fn undo_redo_with_coalescing() {
        let mut history = History::default();
        let mut b = board();
        let original = b.clone();
        history.record(&b, Some("text:2"));
        b.set_text(1, "E");
        history.record(&b, Some("text:2"));
        b.set_text(1, "Ed");
        history.record(&b, None);
        b.delete(0);
        let undone = history.undo(&b).unwrap();
        assert_eq!(undone.slide_text(1), "Ed");
        let undone = history.undo(&undone).unwrap();
        assert_eq!(undone, original, "typing was one step");
        assert!(!history.can_undo());
        let redone = history.redo(&undone).unwrap();
        assert_eq!(redone.slide_text(1), "Ed");
        assert!(history.can_redo());
    }

    #[test]
    fn stored_boards_are_repaired() {
        let mut b = board();
        b.keys.pop();
        let repaired = b.repaired();
        assert_eq!(repaired.keys.len(), repaired.deck.slides.len());
    }
}
