//! Thread + design → one SVG document per slide.
//!
//! The default structure: a cover built from the first post (the hook, large), one slide per
//! following post, and an outro with a call to action. Every slide has a header (the author's
//! avatar, name and @handle) and a footer (slide number and, on all but the last, a swipe hint).
//! A post too long for its slide first shrinks, down to a floor size, then continues on the next
//! slide under a "continued" label: text is never clipped and never leaves the canvas.

mod chrome;
mod entities;
mod media;
pub mod text;

use crate::model::{Author, Post, Thread};
use crate::svg::{escape, num};
use crate::{Design, FontBook};
use chrome::Frame;
use media::Media;
use text::{Align, LineBox, Paint, Placement, ShapedText, TextPos};

/// A laid-out carousel: one standalone SVG document per slide, plus the metadata exporters need.
#[derive(Debug, Clone, PartialEq)]
pub struct Carousel {
    pub width: u32,
    pub height: u32,
    /// One complete SVG document per slide, in order.
    pub slides: Vec<String>,
    /// A title for the document: the hook, shortened.
    pub title: String,
    /// The thread author's display name and handle, e.g. `vik (@vikhyatk)`.
    pub author: String,
    /// A BCP 47 language tag for the text, e.g. `en`.
    pub language: String,
}

/// Why a thread could not be laid out.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    #[error("the thread has no posts: nothing to put on slides")]
    EmptyThread,
    #[error("no font for family \"{0}\" is loaded")]
    MissingFont(String),
}

/// Sizes step down by this factor while shrinking text to fit.
const SHRINK_STEP: f32 = 0.92;
/// The smallest size text shrinks to, as a share of its preferred size, before it continues on
/// the next slide.
const BODY_FLOOR: f32 = 0.72;
const TITLE_FLOOR: f32 = 0.5;

/// Lays a thread out with a design.
pub fn layout_thread(
    thread: &Thread,
    design: &Design,
    fonts: &FontBook,
) -> Result<Carousel, LayoutError> {
    let first = thread.posts.first().ok_or(LayoutError::EmptyThread)?;
    let author = &first.author;
    for family in [&design.theme.heading_font, &design.theme.body_font] {
        if fonts.index_of(family, 400).is_none() {
            return Err(LayoutError::MissingFont(family.clone()));
        }
    }
    let frame = Frame::new(design);
    let mut builder = Builder {
        design,
        fonts,
        frame,
        author,
        bodies: Vec::new(),
    };

    let hook = TextStyle::title(design);
    builder.post_slides(first, &hook, None)?;
    for post in &thread.posts[1..] {
        builder.post_slides(post, &TextStyle::body(design), None)?;
    }
    builder.outro()?;

    let total = builder.bodies.len();
    let slides = builder
        .bodies
        .iter()
        .enumerate()
        .map(|(index, body)| {
            builder
                .frame
                .document(index, total, body, author, fonts, design)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Carousel {
        width: design.canvas.width,
        height: design.canvas.height,
        slides,
        title: document_title(thread),
        author: format!("{} (@{})", author.name, author.handle),
        language: language(thread),
    })
}

/// How a block of post text is set.
#[derive(Debug, Clone)]
struct TextStyle {
    family: String,
    weight: u16,
    size: f32,
    floor: f32,
    line_height: f32,
}

impl TextStyle {
    fn title(design: &Design) -> TextStyle {
        let size = design.typography.title * design.canvas.scale();
        TextStyle {
            family: design.theme.heading_font.clone(),
            weight: 700,
            size,
            floor: (size * TITLE_FLOOR).max(design.typography.body * design.canvas.scale()),
            line_height: (design.typography.line_height - 0.1).max(1.1),
        }
    }

    fn body(design: &Design) -> TextStyle {
        let size = design.typography.body * design.canvas.scale();
        TextStyle {
            family: design.theme.body_font.clone(),
            weight: 400,
            size,
            floor: size * BODY_FLOOR,
            line_height: design.typography.line_height,
        }
    }

    /// The sizes to try, largest first.
    fn sizes(&self) -> Vec<f32> {
        let mut sizes = vec![self.size];
        let mut size = self.size;
        while size * SHRINK_STEP > self.floor {
            size *= SHRINK_STEP;
            sizes.push(size.round());
        }
        if self.floor < self.size {
            sizes.push(self.floor.round());
        }
        sizes
    }
}

struct Builder<'a> {
    design: &'a Design,
    fonts: &'a FontBook,
    frame: Frame,
    author: &'a Author,
    /// The content of each slide so far (everything but the background, header and footer).
    bodies: Vec<String>,
}

impl Builder<'_> {
    fn paint(&self) -> Paint<'_> {
        Paint {
            text: &self.design.theme.text,
            entity: &self.design.theme.accent,
        }
    }

    /// Lays one post out on as many slides as it needs.
    fn post_slides(
        &mut self,
        post: &Post,
        style: &TextStyle,
        _label: Option<&str>,
    ) -> Result<(), LayoutError> {
        let text = ShapedText::new(
            &post.text,
            &post.links,
            self.fonts,
            &style.family,
            style.weight,
        )?;
        let media = Media::of(post);
        let area = self.frame.content;
        let gap = self.frame.gap;
        let mut from = text.start();
        let mut sizes = style.sizes();
        let mut continued = false;
        loop {
            let label_h = if continued {
                self.frame.label_height()
            } else {
                0.0
            };
            let avail = area.h - label_h;
            let has_text = text.has_text_from(from);
            // 1. All that is left, text and media, on this slide at the largest size that fits.
            let media_h = media
                .as_ref()
                .map_or(0.0, |m| m.height(&self.frame, self, avail));
            let media_gap = if has_text && media.is_some() {
                gap
            } else {
                0.0
            };
            let fit = sizes.iter().find_map(|&size| {
                let lines = text.lines(size, area.w, from);
                let h = text.height(&lines, size, style.line_height);
                (h + media_gap + media_h <= avail).then_some((size, lines, h))
            });
            if let Some((size, lines, text_h)) = fit {
                let body = self.post_body(
                    &text,
                    &lines,
                    size,
                    style,
                    text_h,
                    media.as_ref(),
                    media_h,
                    continued,
                );
                self.bodies.push(body);
                return Ok(());
            }
            // 2. The text alone fits: it gets this slide, the media the next one.
            let fit = sizes.iter().find_map(|&size| {
                let lines = text.lines(size, area.w, from);
                let h = text.height(&lines, size, style.line_height);
                (h <= avail).then_some((size, lines, h))
            });
            if let Some((size, lines, text_h)) = fit {
                let body = self.post_body(&text, &lines, size, style, text_h, None, 0.0, continued);
                self.bodies.push(body);
                let media_h = media
                    .as_ref()
                    .map_or(0.0, |m| m.height(&self.frame, self, area.h));
                let body =
                    self.post_body(&text, &[], size, style, 0.0, media.as_ref(), media_h, false);
                self.bodies.push(body);
                return Ok(());
            }
            // 3. Not even the text fits at the floor size: fill this slide and continue.
            let floor = *sizes.last().unwrap_or(&style.floor);
            let lines = text.lines(floor, area.w, from);
            let count = text.fitting(&lines, floor, style.line_height, avail).max(1);
            let lines = &lines[..count];
            let text_h = text.height(lines, floor, style.line_height);
            let body = self.post_body(&text, lines, floor, style, text_h, None, 0.0, continued);
            self.bodies.push(body);
            from = text.after(&lines[count - 1]);
            // The rest continues as body text at one steady size.
            sizes = vec![floor.min(TextStyle::body(self.design).size)];
            continued = true;
            if !text.has_text_from(from) && media.is_none() {
                return Ok(());
            }
        }
    }

    /// One slide's body: optional "continued" label, text, media; vertically centred.
    #[allow(clippy::too_many_arguments)]
    fn post_body(
        &self,
        text: &ShapedText,
        lines: &[LineBox],
        size: f32,
        style: &TextStyle,
        text_h: f32,
        media: Option<&Media<'_>>,
        media_h: f32,
        continued: bool,
    ) -> String {
        let index = self.bodies.len();
        let area = self.frame.content;
        let label_h = if continued {
            self.frame.label_height()
        } else {
            0.0
        };
        let gap = if !lines.is_empty() && media.is_some() {
            self.frame.gap
        } else {
            0.0
        };
        let block = label_h + text_h + gap + media_h;
        // Centre the block, but optically a little high: the eye reads the centre as low.
        let mut y = area.y + ((area.h - block) * 0.45).max(0.0);
        let mut out = String::new();
        if continued {
            self.frame
                .label(&mut out, "continued", area.x, y, self.fonts, self.design);
            y += label_h;
        }
        if !lines.is_empty() {
            text.emit(
                lines,
                self.fonts,
                Placement {
                    x: area.x,
                    y,
                    width: area.w,
                    size,
                    line_height: style.line_height,
                    align: Align::Start,
                },
                self.paint(),
                &mut out,
            );
            y += text_h + gap;
        }
        if let Some(media) = media {
            media.emit(&mut out, index, area.x, y, area.w, media_h, self);
        }
        out
    }

    /// The closing slide: who to follow, and why.
    fn outro(&mut self) -> Result<(), LayoutError> {
        let design = self.design;
        let scale = design.canvas.scale();
        let area = self.frame.content;
        let index = self.bodies.len();
        let avatar_d = (area.w.min(area.h) * 0.3).round();
        let headline_style = TextStyle::title(design);
        let headline = format!("Follow @{} for more", self.author.handle);
        let headline_text =
            ShapedText::new(&headline, &[], self.fonts, &headline_style.family, 700)?;
        let sub = "Found this useful? Repost ♻️ and save it for later.";
        let sub_size = design.typography.body * scale;
        let sub_text = ShapedText::new(sub, &[], self.fonts, &design.theme.body_font, 400)?;
        let name_size = (design.typography.title * 0.62 * scale).round();
        let name_text = ShapedText::new(
            &self.author.name,
            &[],
            self.fonts,
            &headline_style.family,
            700,
        )?;
        let handle = format!("@{}", self.author.handle);
        let handle_text = ShapedText::new(&handle, &[], self.fonts, &design.theme.body_font, 400)?;
        let button_size = (design.typography.body * 1.05 * scale).round();
        let button_text = ShapedText::new("Follow", &[], self.fonts, &design.theme.body_font, 700)?;

        let mut name_lines = name_text.lines(name_size, area.w, TextPos::default());
        name_text.clamp(&mut name_lines, 1, name_size, area.w);
        let handle_lines = handle_text.lines(sub_size, area.w, TextPos::default());
        let sub_lines = sub_text.lines(sub_size, area.w * 0.9, TextPos::default());
        let sub_h = sub_text.height(&sub_lines, sub_size, design.typography.line_height);
        let button_lines = button_text.lines(button_size, area.w, TextPos::default());
        let button_h = (button_size * 2.3).round();
        let button_w = button_text.width(&button_lines, button_size) + button_size * 2.6;
        let g = self.frame.gap;
        // Everything but the avatar and the headline, which give way when space is short.
        let fixed = g * 0.8
            + name_size * 1.25
            + sub_size * 1.4
            + g * 1.4
            + g * 0.7
            + sub_h
            + g * 1.3
            + button_h;
        let headline_lh = 1.15;
        let min_avatar = (self.frame.avatar * 1.2).round();
        let sizes = headline_style.sizes();
        let (size, lines, headline_h) = sizes
            .iter()
            .map(|&size| {
                let lines = headline_text.lines(size, area.w, TextPos::default());
                let h = headline_text.height(&lines, size, headline_lh);
                (size, lines, h)
            })
            .find(|(_, _, h)| fixed + h + min_avatar <= area.h)
            .unwrap_or_else(|| {
                let size = headline_style.floor;
                let lines = headline_text.lines(size, area.w, TextPos::default());
                let h = headline_text.height(&lines, size, headline_lh);
                (size, lines, h)
            });
        let avatar_d = avatar_d
            .min(area.h - fixed - headline_h)
            .max(min_avatar)
            .round();
        let block = avatar_d + fixed + headline_h;
        let mut y = area.y + ((area.h - block) * 0.45).max(0.0);
        let mut out = String::new();
        let cx = area.x + area.w / 2.0;
        chrome::avatar(
            &mut out,
            &format!("s{index}-outro"),
            self.author,
            cx - avatar_d / 2.0,
            y,
            avatar_d,
            self.fonts,
            design,
        );
        y += avatar_d + g * 0.8;
        let centred = |y: f32, size: f32, lh: f32, width: f32| Placement {
            x: area.x + (area.w - width) / 2.0,
            y,
            width,
            size,
            line_height: lh,
            align: Align::Center,
        };
        let muted = Paint {
            text: &design.theme.muted,
            entity: &design.theme.accent,
        };
        name_text.emit(
            &name_lines,
            self.fonts,
            centred(y, name_size, 1.25, area.w),
            self.paint(),
            &mut out,
        );
        y += name_size * 1.25;
        handle_text.emit(
            &handle_lines,
            self.fonts,
            centred(y, sub_size, 1.4, area.w),
            muted,
            &mut out,
        );
        y += sub_size * 1.4 + g * 1.4;
        headline_text.emit(
            &lines,
            self.fonts,
            centred(y, size, headline_lh, area.w),
            self.paint(),
            &mut out,
        );
        y += headline_h + g * 0.7;
        sub_text.emit(
            &sub_lines,
            self.fonts,
            centred(y, sub_size, design.typography.line_height, area.w * 0.9),
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
            escape(&design.theme.accent)
        ));
        let on_accent = Paint {
            text: &design.theme.on_accent,
            entity: &design.theme.on_accent,
        };
        button_text.emit(
            &button_lines,
            self.fonts,
            centred(
                y + (button_h - button_size * 1.2) / 2.0,
                button_size,
                1.2,
                button_w,
            ),
            on_accent,
            &mut out,
        );
        self.bodies.push(out);
        Ok(())
    }
}

/// The document title: the hook without URLs, on one line, cut at a word near 90 characters.
fn document_title(thread: &Thread) -> String {
    let Some(first) = thread.posts.first() else {
        return String::new();
    };
    let words: Vec<&str> = first
        .text
        .split_whitespace()
        .filter(|w| !w.starts_with("http://") && !w.starts_with("https://"))
        .collect();
    let mut title = String::new();
    for word in words {
        if title.chars().count() + word.chars().count() > 90 {
            title.push('…');
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    if title.is_empty() {
        title = format!("Thread by @{}", first.author.handle);
    }
    title
}

/// The language of the thread: the first post's `lang` when the scraper found one, else a guess
/// from the dominant script (Latin is taken as English, the most common case on X).
fn language(thread: &Thread) -> String {
    if let Some(lang) = thread
        .posts
        .iter()
        .find_map(|p| p.lang.as_deref())
        .filter(|l| !l.is_empty())
    {
        return lang.to_owned();
    }
    use unicode_script::{Script, UnicodeScript};
    let mut counts = std::collections::HashMap::<&str, usize>::new();
    for ch in thread.posts.iter().flat_map(|p| p.text.chars()) {
        let lang = match ch.script() {
            Script::Latin => "en",
            Script::Arabic => "ar",
            Script::Hebrew => "he",
            Script::Han => "zh",
            Script::Hiragana | Script::Katakana => "ja",
            Script::Hangul => "ko",
            Script::Cyrillic => "ru",
            Script::Greek => "el",
            Script::Thai => "th",
            Script::Devanagari => "hi",
            _ => continue,
        };
        *counts.entry(lang).or_default() += 1;
    }
    // Japanese text is mostly Han with some kana: any kana means Japanese.
    if counts
        .get("ja")
        .is_some_and(|&kana| kana * 10 >= counts.get("zh").copied().unwrap_or(0))
    {
        return "ja".to_owned();
    }
    counts
        .into_iter()
        .max_by_key(|&(lang, n)| (n, lang))
        .map_or("en", |(lang, _)| lang)
        .to_owned()
}
