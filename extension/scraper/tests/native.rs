//! The exported API called natively on the fixtures; `tests/web.rs` runs the same checks in
//! headless Chromium. Both compare with the same `.expected.json` and the same exact thread JSON
//! (`tests/snapshots/`), so native and WASM results are identical.
//!
//! `UPDATE_GOLDEN=1 cargo test -p carousel-scraper-wasm --test native` rewrites the snapshots
//! after a deliberate change to the scraper (then check the diff): the same variable refreshes
//! every kind of golden file in the repository.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use carousel_scraper::{Collector, Error, scrape_page, scrape_page_json, version};
use common::{Cells, NOT_A_THREAD, SHELL_HTML_ONLY, THREADS};
use scrape::ScrapeError;
use serde_json::Value;

fn bless(name: &str, json: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.thread.json"));
    std::fs::write(&path, format!("{json}\n")).unwrap();
}

fn blessing() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v != "0")
}

#[test]
fn scrape_page_matches_every_fixture() {
    for fixture in &THREADS {
        let json = scrape_page(fixture.html, "").unwrap_or_else(|_| panic!("{}", fixture.name));
        if blessing() {
            bless(fixture.name, &json);
            continue;
        }
        common::assert_matches(fixture, &json);
    }
}

#[test]
fn collector_over_overlapping_windows_gives_the_same_thread_json() {
    for fixture in &THREADS {
        let cells = Cells::of(fixture.html);
        for (size, step) in [(3, 2), (4, 3), (4, 2)] {
            let mut collector = Collector::new();
            let mut seen_new = 0;
            for window in cells.windows(size, step) {
                let status: Value = serde_json::from_str(&collector.add(&window, "").unwrap())
                    .expect("status JSON");
                seen_new += status["new_posts"].as_u64().unwrap();
                assert_eq!(status["seen"].as_u64(), Some(seen_new), "{}", fixture.name);
            }
            collector.mark_bottom_reached();
            let status: Value = serde_json::from_str(&collector.status()).unwrap();
            assert_eq!(status["complete"], true, "{} {size}/{step}", fixture.name);
            assert_eq!(
                status["top_reached"], true,
                "{} {size}/{step}",
                fixture.name
            );
            common::assert_matches(fixture, &collector.thread().unwrap());
        }
    }
}

#[test]
fn status_follows_a_scroll_down_and_lists_show_more_posts() {
    let traps = &THREADS[1];
    assert_eq!(traps.name, "thread-traps");
    let cells = Cells::of(traps.html);
    let url = "https://x.com/mara_builds/status/1900000000000000101";
    let mut collector = Collector::new();
    let status: Value = serde_json::from_str(&collector.add(&cells.window(0..4), url).unwrap())
        .expect("status JSON");
    assert_eq!(status["focal_id"], "1900000000000000101");
    assert_eq!(status["top_reached"], true);
    assert_eq!(status["complete"], false);
    assert_eq!(status["truncated_ids"], serde_json::json!([]));
    collector
        .add(&cells.window(3..cells.cells.len()), url)
        .unwrap();
    let status: Value = serde_json::from_str(&collector.status()).unwrap();
    assert_eq!(status["complete"], true);
    assert_eq!(
        status["truncated_ids"],
        serde_json::json!(["1900000000000000106"])
    );
}

#[test]
fn errors_carry_the_scrapers_actionable_message() {
    let err = scrape_page_json(SHELL_HTML_ONLY, "").unwrap_err();
    assert!(matches!(err, Error::Scrape(ScrapeError::EmptyShell)));
    assert!(err.to_string().contains("Webpage, Complete"), "{err}");
    let err = scrape_page_json(NOT_A_THREAD, "").unwrap_err();
    assert!(matches!(err, Error::Scrape(ScrapeError::NoConversation)));

    let mut collector = Collector::new();
    assert!(matches!(
        collector.add_snapshot(SHELL_HTML_ONLY, ""),
        Err(Error::Scrape(ScrapeError::EmptyShell))
    ));
    let err = collector.thread_json().unwrap_err();
    assert!(err.to_string().contains("could not find the post"), "{err}");
}

#[test]
fn long_thread_generator_gives_the_asked_number_of_posts() {
    let json = scrape_page(&common::long_thread(25), "").unwrap();
    let thread = common::parse("long", &json);
    assert_eq!(thread.posts.len(), 25);
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}
