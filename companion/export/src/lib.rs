//! Carousel Studio's export: a laid-out carousel becomes PNGs, one vector PDF with real text and
//! a ZIP of the PNGs, in memory, within the platforms' limits ([`limits`]); [`save`] writes them
//! atomically into a folder. [`images`] turns a thread's image references into checked `data:`
//! URLs first (local files only where the caller allows it, https downloads with an address
//! check, decoding within a pixel budget), and [`fonts`] holds the bundled fonts.
//!
//! [`render`] and [`render_deck`] are the whole job after input: layout → export → limits; the
//! CLI and the native-messaging host both call them.
//!
//! Each slide's SVG is parsed once into a `usvg::Tree` that both the rasteriser and the PDF
//! writer use. Work runs on every core (rayon): slides are parsed in parallel, then one thread
//! writes the PDF while the others rasterise; the PDF thread joins the rasterising when done.

pub mod contact_sheet;
pub mod fonts;
pub mod images;
pub mod limits;
pub mod pdf;
pub mod png;
pub mod save;
pub mod zip;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use layout::Carousel;
use model::{Deck, Design, Thread};
use rayon::prelude::*;
use resvg::usvg::Tree;

pub use self::images::ImageError;
pub use self::limits::LimitError;
pub use self::pdf::PdfInfo;
pub use self::save::SaveError;

/// Everything that can stop a render once its input is read.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot lay out the thread: {0}")]
    Layout(#[from] layout::LayoutError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Limit(#[from] LimitError),
}

/// A rendered carousel, in memory, ready to save.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The laid-out slides (SVG) and metadata.
    pub carousel: Carousel,
    /// The sanitised file-name stem, `<handle>-<first id>`.
    pub stem: String,
    pub exported: Exported,
    /// `<stem>-post.txt`: the captions and the alt text ([`layout::caption::PostText::file`]).
    pub post_text: String,
}

impl Rendered {
    /// The files to save: `<stem>.pdf` and `<stem>-instagram.zip`, as far as they were made,
    /// and always `<stem>-post.txt`, the post that goes with them.
    pub fn files(&self) -> Vec<(String, &[u8])> {
        let mut files = Vec::new();
        if let Some(pdf) = &self.exported.pdf {
            files.push((format!("{}.pdf", self.stem), pdf.as_slice()));
        }
        if let Some(zip) = &self.exported.zip {
            files.push((format!("{}-instagram.zip", self.stem), zip.as_slice()));
        }
        files.push((format!("{}-post.txt", self.stem), self.post_text.as_bytes()));
        files
    }

    /// Saves the files into `dir` (never overwriting) and returns their absolute paths. Either
    /// every file is saved or none is left behind.
    pub fn save(&self, dir: &Path) -> Result<Vec<PathBuf>, SaveError> {
        save::save_files(dir, &self.files())
    }
}

/// Lays out and exports a thread whose images are already resolved (see
/// [`images::resolve_thread`]). `progress(done, total)` may be called from several threads.
pub fn render(
    thread: &Thread,
    design: &Design,
    formats: Formats,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Rendered, RenderError> {
    let carousel = layout::layout_thread(thread, design, fonts::font_book())?;
    finish(carousel, &thread.file_stem(), formats, progress)
}

/// Lays out and exports a deck whose images are already resolved (see
/// [`images::resolve_deck`]); files are named after its first post, as for a thread.
pub fn render_deck(
    deck: &Deck,
    formats: Formats,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Rendered, RenderError> {
    let carousel = layout::layout_deck(deck, fonts::font_book())?;
    finish(carousel, &deck.thread().file_stem(), formats, progress)
}

/// Exports a laid-out carousel within the platforms' limits ([`limits`]); their warnings join
/// the layout's in `carousel.warnings`.
fn finish(
    mut carousel: Carousel,
    stem: &str,
    formats: Formats,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Rendered, RenderError> {
    if formats.pdf {
        limits::check_pages(carousel.slides.len())?;
    }
    let mut exported = export(&carousel, formats, progress)?;
    let alt_text = carousel.post.alt_file();
    let warnings = limits::enforce(&mut exported, limits::INSTAGRAM_MAX_IMAGE_BYTES, &alt_text)?;
    carousel.warnings.extend(warnings);
    Ok(Rendered {
        post_text: carousel.post.file(),
        carousel,
        stem: save::sanitize_stem(stem),
        exported,
    })
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("slide {slide} is not valid SVG: {source}")]
    Svg {
        slide: usize,
        source: resvg::usvg::Error,
    },
    #[error("a {width}×{height} canvas cannot be rendered")]
    CanvasSize { width: u32, height: u32 },
    #[error("PNG encoding failed: {0}")]
    Png(#[source] ::png::EncodingError),
    #[error("slide {0} could not be drawn into the PDF")]
    PdfSlide(usize),
    #[error("PDF writing failed: {0}")]
    Pdf(String),
    #[error("ZIP writing failed: {0}")]
    Zip(#[source] ::zip::result::ZipError),
}

/// Which files to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// The LinkedIn PDF.
    pub pdf: bool,
    /// The Instagram PNGs (and their ZIP).
    pub png: bool,
}

impl Formats {
    pub const BOTH: Formats = Formats {
        pdf: true,
        png: true,
    };
}

/// The exported files, in memory.
#[derive(Debug, Clone, Default)]
pub struct Exported {
    pub pdf: Option<Vec<u8>>,
    /// One PNG per slide, in order (empty unless PNGs were asked for).
    pub pngs: Vec<Vec<u8>>,
    /// The PNGs as `01.png`, `02.png`, …
    pub zip: Option<Vec<u8>>,
}

/// Parses one slide SVG with the bundled fonts only.
pub fn parse_slide(svg: &str, slide: usize) -> Result<Tree, ExportError> {
    Tree::from_str(svg, &fonts::usvg_options()).map_err(|source| ExportError::Svg { slide, source })
}

/// Exports a carousel. `progress(done, total)` is called, from any thread, as slides finish.
pub fn export(
    carousel: &Carousel,
    formats: Formats,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Exported, ExportError> {
    let total = carousel.slides.len();
    let (width, height) = (carousel.width, carousel.height);

    let trees = carousel
        .slides
        .par_iter()
        .enumerate()
        .map(|(index, svg)| parse_slide(svg, index + 1))
        .collect::<Result<Vec<Tree>, _>>()?;
    if !formats.png {
        progress(total, total);
    }

    let info = PdfInfo {
        title: carousel.title.clone(),
        author: carousel.author.clone(),
        language: carousel.language.clone(),
        // Only a PDF has links: an Instagram-only export does not read them.
        links: match formats.pdf {
            true => carousel
                .slides
                .iter()
                .map(|svg| pdf::slide_links(svg))
                .collect(),
            false => Vec::new(),
        },
        alt: carousel.post.alt.clone(),
    };
    // The PDF is written on one thread while the others rasterise; rayon's work stealing puts
    // that thread on the remaining slides once the PDF is done.
    let done = AtomicUsize::new(0);
    let (pdf, pngs) = rayon::join(
        || {
            formats
                .pdf
                .then(|| pdf::render_pdf(&trees, width, height, &info))
                .transpose()
        },
        || match formats.png {
            true => trees
                .par_iter()
                .map(|tree| {
                    let png = png::render_png(tree, width, height)?;
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                    Ok(png)
                })
                .collect::<Result<Vec<_>, ExportError>>(),
            false => Ok(Vec::new()),
        },
    );
    let (pdf, pngs) = (pdf?, pngs?);
    let zip = match formats.png {
        true => Some(zip::render_zip(&pngs, &carousel.post.alt_file())?),
        false => None,
    };
    Ok(Exported { pdf, pngs, zip })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn carousel(slides: Vec<String>) -> Carousel {
        Carousel {
            width: 120,
            height: 150,
            slides,
            title: "Title".to_owned(),
            author: "A (@a)".to_owned(),
            language: "en".to_owned(),
            warnings: Vec::new(),
            post: Default::default(),
        }
    }

    fn slide(n: usize) -> String {
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="150"><rect width="120" height="150" fill="#fff"/><text x="10" y="40" font-family="Inter" font-size="20">Slide {n}</text></svg>"##
        )
    }

    #[test]
    fn exports_every_slide_in_order_to_every_format() {
        let slides: Vec<_> = (1..=5).map(slide).collect();
        let done = AtomicUsize::new(0);
        let exported = export(&carousel(slides), Formats::BOTH, &|_, total| {
            assert_eq!(total, 5);
            done.fetch_add(1, Ordering::Relaxed);
        })
        .unwrap();
        assert_eq!(done.into_inner(), 5);
        assert_eq!(exported.pngs.len(), 5);
        assert!(exported.pdf.unwrap().starts_with(b"%PDF-"));
        let zip = ::zip::ZipArchive::new(std::io::Cursor::new(exported.zip.unwrap())).unwrap();
        assert_eq!(zip.len(), 6, "5 PNGs and the alt text");
    }

    #[test]
    fn pdf_only_makes_no_pngs() {
        let exported = export(
            &carousel(vec![slide(1)]),
            Formats {
                pdf: true,
                png: false,
            },
            &|_, _| {},
        )
        .unwrap();
        assert!(exported.pdf.is_some());
        assert!(exported.pngs.is_empty() && exported.zip.is_none());
    }

    #[test]
    fn a_broken_slide_names_its_number() {
        let slides = vec![slide(1), "<svg".to_owned(), slide(3)];
        let err = export(&carousel(slides), Formats::BOTH, &|_, _| {}).unwrap_err();
        assert!(matches!(err, ExportError::Svg { slide: 2, .. }), "{err}");
    }
}
