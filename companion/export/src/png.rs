//! One slide as an opaque 8-bit RGB PNG, rasterised by resvg and encoded fast by `png`.

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::Tree;

use super::ExportError;

/// Rasterises `tree` at `width`×`height` and encodes it as an RGB PNG.
pub fn render_png(tree: &Tree, width: u32, height: u32) -> Result<Vec<u8>, ExportError> {
    encode_rgb(&rasterise(tree, width, height)?)
}

/// Draws `tree` scaled to `width`×`height` on white: the first half of [`render_png`] (the
/// stage benchmark times the two halves apart).
pub fn rasterise(tree: &Tree, width: u32, height: u32) -> Result<Pixmap, ExportError> {
    let mut pixmap = Pixmap::new(width, height).ok_or(ExportError::CanvasSize { width, height })?;
    // Slides paint their own opaque background; white underneath makes dropping alpha exact
    // even for a slide that forgot to.
    pixmap.fill(Color::WHITE);
    let size = tree.size();
    let transform =
        Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    resvg::render(tree, transform, &mut pixmap.as_mut());
    Ok(pixmap)
}

/// Encodes an opaque pixmap as RGB. tiny-skia's own `encode_png` is about ten times slower.
///
/// fdeflate's fast mode with every row filtered "Up" rather than the adaptive filter choice:
/// measured on the sample's slides that halves the encode (4.4 → 2.5 ms a slide) for files about
/// a fifth larger (176 → 216 kB), far under Instagram's 8 MB a photo (`bench_stages`).
pub fn encode_rgb(pixmap: &Pixmap) -> Result<Vec<u8>, ExportError> {
    // On an opaque pixmap premultiplied and straight colour are the same. A plain loop over
    // fixed-size chunks compiles to a tight copy; an iterator of arrays did not (2.4 ms a slide).
    let pixels = pixmap.data();
    let mut rgb = vec![0u8; pixels.len() / 4 * 3];
    for (dst, src) in rgb.chunks_exact_mut(3).zip(pixels.chunks_exact(4)) {
        dst.copy_from_slice(&src[..3]);
    }
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Up);
    let mut writer = encoder.write_header().map_err(ExportError::Png)?;
    writer.write_image_data(&rgb).map_err(ExportError::Png)?;
    writer.finish().map_err(ExportError::Png)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_an_opaque_rgb_png_of_the_canvas_size() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="50"><rect x="10" y="10" width="10" height="10" fill="#ff0000"/></svg>"##;
        let tree = Tree::from_str(svg, &crate::fonts::usvg_options()).unwrap();
        let png = render_png(&tree, 80, 100).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (80, 100));
        assert_eq!(info.color_type, png::ColorType::Rgb);
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap();
        assert_eq!(
            &buf[..3],
            &[255, 255, 255],
            "transparent areas become white"
        );
        let red = (30 * 80 + 30) * 3;
        assert_eq!(
            &buf[red..red + 3],
            &[255, 0, 0],
            "content is scaled to the canvas"
        );
    }
}
