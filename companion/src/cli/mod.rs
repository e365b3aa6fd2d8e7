//! The command line, all of it: the commands and their flags (clap), each command's code in a
//! module of its own. `render` runs the same [`Job`](crate::job::Job) the host runs.
//!
//! - [`render`]: `render` (input → design → job → save) and `--svg`;
//! - [`batch`]: `render` of several inputs or a folder, one worker per core;
//! - [`flags`]: the design flags of `render` and `preset add`, the brand flags of `profile add`,
//!   and the names they accept (what `list` prints);
//! - [`library`]: `list`, `profile …`, `preset …`, `contact-sheet`;
//! - [`scrape`]: `scrape PAGE.html`;
//! - here: `install`, `uninstall` and `doctor`, which are one call each.

pub mod batch;
pub mod flags;
pub mod library;
pub mod render;
pub mod scrape;

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::install::{self, Browser};
use crate::{Error, doctor};
use library::{ContactSheetArgs, GalleryArgs, ListArgs, PresetCommand, ProfileCommand};
use render::RenderArgs;
use scrape::ScrapeArgs;

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
    /// Save one PNG of several threads' first slides in several themes (and, with --slides,
    /// every slide full size): how carousels of different kinds look.
    Gallery(GalleryArgs),
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

/// Runs a parsed command line. Saved paths go to `stdout`; warnings and progress to stderr.
pub fn run(cli: &Cli, stdout: &mut dyn Write) -> Result<(), Error> {
    match &cli.command {
        Command::Render(args) => render::render(args, stdout),
        Command::Scrape(args) => scrape::scrape(args, stdout),
        Command::List(args) => library::list(args, stdout),
        Command::Profile(command) => library::profile(command, stdout),
        Command::Preset(command) => library::preset(command, stdout),
        Command::ContactSheet(args) => library::contact_sheet(args, stdout),
        Command::Gallery(args) => library::gallery(args, stdout),
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

/// Prints one line each; a closed stdout (`| head`) is not an error worth reporting.
fn print_lines(stdout: &mut dyn Write, lines: impl IntoIterator<Item = impl std::fmt::Display>) {
    for line in lines {
        if writeln!(stdout, "{line}").is_err() {
            break;
        }
    }
    let _ = stdout.flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use protocol::Platform;

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
