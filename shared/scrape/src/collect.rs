//! Gathers a thread from many snapshots taken while scrolling: x.com keeps only the cells near
//! the viewport in the DOM, so posts arrive a window at a time, keyed by status id.

use std::collections::HashMap;

use super::ScrapeError;
use super::snapshot::{Item, ScrapedPost, Snapshot};
use model::{LeftOut, Post, Thread};

/// Accumulates [`Snapshot`]s of one status page into its [`Thread`].
///
/// Feed it snapshots in the order they were taken ([`add`](Self::add)); consecutive snapshots
/// should overlap by at least one post (scroll by less than a viewport) so that their windows can
/// be lined up. Posts seen several times are merged: an expanded text replaces a "Show more" one,
/// lazily loaded photos and metadata fill in.
///
/// The thread is the focal post's author's own consecutive posts around it: upwards until another
/// author's post or a heading (or the top of the conversation), downwards until another author's
/// post, a section heading ("Discover more") or the end of the conversation. Ads are skipped
/// without ending it.
///
/// ```
/// # use scrape::{ThreadCollector, parse_snapshot};
/// # fn snapshots() -> Vec<String> { Vec::new() }
/// let mut collector = ThreadCollector::new();
/// for html in snapshots() {
///     let snapshot = parse_snapshot(&html, "https://x.com/jack/status/20")?;
///     collector.add(&snapshot);
///     if collector.is_top_reached() && collector.is_complete() {
///         break;
///     }
/// }
/// # Ok::<(), scrape::ScrapeError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ThreadCollector {
    focal_id: Option<String>,
    /// Focal ids the articles themselves claimed (`tabindex="-1"`), a fallback when the page URL
    /// names a post that never shows up.
    marked_focal: Option<String>,
    /// Posts and headings in conversation order (ads are dropped: they never matter).
    order: Vec<Key>,
    posts: HashMap<String, ScrapedPost>,
    top_seen: bool,
    bottom_seen: bool,
    /// Snapshots added so far (names the tombstones of a snapshot without posts).
    snapshots: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Post(String),
    Heading(String),
    /// A tombstone, which has no id: named by its place next to a post of the same snapshot,
    /// so that later snapshots showing it again give the same key.
    Tombstone(Gap),
}

/// Where a tombstone was seen: the `n`-th after a post, or the `n`-th before one (counted
/// upwards) when no post came before it in the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Gap {
    After(String, usize),
    Before(String, usize),
    /// A snapshot with no post at all: the `n`-th tombstone of snapshot `k`.
    Alone(usize, usize),
}

/// Where the thread lies in the collected order, and whether its ends were seen.
struct Span {
    first: usize,
    last: usize,
    top: bool,
    end: bool,
}

impl ThreadCollector {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one snapshot; returns how many posts it showed that had not been seen before.
    pub fn add(&mut self, snapshot: &Snapshot) -> usize {
        if self.focal_id.is_none() {
            self.focal_id = snapshot.focal_id.clone();
        }
        let mut new_posts = 0;
        let mut window = Vec::with_capacity(snapshot.items.len());
        // Tombstones are named after the post before them, or (before any post) after the post
        // that follows them.
        let mut previous: Option<(&str, usize)> = None;
        let mut leading = 0;
        for item in &snapshot.items {
            match item {
                Item::Post(scraped) => {
                    let id = scraped.post.id.clone();
                    if scraped.focal && self.marked_focal.is_none() {
                        self.marked_focal = Some(id.clone());
                    }
                    match self.posts.get_mut(&id) {
                        Some(known) => merge(known, scraped),
                        None => {
                            new_posts += 1;
                            self.posts.insert(id.clone(), (**scraped).clone());
                        }
                    }
                    if previous.is_none() {
                        // The tombstones before the first post, counted upwards from it.
                        let start = window.len() - leading;
                        for (n, key) in window[start..].iter_mut().rev().enumerate() {
                            *key = Key::Tombstone(Gap::Before(id.clone(), n));
                        }
                    }
                    previous = Some((&scraped.post.id, 0));
                    window.push(Key::Post(id));
                }
                Item::Heading(text) => {
                    leading = 0;
                    window.push(Key::Heading(text.clone()));
                }
                Item::Tombstone => match &mut previous {
                    Some((id, n)) => {
                        window.push(Key::Tombstone(Gap::After((*id).to_owned(), *n)));
                        *n += 1;
                    }
                    None => {
                        window.push(Key::Tombstone(Gap::Alone(self.snapshots, leading)));
                        leading += 1;
                    }
                },
                Item::Ad => {}
            }
        }
        self.snapshots += 1;
        let first = window.first().cloned();
        self.splice(&window);
        if snapshot.starts_at_top && first.is_some_and(|key| self.order.first() == Some(&key)) {
            self.top_seen = true;
        }
        new_posts
    }

    /// Tells the collector that the conversation ends after what it has seen (the page is
    /// scrolled to the bottom and nothing more loads). A saved page is complete as it is.
    pub fn mark_bottom_reached(&mut self) {
        self.bottom_seen = true;
    }

    /// Tells the collector that nothing is above what it has seen (the page is scrolled to the
    /// top). Snapshots whose first cell is the conversation's first say so themselves.
    pub fn mark_top_reached(&mut self) {
        self.top_seen = true;
    }

    /// The status id of the post the page is about, once known.
    pub fn focal_id(&self) -> Option<&str> {
        self.focal().map(String::as_str)
    }

    /// Whether the thread's end below the focal post has been seen: a post by another author, a
    /// section heading, or the end of the conversation.
    pub fn is_complete(&self) -> bool {
        self.span().is_some_and(|span| span.end)
    }

    /// Whether the thread's first post has been seen: no more same-author ancestors above.
    pub fn is_top_reached(&self) -> bool {
        self.span().is_some_and(|span| span.top)
    }

    /// Ids of thread posts that still show "Show more" in every snapshot so far: expand them (or
    /// open them) and snapshot again, or they come out `truncated`.
    pub fn truncated_ids(&self) -> Vec<&str> {
        self.thread_posts()
            .filter(|scraped| scraped.post.truncated)
            .map(|scraped| scraped.post.id.as_str())
            .collect()
    }

    /// How many posts of any author have been seen.
    pub fn seen_posts(&self) -> usize {
        self.posts.len()
    }

    /// The thread as collected so far (complete or not: check [`is_complete`](Self::is_complete)
    /// and [`is_top_reached`](Self::is_top_reached)).
    ///
    /// # Errors
    /// [`ScrapeError::NoFocalPost`] when no snapshot named the focal post or it was never seen.
    pub fn thread(&self) -> Result<Thread, ScrapeError> {
        let posts: Vec<Post> = self
            .thread_posts()
            .map(|scraped| scraped.post.clone())
            .collect();
        let Some(focal) = self.focal().and_then(|id| self.posts.get(id)) else {
            return Err(ScrapeError::NoFocalPost {
                id: self.focal_id.clone(),
            });
        };
        let url = format!(
            "https://x.com/{}/status/{}",
            focal.post.author.handle, focal.post.id
        );
        let left_out = LeftOut {
            unavailable_posts: self.unavailable_in_thread(),
            hidden_sensitive_photos: self
                .thread_posts()
                .map(|scraped| scraped.hidden_sensitive)
                .sum(),
        };
        Ok(Thread {
            url,
            posts,
            left_out,
        })
    }

    /// Tombstones between two posts of the thread. A gap seen from both sides (named after the
    /// post above in one snapshot and before the post below in another) counts once: as many
    /// as the side that saw the most.
    fn unavailable_in_thread(&self) -> u32 {
        let Some(span) = self.span() else {
            return 0;
        };
        let mut total = 0;
        let mut after = 0;
        let mut before = 0;
        for key in &self.order[span.first..=span.last] {
            match key {
                Key::Tombstone(Gap::Before(..)) => before += 1,
                Key::Tombstone(_) => after += 1,
                Key::Post(_) | Key::Heading(_) => {
                    total += after.max(before);
                    (after, before) = (0, 0);
                }
            }
        }
        u32::try_from(total).unwrap_or(u32::MAX)
    }

    /// The focal id as named by the page URL, or as marked by the articles when the URL's post
    /// never showed up.
    fn focal(&self) -> Option<&String> {
        match &self.focal_id {
            Some(id) if self.posts.contains_key(id) => Some(id),
            Some(_) | None => self.marked_focal.as_ref().or(self.focal_id.as_ref()),
        }
    }

    fn thread_posts(&self) -> impl Iterator<Item = &ScrapedPost> {
        let range = self.span().map_or(0..0, |span| span.first..span.last + 1);
        self.order[range].iter().filter_map(|key| match key {
            Key::Post(id) => self.posts.get(id),
            Key::Heading(_) | Key::Tombstone(_) => None,
        })
    }

    fn span(&self) -> Option<Span> {
        let focal_id = self.focal()?;
        let focal = self
            .order
            .iter()
            .position(|key| *key == Key::Post(focal_id.clone()))?;
        let author = &self.posts.get(focal_id)?.post.author.handle;
        // Whether a key continues the thread: `Some(true)` for the author's post, `None` for a
        // tombstone (it may have been the author's: look past it), `Some(false)` for anything
        // that ends the thread.
        let continues = |key: &Key| match key {
            Key::Post(id) => Some(
                self.posts
                    .get(id)
                    .is_some_and(|p| p.post.author.handle.eq_ignore_ascii_case(author)),
            ),
            Key::Heading(_) => Some(false),
            Key::Tombstone(_) => None,
        };

        let mut first = focal;
        let mut top = self.top_seen;
        for index in (0..focal).rev() {
            match continues(&self.order[index]) {
                Some(true) => first = index,
                None => {}
                Some(false) => {
                    top = true;
                    break;
                }
            }
        }
        let mut last = focal;
        let mut end = self.bottom_seen;
        for index in focal + 1..self.order.len() {
            match continues(&self.order[index]) {
                Some(true) => last = index,
                None => {}
                Some(false) => {
                    end = true;
                    break;
                }
            }
        }
        Some(Span {
            first,
            last,
            top,
            end,
        })
    }

    /// Lines `window` (one snapshot's keys, in order) up with the known order on the keys they
    /// share and inserts the new ones where they belong. A window sharing nothing is appended
    /// (the usual case when it was taken below the previous one).
    ///
    /// Walks the window once with the known keys' positions in a map, then rebuilds the order
    /// once: linear in both, so a page whose snapshots hold thousands of posts each costs no
    /// more than reading them. (Searching the order for each key and inserting into it one by one
    /// was quadratic.) Places every key exactly where that simpler algorithm did; the tests keep
    /// it as the reference.
    fn splice(&mut self, window: &[Key]) {
        let old = std::mem::take(&mut self.order);
        let mut at: HashMap<&Key, Place> = HashMap::with_capacity(old.len() + window.len());
        for (index, key) in old.iter().enumerate() {
            at.entry(key).or_insert(Place::known(index));
        }
        // Where the last key of the window went; the next new key goes right after it.
        let mut cursor: Option<Place> = None;
        // New keys before the first shared one: inserted in front of it, at `front_of`.
        let mut pending: Vec<&Key> = Vec::new();
        let mut front_of = None;
        // New keys inserted after a known key, by its index, in order.
        let mut after: HashMap<usize, Vec<&Key>> = HashMap::new();
        for key in window {
            match (at.get(key).copied(), cursor) {
                (Some(place), None) => {
                    // The first shared key: a known one, as nothing was inserted yet.
                    for (slot, key) in pending.iter().enumerate() {
                        at.entry(key).or_insert(Place {
                            index: place.index,
                            phase: Phase::Before,
                            slot,
                        });
                    }
                    front_of = Some(place.index);
                    cursor = Some(place);
                }
                // Out of order with what this window already placed: keep the first
                // placement rather than reorder history.
                (Some(place), Some(placed)) if place <= placed => {}
                (Some(place), Some(_)) => cursor = Some(place),
                (None, None) => pending.push(key),
                (None, Some(placed)) => {
                    // The cursor is at a known key or at the last key inserted after one.
                    let list = after.entry(placed.index).or_default();
                    list.push(key);
                    let place = Place {
                        index: placed.index,
                        phase: Phase::After,
                        slot: list.len() - 1,
                    };
                    at.insert(key, place);
                    cursor = Some(place);
                }
            }
        }
        let mut order = Vec::with_capacity(old.len() + window.len());
        for (index, key) in old.iter().enumerate() {
            if front_of == Some(index) {
                order.extend(pending.drain(..).cloned());
            }
            order.push(key.clone());
            if let Some(list) = after.remove(&index) {
                order.extend(list.into_iter().cloned());
            }
        }
        // Nothing shared: the window goes after everything known.
        order.extend(pending.into_iter().cloned());
        self.order = order;
    }
}

/// A key's place in the order [`ThreadCollector::splice`] builds, compared as the result lists
/// them: by the known key it is at (or in front of, or after), then by phase, then by slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    /// The index of the known key.
    index: usize,
    phase: Phase,
    /// The new key's position among those in the same phase of the same known key.
    slot: usize,
}

impl Place {
    fn known(index: usize) -> Self {
        Self {
            index,
            phase: Phase::Known,
            slot: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    /// A new key inserted in front of the known key.
    Before,
    /// The known key itself.
    Known,
    /// A new key inserted after the known key.
    After,
}

/// Merges a later sighting of a post into what is known: an expanded text wins over a "Show
/// more" one, a fuller sighting over a partial one.
fn merge(known: &mut ScrapedPost, seen: &ScrapedPost) {
    known.focal |= seen.focal;
    // Once any sighting showed the photos revealed, they are not hidden.
    known.hidden_sensitive = known.hidden_sensitive.min(seen.hidden_sensitive);
    let (old, new) = (&mut known.post, &seen.post);
    let better_text = (old.truncated && !new.truncated)
        || (old.truncated == new.truncated && new.text.chars().count() > old.text.chars().count());
    if better_text {
        old.text.clone_from(&new.text);
        old.links.clone_from(&new.links);
        old.truncated = new.truncated;
    }
    if new.images.len() > old.images.len() {
        old.images.clone_from(&new.images);
    }
    fill(&mut old.created_at, &new.created_at);
    fill(&mut old.lang, &new.lang);
    fill(&mut old.video_poster, &new.video_poster);
    old.gif |= new.gif;
    if old.card.is_none() {
        old.card.clone_from(&new.card);
    }
    if old.poll.is_none() {
        old.poll.clone_from(&new.poll);
    }
    let blocks = |post: &Post| post.article.as_ref().map_or(0, |a| a.blocks.len());
    if blocks(new) > blocks(old) || (old.article.is_none() && new.article.is_some()) {
        old.article.clone_from(&new.article);
    }
    fill(&mut old.author.avatar, &new.author.avatar);
    let replaceable = old.quoted.as_ref().is_none_or(|quoted| quoted.unavailable);
    if replaceable && new.quoted.is_some() {
        old.quoted.clone_from(&new.quoted);
    }
    if old.author.name.is_empty() {
        old.author.name.clone_from(&new.author.name);
    }
}

fn fill(slot: &mut Option<String>, value: &Option<String>) {
    if slot.is_none() {
        slot.clone_from(value);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The splice as it was first written (a search of the order per key, an insertion per new
    /// key): simple, and quadratic. [`ThreadCollector::splice`] must place every key as it does.
    fn splice_reference(order: &mut Vec<Key>, window: Vec<Key>) {
        let mut cursor: Option<usize> = None;
        let mut pending: Vec<Key> = Vec::new();
        for key in window {
            match order.iter().position(|known| *known == key) {
                Some(mut at) => {
                    match cursor {
                        None => {
                            let count = pending.len();
                            order.splice(at..at, pending.drain(..));
                            at += count;
                        }
                        Some(c) if at <= c => continue,
                        Some(_) => {}
                    }
                    cursor = Some(at);
                }
                None => match cursor {
                    None => pending.push(key),
                    Some(c) => {
                        order.insert(c + 1, key);
                        cursor = Some(c + 1);
                    }
                },
            }
        }
        order.append(&mut pending);
    }

    /// Small alphabets, so that windows share keys, repeat them and disagree on their order.
    fn key(n: u8) -> Key {
        if n % 5 == 4 {
            Key::Heading(format!("heading {}", n / 5))
        } else {
            Key::Post(n.to_string())
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn splice_places_keys_as_the_quadratic_reference_did(
            windows in prop::collection::vec(prop::collection::vec(0u8..12, 0..10), 1..6),
        ) {
            let mut collector = ThreadCollector::new();
            let mut reference = Vec::new();
            for window in windows {
                let window: Vec<Key> = window.into_iter().map(key).collect();
                splice_reference(&mut reference, window.clone());
                collector.splice(&window);
                prop_assert_eq!(&collector.order, &reference);
            }
        }
    }

    #[test]
    fn splice_of_big_windows_that_overlap_stays_in_order() {
        // Two snapshots of 20,000 posts each, overlapping by half: the reference took seconds.
        let posts = |range: std::ops::Range<u32>| -> Vec<Key> {
            range.map(|n| Key::Post(n.to_string())).collect()
        };
        let mut collector = ThreadCollector::new();
        collector.splice(&posts(0..20_000));
        collector.splice(&posts(10_000..30_000));
        assert_eq!(collector.order, posts(0..30_000));
    }
}
