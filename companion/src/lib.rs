//! The `carousel-studio` companion: the CLI and the native-messaging host, as glue over the
//! pipeline's crates.
//!
//! One way down for every render, the same from the CLI and from the browser:
//!
//! 1. [`input`] reads a thread, deck or saved page (the host gets them in messages);
//! 2. [`design`] resolves the design from the [`store`] (default preset < preset < profile; the
//!    CLI's flags apply on top);
//! 3. [`job`] resolves the images, and `export` lays the slides out and exports them;
//! 4. `export::save` writes the files into Downloads, never overwriting.
//!
//! [`cli`] is the command line, [`host`] serves the browser extension over native messaging,
//! [`install`] registers the host and [`doctor`] checks it.

pub mod cli;
pub mod design;
pub mod doctor;
pub mod host;
pub mod input;
pub mod install;
pub mod job;
pub mod store;

use std::path::PathBuf;

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
    Design(#[from] cli::flags::DesignError),
    #[error("{0}")]
    Usage(String),
    #[error("{failed} of {total} inputs failed (listed above); the others were saved")]
    BatchFailed { failed: usize, total: usize },
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
        use cli::flags::DesignError;
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
