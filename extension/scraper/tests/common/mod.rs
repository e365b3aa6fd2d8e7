//! What the native and the browser tests share: the fixtures (embedded, so the WASM tests need no
//! file system), the comparison with their `.expected.json`, and the page cut into windows.

#![allow(dead_code)] // each test crate uses its own part

use model::Thread;
use scrape::photo_media_id;

/// A fixture page with a thread: its name, its HTML, its `.expected.json`, and the exact thread
/// JSON the scraper gives (`tests/snapshots/<name>.thread.json`, the same natively and in WASM).
#[derive(Debug, Clone, Copy)]
pub struct Fixture {
    pub name: &'static str,
    pub html: &'static str,
    pub expected: &'static str,
    pub snapshot: &'static str,
}

macro_rules! fixture {
    ($name:literal) => {
        Fixture {
            name: $name,
            html: include_str!(concat!("../../../../tests/fixtures/x/", $name, ".html")),
            expected: include_str!(concat!(
                "../../../../tests/fixtures/x/",
                $name,
                ".expected.json"
            )),
            snapshot: include_str!(concat!("../snapshots/", $name, ".thread.json")),
        }
    };
}

/// Every fixture page that holds a thread.
pub const THREADS: [Fixture; 10] = [
    fixture!("thread-photon"),
    fixture!("thread-traps"),
    fixture!("thread-middle"),
    fixture!("reply-to-other"),
    fixture!("edited-long"),
    fixture!("tombstones"),
    fixture!("media-kinds"),
    fixture!("photo-viewer"),
    fixture!("x-article"),
    fixture!("saved-complete"),
];

/// X's empty app shell, as an "HTML only" save gives it.
pub const SHELL_HTML_ONLY: &str = include_str!("../../../../tests/fixtures/x/shell-html-only.html");
/// A page that is not an X conversation.
pub const NOT_A_THREAD: &str = include_str!("../../../../tests/fixtures/x/not-a-thread.html");

/// The thread-photon page, the model for generated long threads.
pub const PHOTON: &str = include_str!("../../../../tests/fixtures/x/thread-photon.html");

/// A thread made comparable with an `.expected.json`, as `shared/tests/scrape.rs` compares:
/// photos by media id (the scraper asks for `name=large`, the page showed `name=small`),
/// avatars at the size the scraper asks for, `lang` only where the expected file gives it.
pub fn comparable(mut thread: Thread, expected: &Thread) -> Thread {
    let photos = |images: &mut Vec<String>| {
        for src in images.iter_mut() {
            if let Some(id) = photo_media_id(src) {
                *src = id.to_owned();
            }
        }
    };
    let avatar = |avatar: &mut Option<String>| {
        if let Some(url) = avatar {
            *url = url.replace("_normal.", "_400x400.");
        }
    };
    for (index, post) in thread.posts.iter_mut().enumerate() {
        photos(&mut post.images);
        avatar(&mut post.author.avatar);
        if let Some(quoted) = &mut post.quoted {
            photos(&mut quoted.images);
            avatar(&mut quoted.author.avatar);
        }
        if expected.posts.get(index).is_some_and(|e| e.lang.is_none()) {
            post.lang = None;
        }
    }
    thread
}

/// Parses thread JSON, panicking with the fixture's name.
pub fn parse(name: &str, json: &str) -> Thread {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: not thread JSON: {e}"))
}

/// Checks the scraper's thread JSON for a fixture: byte for byte against the snapshot, and field
/// by field against the `.expected.json`.
pub fn assert_matches(fixture: &Fixture, actual_json: &str) {
    let name = fixture.name;
    let expected = parse(name, fixture.expected);
    let actual = comparable(parse(name, actual_json), &expected);
    let want = comparable(expected.clone(), &expected);
    let ids = |t: &Thread| t.posts.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&actual), ids(&want), "{name}: post ids");
    for (a, e) in actual.posts.iter().zip(&want.posts) {
        assert_eq!(a, e, "{name}: post {}", e.id);
    }
    assert_eq!(actual, want, "{name}");
    assert_eq!(
        actual_json.trim_end(),
        fixture.snapshot.trim_end(),
        "{name}: the thread JSON differs from tests/snapshots/{name}.thread.json"
    );
}

// The same page cutting as the scrape crate's own tests: one file, included by both.
#[path = "../../../../shared/scrape/tests/support/cells.rs"]
mod cells;
pub use cells::Cells;

/// A status page whose thread has `posts` posts (at least 2), built from thread-photon: its
/// focal post and reply box, then its seven follow-up posts repeated with fresh status ids, then
/// its replies and "Discover more". For benchmarks: the size and shape of a real long thread.
pub fn long_thread(posts: usize) -> String {
    let cells = Cells::of(PHOTON);
    // Cells 2..=8 are the author's follow-ups; each names its own status id.
    let follow_ups: Vec<(&String, String)> = cells.cells[2..9]
        .iter()
        .map(|cell| {
            let id = cell
                .split("/status/")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .expect("a status link")
                .to_owned();
            (cell, id)
        })
        .collect();
    let mut body = cells.cells[..2].concat();
    for n in 0..posts.saturating_sub(1) {
        let (cell, id) = &follow_ups[n % follow_ups.len()];
        body.push_str(&cell.replace(id.as_str(), &format!("20503399{n:011}")));
    }
    body.push_str(&cells.cells[9..].concat());
    format!("{}{body}{}", cells.head, cells.tail)
}

/// The conversation element's `outerHTML` in a page, which is what the content script sends.
pub fn conversation_html(page: &str) -> &str {
    let start = page
        .find(r#"<div aria-label="Timeline: Conversation">"#)
        .expect("a conversation");
    let end = page.find("</div></div></section>").expect("its end") + "</div></div>".len();
    &page[start..end]
}
