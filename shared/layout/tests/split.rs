//! How a post too long for its slide is fitted or split: a few lines over shrink a little;
//! more is cut at paragraph and sentence ends into balanced slides at one steady size; a
//! long-form post makes a few dozen slides, not a hundred.

mod common;

use common::{fonts, texts, thread, words};
use layout::layout_thread;
use model::Design;

/// The body lines of a slide: one (baseline, font size) per line, without the "continued"
/// label.
fn body_lines(svg: &str) -> Vec<(f32, f32)> {
    let doc = roxmltree::Document::parse(svg).expect("slide is well-formed XML");
    let Some(body) = doc
        .descendants()
        .find(|n| n.attribute("id").is_some_and(|id| id.ends_with("-body")))
    else {
        return Vec::new();
    };
    let mut lines: Vec<(f32, f32)> = Vec::new();
    for text in body.descendants().filter(|n| n.has_tag_name("text")) {
        if text.text() == Some("continued") {
            continue;
        }
        let number = |name: &str| text.attribute(name).and_then(|v| v.parse::<f32>().ok());
        let (Some(y), Some(size)) = (number("y"), number("font-size")) else {
            continue;
        };
        if !lines.iter().any(|&(seen, _)| (seen - y).abs() < 0.5) {
            lines.push((y, size));
        }
    }
    lines
}

/// The text of a slide's body (not its header or footer).
fn body_text(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("slide is well-formed XML");
    doc.descendants()
        .find(|n| n.attribute("id").is_some_and(|id| id.ends_with("-body")))
        .map(|body| {
            body.descendants()
                .filter(|n| n.has_tag_name("text"))
                .filter_map(|n| n.text())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

/// Deterministic prose: `sentences` sentences of varied length in paragraphs of two to five.
fn prose(sentences: usize) -> String {
    // Words of English's usual lengths (about 4.7 letters on average).
    const WORDS: [&str; 24] = [
        "the",
        "model",
        "is",
        "a",
        "cache",
        "of",
        "to",
        "and",
        "we",
        "kernel",
        "in",
        "that",
        "memory",
        "it",
        "for",
        "batch",
        "was",
        "on",
        "latency",
        "with",
        "our",
        "token",
        "as",
        "throughput",
    ];
    let mut seed: u32 = 7;
    let mut next = move |n: u32| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 16) % n
    };
    let mut out = String::new();
    let mut in_paragraph = 0;
    let mut paragraph_len = 2 + next(4);
    for i in 0..sentences {
        let len = 6 + next(16);
        let mut sentence: Vec<String> = (0..len)
            .map(|_| WORDS[next(WORDS.len() as u32) as usize].to_owned())
            .collect();
        sentence[0] = format!("S{i}");
        if !out.is_empty() {
            out.push_str(if in_paragraph == 0 { "\n\n" } else { " " });
        }
        out.push_str(&sentence.join(" "));
        out.push('.');
        in_paragraph += 1;
        if in_paragraph == paragraph_len {
            in_paragraph = 0;
            paragraph_len = 2 + next(4);
        }
    }
    out
}

/// The slides a thread of "hook", `text`, "after" gives `text` (between the cover and "after").
fn parts_of(text: &str, design: &Design) -> Vec<String> {
    let carousel =
        layout_thread(&thread(&["hook", text, "after"]), design, fonts()).expect("layout");
    carousel.slides[1..]
        .iter()
        .take_while(|svg| !words(svg).contains("after"))
        .cloned()
        .collect()
}

/// Every sentence `S0` … `S{n-1}` appears once, in order, across the parts.
fn assert_complete(parts: &[String], sentences: usize) {
    let joined: Vec<String> = parts
        .iter()
        .flat_map(|svg| texts(svg))
        .flat_map(|t| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .filter(|w| w.starts_with('S') && w[1..].chars().all(|c| c.is_ascii_digit()))
        .collect();
    let expected: Vec<String> = (0..sentences).map(|i| format!("S{i}")).collect();
    assert_eq!(joined, expected, "every sentence once, in order");
}

#[test]
fn a_post_a_few_lines_over_is_fitted_and_a_longer_one_split_into_balanced_slides() {
    let design = Design::default();
    let body = design.typography.body * design.canvas().scale();
    let (mut fitted, mut split) = (false, false);
    for sentences in (4..=40).step_by(2) {
        let text = prose(sentences);
        let parts = parts_of(&text, &design);
        assert_complete(&parts, sentences);
        let lines: Vec<Vec<(f32, f32)>> = parts.iter().map(|svg| body_lines(svg)).collect();
        if parts.len() == 1 {
            let size = lines[0][0].1;
            assert!(size >= body * 0.79, "fitted only a little: {size} < {body}");
            fitted |= size < body;
            continue;
        }
        split = true;
        // One steady size, the body's, on every part.
        for part in &lines {
            assert!(part.iter().all(|&(_, size)| size == body), "{part:?}");
        }
        // Balanced: no part holds less than half of the fullest one, nor fewer than 3 lines.
        let most = lines.iter().map(Vec::len).max().unwrap();
        for part in &lines {
            assert!(
                part.len() >= 3 && part.len() * 2 >= most,
                "{sentences} sentences: parts of {:?} lines",
                lines.iter().map(Vec::len).collect::<Vec<_>>()
            );
        }
        // Each part but the last ends where a sentence does.
        for svg in &parts[..parts.len() - 1] {
            let shown = body_text(svg);
            let end = shown.trim_end();
            assert!(
                end.ends_with('.'),
                "cut mid-sentence: …{}",
                &end[end.len().saturating_sub(40)..]
            );
        }
        for svg in &parts[1..] {
            assert!(texts(svg).iter().any(|t| t == "continued"), "labelled");
        }
    }
    assert!(fitted, "some length was fitted by shrinking a little");
    assert!(split, "some length was split");
}

#[test]
fn a_4000_word_post_makes_a_few_dozen_slides() {
    let sentences = 300;
    let text = prose(sentences);
    let words = text.split_whitespace().count();
    assert!((3_500..=4_500).contains(&words), "{words} words");
    let parts = parts_of(&text, &Design::default());
    assert!(
        (20..=40).contains(&parts.len()),
        "{words} words made {} slides",
        parts.len()
    );
    assert_complete(&parts, sentences);
    // A long read is set at one size throughout, smaller than the body but not tiny.
    let sizes: Vec<f32> = parts
        .iter()
        .flat_map(|svg| body_lines(svg))
        .map(|(_, size)| size)
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] == w[1]), "one size");
    let lines: Vec<usize> = parts.iter().map(|svg| body_lines(svg).len()).collect();
    let most = *lines.iter().max().unwrap();
    assert!(lines.iter().all(|&n| n * 2 >= most), "{lines:?}");
}
