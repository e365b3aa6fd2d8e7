//! The platforms' limits: LinkedIn document posts take at most 300 pages and 100 MB;
//! Instagram carousels hold at most 20 slides (10 through most publishing APIs) of at most
//! 8 MB each. A PDF over its limits is refused before anything is saved; too many Instagram
//! slides only warn; a PNG over 8 MB is re-encoded with stronger compression.

use crate::{ExportError, Exported, RenderError};

/// LinkedIn: pages in a document post.
pub const LINKEDIN_MAX_PAGES: usize = 300;
/// LinkedIn: bytes in a document post (100 MB, counted in decimal to stay safely under).
pub const LINKEDIN_MAX_BYTES: usize = 100_000_000;
/// Instagram: slides in a carousel posted from the app.
pub const INSTAGRAM_MAX_SLIDES: usize = 20;
/// Instagram: slides most publishing APIs accept.
pub const INSTAGRAM_API_SLIDES: usize = 10;
/// Instagram: bytes per image (8 MB, counted in decimal).
pub const INSTAGRAM_MAX_IMAGE_BYTES: usize = 8_000_000;

/// A file the platform would refuse.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    #[error(
        "the LinkedIn PDF would have {pages} pages; LinkedIn accepts at most {LINKEDIN_MAX_PAGES}: shorten the thread or split it into several carousels"
    )]
    TooManyPages { pages: usize },
    #[error("the LinkedIn PDF would be {} MB; LinkedIn accepts at most 100 MB: shorten the thread, use fewer or smaller images, or split it into several carousels", bytes.div_ceil(1_000_000))]
    PdfTooLarge { bytes: usize },
}

/// Refuses a PDF of more pages than LinkedIn takes (checked before rendering).
pub fn check_pages(pages: usize) -> Result<(), LimitError> {
    if pages > LINKEDIN_MAX_PAGES {
        return Err(LimitError::TooManyPages { pages });
    }
    Ok(())
}

/// Refuses a PDF larger than LinkedIn takes (checked before saving).
pub fn check_pdf_size(bytes: usize) -> Result<(), LimitError> {
    if bytes > LINKEDIN_MAX_BYTES {
        return Err(LimitError::PdfTooLarge { bytes });
    }
    Ok(())
}

/// The warning for an Instagram carousel of `slides` slides, if it has too many.
pub fn instagram_warning(slides: usize) -> Option<String> {
    (slides > INSTAGRAM_MAX_SLIDES).then(|| {
        format!(
            "the Instagram carousel has {slides} slides; Instagram carousels hold at most \
             {INSTAGRAM_MAX_SLIDES} (and most publishing APIs {INSTAGRAM_API_SLIDES}): post the \
             first {INSTAGRAM_MAX_SLIDES} or shorten the thread"
        )
    })
}

/// Re-encodes a PNG with the strongest compression when it is larger than `max_bytes`.
/// Returns the (possibly new) PNG and whether it still exceeds `max_bytes`.
pub fn shrink_png(png: Vec<u8>, max_bytes: usize) -> Result<(Vec<u8>, bool), ExportError> {
    // Our own PNGs always decode; a failure would be a bug in the encoder.
    let reread = |e: ::png::DecodingError| {
        ExportError::Png(::png::EncodingError::IoError(std::io::Error::other(
            format!("cannot re-read a slide PNG: {e}"),
        )))
    };
    if png.len() <= max_bytes {
        return Ok((png, false));
    }
    let decoder = ::png::Decoder::new(std::io::Cursor::new(&png));
    let mut reader = decoder.read_info().map_err(reread)?;
    let mut pixels = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = reader.next_frame(&mut pixels).map_err(reread)?;
    pixels.truncate(info.buffer_size());
    let mut out = Vec::with_capacity(png.len());
    let mut encoder = ::png::Encoder::new(&mut out, info.width, info.height);
    encoder.set_color(info.color_type);
    encoder.set_depth(info.bit_depth);
    encoder.set_compression(::png::Compression::High);
    encoder.set_filter(::png::Filter::Adaptive);
    let mut writer = encoder.write_header().map_err(ExportError::Png)?;
    writer.write_image_data(&pixels).map_err(ExportError::Png)?;
    writer.finish().map_err(ExportError::Png)?;
    let smaller = if out.len() < png.len() { out } else { png };
    let over = smaller.len() > max_bytes;
    Ok((smaller, over))
}

/// Applies every limit to an export: refuses an oversized PDF, re-encodes oversized PNGs (and
/// rebuilds the ZIP when one changed), and returns the warnings for the user.
pub fn enforce(
    exported: &mut Exported,
    max_png_bytes: usize,
    alt_text: &str,
) -> Result<Vec<String>, RenderError> {
    let mut warnings = Vec::new();
    if let Some(pdf) = &exported.pdf {
        check_pdf_size(pdf.len())?;
    }
    if exported.zip.is_some() {
        warnings.extend(instagram_warning(exported.pngs.len()));
    }
    let mut changed = false;
    for (index, png) in exported.pngs.iter_mut().enumerate() {
        if png.len() <= max_png_bytes {
            continue;
        }
        let (smaller, over) = shrink_png(std::mem::take(png), max_png_bytes)?;
        *png = smaller;
        changed = true;
        if over {
            warnings.push(format!(
                "slide {} is {} MB even after stronger compression; Instagram accepts at most \
                 8 MB per image: use fewer or simpler images on it",
                index + 1,
                png.len().div_ceil(1_000_000)
            ));
        }
    }
    if changed && exported.zip.is_some() {
        exported.zip = Some(crate::zip::render_zip(&exported.pngs, alt_text)?);
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A noisy RGB image (incompressible by PNG filters at `Fast`), then encoded the fast way.
    fn noisy_png(width: u32, height: u32) -> (Vec<u8>, Vec<u8>) {
        let mut state = 0x2545_f491_u32;
        let mut pixels = Vec::with_capacity((width * height * 3) as usize);
        for y in 0..height {
            for x in 0..width {
                // Smooth gradients plus a little noise: `High` + adaptive filters win here.
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let noise = (state & 0x3) as u8;
                pixels.extend([
                    (x as u8).wrapping_add(noise),
                    (y as u8).wrapping_add(noise),
                    ((x + y) as u8).wrapping_add(noise),
                ]);
            }
        }
        let mut out = Vec::new();
        let mut encoder = ::png::Encoder::new(&mut out, width, height);
        encoder.set_color(::png::ColorType::Rgb);
        encoder.set_compression(::png::Compression::Fast);
        encoder.set_filter(::png::Filter::NoFilter);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&pixels).unwrap();
        writer.finish().unwrap();
        (out, pixels)
    }

    fn decode(png: &[u8]) -> Vec<u8> {
        let mut reader = ::png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        buf
    }

    #[test]
    fn an_oversized_png_is_recompressed_losslessly() {
        let (png, pixels) = noisy_png(256, 256);
        let threshold = png.len() - 1;
        let (smaller, over) = shrink_png(png.clone(), threshold).unwrap();
        assert!(
            smaller.len() < png.len(),
            "{} !< {}",
            smaller.len(),
            png.len()
        );
        assert!(!over);
        assert_eq!(decode(&smaller), pixels, "same pixels");
        // Under the threshold nothing happens.
        let (same, over) = shrink_png(png.clone(), png.len()).unwrap();
        assert_eq!(same, png);
        assert!(!over);
        // An impossible threshold is reported.
        let (_, over) = shrink_png(png, 10).unwrap();
        assert!(over);
    }

    #[test]
    fn enforce_rebuilds_the_zip_and_warns_for_many_slides() {
        let (png, _) = noisy_png(64, 64);
        let mut exported = Exported {
            pdf: Some(b"%PDF-".to_vec()),
            pngs: vec![png.clone(); 21],
            zip: Some(Vec::new()),
        };
        let warnings = enforce(&mut exported, png.len() - 1, "01: a slide\n").unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("21 slides") && warnings[0].contains("at most 20"));
        assert!(exported.pngs.iter().all(|p| p.len() < png.len()));
        let zip = ::zip::ZipArchive::new(std::io::Cursor::new(exported.zip.unwrap())).unwrap();
        assert_eq!(zip.len(), 22, "21 PNGs and the alt text");
    }

    #[test]
    fn linkedin_limits_refuse_with_advice() {
        assert!(check_pages(300).is_ok());
        let err = check_pages(301).unwrap_err().to_string();
        assert!(err.contains("301 pages") && err.contains("split"), "{err}");
        assert!(check_pdf_size(LINKEDIN_MAX_BYTES).is_ok());
        let err = check_pdf_size(LINKEDIN_MAX_BYTES + 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("100 MB") && err.contains("shorten"), "{err}");
        assert!(instagram_warning(20).is_none());
    }
}
