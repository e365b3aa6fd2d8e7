//! The contact sheet: one PNG with a labelled thumbnail of every theme (the bundled sample's
//! cover) and of every template (its cover, or its second slide when it has none), so the
//! choices can be seen at a glance; and the gallery: the first slides of several threads in
//! several themes, side by side. Both sheets are SVGs drawn with the bundled fonts.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use layout::svg::escape;
use model::design::Template;
use model::{Design, ThemeName, Thread};
use resvg::tiny_skia::{Color, Pixmap, Transform};

use crate::{ExportError, RenderError, fonts};

/// Thumbnails are the slides at this scale (1080×1350 → 270×338).
const THUMB_SCALE: f32 = 0.25;
const COLUMNS: usize = 5;
const GAP: f32 = 28.0;
const MARGIN: f32 = 48.0;
const LABEL: f32 = 52.0;
const HEADING: f32 = 72.0;

/// One thumbnail and its caption.
#[derive(Debug, Clone)]
struct Thumb {
    name: String,
    caption: String,
    png: Vec<u8>,
    width: u32,
    height: u32,
}

/// Rasterises one slide SVG at `scale` into an opaque RGB PNG.
pub fn thumbnail_png(svg: &str, scale: f32) -> Result<(Vec<u8>, u32, u32), ExportError> {
    let tree = crate::parse_slide(svg, 1)?;
    let size = tree.size();
    let (width, height) = (
        (size.width() * scale).round().max(1.0) as u32,
        (size.height() * scale).round().max(1.0) as u32,
    );
    let mut pixmap = Pixmap::new(width, height).ok_or(ExportError::CanvasSize { width, height })?;
    pixmap.fill(Color::WHITE);
    let transform =
        Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Ok((encode(&pixmap, png::Compression::Balanced)?, width, height))
}

fn encode(pixmap: &Pixmap, compression: png::Compression) -> Result<Vec<u8>, ExportError> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_compression(compression);
    let mut writer = encoder.write_header().map_err(ExportError::Png)?;
    writer.write_image_data(&rgb).map_err(ExportError::Png)?;
    writer.finish().map_err(ExportError::Png)?;
    Ok(out)
}

fn thumb(
    thread: &Thread,
    design: &Design,
    slide: usize,
    name: &str,
    caption: &str,
) -> Result<Thumb, RenderError> {
    let carousel = layout::layout_thread(thread, design, fonts::font_book())?;
    let svg = &carousel.slides[slide.min(carousel.slides.len() - 1)];
    let (png, width, height) = thumbnail_png(svg, THUMB_SCALE)?;
    Ok(Thumb {
        name: name.to_owned(),
        caption: caption.to_owned(),
        png,
        width,
        height,
    })
}

/// Makes the contact sheet PNG of `thread` (the bundled sample, its images resolved).
pub fn contact_sheet(thread: &Thread) -> Result<Vec<u8>, RenderError> {
    let mut themes = Vec::new();
    for name in ThemeName::all() {
        let theme = name.theme();
        let design = Design {
            theme: name,
            ..Design::default()
        };
        let caption = theme.label.split(':').nth(1).unwrap_or("").trim();
        themes.push(thumb(thread, &design, 0, &theme.name, caption)?);
    }
    let mut templates = Vec::new();
    for &template in Template::ALL {
        let design = Design {
            template,
            ..Design::default()
        };
        // A template without a cover shows best on its second slide.
        let slide = if template.has_cover() { 0 } else { 1 };
        templates.push(thumb(
            thread,
            &design,
            slide,
            template.name(),
            template.label(),
        )?);
    }
    let svg = sheet_svg(&[("Themes", &themes), ("Templates", &templates)]);
    Ok(sheet_png(&svg)?)
}

/// Draws a sheet's SVG at its own size into a PNG.
fn sheet_png(svg: &str) -> Result<Vec<u8>, ExportError> {
    let tree = resvg::usvg::Tree::from_str(svg, &fonts::usvg_options())
        .map_err(|source| ExportError::Svg { slide: 1, source })?;
    let size = tree.size();
    let (width, height) = (size.width().ceil() as u32, size.height().ceil() as u32);
    let mut pixmap = Pixmap::new(width, height).ok_or(ExportError::CanvasSize { width, height })?;
    resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    encode(&pixmap, png::Compression::High)
}

/// One thread of the gallery: its name (a row's heading) and the thread, images resolved.
#[derive(Debug, Clone)]
pub struct GalleryThread {
    pub name: String,
    pub thread: Thread,
}

/// The gallery: the sheet, and every slide of every carousel it shows (per thread and theme,
/// in order), so each can be looked at full size.
#[derive(Debug, Clone)]
pub struct Gallery {
    pub png: Vec<u8>,
    /// `(thread name, theme name, slide SVGs)`.
    pub carousels: Vec<(String, String, Vec<String>)>,
}

/// How many slides of each carousel the gallery's sheet shows.
const GALLERY_SLIDES: usize = 3;
/// Gallery thumbnails: 1080×1350 → 173×216.
const GALLERY_SCALE: f32 = 0.16;

/// Makes the gallery of `threads` × `themes` with the default design otherwise: per thread a
/// row, per theme the carousel's first [`GALLERY_SLIDES`] slides.
pub fn gallery(threads: &[GalleryThread], themes: &[ThemeName]) -> Result<Gallery, RenderError> {
    let mut rows = Vec::new();
    let mut carousels = Vec::new();
    for entry in threads {
        let mut blocks = Vec::new();
        let mut count = 0;
        for &theme in themes {
            let design = Design {
                theme,
                ..Design::default()
            };
            let carousel = layout::layout_thread(&entry.thread, &design, fonts::font_book())?;
            count = carousel.slides.len();
            let mut thumbs = Vec::new();
            for (index, svg) in carousel.slides.iter().take(GALLERY_SLIDES).enumerate() {
                let (png, width, height) = thumbnail_png(svg, GALLERY_SCALE)?;
                let caption = match index {
                    0 => theme.theme().name.clone(),
                    _ => String::new(),
                };
                thumbs.push(Thumb {
                    name: caption,
                    caption: String::new(),
                    png,
                    width,
                    height,
                });
            }
            blocks.push(thumbs);
            carousels.push((
                entry.name.clone(),
                theme.theme().name.clone(),
                carousel.slides,
            ));
        }
        let handle = entry
            .thread
            .posts
            .first()
            .map_or(String::new(), |p| format!(" · @{}", p.author.handle));
        let posts = entry.thread.posts.len();
        let heading = format!(
            "{}{handle} · {posts} post{} → {count} slides",
            entry.name,
            if posts == 1 { "" } else { "s" }
        );
        rows.push((heading, blocks));
    }
    let svg = gallery_svg(&rows);
    Ok(Gallery {
        png: sheet_png(&svg)?,
        carousels,
    })
}

/// The gallery sheet: per row a heading, then its blocks (one per theme) of thumbnails.
fn gallery_svg(rows: &[(String, Vec<Vec<Thumb>>)]) -> String {
    const THUMB_GAP: f32 = 10.0;
    const BLOCK_GAP: f32 = 44.0;
    let thumbs = || rows.iter().flat_map(|(_, b)| b.iter().flatten());
    let cell_w = thumbs().map(|t| t.width).max().unwrap_or(173) as f32;
    let cell_h = thumbs().map(|t| t.height).max().unwrap_or(216) as f32;
    let blocks = rows.iter().map(|(_, b)| b.len()).max().unwrap_or(1) as f32;
    let block_w = GALLERY_SLIDES as f32 * cell_w + (GALLERY_SLIDES - 1) as f32 * THUMB_GAP;
    let width = MARGIN * 2.0 + blocks * block_w + (blocks - 1.0).max(0.0) * BLOCK_GAP;
    let mut body = String::new();
    let mut y = MARGIN;
    for (heading, blocks) in rows {
        body.push_str(&format!(
            r##"<text x="{MARGIN}" y="{:.1}" font-family="Inter" font-weight="700" font-size="26" fill="#111827">{}</text>"##,
            y + 28.0,
            escape(heading)
        ));
        y += 48.0;
        for (b, block) in blocks.iter().enumerate() {
            let left = MARGIN + b as f32 * (block_w + BLOCK_GAP);
            for (i, thumb) in block.iter().enumerate() {
                let x = left + i as f32 * (cell_w + THUMB_GAP);
                let url = format!("data:image/png;base64,{}", BASE64.encode(&thumb.png));
                body.push_str(&format!(
                    r##"<image x="{x:.1}" y="{y:.1}" width="{w}" height="{h}" href="{url}"/><rect x="{x:.1}" y="{y:.1}" width="{w}" height="{h}" fill="none" stroke="#d1d5db" stroke-width="1"/>"##,
                    w = thumb.width,
                    h = thumb.height,
                ));
                if !thumb.name.is_empty() {
                    body.push_str(&format!(
                        r##"<text x="{x:.1}" y="{:.1}" font-family="Inter" font-size="16" fill="#4b5563">{}</text>"##,
                        y + thumb.height as f32 + 22.0,
                        escape(&thumb.name)
                    ));
                }
            }
        }
        y += cell_h + 22.0 + GAP + 12.0;
    }
    let height = y + MARGIN - GAP - 12.0;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}"><rect width="100%" height="100%" fill="#f3f4f6"/>{body}</svg>"##
    )
}

fn sheet_svg(sections: &[(&str, &[Thumb])]) -> String {
    let cell_w = sections
        .iter()
        .flat_map(|(_, t)| t.iter())
        .map(|t| t.width)
        .max()
        .unwrap_or(270) as f32;
    let cell_h = |thumbs: &[Thumb]| thumbs.iter().map(|t| t.height).max().unwrap_or(338) as f32;
    let width = MARGIN * 2.0 + COLUMNS as f32 * cell_w + (COLUMNS - 1) as f32 * GAP;
    let mut body = String::new();
    let mut y = MARGIN;
    for (title, thumbs) in sections {
        body.push_str(&format!(
            r##"<text x="{MARGIN}" y="{:.1}" font-family="Inter" font-weight="700" font-size="34" fill="#111827">{}</text>"##,
            y + 38.0,
            escape(title)
        ));
        y += HEADING;
        let row_h = cell_h(thumbs) + LABEL + GAP;
        for (index, thumb) in thumbs.iter().enumerate() {
            let (col, row) = (index % COLUMNS, index / COLUMNS);
            let x = MARGIN + col as f32 * (cell_w + GAP);
            let top = y + row as f32 * row_h;
            let url = format!("data:image/png;base64,{}", BASE64.encode(&thumb.png));
            body.push_str(&format!(
                r##"<image x="{x:.1}" y="{top:.1}" width="{w}" height="{h}" href="{url}"/><rect x="{x:.1}" y="{top:.1}" width="{w}" height="{h}" fill="none" stroke="#d1d5db" stroke-width="1"/><text x="{x:.1}" y="{:.1}" font-family="Inter" font-weight="700" font-size="18" fill="#111827">{}</text><text x="{x:.1}" y="{:.1}" font-family="Inter" font-size="14" fill="#4b5563">{}</text>"##,
                top + thumb.height as f32 + 24.0,
                escape(&thumb.name),
                top + thumb.height as f32 + 44.0,
                escape(&thumb.caption),
                w = thumb.width,
                h = thumb.height,
            ));
        }
        y += thumbs.len().div_ceil(COLUMNS) as f32 * row_h + GAP;
    }
    // The last row already ends with a gap, and each section adds one more.
    let height = y + MARGIN - 2.0 * GAP;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}"><rect width="100%" height="100%" fill="#f3f4f6"/>{body}</svg>"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbnails_are_scaled() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="400" height="200" fill="#123456"/></svg>"##;
        let (png, w, h) = thumbnail_png(svg, 0.25).unwrap();
        assert_eq!((w, h), (100, 50));
        assert!(png.starts_with(b"\x89PNG"));
    }
}
