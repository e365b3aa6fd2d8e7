//! Thread scaffolding: what authors add to posts so that they read as a thread on X ("1/",
//! "(2/7)", "🧵", "👇", "A thread:"), and which a carousel does not need, since its slides are
//! the sequence. [`strip`] takes it off either end of a post; [`hook`] also sets a first post's
//! trailing links apart as its source; [`is_sign_off`] tells a closing "that's it, follow me"
//! post, which the outro replaces.
//!
//! Only the ends of a post are touched: numbering or an emoji inside a sentence is the
//! author's text and stays.

/// Emoji and arrows that point into a thread, with or without an emoji presentation selector.
const THREAD_SIGNS: &[&str] = &["🧵", "👇", "⬇️", "⬇", "↓", "🪡", "⤵️", "⤵"];

/// Words that may open a label ("A thread", "My short thread", "Our 🧵").
const LABEL_OPENERS: &[&str] = &["a", "an", "my", "our", "this", "mini"];
/// Words that may describe the thread in a label.
const LABEL_KINDS: &[&str] = &[
    "short", "quick", "long", "mini", "little", "brief", "small", "new",
];

/// Separators left dangling once a leading marker is gone ("1/ — …", "Thread: …").
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '|' | '·' | '•')
}

/// Skin-tone modifiers and the emoji presentation selector, which may follow a sign.
fn is_modifier(c: char) -> bool {
    matches!(c, '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}')
}

/// `text` without a thread sign at its start, if it has one.
fn without_leading_sign(text: &str) -> Option<&str> {
    let rest = THREAD_SIGNS.iter().find_map(|s| text.strip_prefix(s))?;
    Some(rest.trim_start_matches(is_modifier))
}

/// `text` without a thread sign at its end, if it has one.
fn without_trailing_sign(text: &str) -> Option<&str> {
    let text = text.trim_end_matches(is_modifier);
    THREAD_SIGNS.iter().find_map(|s| text.strip_suffix(s))
}

/// The length of a thread number at the start of `text` ("1/", "1/N", "(1/12)", "[3/7]",
/// "2/"), if there is one. Two numbers count only when they read as a position in a thread
/// (the first no larger than the second), so "24/7" is left alone.
fn numbering_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let open = matches!(bytes.first(), Some(b'(' | b'['));
    if open {
        i += 1;
    }
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let first = digits(i);
    if first == 0 || first > 3 {
        return None;
    }
    let position: u32 = text[i..i + first].parse().ok()?;
    i += first;
    if bytes.get(i) != Some(&b'/') {
        return None;
    }
    i += 1;
    let second = digits(i);
    if second > 3 {
        return None;
    }
    if second > 0 {
        let total: u32 = text[i..i + second].parse().ok()?;
        if position == 0 || position > total {
            return None;
        }
        i += second;
    } else if matches!(bytes.get(i), Some(b'n' | b'N')) {
        i += 1;
    }
    if open {
        if !matches!(bytes.get(i), Some(b')' | b']')) {
            return None;
        }
        i += 1;
    }
    // A number glued to a word ("1/2cup", "3/4ths") is not a marker, nor a fraction of
    // something ("1/3 of users").
    match text[i..].chars().next() {
        None => Some(i),
        Some(c) if c.is_alphanumeric() => None,
        Some(_) if second > 0 && next_word(&text[i..]).eq_ignore_ascii_case("of") => None,
        Some(_) => Some(i),
    }
}

/// The first word of `text`.
fn next_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or("")
}

/// Words after which a trailing "a/b" is a quantity ("grew by 1/3"), not a thread number.
const BEFORE_A_QUANTITY: &[&str] = &[
    "a", "about", "almost", "around", "at", "by", "is", "just", "of", "only", "over", "than",
    "the", "to", "under", "was", "were",
];

/// The start of a thread number at the end of `text`, if it ends with one.
fn trailing_numbering_start(text: &str) -> Option<usize> {
    let start = text.rfind(|c: char| c.is_whitespace()).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let token = &text[start..];
    if numbering_len(token) != Some(token.len()) {
        return None;
    }
    let before = text[..start].split_whitespace().next_back().unwrap_or("");
    let quantity = token.trim_matches(['(', ')', '[', ']']).len() == token.len()
        && token
            .split('/')
            .nth(1)
            .is_some_and(|b| !b.is_empty() && b != "n" && b != "N")
        && BEFORE_A_QUANTITY
            .iter()
            .any(|w| w.eq_ignore_ascii_case(before));
    (!quantity).then_some(start)
}

/// Whether `line` is only a thread label: "A thread", "Thread:", "(thread)", "A short thread 🧵",
/// "My 🧵" (an opener, a kind, then "thread" or 🧵, then signs), case-insensitively.
fn is_label(line: &str) -> bool {
    let words: Vec<String> = line
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| c.is_ascii_punctuation() || c == '…' || c == '—')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut at = 0;
    if words
        .get(at)
        .is_some_and(|w| LABEL_OPENERS.contains(&w.as_str()))
    {
        at += 1;
    }
    if words
        .get(at)
        .is_some_and(|w| LABEL_KINDS.contains(&w.as_str()))
    {
        at += 1;
    }
    let Some(word) = words.get(at) else {
        return false;
    };
    let named = word == "thread" || without_leading_sign(word).is_some_and(str::is_empty);
    named
        && words[at + 1..]
            .iter()
            .all(|w| without_leading_sign(w).is_some_and(|rest| rest.trim().is_empty()))
}

/// `text` without one leading label ("A thread:", "Thread —", "A short thread 🧵\n"): a label
/// ends at a separator, a thread sign or the line's end, so "A thread on scaling" keeps its
/// words.
fn without_leading_label(text: &str) -> Option<&str> {
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = &text[..line_end];
    let mut ends: Vec<usize> = line
        .char_indices()
        .filter(|(i, c)| {
            matches!(c, ':' | '-' | '–' | '—' | '|') || without_leading_sign(&line[*i..]).is_some()
        })
        .map(|(i, _)| i)
        .collect();
    ends.push(line_end);
    let end = ends.into_iter().find(|&end| is_label(&line[..end]))?;
    Some(&text[end..])
}

/// `text` without a label that closes it: the whole last line ("…\nA thread 🧵"), the last
/// sentence ("We rebuilt it. A thread:"), or a closing "(thread)".
fn without_trailing_label(text: &str) -> Option<&str> {
    // "… (thread)", "… [a short thread]".
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(inner) = text.strip_suffix(close)
            && let Some(start) = inner.rfind(open)
            && is_label(&inner[start + 1..])
        {
            return Some(&text[..start]);
        }
    }
    let body = text.trim_end_matches([':', '.', '…', '!', '-', '—', ' ']);
    let cut = body.rfind(['\n', '.', '!', '?', ':']).map_or(0, |i| {
        i + body[i..].chars().next().map_or(1, char::len_utf8)
    });
    let tail = &text[cut..];
    if is_label(tail) && !tail.trim().is_empty() {
        return Some(&text[..cut]);
    }
    None
}

/// Removes scaffolding from the start of `text`: signs, numbering and labels, in any order.
fn strip_start(mut text: &str, first_post: bool) -> &str {
    text = text.trim_start();
    loop {
        let next = without_leading_sign(text)
            .or_else(|| numbering_len(text).map(|n| &text[n..]))
            .or_else(|| without_leading_label(text))
            .or_else(|| first_post.then(|| without_leading_one(text)).flatten());
        match next {
            Some(rest) => text = rest.trim_start_matches(is_separator),
            None => return text,
        }
    }
}

/// A first post's "1." (or "1)") when it does not start a list: the next line is not "2.".
fn without_leading_one(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("1.")
        .or_else(|| text.strip_prefix("1)"))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let is_list = text
        .lines()
        .skip(1)
        .any(|l| l.trim_start().starts_with("2.") || l.trim_start().starts_with("2)"));
    (!is_list).then_some(rest)
}

/// Removes scaffolding from the end of `text`.
fn strip_end(mut text: &str) -> &str {
    text = text.trim_end();
    loop {
        let next = without_trailing_sign(text)
            .or_else(|| trailing_numbering_start(text).map(|i| &text[..i]))
            .or_else(|| without_trailing_label(text));
        match next {
            Some(rest) if rest.len() < text.len() => {
                text = rest.trim_end_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '-' | '–' | '—' | '|' | '·' | ':')
                });
            }
            _ => return text,
        }
    }
}

/// `text` without thread scaffolding at either end: numbering ("2/", "3/7", "(4/7)", "[1/N]"),
/// thread emoji and arrows (🧵 👇 ⬇️ ↓ 🪡) and labels ("A thread:", "Thread —"). What is
/// between is kept exactly. A post that is nothing but scaffolding comes back empty.
pub fn strip(text: &str) -> String {
    strip_end(strip_start(text, false)).to_owned()
}

/// A thread's first post, as a cover shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hook {
    /// The post's first sentence (or line), without scaffolding: the cover's headline.
    pub headline: String,
    /// What follows it, without scaffolding and without the trailing links; may be empty.
    pub rest: String,
    /// The links the post ended with (joined by spaces), for a small source line.
    pub source: Option<String>,
}

/// Whether `word` is a link: a URL, or a link as X displays it (`x.com/mayfer/status/205…`).
pub fn is_link(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ',', ')']);
    let lower = word.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return true;
    }
    let host = lower.split('/').next().unwrap_or("");
    lower.contains('/')
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        && host
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Splits a thread's first post into its headline, the rest and its source links, all without
/// scaffolding (as [`strip`], and a first post's "1." that starts no list).
pub fn hook(text: &str) -> Hook {
    let mut body = strip_end(strip_start(text, true));
    // Links at the very end are the post's source, not its headline.
    let mut links = Vec::new();
    loop {
        let start = body.rfind(char::is_whitespace).map_or(0, |i| {
            i + body[i..].chars().next().map_or(1, char::len_utf8)
        });
        let word = &body[start..];
        if word.is_empty() || !is_link(word) {
            break;
        }
        links.push(word.to_owned());
        body = strip_end(&body[..start]);
    }
    links.reverse();
    let (headline, rest) = first_sentence(body);
    Hook {
        headline: headline.trim().to_owned(),
        rest: strip(rest),
        source: (!links.is_empty()).then(|| links.join(" ")),
    }
}

/// Splits `text` after its first line, or after the first sentence of that line when the line
/// holds several (a sentence ends at `.`, `!`, `?`, `。`, `！` or `？` before a space, past the
/// first dozen characters so "Dr." or "1." do not end it).
fn first_sentence(text: &str) -> (&str, &str) {
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = &text[..line_end];
    for (i, ch) in line.char_indices() {
        if !matches!(ch, '.' | '!' | '?' | '؟' | '。' | '！' | '？') || i <= 12 {
            continue;
        }
        let end = i + ch.len_utf8();
        let next = line[end..].chars().next();
        let wide = matches!(ch, '。' | '！' | '？');
        if next.is_some_and(|c| c.is_whitespace() || wide) && !line[end..].trim().is_empty() {
            return (&text[..end], &text[end..]);
        }
    }
    (line, &text[line_end..])
}

/// Phrases that close a thread without adding to it.
const SIGN_OFFS: &[&str] = &[
    "end of thread",
    "end of 🧵",
    "/end",
    "that's it",
    "that’s it",
    "that's a wrap",
    "that’s a wrap",
    "thanks for reading",
    "thank you for reading",
    "follow me for more",
    "follow for more",
    "if you enjoyed this thread",
    "if you found this thread",
    "if you liked this thread",
    "hope this helps",
    // Arabic, Chinese, Japanese: "thanks for reading".
    "شكراً للقراءة",
    "شكرا للقراءة",
    "感谢阅读",
    "谢谢阅读",
    "読んでくれてありがとう",
    "読んでいただきありがとう",
];

/// Whether `text` is a closing post that only signs off ("That's it! Follow me for more 🧵"):
/// short, and made of sign-off phrases, a mention or two, links and thread signs. The outro
/// slide says the same, so such a post needs no slide of its own.
pub fn is_sign_off(text: &str) -> bool {
    let text = strip(text);
    if text.is_empty() || text.split_whitespace().count() > 30 {
        return false;
    }
    let lower = text.to_lowercase();
    if !SIGN_OFFS.iter().any(|phrase| lower.contains(phrase)) {
        return false;
    }
    // Nothing of substance besides: each sentence is little more than a sign-off phrase, a
    // short call to follow or share, or only mentions and links.
    const CALLS: &[&str] = &[
        "follow",
        "retweet",
        "repost",
        "share",
        "like",
        "bookmark",
        "تابعوني",
        "تابعونا",
        "关注",
        "フォロー",
    ];
    lower
        .split(['.', '!', '?', ';', '\n', '؟', '。', '！', '？'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .all(|sentence| {
            let words = sentence.split_whitespace().count();
            SIGN_OFFS
                .iter()
                .any(|p| sentence.contains(p) && words <= p.split_whitespace().count() + 4)
                || (words <= 10 && CALLS.iter().any(|w| sentence.contains(w)))
                || sentence
                    .split_whitespace()
                    .all(|w| w.starts_with('@') || is_link(w) || strip(w).is_empty())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_signs_and_labels_leave_either_end() {
        for (given, want) in [
            ("1/ We rebuilt our stack", "We rebuilt our stack"),
            ("(1/12) We rebuilt our stack", "We rebuilt our stack"),
            ("[1/7] We rebuilt our stack", "We rebuilt our stack"),
            ("1/N We rebuilt our stack", "We rebuilt our stack"),
            ("2/ Then we measured", "Then we measured"),
            ("Then we measured 3/7", "Then we measured"),
            ("Then we measured (4/7)", "Then we measured"),
            ("Last one. 7/7", "Last one."),
            ("We shipped it (1/3)", "We shipped it"),
            ("1/3 We shipped it", "We shipped it"),
            ("Then we measured 🧵", "Then we measured"),
            ("🧵 Then we measured 👇", "Then we measured"),
            ("🧵👇🏽 Then we measured", "Then we measured"),
            ("Thread: how we scaled", "how we scaled"),
            ("A thread 🧵\nHow we scaled", "How we scaled"),
            ("How we scaled. A thread:", "How we scaled."),
            ("How we scaled ⬇️ (1/N)", "How we scaled"),
            ("How we scaled\n\nA thread ↓", "How we scaled"),
            ("1/ — How we scaled", "How we scaled"),
            (
                "Five habits that made our team ship twice as fast. A short thread 🧵",
                "Five habits that made our team ship twice as fast.",
            ),
            ("My quick thread: what we learnt", "what we learnt"),
            ("What we learnt (thread)", "What we learnt"),
        ] {
            assert_eq!(strip(given), want, "{given:?}");
        }
    }

    #[test]
    fn what_the_author_wrote_inside_stays() {
        for kept in [
            "24/7 support is hard",
            "Mix 1/2cup of flour",
            "A thread on scaling: what we learnt",
            "This is a thread about 🧵 emoji",
            "We went from 1/3 to 3/3 in a week, and it worked",
            "1/3 of users never come back",
            "Our churn fell by 1/3",
            "Costs are down to 2/3",
            "1. First\n2. Second",
            "Read https://example.com/a",
            "Thread pools are underrated",
        ] {
            assert_eq!(strip(kept), kept, "{kept:?}");
        }
        assert_eq!(strip("1/7 🧵"), "", "only scaffolding");
    }

    #[test]
    fn the_hook_is_the_first_sentence_and_links_become_the_source() {
        let sample = "how we implemented Moondream inference on Apple Silicon (spoiler: we don't \
                      use MLX) ⬇️ (1/N) x.com/mayfer/status/205…";
        let got = hook(sample);
        assert_eq!(
            got.headline,
            "how we implemented Moondream inference on Apple Silicon (spoiler: we don't use MLX)"
        );
        assert_eq!(got.rest, "");
        assert_eq!(got.source.as_deref(), Some("x.com/mayfer/status/205…"));

        let got = hook("1. We cut our p99 by 80%. Here is what worked, and what did not. 🧵");
        assert_eq!(got.headline, "We cut our p99 by 80%.");
        assert_eq!(got.rest, "Here is what worked, and what did not.");
        assert_eq!(got.source, None);

        let got = hook("A thread:\nThe 7 rules we hire by\nNumber 3 surprised us 👇");
        assert_eq!(got.headline, "The 7 rules we hire by");
        assert_eq!(got.rest, "Number 3 surprised us");

        let list = hook("1. Ship small\n2. Ship often");
        assert_eq!(
            list.headline, "1. Ship small",
            "a list keeps its first item's number"
        );
    }

    #[test]
    fn links_are_told_from_words() {
        for link in [
            "https://example.com",
            "x.com/mayfer/status/205…",
            "github.com/a/b",
            "http://a.io",
        ] {
            assert!(is_link(link), "{link}");
        }
        for word in ["e.g.", "Node.js", "and/or", "1/2", "v1.2/3", "hello"] {
            assert!(!is_link(word), "{word}");
        }
    }

    #[test]
    fn closing_posts_that_only_sign_off_are_told() {
        for sign_off in [
            "That's it! Follow me for more 🧵",
            "End of thread. Follow @vikhyatk for more.",
            "Thanks for reading! If you enjoyed this thread, retweet the first post.",
            "that’s a wrap 👋 7/7",
            "شكراً للقراءة! تابعوني @leila_codes لمزيد من القصص عن العمل عن بعد.",
            "感谢阅读!关注 @leila_codes。",
        ] {
            assert!(is_sign_off(sign_off), "{sign_off}");
        }
        for post in [
            "That's it for the CPU path; the GPU path is next.",
            "We learnt three things. First, measure. Thanks for reading this far, the last one \
             matters: cache everything you can, and measure again.",
            "Follow the data, not the hype.",
            "",
        ] {
            assert!(!is_sign_off(post), "{post}");
        }
    }

    proptest::proptest! {
        /// Whatever a page holds: stripping never panics, keeps a contiguous part of the post
        /// (it only cuts its ends), and stripping twice changes nothing more.
        #[test]
        fn stripping_only_cuts_the_ends(text in "[ a-z0-9/()\\[\\].:—🧵👇⬇️\u{FE0F}\u{1F3FD}#@\n]{0,40}") {
            let once = strip(&text);
            proptest::prop_assert!(text.contains(once.as_str()), "{:?} → {:?}", text, once);
            proptest::prop_assert_eq!(strip(&once), once.clone());
            let hook = hook(&text);
            proptest::prop_assert!(hook.headline.chars().count() <= text.chars().count());
            let _ = is_sign_off(&text);
        }
    }
}
