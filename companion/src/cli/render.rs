//! `carousel-studio render`: the CLI's way down the one render path: read the input
//! ([`input`]), resolve the design ([`design::resolve`], then the flags), render the
//! [`Job`] and save what it made (Downloads unless `--out`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use strum::VariantArray;

use super::flags::DesignArgs;
use crate::design::{self, Sources};
use crate::input::{self, ImageFiles, Input};
use crate::job::{self, Job};
use crate::{Error, Rendered};
use export::save;
use layout::Carousel;
use protocol::Platform;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["inputs", "sample"])))]
pub struct RenderArgs {
    /// A saved x.com page ("Webpage, Complete"), a thread JSON or a deck JSON file (image paths
    /// in it are relative to the file). Several, or a folder of them, render as a batch on
    /// every core, with a summary at the end.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Render the bundled sample thread instead of INPUT.
    #[arg(long, conflicts_with = "inputs")]
    pub sample: bool,
    /// How many threads a batch renders at once (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Save into DIR instead of the Downloads folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Which files to make: the LinkedIn PDF, the Instagram ZIP of PNGs, or both.
    #[arg(long, default_value = "both", value_parser = platform_names())]
    pub platform: Platform,
    /// Also write each slide's SVG into DIR as 01.svg, 02.svg, …
    #[arg(long, value_name = "DIR")]
    pub svg: Option<PathBuf>,
    /// Use this saved preset (default: the store's default preset, for a thread).
    #[arg(long, value_name = "NAME", help_heading = "Design")]
    pub preset: Option<String>,
    /// Present the carousel as this brand profile.
    #[arg(long, value_name = "NAME", help_heading = "Design")]
    pub profile: Option<String>,
    /// Design flags override the preset and the profile (and a deck's own design).
    #[command(flatten)]
    pub design: Box<DesignArgs>,
}

/// `--platform`'s values: the protocol's platform names, so the CLI and the extension say the
/// same (`linkedin`: `<handle>-<id>.pdf`; `instagram`: `<handle>-<id>-instagram.zip` of
/// 01.png, 02.png, …; `both`).
fn platform_names() -> impl TypedValueParser<Value = Platform> {
    let values = Platform::VARIANTS
        .iter()
        .map(|p| PossibleValue::new(p.name()).help(p.label()));
    PossibleValuesParser::new(values).map(|name| name.parse().expect("one of the possible values"))
}

/// `render`: one input (or the sample) with a progress line per slide, or a batch
/// ([`super::batch`]) when several inputs or a folder are given.
pub fn render(args: &RenderArgs, stdout: &mut dyn Write) -> Result<(), Error> {
    let single = match args.inputs.as_slice() {
        _ if args.sample => Some(None),
        [one] if !one.is_dir() => Some(Some(one.as_path())),
        _ => None,
    };
    let Some(input) = single else {
        if args.svg.is_some() {
            return Err(Error::Usage(
                "--svg writes the slides of one thread: give one INPUT with it".to_owned(),
            ));
        }
        return super::batch::render_many(args, stdout);
    };
    let show_progress = std::io::stderr().is_terminal();
    let mut warn = |warning: String| {
        if show_progress {
            // Clear the progress line first.
            eprint!("\r\x1b[2K");
        }
        eprintln!("warning: {warning}");
    };
    // The input and the design first, then the folder (a bad one fails before any work).
    let job = prepare_job(input, args, &mut warn)?;
    let dir = output_dir(args)?;
    let progress = |done: usize, total: usize| {
        if show_progress {
            eprint!("\rslide {done} of {total}");
        }
    };
    let rendered = render_job(job, args, &progress, &mut warn);
    if show_progress {
        // Clear the progress line so only results and warnings remain.
        eprint!("\r\x1b[2K");
    }
    let rendered = rendered?;
    if let Some(svg_dir) = &args.svg {
        write_svgs(&rendered.carousel, svg_dir)?;
    }
    let saved = rendered.save(&dir)?;
    // The files are saved; a closed stdout (`| head`) is not an error worth reporting.
    super::print_lines(stdout, saved.iter().map(|path| path.display()));
    Ok(())
}

/// Fails as `render` would when a design flag, preset or profile is wrong, without reading
/// any input: for a batch, what would fail every input fails once, first.
pub(super) fn validate_design(args: &RenderArgs) -> Result<(), Error> {
    let sources = Sources {
        preset: args.preset.as_deref(),
        profile: args.profile.as_deref(),
        use_default_preset: false,
    };
    let mut design = design::resolve(model::Design::default(), sources, design::load_store, drop)?;
    args.design.apply(&mut design)?;
    Ok(())
}

/// Where `render` saves: `--out` (created when missing) or the Downloads folder.
pub(super) fn output_dir(args: &RenderArgs) -> Result<PathBuf, Error> {
    Ok(match &args.out {
        Some(dir) => save::ensure_dir(dir)?,
        None => save::downloads_dir()?,
    })
}

/// Reads `input` (the sample when `None`) and resolves its design: the store's preset and
/// profile, then the flags. Warnings go to `warn`.
pub(super) fn prepare_job(
    input: Option<&Path>,
    args: &RenderArgs,
    warn: &mut dyn FnMut(String),
) -> Result<Job, Error> {
    let input = match input {
        Some(path) => input::read_input_file(path)?,
        None => Input::Thread(input::sample()),
    };
    // A profile's image paths (an older store, an imported file) are relative to where the
    // command runs.
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut job = Job::from_input(input, ImageFiles::Dir(cwd));
    let sources = Sources {
        preset: args.preset.as_deref(),
        profile: args.profile.as_deref(),
        use_default_preset: !job.is_deck(),
    };
    let design = job.design_mut();
    *design = design::resolve(design.clone(), sources, design::load_store, &mut *warn)?;
    args.design.apply(design)?;
    Ok(job)
}

/// Renders `job` into the files `--platform` asks for, nothing saved yet; each warning (an
/// image left out, a layout note) goes to `warn`.
pub(super) fn render_job(
    job: Job,
    args: &RenderArgs,
    progress: &(dyn Fn(usize, usize) + Sync),
    warn: &mut dyn FnMut(String),
) -> Result<Rendered, Error> {
    let rendered = job.render(
        crate::formats_for(args.platform),
        progress,
        |reference, err| {
            warn(format!("left out image {}: {err}", job::shorten(reference)));
        },
    )?;
    for warning in &rendered.carousel.warnings {
        warn(warning.clone());
    }
    Ok(rendered)
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
            post: Default::default(),
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
