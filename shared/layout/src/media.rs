//! What a post shows besides its text: photos (1–4, cropped to fill, rounded), a video poster
//! with a play badge (a "GIF" badge for GIFs), and a quoted post or a link preview as a small
//! nested card.

use super::Builder;
use super::chrome::{Frame, Rect, avatar};
use super::text::{Align, LineBox, Paint, Placement, ShapedText, TextPos};
use crate::framing::{self, Placement as Framed};
use crate::svg::{escape, num};
use model::deck::PostPart;
use model::{Fit, Framing, LinkCard, Post, QuotedPost};

/// The media of one post.
#[derive(Debug)]
pub struct Media<'a> {
    /// Each photo with how it is framed.
    photos: Vec<(&'a str, Framing)>,
    video: Option<&'a str>,
    /// The video is an animated GIF.
    gif: bool,
    quote: Option<Nested<'a>>,
    /// Whether the post has text; media of a post without text may take the whole slide.
    with_text: bool,
    /// A photo slide: the photo fills the free room instead of keeping its shape.
    fill: bool,
}

/// Lines of a quoted post's text shown on its card; X line-clamps quotes too.
const QUOTE_LINES: usize = 4;

impl<'a> Media<'a> {
    /// The media of the posts on a slide: photos of every post shown whole or for its images
    /// (at most four), the first video poster, the first quoted post of a post shown whole.
    pub fn collect(items: &[(&'a Post, PostPart)], with_text: bool) -> Option<Media<'a>> {
        let visual = items.iter().filter(|(_, part)| *part != PostPart::Text);
        let photos: Vec<(&str, Framing)> = visual
            .clone()
            .flat_map(|(post, _)| {
                post.images
                    .iter()
                    .enumerate()
                    .map(|(i, href)| (href.as_str(), post.framing(i)))
            })
            .filter(|(href, _)| !href.is_empty())
            .take(4)
            .collect();
        let (video, gif) = visual
            .clone()
            .find_map(|(post, _)| {
                let poster = post.video_poster.as_deref().filter(|s| !s.is_empty())?;
                Some((Some(poster), post.gif))
            })
            .unwrap_or((None, false));
        // A quoted post, else a link preview, of a post shown whole (X shows one or the other).
        let quote = items
            .iter()
            .filter(|(_, part)| *part == PostPart::All)
            .find_map(|(post, _)| {
                post.quoted
                    .as_ref()
                    .map(Nested::Quote)
                    .or(post.card.as_ref().map(Nested::Link))
            });
        if photos.is_empty() && video.is_none() && quote.is_none() {
            return None;
        }
        Some(Media {
            photos,
            video,
            gif,
            quote,
            with_text,
            fill: false,
        })
    }

    /// With `fill`, a photo without text takes all the room there is (a photo slide).
    pub fn filling(self, fill: bool) -> Media<'a> {
        Media { fill, ..self }
    }

    /// What the media shows, in plain words, for alt text: the photos, a video or GIF, and a
    /// quoted post or link preview with its text.
    pub fn describe(&self, parts: &mut Vec<String>) {
        match self.photos.len() {
            0 => {}
            1 => parts.push("Photo.".to_owned()),
            n => parts.push(format!("{n} photos.")),
        }
        if self.video.is_some() {
            parts.push(if self.gif { "GIF." } else { "Video." }.to_owned());
        }
        match &self.quote {
            Some(Nested::Quote(quoted)) if quoted.unavailable => {
                parts.push("A quoted post that is unavailable.".to_owned());
            }
            Some(Nested::Quote(quoted)) => parts.push(format!(
                "Quoting {} (@{}): {}",
                quoted.author.name,
                quoted.author.handle,
                crate::display_text(quoted.text.trim(), &quoted.links)
            )),
            Some(Nested::Link(card)) => {
                let title = card.title.trim();
                let domain = card.domain.trim();
                parts.push(match (title.is_empty(), domain.is_empty()) {
                    (false, false) => format!("Link: {title} ({domain})."),
                    (false, true) => format!("Link: {title}."),
                    (true, _) => format!("Link to {}.", crate::display_link(&card.url)),
                });
            }
            None => {}
        }
    }

    /// Whether there is a photo or video (not only a quoted post).
    pub fn has_visual(&self) -> bool {
        !self.photos.is_empty() || self.video.is_some()
    }

    fn visual_height(&self, w: f32) -> f32 {
        // A single photo or a poster keeps its own shape where it can, so nothing is cropped.
        let natural = |href: &str, default: f32| {
            aspect(href).map_or(w * default, |a| (w / a).clamp(w * 0.42, w * 1.05))
        };
        let photos = match self.photos.len() {
            0 => 0.0,
            1 => natural(self.photos[0].0, 0.62),
            2 => w * 0.52,
            _ => w * 0.7,
        };
        let video = self.video.map_or(0.0, |poster| natural(poster, 9.0 / 16.0));
        photos.max(video)
    }

    /// The least height the media can shrink to at width `w`: the quoted post's card and a
    /// photo that is still more than a sliver.
    pub fn min_height_at(&self, w: f32, frame: &Frame, builder: &Builder<'_>) -> f32 {
        let quote = self
            .quote
            .map_or(0.0, |q| QuoteCard::new(q, builder, w).height);
        let visual = if self.has_visual() { w * 0.34 } else { 0.0 };
        let gap = if quote > 0.0 && visual > 0.0 {
            frame.gap * 0.6
        } else {
            0.0
        };
        quote + gap + visual
    }

    /// The height the media takes in a column of width `w` whose free height is `avail`.
    pub fn height_at(&self, w: f32, frame: &Frame, builder: &Builder<'_>, avail: f32) -> f32 {
        let quote = self
            .quote
            .map_or(0.0, |q| QuoteCard::new(q, builder, w).height);
        let visual = self.visual_height(w);
        let gap = if quote > 0.0 && visual > 0.0 {
            frame.gap * 0.6
        } else {
            0.0
        };
        let visual_room = (avail - quote - gap).max(0.0);
        let visual = if self.fill && !self.with_text && self.has_visual() {
            visual_room
        } else if self.with_text {
            visual.min(visual_room * 0.62)
        } else {
            (visual * 1.35).min(visual_room)
        };
        // Below this a photo is a sliver: better to give it a slide of its own.
        let visual = if visual > 0.0 {
            visual.max(w * 0.3)
        } else {
            0.0
        };
        quote + gap + visual
    }

    /// Draws the media into `rect`: a quoted post or link card on top, then the video poster or
    /// the photos in what is left.
    pub fn emit(&self, out: &mut String, index: usize, rect: Rect, builder: &Builder<'_>) {
        let frame = &builder.frame;
        let Rect { x, mut y, w, mut h } = rect;
        let radius = (frame.width.min(frame.height) * 0.024).round();
        let backdrop = backdrop(builder);
        if let Some(quote) = self.quote {
            let card = QuoteCard::new(quote, builder, w);
            card.emit(out, index, x, y, w, builder);
            let used = card.height + frame.gap * 0.6;
            y += used;
            h -= used;
        }
        if h < 1.0 {
            return;
        }
        if let Some(poster) = self.video {
            photo(
                out,
                &format!("s{index}-video"),
                (poster, Framing::default()),
                Rect::new(x, y, w, h),
                radius,
                &backdrop,
            );
            if self.gif {
                gif_badge(out, x, y, h, builder);
            } else {
                play_badge(out, x + w / 2.0, y + h / 2.0, (w.min(h) * 0.09).max(24.0));
            }
        } else if !self.photos.is_empty() {
            photo_grid(
                out,
                index,
                &self.photos,
                Rect::new(x, y, w, h),
                (radius, (w * 0.015).round()),
                &backdrop,
            );
        }
    }
}

/// 1 photo fills the box; 2 sit side by side; 3 are one large and two stacked; 4 a 2×2 grid.
fn photo_grid(
    out: &mut String,
    index: usize,
    photos: &[(&str, Framing)],
    rect: Rect,
    (radius, gap): (f32, f32),
    backdrop: &str,
) {
    let Rect { x, y, w, h } = rect;
    let half_w = (w - gap) / 2.0;
    let half_h = (h - gap) / 2.0;
    let cells: Vec<(f32, f32, f32, f32)> = match photos.len() {
        1 => vec![(x, y, w, h)],
        2 => vec![(x, y, half_w, h), (x + half_w + gap, y, half_w, h)],
        3 => vec![
            (x, y, half_w, h),
            (x + half_w + gap, y, half_w, half_h),
            (x + half_w + gap, y + half_h + gap, half_w, half_h),
        ],
        _ => vec![
            (x, y, half_w, half_h),
            (x + half_w + gap, y, half_w, half_h),
            (x, y + half_h + gap, half_w, half_h),
            (x + half_w + gap, y + half_h + gap, half_w, half_h),
        ],
    };
    // A mosaic reads as one picture only when every cell is filled: there, a graphic is shown
    // whole only when the user asked for it.
    let mosaic = photos.len() > 1;
    for (i, (&(href, mut framing), (cx, cy, cw, ch))) in photos.iter().zip(cells).enumerate() {
        if mosaic && framing.fit == Fit::Auto {
            framing.fit = Fit::Fill;
        }
        photo(
            out,
            &format!("s{index}-photo{i}"),
            (href, framing),
            Rect::new(cx, cy, cw, ch),
            radius,
            backdrop,
        );
    }
}

/// What a photo shown whole sits on: the background, tinted a little towards the text, so
/// the photo's box reads as one on every theme.
fn backdrop(builder: &Builder<'_>) -> String {
    let theme = &builder.look.theme;
    model::themes::blend(&theme.text, &theme.background, 0.07).unwrap_or_else(|| theme.card.clone())
}

/// One image in its box with rounded corners: cropped around its focus to fill the box, or
/// shown whole on `backdrop` (see [`framing::place`]).
fn photo(
    out: &mut String,
    id: &str,
    (href, framing): (&str, Framing),
    rect: Rect,
    radius: f32,
    backdrop: &str,
) {
    let Rect { x, y, w, h } = rect;
    let clip = format!(
        r#"<clipPath id="{id}"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{r}"/></clipPath>"#,
        x = num(x),
        y = num(y),
        w = num(w),
        h = num(h),
        r = num(radius),
    );
    out.push_str(&clip);
    let image = |(ix, iy, iw, ih): (f32, f32, f32, f32), fit: &str| {
        format!(
            r#"<image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="{fit}" clip-path="url(#{id})" href="{}"/>"#,
            num(ix),
            num(iy),
            num(iw),
            num(ih),
            escape(href),
        )
    };
    let Some(aspect) = aspect(href) else {
        // Its shape is unknown: the renderer centres the crop.
        out.push_str(&image((x, y, w, h), "xMidYMid slice"));
        return;
    };
    match framing::place(&framing, aspect, (x, y, w, h)) {
        Framed::Whole {
            x: ix,
            y: iy,
            w: iw,
            h: ih,
        } => {
            out.push_str(&format!(
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"/>"#,
                num(x),
                num(y),
                num(w),
                num(h),
                num(radius),
                escape(backdrop),
            ));
            out.push_str(&image((ix, iy, iw, ih), "xMidYMid meet"));
        }
        Framed::Fill {
            x: ix,
            y: iy,
            w: iw,
            h: ih,
        } => out.push_str(&image((ix, iy, iw, ih), "none")),
    }
}

fn play_badge(out: &mut String, cx: f32, cy: f32, r: f32) {
    let t = r * 0.42;
    out.push_str(&format!(
        r##"<circle cx="{}" cy="{}" r="{}" fill="#000000" fill-opacity="0.62" stroke="#ffffff" stroke-width="{}"/><path d="M{} {}L{} {}L{} {}Z" fill="#ffffff"/>"##,
        num(cx),
        num(cy),
        num(r),
        num(r * 0.06),
        num(cx - t * 0.75),
        num(cy - t),
        num(cx + t * 1.05),
        num(cy),
        num(cx - t * 0.75),
        num(cy + t),
    ));
}

/// X's "GIF" label, bottom left of the poster, as real text.
fn gif_badge(out: &mut String, x: f32, y: f32, h: f32, builder: &Builder<'_>) {
    let size = (builder.frame.chrome * 0.9).round();
    let pad = (size * 0.35).round();
    let Ok(label) = ShapedText::new("GIF", &[], builder.fonts, &builder.look.body_font, 700) else {
        return;
    };
    let lines = label.lines(size, size * 4.0, TextPos::default());
    let w = label.width(&lines, size) + 2.0 * pad;
    let bh = size * 1.25 + pad;
    let (bx, by) = (x + pad * 1.5, y + h - bh - pad * 1.5);
    out.push_str(&format!(
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="#000000" fill-opacity="0.72"/>"##,
        num(bx),
        num(by),
        num(w),
        num(bh),
        num(size * 0.25),
    ));
    let place = Placement {
        x: bx + pad,
        y: by + pad * 0.5,
        width: w,
        size,
        line_height: 1.25,
        align: Align::Start,
    };
    let white = "#ffffff".to_owned();
    label.emit(
        &lines,
        builder.fonts,
        place,
        Paint {
            text: &white,
            entity: &white,
        },
        out,
    );
}

/// What a nested card shows: a quoted post (or X's "unavailable" in its place) or a link
/// preview.
#[derive(Debug, Clone, Copy)]
enum Nested<'a> {
    Quote(&'a QuotedPost),
    Link(&'a LinkCard),
}

/// What a quoted post that is gone says, as X says it.
const UNAVAILABLE: &str = "This post is unavailable.";

/// A quoted post or a link preview: a bordered card with the quoted author (none for a link)
/// and a few lines of text, then the first image.
struct QuoteCard<'a> {
    quote: Nested<'a>,
    name: Option<ShapedText>,
    handle: Option<ShapedText>,
    text: Option<(ShapedText, Vec<LineBox>)>,
    pad: f32,
    head: f32,
    size: f32,
    thumb: f32,
    height: f32,
}

impl<'a> QuoteCard<'a> {
    fn new(quote: Nested<'a>, builder: &Builder<'_>, w: f32) -> QuoteCard<'a> {
        let frame = &builder.frame;
        let look = builder.look;
        let pad = (frame.gap * 0.75).round();
        let size = (look.body * 0.78).round();
        let inner = w - 2.0 * pad;
        let family = &look.body_font;
        let author = match quote {
            Nested::Quote(quoted) if !quoted.unavailable => Some(&quoted.author),
            _ => None,
        };
        let name =
            author.and_then(|a| ShapedText::new(&a.name, &[], builder.fonts, family, 700).ok());
        let handle = author.and_then(|a| {
            ShapedText::new(&format!("@{}", a.handle), &[], builder.fonts, family, 400).ok()
        });
        let (body, links): (String, &[String]) = match quote {
            Nested::Quote(quoted) if quoted.unavailable => (UNAVAILABLE.to_owned(), &[]),
            Nested::Quote(quoted) => (quoted.text.clone(), &quoted.links),
            Nested::Link(card) => {
                let title = if card.title.is_empty() {
                    &card.description
                } else {
                    &card.title
                };
                (
                    format!("{}\n{}", title.trim(), card.domain.trim())
                        .trim()
                        .to_owned(),
                    &[],
                )
            }
        };
        let text = ShapedText::new(&body, links, builder.fonts, family, 400)
            .ok()
            .filter(|t| t.has_text_from(TextPos::default()))
            .map(|text| {
                let mut lines = text.lines(size, inner, TextPos::default());
                text.clamp(&mut lines, QUOTE_LINES, size, inner);
                (text, lines)
            });
        let head = if author.is_some() {
            (frame.chrome * 1.7).round()
        } else {
            0.0
        };
        let text_h = text
            .as_ref()
            .map_or(0.0, |(t, l)| t.height(l, size, 1.3) + pad * 0.5);
        let thumb = if Self::image_of(quote).is_none() {
            0.0
        } else {
            (inner * 0.4).round()
        };
        let height = pad * 2.0 + head + text_h + if thumb > 0.0 { thumb + pad * 0.5 } else { 0.0 };
        QuoteCard {
            quote,
            name,
            handle,
            text,
            pad,
            head,
            size,
            thumb,
            height,
        }
    }

    /// The card's image: a quoted post's first photo, a link preview's image.
    fn image_of(quote: Nested<'a>) -> Option<&'a str> {
        match quote {
            Nested::Quote(quoted) => quoted.images.first().map(String::as_str),
            Nested::Link(card) => card.image.as_deref(),
        }
        .filter(|src| !src.is_empty())
    }

    fn emit(&self, out: &mut String, index: usize, x: f32, y: f32, w: f32, builder: &Builder<'_>) {
        let look = builder.look;
        let theme = &look.theme;
        let fonts = builder.fonts;
        let frame = &builder.frame;
        let radius = (frame.width.min(frame.height) * 0.024).round();
        out.push_str(&format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}" stroke="{}" stroke-width="{}"/>"#,
            num(x),
            num(y),
            num(w),
            num(self.height),
            num(radius),
            escape(&theme.card),
            escape(&theme.line),
            num((frame.chrome * 0.08).max(1.5)),
        ));
        let (ix, iw) = (x + self.pad, w - 2.0 * self.pad);
        let mut cy = y + self.pad;
        let d = self.head;
        if let Nested::Quote(quoted) = self.quote
            && d > 0.0
        {
            avatar(
                out,
                &format!("s{index}-quote"),
                &quoted.author,
                Rect::square(ix, cy, d),
                fonts,
                look,
            );
        }
        let chrome = frame.chrome;
        let tx = ix + d + chrome * 0.5;
        let line_y = cy + (d - chrome * 1.25) / 2.0;
        let mut name_w = 0.0;
        if let Some(name) = &self.name {
            let mut lines = name.lines(chrome, iw * 0.6, TextPos::default());
            name.clamp(&mut lines, 1, chrome, iw * 0.6);
            name_w = name.width(&lines, chrome);
            let place = Placement {
                x: tx,
                y: line_y,
                width: iw * 0.6,
                size: chrome,
                line_height: 1.25,
                align: Align::Start,
            };
            name.emit(
                &lines,
                fonts,
                place,
                Paint {
                    text: &theme.text,
                    entity: &theme.text,
                },
                out,
            );
        }
        if let Some(handle) = &self.handle {
            let hx = tx + name_w + chrome * 0.35;
            let room = (ix + iw - hx).max(chrome);
            let mut lines = handle.lines(chrome, room, TextPos::default());
            handle.clamp(&mut lines, 1, chrome, room);
            let place = Placement {
                x: hx,
                y: line_y,
                width: room,
                size: chrome,
                line_height: 1.25,
                align: Align::Start,
            };
            handle.emit(
                &lines,
                fonts,
                place,
                Paint {
                    text: &theme.muted,
                    entity: &theme.muted,
                },
                out,
            );
        }
        if d > 0.0 {
            cy += d + self.pad * 0.5;
        }
        if let Some((text, lines)) = &self.text {
            let place = Placement {
                x: ix,
                y: cy,
                width: iw,
                size: self.size,
                line_height: 1.3,
                align: Align::Start,
            };
            text.emit(
                lines,
                fonts,
                place,
                Paint {
                    text: &theme.text,
                    entity: &theme.accent,
                },
                out,
            );
            cy += text.height(lines, self.size, 1.3) + self.pad * 0.5;
        }
        if let Some(first) = Self::image_of(self.quote).filter(|_| self.thumb > 0.0) {
            photo(
                out,
                &format!("s{index}-quotephoto"),
                (first, Framing::default()),
                Rect::new(ix, cy, iw, self.thumb),
                radius * 0.6,
                &theme.card,
            );
        }
    }
}

/// Width / height of an image given as a `data:` URL, read from its header. The start of the
/// data usually holds it, so only the first [`HEAD_BYTES`] are decoded; a JPEG with a large EXIF
/// block needs the whole. The URL is read as the renderer (usvg) reads it, with `data-url`.
fn aspect(href: &str) -> Option<f32> {
    use data_url::forgiving_base64::DecodeError;
    /// The decoding stopped on purpose: enough bytes for the header.
    struct Enough;
    let url = data_url::DataUrl::process(href).ok()?;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let complete = match url.decode(|bytes| {
        head.extend_from_slice(bytes);
        if head.len() >= HEAD_BYTES {
            Err(Enough)
        } else {
            Ok(())
        }
    }) {
        Ok(_) => true,
        Err(DecodeError::WriteError(Enough)) => false,
        Err(DecodeError::InvalidBase64(_)) => return None,
    };
    let size = match imagesize::blob_size(&head) {
        Ok(size) => size,
        Err(_) if complete => return None,
        Err(_) => imagesize::blob_size(&url.decode_to_vec().ok()?.0).ok()?,
    };
    (size.width > 0 && size.height > 0).then(|| size.width as f32 / size.height as f32)
}

/// What [`aspect`] decodes first: the bytes of 16 KB of base64.
const HEAD_BYTES: usize = 12 * 1024;

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::prelude::BASE64_STANDARD;

    use super::{HEAD_BYTES, aspect};

    #[test]
    fn aspect_of_a_data_url() {
        // A 2×1 PNG.
        let png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR42mP8z8DwnwEIGGEAAP8CAvxqRxrvAAAAAElFTkSuQmCC";
        assert_eq!(aspect(png), Some(2.0));
        assert_eq!(aspect("https://example.com/a.png"), None);
        assert_eq!(aspect("data:image/png;base64,!!!"), None);
    }

    #[test]
    fn a_data_url_is_read_whatever_its_case() {
        // The scheme, the type and `;base64` are case-insensitive, as in the export and usvg.
        let png = "DATA:IMAGE/PNG;BASE64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR42mP8z8DwnwEIGGEAAP8CAvxqRxrvAAAAAElFTkSuQmCC";
        assert_eq!(aspect(png), Some(2.0));
    }

    #[test]
    fn a_header_past_the_first_bytes_is_read_from_the_whole() {
        // A JPEG whose size (its SOF0 segment) comes after a large APP1 (EXIF) segment.
        let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe1];
        let app1 = 40 * 1024u16;
        jpeg.extend_from_slice(&app1.to_be_bytes());
        jpeg.resize(4 + app1 as usize, 0);
        jpeg.extend_from_slice(&[0xff, 0xc0, 0, 17, 8, 0, 100, 0, 50, 3]);
        jpeg.extend_from_slice(&[0; 9]);
        let url = format!("data:image/jpeg;base64,{}", BASE64_STANDARD.encode(&jpeg));
        assert!(url.len() > 2 * HEAD_BYTES);
        assert_eq!(aspect(&url), Some(0.5));
    }
}
