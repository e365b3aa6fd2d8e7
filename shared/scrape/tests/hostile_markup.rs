//! The scraper on markup built to hurt it. In the extension the HTML is the `outerHTML` of
//! whatever DOM an x.com page built, so a compromised page chooses it. Each test is named after
//! what the markup used to do: overflow the stack, take quadratic time, repeat posts. None
//! asserts a time (that is for benchmarks): each asserts the result, which arrives because the
//! work is bounded.

use proptest::prelude::*;
use scrape::{
    MAX_DEPTH, MAX_ELEMENTS, MAX_INPUT_BYTES, MAX_TOTAL_DEPTH, ScrapeError, ThreadCollector,
    parse_snapshot, scrape_html,
};

#[path = "support/markup.rs"]
mod markup;
use markup::{URL, article, cell, nested, page};

#[test]
fn thirty_thousand_nested_spans_in_tweet_text_are_refused_not_a_stack_overflow() {
    // This aborted the process: the text walk recursed once per span.
    let html = page(&cell(&article(1, &nested("span", 30_000, "deep"), "")));
    assert_eq!(
        scrape_html(&html, Some(URL)),
        Err(ScrapeError::TooDeep { limit: MAX_DEPTH })
    );
    assert_eq!(
        parse_snapshot(&html, URL),
        Err(ScrapeError::TooDeep { limit: MAX_DEPTH })
    );
}

#[test]
fn spans_nested_nearly_to_the_depth_limit_still_give_their_text() {
    // The page, cell and article take about 10 levels above the text.
    let html = page(&cell(&article(
        1,
        &nested("span", MAX_DEPTH - 20, "deep"),
        "",
    )));
    let thread = scrape_html(&html, Some(URL)).expect("a thread");
    assert_eq!(thread.posts.len(), 1);
    assert_eq!(thread.posts[0].text, "deep");
}

#[test]
fn a_hundred_thousand_nested_divs_are_refused_without_quadratic_parsing() {
    // html5ever scans its open elements on every `<div>`: 81 s at this depth, unbounded.
    let html = page(&cell(&article(1, &nested("div", 100_000, "deep"), "")));
    assert_eq!(
        scrape_html(&html, Some(URL)),
        Err(ScrapeError::TooDeep { limit: MAX_DEPTH })
    );
}

#[test]
fn nesting_outside_the_conversation_is_refused_too() {
    // Depth is the parser's cost wherever it is, so the check is not the conversation's.
    let html = format!(
        "<html><body>{}{}",
        nested("b", 5_000, ""),
        page(&cell(&article(1, "t", "")))
    );
    assert_eq!(
        scrape_html(&html, Some(URL)),
        Err(ScrapeError::TooDeep { limit: MAX_DEPTH })
    );
}

#[test]
fn input_over_the_size_limit_is_refused_before_it_is_parsed() {
    let post = page(&cell(&article(1, "t", "")));
    let padding = " ".repeat(MAX_INPUT_BYTES + 1 - post.len());
    let html = format!("{post}{padding}");
    assert_eq!(html.len(), MAX_INPUT_BYTES + 1);
    let refused = ScrapeError::TooLarge {
        bytes: MAX_INPUT_BYTES + 1,
        limit: MAX_INPUT_BYTES,
    };
    assert_eq!(scrape_html(&html, Some(URL)), Err(refused.clone()));
    assert_eq!(parse_snapshot(&html, URL), Err(refused));
    // One byte less is read as usual.
    assert!(scrape_html(&html[..MAX_INPUT_BYTES], Some(URL)).is_ok());
}

#[test]
fn more_elements_than_the_limit_are_refused() {
    let html = page(&cell(&article(1, "t", &"<i></i>".repeat(MAX_ELEMENTS))));
    assert_eq!(
        scrape_html(&html, Some(URL)),
        Err(ScrapeError::TooManyElements {
            limit: MAX_ELEMENTS
        })
    );
}

#[test]
fn deep_and_wide_markup_is_refused_for_its_total_depth() {
    // Each element within the depth limit, but every walk to the root (html5ever's scope
    // checks, the scraper's ancestor tests) would cost 1,000 steps, 9,000 times over.
    let leaves = "<i></i>".repeat(9_000);
    let html = page(&cell(&article(1, &nested("div", 1_000, &leaves), "")));
    assert_eq!(
        scrape_html(&html, Some(URL)),
        Err(ScrapeError::TooNested {
            limit: MAX_TOTAL_DEPTH
        })
    );
}

#[test]
fn thousands_of_attributes_on_one_tag_are_refused_before_quadratic_tokenizing() {
    // The tokenizer compares each attribute with those before it on the tag: 40,000 attributes
    // took 0.8 s, a 16 MB tag would take hours.
    let attributes: String = (0..10_000).map(|i| format!(" a{i}")).collect();
    let html = page(&cell(&article(
        1,
        &format!("<span{attributes}>t</span>"),
        "",
    )));
    assert_eq!(
        scrape_html(&html, Some(URL)),
        Err(ScrapeError::TooManyAttributes)
    );
}

#[test]
fn nested_cells_and_articles_give_each_post_once() {
    // Every enclosing cell used to read the post again: 300 cells, 300 copies of its text.
    let post = article(1, "once", "");
    let cells = nested(r#"div data-testid="cellInnerDiv""#, 300, &post);
    let snapshot = parse_snapshot(&page(&cells), URL).expect("a snapshot");
    assert_eq!(snapshot.posts().count(), 1);

    let articles = nested(r#"article data-testid="tweet""#, 300, &post);
    let snapshot = parse_snapshot(&page(&cell(&articles)), URL).expect("a snapshot");
    assert_eq!(snapshot.items.len(), 1);
}

#[test]
fn thousands_of_photos_in_one_post_are_each_kept_once_in_order() {
    // Each photo was looked up among those before it.
    let photo = |n: u32| {
        format!(
            r#"<div data-testid="tweetPhoto"><img src="https://pbs.twimg.com/media/P{n}?format=jpg&amp;name=small"></div>"#
        )
    };
    let photos: String = (0..5_000).chain(0..5_000).map(photo).collect();
    let thread = scrape_html(&page(&cell(&article(1, "t", &photos))), Some(URL)).expect("a thread");
    let images = &thread.posts[0].images;
    assert_eq!(images.len(), 5_000);
    assert_eq!(
        images[4_999],
        "https://pbs.twimg.com/media/P4999?format=jpg&name=large"
    );
}

#[test]
fn thousands_of_quote_blocks_in_one_post_are_read_in_one_pass() {
    // Every element of the post was checked against every quote block before it.
    let quote = r#"<div role="link"><div data-testid="User-Name"><span>Q</span><span>@q</span></div><div data-testid="tweetText">quoted</div></div>"#;
    let html = page(&cell(&article(1, "own", &quote.repeat(5_000))));
    let thread = scrape_html(&html, Some(URL)).expect("a thread");
    let post = &thread.posts[0];
    assert_eq!(post.text, "own");
    assert_eq!(
        post.quoted.as_ref().map(|q| q.text.as_str()),
        Some("quoted")
    );
}

#[test]
fn a_collector_fed_big_overlapping_snapshots_keeps_their_order() {
    // Lining a snapshot up with the posts already seen searched them for every post.
    let snapshot = |ids: std::ops::Range<usize>| {
        let cells: String = ids.map(|id| cell(&article(id, "t", ""))).collect();
        parse_snapshot(&page(&cells), URL).expect("a snapshot")
    };
    let mut collector = ThreadCollector::new();
    assert_eq!(collector.add(&snapshot(1..4_001)), 4_000);
    assert_eq!(collector.add(&snapshot(2_001..6_001)), 2_000);
    collector.mark_bottom_reached();
    let thread = collector.thread().expect("a thread");
    let ids: Vec<String> = thread.posts.iter().map(|p| p.id.clone()).collect();
    let expected: Vec<String> = (1..6_001).map(|id| id.to_string()).collect();
    assert_eq!(ids, expected);
}

#[test]
fn errors_past_a_limit_say_what_to_do() {
    let errors = [
        ScrapeError::TooLarge {
            bytes: 20 << 20,
            limit: MAX_INPUT_BYTES,
        },
        ScrapeError::TooDeep { limit: MAX_DEPTH },
        ScrapeError::TooManyElements {
            limit: MAX_ELEMENTS,
        },
        ScrapeError::TooNested {
            limit: MAX_TOTAL_DEPTH,
        },
        ScrapeError::TooManyAttributes,
    ];
    for error in errors {
        let message = error.to_string();
        assert!(message.contains("x.com page"), "{message}");
        assert!(message.contains("Webpage, Complete"), "{message}");
    }
    assert!(
        ScrapeError::TooDeep { limit: MAX_DEPTH }
            .to_string()
            .starts_with("the page is nested more than 1024 elements deep, which no x.com page is")
    );
    assert!(
        ScrapeError::TooLarge {
            bytes: 20 << 20,
            limit: MAX_INPUT_BYTES
        }
        .to_string()
        .starts_with("the page is 20.0 MB, more than the 16.0 MB the scraper reads")
    );
}

/// Pieces of markup that send html5ever down its odd paths: formatting elements and the adoption
/// agency, tables and foster parenting, foreign content, raw text, templates, broken tags,
/// entities, and the test ids and roles the scraper looks for.
const PIECES: &[&str] = &[
    "<div>",
    "</div>",
    "<span>",
    "</span>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<p>",
    "</p>",
    "<a href=\"https://t.co/x\">",
    "<a href=\"/a/status/7\">",
    "</a>",
    "<nobr>",
    "<table>",
    "<tr>",
    "<td>",
    "</table>",
    "<caption>",
    "<svg>",
    "</svg>",
    "<math>",
    "<mi>",
    "<path/>",
    "<foreignObject>",
    "<template>",
    "</template>",
    "<select>",
    "<option>",
    "<ul>",
    "<li>",
    "<br>",
    "</br>",
    "<img alt=\"😀\">",
    "<img src=\"x.jpg\">",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<textarea>",
    "<title>",
    "<noscript>",
    "<plaintext>",
    "<frameset>",
    "<body a=\"1\">",
    "<html b=\"2\">",
    "<!--",
    "-->",
    "<!doctype html>",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&",
    "&#x1F600;",
    "&notin",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "/",
    " ",
    "\r\n",
    "\0",
    "text",
    "@a",
    "\u{202e}",
    "مرحبا",
    "<x y=\"",
    "<time datetime=\"z\">",
    "</time>",
    "<div data-testid=\"tweetText\">",
    "<div role=\"link\">",
    "<div data-testid=\"User-Name\">",
    "<div data-testid=\"placementTracking\">",
    "<div data-testid=\"cellInnerDiv\">",
    "<article data-testid=\"tweet\">",
    "</article>",
    "<div data-testid=\"tweetPhoto\">",
    "<img src=\"https://pbs.twimg.com/media/X?name=small\">",
    "<video poster=\"p.jpg\">",
    "<div data-testid=\"UserAvatar-Container-a\">",
    "<div data-testid=\"videoPlayer\">",
    "<span data-testid=\"tweet-text-show-more-link\">",
    "<nav>",
    "<header>",
    "<h2 role=\"heading\">",
];

/// Garbage: some pieces, one of them maybe repeated deep.
fn garbage() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(0..PIECES.len(), 0..24),
        0..PIECES.len(),
        prop_oneof![Just(0usize), 1..64usize, 900..1_100usize],
    )
        .prop_map(|(pieces, deep, times)| {
            let mut out: String = pieces.iter().map(|&i| PIECES[i]).collect();
            out.push_str(&PIECES[deep].repeat(times));
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Garbage before the conversation, around and inside a real post's parts, and after: the
    /// scraper answers (a thread or an error), it never panics or overflows.
    #[test]
    fn garbled_markup_around_a_post_never_panics(
        before in garbage(),
        in_article in garbage(),
        in_text in garbage(),
        after in garbage(),
    ) {
        let post = article(1, &format!("t{in_text}t"), &in_article);
        let html = format!("{before}{}{after}", page(&cell(&format!("{in_article}{post}"))));
        let _ = scrape_html(&html, None);
        if let Ok(thread) = scrape_html(&html, Some(URL)) {
            prop_assert!(thread.posts.iter().all(|p| p.id.bytes().all(|b| b.is_ascii_digit())));
        }
        if let Ok(snapshot) = parse_snapshot(&html, URL) {
            let mut collector = ThreadCollector::new();
            collector.add(&snapshot);
            collector.add(&snapshot);
            let _ = collector.thread();
        }
    }
}
