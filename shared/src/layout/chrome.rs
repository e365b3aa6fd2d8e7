//! The frame of every slide: margins, the header (avatar, name, @handle), the footer (slide
//! number, swipe hint) and the SVG document around a slide's body.

use super::LayoutError;
use super::text::{Align, Paint, Placement, ShapedText, TextPos};
use crate::model::Author;
use crate::svg::{escape, num};
use crate::{Design, FontBook};

/// A rectangle in canvas px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// The fixed geometry of a slide for one design.
#[derive(Debug, Clone)]
pub struct Frame {
    pub width: f32,
    pub height: f32,
    pub margin_x: f32,
    pub margin_y: f32,
    /// Header and footer font size, in px.
    pub chrome: f32,
    pub avatar: f32,
    /// The standard space between blocks.
    pub gap: f32,
    /// Where slide bodies go: between the header and the footer.
    pub content: Rect,
}

impl Frame {
    pub fn new(design: &Design) -> Frame {
        let (width, height) = (design.canvas.width as f32, design.canvas.height as f32);
        let short = width.min(height);
        let margin_x = (short * 0.075).max(width * 0.06).round();
        let margin_y = (short * 0.068).max(height * 0.055).round();
        let chrome = design.typography.chrome * design.canvas.scale();
        let avatar = (chrome * 2.5).round();
        let gap = (short * 0.04).round();
        let top = margin_y + avatar + gap * 1.2;
        let footer_top = height - margin_y - chrome * 1.2;
        let content = Rect {
            x: margin_x,
            y: top,
            w: width - 2.0 * margin_x,
            h: (footer_top - gap - top).max(chrome * 4.0),
        };
        Frame {
            width,
            height,
            margin_x,
            margin_y,
            chrome,
            avatar,
            gap,
            content,
        }
    }

    /// The height of a small label line such as "continued".
    pub fn label_height(&self) -> f32 {
        (self.chrome * 2.0).round()
    }

    /// A small muted label with an accent tick before it.
    pub fn label(
        &self,
        out: &mut String,
        label: &str,
        x: f32,
        y: f32,
        fonts: &FontBook,
        design: &Design,
    ) {
        let Ok(text) = ShapedText::new(label, &[], fonts, &design.theme.body_font, 700) else {
            return;
        };
        let tick = self.chrome * 1.2;
        out.push_str(&format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"/>"#,
            num(x),
            num(y + self.chrome * 0.55),
            num(tick),
            num(self.chrome * 0.16),
            num(self.chrome * 0.08),
            escape(&design.theme.accent)
        ));
        let lines = text.lines(self.chrome, self.content.w, TextPos::default());
        text.emit(
            &lines,
            fonts,
            Placement {
                x: x + tick + self.chrome * 0.5,
                y,
                width: self.content.w,
                size: self.chrome,
                line_height: 1.2,
                align: Align::Start,
            },
            Paint {
                text: &design.theme.muted,
                entity: &design.theme.muted,
            },
            out,
        );
    }

    /// A whole slide: background, header, body, footer.
    pub fn document(
        &self,
        index: usize,
        total: usize,
        body: &str,
        author: &Author,
        fonts: &FontBook,
        design: &Design,
    ) -> Result<String, LayoutError> {
        let theme = &design.theme;
        let (w, h) = (design.canvas.width, design.canvas.height);
        let mut out = String::with_capacity(body.len() + 4096);
        out.push_str(&format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#
        ));
        out.push_str(&format!(
            r#"<rect width="{w}" height="{h}" fill="{}"/>"#,
            escape(&theme.background)
        ));

        // Header: avatar, then the name over the @handle, centred on the avatar. Header, body
        // and footer are groups with ids, so tests (and the studio) can find each part.
        out.push_str(&format!(r#"<g id="s{index}-header">"#));
        let (x, y) = (self.margin_x, self.margin_y);
        avatar(
            &mut out,
            &format!("s{index}-header"),
            author,
            x,
            y,
            self.avatar,
            fonts,
            design,
        );
        let text_x = x + self.avatar + self.chrome * 0.7;
        let text_w = self.width - self.margin_x - text_x;
        let name_size = (self.chrome * 1.08).round();
        let name = ShapedText::new(&author.name, &[], fonts, &theme.body_font, 700)?;
        let mut name_lines = name.lines(name_size, text_w, TextPos::default());
        name.clamp(&mut name_lines, 1, name_size, text_w);
        let handle = ShapedText::new(
            &format!("@{}", author.handle),
            &[],
            fonts,
            &theme.body_font,
            400,
        )?;
        let mut handle_lines = handle.lines(self.chrome, text_w, TextPos::default());
        handle.clamp(&mut handle_lines, 1, self.chrome, text_w);
        let block = name_size * 1.25 + self.chrome * 1.25;
        let top = y + (self.avatar - block) / 2.0;
        let at = |y: f32, size: f32| Placement {
            x: text_x,
            y,
            width: text_w,
            size,
            line_height: 1.25,
            align: Align::Start,
        };
        let muted = Paint {
            text: &theme.muted,
            entity: &theme.muted,
        };
        name.emit(
            &name_lines,
            fonts,
            at(top, name_size),
            Paint {
                text: &theme.text,
                entity: &theme.text,
            },
            &mut out,
        );
        handle.emit(
            &handle_lines,
            fonts,
            at(top + name_size * 1.25, self.chrome),
            muted,
            &mut out,
        );

        out.push_str(&format!(r#"</g><g id="s{index}-body">"#));
        out.push_str(body);
        out.push_str(&format!(r#"</g><g id="s{index}-footer">"#));

        // Footer: "3/10" on the left, the swipe hint on the right of all but the last slide.
        let footer_y = self.height - self.margin_y - self.chrome * 1.2;
        let number = ShapedText::new(
            &format!("{}/{}", index + 1, total),
            &[],
            fonts,
            &theme.body_font,
            700,
        )?;
        let lines = number.lines(self.chrome, self.content.w, TextPos::default());
        let number_w = number.width(&lines, self.chrome);
        number.emit(
            &lines,
            fonts,
            Placement {
                x: self.margin_x,
                ..at(footer_y, self.chrome)
            },
            muted,
            &mut out,
        );
        let mut track_end = self.width - self.margin_x;
        if index + 1 < total {
            let hint = ShapedText::new("Swipe →", &[], fonts, &theme.body_font, 700)?;
            let lines = hint.lines(self.chrome, self.content.w, TextPos::default());
            let hint_w = hint.width(&lines, self.chrome);
            track_end -= hint_w + self.chrome * 0.9;
            let accent = Paint {
                text: &theme.accent,
                entity: &theme.accent,
            };
            hint.emit(
                &lines,
                fonts,
                Placement {
                    x: self.width - self.margin_x - hint_w,
                    ..at(footer_y, self.chrome)
                },
                accent,
                &mut out,
            );
        }
        // A thin progress track between the number and the hint: where am I in the carousel.
        let track_start = self.margin_x + number_w + self.chrome * 0.9;
        let track_w = track_end - track_start;
        if track_w > self.chrome * 2.0 {
            let thickness = (self.chrome * 0.14).max(2.0);
            let y = footer_y + self.chrome * 0.62 - thickness / 2.0;
            let done = track_w * (index + 1) as f32 / total as f32;
            for (w, fill) in [(track_w, &theme.line), (done, &theme.accent)] {
                out.push_str(&format!(
                    r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"/>"#,
                    num(track_start),
                    num(y),
                    num(w),
                    num(thickness),
                    num(thickness / 2.0),
                    escape(fill)
                ));
            }
        }
        out.push_str("</g></svg>");
        Ok(out)
    }
}

/// A round avatar: the author's picture cropped to a circle, or their initial on the accent
/// colour when there is no picture.
#[allow(clippy::too_many_arguments)]
pub fn avatar(
    out: &mut String,
    id: &str,
    author: &Author,
    x: f32,
    y: f32,
    d: f32,
    fonts: &FontBook,
    design: &Design,
) {
    let (cx, cy, r) = (x + d / 2.0, y + d / 2.0, d / 2.0);
    match author.avatar.as_deref().filter(|href| !href.is_empty()) {
        Some(href) => {
            out.push_str(&format!(
                r#"<clipPath id="{id}"><circle cx="{}" cy="{}" r="{}"/></clipPath><image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="xMidYMid slice" clip-path="url(#{id})" href="{}"/>"#,
                num(cx), num(cy), num(r), num(x), num(y), num(d), num(d), escape(href)
            ));
        }
        None => {
            out.push_str(&format!(
                r#"<circle cx="{}" cy="{}" r="{}" fill="{}"/>"#,
                num(cx),
                num(cy),
                num(r),
                escape(&design.theme.accent)
            ));
            let initial: String = author
                .name
                .chars()
                .chain(author.handle.chars())
                .find(|c| c.is_alphanumeric())
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            if let Ok(text) = ShapedText::new(&initial, &[], fonts, &design.theme.heading_font, 700)
            {
                let size = d * 0.45;
                let lines = text.lines(size, d, TextPos::default());
                text.emit(
                    &lines,
                    fonts,
                    Placement {
                        x,
                        y: cy - size * 0.6,
                        width: d,
                        size,
                        line_height: 1.2,
                        align: Align::Center,
                    },
                    Paint {
                        text: &design.theme.on_accent,
                        entity: &design.theme.on_accent,
                    },
                    out,
                );
            }
        }
    }
}
