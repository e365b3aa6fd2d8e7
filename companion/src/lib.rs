//! The Carousel Studio companion: turns a thread into carousel files (LinkedIn PDF, Instagram
//! PNGs in a ZIP) with the shared layout, and saves them; the `carousel-studio` binary is glue.
//!
//! Pipeline: [`input`] reads a thread, [`images`] turns its image references into `data:`
//! URLs, `shared::layout_thread` makes one SVG per slide, [`export`] renders PNG/PDF/ZIP in
//! memory, [`save`] writes them atomically into the Downloads folder. [`host`] serves the
//! same pipeline to the browser extension over native messaging; [`install`] registers it.

pub mod cli;
pub mod commands;
pub mod contact_sheet;
pub mod design_args;
pub mod doctor;
pub mod export;
pub mod fonts;
pub mod host;
pub mod images;
pub mod input;
pub mod install;
pub mod limits;
pub mod save;
pub mod scrape_cmd;
pub mod store;

use std::path::{Path, PathBuf};

use shared::{Carousel, Deck, Design, Thread};

pub use export::{ExportError, Exported, Formats};
pub use images::ImageError;
pub use input::InputError;
pub use save::SaveError;

/// Everything that can stop a render.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("cannot lay out the thread: {0}")]
    Layout(#[from] shared::LayoutError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error(transparent)]
    Install(#[from] install::InstallError),
    #[error("doctor found {0} problem(s); see the fixes above")]
    DoctorProblems(usize),
    #[error(transparent)]
    Limit(#[from] limits::LimitError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Design(#[from] design_args::DesignError),
    #[error("{0}")]
    Usage(String),
    #[error("cannot write the slide SVGs into {}: {source}; pass a writable folder with --svg", path.display())]
    SvgDir {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A rendered carousel, in memory, ready to save.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The laid-out slides (SVG) and metadata.
    pub carousel: Carousel,
    /// The sanitised file-name stem, `<handle>-<first id>`.
    pub stem: String,
    pub exported: Exported,
}

impl Rendered {
    /// The files to save: `<stem>.pdf` and `<stem>-instagram.zip`, as far as they were made.
    pub fn files(&self) -> Vec<(String, &[u8])> {
        let mut files = Vec::new();
        if let Some(pdf) = &self.exported.pdf {
            files.push((format!("{}.pdf", self.stem), pdf.as_slice()));
        }
        if let Some(zip) = &self.exported.zip {
            files.push((format!("{}-instagram.zip", self.stem), zip.as_slice()));
        }
        files
    }
}

/// Lays out and exports a thread whose images are already resolved (see
/// [`images::resolve_thread`]). `progress(done, total)` may be called from several threads.
pub fn render(
    thread: &Thread,
    design: &Design,
    formats: Formats,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Rendered, Error> {
    let carousel = shared::layout_thread(thread, design, fonts::font_book())?;
    finish(carousel, &thread.file_stem(), formats, progress)
}

/// Lays out and exports a deck whose images are already resolved (see
/// [`images::resolve_deck`]); files are named after its first post, as for a thread.
pub fn render_deck(
    deck: &Deck,
    formats: Formats,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Rendered, Error> {
    let carousel = shared::layout_deck(deck, fonts::font_book())?;
    finish(carousel, &deck.thread().file_stem(), formats, progress)
}

/// Exports a laid-out carousel within the platforms' limits ([`limits`]); their warnings join
/// the layout's in `carousel.warnings`.
fn finish(
    mut carousel: Carousel,
    stem: &str,
    formats: Formats,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Rendered, Error> {
    if formats.pdf {
        limits::check_pages(carousel.slides.len())?;
    }
    let mut exported = export::export(&carousel, formats, progress)?;
    let warnings = limits::enforce(&mut exported, limits::INSTAGRAM_MAX_IMAGE_BYTES)?;
    carousel.warnings.extend(warnings);
    Ok(Rendered {
        carousel,
        stem: save::sanitize_stem(stem),
        exported,
    })
}

/// Saves a rendered carousel into `dir` (never overwriting) and returns the absolute paths.
/// Either every file is saved or none is left behind.
pub fn save(rendered: &Rendered, dir: &Path) -> Result<Vec<PathBuf>, SaveError> {
    save::save_files(dir, &rendered.files())
}

/// Writes each slide's SVG as `01.svg`, `02.svg`, … into `dir`, replacing earlier ones.
pub fn write_svgs(carousel: &Carousel, dir: &Path) -> Result<(), Error> {
    let err = |source| Error::SvgDir {
        path: dir.to_owned(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    for (index, svg) in carousel.slides.iter().enumerate() {
        std::fs::write(dir.join(format!("{:02}.svg", index + 1)), svg).map_err(err)?;
    }
    Ok(())
}
