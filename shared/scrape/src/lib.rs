//! The scraper: the conversation markup of an x.com status page → a [`Thread`].
//!
//! One implementation for every caller. The extension's WASM glue hands it HTML snapshots that a
//! page-side script takes while scrolling (x.com virtualises its cells, so a long thread never
//! is in the DOM at once): [`parse_snapshot`] reads one, a [`ThreadCollector`] gathers them by
//! status id and says when the thread's top and end have been seen. `carousel-studio scrape
//! PAGE.html` calls [`scrape_html`] on a page saved with "Webpage, Complete".
//!
//! What x.com's markup looks like and which traps it sets (ads between posts, video players
//! wrapped like ads, quote posts, "Show more", hidden link spans, rotating class names) is
//! described in `docs/x-dom.md`; every trap has a fixture in `tests/fixtures/x/`.
//! Selection is by `data-testid`, roles, `href` shapes and structure, never by class name.
//!
//! Text is data: it comes out exactly as displayed (newlines, emoji as characters, right-to-left
//! and CJK text untouched, `<script>` as the literal characters a post contained).

mod ancestry;
mod collect;
mod limits;
mod post;
mod snapshot;
mod urls;

pub use collect::ThreadCollector;
pub use limits::{MAX_ATTRIBUTE_WORK, MAX_DEPTH, MAX_ELEMENTS, MAX_INPUT_BYTES, MAX_TOTAL_DEPTH};
pub use snapshot::{Item, ScrapedPost, Snapshot, parse_snapshot};
pub use urls::{MAX_HANDLE_LEN, NOT_HANDLES, X_HOSTS, page_status, photo_media_id};

use model::Thread;

/// What to do about a page past one of the [`limits`](MAX_INPUT_BYTES): only markup that X did
/// not serve (or that something on the page rewrote) comes near them.
const PAST_A_LIMIT: &str = "it is not an x.com page as X serves it, or something on the page \
    altered it. Open the thread on x.com again (https://x.com/<handle>/status/<id>) and save it \
    with Ctrl+S as \"Webpage, Complete\", or collect it with the extension";

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / f64::from(1u32 << 20))
}

/// Why a page gave no thread. Messages say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScrapeError {
    /// X's empty app shell: the page was saved without the posts X renders with JavaScript.
    #[error(
        "the page was saved without its content: it is X's empty app shell (an \"HTML only\" \
         save). Open the thread in Chrome, scroll so its posts show, and save it again as \
         \"Webpage, Complete\" (Ctrl+S, then choose \"Webpage, Complete\")"
    )]
    EmptyShell,
    /// Not an X conversation at all.
    #[error(
        "no X conversation found in this page: open the thread on x.com (a \
         https://x.com/<handle>/status/<id> page) and save it with Ctrl+S as \"Webpage, Complete\""
    )]
    NoConversation,
    /// Posts were found, but not the one the page is about.
    #[error(
        "could not find the post this page is about{}: save the page while the thread's post \
         (https://x.com/<handle>/status/<id>) is open, scrolled so that post shows",
        id.as_ref().map(|id| format!(" (status {id})")).unwrap_or_default()
    )]
    NoFocalPost {
        /// The status id the page URL named, if any.
        id: Option<String>,
    },
    /// More bytes than [`MAX_INPUT_BYTES`]. Refused before parsing.
    #[error(
        "the page is {}, more than the {} the scraper reads and far more than any x.com thread \
         page; {PAST_A_LIMIT}",
        megabytes(*bytes),
        megabytes(*limit)
    )]
    TooLarge {
        /// The page's size in bytes.
        bytes: usize,
        /// [`MAX_INPUT_BYTES`].
        limit: usize,
    },
    /// An element nested deeper than [`MAX_DEPTH`].
    #[error(
        "the page is nested more than {limit} elements deep, which no x.com page is (X's are \
         under 100); {PAST_A_LIMIT}"
    )]
    TooDeep {
        /// [`MAX_DEPTH`].
        limit: usize,
    },
    /// More elements than [`MAX_ELEMENTS`].
    #[error(
        "the page has more than {limit} elements, far more than any x.com page (a thread page \
         has a few thousand); {PAST_A_LIMIT}"
    )]
    TooManyElements {
        /// [`MAX_ELEMENTS`].
        limit: usize,
    },
    /// Element depths adding up to more than [`MAX_TOTAL_DEPTH`]: deep and wide at once.
    #[error(
        "the page's elements are nested more than {limit} levels deep in all, far more than any \
         x.com page's (a thread page's add up to well under a million); {PAST_A_LIMIT}"
    )]
    TooNested {
        /// [`MAX_TOTAL_DEPTH`].
        limit: u64,
    },
    /// Tags whose attributes would cost the parser more than [`MAX_ATTRIBUTE_WORK`] comparisons.
    #[error(
        "the page's elements carry far more attributes than any x.com page's (thousands on one \
         element, or hundreds on each of thousands); {PAST_A_LIMIT}"
    )]
    TooManyAttributes,
}

/// Scrapes a whole saved page at once: its conversation as it was when saved.
///
/// `page_url` names the focal post; when `None`, the page's `<link rel="canonical">` or
/// `og:url` does, and failing those the focal article (`tabindex="-1"`). Image paths relative to
/// the page (`Page_files/…`, as a "Webpage, Complete" save writes them) are kept as they are.
///
/// # Errors
/// [`ScrapeError::EmptyShell`] for an "HTML only" save, [`ScrapeError::NoConversation`] for a
/// page that is not an X conversation, [`ScrapeError::NoFocalPost`] when the post the page is
/// about is not in it; [`ScrapeError::TooLarge`] and the other limits for markup far past any
/// x.com page's.
pub fn scrape_html(html: &str, page_url: Option<&str>) -> Result<Thread, ScrapeError> {
    let document = limits::parse_document(html)?;
    let canonical;
    let page_url = match page_url {
        Some(url) => url,
        None => {
            canonical = snapshot::canonical_url(&document);
            canonical.as_deref().unwrap_or_default()
        }
    };
    let snapshot = snapshot::read_snapshot(&document, page_url)?;
    if snapshot.posts().next().is_none() {
        return Err(ScrapeError::NoConversation);
    }
    let mut collector = ThreadCollector::new();
    collector.add(&snapshot);
    // A saved page is all there is: its first and last cells are the conversation's ends.
    collector.mark_top_reached();
    collector.mark_bottom_reached();
    collector.thread()
}
