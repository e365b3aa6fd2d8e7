//! Content slides: the cover, post slides and text slides, in the look of the design's template
//! (plain, numbered, big quote, tweet card, image focus). All share one fitting rule: the text
//! and media that are left go on this slide at the largest size that fits; else the text alone
//! and the media on the next slide; else as many lines as fit at the floor size, and the rest
//! continues on the next slide under a "continued" label.

use super::chrome::{Rect, avatar};
use super::media::Media;
use super::text::{Align, LineBox, Paint, Placement, ShapedText, TextPos};
use super::{Builder, LayoutError, TextStyle};
use crate::shape::{self, Holds};
use crate::split::{self, Room, Setting};
use crate::svg::{escape, num};
use model::deck::PostPart;
use model::design::{SlideShape, Template, TextAlign};
use model::{Author, Post, scaffold};

/// A cover's subtitle, shaped at body size for the content width.
#[derive(Debug, Clone)]
struct Subtitle {
    text: ShapedText,
    lines: Vec<LineBox>,
    size: f32,
    /// The headline's measure: the subtitle lines up with it.
    width: f32,
    height: f32,
}

/// A subtitle may take at most this share of the content height; a longer rest of the first
/// post continues on the next slide instead.
const SUBTITLE_SHARE: f32 = 0.3;

/// The least line height for right-to-left (Arabic) text.
const RTL_LINE_HEIGHT: f32 = 1.35;

/// Text alone may shrink to this share of its size to fit on one slide; a text that needs
/// more is split over slides.
const FIT_SHRINK: f32 = 0.8;

/// Fitting may tighten the lines by this much (a line-height factor), down to
/// [`MIN_LINE_HEIGHT`], before a text is split.
const TIGHTER_LINES: f32 = 0.1;
const MIN_LINE_HEIGHT: f32 = 1.15;

/// A text split over more slides than this at body size is set at the body's floor instead.
const LONG_READ_SLIDES: usize = 10;

/// How a content slide is dressed.
#[derive(Debug, Clone)]
enum Variant<'p> {
    Plain,
    /// The hook: an accent bar above; under it a subtitle (what the first post says after its
    /// headline) and a label (the post's source links, and a credit when a brand profile
    /// presents someone else's thread).
    Cover {
        subtitle: Option<Subtitle>,
        credit: Option<String>,
    },
    /// A big numeral above the text.
    Numbered(usize),
    /// A large opening quote mark above, the author below.
    Quote {
        by: String,
    },
    /// The post inside an X-style card.
    Card {
        author: &'p Author,
    },
    /// The photo first, the text as its caption.
    ImageFocus,
    /// The figure the post is built around, large in the accent colour above the text.
    Figure(String),
}

/// Space a variant needs around the text-and-media block.
#[derive(Debug, Clone, Copy, Default)]
struct Decor {
    above: f32,
    below: f32,
    inset_x: f32,
    pad_y: f32,
}

impl Builder<'_> {
    /// Keeps one finished slide body and what it shows in words.
    pub(super) fn push(&mut self, body: String, alt: String) {
        self.bodies.push(body);
        self.alt.push(alt);
    }

    /// The hook slide: the first post's headline set large, its source (the links it ended
    /// with) as a small line under it, and what followed the headline continued at body size on
    /// the next slide. A cover whose text the user edited shows that text as it is.
    pub(super) fn cover(&mut self, post: &Post, text: Option<&str>) -> Result<(), LayoutError> {
        let (headline, rest, source) = match text {
            Some(text) => (text.to_owned(), String::new(), None),
            None => cover_text(post),
        };
        let credit = self
            .look
            .credits_author()
            .then(|| format!("Thread by @{}", self.look.author.handle));
        let source = source.map(|links| {
            let shown: Vec<String> = links.split(' ').map(crate::display_link).collect();
            shown.join(" · ")
        });
        let label = match (credit, source) {
            (Some(credit), Some(source)) => Some(format!("{credit} · {source}")),
            (credit, source) => credit.or(source),
        };
        let style = TextStyle::title(self.look);
        let image_focus = self.look.template == Template::ImageFocus
            && (!post.images.is_empty() || post.video_poster.is_some());
        // A short rest sits under the headline as its subtitle; a long one continues on the
        // next slide, at body size too.
        let subtitle = match rest.trim() {
            "" => None,
            _ if image_focus => None,
            rest => self.subtitle(rest, &post.links)?,
        };
        let continued = (subtitle.is_none() && !rest.trim().is_empty()).then_some(rest);
        let variant = if image_focus {
            Variant::ImageFocus
        } else {
            Variant::Cover {
                subtitle,
                credit: label,
            }
        };
        self.content(
            &[(post, PostPart::All)],
            Some(&headline),
            &style,
            variant,
            false,
        )?;
        if let Some(rest) = continued {
            let body = TextStyle::body(self.look);
            self.content(
                &[(post, PostPart::Text)],
                Some(&rest),
                &body,
                Variant::Plain,
                false,
            )?;
        }
        Ok(())
    }

    /// `text` as a cover's subtitle, when it fits in [`SUBTITLE_SHARE`] of the content height
    /// at body size.
    fn subtitle(&self, text: &str, links: &[String]) -> Result<Option<Subtitle>, LayoutError> {
        let look = self.look;
        let shaped = ShapedText::new(text, links, self.fonts, &look.body_font, 400)?;
        let size = look.body;
        // The headline's measure (see `place`): headings narrow to 15 em on wide canvases.
        let width = self.frame.content.w.min(look.title * 15.0);
        let lines = shaped.lines(size, width, TextPos::default());
        let height = shaped.height(&lines, size, look.line_height);
        Ok(
            (height <= self.frame.content.h * SUBTITLE_SHARE).then_some(Subtitle {
                text: shaped,
                lines,
                size,
                width,
                height,
            }),
        )
    }

    /// A slide of one or more post cards, shown as `shape` (`auto`: as the rules in
    /// [`crate::shape`] choose from what the posts hold).
    pub(super) fn posts(
        &mut self,
        items: &[(&Post, PostPart)],
        text: Option<&str>,
        shape: SlideShape,
    ) -> Result<(), LayoutError> {
        let look = self.look;
        let first = items.first().map(|(p, _)| *p);
        let has_visual = items.iter().any(|(p, part)| {
            *part != PostPart::Text && (!p.images.is_empty() || p.video_poster.is_some())
        });
        let shape = match shape {
            // Big quotes are one striking line by design; the rules would undo that.
            SlideShape::Auto if look.template == Template::BigQuote => SlideShape::Text,
            SlideShape::Auto => {
                let shown = match text {
                    Some(text) => text.to_owned(),
                    None => self.posts_text(items, false),
                };
                shape::choose(Holds {
                    text: &shown,
                    visual: has_visual,
                    attachment: items.iter().any(|(p, part)| {
                        *part == PostPart::All && (p.quoted.is_some() || p.card.is_some())
                    }),
                    several: items.len() > 1,
                })
            }
            chosen => chosen,
        };
        // Large type and figures dress the plain templates; the numbered, quote and card
        // templates keep their own look.
        let plain = matches!(
            look.template,
            Template::Hook | Template::Posts | Template::ImageFocus
        );
        let (mut style, mut variant) = match look.template {
            Template::Numbered => {
                self.numbered += 1;
                (TextStyle::body(look), Variant::Numbered(self.numbered))
            }
            Template::BigQuote => {
                let by = first.map_or(String::new(), |p| format!("— @{}", p.author.handle));
                (TextStyle::title(look), Variant::Quote { by })
            }
            Template::TweetCard => match first {
                Some(post) => (
                    TextStyle::body(look),
                    Variant::Card {
                        author: &post.author,
                    },
                ),
                None => (TextStyle::body(look), Variant::Plain),
            },
            Template::ImageFocus if has_visual => (TextStyle::body(look), Variant::ImageFocus),
            _ => (TextStyle::body(look), Variant::Plain),
        };
        let mut text = text.map(str::to_owned);
        match shape {
            SlideShape::Punchy if plain || look.template == Template::Numbered => {
                style = TextStyle::punchy(look);
            }
            SlideShape::Figure if plain => {
                let shown = text
                    .clone()
                    .unwrap_or_else(|| self.posts_text(items, false));
                if let Some(figure) = shape::figure(&shown) {
                    variant = Variant::Figure(figure);
                }
            }
            SlideShape::Code => {
                let shown = text.clone().unwrap_or_else(|| self.posts_text(items, true));
                text = Some(shape::code_text(&shown));
                style = TextStyle::mono(look);
            }
            // In a card the list stays the post's text, its dashes shown as bullets.
            SlideShape::List if matches!(variant, Variant::Card { .. }) => {
                let shown = text.clone().unwrap_or_else(|| self.posts_text(items, true));
                if shape::list_items(&shown).is_some() {
                    text = Some(crate::list::bulleted(&shown));
                }
            }
            SlideShape::List if !matches!(variant, Variant::Quote { .. }) => {
                let shown = text.clone().unwrap_or_else(|| self.posts_text(items, true));
                if let Some(list) = shape::list_items(&shown) {
                    let links: Vec<String> =
                        items.iter().flat_map(|(p, _)| p.links.clone()).collect();
                    let media = Media::collect(items, true);
                    let numeral = match variant {
                        Variant::Numbered(n) => Some(format!("{n:02}")),
                        _ => None,
                    };
                    let style = TextStyle::body(look);
                    if media.is_none()
                        && self.list_slide(&list, &links, &style, numeral.as_deref())?
                    {
                        return Ok(());
                    }
                }
            }
            SlideShape::Photo if has_visual => {
                variant = Variant::ImageFocus;
            }
            _ => {}
        }
        // Big quotes show their one line; the photos would drown it.
        let items: Vec<(&Post, PostPart)> = if look.template == Template::BigQuote {
            items.iter().map(|(p, _)| (*p, PostPart::Text)).collect()
        } else {
            items.to_vec()
        };
        let fill = shape == SlideShape::Photo;
        self.content(&items, text.as_deref(), &style, variant, fill)
    }

    /// A slide of the user's own text: an optional title over body text (blank when empty).
    pub(super) fn text_slide(&mut self, title: &str, text: &str) -> Result<(), LayoutError> {
        let look = self.look;
        let area = self.frame.content;
        let title_style = TextStyle::title(look);
        let body_style = TextStyle::body(look);
        let title_text =
            ShapedText::new(title, &[], self.fonts, &title_style.family, 700)?.balanced();
        let body_text = ShapedText::new(text, &[], self.fonts, &body_style.family, 400)?;
        let align = self.align();
        let gap = self.frame.gap;
        // Shrink title and body together until both fit; long text continues like a post.
        for (title_size, body_size) in title_style.sizes().into_iter().zip(
            body_style
                .sizes()
                .into_iter()
                .chain(std::iter::repeat(body_style.floor.round())),
        ) {
            let title_lines = title_text.lines(title_size, area.w, TextPos::default());
            let body_lines = body_text.lines(body_size, area.w, TextPos::default());
            let th = title_text.height(&title_lines, title_size, title_style.line_height);
            let bh = body_text.height(&body_lines, body_size, body_style.line_height);
            let between = if th > 0.0 && bh > 0.0 { gap } else { 0.0 };
            if th + between + bh <= area.h {
                let mut out = String::new();
                let mut y = area.y + ((area.h - th - between - bh) * 0.45).max(0.0);
                let place = |y, size, lh| Placement {
                    x: area.x,
                    y,
                    width: area.w,
                    size,
                    line_height: lh,
                    align,
                };
                title_text.emit(
                    &title_lines,
                    self.fonts,
                    place(y, title_size, title_style.line_height),
                    self.paint(),
                    &mut out,
                );
                y += th + between;
                body_text.emit(
                    &body_lines,
                    self.fonts,
                    place(y, body_size, body_style.line_height),
                    self.paint(),
                    &mut out,
                );
                let alt = [
                    title_text.text_of(&title_lines),
                    body_text.text_of(&body_lines),
                ];
                let alt: Vec<String> = alt.into_iter().filter(|t| !t.is_empty()).collect();
                self.push(out, alt.join("\n"));
                return Ok(());
            }
        }
        // Too long even at the floor sizes: the title gets its own slide, the text flows on.
        if title_text.has_text_from(TextPos::default()) {
            self.content_text_only(&title_text, &title_style)?;
        }
        self.content_text_only(&body_text, &body_style)
    }

    fn content_text_only(
        &mut self,
        text: &ShapedText,
        style: &TextStyle,
    ) -> Result<(), LayoutError> {
        self.place(text, None, style, Variant::Plain)
    }

    fn paint(&self) -> Paint<'_> {
        Paint {
            text: &self.look.theme.text,
            entity: &self.look.theme.link,
        }
    }

    fn align(&self) -> Align {
        match self.look.align {
            TextAlign::Start => Align::Start,
            TextAlign::Center => Align::Center,
        }
    }

    /// The text of the posts a slide shows, as paragraphs; a post by someone other than the
    /// thread's author is attributed (unless `plain`, or a card says who wrote it).
    fn posts_text(&self, items: &[(&Post, PostPart)], plain: bool) -> String {
        let card = self.look.template == Template::TweetCard;
        items
            .iter()
            .filter(|(_, part)| *part != PostPart::Images)
            .map(|(p, _)| (p, slide_text(p)))
            .filter(|(_, text)| !text.trim().is_empty())
            .map(|(p, text)| {
                let other = !p
                    .author
                    .handle
                    .eq_ignore_ascii_case(&self.look.author.handle);
                if other && !plain && !card {
                    format!(
                        "{}\n— {} @{}",
                        text.trim_end(),
                        p.author.name,
                        p.author.handle
                    )
                } else {
                    text.trim_end().to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    fn content(
        &mut self,
        items: &[(&Post, PostPart)],
        text_override: Option<&str>,
        style: &TextStyle,
        variant: Variant<'_>,
        fill: bool,
    ) -> Result<(), LayoutError> {
        let links: Vec<String> = items
            .iter()
            .filter(|(_, part)| *part != PostPart::Images)
            .flat_map(|(p, _)| p.links.clone())
            .collect();
        let text = match text_override {
            Some(text) => text.to_owned(),
            None => self.posts_text(items, matches!(variant, Variant::Card { .. })),
        };
        let shaped = ShapedText::new(&text, &links, self.fonts, &style.family, style.weight)?;
        let shaped = match style.balanced {
            true => shaped.balanced(),
            false => shaped,
        };
        let with_text = shaped.has_text_from(TextPos::default());
        let media = Media::collect(items, with_text).map(|m| m.filling(fill));
        // Arabic letters reach far above and below the line (dots, hamza): tight heading
        // leading makes lines touch.
        let mut style = style.clone();
        if shaped.is_rtl() {
            style.line_height = style.line_height.max(RTL_LINE_HEIGHT);
        }
        self.place(&shaped, media.as_ref(), &style, variant)
    }

    fn decor(&self, variant: &Variant<'_>, style: &TextStyle) -> Decor {
        let gap = self.frame.gap;
        let chrome = self.frame.chrome;
        match variant {
            Variant::Plain | Variant::ImageFocus => Decor::default(),
            Variant::Cover { subtitle, credit } => Decor {
                above: (chrome * 0.36).round() + gap * 0.9,
                below: subtitle.as_ref().map_or(0.0, |s| gap * 0.8 + s.height)
                    + if credit.is_some() {
                        gap * 0.5 + self.frame.label_height()
                    } else {
                        0.0
                    },
                ..Decor::default()
            },
            Variant::Numbered(_) => Decor {
                above: self.numeral_size() * 1.05 + gap * 0.3,
                ..Decor::default()
            },
            Variant::Figure(figure) => Decor {
                above: self.figure_size(figure, style) * 1.05 + gap * 0.5,
                ..Decor::default()
            },
            Variant::Quote { .. } => Decor {
                above: style.size * 1.1 + gap * 0.3,
                below: gap * 0.8 + chrome * 1.3,
                ..Decor::default()
            },
            Variant::Card { .. } => {
                let pad = (gap * 1.1).round();
                Decor {
                    above: self.card_head() + pad * 0.7,
                    below: 0.0,
                    inset_x: pad,
                    pad_y: pad,
                }
            }
        }
    }

    /// The figure's size: the numeral's, smaller when the figure would not fit on one line.
    fn figure_size(&self, figure: &str, style: &TextStyle) -> f32 {
        let size = self.numeral_size();
        let width = self.frame.content.w.min(style.size * 30.0);
        let Ok(shaped) = ShapedText::new(figure, &[], self.fonts, &self.look.heading_font, 700)
        else {
            return size;
        };
        let natural = shaped.width(&shaped.lines(size, f32::MAX, TextPos::default()), size);
        match natural > width * 0.98 {
            true => (size * width * 0.98 / natural).floor(),
            false => size,
        }
    }

    pub(super) fn numeral_size(&self) -> f32 {
        (self.look.title * 1.5).round()
    }

    fn card_head(&self) -> f32 {
        (self.frame.chrome * 2.6).round()
    }

    /// Where a slide of `variant` puts its text and media (inside the decorations, under a
    /// "continued" label on a continuation), before the measure narrows it.
    fn slot(&self, variant: &Variant<'_>, style: &TextStyle, continued: bool) -> Rect {
        let area = self.frame.content;
        let decor = self.decor(variant, style);
        let label_h = if continued {
            self.frame.label_height()
        } else {
            0.0
        };
        Rect {
            x: area.x + decor.inset_x,
            y: area.y + decor.pad_y + decor.above + label_h,
            w: area.w - 2.0 * decor.inset_x,
            h: area.h - 2.0 * decor.pad_y - decor.above - decor.below - label_h,
        }
    }

    /// Lays `text` and `media` out over as many slides as they need (see the module
    /// documentation for the order of what is tried).
    fn place(
        &mut self,
        text: &ShapedText,
        media: Option<&Media<'_>>,
        style: &TextStyle,
        variant: Variant<'_>,
    ) -> Result<(), LayoutError> {
        let gap = self.frame.gap;
        let mut from = text.start();
        let mut sizes = style.sizes();
        let mut continued = false;
        let mut variant = variant;
        let mut style = style.clone();
        // The size the text is split at, once it is known not to fit on one slide.
        let mut split: Option<f32> = None;
        loop {
            let slot = self.slot(&variant, &style, continued);
            let has_text = text.has_text_from(from);
            let media_ref = media;
            // Side by side on landscape canvases; the photo first in image focus; else stacked.
            let columns = self.look.landscape()
                && has_text
                && media_ref.is_some_and(Media::has_visual)
                && !matches!(variant, Variant::Quote { .. });
            // Lines longer than about 30 em (15 em for headings) are hard to read: on wide
            // canvases the block narrows to that measure and is centred.
            let measure = style.size * if style.weight >= 700 { 15.0 } else { 30.0 };
            let slot = if !columns && slot.w > measure && !matches!(variant, Variant::Card { .. }) {
                Rect {
                    x: slot.x + (slot.w - measure) / 2.0,
                    w: measure,
                    ..slot
                }
            } else {
                slot
            };
            let text_w = if columns { slot.w * 0.54 } else { slot.w };
            let media_w = if columns { slot.w * 0.42 } else { slot.w };
            let media_h = match media_ref {
                None => 0.0,
                Some(m) if columns => m.height_at(media_w, &self.frame, self, slot.h).min(slot.h),
                Some(m) if matches!(variant, Variant::ImageFocus) && has_text => m
                    .height_at(media_w, &self.frame, self, slot.h)
                    .max(slot.h * 0.58)
                    .min(slot.h * 0.66),
                Some(m) => m.height_at(media_w, &self.frame, self, slot.h),
            };
            let stacked_gap = if has_text && media.is_some() && !columns {
                gap
            } else {
                0.0
            };
            // In image focus the photo keeps its size and the caption gives way.
            let min_media = match media_ref {
                Some(_) if matches!(variant, Variant::ImageFocus) => media_h,
                Some(m) if !columns => m.min_height_at(media_w, &self.frame, self).min(media_h),
                _ => media_h,
            };
            // How the text may be set to fit: each size, largest first, and then the
            // smallest allowed size with tighter lines. Text with a photo may shrink to the
            // floor so the two stay together; text alone only a little (FIT_SHRINK): more
            // than that reads better split over slides at a steady size.
            let fitted = |with_media: bool| {
                let least = if with_media || style.weight >= 700 {
                    0.0
                } else {
                    style.size * FIT_SHRINK - 0.5
                };
                let mut settings: Vec<(f32, f32)> = sizes
                    .iter()
                    .filter(|&&size| size >= least)
                    .map(|&size| (size, style.line_height))
                    .collect();
                if let Some(&(smallest, _)) = settings.last() {
                    let tight = (style.line_height - TIGHTER_LINES).max(MIN_LINE_HEIGHT);
                    if tight < style.line_height {
                        settings.push((smallest, tight));
                    }
                }
                settings
            };
            // 1. Everything left, on this slide: the largest text size for which the media
            // still gets at least its least height (it shrinks down to that, text first).
            // A size that has to cut a word in two (a long URL) is skipped while a smaller one
            // remains: shrinking reads better than a number split across lines.
            let smallest = sizes.last().copied().unwrap_or(style.floor);
            let whole_words = |size: f32, lines: &[LineBox]| {
                size <= smallest || !ShapedText::has_forced_breaks(lines)
            };
            let fit_all =
                fitted(media_ref.is_some())
                    .into_iter()
                    .find_map(|(size, line_height)| {
                        let lines = text.lines(size, text_w, from);
                        if !whole_words(size, &lines) {
                            return None;
                        }
                        let h = text.height(&lines, size, line_height);
                        if columns {
                            return (h <= slot.h).then_some((size, line_height, lines, h, media_h));
                        }
                        let room = slot.h - h - stacked_gap;
                        (room >= min_media).then_some((
                            size,
                            line_height,
                            lines,
                            h,
                            media_h.min(room),
                        ))
                    });
            if let Some((size, line_height, lines, text_h, media_h)) = fit_all {
                let part = Part {
                    lines: &lines,
                    size,
                    line_height,
                    text_h,
                    media: media_ref,
                    media_h,
                    columns,
                    text_w,
                    media_w,
                    top: continued,
                };
                self.push_composed(text, &part, &style, &variant, slot, continued);
                return Ok(());
            }
            // 2. The text alone fits: it gets this slide, the media the next one.
            let text_alone = fitted(false).into_iter().find_map(|(size, line_height)| {
                let lines = text.lines(size, slot.w, from);
                let h = text.height(&lines, size, line_height);
                (h <= slot.h && whole_words(size, &lines)).then_some((size, line_height, lines, h))
            });
            if let (Some(_), Some((size, line_height, lines, text_h))) = (media_ref, text_alone) {
                let part = Part {
                    lines: &lines,
                    size,
                    line_height,
                    text_h,
                    media: None,
                    media_h: 0.0,
                    columns: false,
                    text_w: slot.w,
                    media_w,
                    top: continued,
                };
                self.push_composed(text, &part, &style, &variant, slot, continued);
                let full = self.frame.content;
                let media_h =
                    media_ref.map_or(0.0, |m| m.height_at(full.w, &self.frame, self, full.h));
                let part = Part {
                    lines: &[],
                    size,
                    line_height,
                    text_h: 0.0,
                    media: media_ref,
                    media_h,
                    columns: false,
                    text_w: full.w,
                    media_w: full.w,
                    top: false,
                };
                self.push_composed(text, &part, &style, &Variant::Plain, full, false);
                return Ok(());
            }
            // 3. More than a slide's worth: from here on the text is set at one steady size
            // and cut where the slides read well (see `split`); the rest continues.
            let body = TextStyle::body(self.look);
            let later_variant = match variant {
                Variant::Card { author } => Variant::Card { author },
                _ => Variant::Plain,
            };
            let Some(size) = split else {
                let size = self.split_size(text, from, text_w, &style, slot.h, &later_variant);
                split = Some(size);
                sizes = vec![size];
                style.size = size;
                style.line_height = body.line_height;
                if matches!(variant, Variant::Quote { .. }) {
                    variant = Variant::Plain;
                }
                continue;
            };
            let setting = Setting {
                size,
                width: text_w,
                line_height: style.line_height,
            };
            let room = Room {
                here: slot.h,
                later: self.slot(&later_variant, &style, true).h,
            };
            let cut = split::next_cut(text, from, setting, room);
            let text_h = text.height(&cut.lines, size, style.line_height);
            let part = Part {
                lines: &cut.lines,
                size,
                line_height: style.line_height,
                text_h,
                media: None,
                media_h: 0.0,
                columns: false,
                text_w,
                media_w,
                top: true,
            };
            self.push_composed(text, &part, &style, &variant, slot, continued);
            if cut.lines.is_empty() {
                return Ok(());
            }
            from = cut.next;
            if !text.has_text_from(from) && media.is_none() {
                return Ok(());
            }
            continued = true;
            variant = later_variant;
        }
    }

    /// The size a text too long for one slide is split at: the body size, unless that would
    /// take more than [`LONG_READ_SLIDES`] slides; then (a long-form post) the body's floor,
    /// which holds about twice the words, so a 4,000-word post makes a few dozen slides.
    fn split_size(
        &self,
        text: &ShapedText,
        from: TextPos,
        width: f32,
        style: &TextStyle,
        here: f32,
        later_variant: &Variant<'_>,
    ) -> f32 {
        let body = TextStyle::body(self.look);
        let setting = Setting {
            size: body.size,
            width,
            line_height: body.line_height,
        };
        let room = Room {
            here,
            later: self.slot(later_variant, &body, true).h,
        };
        let lines = text.lines(body.size, width, from);
        if split::slides_needed(text, &lines, setting, room) <= LONG_READ_SLIDES {
            body.size
        } else {
            body.floor.round().min(style.size)
        }
    }

    /// Composes one slide of `text` (see [`Self::compose`]) and keeps it, with its alt text:
    /// the words it shows, then what its media shows. It takes `compose`'s arguments as they
    /// are, on purpose: every slide `place` makes goes through here, so none lacks its alt text.
    fn push_composed(
        &mut self,
        text: &ShapedText,
        part: &Part<'_, '_>,
        style: &TextStyle,
        variant: &Variant<'_>,
        slot: Rect,
        continued: bool,
    ) {
        let body = self.compose(text, part, style, variant, slot, continued);
        let mut alt = Vec::new();
        let words = text.text_of(part.lines);
        if !words.is_empty() {
            alt.push(words);
        }
        if let Variant::Cover { subtitle, credit } = variant {
            alt.extend(subtitle.as_ref().map(|s| s.text.text_of(&s.lines)));
            alt.extend(credit.clone());
        }
        if let Some(media) = part.media {
            media.describe(&mut alt);
        }
        self.push(body, alt.join(" "));
    }

    /// One slide's body: decorations, the "continued" label, text and media, centred.
    fn compose(
        &self,
        text: &ShapedText,
        part: &Part<'_, '_>,
        style: &TextStyle,
        variant: &Variant<'_>,
        slot: Rect,
        continued: bool,
    ) -> String {
        let index = self.bodies.len();
        let look = self.look;
        let theme = &look.theme;
        let gap = self.frame.gap;
        let chrome = self.frame.chrome;
        let decor = self.decor(variant, style);
        let label_h = if continued {
            self.frame.label_height()
        } else {
            0.0
        };
        let has_lines = !part.lines.is_empty();
        let stacked_gap = if has_lines && part.media.is_some() && !part.columns {
            gap
        } else {
            0.0
        };
        let block_h = if part.columns {
            part.text_h.max(part.media_h)
        } else {
            part.text_h + stacked_gap + part.media_h
        };
        let align = match variant {
            Variant::Quote { .. } => Align::Center,
            _ => self.align(),
        };
        let mut out = String::new();
        let area = self.frame.content;
        // The whole dressed block, centred optically a little high.
        let dressed = decor.above + label_h + block_h + decor.below + 2.0 * decor.pad_y;
        let top = match part.top {
            true => area.y,
            false => area.y + ((area.h - dressed) * 0.45).max(0.0),
        };
        if let Variant::Card { author } = variant {
            self.card(
                &mut out,
                index,
                author,
                Rect {
                    x: area.x,
                    y: top,
                    w: area.w,
                    h: dressed,
                },
            );
        }
        let mut y = top + decor.pad_y;
        match variant {
            Variant::Cover { .. } => {
                let bar_h = (chrome * 0.36).round();
                let bar_w = chrome * 3.2;
                // Over a right-to-left headline the bar sits where its lines start: right.
                let bar_x = match (align, text.is_rtl()) {
                    (Align::Start, true) => slot.x + slot.w - bar_w,
                    _ => self.bar_x(slot, align, bar_w),
                };
                out.push_str(&format!(
                    r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"/>"#,
                    num(bar_x),
                    num(y),
                    num(chrome * 3.2),
                    num(bar_h),
                    num(bar_h / 2.0),
                    escape(&theme.accent)
                ));
            }
            Variant::Numbered(n) => {
                let size = self.numeral_size();
                let mark = format!("{n:02}");
                self.accent_mark(
                    &mark,
                    size,
                    Rect::new(slot.x, y, slot.w, size),
                    align,
                    &mut out,
                );
            }
            Variant::Quote { .. } => {
                let size = style.size * 2.4;
                let at = Rect::new(slot.x, y - size * 0.28, slot.w, size);
                self.accent_mark("“", size, at, align, &mut out);
            }
            Variant::Figure(figure) => {
                let size = self.figure_size(figure, style);
                // Sized to fit the measure; a start-aligned figure never wraps.
                let at = match align {
                    Align::Start => Rect::new(slot.x, y, slot.w * 2.0, size),
                    Align::Center => Rect::new(slot.x, y, slot.w, size),
                };
                self.accent_mark(figure, size, at, align, &mut out);
            }
            _ => {}
        }
        y += decor.above;
        if continued {
            self.frame
                .label(&mut out, "continued", slot.x, y, self.fonts, look);
            y += label_h;
        }
        let image_first = matches!(variant, Variant::ImageFocus) && part.media.is_some();
        if image_first {
            if let Some(media) = part.media {
                media.emit(
                    &mut out,
                    index,
                    Rect::new(slot.x, y, slot.w, part.media_h),
                    self,
                );
            }
            y += part.media_h + stacked_gap;
        }
        if has_lines {
            let text_y = if part.columns {
                y + (block_h - part.text_h) / 2.0
            } else {
                y
            };
            let place = Placement {
                x: slot.x,
                y: text_y,
                width: part.text_w,
                size: part.size,
                line_height: part.line_height,
                align,
            };
            text.emit(part.lines, self.fonts, place, self.paint(), &mut out);
        }
        if let (false, Some(media)) = (image_first, part.media) {
            if part.columns {
                let mx = slot.x + slot.w - part.media_w;
                let my = y + (block_h - part.media_h) / 2.0;
                media.emit(
                    &mut out,
                    index,
                    Rect::new(mx, my, part.media_w, part.media_h),
                    self,
                );
            } else {
                let my = y + if has_lines {
                    part.text_h + stacked_gap
                } else {
                    0.0
                };
                media.emit(
                    &mut out,
                    index,
                    Rect::new(slot.x, my, slot.w, part.media_h),
                    self,
                );
            }
        }
        y += block_h;
        match variant {
            Variant::Cover { subtitle, credit } => {
                if let Some(subtitle) = subtitle {
                    // Under the headline, in its measure, in the theme's secondary colour.
                    let place = Placement {
                        x: slot.x,
                        y: y + gap * 0.8,
                        width: subtitle.width.min(slot.w),
                        size: subtitle.size,
                        line_height: look.line_height,
                        align,
                    };
                    let paint = Paint {
                        text: &theme.muted,
                        entity: &theme.link,
                    };
                    subtitle
                        .text
                        .emit(&subtitle.lines, self.fonts, place, paint, &mut out);
                    y += gap * 0.8 + subtitle.height;
                }
                if let Some(credit) = credit {
                    self.frame
                        .label(&mut out, credit, slot.x, y + gap * 0.5, self.fonts, look);
                }
            }
            Variant::Quote { by } => {
                if let Ok(by_text) = ShapedText::new(by, &[], self.fonts, &look.body_font, 700) {
                    let lines = by_text.lines(chrome * 1.1, slot.w, TextPos::default());
                    let place = Placement {
                        x: slot.x,
                        y: y + gap * 0.8,
                        width: slot.w,
                        size: chrome * 1.1,
                        line_height: 1.2,
                        align,
                    };
                    by_text.emit(
                        &lines,
                        self.fonts,
                        place,
                        Paint {
                            text: &theme.muted,
                            entity: &theme.muted,
                        },
                        &mut out,
                    );
                }
            }
            _ => {}
        }
        out
    }

    /// Where an accent bar of width `w` starts for the alignment.
    /// A decorative mark (a numeral, a quotation mark) in the heading font and the accent
    /// colour, one line at `size` from the top left of `at`. A mark the fonts cannot shape is
    /// left out: it is decoration.
    pub(super) fn accent_mark(
        &self,
        mark: &str,
        size: f32,
        at: Rect,
        align: Align,
        out: &mut String,
    ) {
        let look = self.look;
        let Ok(shaped) = ShapedText::new(mark, &[], self.fonts, &look.heading_font, 700) else {
            return;
        };
        let lines = shaped.lines(size, at.w, TextPos::default());
        let place = Placement {
            x: at.x,
            y: at.y,
            width: at.w,
            size,
            line_height: 1.0,
            align,
        };
        // Marks are large type: the accent where it reads at 3:1, else the link colour.
        let accent = look.theme.accent_text(true);
        let paint = Paint {
            text: accent,
            entity: accent,
        };
        shaped.emit(&lines, self.fonts, place, paint, out);
    }

    fn bar_x(&self, slot: Rect, align: Align, w: f32) -> f32 {
        match align {
            Align::Start => slot.x,
            Align::Center => slot.x + (slot.w - w) / 2.0,
        }
    }

    /// The card of the tweet-card template: background, the post's author, a subtle X mark.
    fn card(&self, out: &mut String, index: usize, author: &Author, rect: Rect) {
        let look = self.look;
        let theme = &look.theme;
        let chrome = self.frame.chrome;
        let pad = (self.frame.gap * 1.1).round();
        let radius = (self.frame.width.min(self.frame.height) * 0.035).round();
        out.push_str(&format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{r}" fill="{}" stroke="{}" stroke-width="{}"/>"#,
            num(rect.x),
            num(rect.y),
            num(rect.w),
            num(rect.h),
            escape(&theme.card),
            escape(&theme.line),
            num((chrome * 0.08).max(1.5)),
            r = num(radius),
        ));
        let head = self.card_head();
        let (x, y) = (rect.x + pad, rect.y + pad);
        avatar(
            out,
            &format!("s{index}-card"),
            author,
            Rect::square(x, y, head),
            self.fonts,
            look,
        );
        let tx = x + head + chrome * 0.6;
        let mark = chrome * 1.3;
        let text_w = rect.w - 2.0 * pad - head - chrome * 0.6 - mark - chrome;
        let name_size = (chrome * 1.1).round();
        let block = name_size * 1.25 + chrome * 1.25;
        let top = y + (head - block) / 2.0;
        let line = |text: &str, weight: u16, size: f32, y: f32, color: &str, out: &mut String| {
            if let Ok(shaped) = ShapedText::new(text, &[], self.fonts, &look.body_font, weight) {
                let mut lines = shaped.lines(size, text_w, TextPos::default());
                shaped.clamp(&mut lines, 1, size, text_w);
                let place = Placement {
                    x: tx,
                    y,
                    width: text_w,
                    size,
                    line_height: 1.25,
                    align: Align::Start,
                };
                shaped.emit(
                    &lines,
                    self.fonts,
                    place,
                    Paint {
                        text: color,
                        entity: color,
                    },
                    out,
                );
            }
        };
        line(&author.name, 700, name_size, top, &theme.text, out);
        line(
            &format!("@{}", author.handle),
            400,
            chrome,
            top + name_size * 1.25,
            &theme.muted,
            out,
        );
        // A subtle X mark in the muted colour: a heavy stroke falling to the right crossed by
        // a hairline, the shape of X's logo, drawn from plain paths.
        let (mx, my) = (rect.x + rect.w - pad - mark, y + (head - mark) / 2.0);
        let p = |fx: f32, fy: f32| format!("{} {}", num(mx + fx * mark), num(my + fy * mark));
        out.push_str(&format!(
            r#"<path d="M{}L{}L{}L{}Z" fill="{muted}" opacity="0.75"/><path d="M{}L{}" stroke="{muted}" stroke-width="{}" stroke-linecap="round" opacity="0.75"/>"#,
            p(0.0, 0.0),
            p(0.3, 0.0),
            p(1.0, 1.0),
            p(0.7, 1.0),
            p(0.92, 0.02),
            p(0.1, 0.98),
            num(mark * 0.09),
            muted = escape(&theme.muted),
        ));
    }
}

/// What goes on one slide.
struct Part<'l, 'm> {
    lines: &'l [LineBox],
    size: f32,
    line_height: f32,
    text_h: f32,
    media: Option<&'m Media<'m>>,
    media_h: f32,
    columns: bool,
    text_w: f32,
    media_w: f32,
    /// A share of a split text: set from the top of the slide, so that each of its slides
    /// starts its text at the same height (centred, they would jump as the reader swipes).
    top: bool,
}

/// A post's text as its slide shows it: without the thread's scaffolding ("2/", "(4/7)", "🧵":
/// [`model::scaffold::strip`]); a post that stayed cut short ("Show more" could not be
/// expanded) ends in "…", so it never reads as if it ended there; a poll's options follow as
/// lines (with their results when shown); a link that its preview card shows is not repeated at
/// the end of the text.
pub(super) fn slide_text(post: &Post) -> String {
    finished(post, scaffold::strip(&without_card_link(post)))
}

/// A thread's first post as its cover shows it: the headline (the hook without scaffolding),
/// what follows it (set at body size on the next slide), and the links it ended with (its
/// source line). See [`model::scaffold::hook`].
pub(super) fn cover_text(post: &Post) -> (String, String, Option<String>) {
    let hook = scaffold::hook(&without_card_link(post));
    let rest = finished(post, hook.rest);
    match hook.headline.is_empty() {
        // Nothing but scaffolding and links: the source is all there is to show.
        true => (rest, String::new(), hook.source),
        false => (hook.headline, rest, hook.source),
    }
}

/// The post's text without a link its preview card shows.
fn without_card_link(post: &Post) -> String {
    let text = post.text.trim_end();
    match &post.card {
        Some(card)
            if !card.url.is_empty()
                && text.ends_with(card.url.as_str())
                && post.quoted.is_none() =>
        {
            text[..text.len() - card.url.len()].trim_end().to_owned()
        }
        _ => text.to_owned(),
    }
}

/// `text` with the post's "…" when it stayed cut short, and its poll's options.
fn finished(post: &Post, mut text: String) -> String {
    if post.truncated && !text.is_empty() && !text.ends_with('…') && !text.ends_with("...") {
        text.push('…');
    }
    if let Some(poll) = &post.poll {
        let mut lines: Vec<String> = poll
            .options
            .iter()
            .map(|option| match &option.result {
                Some(result) => format!("• {} — {}", option.label, result),
                None => format!("• {}", option.label),
            })
            .collect();
        if !poll.summary.is_empty() {
            lines.push(poll.summary.clone());
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&lines.join("\n"));
    }
    text
}
