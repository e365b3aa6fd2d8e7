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

impl Error {
    /// Whether the command line was used wrongly (a name no list has, a malformed value): such
    /// errors exit with 2, as clap's own usage errors do.
    pub fn is_usage(&self) -> bool {
        use design_args::DesignError;
        matches!(
            self,
            Error::Usage(_)
                | Error::Design(
                    DesignError::Unknown { .. }
                        | DesignError::NotOneOf { .. }
                        | DesignError::Color(_)
                )
        )
    }
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
///
/// Each file is replaced atomically ([`save::replace_file`]): a symlink named `01.svg` is
/// itself replaced, never written through to the file it points at.
pub fn write_svgs(carousel: &Carousel, dir: &Path) -> Result<(), Error> {
    let err = |source| Error::SvgDir {
        path: dir.to_owned(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    for (index, svg) in carousel.slides.iter().enumerate() {
        let path = dir.join(format!("{:02}.svg", index + 1));
        save::replace_file(&path, svg.as_bytes()).map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `render --svg DIR` wrote `01.svg` with `std::fs::write`, which follows a symlink: a
    /// symlink `DIR/01.svg` made it overwrite any file the user could write.
    #[cfg(unix)]
    #[test]
    fn write_svgs_replaces_a_symlinked_slide_instead_of_writing_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "precious").unwrap();
        let svgs = dir.path().join("svg");
        std::fs::create_dir(&svgs).unwrap();
        std::os::unix::fs::symlink(&outside, svgs.join("01.svg")).unwrap();
        std::fs::write(svgs.join("02.svg"), "an earlier render").unwrap();
        let carousel = Carousel {
            width: 1080,
            height: 1350,
            slides: vec!["<svg>one</svg>".to_owned(), "<svg>two</svg>".to_owned()],
            title: String::new(),
            author: String::new(),
            language: "en".to_owned(),
            warnings: Vec::new(),
        };

        write_svgs(&carousel, &svgs).unwrap();
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious");
        let first = svgs.join("01.svg");
        assert!(std::fs::symlink_metadata(&first).unwrap().is_file());
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "<svg>one</svg>");
        assert_eq!(
            std::fs::read_to_string(svgs.join("02.svg")).unwrap(),
            "<svg>two</svg>"
        );
        let mut names: Vec<_> = std::fs::read_dir(&svgs)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["01.svg", "02.svg"], "no temporary file left");
    }
}
