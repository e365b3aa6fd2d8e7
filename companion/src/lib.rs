//! The `carousel-studio` companion: the CLI and the native-messaging host, as glue over the
//! pipeline's crates.
//!
//! One way down for every render: [`input`] reads a thread, deck or saved page;
//! [`design_args`] resolves the design (flags over a preset over a profile, from [`store`]);
//! `export::images` resolves the images; `export::render` lays the slides out and exports them;
//! `export::save` writes them into Downloads. [`host`] serves the same job to the browser
//! extension over native messaging; [`install`] registers it and [`doctor`] checks it.

pub mod cli;
pub mod commands;
pub mod design_args;
pub mod doctor;
pub mod host;
pub mod input;
pub mod install;
pub mod scrape_cmd;
pub mod store;

use std::path::{Path, PathBuf};

use export::save;
use layout::Carousel;

pub use export::{ExportError, Exported, Formats, ImageError, RenderError, Rendered, SaveError};
pub use input::InputError;

/// The files a platform asks for: the one mapping for the CLI and the host.
pub fn formats_for(platform: protocol::Platform) -> Formats {
    Formats {
        pdf: platform.pdf(),
        png: platform.png(),
    }
}

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error(transparent)]
    Install(#[from] install::InstallError),
    #[error("doctor found {0} problem(s); see the fixes above")]
    DoctorProblems(usize),
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
