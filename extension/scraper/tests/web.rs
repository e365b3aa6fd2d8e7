//! The scraper as WASM in headless Chromium, on every fixture: the same checks as
//! `tests/native.rs`, against the same `.expected.json` and exact thread JSON, so both builds
//! give identical results.
//!
//! Run: `cargo xtask test` (or, with the pinned `wasm-bindgen-test-runner` on PATH,
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p carousel-scraper-wasm
//! --target wasm32-unknown-unknown --test web`; `.cargo/config.toml` sets the runner).

#![cfg(target_arch = "wasm32")]

mod common;

use carousel_scraper::{Collector, Error, scrape_page, scrape_page_json, version};
use common::{Cells, NOT_A_THREAD, SHELL_HTML_ONLY, THREADS};
use scrape::ScrapeError;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn scrape_page_matches_every_fixture() {
    for fixture in &THREADS {
        let json = scrape_page(fixture.html, "").unwrap_or_else(|_| panic!("{}", fixture.name));
        common::assert_matches(fixture, &json);
    }
}

#[wasm_bindgen_test]
fn collector_over_overlapping_windows_gives_the_same_thread_json() {
    for fixture in &THREADS {
        let cells = Cells::of(fixture.html);
        for (size, step) in [(3, 2), (4, 3)] {
            let mut collector = Collector::new();
            for window in cells.windows(size, step) {
                assert!(collector.add(&window, "").is_ok(), "{}", fixture.name);
            }
            collector.mark_bottom_reached();
            let status: serde_json::Value =
                serde_json::from_str(&collector.status()).expect("status JSON");
            assert_eq!(status["complete"], true, "{} {size}/{step}", fixture.name);
            assert_eq!(
                status["top_reached"], true,
                "{} {size}/{step}",
                fixture.name
            );
            let json = collector
                .thread()
                .unwrap_or_else(|_| panic!("{}", fixture.name));
            common::assert_matches(fixture, &json);
        }
    }
}

#[wasm_bindgen_test]
fn errors_carry_the_scrapers_actionable_message() {
    assert!(scrape_page(SHELL_HTML_ONLY, "").is_err());
    let err = scrape_page_json(SHELL_HTML_ONLY, "").unwrap_err();
    assert!(matches!(err, Error::Scrape(ScrapeError::EmptyShell)));
    assert!(err.to_string().contains("Webpage, Complete"), "{err}");
    let err = scrape_page_json(NOT_A_THREAD, "").unwrap_err();
    assert!(matches!(err, Error::Scrape(ScrapeError::NoConversation)));
    assert!(Collector::new().thread().is_err());
}

#[wasm_bindgen_test]
fn version_is_the_workspace_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}
