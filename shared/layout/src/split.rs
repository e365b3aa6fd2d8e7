//! Where a text too long for one slide is cut, so the slides it makes read well.
//!
//! Greedy filling (as many lines as fit, then the next slide) leaves a single line on the last
//! slide, or a full slide before a near-empty one, and cuts mid-sentence. Instead, for the
//! lines that remain, [`next_cut`] works out how many slides they need at least, aims this
//! slide at an even share of the text, and among the cuts near that share prefers, in order:
//! a paragraph's end, a sentence's end (at a line's end, or inside a line: that line then ends
//! early), a clause's end, any line. A cut that would leave one line of a paragraph alone on
//! either side costs extra, and no cut may make the rest need more slides than the minimum.

use crate::text::{LineBox, ShapedText, TextPos};

/// One slide's share of a text, and where the next slide's share begins.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cut {
    pub lines: Vec<LineBox>,
    pub next: TextPos,
}

/// How the lines are set: size and line height, in px and as a factor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Setting {
    pub size: f32,
    pub width: f32,
    pub line_height: f32,
}

/// Room for text, in px of height: on this slide, and on each slide after it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Room {
    pub here: f32,
    pub later: f32,
}

/// What a slide costs: each slide, and (times the square of its empty share) the room it
/// leaves. These two against each other make slides few, full and even.
const SLIDE: f32 = 2.0;
const EMPTINESS: f32 = 6.0;
/// A slide less than half full, on top: a split reads as one text only if its slides look
/// alike.
const HALF_EMPTY: f32 = 4.0;

/// What the place a slide ends at costs. A paragraph is often one point (a tip, a step), so a
/// slide ends at one unless that leaves it near half empty: a sentence's end costs about as
/// much as a slide only 55 % full.
const PARAGRAPH_END: f32 = 0.0;
const SENTENCE_END: f32 = 2.0;
/// A sentence that ends inside a line: the slide's last line is then short.
const SENTENCE_INSIDE: f32 = 2.6;
const CLAUSE_END: f32 = 3.5;
const MID_SENTENCE: f32 = 6.0;
/// One line of a paragraph alone at a slide's bottom or top.
const LONE_LINE: f32 = 3.0;

/// How many slides `lines` need at least, filled greedily.
pub(crate) fn slides_needed(
    text: &ShapedText,
    lines: &[LineBox],
    setting: Setting,
    room: Room,
) -> usize {
    let mut rest = lines;
    let mut slides = 0;
    let mut height = room.here;
    while !rest.is_empty() {
        let mut count = text
            .fitting(rest, setting.size, setting.line_height, height)
            .max(1);
        // A slide never starts with a paragraph gap (see `ShapedText::lines`).
        while rest.get(count).is_some_and(LineBox::is_blank) {
            count += 1;
        }
        rest = &rest[count.min(rest.len())..];
        slides += 1;
        height = room.later;
    }
    slides
}

/// Where a slide starts: at a line, or (after a cut inside the line before it) with the rest
/// of that line first, which makes one line more.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Start {
    line: usize,
    carried: bool,
}

/// Where a slide ends: after `count` lines of its start, or inside the last of them at byte
/// `inside` of its paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
struct End {
    line: usize,
    inside: Option<usize>,
}

/// The share of the text from `from` that goes on this slide: the first slide of the best
/// split of everything that is left (it is worked out again for each slide, from where the
/// last one ended, so a cut inside a line is followed by the text as it re-wraps).
pub(crate) fn next_cut(text: &ShapedText, from: TextPos, setting: Setting, room: Room) -> Cut {
    let lines = text.lines(setting.size, setting.width, from);
    let line_px = setting.size * setting.line_height;
    let n = lines.len();
    // The height of lines[start..end], the carried line included.
    let height = |start: Start, end: usize| {
        text.height(&lines[start.line..end], setting.size, setting.line_height)
            + if start.carried { line_px } else { 0.0 }
    };
    // What a slide from `start` to `end` in `room` costs, the place it ends at included.
    let slide_cost = |start: Start, end: End, room: f32| -> Option<f32> {
        let used = height(start, end.line);
        if used > room + 0.01 || end.line <= start.line && !start.carried {
            return None;
        }
        let empty = (1.0 - used / room).max(0.0);
        let last = &lines[end.line.max(1) - 1];
        let place = match end.inside {
            Some(_) => SENTENCE_INSIDE,
            None if end.line == n => PARAGRAPH_END,
            None if last.is_blank() => return None,
            None => {
                let rest = &lines[end.line..];
                let ends_paragraph = rest
                    .first()
                    .is_none_or(|next| next.is_blank() || next.paragraph != last.paragraph);
                if ends_paragraph {
                    PARAGRAPH_END
                } else {
                    let lone = starts_paragraph(&lines, end.line - 1)
                        || ends_paragraph_at(&lines, end.line);
                    ending_cost(text.line_str(last)) + if lone { LONE_LINE } else { 0.0 }
                }
            }
        };
        let half_empty = if empty > 0.5 { HALF_EMPTY } else { 0.0 };
        Some(SLIDE + EMPTINESS * empty * empty + half_empty + place)
    };
    // The ends a slide from `start` may have in `room`: after each line that fits, and at
    // each sentence's end inside a line that fits (not the very last line: nothing would
    // follow).
    let ends = |start: Start, room: f32| -> Vec<End> {
        let mut ends = Vec::new();
        for line in start.line + 1..=n {
            if height(start, line) > room + 0.01 {
                break;
            }
            ends.push(End { line, inside: None });
            let last = &lines[line - 1];
            if line < n && !last.is_blank() {
                for end in sentence_ends(text.line_str(last)) {
                    ends.push(End {
                        line,
                        inside: Some(last.range.start + end),
                    });
                }
            }
        }
        if ends.is_empty() && start.line < n {
            // Not even one line fits (a huge line): it goes alone.
            ends.push(End {
                line: start.line + 1,
                inside: None,
            });
        }
        ends
    };
    let next_start = |end: End| Start {
        line: end.line,
        carried: end.inside.is_some(),
    };
    // best[line][carried]: the least cost of everything from there on, on later slides.
    let mut best = vec![[f32::INFINITY; 2]; n + 1];
    best[n][0] = 0.0;
    best[n][1] = SLIDE + EMPTINESS * (1.0 - line_px / room.later).powi(2) + HALF_EMPTY;
    for line in (0..n).rev() {
        for carried in [false, true] {
            let start = Start { line, carried };
            best[line][usize::from(carried)] = ends(start, room.later)
                .into_iter()
                .filter_map(|end| {
                    let after = next_start(end);
                    Some(
                        slide_cost(start, end, room.later)?
                            + best[after.line][usize::from(after.carried)],
                    )
                })
                .fold(f32::INFINITY, f32::min);
        }
    }
    let first = Start {
        line: 0,
        carried: false,
    };
    let chosen = ends(first, room.here)
        .into_iter()
        .filter_map(|end| {
            let after = next_start(end);
            let cost =
                slide_cost(first, end, room.here)? + best[after.line][usize::from(after.carried)];
            cost.is_finite().then_some((cost, end))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, end)| end);
    let end = chosen.unwrap_or(End {
        line: text
            .fitting(&lines, setting.size, setting.line_height, room.here)
            .clamp(1, n.max(1))
            .min(n),
        inside: None,
    });
    let mut kept = lines[..end.line].to_vec();
    let next = match (end.inside, kept.pop()) {
        (Some(inside), Some(last)) => {
            let cut_line = text.cut_line(&last, inside);
            let next = text.after(&cut_line);
            kept.push(cut_line);
            next
        }
        (None, Some(last)) => {
            let next = text.after(&last);
            kept.push(last);
            next
        }
        (_, None) => from,
    };
    Cut { lines: kept, next }
}

/// What ending a slide after a line with this text costs (it is not a paragraph's end).
fn ending_cost(line: &str) -> f32 {
    let line = line.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’)]»".contains(c));
    match line.chars().last() {
        Some('.' | '!' | '?' | '…' | '。' | '！' | '？' | ':') => SENTENCE_END,
        Some(',' | ';' | '—' | '–' | '、' | '，' | '；') => CLAUSE_END,
        _ => MID_SENTENCE,
    }
}

/// Byte offsets inside `line` (not at its end) just after a sentence's final punctuation.
fn sentence_ends(line: &str) -> Vec<usize> {
    let trimmed = line.trim_end().len();
    line.char_indices()
        .filter(|&(_, c)| matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？'))
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&end| {
            end < trimmed
                && line[end..].starts_with(char::is_whitespace)
                // "e.g. this" and "3.5" are not sentence ends; a capital (or any non-Latin
                // letter) after the space is.
                && line[end..]
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || !c.is_ascii())
        })
        .collect()
}

/// Whether `lines[index]` is the first line of its paragraph.
fn starts_paragraph(lines: &[LineBox], index: usize) -> bool {
    index == 0
        || lines[index - 1].is_blank()
        || lines[index - 1].paragraph != lines[index].paragraph
}

/// Whether `lines[index]` is the last line of its paragraph (and not the last line of all).
fn ends_paragraph_at(lines: &[LineBox], index: usize) -> bool {
    match lines.get(index) {
        Some(line) => lines
            .get(index + 1)
            .is_none_or(|next| next.is_blank() || next.paragraph != line.paragraph),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends_skip_abbreviations_and_decimals() {
        let line = "It is 3.5x faster, e.g. on M2. Then we moved on! and kept going";
        let ends: Vec<&str> = sentence_ends(line).iter().map(|&e| &line[..e]).collect();
        assert_eq!(ends, ["It is 3.5x faster, e.g. on M2."]);
    }

    #[test]
    fn a_line_ending_a_sentence_costs_less_than_one_ending_a_clause() {
        assert!(ending_cost("and so it ends.") < ending_cost("and so, "));
        assert!(ending_cost("and so,") < ending_cost("and so it"));
        assert_eq!(ending_cost("he said “done.”"), SENTENCE_END);
    }
}
