//! The outro slide's call to action: #1 follow (avatar, name, "Follow … for more"), #2 engage
//! ("Repost 🔁 / Save 🔖 / Comment 💬"), #3 link (a headline and a URL button). Each has an
//! editable headline, sub-line and button text; empty ones fall back to the variant's wording.

use super::chrome::{Rect, avatar};
use super::text::{Align, LineBox, Paint, Placement, ShapedText, TextPos};
use super::{Builder, LayoutError, TextStyle};
use crate::svg::{escape, num};
use model::design::CtaKind;

/// The texts of a call to action after defaults are applied.
#[derive(Debug, Clone, PartialEq)]
pub struct CtaTexts {
    pub headline: String,
    pub sub: String,
    pub button: String,
}

fn given(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The website or URL with its scheme and trailing slash removed, for display.
fn display_url(url: &str) -> String {
    let url = url.trim();
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    url.strip_prefix("www.")
        .unwrap_or(url)
        .trim_end_matches('/')
        .to_owned()
}

impl Builder<'_> {
    pub(super) fn cta_texts(&self) -> CtaTexts {
        let look = self.look;
        let cta = &look.cta;
        let handle = &look.identity.handle;
        let url = given(&cta.url).or_else(|| look.identity.website.clone());
        let (headline, sub, button) = match cta.kind {
            CtaKind::Follow => (
                if handle.is_empty() {
                    "Follow for more".to_owned()
                } else {
                    format!("Follow @{handle} for more")
                },
                "Found this useful? Save it for later.".to_owned(),
                "Follow".to_owned(),
            ),
            CtaKind::Engage => (
                "Enjoyed this thread?".to_owned(),
                "Repost 🔁 / Save 🔖 / Comment 💬".to_owned(),
                "Share your thoughts below".to_owned(),
            ),
            CtaKind::Link => (
                "Want the full story?".to_owned(),
                url.as_deref().map_or_else(
                    || "Read more on our website".to_owned(),
                    |u| format!("Read more at {}", display_url(u)),
                ),
                url.as_deref()
                    .map_or_else(|| "Visit the website".to_owned(), display_url),
            ),
        };
        CtaTexts {
            headline: given(&cta.headline).unwrap_or(headline),
            sub: given(&cta.sub).unwrap_or(sub),
            button: given(&cta.button).unwrap_or(button),
        }
    }

    /// The closing slide.
    pub(super) fn outro(&mut self) -> Result<(), LayoutError> {
        let look = self.look;
        let theme = &look.theme;
        let fonts = self.fonts;
        let index = self.bodies.len();
        let texts = self.cta_texts();
        let identity = look.identity.as_author();
        let kind = look.cta.kind;
        let show_identity = kind == CtaKind::Follow && !look.identity.is_anonymous();
        // A Follow outro presents the author large: the page header above would say it again,
        // so it is left out and the outro takes its room.
        let bare = show_identity && self.frame.header;
        let mut area = self.frame.content;
        if bare {
            let top = self.frame.margin_top;
            area.h += area.y - top;
            area.y = top;
            self.headerless.push(index);
        }

        let headline_style = TextStyle::title(look);
        let headline =
            ShapedText::new(&texts.headline, &[], fonts, &headline_style.family, 700)?.balanced();
        let sub = ShapedText::new(&texts.sub, &[], fonts, &look.body_font, 400)?.balanced();
        let name = ShapedText::new(&identity.name, &[], fonts, &look.heading_font, 700)?;
        // Under the name, the @handle, unless the headline already says it ("Follow @ada").
        let handle_line = match format!("@{}", identity.handle) {
            _ if identity.handle.is_empty() => String::new(),
            handle if texts.headline.contains(&handle) => String::new(),
            handle => handle,
        };
        let handle = ShapedText::new(&handle_line, &[], fonts, &look.body_font, 400)?;
        let button = ShapedText::new(&texts.button, &[], fonts, &look.body_font, 700)?;

        let min_avatar = match show_identity {
            true => (self.frame.avatar * 1.2).round(),
            false => 0.0,
        };
        // At a large body size on a short canvas the name, sub-line and button alone can outgrow
        // the slide, so they shrink together (down to 0.6×) until the whole block fits.
        let measure = |k: f32, min_avatar: f32| {
            let g = self.frame.gap * k;
            let name_size = (look.title * 0.62 * k).round();
            let sub_size = (look.body * k).round();
            let button_size = (look.body * 1.05 * k).round();
            let mut name_lines = name.lines(name_size, area.w, TextPos::default());
            name.clamp(&mut name_lines, 1, name_size, area.w);
            let handle_lines = handle.lines(sub_size, area.w, TextPos::default());
            let sub_w = area.w * 0.9;
            let sub_lines = sub.lines(sub_size, sub_w, TextPos::default());
            let sub_h = sub.height(&sub_lines, sub_size, look.line_height);
            let button_pad = button_size * 1.3;
            let button_text_w = area.w * 0.9 - 2.0 * button_pad;
            let mut button_lines = button.lines(button_size, button_text_w, TextPos::default());
            button.clamp(&mut button_lines, 1, button_size, button_text_w);
            let button_h = (button_size * 2.3).round();
            let button_w = button.width(&button_lines, button_size) + 2.0 * button_pad;
            let identity_h = match show_identity {
                true => g * 0.8 + name_size * 1.25 + sub_size * 1.4 + g * 1.4,
                false => 0.0,
            };
            // Everything but the avatar and the headline, which give way when space is short.
            let fixed = identity_h + g * 0.7 + sub_h + g * 1.3 + button_h;
            let fitted = headline_style.sizes().iter().find_map(|&size| {
                let lines = headline.lines(size, area.w, TextPos::default());
                let h = headline.height(&lines, size, HEADLINE_LH);
                (fixed + h + min_avatar <= area.h).then_some((size, lines, h))
            });
            OutroFit {
                gap: g,
                name_size,
                sub_size,
                button_size,
                name_lines,
                handle_lines,
                sub_w,
                sub_lines,
                sub_h,
                button_lines,
                button_h,
                button_w,
                fixed,
                headline: fitted,
            }
        };
        // Last, the big avatar gives way: the header above still shows who the author is.
        let scales = [1.0, 0.9, 0.8, 0.7, 0.6];
        let tries = scales.iter().map(|&k| (k, min_avatar));
        let (fit, min_avatar) = tries
            .chain(scales.iter().map(|&k| (k, 0.0)))
            .map(|(k, min_avatar)| (measure(k, min_avatar), min_avatar))
            .find(|(fit, _)| fit.headline.is_some())
            .unwrap_or_else(|| (measure(0.6, 0.0), 0.0));
        let OutroFit {
            gap: g,
            name_size,
            sub_size,
            button_size,
            name_lines,
            handle_lines,
            sub_w,
            sub_lines,
            sub_h,
            button_lines,
            button_h,
            button_w,
            fixed,
            headline: fitted,
        } = fit;
        let headline_lh = HEADLINE_LH;
        let (size, lines, headline_h) = fitted.unwrap_or_else(|| {
            let size = headline_style.floor;
            let mut lines = headline.lines(size, area.w, TextPos::default());
            let room = ((area.h - fixed - min_avatar) / (size * headline_lh))
                .floor()
                .max(1.0);
            headline.clamp(&mut lines, room as usize, size, area.w);
            let h = headline.height(&lines, size, headline_lh);
            (size, lines, h)
        });
        let avatar_d = if show_identity && min_avatar > 0.0 {
            (area.w.min(area.h) * 0.3)
                .min(area.h - fixed - headline_h)
                .max(min_avatar)
                .round()
        } else {
            0.0
        };
        let block = avatar_d + fixed + headline_h;
        let mut y = area.y + ((area.h - block) * 0.45).max(0.0);
        let mut out = String::new();
        let cx = area.x + area.w / 2.0;
        let centred = |y: f32, size: f32, lh: f32, width: f32| Placement {
            x: area.x + (area.w - width) / 2.0,
            y,
            width,
            size,
            line_height: lh,
            align: Align::Center,
        };
        let normal = Paint {
            text: &theme.text,
            entity: &theme.link,
        };
        let muted = Paint {
            text: &theme.muted,
            entity: &theme.link,
        };
        if show_identity {
            if avatar_d > 0.0 {
                avatar(
                    &mut out,
                    &format!("s{index}-outro"),
                    &identity,
                    Rect::square(cx - avatar_d / 2.0, y, avatar_d),
                    fonts,
                    look,
                );
                y += avatar_d + g * 0.8;
            }
            name.emit(
                &name_lines,
                fonts,
                centred(y, name_size, 1.25, area.w),
                normal,
                &mut out,
            );
            y += name_size * 1.25;
            handle.emit(
                &handle_lines,
                fonts,
                centred(y, sub_size, 1.4, area.w),
                muted,
                &mut out,
            );
            y += sub_size * 1.4 + g * 1.4;
        }
        emit_lines(
            &headline,
            &lines,
            fonts,
            centred(y, size, headline_lh, area.w),
            normal,
            &mut out,
        );
        y += headline_h + g * 0.7;
        sub.emit(
            &sub_lines,
            fonts,
            centred(y, sub_size, look.line_height, sub_w),
            muted,
            &mut out,
        );
        y += sub_h + g * 1.3;
        out.push_str(&format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"/>"#,
            num(cx - button_w / 2.0),
            num(y),
            num(button_w),
            num(button_h),
            num(button_h / 2.0),
            escape(theme.button_fill())
        ));
        let on_accent = Paint {
            text: &theme.on_accent,
            entity: &theme.on_accent,
        };
        button.emit(
            &button_lines,
            fonts,
            centred(
                y + (button_h - button_size * 1.2) / 2.0,
                button_size,
                1.2,
                button_w,
            ),
            on_accent,
            &mut out,
        );
        // Each part as a sentence: "Follow @ada for more. Ada (@ada). Found this useful? …
        // Button: Follow."
        let mut alt = vec![texts.headline.clone()];
        if show_identity {
            alt.push(match handle_line.is_empty() {
                true => identity.name.clone(),
                false => format!("{} ({handle_line})", identity.name),
            });
        }
        alt.push(texts.sub.clone());
        if !texts.button.trim().is_empty() {
            alt.push(format!("Button: {}", texts.button.trim()));
        }
        let alt: Vec<String> = alt
            .iter()
            .map(|part| part.trim())
            .filter(|part| !part.is_empty())
            .map(|part| match part.ends_with(['.', '!', '?', '…']) {
                true => part.to_owned(),
                false => format!("{part}."),
            })
            .collect();
        self.push(out, alt.join(" "));
        Ok(())
    }
}

/// Line height of the outro's headline.
const HEADLINE_LH: f32 = 1.15;

/// The outro's parts measured at one scale of its supporting text.
struct OutroFit {
    gap: f32,
    name_size: f32,
    sub_size: f32,
    button_size: f32,
    name_lines: Vec<LineBox>,
    handle_lines: Vec<LineBox>,
    sub_w: f32,
    sub_lines: Vec<LineBox>,
    sub_h: f32,
    button_lines: Vec<LineBox>,
    button_h: f32,
    button_w: f32,
    /// The height of everything but the avatar and the headline.
    fixed: f32,
    /// The headline's size, lines and height, if a size within its floor fits.
    headline: Option<(f32, Vec<LineBox>, f32)>,
}

fn emit_lines(
    text: &ShapedText,
    lines: &[LineBox],
    fonts: &crate::FontBook,
    place: Placement,
    paint: Paint<'_>,
    out: &mut String,
) {
    text.emit(lines, fonts, place, paint, out);
}

#[cfg(test)]
mod tests {
    use super::display_url;

    #[test]
    fn urls_display_without_scheme() {
        assert_eq!(display_url("https://www.example.com/"), "example.com");
        assert_eq!(
            display_url("http://blog.example.com/a/b"),
            "blog.example.com/a/b"
        );
    }
}
