//! Setting text: font choice per grapheme cluster, shaping, line breaking, bidi and SVG output.
//!
//! A text is shaped once, in font units (em), with rustybuzz — the shaper usvg uses too — and can
//! then be broken into lines at any size, which makes shrink-to-fit cheap. Lines break only at
//! UAX #14 opportunities (`unicode-linebreak`), so CJK wraps between characters and Latin between
//! words; a word wider than the line is cut between grapheme clusters. Each line is emitted as
//! one `<text>` element per run with an explicit `x`, so the renderer never re-wraps anything.
//!
//! Emoji: each emoji grapheme cluster (skin tones, flags, ZWJ sequences, keycaps) becomes its own
//! `<text font-family="Noto Color Emoji">` element. resvg mangles such sequences when it reaches
//! the emoji font through fallback inside a run; on their own they render in resvg, krilla and
//! browsers alike.

use std::ops::Range;

use unicode_bidi::{BidiInfo, Level, ParagraphBidiInfo};
use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_properties::emoji::{EmojiStatus, UnicodeEmoji};
use unicode_segmentation::UnicodeSegmentation;

use super::LayoutError;
use super::entities::{entity_ranges, with_link_targets};
use crate::FontBook;
use crate::svg::{escape, num};

/// The family used for emoji clusters.
pub const EMOJI_FAMILY: &str = "Noto Color Emoji";
/// Families tried, in order, for characters the requested family lacks. Inter comes first for
/// symbols such as arrows that the serif, display and mono families lack: a character no
/// measured font has would be drawn by the renderer's own fallback, at another width.
pub const FALLBACK_FAMILIES: [&str; 3] = ["Inter", "Noto Sans Arabic", "Noto Sans CJK SC"];

/// Horizontal alignment of lines within their box. `Start` is left for left-to-right
/// paragraphs and right for right-to-left ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Start,
    Center,
}

/// A position in a shaped text: a paragraph and a byte offset in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct TextPos {
    pub paragraph: usize,
    pub offset: usize,
}

/// One run: consecutive clusters with the same face, style and bidi level.
#[derive(Debug, Clone)]
struct Run {
    range: Range<usize>,
    face: usize,
    entity: bool,
    emoji: bool,
    /// A cluster no bundled font has: never merged with its neighbours.
    isolated: bool,
    level: Level,
}

#[derive(Debug, Clone)]
struct Paragraph {
    text: String,
    rtl: bool,
    runs: Vec<Run>,
    /// `advance[i]` = the width in em of everything before byte `i`; widths are differences.
    advance: Vec<f32>,
    /// Byte offsets where a line may end (after the offset's preceding character).
    breaks: Vec<usize>,
    /// Where the entities lead (see [`super::entities::with_link_targets`]): each piece of one
    /// is emitted inside an SVG `<a>`, which the PDF export turns into a link annotation.
    targets: Vec<(Range<usize>, String)>,
}

/// A text shaped once, ready to be broken into lines at any size.
#[derive(Debug, Clone)]
pub struct ShapedText {
    paragraphs: Vec<Paragraph>,
    /// Ascender and descender of the primary face, in em.
    ascent: f32,
    descent: f32,
    ellipsis_face: usize,
    ellipsis_em: f32,
    /// Headings: each paragraph's lines are made as even as its line count allows.
    balanced: bool,
}

/// The most lines, and places a line may end, that [`Paragraph::balance`] evens out.
const MAX_BALANCED_LINES: usize = 8;
const MAX_BALANCED_BREAKS: usize = 240;

/// A step of [`Paragraph::balance`]'s search: the least cost so far, and where the line
/// before started (`None`: at the paragraph's start).
type Step = (f32, Option<usize>);

/// One line: a byte range of one paragraph. An empty paragraph is a blank line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineBox {
    pub paragraph: usize,
    pub range: Range<usize>,
    /// Set on the last line of a clamped text: an ellipsis follows it.
    pub ellipsis: bool,
    /// Set when the line ends inside a word too wide for any line (a long URL, say).
    pub forced: bool,
}

impl LineBox {
    /// Whether this is a blank line (a paragraph gap).
    pub fn is_blank(&self) -> bool {
        self.range.is_empty() && !self.ellipsis
    }
}

/// Colours for emitting text.
#[derive(Debug, Clone, Copy)]
pub struct Paint<'a> {
    pub text: &'a str,
    /// Links, @mentions, #hashtags and $cashtags.
    pub entity: &'a str,
}

/// Where and how to emit lines.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub size: f32,
    pub line_height: f32,
    pub align: Align,
}

/// Blank lines (paragraph gaps) are shorter than text lines: a full empty line looks like a hole.
const BLANK_LINE: f32 = 0.55;

impl ShapedText {
    /// Shapes `text` in `family` at `weight`; `links` are the post's full URLs (styled as links
    /// wherever they occur, like any other `http(s)://` token, @mention, #hashtag or $cashtag,
    /// and shown in X's short form).
    pub fn new(
        text: &str,
        links: &[String],
        fonts: &FontBook,
        family: &str,
        weight: u16,
    ) -> Result<ShapedText, LayoutError> {
        let primary = fonts
            .index_of(family, weight)
            .ok_or_else(|| LayoutError::MissingFont(family.to_owned()))?;
        let mut chain = vec![primary];
        chain.extend(
            FALLBACK_FAMILIES
                .iter()
                .filter_map(|f| fonts.index_of(f, weight)),
        );
        let emoji = fonts.index_of(EMOJI_FAMILY, 400);
        let face = &fonts.faces()[primary].face;
        let upem = face.units_per_em() as f32;
        let (ascent, descent) = (
            face.ascender() as f32 / upem,
            -(face.descender() as f32) / upem,
        );

        let text = normalise(text);
        let (text, entities) = with_link_targets(&text, &entity_ranges(&text, links));
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let inside = |r: &Range<usize>| r.start >= start && r.end <= start + line.len();
            let para_entities: Vec<Range<usize>> = entities
                .iter()
                .filter(|(r, _)| inside(r))
                .map(|(r, _)| r.start - start..r.end - start)
                .collect();
            let mut paragraph = Paragraph::new(line, &para_entities, fonts, &chain, emoji);
            paragraph.targets = entities
                .iter()
                .filter(|(r, _)| inside(r))
                .filter_map(|(r, url)| Some((r.start - start..r.end - start, url.clone()?)))
                .collect();
            paragraphs.push(paragraph);
            start += line.len() + 1;
        }
        let (ellipsis_em, _) = measure("…", fonts, primary, false);
        Ok(ShapedText {
            paragraphs,
            ascent,
            descent,
            ellipsis_face: primary,
            ellipsis_em,
            balanced: false,
        })
    }

    /// The start of the text.
    pub fn start(&self) -> TextPos {
        TextPos::default()
    }

    /// Whether there is any visible text from `from` on.
    /// Whether any paragraph runs right to left.
    pub fn is_rtl(&self) -> bool {
        self.paragraphs.iter().any(|p| p.rtl)
    }

    pub fn has_text_from(&self, from: TextPos) -> bool {
        self.paragraphs
            .iter()
            .enumerate()
            .skip(from.paragraph)
            .any(|(i, p)| {
                let offset = if i == from.paragraph { from.offset } else { 0 };
                !p.text[offset.min(p.text.len())..].trim().is_empty()
            })
    }

    /// Breaks the text from `from` into lines no wider than `width` at font size `size`.
    /// Leading blank lines are dropped, so a continuation never starts with a gap.
    pub fn lines(&self, size: f32, width: f32, from: TextPos) -> Vec<LineBox> {
        let max_em = width / size;
        let mut lines = Vec::new();
        for (index, para) in self.paragraphs.iter().enumerate().skip(from.paragraph) {
            let start = if index == from.paragraph {
                from.offset
            } else {
                0
            };
            para.wrap(index, start, max_em, self.balanced, &mut lines);
        }
        let first_text = lines
            .iter()
            .position(|l| !l.is_blank())
            .unwrap_or(lines.len());
        lines.drain(..first_text);
        while lines.last().is_some_and(LineBox::is_blank) {
            lines.pop();
        }
        lines
    }

    /// This text with balanced lines, for headings: "Start with the / hook" becomes "Start /
    /// with the hook", in as many lines as before, none over the measure.
    pub fn balanced(mut self) -> ShapedText {
        self.balanced = true;
        self
    }

    /// Whether any line had to cut a word in two.
    pub fn has_forced_breaks(lines: &[LineBox]) -> bool {
        lines.iter().any(|l| l.forced)
    }

    /// The height of `lines` at `size` with line height factor `line_height`.
    pub fn height(&self, lines: &[LineBox], size: f32, line_height: f32) -> f32 {
        lines
            .iter()
            .map(|l| if l.is_blank() { BLANK_LINE } else { 1.0 })
            .sum::<f32>()
            * size
            * line_height
    }

    /// The widest of `lines` at `size`, in px.
    pub fn width(&self, lines: &[LineBox], size: f32) -> f32 {
        lines.iter().map(|l| self.line_em(l)).fold(0.0, f32::max) * size
    }

    /// How many of `lines` fit in `height`.
    pub fn fitting(&self, lines: &[LineBox], size: f32, line_height: f32, height: f32) -> usize {
        let mut used = 0.0;
        for (count, line) in lines.iter().enumerate() {
            used += if line.is_blank() { BLANK_LINE } else { 1.0 } * size * line_height;
            if used > height + 0.01 {
                return count;
            }
        }
        lines.len()
    }

    /// The text `lines` show, as plain text: lines joined as the text has them (by its space,
    /// or by nothing inside a word), paragraphs by newlines (for alt text).
    pub fn text_of(&self, lines: &[LineBox]) -> String {
        let mut out = String::new();
        // The previous line: its paragraph and where it ended in it.
        let mut previous: Option<(usize, usize)> = None;
        for line in lines {
            let paragraph = &self.paragraphs[line.paragraph].text;
            let text = paragraph[line.range.clone()].trim();
            if text.is_empty() {
                continue;
            }
            if !out.is_empty() {
                match previous {
                    // A line broken inside a word (a long link, CJK text) joins without a
                    // space: only the text's own spaces separate words.
                    Some((index, end)) if index == line.paragraph => {
                        let gap = paragraph.get(end..line.range.start).unwrap_or("");
                        let spaced = gap.chars().any(char::is_whitespace)
                            || paragraph[..end].ends_with(char::is_whitespace)
                            || paragraph[line.range.clone()].starts_with(char::is_whitespace);
                        if spaced {
                            out.push(' ');
                        }
                    }
                    _ => out.push('\n'),
                }
            }
            out.push_str(text);
            if line.ellipsis {
                out.push('…');
            }
            previous = Some((line.paragraph, line.range.end));
        }
        out
    }

    /// What `line` shows, as it is in its paragraph.
    pub fn line_str(&self, line: &LineBox) -> &str {
        &self.paragraphs[line.paragraph].text[line.range.clone()]
    }

    /// `line` ended early, at byte `end` of its paragraph (a sentence's end inside it), without
    /// the spaces before that.
    pub fn cut_line(&self, line: &LineBox, end: usize) -> LineBox {
        let text = &self.paragraphs[line.paragraph].text;
        let end = end.clamp(line.range.start, line.range.end);
        let kept = text[line.range.start..end].trim_end().len();
        LineBox {
            range: line.range.start..line.range.start + kept,
            ellipsis: false,
            forced: false,
            ..line.clone()
        }
    }

    /// Where the text after `line` continues (past the spaces the line ended with).
    pub fn after(&self, line: &LineBox) -> TextPos {
        let text = &self.paragraphs[line.paragraph].text;
        let rest = &text[line.range.end..];
        TextPos {
            paragraph: line.paragraph,
            offset: text.len() - rest.trim_start().len(),
        }
    }

    /// Keeps at most `max` lines; the last kept line is shortened to make room for an ellipsis
    /// when text was cut.
    pub fn clamp(&self, lines: &mut Vec<LineBox>, max: usize, size: f32, width: f32) {
        if lines.len() <= max || max == 0 {
            return;
        }
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            let para = &self.paragraphs[last.paragraph];
            let room = width / size - self.ellipsis_em;
            let mut end = last.range.end;
            while end > last.range.start && para.width(last.range.start, end) > room {
                end = prev_grapheme(&para.text, end);
            }
            let kept = para.text[last.range.start..end].trim_end().len();
            last.range.end = last.range.start + kept;
            last.ellipsis = true;
        }
    }

    /// Emits `lines` as SVG `<text>` elements into `out`.
    pub fn emit(
        &self,
        lines: &[LineBox],
        fonts: &FontBook,
        place: Placement,
        paint: Paint<'_>,
        out: &mut String,
    ) {
        let line_px = place.size * place.line_height;
        let mut top = place.y;
        for line in lines {
            if line.is_blank() {
                top += BLANK_LINE * line_px;
                continue;
            }
            let baseline = top
                + (line_px - (self.ascent + self.descent) * place.size) / 2.0
                + self.ascent * place.size;
            let para = &self.paragraphs[line.paragraph];
            let mut pieces = para.visual_pieces(line.range.clone());
            let ellipsis = Piece {
                range: 0..0,
                face: self.ellipsis_face,
                entity: false,
                emoji: false,
                level: Level::ltr(),
            };
            if line.ellipsis {
                if para.rtl {
                    pieces.insert(0, ellipsis)
                } else {
                    pieces.push(ellipsis)
                }
            }
            let piece_width = |piece: &Piece| {
                if piece.range.is_empty() {
                    self.ellipsis_em * place.size
                } else {
                    para.width(piece.range.start, piece.range.end) * place.size
                }
            };
            let total: f32 = pieces.iter().map(piece_width).sum();
            let mut x = match (place.align, para.rtl) {
                (Align::Start, false) => place.x,
                (Align::Start, true) => place.x + place.width - total,
                (Align::Center, _) => place.x + (place.width - total) / 2.0,
            };
            for piece in &pieces {
                let width = piece_width(piece);
                // Spaces at a piece's ends are not drawn but skipped: a renderer would place
                // them by its own idea of the paragraph direction, not by ours.
                let (content, shift) = if piece.range.is_empty() {
                    ("…", 0.0)
                } else {
                    let raw = &para.text[piece.range.clone()];
                    let lead = raw.len() - raw.trim_start().len();
                    let inner = piece.range.start + lead..piece.range.start + raw.trim_end().len();
                    if inner.is_empty() {
                        x += width;
                        continue;
                    }
                    let skipped = if piece.level.is_rtl() {
                        para.width(inner.end, piece.range.end)
                    } else {
                        para.width(piece.range.start, inner.start)
                    };
                    (&para.text[inner], skipped * place.size)
                };
                let face = &fonts.faces()[piece.face];
                let fill = if piece.entity {
                    paint.entity
                } else {
                    paint.text
                };
                // A piece of a link, mention or hashtag: inside an `<a>` with the box it covers
                // (`data-box`: x y width height), which the PDF export makes a link annotation.
                let target = piece
                    .entity
                    .then(|| {
                        para.targets.iter().find(|(r, _)| {
                            r.start <= piece.range.start && piece.range.start < r.end
                        })
                    })
                    .flatten();
                if let Some((_, url)) = target {
                    let shown = &para.text[piece.range.clone()];
                    let inner = shown.trim();
                    let lead = shown.len() - shown.trim_start().len();
                    let from = piece.range.start + lead;
                    // The drawn text starts at `x + shift` whatever its direction.
                    let inner_w = para.width(from, from + inner.len()) * place.size;
                    out.push_str(&format!(
                        r#"<a href="{}" data-box="{} {} {} {}">"#,
                        escape(url),
                        num(x + shift),
                        num(top),
                        num(inner_w),
                        num(line_px),
                    ));
                }
                out.push_str(&format!(
                    r#"<text x="{}" y="{}" font-family="{}" font-size="{}""#,
                    num(x + shift),
                    num(baseline),
                    escape(&face.family),
                    num(place.size),
                ));
                if face.weight != 400 {
                    out.push_str(&format!(r#" font-weight="{}""#, face.weight));
                }
                if !piece.emoji {
                    out.push_str(&format!(r#" fill="{}""#, escape(fill)));
                }
                // Renderers lay a `<text>` out as a left-to-right paragraph, which would move
                // a right-to-left piece's edge punctuation; right-to-left marks pin it.
                let content = if piece.level.is_rtl() {
                    format!("\u{200F}{content}\u{200F}")
                } else {
                    content.to_owned()
                };
                out.push_str(&format!(
                    r#" xml:space="preserve">{}</text>"#,
                    escape(&content)
                ));
                if target.is_some() {
                    out.push_str("</a>");
                }
                x += width;
            }
            top += line_px;
        }
    }

    /// Vertical metrics of the primary face, in em.
    pub fn metrics(&self) -> (f32, f32) {
        (self.ascent, self.descent)
    }

    fn line_em(&self, line: &LineBox) -> f32 {
        let para = &self.paragraphs[line.paragraph];
        para.width(line.range.start, line.range.end)
            + if line.ellipsis { self.ellipsis_em } else { 0.0 }
    }
}

/// A piece of a line in visual order: part of one run, one bidi level.
#[derive(Debug, Clone)]
struct Piece {
    range: Range<usize>,
    face: usize,
    entity: bool,
    emoji: bool,
    level: Level,
}

impl Paragraph {
    fn new(
        text: &str,
        entities: &[Range<usize>],
        fonts: &FontBook,
        chain: &[usize],
        emoji_face: Option<usize>,
    ) -> Paragraph {
        let bidi = ParagraphBidiInfo::new(text, None);
        let rtl = bidi.paragraph_level.is_rtl();
        let mut levels = bidi.levels.clone();
        // In right-to-left text a Latin @mention, #hashtag or URL reads as one left-to-right
        // unit, as if isolated (U+2066…U+2069): its "@" and "/" are neutral and would
        // otherwise take the paragraph's direction ("leila_codes@").
        if rtl {
            let ltr =
                Level::new(bidi.paragraph_level.number() + 1).unwrap_or_else(|_| Level::ltr());
            for entity in entities {
                let Some(shown) = text.get(entity.clone()) else {
                    continue;
                };
                if shown
                    .chars()
                    .any(|c| unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::L)
                {
                    for level in levels.get_mut(entity.clone()).into_iter().flatten() {
                        *level = ltr;
                    }
                }
            }
        }
        let mut runs: Vec<Run> = Vec::new();
        for (start, cluster) in text.grapheme_indices(true) {
            let range = start..start + cluster.len();
            let entity = entities.iter().any(|e| e.start <= start && start < e.end);
            let level = levels.get(start).copied().unwrap_or_else(Level::ltr);
            if let (true, Some(face)) = (is_emoji(cluster), emoji_face) {
                runs.push(Run {
                    range,
                    face,
                    entity,
                    emoji: true,
                    isolated: false,
                    level,
                });
                continue;
            }
            // Spaces, punctuation and symbols stay in the current run's face when it has them,
            // so that a run of Arabic or CJK is not cut at every space; letters and digits
            // always go back to the first face of the chain that has them.
            let neutral = cluster.chars().all(|c| !c.is_alphanumeric());
            let found = match runs.last() {
                Some(run)
                    if neutral
                        && !run.emoji
                        && !run.isolated
                        && run.entity == entity
                        && run.level == level
                        && covers(fonts, run.face, cluster) =>
                {
                    Some(run.face)
                }
                _ => chain
                    .iter()
                    .copied()
                    .find(|&face| covers(fonts, face, cluster))
                    .or(emoji_face.filter(|&face| covers(fonts, face, cluster))),
            };
            // A cluster no bundled font has gets a run of its own: whatever the renderer then
            // draws for it cannot shift the text around it.
            let (face, isolated) = match found {
                Some(face) => (face, false),
                None => (chain[0], true),
            };
            match runs.last_mut() {
                Some(run)
                    if !run.emoji
                        && !run.isolated
                        && !isolated
                        && run.face == face
                        && run.entity == entity
                        && run.level == level =>
                {
                    run.range.end = range.end;
                }
                _ => runs.push(Run {
                    range,
                    face,
                    entity,
                    emoji: false,
                    isolated,
                    level,
                }),
            }
        }

        let mut advance = vec![0.0f32; text.len() + 1];
        for run in &runs {
            let (_, clusters) = measure(
                &text[run.range.clone()],
                fonts,
                run.face,
                run.level.is_rtl(),
            );
            for (offset, em) in clusters {
                advance[run.range.start + offset + 1] += em;
            }
        }
        // Turn per-cluster advances (stored one past the cluster start) into a prefix sum.
        for i in 1..advance.len() {
            advance[i] += advance[i - 1];
        }
        let breaks = linebreaks(text)
            .filter(|&(_, kind)| {
                matches!(
                    kind,
                    BreakOpportunity::Allowed | BreakOpportunity::Mandatory
                )
            })
            .map(|(offset, _)| offset)
            .collect();
        Paragraph {
            text: text.to_owned(),
            rtl,
            runs,
            advance,
            breaks,
            targets: Vec::new(),
        }
    }

    /// Width in em of bytes `start..end`; the advance of a cluster is counted at its start byte.
    fn width(&self, start: usize, end: usize) -> f32 {
        self.advance[end.min(self.text.len())] - self.advance[start.min(self.text.len())]
    }

    fn visible_end(&self, start: usize, end: usize) -> usize {
        start + self.text[start..end].trim_end().len()
    }

    /// Breaks the paragraph into lines of at most `max_em` from byte `start`, then evens them
    /// out without adding a line: `balanced`, the most even lines in that many (headings, see
    /// [`Self::balance`]); otherwise only a last line of one word (or one CJK character) takes a
    /// word from the line above, as CSS's `text-wrap: pretty` does.
    fn wrap(
        &self,
        index: usize,
        start: usize,
        max_em: f32,
        balanced: bool,
        lines: &mut Vec<LineBox>,
    ) {
        let mut greedy = Vec::new();
        self.break_lines(index, start, max_em, &mut greedy);
        let count = greedy.len();
        let forced = greedy.iter().any(|l| l.forced);
        if count < 2 || forced {
            lines.extend(greedy);
            return;
        }
        let keeps = |em: f32| {
            let mut trial = Vec::new();
            self.break_lines(index, start, em, &mut trial);
            (trial.len() == count && !trial.iter().any(|l| l.forced)).then_some(trial)
        };
        // Balancing costs lines × places²: headings are a few lines; a long text set in title
        // type (a big quote) keeps its greedy lines, which are then only made "pretty".
        if balanced && count <= MAX_BALANCED_LINES && self.breaks.len() <= MAX_BALANCED_BREAKS {
            lines.extend(self.balance(index, start, max_em, count).unwrap_or(greedy));
            return;
        }
        if !self.is_one_word(greedy.last().map(|l| l.range.clone()).unwrap_or_default()) {
            lines.extend(greedy);
            return;
        }
        let better = [0.96, 0.92, 0.88, 0.84].iter().find_map(|&k| {
            keeps(max_em * k).filter(|trial| {
                !self.is_one_word(trial.last().map(|l| l.range.clone()).unwrap_or_default())
            })
        });
        lines.extend(better.unwrap_or(greedy));
    }

    /// The `count` lines from `start`, none over `max_em`, whose widths are the most even
    /// (least sum of squared shortfalls from `max_em`, the last line included, and a last line
    /// of one word avoided where the words allow): a dynamic
    /// programme over the places a line may end, as Knuth and Plass break paragraphs. Headings
    /// are short, so trying every pair of places is cheap. `None` if no such split exists.
    fn balance(
        &self,
        index: usize,
        start: usize,
        max_em: f32,
        count: usize,
    ) -> Option<Vec<LineBox>> {
        let len = self.text.len();
        let mut ends: Vec<usize> = self
            .breaks
            .iter()
            .copied()
            .filter(|&b| b > start && b < len)
            .collect();
        ends.push(len);
        // best[c][j]: the least cost of setting start..ends[j] in c + 1 lines, and the end
        // index the last of those lines started after (None: it started at `start`).
        let n = ends.len();
        let mut best: Vec<Vec<Option<Step>>> = vec![vec![None; n]; count];
        // A last line of one word costs as much as a line a half short, on top.
        let lone = max_em * max_em * 0.25;
        let cost = |from: usize, to: usize| {
            let w = self.width(from, self.visible_end(from, to));
            let alone = to == len && count > 1 && self.is_one_word(from..to);
            (w <= max_em + 1e-4)
                .then_some((max_em - w) * (max_em - w) + if alone { lone } else { 0.0 })
        };
        for (j, &end) in ends.iter().enumerate() {
            best[0][j] = cost(start, end).map(|c| (c, None));
        }
        for c in 1..count {
            for j in 0..n {
                let mut chosen: Option<Step> = None;
                for i in 0..j {
                    let Some((before, _)) = best[c - 1][i] else {
                        continue;
                    };
                    if let Some(line) = cost(ends[i], ends[j]) {
                        let total = before + line;
                        if chosen.is_none_or(|(t, _)| total < t) {
                            chosen = Some((total, Some(i)));
                        }
                    }
                }
                best[c][j] = chosen;
            }
        }
        // Walk back from the paragraph's end.
        let mut cuts = Vec::with_capacity(count);
        let mut j = n - 1;
        for c in (0..count).rev() {
            let (_, previous) = best[c][j]?;
            cuts.push(ends[j]);
            match previous {
                Some(i) => j = i,
                None if c == 0 => {}
                None => return None,
            }
        }
        cuts.reverse();
        let mut from = start;
        let mut out = Vec::with_capacity(count);
        for cut in cuts {
            out.push(LineBox {
                paragraph: index,
                range: from..self.visible_end(from, cut),
                ellipsis: false,
                forced: false,
            });
            from = cut;
        }
        Some(out)
    }

    /// Whether `range` holds a single word: no place inside it where a line could end.
    fn is_one_word(&self, range: Range<usize>) -> bool {
        let text = &self.text[range.clone()];
        let end = range.start + text.trim_end().len();
        !self.breaks.iter().any(|&b| b > range.start && b < end)
    }

    fn break_lines(&self, index: usize, start: usize, max_em: f32, lines: &mut Vec<LineBox>) {
        let len = self.text.len();
        let mut line_start = start.min(len);
        if self.text[line_start..].trim().is_empty() {
            lines.push(LineBox {
                paragraph: index,
                range: len..len,
                ellipsis: false,
                forced: false,
            });
            return;
        }
        let mut last_fit: Option<usize> = None;
        let mut next = self.breaks.partition_point(|&b| b <= line_start);
        while let Some(&candidate) = self.breaks.get(next) {
            let end = self.visible_end(line_start, candidate);
            if self.width(line_start, end) <= max_em {
                last_fit = Some(candidate);
                next += 1;
                continue;
            }
            let (cut, forced) = match last_fit.take() {
                Some(fit) => (fit, false),
                // Not even one word fits: cut inside it.
                None => (self.cut_word(line_start, candidate, max_em), true),
            };
            lines.push(LineBox {
                paragraph: index,
                range: line_start..self.visible_end(line_start, cut),
                ellipsis: false,
                forced,
            });
            line_start = cut;
            if line_start >= len {
                return;
            }
        }
        if line_start < len {
            lines.push(LineBox {
                paragraph: index,
                range: line_start..self.visible_end(line_start, len),
                ellipsis: false,
                forced: false,
            });
        }
    }

    /// Where to cut a word too wide for the line: after the last `/ . - _ ? & = #` that fits
    /// (so a URL breaks between its parts), else at the furthest grapheme boundary that fits;
    /// always at least one cluster.
    fn cut_word(&self, start: usize, end: usize, max_em: f32) -> usize {
        let mut cut = start;
        let mut soft = None;
        for (offset, cluster) in self.text[start..end].grapheme_indices(true) {
            let next = start + offset + cluster.len();
            if cut > start && self.width(start, next) > max_em {
                break;
            }
            cut = next;
            if matches!(cluster, "/" | "." | "-" | "_" | "?" | "&" | "=" | "#") {
                soft = Some(next);
            }
        }
        // A soft break is worth a shorter line, but not one under a third of the width.
        match soft {
            Some(soft) if soft < end && self.width(start, soft) >= max_em / 3.0 => soft,
            _ => cut,
        }
    }

    /// The pieces of a line in visual order: UAX #9 rule L2 over their levels, each piece one
    /// object. The levels are the paragraph's as resolved; rule L1 is not applied (a line is
    /// cut before its trailing spaces, the ones it would reset).
    fn visual_pieces(&self, line: Range<usize>) -> Vec<Piece> {
        let pieces: Vec<Piece> = self
            .runs
            .iter()
            .filter(|run| run.range.start < line.end && run.range.end > line.start)
            .map(|run| Piece {
                range: run.range.start.max(line.start)..run.range.end.min(line.end),
                face: run.face,
                entity: run.entity,
                emoji: run.emoji,
                level: run.level,
            })
            .collect();
        let levels: Vec<Level> = pieces.iter().map(|piece| piece.level).collect();
        BidiInfo::reorder_visual(&levels)
            .into_iter()
            .map(|logical| pieces[logical].clone())
            .collect()
    }
}

/// Shapes `text` with one face; returns its width in em and the advance of each cluster
/// (keyed by the cluster's byte offset in `text`).
fn measure(text: &str, fonts: &FontBook, face: usize, rtl: bool) -> (f32, Vec<(usize, f32)>) {
    let face = &fonts.faces()[face].face;
    let upem = face.units_per_em() as f32;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    let glyphs = rustybuzz::shape(face, &[], buffer);
    let mut total = 0.0;
    let clusters = glyphs
        .glyph_infos()
        .iter()
        .zip(glyphs.glyph_positions())
        .map(|(info, pos)| {
            let em = pos.x_advance as f32 / upem;
            total += em;
            (info.cluster as usize, em)
        })
        .collect();
    (total, clusters)
}

/// Whether a grapheme cluster is presented as an emoji: it has emoji presentation by default,
/// asks for it with VS16, is a keycap, a flag or a ZWJ sequence — unless VS15 asks for text.
fn is_emoji(cluster: &str) -> bool {
    let mut chars = cluster.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if cluster.contains('\u{FE0E}') {
        return false;
    }
    let presentation = matches!(
        first.emoji_status(),
        EmojiStatus::EmojiPresentation
            | EmojiStatus::EmojiPresentationAndModifierBase
            | EmojiStatus::EmojiPresentationAndEmojiComponent
            | EmojiStatus::EmojiPresentationAndModifierAndEmojiComponent
    );
    presentation
        || (first.is_emoji_char()
            && cluster.chars().skip(1).any(|c| {
                matches!(
                    c,
                    '\u{FE0F}' | '\u{20E3}' | '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}'
                )
            }))
}

/// Whether `face` has glyphs for every visible character of `cluster`.
fn covers(fonts: &FontBook, face: usize, cluster: &str) -> bool {
    let face = &fonts.faces()[face];
    cluster
        .chars()
        .filter(|&c| !is_default_ignorable(c))
        .all(|c| face.covers(c))
}

fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0000}'..='\u{E0FFF}')
}

fn prev_grapheme(text: &str, end: usize) -> usize {
    text[..end]
        .grapheme_indices(true)
        .next_back()
        .map_or(0, |(i, _)| i)
}

/// Normalises line endings and tabs; other control characters are dropped at escape time.
fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_clusters_are_recognised() {
        for emoji in ["🚀", "👍🏽", "🇫🇷", "👩‍💻", "⬇️", "1️⃣", "❤️", "🏳️‍🌈"]
        {
            assert!(is_emoji(emoji), "{emoji} should be an emoji");
        }
        for text in ["a", "1", "#", "©", "→", "µ", "ا", "中", "↔︎"] {
            assert!(!is_emoji(text), "{text} should be text");
        }
    }
}
