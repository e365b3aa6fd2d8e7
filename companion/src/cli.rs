//! The command line: `carousel-studio render …`, `install`, `uninstall`, `doctor`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use strum::VariantArray;

use crate::commands::{self, ContactSheetArgs, Job, ListArgs, PresetCommand, ProfileCommand};
use crate::design_args::DesignArgs;
use crate::install::{self, Browser};
use crate::scrape_cmd::{self, ScrapeArgs};
use crate::{Error, doctor};
use export::save;
use protocol::Platform;

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
    /// Print the thread of a saved x.com page as thread JSON (the format `render` accepts).
    ///
    /// PAGE.html is a status page saved with "Webpage, Complete" while the thread was open;
    /// image paths come out relative to the page, as the save wrote them.
    Scrape(ScrapeArgs),
    /// Register this program as the browsers' native-messaging host, so the extension can
    /// use it. With no --browser: every supported browser whose folder exists.
    Install(RegisterArgs),
    /// Remove what `install` wrote.
    Uninstall(RegisterArgs),
    /// Check the browser registrations and render the sample once; print a fix for each
    /// problem and exit non-zero if there is any.
    Doctor(DoctorArgs),
    /// Print the choices for a design flag, one name per line:
    /// themes, templates, ratios, patterns, fonts or ctas.
    List(ListArgs),
    /// Brand profiles (one per client), kept in the store
    /// ($XDG_CONFIG_HOME/carousel-studio/store.json).
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Saved presets (named designs), one of them the default, kept in the store.
    #[command(subcommand)]
    Preset(PresetCommand),
    /// Save one PNG with a labelled thumbnail of every theme and template.
    ContactSheet(ContactSheetArgs),
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// Only these browsers (repeatable).
    #[arg(
        long = "browser",
        value_enum,
        value_name = "NAME",
        conflicts_with = "user_data_dir"
    )]
    pub browsers: Vec<Browser>,
    /// A Chromium-family profile folder (as given to the browser's --user-data-dir): write
    /// DIR/NativeMessagingHosts/studio.carousel.companion.json.
    #[arg(long, value_name = "DIR")]
    pub user_data_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Check the registration in this Chromium-family profile folder instead of the browsers'.
    #[arg(long, value_name = "DIR")]
    pub user_data_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["input", "sample"])))]
pub struct RenderArgs {
    /// A saved x.com page ("Webpage, Complete"), a thread JSON or a deck JSON file (image paths
    /// in it are relative to the file).
    #[arg(value_name = "INPUT")]
    pub input: Option<PathBuf>,
    /// Render the bundled sample thread instead of INPUT.
    #[arg(long)]
    pub sample: bool,
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

/// Runs a parsed command line. Saved paths go to `stdout`; warnings and progress to stderr.
pub fn run(cli: &Cli, stdout: &mut dyn Write) -> Result<(), Error> {
    match &cli.command {
        Command::Render(args) => render(args, stdout),
        Command::Scrape(args) => scrape_cmd::scrape(args, stdout),
        Command::List(args) => commands::list(args, stdout),
        Command::Profile(command) => commands::profile(command, stdout),
        Command::Preset(command) => commands::preset(command, stdout),
        Command::ContactSheet(args) => commands::contact_sheet(args, stdout),
        Command::Install(args) => {
            let exe = install::current_exe()?;
            let lines = install::install(&args.browsers, args.user_data_dir.as_deref(), &exe)?;
            print_lines(stdout, &lines);
            Ok(())
        }
        Command::Uninstall(args) => {
            let lines = install::uninstall(&args.browsers, args.user_data_dir.as_deref())?;
            print_lines(stdout, &lines);
            Ok(())
        }
        Command::Doctor(args) => {
            let report = doctor::doctor(args.user_data_dir.as_deref())?;
            print_lines(stdout, &report.lines);
            match report.problems {
                0 => Ok(()),
                n => Err(Error::DoctorProblems(n)),
            }
        }
    }
}

fn print_lines(stdout: &mut dyn Write, lines: &[String]) {
    for line in lines {
        if writeln!(stdout, "{line}").is_err() {
            break;
        }
    }
    let _ = stdout.flush();
}

fn render(args: &RenderArgs, stdout: &mut dyn Write) -> Result<(), Error> {
    let input = args.input.as_deref().filter(|_| !args.sample);
    let job = Job::prepare(
        input,
        args.preset.as_deref(),
        args.profile.as_deref(),
        &args.design,
        |warning| eprintln!("warning: {warning}"),
    )?;
    // Find (and create) the folder first, so a bad folder fails before any work.
    let dir = match &args.out {
        Some(dir) => save::ensure_dir(dir)?,
        None => save::downloads_dir()?,
    };

    let show_progress = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        if show_progress {
            eprint!("\rslide {done} of {total}");
        }
    };
    let rendered = job.render(crate::formats_for(args.platform), &progress);
    if show_progress {
        // Clear the progress line so only results and warnings remain.
        eprint!("\r\x1b[2K");
    }
    let rendered = rendered?;
    for warning in &rendered.carousel.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(svg_dir) = &args.svg {
        crate::write_svgs(&rendered.carousel, svg_dir)?;
    }
    let saved = rendered.save(&dir)?;
    for path in saved {
        // The files are saved; a closed stdout (`| head`) is not an error worth reporting.
        if writeln!(stdout, "{}", path.display()).is_err() {
            break;
        }
    }
    let _ = stdout.flush();
    Ok(())
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
        assert_eq!(crate::formats_for(Platform::Both), crate::Formats::BOTH);
        assert!(!crate::formats_for(Platform::Linkedin).png);
        assert!(!crate::formats_for(Platform::Instagram).pdf);
    }
}
