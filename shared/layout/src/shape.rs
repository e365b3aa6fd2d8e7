//! Content-aware slide shapes: deterministic rules that choose how a post slide presents what
//! the post holds (a list, large type, a photo, a headline figure, code) when the deck leaves
//! the slide's [`SlideShape`] on `auto`. The rules read only the slide's text and whether it
//! has a photo, so the same post always gets the same shape.
//!
//! The scanning is written by hand rather than with `regex`: the patterns are small, and the
//! layout is compiled into the studio's WASM, whose size counts.

use model::design::SlideShape;

/// A post at most this long (in characters) with nothing else on its slide is set large.
const PUNCHY_CHARS: usize = 90;
/// A before → after pair is the headline of a post at most this long; a lone figure ("2.3x")
/// only of a post at most [`FIGURE_ALONE_CHARS`] long. In a longer post it is a detail.
const FIGURE_POST_CHARS: usize = 280;
const FIGURE_ALONE_CHARS: usize = 140;

/// What a slide holds, as far as the rules care.
#[derive(Debug, Clone, Copy)]
pub struct Holds<'t> {
    /// The slide's text, scaffolding already removed.
    pub text: &'t str,
    /// A photo or a video poster.
    pub visual: bool,
    /// A quoted post or a link card.
    pub attachment: bool,
    /// More than one post card.
    pub several: bool,
}

/// The shape the rules give a slide. Never [`SlideShape::Auto`].
pub fn choose(holds: Holds<'_>) -> SlideShape {
    let text = holds.text.trim();
    if text.is_empty() {
        return match holds.visual {
            true => SlideShape::Photo,
            false => SlideShape::Text,
        };
    }
    if is_code(text) {
        return SlideShape::Code;
    }
    if list_items(text).is_some() && !holds.visual {
        return SlideShape::List;
    }
    let alone = !holds.visual && !holds.attachment && !holds.several;
    let chars = weighted_len(text);
    let figure_fits = |figure: &str| match figure.contains('→') {
        true => chars <= FIGURE_POST_CHARS,
        false => chars <= FIGURE_ALONE_CHARS,
    };
    if alone && figure(text).is_some_and(|f| figure_fits(&f)) {
        return SlideShape::Figure;
    }
    if alone && chars <= PUNCHY_CHARS && text.lines().count() <= 3 {
        return SlideShape::Punchy;
    }
    SlideShape::Text
}

/// The length of `text` in Latin-character widths: a CJK character (wide) counts as two, so a
/// short Chinese post is not taken for a one-liner.
fn weighted_len(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFF60 => 2,
            _ => 1,
        })
        .sum()
}

/// Whether `text` is code: a fenced block (```), a post that is one backtick span, or three or
/// more lines most of which look like code (indented, or ending in `;`, `{`, `}`).
pub fn is_code(text: &str) -> bool {
    let text = text.trim();
    if text.contains("```") {
        return true;
    }
    if text.len() > 2
        && text.starts_with('`')
        && text.ends_with('`')
        && text.matches('`').count() == 2
    {
        return true;
    }
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 3 {
        return false;
    }
    let code_like = lines
        .iter()
        .filter(|line| {
            let trimmed = line.trim_end();
            line.starts_with("  ")
                || line.starts_with('\t')
                || trimmed.ends_with([';', '{', '}'])
                || trimmed.starts_with("$ ")
                || trimmed.starts_with(">>> ")
        })
        .count();
    code_like * 5 >= lines.len() * 3
}

/// The code of a code slide: fences and their language tags removed, indentation kept.
pub fn code_text(text: &str) -> String {
    let text = text.trim_matches('\n');
    if !text.contains("```") {
        let trimmed = text.trim();
        if trimmed.starts_with('`') && trimmed.ends_with('`') && trimmed.matches('`').count() == 2 {
            return trimmed.trim_matches('`').to_owned();
        }
        return text.to_owned();
    }
    let mut out = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("```") {
            // "```rust" opens a block; "``` code ```" on one line keeps its middle.
            let inner = rest.trim_end_matches('`').trim();
            if rest.ends_with("```") && !inner.is_empty() {
                out.push(inner.to_owned());
            }
            continue;
        }
        out.push(line.trim_end().to_owned());
    }
    out.join("\n").trim_matches('\n').to_owned()
}

/// A list post's parts: the lines before the list (its lead, often "5 lessons:"), the items
/// without their markers, and the markers ("1.", "•"…). `None` unless at least two lines start
/// with a marker and they are at least half of the post's lines.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub lead: String,
    pub items: Vec<(String, String)>,
    pub tail: String,
}

/// Bullets creators start list lines with.
const BULLETS: &[&str] = &[
    "-", "•", "*", "–", "—", "→", "▪", "◦", "✅", "✔️", "✔", "✓", "👉", "➡️", "➡", "▶️", "🔹", "🔸",
];

/// The marker a line starts with ("1.", "2)", "•", "✅") and the rest of the line.
fn marker(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let after = &line[digits..];
        let rest = after
            .strip_prefix(". ")
            .or_else(|| after.strip_prefix(") "))
            .or_else(|| after.strip_prefix("/ "))?;
        return (!rest.trim().is_empty()).then(|| (&line[..digits + 1], rest.trim()));
    }
    BULLETS.iter().find_map(|bullet| {
        let rest = line.strip_prefix(bullet)?;
        let rest = rest.strip_prefix(' ')?;
        (!rest.trim().is_empty()).then_some((*bullet, rest.trim()))
    })
}

pub fn list_items(text: &str) -> Option<List> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let first = lines.iter().position(|l| marker(l).is_some())?;
    let last = lines.iter().rposition(|l| marker(l).is_some())?;
    let marked = lines.iter().filter(|l| marker(l).is_some()).count();
    if marked < 2 || marked * 2 < lines.len() {
        return None;
    }
    let mut items: Vec<(String, String)> = Vec::new();
    for line in &lines[first..=last] {
        match marker(line) {
            Some((mark, rest)) => items.push((mark.to_owned(), rest.to_owned())),
            // An unmarked line inside the list continues the item above it.
            None => {
                if let Some((_, item)) = items.last_mut() {
                    item.push(' ');
                    item.push_str(line.trim());
                }
            }
        }
    }
    Some(List {
        lead: lines[..first].join("\n"),
        items,
        tail: lines[last + 1..].join("\n"),
    })
}

/// The figure a post is built around: a before → after pair ("687µs → 130µs"), else a multiple,
/// a share or an amount with a unit ("2.3x", "40%", "40k", "$1.2M", "130µs"). Plain numbers
/// and years are not figures.
pub fn figure(text: &str) -> Option<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let clean = |t: &str| -> String {
        t.trim_matches(|c: char| {
            matches!(c, ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '“' | '”')
        })
        .trim_end_matches('.')
        .to_owned()
    };
    // "A → B", "A -> B" with a number on both sides, or "A→B" as one token.
    for (i, token) in tokens.iter().enumerate() {
        let token = clean(token);
        if is_arrow(&token) && i > 0 && i + 1 < tokens.len() {
            let (before, after) = (clean(tokens[i - 1]), clean(tokens[i + 1]));
            if is_quantity(&before) && is_quantity(&after) {
                return Some(format!("{before} → {after}"));
            }
        }
        for arrow in ["→", "->"] {
            if let Some((before, after)) = token.split_once(arrow)
                && is_quantity(before)
                && is_quantity(after)
            {
                return Some(format!("{before} → {after}"));
            }
        }
    }
    tokens.iter().map(|t| clean(t)).find(|t| is_figure(t))
}

fn is_arrow(token: &str) -> bool {
    matches!(token, "→" | "->" | "=>" | "⟶" | "➡️" | "➡")
}

/// A number, optionally with a currency before and a unit or multiplier after.
fn is_quantity(token: &str) -> bool {
    let (_, number, unit) = split_number(token);
    !number.is_empty() && unit.chars().count() <= 4 && unit.chars().all(char::is_alphabetic)
        || is_figure(token)
}

/// A quantity that reads as a figure on its own: it has a unit, a multiplier, a share or a
/// currency ("2.3x", "10×", "40%", "40k", "$5", "130µs").
fn is_figure(token: &str) -> bool {
    let (currency, number, unit) = split_number(token);
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let unit_ok = matches!(
        unit,
        "x" | "×"
            | "%"
            | "k"
            | "K"
            | "M"
            | "B"
            | "bn"
            | "ms"
            | "µs"
            | "us"
            | "ns"
            | "s"
            | "GB"
            | "MB"
            | "TB"
            | "KB"
            | "fps"
            | "hrs"
            | "h"
            | "min"
    );
    unit_ok || (currency && unit.is_empty())
}

/// `token` as (has a currency sign, the number, what follows it).
fn split_number(token: &str) -> (bool, &str, &str) {
    let (currency, rest) = match token.strip_prefix(['$', '€', '£', '¥', '+', '~']) {
        Some(rest) => (token.starts_with(['$', '€', '£', '¥']), rest),
        None => (false, token),
    };
    let end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(rest.len(), |(i, _)| i);
    let number = rest[..end].trim_end_matches(['.', ',']);
    (currency, number, &rest[number.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alone(text: &str) -> SlideShape {
        choose(Holds {
            text,
            visual: false,
            attachment: false,
            several: false,
        })
    }

    #[test]
    fn enumerated_lines_make_a_list() {
        let text =
            "5 lessons from a year of shipping:\n\n1. Ship small\n2. Measure\n3. Talk to users";
        assert_eq!(alone(text), SlideShape::List);
        let list = list_items(text).unwrap();
        assert_eq!(list.lead, "5 lessons from a year of shipping:");
        assert_eq!(list.items.len(), 3);
        assert_eq!(list.items[1], ("2.".to_owned(), "Measure".to_owned()));
        let bullets = "What worked:\n• cold email\n• podcasts\n✅ a waitlist";
        assert_eq!(list_items(bullets).unwrap().items.len(), 3);
        // One marked line in prose is not a list; "2024." starts no item.
        assert_eq!(
            list_items("We tried three things.\n- one of them worked"),
            None
        );
        assert_eq!(list_items("2024. A year.\n2025. Another."), None);
    }

    #[test]
    fn a_short_post_alone_is_punchy_but_not_with_a_photo() {
        assert_eq!(alone("Nobody reads the docs."), SlideShape::Punchy);
        let with_photo = Holds {
            text: "Nobody reads the docs.",
            visual: true,
            attachment: false,
            several: false,
        };
        assert_eq!(choose(with_photo), SlideShape::Text);
        let long = "word ".repeat(30);
        assert_eq!(alone(&long), SlideShape::Text);
        // Fifty CJK characters carry as much as a hundred Latin ones.
        let cjk = "我们在苹果芯片上实现了推理引擎速度非常快日本語のテキストも表示できますこれは長い文章です韓国語も";
        assert_eq!(alone(cjk), SlideShape::Text);
    }

    #[test]
    fn a_photo_without_text_is_a_photo_slide() {
        let holds = Holds {
            text: "  ",
            visual: true,
            attachment: false,
            several: false,
        };
        assert_eq!(choose(holds), SlideShape::Photo);
    }

    #[test]
    fn figures_are_found_and_plain_numbers_are_not() {
        assert_eq!(
            figure("We fused it into one kernel: 687µs → 130µs per token."),
            Some("687µs → 130µs".into())
        );
        assert_eq!(figure("Decode got 2.3x faster."), Some("2.3x".into()));
        assert_eq!(figure("We hit 40k users"), Some("40k".into()));
        assert_eq!(figure("Raised $1.2M, finally"), Some("$1.2M".into()));
        assert_eq!(figure("Churn fell to 3%"), Some("3%".into()));
        assert_eq!(figure("In 2024 we had 12 people"), None);
        assert_eq!(figure("See page 3."), None);
        assert_eq!(
            alone("Latency: 687µs → 130µs. Same GPU."),
            SlideShape::Figure
        );
        assert_eq!(alone("Decode is 2.3x faster now."), SlideShape::Figure);
        // A figure in passing in a longer post does not make it a figure slide.
        let passing = "Our engine is highly coupled with PyTorch. ~15k lines of Python and Rust: \
            scheduler, KV manager, radix tree prefix caching, LoRA, image pipeline.";
        assert_eq!(alone(passing), SlideShape::Text);
    }

    #[test]
    fn code_is_found_and_unfenced() {
        let fenced = "Try this:\n```rust\nfn main() {\n    println!(\"hi\");\n}\n```";
        assert_eq!(alone(fenced), SlideShape::Code);
        assert_eq!(
            code_text(fenced),
            "Try this:\nfn main() {\n    println!(\"hi\");\n}"
        );
        let bare = "for x in xs {\n    total += x;\n}";
        assert!(is_code(bare));
        assert_eq!(alone("`cargo build --release`"), SlideShape::Code);
        assert_eq!(
            code_text("`cargo build --release`"),
            "cargo build --release"
        );
        // Prose that mentions `code` inline stays text.
        assert!(!is_code("Run `cargo test` before you push. It is quick."));
    }
}
