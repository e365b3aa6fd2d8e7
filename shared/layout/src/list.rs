//! The list slide: a post of enumerated lines ("1.", "-", "•") set as a list, its lead above,
//! each item under its marker with a hanging indent, markers in the theme's accent (where it
//! reads as text; else the link colour).

use super::chrome::Rect;
use super::shape::List;
use super::text::{Align, Paint, Placement, ShapedText, TextPos};
use super::{Builder, LayoutError, TextStyle};

/// Dashes and stars that only mark an item read as one bullet on a slide; numerals and emoji
/// bullets stay as the author wrote them.
fn shown_marker(mark: &str) -> &str {
    match mark {
        "-" | "*" | "–" | "—" | "▪" | "◦" => "•",
        other => other,
    }
}

/// A post's text with the dashes and stars that start its list lines shown as bullets ("•"),
/// everything else as written: how a list reads where the template sets the post as it is (a
/// tweet card).
pub(super) fn bulleted(text: &str) -> String {
    text.lines()
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            let (head, rest) = line.split_at(indent);
            match rest.split_once(' ') {
                Some((mark, item)) if shown_marker(mark) == "•" && mark != "•" => {
                    format!("{head}• {item}")
                }
                _ => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Builder<'_> {
    /// Sets `list` on one slide at the largest size from body size down to its floor that fits,
    /// under `numeral` (the numbered template's "03") when given. `Ok(false)` when it does not
    /// fit even at the floor (or is right-to-left): the caller then shows the post as running
    /// text, which can continue over slides.
    pub(super) fn list_slide(
        &mut self,
        list: &List,
        links: &[String],
        style: &TextStyle,
        numeral: Option<&str>,
    ) -> Result<bool, LayoutError> {
        let look = self.look;
        let fonts = self.fonts;
        let area = self.frame.content;
        let gap = self.frame.gap;
        // The numeral sits right above the list, the two centred as one group.
        let numeral_h = numeral.map_or(0.0, |_| self.numeral_size() + gap);
        let lead = ShapedText::new(&list.lead, links, fonts, &look.heading_font, 700)?;
        let tail = ShapedText::new(&list.tail, links, fonts, &style.family, style.weight)?;
        let items: Vec<(ShapedText, ShapedText)> = list
            .items
            .iter()
            .map(|(mark, item)| {
                Ok((
                    ShapedText::new(shown_marker(mark), &[], fonts, &look.heading_font, 700)?,
                    ShapedText::new(item, links, fonts, &style.family, style.weight)?,
                ))
            })
            .collect::<Result<_, LayoutError>>()?;
        if items.iter().any(|(_, item)| item.is_rtl()) || lead.is_rtl() {
            return Ok(false);
        }
        // A measure of about 30 em, as for running text, centred on wide canvases.
        let width = area.w.min(style.size * 30.0);
        let x = area.x + (area.w - width) / 2.0;
        let lh = style.line_height;
        for size in style.sizes() {
            let lead_size = (size * 1.15).round();
            let lead_lines = lead.lines(lead_size, width, TextPos::default());
            let lead_h = lead.height(&lead_lines, lead_size, lh);
            let mark_w = items
                .iter()
                .map(|(mark, _)| mark.width(&mark.lines(size, width, TextPos::default()), size))
                .fold(0.0, f32::max);
            let indent = mark_w + size * 0.6;
            let item_gap = size * 0.55;
            let laid: Vec<_> = items
                .iter()
                .map(|(mark, item)| {
                    let lines = item.lines(size, width - indent, TextPos::default());
                    let h = item.height(&lines, size, lh);
                    (
                        mark,
                        mark.lines(size, width, TextPos::default()),
                        item,
                        lines,
                        h,
                    )
                })
                .collect();
            let tail_lines = tail.lines(size, width, TextPos::default());
            let tail_h = tail.height(&tail_lines, size, lh);
            let items_h: f32 = laid.iter().map(|l| l.4).sum::<f32>()
                + item_gap * (laid.len().saturating_sub(1)) as f32;
            let lead_gap = if lead_h > 0.0 { gap } else { 0.0 };
            let tail_gap = if tail_h > 0.0 { gap } else { 0.0 };
            let total = lead_h + lead_gap + items_h + tail_gap + tail_h;
            if total + numeral_h > area.h {
                continue;
            }
            let mut out = String::new();
            let mut y = area.y + ((area.h - total - numeral_h) * 0.45).max(0.0);
            if let Some(numeral) = numeral {
                let at = Rect::new(x, y, width, numeral_h - gap);
                self.accent_mark(numeral, numeral_h - gap, at, Align::Start, &mut out);
                y += numeral_h;
            }
            let place = |x: f32, y: f32, width: f32, size: f32| Placement {
                x,
                y,
                width,
                size,
                line_height: lh,
                align: Align::Start,
            };
            let text = Paint {
                text: &look.theme.text,
                entity: &look.theme.link,
            };
            let accent = Paint {
                text: look.theme.accent_text(false),
                entity: look.theme.accent_text(false),
            };
            let mut alt: Vec<String> = numeral.map(str::to_owned).into_iter().collect();
            if lead_h > 0.0 {
                lead.emit(
                    &lead_lines,
                    fonts,
                    place(x, y, width, lead_size),
                    text,
                    &mut out,
                );
                alt.push(lead.text_of(&lead_lines));
                y += lead_h + lead_gap;
            }
            for (mark, mark_lines, item, lines, h) in &laid {
                mark.emit(
                    mark_lines,
                    fonts,
                    place(x, y, mark_w, size),
                    accent,
                    &mut out,
                );
                item.emit(
                    lines,
                    fonts,
                    place(x + indent, y, width - indent, size),
                    text,
                    &mut out,
                );
                alt.push(format!(
                    "{} {}",
                    mark.text_of(mark_lines),
                    item.text_of(lines)
                ));
                y += h + item_gap;
            }
            if tail_h > 0.0 {
                y += tail_gap - item_gap;
                tail.emit(&tail_lines, fonts, place(x, y, width, size), text, &mut out);
                alt.push(tail.text_of(&tail_lines));
            }
            self.push(out, alt.join("\n"));
            return Ok(true);
        }
        Ok(false)
    }
}
