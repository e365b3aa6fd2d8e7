//! All slides as one vector PDF through krilla: real selectable text (subsetted fonts) and
//! colour emoji, one page per slide at the slide's size.

use krilla::Document;
use krilla::SerializeSettings;
use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla_svg::{SurfaceExt, SvgSettings};
use resvg::usvg::Tree;

use super::ExportError;

/// Document information written into the PDF.
#[derive(Debug, Clone, Default)]
pub struct PdfInfo {
    pub title: String,
    pub author: String,
    /// A BCP 47 language tag.
    pub language: String,
}

/// Draws each tree on its own page of `width`×`height` points.
pub fn render_pdf(
    trees: &[Tree],
    width: u32,
    height: u32,
    info: &PdfInfo,
) -> Result<Vec<u8>, ExportError> {
    let size = Size::from_wh(width as f32, height as f32)
        .ok_or(ExportError::CanvasSize { width, height })?;
    let settings = SerializeSettings {
        render_svg_glyph_fn: krilla_svg::render_svg_glyph,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    for (index, tree) in trees.iter().enumerate() {
        let mut page = document.start_page_with(PageSettings::new(size));
        let mut surface = page.surface();
        surface
            .draw_svg(tree, size, SvgSettings::default())
            .ok_or(ExportError::PdfSlide(index + 1))?;
        surface.finish();
        page.finish();
    }
    let mut metadata = Metadata::new().creator("Carousel Studio".to_owned());
    let title = metadata_text(&info.title);
    if !title.is_empty() {
        metadata = metadata.title(title);
    }
    let author = metadata_text(&info.author);
    if !author.is_empty() {
        metadata = metadata.authors(vec![author]);
    }
    if !info.language.is_empty() {
        metadata = metadata.language(info.language.clone());
    }
    document.set_metadata(metadata);
    document
        .finish()
        .map_err(|err| ExportError::Pdf(format!("{err:?}")))
}

/// Text for the PDF's metadata, which LinkedIn shows as the document's title: scraped text
/// may hold control characters (ESC, NUL) and bidi overrides that viewers print raw or use to
/// disguise the title; they become spaces, runs of spaces one.
fn metadata_text(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi { ' ' } else { c }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_pdf_title() {
        assert_eq!(
            metadata_text("how we\u{1b}[31m shipped\u{0}\n it \u{202e}txt.exe"),
            "how we [31m shipped it txt.exe"
        );
        assert_eq!(metadata_text("مرحبا بالعالم 👋"), "مرحبا بالعالم 👋");
    }
}
