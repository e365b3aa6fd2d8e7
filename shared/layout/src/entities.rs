//! Finding what X shows in its link colour: URLs, @mentions, #hashtags and $cashtags.

use std::ops::Range;

/// Byte ranges of `text` to style as entities. `links` are the post's full URLs; any other
/// `http(s)://` token is a link too (X's own text always shows them).
pub fn entity_ranges(text: &str, links: &[String]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for link in links.iter().filter(|l| !l.is_empty()) {
        ranges.extend(
            text.match_indices(link.as_str())
                .map(|(i, m)| i..i + m.len()),
        );
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let after_boundary = i == 0 || !is_word_char(text[..i].chars().next_back().unwrap_or(' '));
        let found = if rest.starts_with("https://") || rest.starts_with("http://") {
            Some(url_end(rest))
        } else if after_boundary && matches!(bytes[i], b'@' | b'#' | b'$' | 0xEF) {
            tag_end(rest)
        } else {
            None
        };
        match found {
            Some(len) if len > 0 => {
                ranges.push(i..i + len);
                i += len;
            }
            _ => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    // Drop ranges nested in an earlier one (a mention inside a URL, a listed link found twice).
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// How many characters of a link X shows before cutting it with "…".
const LINK_DISPLAY_CHARS: usize = 24;

/// A link as X shows it: without the scheme and "www.", without the slash of a bare domain, and
/// cut with "…" when long ("x.com/mayfer/status/2050…"). Slides show this form, as X does; the
/// full URL stays in the post's `links`.
pub fn display_link(url: &str) -> String {
    let bare = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let bare = bare.strip_prefix("www.").unwrap_or(bare);
    let bare = match bare.strip_suffix('/') {
        Some(domain) if !domain.contains('/') => domain,
        _ => bare,
    };
    if bare.chars().count() <= LINK_DISPLAY_CHARS {
        return bare.to_owned();
    }
    let cut: String = bare.chars().take(LINK_DISPLAY_CHARS - 1).collect();
    format!("{cut}…")
}

/// A post's text as the slides show it: every link in X's short form.
pub fn display_text(text: &str, links: &[String]) -> String {
    with_display_links(text, &entity_ranges(text, links)).0
}

/// `text` with every link among `entities` in its display form ([`display_link`]), and the
/// entity ranges moved to match.
pub fn with_display_links(text: &str, entities: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    let (out, linked) = with_link_targets(text, entities);
    (out, linked.into_iter().map(|(range, _)| range).collect())
}

/// An entity's byte range in the shown text and where it leads, if anywhere.
pub type LinkedRange = (Range<usize>, Option<String>);

/// [`with_display_links`], with where each entity leads: a URL to itself, a @mention to the
/// account on X, a #hashtag to X's hashtag page; a $cashtag nowhere.
pub fn with_link_targets(text: &str, entities: &[Range<usize>]) -> (String, Vec<LinkedRange>) {
    let mut out = String::with_capacity(text.len());
    let mut ranges = Vec::with_capacity(entities.len());
    let mut copied = 0;
    for range in entities {
        out.push_str(&text[copied..range.start]);
        let entity = &text[range.clone()];
        let start = out.len();
        if entity.starts_with("https://") || entity.starts_with("http://") {
            out.push_str(&display_link(entity));
        } else {
            out.push_str(entity);
        }
        ranges.push((start..out.len(), link_target(entity)));
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    (out, ranges)
}

/// Where an entity leads, as an `http(s)` URL with only URL-safe ASCII in it.
fn link_target(entity: &str) -> Option<String> {
    let lower = entity.to_ascii_lowercase();
    let url = if lower.starts_with("https://") || lower.starts_with("http://") {
        entity.to_owned()
    } else if let Some(handle) = entity.strip_prefix(['@', '＠']) {
        format!("https://x.com/{handle}")
    } else if let Some(tag) = entity.strip_prefix(['#', '＃']) {
        format!("https://x.com/hashtag/{tag}")
    } else {
        return None;
    };
    Some(percent_encoded(&url))
}

/// `url` with every byte outside printable ASCII (and the characters that cannot stand in a
/// URL unescaped) percent-encoded, so a PDF viewer and an SVG attribute read it the same way.
fn percent_encoded(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        match byte {
            b'!'..=b'~'
                if !matches!(
                    byte,
                    b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
                ) =>
            {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Length of the URL at the start of `rest`: up to whitespace, without trailing punctuation
/// that ends a sentence rather than the URL.
fn url_end(rest: &str) -> usize {
    let token = rest.split(char::is_whitespace).next().unwrap_or("");
    let trimmed = token.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '…']);
    let trimmed = if trimmed.ends_with(')') && !trimmed.contains('(') {
        &trimmed[..trimmed.len() - 1]
    } else {
        trimmed
    };
    trimmed.len()
}

/// Length of a @mention (1–15 word characters, ASCII), #hashtag (word characters with at least
/// one letter) or $cashtag (1–6 ASCII letters) at the start of `rest`, if there is one.
fn tag_end(rest: &str) -> Option<usize> {
    let mut chars = rest.chars();
    let sigil = chars.next()?;
    // X also accepts the full-width ＃ and ＠.
    let body: &str = &rest[sigil.len_utf8()..];
    let word_len = |pred: fn(char) -> bool| body.find(|c: char| !pred(c)).unwrap_or(body.len());
    match sigil {
        '@' | '＠' => {
            let len = word_len(|c| c.is_ascii_alphanumeric() || c == '_');
            (1..=15).contains(&len).then_some(sigil.len_utf8() + len)
        }
        '#' | '＃' => {
            let len = word_len(is_word_char);
            body[..len]
                .chars()
                .any(char::is_alphabetic)
                .then_some(sigil.len_utf8() + len)
        }
        '$' => {
            let len = word_len(|c| c.is_ascii_alphabetic());
            (1..=6).contains(&len).then_some(1 + len)
        }
        _ => None,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\u{200C}' || c == '\u{200D}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styled<'a>(text: &'a str, links: &[&str]) -> Vec<&'a str> {
        let links: Vec<String> = links.iter().map(|s| s.to_string()).collect();
        entity_ranges(text, &links)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn finds_links_mentions_hashtags_and_cashtags() {
        assert_eq!(
            styled(
                "So we tried @PyTorch (see https://x.com/a/status/1). #AppleSilicon $NVDA",
                &["https://x.com/a/status/1"]
            ),
            [
                "@PyTorch",
                "https://x.com/a/status/1",
                "#AppleSilicon",
                "$NVDA"
            ]
        );
    }

    #[test]
    fn links_show_as_x_shows_them() {
        assert_eq!(
            display_link("https://x.com/mayfer/status/2050323883950313980"),
            "x.com/mayfer/status/205…"
        );
        assert_eq!(display_link("https://www.example.com/"), "example.com");
        assert_eq!(
            display_link("http://theo.example/vectors"),
            "theo.example/vectors"
        );
        assert_eq!(display_link("https://example.com/a/"), "example.com/a/");
        // Cut by characters, never inside one.
        let cut = display_link("https://example.com/ñññññññññññññññññññññ");
        assert_eq!(cut.chars().count(), 24);
        assert!(cut.ends_with('…'));

        let text = "See https://x.com/mayfer/status/2050323883950313980 and @vik. Or https://a.io/";
        let links = vec!["https://x.com/mayfer/status/2050323883950313980".to_owned()];
        let (shown, ranges) = with_display_links(text, &entity_ranges(text, &links));
        assert_eq!(shown, "See x.com/mayfer/status/205… and @vik. Or a.io");
        let styled: Vec<&str> = ranges.into_iter().map(|r| &shown[r]).collect();
        assert_eq!(styled, ["x.com/mayfer/status/205…", "@vik", "a.io"]);
    }

    #[test]
    fn ignores_emails_prices_and_lone_sigils() {
        assert!(styled("mail me@example.com, pay $5 or # 3, #1", &[]).is_empty());
    }

    #[test]
    fn unicode_hashtags() {
        assert_eq!(styled("تعلم #البرمجة اليوم", &[]), ["#البرمجة"]);
        assert_eq!(styled("今日は #プログラミング", &[]), ["#プログラミング"]);
    }
}
