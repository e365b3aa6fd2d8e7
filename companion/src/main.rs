//! `carousel-studio`: the companion binary. All the work is in the library; this is glue.
//!
//! Started by a browser (the caller's origin or add-on id among the arguments) it is the
//! native-messaging host; otherwise it is the command line.

use std::io::IsTerminal;
use std::process::ExitCode;

use carousel_studio::cli::{self, Cli};
use carousel_studio::host;
use clap::{CommandFactory, Parser};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    if let Some(caller) = host::caller_from_args(&args) {
        return serve(Some(&caller));
    }
    if args.is_empty() {
        // By hand in a terminal: help, rather than silently waiting for binary frames.
        if std::io::stdin().is_terminal() {
            let _ = Cli::command().print_help();
            return ExitCode::SUCCESS;
        }
        // Piped but without a caller: serve, refusing every request (`forbidden_origin`).
        return serve(None);
    }
    let cli = Cli::parse();
    match cli::run(&cli, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Library errors already name their cause and the fix in one line; `{:#}` would
            // repeat the cause.
            eprintln!("error: {err}");
            // A bad flag value is a usage error, like an unknown flag (clap exits 2 for those).
            if err.is_usage() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn serve(caller: Option<&str>) -> ExitCode {
    match host::run(caller) {
        // Asked to stop: what was unfinished is removed; exit now, without waiting for it.
        Ok(host::Exit::Closed | host::Exit::Terminated) => ExitCode::SUCCESS,
        Ok(host::Exit::TooLarge) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("carousel-studio host: cannot start: {err}");
            ExitCode::FAILURE
        }
    }
}
