//! The scraper as WASM for the extension's service worker: x.com snapshots in, thread JSON out.
//!
//! All the extraction logic is `scrape`; this crate only gives it a JavaScript surface.
//! It runs in the service worker, not on x.com: the page's Content-Security-Policy forbids
//! compiling WASM in a content script, while extension pages allow `'wasm-unsafe-eval'`. The
//! content script sends `outerHTML` snapshots of the conversation while it scrolls; a
//! [`Collector`] gathers them and says when the thread's top and end have been seen.
//!
//! Values cross the boundary as JSON strings, so the glue needs no serde bridge:
//!
//! ```js
//! import init, { Collector, scrape_page, version } from './pkg/carousel_scraper.js';
//! await init();
//! const collector = new Collector();
//! const status = JSON.parse(collector.add(snapshotHtml, location.href));
//! // … scroll, add more snapshots until status.complete && status.top_reached …
//! const thread = JSON.parse(collector.thread());
//! ```
//!
//! Status JSON: `{"new_posts":n,"seen":n,"complete":bool,"top_reached":bool,
//! "focal_id":"…"|null,"truncated_ids":["…"]}`. Thread JSON: as in `docs/thread-json.md`. Errors are
//! `Error`s whose message says what to do.
//!
//! Every exported function has a Rust twin returning [`Error`] (`*_json`, [`Collector::add_snapshot`]):
//! `JsError` can only be built inside a JavaScript engine, so native tests call the twins.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use scrape::{ScrapeError, ThreadCollector, parse_snapshot, scrape_html};
use serde_json::json;
use wasm_bindgen::prelude::*;

/// Why a call gave no result. The messages are meant for the user.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The markup holds no usable thread (see [`ScrapeError`]'s messages).
    #[error(transparent)]
    Scrape(#[from] ScrapeError),
    /// The thread could not be written as JSON (never expected: the model is plain data).
    #[error("cannot write the thread as JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// What the service worker passed is not a thread JSON (or not a map of images).
    #[error("not a thread JSON: {0}")]
    NotAThread(serde_json::Error),
}

fn js_error(error: &Error) -> JsError {
    JsError::new(&error.to_string())
}

/// The workspace version, for the extension to compare with the companion's.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Scrapes one whole page (or conversation `outerHTML`) at once into thread JSON.
///
/// `page_url` names the focal post; pass `""` to take it from the page's canonical link or its
/// focal article. The snapshot is taken as the whole conversation (top and end reached).
///
/// # Errors
/// No conversation, an empty app shell, or no focal post: the message says what to do.
#[wasm_bindgen]
pub fn scrape_page(html: &str, page_url: &str) -> Result<String, JsError> {
    scrape_page_json(html, page_url).map_err(|error| js_error(&error))
}

/// [`scrape_page`] for Rust callers.
///
/// # Errors
/// As [`scrape_page`].
pub fn scrape_page_json(html: &str, page_url: &str) -> Result<String, Error> {
    install_panic_hook();
    let page_url = Some(page_url).filter(|url| !url.is_empty());
    let thread = scrape_html(html, page_url)?;
    Ok(serde_json::to_string(&thread)?)
}

/// Gathers one thread from the snapshots a scrolling page gives (x.com keeps only the cells near
/// the viewport in the DOM). Feed snapshots in the order they were taken, each overlapping the
/// previous one by at least one post.
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct Collector {
    inner: ThreadCollector,
    /// New posts in the last snapshot added, reported again by `status()`.
    last_new_posts: usize,
}

#[wasm_bindgen]
impl Collector {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Collector {
        install_panic_hook();
        Collector::default()
    }

    /// Adds one snapshot (the conversation's `outerHTML`, or a whole page) taken at `page_url`;
    /// returns the status JSON.
    ///
    /// # Errors
    /// The markup is not an X conversation at all (an empty shell or another page).
    pub fn add(&mut self, html: &str, page_url: &str) -> Result<String, JsError> {
        self.add_snapshot(html, page_url)
            .map(|()| self.status())
            .map_err(|error| js_error(&error))
    }

    /// The status JSON; `new_posts` is that of the last snapshot added.
    pub fn status(&self) -> String {
        let collector = &self.inner;
        json!({
            "new_posts": self.last_new_posts,
            "seen": collector.seen_posts(),
            "complete": collector.is_complete(),
            "top_reached": collector.is_top_reached(),
            "focal_id": collector.focal_id(),
            "truncated_ids": collector.truncated_ids(),
        })
        .to_string()
    }

    /// The page is scrolled to the top: nothing is above what has been seen.
    pub fn mark_top_reached(&mut self) {
        self.inner.mark_top_reached();
    }

    /// The page is scrolled to the bottom and nothing more loads: the conversation ends here.
    pub fn mark_bottom_reached(&mut self) {
        self.inner.mark_bottom_reached();
    }

    /// The thread JSON as collected so far (check the status's `complete` and `top_reached`).
    ///
    /// # Errors
    /// The focal post was never seen.
    pub fn thread(&self) -> Result<String, JsError> {
        self.thread_json().map_err(|error| js_error(&error))
    }
}

impl Collector {
    /// [`add`](Self::add) for Rust callers: the status is [`status`](Self::status).
    ///
    /// # Errors
    /// As [`add`](Self::add).
    pub fn add_snapshot(&mut self, html: &str, page_url: &str) -> Result<(), Error> {
        let snapshot = parse_snapshot(html, page_url)?;
        self.last_new_posts = self.inner.add(&snapshot);
        Ok(())
    }

    /// [`thread`](Self::thread) for Rust callers.
    ///
    /// # Errors
    /// As [`thread`](Self::thread).
    pub fn thread_json(&self) -> Result<String, Error> {
        Ok(serde_json::to_string(&self.inner.thread()?)?)
    }
}

/// Every image a thread JSON refers to (avatars, photos, video posters, link-card images, X
/// Article images), each once, as a JSON array of strings: what the service worker fetches and
/// inlines. The model decides what is an image ([`model::Thread::image_references`]), so the
/// JavaScript cannot forget one.
///
/// # Errors
/// `thread_json` is not a thread JSON.
#[wasm_bindgen]
pub fn image_references(thread_json: &str) -> Result<String, JsError> {
    image_references_json(thread_json).map_err(|e| js_error(&e))
}

/// [`image_references`] for Rust callers.
pub fn image_references_json(thread_json: &str) -> Result<String, Error> {
    let thread: model::Thread = serde_json::from_str(thread_json).map_err(Error::NotAThread)?;
    let mut seen = std::collections::HashSet::new();
    let references: Vec<&str> = thread
        .image_references()
        .into_iter()
        .filter(|reference| seen.insert(*reference))
        .collect();
    Ok(serde_json::to_string(&references)?)
}

/// The thread JSON with each image reference replaced by `resolved_json[reference]` (an object
/// of reference → `data:` URL); an image missing from it is left out, as the companion does
/// with an image it cannot use.
///
/// # Errors
/// Either argument is not what it should be.
#[wasm_bindgen]
pub fn with_images(thread_json: &str, resolved_json: &str) -> Result<String, JsError> {
    with_images_json(thread_json, resolved_json).map_err(|e| js_error(&e))
}

/// [`with_images`] for Rust callers.
pub fn with_images_json(thread_json: &str, resolved_json: &str) -> Result<String, Error> {
    let mut thread: model::Thread = serde_json::from_str(thread_json).map_err(Error::NotAThread)?;
    let resolved: std::collections::HashMap<String, String> =
        serde_json::from_str(resolved_json).map_err(Error::NotAThread)?;
    thread.resolve_images(|reference| resolved.get(reference).cloned());
    Ok(serde_json::to_string(&thread)?)
}

/// Reports panics on the service worker's console instead of a bare `unreachable` trap.
#[cfg(target_arch = "wasm32")]
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error(&format!("carousel scraper panicked: {info}"));
        }));
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn install_panic_hook() {}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_image_of_a_thread_is_listed_once_and_replaced() {
        let thread = json!({
            "source_url": "https://x.com/a/status/1",
            "author": {"handle": "a", "name": "A"},
            "posts": [{
                "id": "1", "url": "https://x.com/a/status/1", "text": "hi",
                "author": {"handle": "a", "name": "A", "avatar": "https://pbs.twimg.com/av.jpg"},
                "images": ["https://pbs.twimg.com/media/p1?name=large", "https://pbs.twimg.com/media/p2?name=large"],
                "video_poster": "https://pbs.twimg.com/ext_tw_video_thumb/v.jpg",
                "card": {"url": "https://example.com", "title": "Ex", "image": "https://pbs.twimg.com/card.jpg"}
            }, {
                "id": "2", "url": "https://x.com/a/status/2", "text": "again",
                "author": {"handle": "a", "name": "A", "avatar": "https://pbs.twimg.com/av.jpg"}
            }]
        })
        .to_string();
        let references: Vec<String> =
            serde_json::from_str(&image_references_json(&thread).unwrap()).unwrap();
        assert_eq!(
            references,
            [
                "https://pbs.twimg.com/av.jpg",
                "https://pbs.twimg.com/ext_tw_video_thumb/v.jpg",
                "https://pbs.twimg.com/media/p1?name=large",
                "https://pbs.twimg.com/media/p2?name=large",
                "https://pbs.twimg.com/card.jpg",
            ]
        );
        let resolved = json!({
            "https://pbs.twimg.com/av.jpg": "data:image/png;base64,QQ==",
            "https://pbs.twimg.com/ext_tw_video_thumb/v.jpg": "data:image/jpeg;base64,Qg==",
            "https://pbs.twimg.com/media/p2?name=large": "data:image/jpeg;base64,Qw==",
            "https://pbs.twimg.com/card.jpg": "data:image/jpeg;base64,RA==",
        })
        .to_string();
        let out: serde_json::Value =
            serde_json::from_str(&with_images_json(&thread, &resolved).unwrap()).unwrap();
        let first = &out["posts"][0];
        assert_eq!(first["author"]["avatar"], "data:image/png;base64,QQ==");
        assert_eq!(
            out["posts"][1]["author"]["avatar"],
            "data:image/png;base64,QQ=="
        );
        assert_eq!(first["video_poster"], "data:image/jpeg;base64,Qg==");
        assert_eq!(
            first["images"],
            json!(["data:image/jpeg;base64,Qw=="]),
            "p1 failed: left out"
        );
        assert_eq!(first["card"]["image"], "data:image/jpeg;base64,RA==");
        assert!(matches!(
            image_references_json("[1]"),
            Err(Error::NotAThread(_))
        ));
    }

    #[test]
    fn status_before_any_snapshot() {
        let collector = Collector::new();
        let status: serde_json::Value = serde_json::from_str(&collector.status()).unwrap();
        assert_eq!(
            status,
            json!({"new_posts": 0, "seen": 0, "complete": false, "top_reached": false,
                   "focal_id": null, "truncated_ids": []})
        );
        assert!(matches!(
            collector.thread_json(),
            Err(Error::Scrape(ScrapeError::NoFocalPost { id: None }))
        ));
    }

    #[test]
    fn version_is_the_workspace_version() {
        assert_eq!(version(), env!("CARGO_PKG_VERSION"));
    }
}
