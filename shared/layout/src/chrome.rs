//! The frame of every slide: margins, the header (avatar, name, @handle), the footer (brand,
//! slide number, progress, swipe hint), the background pattern and the SVG document around a
//! slide's body.

use super::LayoutError;
use super::look::{Identity, Look};
use super::pattern;
use super::text::{Align, Paint, Placement, ShapedText, TextPos};
use crate::FontBook;
use crate::svg::{escape, num};
use model::Author;

/// A rectangle in canvas px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect { x, y, w, h }
    }

    /// The square of side `side` with its top left corner at (`x`, `y`).
    pub fn square(x: f32, y: f32, side: f32) -> Rect {
        Rect::new(x, y, side, side)
    }
}

/// The fixed geometry of a slide for one design.
#[derive(Debug, Clone)]
pub struct Frame {
    pub width: f32,
    pub height: f32,
    pub margin_x: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
    /// Header and footer font size, in px.
    pub chrome: f32,
    pub avatar: f32,
    /// The standard space between blocks.
    pub gap: f32,
    pub header: bool,
    pub footer: bool,
    /// Where slide bodies go: between the header and the footer.
    pub content: Rect,
}

impl Frame {
    pub fn new(look: &Look) -> Frame {
        let (width, height) = (look.canvas.width as f32, look.canvas.height as f32);
        let short = width.min(height);
        let margin_x = (short * 0.075).max(width * 0.06).round();
        // Stories put the account bar over the top and the reply bar over the bottom.
        let story = height > width * 1.6;
        let margin_top = if story {
            height * 0.1
        } else {
            (short * 0.068).max(height * 0.055)
        }
        .round();
        let margin_bottom = if story { height * 0.12 } else { margin_top };
        let chrome = look.chrome;
        let avatar = (chrome * 2.5).round();
        let gap = (short * 0.04).round();
        let brand = &look.brand;
        // A tweet card already shows its author; the page header would say it twice, unless a
        // brand profile presents the carousel.
        let header = brand.placement.header()
            && (look.template != model::design::Template::TweetCard || brand.is_profile());
        let footer = brand.placement.footer() || brand.slide_numbers || brand.swipe_hint;
        let top = if header {
            margin_top + avatar + gap * 1.2
        } else {
            margin_top
        };
        let bottom = if footer {
            height - margin_bottom - chrome * 1.2 - gap
        } else {
            height - margin_bottom
        };
        let content = Rect {
            x: margin_x,
            y: top,
            w: width - 2.0 * margin_x,
            h: (bottom - top).max(chrome * 4.0),
        };
        Frame {
            width,
            height,
            margin_x,
            margin_top,
            margin_bottom,
            chrome,
            avatar,
            gap,
            header,
            footer,
            content,
        }
    }

    /// The boxes text goes in: the header's band, the content area and the footer's band.
    pub fn text_boxes(&self) -> Vec<Rect> {
        let w = self.width - 2.0 * self.margin_x;
        let mut boxes = vec![self.content];
        if self.header {
            boxes.push(Rect::new(self.margin_x, self.margin_top, w, self.avatar));
        }
        if self.footer {
            let h = self.chrome * 1.8;
            boxes.push(Rect::new(
                self.margin_x,
                self.height - self.margin_bottom - h,
                w,
                h,
            ));
        }
        boxes
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
        look: &Look,
    ) {
        let Ok(text) = ShapedText::new(label, &[], fonts, &look.body_font, 700) else {
            return;
        };
        let theme = &look.theme;
        let tick = self.chrome * 1.2;
        out.push_str(&format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"/>"#,
            num(x),
            num(y + self.chrome * 0.55),
            num(tick),
            num(self.chrome * 0.16),
            num(self.chrome * 0.08),
            escape(&theme.accent)
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
                text: &theme.muted,
                entity: &theme.muted,
            },
            out,
        );
    }

    /// A whole slide: background, pattern, header (unless `slide` leaves it out), body,
    /// footer.
    pub fn document(
        &self,
        slide: &SlideFrame,
        body: &str,
        look: &Look,
        fonts: &FontBook,
    ) -> Result<String, LayoutError> {
        let SlideFrame {
            index, total, cue, ..
        } = *slide;
        let theme = &look.theme;
        let (w, h) = (look.canvas.width, look.canvas.height);
        let mut out = String::with_capacity(body.len() + 8192);
        out.push_str(&format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#
        ));
        out.push_str(&format!(
            r#"<rect width="{w}" height="{h}" fill="{}"/>"#,
            escape(&theme.background)
        ));
        pattern::draw(&mut out, look, index, &self.text_boxes());
        // Header, body and footer are groups with ids, so tests (and the studio) can find each.
        out.push_str(&format!(r#"<g id="s{index}-header">"#));
        if self.header && slide.header {
            self.header(&mut out, index, &look.identity, look, fonts)?;
        }
        out.push_str(&format!(r#"</g><g id="s{index}-body">"#));
        out.push_str(body);
        out.push_str(&format!(r#"</g><g id="s{index}-footer">"#));
        if self.footer {
            self.footer(&mut out, index, total, cue, look, fonts)?;
        }
        out.push_str("</g></svg>");
        Ok(out)
    }

    /// Avatar, then the name over the @handle (or website), centred on the avatar; a logo, when
    /// the brand has one, on the right.
    fn header(
        &self,
        out: &mut String,
        index: usize,
        identity: &Identity,
        look: &Look,
        fonts: &FontBook,
    ) -> Result<(), LayoutError> {
        if identity.is_anonymous() {
            return Ok(());
        }
        let theme = &look.theme;
        let (x, y) = (self.margin_x, self.margin_top);
        let mut right = self.width - self.margin_x;
        if let Some(logo) = &identity.logo {
            let logo_w = self.avatar * 2.4;
            image_contain(
                out,
                &format!("s{index}-logo"),
                logo,
                right - logo_w,
                y,
                logo_w,
                self.avatar,
            );
            right -= logo_w + self.chrome;
        }
        let show_avatar = identity.avatar.is_some() || identity.logo.is_none();
        let text_x = if show_avatar {
            avatar(
                out,
                &format!("s{index}-header-avatar"),
                &identity.as_author(),
                Rect::square(x, y, self.avatar),
                fonts,
                look,
            );
            x + self.avatar + self.chrome * 0.7
        } else {
            x
        };
        let text_w = right - text_x;
        let name_size = (self.chrome * 1.08).round();
        let second = match (identity.handle.is_empty(), &identity.website) {
            (false, _) => format!("@{}", identity.handle),
            (true, Some(site)) => site.clone(),
            (true, None) => String::new(),
        };
        let name = ShapedText::new(&identity.name, &[], fonts, &look.body_font, 700)?;
        let mut name_lines = name.lines(name_size, text_w, TextPos::default());
        name.clamp(&mut name_lines, 1, name_size, text_w);
        let handle = ShapedText::new(&second, &[], fonts, &look.body_font, 400)?;
        let mut handle_lines = handle.lines(self.chrome, text_w, TextPos::default());
        handle.clamp(&mut handle_lines, 1, self.chrome, text_w);
        let block = name_size * 1.25
            + if second.is_empty() {
                0.0
            } else {
                self.chrome * 1.25
            };
        let top = y + (self.avatar - block) / 2.0;
        // Each line is placed in a box as wide as itself: a right-to-left name ("ليلى حداد")
        // then starts beside the avatar like its handle, instead of at the slide's far edge.
        let at = |y: f32, size: f32, width: f32| Placement {
            x: text_x,
            y,
            width: width.min(text_w),
            size,
            line_height: 1.25,
            align: Align::Start,
        };
        let name_w = name.width(&name_lines, name_size) + 0.5;
        let handle_w = handle.width(&handle_lines, self.chrome) + 0.5;
        name.emit(
            &name_lines,
            fonts,
            at(top, name_size, name_w),
            Paint {
                text: &theme.text,
                entity: &theme.text,
            },
            out,
        );
        let muted = Paint {
            text: &theme.muted,
            entity: &theme.muted,
        };
        handle.emit(
            &handle_lines,
            fonts,
            at(top + name_size * 1.25, self.chrome, handle_w),
            muted,
            out,
        );
        Ok(())
    }

    /// The cover's swipe cue as a button in the accent, its right edge at `right`; returns the
    /// width it took (with the gap before it).
    fn swipe_button(
        &self,
        out: &mut String,
        label: &str,
        right: f32,
        y: f32,
        look: &Look,
        fonts: &FontBook,
    ) -> Result<f32, LayoutError> {
        let theme = &look.theme;
        let text = ShapedText::new(label, &[], fonts, &look.body_font, 700)?;
        let lines = text.lines(self.chrome, self.content.w, TextPos::default());
        let text_w = text.width(&lines, self.chrome);
        let pad = self.chrome * 0.8;
        let (w, h) = (text_w + 2.0 * pad, self.chrome * 1.9);
        // Centred on the footer's line of text, which starts at `y` and is 1.2 em tall.
        let top = y + self.chrome * 0.6 - h / 2.0;
        out.push_str(&format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"/>"#,
            num(right - w),
            num(top),
            num(w),
            num(h),
            num(h / 2.0),
            escape(theme.button_fill())
        ));
        // The footer's type is bold and at least 24 px on every canvas: large text, for which
        // `on_accent` keeps at least 3:1 on the button (see `Theme::button_fill`).
        let on_accent = Paint {
            text: &theme.on_accent,
            entity: &theme.on_accent,
        };
        let place = Placement {
            x: right - w + pad,
            y,
            width: text_w + 1.0,
            size: self.chrome,
            line_height: 1.2,
            align: Align::Start,
        };
        text.emit(&lines, fonts, place, on_accent, out);
        Ok(w + self.chrome * 0.9)
    }

    /// Brand (when placed in the footer), "3/10", a progress track, and "Swipe →"; on a cover,
    /// its [`CoverCue`]: what follows, and the swipe as a button.
    fn footer(
        &self,
        out: &mut String,
        index: usize,
        total: usize,
        cue: Option<&CoverCue>,
        look: &Look,
        fonts: &FontBook,
    ) -> Result<(), LayoutError> {
        let theme = &look.theme;
        let brand = &look.brand;
        let y = self.height - self.margin_bottom - self.chrome * 1.2;
        let at = |x: f32| Placement {
            x,
            y,
            width: self.content.w,
            size: self.chrome,
            line_height: 1.2,
            align: Align::Start,
        };
        let muted = Paint {
            text: &theme.muted,
            entity: &theme.muted,
        };
        let mut left = self.margin_x;
        let mut right = self.width - self.margin_x;
        if brand.placement.footer() {
            let identity = &look.identity;
            let d = (self.chrome * 1.5).round();
            let top = y + self.chrome * 0.6 - d / 2.0;
            if let Some(logo) = &identity.logo {
                image_contain(
                    out,
                    &format!("s{index}-footlogo"),
                    logo,
                    left,
                    top,
                    d * 2.4,
                    d,
                );
                left += d * 2.4 + self.chrome * 0.5;
            } else {
                avatar(
                    out,
                    &format!("s{index}-footer-avatar"),
                    &identity.as_author(),
                    Rect::square(left, top, d),
                    fonts,
                    look,
                );
                left += d + self.chrome * 0.5;
            }
            let label = match (&identity.website, identity.handle.is_empty()) {
                (Some(site), _) => site.clone(),
                (None, false) => format!("@{}", identity.handle),
                (None, true) => identity.name.clone(),
            };
            let text = ShapedText::new(&label, &[], fonts, &look.body_font, 700)?;
            let room = self.content.w * 0.45;
            let mut lines = text.lines(self.chrome, room, TextPos::default());
            text.clamp(&mut lines, 1, self.chrome, room);
            text.emit(&lines, fonts, at(left), muted, out);
            left += text.width(&lines, self.chrome) + self.chrome * 1.2;
        }
        if let Some(cue) = cue.filter(|_| index + 1 < total) {
            if brand.swipe_hint {
                right -= self.swipe_button(out, &cue.swipe, right, y, look, fonts)?;
            }
            if brand.slide_numbers {
                let count = ShapedText::new(&cue.count, &[], fonts, &look.body_font, 700)?;
                let room = (right - left - self.chrome).max(self.chrome);
                let mut lines = count.lines(self.chrome, room, TextPos::default());
                count.clamp(&mut lines, 1, self.chrome, room);
                count.emit(&lines, fonts, at(left), muted, out);
            }
            return Ok(());
        }
        if brand.swipe_hint {
            let hint = ShapedText::new("Swipe →", &[], fonts, &look.body_font, 700)?;
            let lines = hint.lines(self.chrome, self.content.w, TextPos::default());
            let hint_w = hint.width(&lines, self.chrome);
            let accent = Paint {
                text: theme.accent_text(false),
                entity: theme.accent_text(false),
            };
            // The last slide has no hint, but keeps its room: the track ends where it did.
            if index + 1 < total {
                hint.emit(&lines, fonts, at(right - hint_w), accent, out);
            }
            right -= hint_w + self.chrome * 0.9;
        }
        if brand.slide_numbers {
            let number = ShapedText::new(
                &format!("{}/{}", index + 1, total),
                &[],
                fonts,
                &look.body_font,
                700,
            )?;
            let lines = number.lines(self.chrome, self.content.w, TextPos::default());
            let number_w = number.width(&lines, self.chrome);
            number.emit(&lines, fonts, at(left), muted, out);
            // The track starts at the same place on every slide: after the room the widest
            // number takes ("10/10"), not after this one ("3/10").
            let widest = ShapedText::new(
                &format!("{total}/{total}"),
                &[],
                fonts,
                &look.body_font,
                700,
            )?;
            let widest_w = widest.width(
                &widest.lines(self.chrome, self.content.w, TextPos::default()),
                self.chrome,
            );
            left += number_w.max(widest_w) + self.chrome * 0.9;
            // A thin progress track: where am I in the carousel.
            let track_w = right - left;
            if track_w > self.chrome * 2.0 {
                let thickness = (self.chrome * 0.14).max(2.0);
                let ty = y + self.chrome * 0.62 - thickness / 2.0;
                let done = track_w * (index + 1) as f32 / total as f32;
                for (w, fill) in [(track_w, &theme.line), (done, &theme.accent)] {
                    out.push_str(&format!(
                        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"/>"#,
                        num(left),
                        num(ty),
                        num(w),
                        num(thickness),
                        num(thickness / 2.0),
                        escape(fill)
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Where a slide is and what its frame shows.
#[derive(Debug, Clone, Copy)]
pub struct SlideFrame<'a> {
    pub index: usize,
    pub total: usize,
    /// A cover that opens the carousel: said in its footer instead of the number and track.
    pub cue: Option<&'a CoverCue>,
    /// Whether the page header is drawn.
    pub header: bool,
}

/// What a cover that opens the carousel says in its footer: how much follows, in the
/// template's words ("8 slides", "7 points"), and the swipe as a button ("Swipe →").
#[derive(Debug, Clone, PartialEq)]
pub struct CoverCue {
    pub count: String,
    pub swipe: String,
}

/// An image scaled to fit inside its box (logos: never cropped).
fn image_contain(out: &mut String, id: &str, href: &str, x: f32, y: f32, w: f32, h: f32) {
    out.push_str(&format!(
        r#"<image id="{id}" x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="xMaxYMid meet" href="{}"/>"#,
        num(x),
        num(y),
        num(w),
        num(h),
        escape(href)
    ));
}

/// A round avatar filling the square `at`: the author's picture cropped to a circle, or their
/// initial on the accent colour when there is no picture.
pub fn avatar(
    out: &mut String,
    id: &str,
    author: &Author,
    at: Rect,
    fonts: &FontBook,
    look: &Look,
) {
    let (x, y, d) = (at.x, at.y, at.w);
    let (cx, cy, r) = (x + d / 2.0, y + d / 2.0, d / 2.0);
    let theme = &look.theme;
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
                escape(&theme.accent)
            ));
            let initial: String = author
                .name
                .chars()
                .chain(author.handle.chars())
                .find(|c| c.is_alphanumeric())
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            if let Ok(text) = ShapedText::new(&initial, &[], fonts, &look.heading_font, 700) {
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
                        text: &theme.on_accent,
                        entity: &theme.on_accent,
                    },
                    out,
                );
            }
        }
    }
}
