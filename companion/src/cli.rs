//! The command line: `carousel-studio render …`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use shared::Design;

use crate::{Error, Formats, images, input, save};

/// Turn X threads into LinkedIn PDF carousels and Instagram PNG carousels.
#[derive(Debug, Parser)]
#[command(name = "carousel-studio", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render a thread into carousel files and save them (Downloads folder unless --out).
    ///
    /// Prints each saved file's absolute path, one per line. Never overwrites: an existing
    /// name gets " (2)", " (3)", … Images that cannot be had are left out with a warning.
    Render(RenderArgs),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["input", "sample"])))]
pub struct RenderArgs {
    /// A thread JSON file (image paths in it are relative to the file).
    #[arg(value_name = "INPUT")]
    pub input: Option<PathBuf>,
    /// Render the bundled sample thread instead of INPUT.
    #[arg(long)]
    pub sample: bool,
    /// Save into DIR instead of the Downloads folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Which files to make: the LinkedIn PDF, the Instagram ZIP of PNGs, or both.
    #[arg(long, value_enum, default_value_t = Platform::Both)]
    pub platform: Platform,
    /// Also write each slide's SVG into DIR as 01.svg, 02.svg, …
    #[arg(long, value_name = "DIR")]
    pub svg: Option<PathBuf>,
}

/// Target platform(s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Platform {
    /// `<handle>-<id>.pdf`
    Linkedin,
    /// `<handle>-<id>-instagram.zip` (01.png, 02.png, …)
    Instagram,
    /// Both files.
    Both,
}

impl Platform {
    pub fn formats(self) -> Formats {
        Formats {
            pdf: self != Platform::Instagram,
            png: self != Platform::Linkedin,
        }
    }
}

/// Runs a parsed command line. Saved paths go to `stdout`; warnings and progress to stderr.
pub fn run(cli: &Cli, stdout: &mut dyn Write) -> Result<(), Error> {
    match &cli.command {
        Command::Render(args) => render(args, stdout),
    }
}

fn render(args: &RenderArgs, stdout: &mut dyn Write) -> Result<(), Error> {
    let loaded = match &args.input {
        Some(path) if !args.sample => input::read_thread_file(path)?,
        _ => input::sample(),
    };
    // Find (and create) the folder first, so a bad folder fails before any work.
    let dir = match &args.out {
        Some(dir) => save::ensure_dir(dir)?,
        None => save::downloads_dir()?,
    };
    let mut thread = loaded.thread.clone();
    images::resolve_thread(&mut thread, loaded.image_base(), |reference, err| {
        eprintln!("warning: left out image {}: {err}", shorten(reference));
    });

    let show_progress = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if show_progress {
            eprint!("\rslide {done} of {total}");
        }
    };
    let rendered = crate::render(
        &thread,
        &Design::default(),
        args.platform.formats(),
        &progress,
    );
    if show_progress {
        // Clear the progress line so only results and warnings remain.
        eprint!("\r\x1b[2K");
    }
    let rendered = rendered?;
    if let Some(svg_dir) = &args.svg {
        crate::write_svgs(&rendered.carousel, svg_dir)?;
    }
    let saved = save(&rendered, &dir)?;
    for path in saved {
        // The files are saved; a closed stdout (`| head`) is not an error worth reporting.
        if writeln!(stdout, "{}", path.display()).is_err() {
            break;
        }
    }
    let _ = stdout.flush();
    Ok(())
}

/// `data:` URLs can be megabytes long; a warning shows their start only.
fn shorten(reference: &str) -> String {
    const MAX: usize = 80;
    match reference.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &reference[..end]),
        None => reference.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn platforms_choose_formats() {
        assert_eq!(Platform::Both.formats(), Formats::BOTH);
        assert!(!Platform::Linkedin.formats().png);
        assert!(!Platform::Instagram.formats().pdf);
    }
}
