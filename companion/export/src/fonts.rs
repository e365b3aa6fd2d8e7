//! The bundled fonts, embedded in the binary: the same files for layout (measuring) and for
//! rendering (drawing), so output is identical on every machine. System fonts are never loaded.

use std::sync::{Arc, OnceLock};

use layout::FontBook;
use resvg::usvg::fontdb;

/// Embeds each named file of `fonts/` at the workspace root.
macro_rules! embed {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_bytes!(concat!("../../../fonts/", $file)))),*]
    };
}

/// Every bundled font file, by name ([`layout::bundled_fonts!`] lists them).
pub static FONT_FILES: &[(&str, &[u8])] = layout::bundled_fonts!(embed);

/// The family usvg falls back to when an SVG names none it knows.
pub const DEFAULT_FAMILY: &str = "Inter";

/// The layout's font book, built on first use.
pub fn font_book() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        let mut book = FontBook::new();
        for (name, data) in FONT_FILES {
            // The files are compiled in and checked by the tests, so a failure is a build bug.
            if let Err(err) = book.add(data) {
                panic!("bundled font {name} is broken: {err}");
            }
        }
        book
    })
}

/// The renderer's font database, built on first use. Faces borrow the embedded bytes.
pub fn font_database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for (_, data) in FONT_FILES {
            db.load_font_source(fontdb::Source::Binary(Arc::new(*data)));
        }
        db.set_sans_serif_family(DEFAULT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// usvg options that use only the bundled fonts, with "Inter" as the default family, and that
/// never read a file or follow a reference: see [`raster_data_only`].
pub fn usvg_options() -> resvg::usvg::Options<'static> {
    resvg::usvg::Options {
        font_family: DEFAULT_FAMILY.to_owned(),
        fontdb: font_database(),
        image_href_resolver: raster_data_only(),
        ..Default::default()
    }
}

/// The renderer's image loader: `data:` URLs of PNG, JPEG, GIF or WebP within the pixel budget,
/// nothing else. usvg's default would open any other `href` as a file path and parse nested
/// SVG images (which may name files in turn); every image the layout emits was already
/// resolved to a checked `data:` URL (`images`), so refusing the rest loses nothing and makes
/// sure the renderer never opens a path it did not resolve on purpose.
fn raster_data_only() -> resvg::usvg::ImageHrefResolver<'static> {
    use resvg::usvg::ImageKind;
    resvg::usvg::ImageHrefResolver {
        resolve_data: Box::new(|_mime, data, _options| {
            let size = imagesize::blob_size(&data).ok()?;
            if (size.width as u64).saturating_mul(size.height as u64)
                > crate::images::MAX_IMAGE_PIXELS
            {
                return None;
            }
            // The bytes decide, not the declared type.
            match crate::images::ImageType::sniff(&data)? {
                crate::images::ImageType::Png => Some(ImageKind::PNG(data)),
                crate::images::ImageType::Jpeg => Some(ImageKind::JPEG(data)),
                crate::images::ImageType::Gif => Some(ImageKind::GIF(data)),
                crate::images::ImageType::Webp => Some(ImageKind::WEBP(data)),
            }
        }),
        resolve_string: Box::new(|_href, _options| None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_renderer_know_the_families_the_svg_uses() {
        let db = font_database();
        for family in [
            "Inter",
            "Noto Sans Arabic",
            "Noto Sans CJK SC",
            "Noto Color Emoji",
        ] {
            assert!(
                font_book().find(family, 400).is_some(),
                "layout lacks {family}"
            );
            let query = fontdb::Query {
                families: &[fontdb::Family::Name(family)],
                ..Default::default()
            };
            assert!(db.query(&query).is_some(), "renderer lacks {family}");
        }
        assert!(
            font_book()
                .find("Inter", 700)
                .is_some_and(|f| f.weight == 700)
        );
    }

    #[test]
    fn the_renderer_never_opens_a_path_or_a_nested_svg() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("secret.png");
        let image = image::RgbImage::from_pixel(4, 4, image::Rgb([255, 0, 0]));
        image.save(&png).unwrap();
        let inner = r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>"#;
        let nested = format!(
            "data:image/svg+xml;base64,{}",
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, inner)
        );
        for href in [
            png.display().to_string(),
            format!("file://{}", png.display()),
            nested,
        ] {
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><image width="4" height="4" href="{href}"/></svg>"#
            );
            let tree = resvg::usvg::Tree::from_str(&svg, &usvg_options()).unwrap();
            assert!(
                !tree.root().has_children(),
                "{href} was loaded into the slide"
            );
        }
    }

    #[test]
    fn only_bundled_fonts_are_loaded() {
        let faces = font_database().faces().count();
        assert_eq!(faces, FONT_FILES.len());
    }
}
