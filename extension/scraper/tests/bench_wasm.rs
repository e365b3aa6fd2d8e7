//! Benchmark, not a test: `scrape_page` on a generated 25-post page, as WASM in headless
//! Chromium, timed with `performance.now()`. Its native twin is `benches/scrape.rs`.
//!
//! ```text
//! cargo test -p carousel-scraper-wasm --release --target wasm32-unknown-unknown \
//!     --test bench_wasm -- --include-ignored --nocapture
//! ```

#![cfg(target_arch = "wasm32")]

mod common;

use carousel_scraper::{Collector, scrape_page};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance)]
    fn now() -> f64;
}

const RUNS: usize = 60;

fn median_ms(mut call: impl FnMut()) -> f64 {
    for _ in 0..3 {
        call();
    }
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = now();
            call();
            now() - start
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

#[wasm_bindgen_test]
#[ignore = "benchmark: run with --include-ignored --nocapture"]
fn bench_scrape_25_posts() {
    let page = common::long_thread(25);
    let posts = common::parse("long", &scrape_page(&page, "").unwrap_or_default())
        .posts
        .len();
    assert_eq!(posts, 25);
    let page_ms = median_ms(|| {
        assert!(scrape_page(&page, "").is_ok());
    });
    let conversation = common::conversation_html(&page);
    let url = "https://x.com/vikhyatk/status/2050335759004905655";
    let snapshot_ms = median_ms(|| {
        let mut collector = Collector::new();
        assert!(collector.add(conversation, url).is_ok());
        assert!(collector.thread().is_ok());
    });
    console_log!(
        "bench wasm: 25-post page ({} KB): scrape_page median {page_ms:.2} ms; conversation \
         snapshot ({} KB) through Collector median {snapshot_ms:.2} ms ({RUNS} runs)",
        page.len() / 1024,
        conversation.len() / 1024
    );
}
