//! Markup builders for the hostile-markup tests and benchmark: the smallest x.com-shaped page
//! around whatever a test nests inside it. Shared by `tests/hostile_markup.rs` and
//! `benches/hostile_markup.rs` through `#[path]`, so both measure the same pages.
#![allow(dead_code)]

/// The status URL the pages are about.
pub const URL: &str = "https://x.com/a/status/1";

/// A post as X marks it up, `text` inside its `tweetText`, `extra` after it.
pub fn article(id: usize, text: &str, extra: &str) -> String {
    format!(
        r#"<article data-testid="tweet" role="article" tabindex="0"><div data-testid="User-Name"><a href="/a"><span>A</span></a><a href="/a"><span>@a</span></a><a href="/a/status/{id}"><time datetime="2026-01-01T00:00:00.000Z">Jan 1</time></a></div><div data-testid="tweetText" lang="en">{text}</div>{extra}</article>"#
    )
}

pub fn cell(inner: &str) -> String {
    format!(r#"<div data-testid="cellInnerDiv" style="transform: translateY(0px)">{inner}</div>"#)
}

pub fn page(cells: &str) -> String {
    format!(
        r#"<html><body><div data-testid="primaryColumn"><div aria-label="Timeline: Conversation"><div>{cells}</div></div></div></body></html>"#
    )
}

/// `inner` inside `depth` elements opened with `<{open}>`.
pub fn nested(open: &str, depth: usize, inner: &str) -> String {
    let name = open.split(' ').next().unwrap_or(open);
    format!(
        "{}{inner}{}",
        format!("<{open}>").repeat(depth),
        format!("</{name}>").repeat(depth)
    )
}
