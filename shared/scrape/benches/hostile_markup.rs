//! Benchmark: what markup built to hurt the scraper costs it, next to a real saved page. One line
//! per shape: its size, the best of a few `scrape_html` runs, and the answer (a thread or the
//! limit that refused it). The tests (`tests/hostile_markup.rs`) check the answers; the times are
//! here, to be read, not asserted.
//!
//! `cargo bench -p carousel-scrape --bench hostile_markup`

#![allow(clippy::print_stdout)] // the report is the point

use std::path::Path;
use std::time::{Duration, Instant};

use scrape::{ThreadCollector, parse_snapshot, scrape_html};

#[path = "../tests/support/markup.rs"]
mod markup;
use markup::{URL, article, cell, nested, page};

fn best_of(runs: usize, mut call: impl FnMut() -> String) -> (Duration, String) {
    let mut best = Duration::MAX;
    let mut answer = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        answer = call();
        best = best.min(start.elapsed());
    }
    (best, answer)
}

fn answer(html: &str) -> String {
    match scrape_html(html, Some(URL)) {
        Ok(thread) => format!("{} posts", thread.posts.len()),
        Err(error) => format!("{error:?}"),
    }
}

fn main() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/x/thread-traps.html");
    let real = std::fs::read_to_string(fixture).expect("the fixture");
    let photo = |n: usize| {
        format!(
            r#"<div data-testid="tweetPhoto"><img src="https://pbs.twimg.com/media/P{n}?name=small"></div>"#
        )
    };
    let quote = r#"<div role="link"><div data-testid="User-Name"><span>@q</span></div></div>"#;
    let attributes: String = (0..10_000).map(|i| format!(" a{i}")).collect();
    let shapes: Vec<(&str, String)> = vec![
        ("thread-traps.html (real)", real),
        (
            "30,000 nested spans in a post",
            page(&cell(&article(1, &nested("span", 30_000, "x"), ""))),
        ),
        (
            "100,000 nested divs in a post",
            page(&cell(&article(1, &nested("div", 100_000, "x"), ""))),
        ),
        (
            "1,000 deep, 7,000 wide",
            page(&cell(&article(
                1,
                &nested("div", 1_000, &"<i></i>".repeat(7_000)),
                "",
            ))),
        ),
        (
            "20,000 photos in a post",
            page(&cell(&article(
                1,
                "t",
                &(0..20_000).map(photo).collect::<String>(),
            ))),
        ),
        (
            "20,000 quote blocks in a post",
            page(&cell(&article(1, "t", &quote.repeat(20_000)))),
        ),
        (
            "10,000 attributes on a tag",
            page(&cell(&article(1, &format!("<b{attributes}>x</b>"), ""))),
        ),
        (
            "15 MB of entities",
            page(&cell(&article(1, &"a&amp;".repeat(2_500_000), ""))),
        ),
    ];
    for (name, html) in &shapes {
        let (time, answer) = best_of(3, || answer(html));
        println!(
            "{name:<32} {:>6} KB  {:>8.1} ms  {answer}",
            html.len() / 1024,
            time.as_secs_f64() * 1000.0
        );
    }

    let snapshot_of = |ids: std::ops::Range<usize>| {
        let cells: String = ids.map(|id| cell(&article(id, "t", ""))).collect();
        parse_snapshot(&page(&cells), URL).expect("a snapshot")
    };
    let (first, second) = (snapshot_of(1..10_001), snapshot_of(5_001..15_001));
    let (time, answer) = best_of(3, || {
        let mut collector = ThreadCollector::new();
        collector.add(&first);
        collector.add(&second);
        format!("{} posts seen", collector.seen_posts())
    });
    println!(
        "{:<32} {:>9}  {:>8.1} ms  {answer}",
        "collector, 2 × 10,000 posts",
        "",
        time.as_secs_f64() * 1000.0
    );
}
