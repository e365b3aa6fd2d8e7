//! `carousel-studio`: the companion binary. All the work is in the library; this is glue.

use std::process::ExitCode;

use carousel_studio::cli::{self, Cli};
use clap::{CommandFactory, Parser};

fn main() -> ExitCode {
    if std::env::args_os().len() <= 1 {
        // Later the no-argument case also starts the native-messaging host; for now: help.
        let _ = Cli::command().print_help();
        return ExitCode::SUCCESS;
    }
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Library errors already name their cause and the fix in one line; `{:#}` would
            // repeat the cause.
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<()> {
    cli::run(cli, &mut std::io::stdout().lock())?;
    Ok(())
}
