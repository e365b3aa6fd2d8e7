//! Benchmark: the scraper natively on a generated 25-post page (median per call), and the
//! gzipped size of what loads on every x.com page (manifest.json's `content_scripts`) against
//! the 150 KB target, beside the WASM that only the service worker loads, on demand.
//!
//! `cargo bench -p carousel-scraper-wasm --bench scrape` (after `cargo xtask build` for the
//! WASM figures). The WASM timing is `tests/bench_wasm.rs`, run in headless Chromium.

#![allow(clippy::print_stdout)] // the report is the point

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use carousel_scraper::{Collector, scrape_page_json};

const RUNS: usize = 200;
const TARGET_GZIP_BYTES: usize = 150 * 1024;

fn median_ms(mut call: impl FnMut()) -> f64 {
    for _ in 0..5 {
        call();
    }
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            call();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("in memory");
    encoder.finish().expect("in memory").len()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The files manifest.json injects into every matching page, relative to `extension/static/`.
fn content_scripts() -> Vec<String> {
    let manifest = std::fs::read_to_string(root().join("manifest.json")).expect("manifest.json");
    let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("manifest JSON");
    let mut files = Vec::new();
    for entry in manifest["content_scripts"].as_array().into_iter().flatten() {
        for kind in ["js", "css"] {
            for file in entry[kind].as_array().into_iter().flatten() {
                if let Some(file) = file.as_str() {
                    files.push(file.to_owned());
                }
            }
        }
    }
    files
}

fn main() {
    let page = common::long_thread(25);
    let thread = scrape_page_json(&page, "").expect("the generated page scrapes");
    let posts = common::parse("long", &thread).posts.len();
    assert_eq!(posts, 25);
    let page_ms = median_ms(|| {
        scrape_page_json(&page, "").expect("scrapes");
    });
    let conversation = common::conversation_html(&page);
    let url = "https://x.com/vikhyatk/status/2050335759004905655";
    let snapshot_ms = median_ms(|| {
        let mut collector = Collector::new();
        collector.add_snapshot(conversation, url).expect("adds");
        collector.thread_json().expect("a thread");
    });
    println!(
        "native: 25-post page ({} KB): scrape_page median {page_ms:.2} ms; conversation \
         snapshot ({} KB) through Collector median {snapshot_ms:.2} ms ({RUNS} runs)",
        page.len() / 1024,
        conversation.len() / 1024
    );

    let mut total = 0;
    let mut total_raw = 0;
    for file in content_scripts() {
        let path = root().join("extension/static").join(&file);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let gz = gzip_len(&bytes);
                total += gz;
                total_raw += bytes.len();
                println!(
                    "every x.com page: {file}: {} B, {gz} B gzipped",
                    bytes.len()
                );
            }
            Err(err) => println!("every x.com page: {file}: cannot read ({err})"),
        }
    }
    println!(
        "every x.com page: total {total_raw} B, {total} B gzipped ({:.1} KB; target ≤ 150 KB: {})",
        total as f64 / 1024.0,
        if total <= TARGET_GZIP_BYTES {
            "met"
        } else {
            "MISSED"
        }
    );

    let pkg = root().join("dist/extension/pkg");
    for name in ["carousel_scraper_bg.wasm", "carousel_scraper.js"] {
        match std::fs::read(pkg.join(name)) {
            Ok(bytes) => println!(
                "service worker only, on demand: pkg/{name}: {} B, {} B gzipped",
                bytes.len(),
                gzip_len(&bytes)
            ),
            Err(_) => println!("pkg/{name}: not built (run `cargo xtask build` first)"),
        }
    }
}
