//! Build and test steps of Carousel Studio, run as `cargo xtask <command>`.
//!
//! - `cargo xtask test`: every check CI runs (format, lints, the wasm32 build of `shared`, tests).
//! - `cargo xtask sample`: builds the companion in release and renders the bundled sample thread
//!   into the Downloads folder, printing the saved paths.
//!
//! Plain `std::process::Command` on purpose: this crate is built before everything else, so it
//! stays free of heavy dependencies.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  test     run every check CI runs: cargo fmt --check, clippy -D warnings,
           the wasm32-unknown-unknown build of carousel-shared, cargo test --workspace
  sample   build the companion in release and render the bundled sample thread
           into your Downloads folder; prints the saved files' paths
  help     print this message";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("sample") => sample(),
        Some("help" | "-h" | "--help") => {
            eprintln!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(anyhow::anyhow!("no command given\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// One step of `cargo xtask test`: a name for messages and the cargo arguments.
struct Step {
    name: &'static str,
    args: &'static [&'static str],
}

const TEST_STEPS: &[Step] = &[
    Step {
        name: "format check",
        args: &["fmt", "--all", "--check"],
    },
    Step {
        name: "clippy",
        args: &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    },
    Step {
        name: "wasm32 build of carousel-shared",
        args: &[
            "build",
            "-p",
            "carousel-shared",
            "--target",
            "wasm32-unknown-unknown",
        ],
    },
    Step {
        name: "tests",
        args: &["test", "--workspace"],
    },
];

/// `cargo xtask test`: runs the steps in order, streaming their output, and stops at the first
/// failure.
fn test() -> Result<()> {
    let root = workspace_root()?;
    let total = TEST_STEPS.len();
    for (index, step) in TEST_STEPS.iter().enumerate() {
        eprintln!(
            "xtask: [{}/{total}] {}: cargo {}",
            index + 1,
            step.name,
            step.args.join(" ")
        );
        let status = cargo()
            .args(step.args)
            .current_dir(&root)
            .status()
            .with_context(|| format!("could not start cargo for step `{}`", step.name))?;
        if !status.success() {
            bail!(
                "step {}/{total} `{}` failed ({status}): cargo {}",
                index + 1,
                step.name,
                step.args.join(" ")
            );
        }
    }
    eprintln!("xtask: all {total} steps passed");
    Ok(())
}

/// `cargo xtask sample`: the README's main command.
fn sample() -> Result<()> {
    let root = workspace_root()?;
    eprintln!("xtask: building the companion (release)");
    let status = cargo()
        .args(["build", "--release", "-p", "carousel-studio"])
        .current_dir(&root)
        .status()
        .context("could not start cargo")?;
    if !status.success() {
        bail!("building the companion failed ({status})");
    }

    let binary = target_dir(&root)
        .join("release")
        .join(format!("carousel-studio{}", env::consts::EXE_SUFFIX));
    eprintln!(
        "xtask: rendering the sample thread: {} render --sample",
        binary.display()
    );
    // stdout is inherited: the companion prints one saved path per line, which is exactly what
    // this command should print.
    let status = Command::new(&binary)
        .args(["render", "--sample"])
        .current_dir(&root)
        .status()
        .with_context(|| format!("could not run {}", binary.display()))?;
    if !status.success() {
        bail!("`carousel-studio render --sample` failed ({status})");
    }
    Ok(())
}

/// `cargo` as cargo itself ran us (`CARGO`), so the same toolchain builds everything.
fn cargo() -> Command {
    Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The workspace root: the parent of this crate's manifest directory.
fn workspace_root() -> Result<PathBuf> {
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .context("xtask's manifest directory has no parent")
}

/// Where cargo puts build output: `CARGO_TARGET_DIR` if set, else `<root>/target`.
fn target_dir(root: &Path) -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}
