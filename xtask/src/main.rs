//! Build and test steps of Carousel Studio, run as `cargo xtask <command>`.
//!
//! - `cargo xtask build`: the companion (release), the scraper compiled to WASM with the pinned
//!   wasm-bindgen CLI, and the loadable unpacked extension in `dist/extension/`.
//! - `cargo xtask test`: installs what the tests need ([`setup`]), then every check CI runs
//!   (format, lints, the Windows check, native tests, the scraper's WASM tests in headless
//!   Chromium). `.ci/run` only calls it.
//! - `cargo xtask sample`: `build`, then `carousel-studio install` (registers the companion with
//!   every browser found) and renders the bundled sample thread into the Downloads folder,
//!   printing the saved paths.
//!
//! Plain `std::process::Command` on purpose: this crate is built before everything else, so it
//! stays free of heavy dependencies. The one crate of the workspace it uses, the scraper, gives
//! it the facts the extension's JavaScript must share with Rust (`facts.js`); the tests build
//! that crate anyway.

mod extension;
mod setup;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  build    build the companion (release) and the WASM scraper, and assemble the
           loadable unpacked extension in dist/extension/ (installs the pinned
           wasm-bindgen-cli with cargo if it is missing); --test-hooks builds the
           tests' own copy instead, dist/extension-test/, which keeps the hooks
           the end-to-end tests drive it through
  test     install what the tests need when it is missing (rustup targets and
           components, the Debian packages as root, the pinned wasm-bindgen-cli),
           then run every check CI runs: cargo fmt --check, clippy -D warnings
           (native, and wasm32 for the scraper and the studio), the Windows
           check, cargo test --workspace (but the WASM-only studio page), the
           scraper's WASM tests in headless Chromium
  sample   build, register the companion with every browser found
           (carousel-studio install), and render the bundled sample thread into
           your Downloads folder; prints the saved files' paths
  screenshots
           run the studio's end-to-end test and copy the screenshots it takes
           (target/tmp/screenshots/) into docs/, to refresh the docs' pictures
  help     print this message";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => build(args.get(1).map(String::as_str)),
        Some("test") => test(),
        Some("sample") => sample(),
        Some("screenshots") => screenshots(),
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
    /// Runs in headless Chromium through `wasm-bindgen-test-runner` (the pinned CLI).
    browser: bool,
}

const TEST_STEPS: &[Step] = &[
    Step {
        name: "format check",
        args: &["fmt", "--all", "--check"],
        browser: false,
    },
    Step {
        name: "clippy",
        // The studio's UI crate is WASM only: it is linted for wasm32 below, and never compiled
        // natively (its logic, in `carousel-editor`, is tested natively).
        args: &[
            "clippy",
            "--workspace",
            "--exclude",
            "carousel-studio-ui",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        browser: false,
    },
    Step {
        // The scraper's WASM tests (tests/web.rs) and the studio only compile for wasm32: lint
        // them there (the same lint flags as the step above, spelled out so each step reads as
        // the command it runs).
        name: "clippy (wasm32) of the scraper and the studio",
        args: &[
            "clippy",
            "-p",
            "carousel-scraper-wasm",
            "-p",
            "carousel-studio-ui",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        browser: false,
    },
    Step {
        // The Windows paths of install/reveal are unit-tested everywhere; this compiles them.
        name: "Windows check of the companion",
        args: &[
            "check",
            "-p",
            "carousel-studio",
            "--target",
            "x86_64-pc-windows-gnu",
        ],
        browser: false,
    },
    Step {
        name: "tests",
        args: &["test", "--workspace", "--exclude", "carousel-studio-ui"],
        browser: false,
    },
    Step {
        name: "scraper WASM tests in headless Chromium",
        args: &[
            "test",
            "-p",
            "carousel-scraper-wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "web",
        ],
        browser: true,
    },
];

/// `cargo xtask test`: runs the steps in order, streaming their output, and stops at the first
/// failure.
fn test() -> Result<()> {
    let root = workspace_root()?;
    // Each stage's wall time is printed, so a slow CI run says which step to look at.
    let started = Instant::now();
    extension::check_pins(&root)?;
    setup::for_tests()?;
    eprintln!("xtask: setup took {}", seconds(started.elapsed()));
    // The browser tests load dist/extension-test/.
    // The browser tests drive the extension through its test hooks.
    let build_started = Instant::now();
    let dist = extension::build(&root, extension::Hooks::ForTests)?;
    eprintln!(
        "xtask: built {} in {}",
        dist.display(),
        seconds(build_started.elapsed())
    );
    let total = TEST_STEPS.len();
    for (index, step) in TEST_STEPS.iter().enumerate() {
        eprintln!(
            "xtask: [{}/{total}] {}: cargo {}",
            index + 1,
            step.name,
            step.args.join(" ")
        );
        let mut command = cargo();
        // The tests must not skip for want of a browser here: setup installed it.
        command.env("CAROUSEL_REQUIRE_BROWSER", "1");
        if step.browser {
            // The runner finds chromedriver through CHROMEDRIVER or PATH; Debian's is here.
            let debian = Path::new("/usr/bin/chromedriver");
            if env::var_os("CHROMEDRIVER").is_none() && debian.exists() {
                command.env("CHROMEDRIVER", debian);
            }
        }
        let step_started = Instant::now();
        let status = command
            .args(step.args)
            .current_dir(&root)
            .status()
            .with_context(|| format!("could not start cargo for step `{}`", step.name))?;
        eprintln!(
            "xtask: [{}/{total}] {} took {}",
            index + 1,
            step.name,
            seconds(step_started.elapsed())
        );
        if !status.success() {
            bail!(
                "step {}/{total} `{}` failed ({status}): cargo {}",
                index + 1,
                step.name,
                step.args.join(" ")
            );
        }
    }
    eprintln!(
        "xtask: all {total} steps passed in {}",
        seconds(started.elapsed())
    );
    Ok(())
}

/// A duration as whole seconds, the unit CI's budget is counted in.
fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs())
}

/// `cargo xtask build [--test-hooks]`.
fn build(flag: Option<&str>) -> Result<()> {
    let hooks = match flag {
        None => extension::Hooks::None,
        Some("--test-hooks") => extension::Hooks::ForTests,
        Some(other) => bail!("unknown option `{other}` of build\n\n{USAGE}"),
    };
    let root = workspace_root()?;
    let dist = extension::build(&root, hooks)?;
    eprintln!("xtask: the unpacked extension is in {}", dist.display());
    eprintln!("xtask: load it at chrome://extensions (Developer mode → Load unpacked)");
    Ok(())
}

/// `cargo xtask sample`: the README's main command: everything a user needs, then a first
/// carousel.
fn sample() -> Result<()> {
    let root = workspace_root()?;
    let dist = extension::build(&root, extension::Hooks::None)?;
    let binary = target_dir(&root)
        .join("release")
        .join(format!("carousel-studio{}", env::consts::EXE_SUFFIX));

    // What `install` says goes to stderr: stdout is for the saved paths only. A machine without
    // a browser still gets its sample carousel.
    eprintln!(
        "xtask: registering the companion: {} install",
        binary.display()
    );
    match Command::new(&binary)
        .arg("install")
        .current_dir(&root)
        .stdout(Stdio::from(std::io::stderr()))
        .status()
    {
        Ok(status) if status.success() => {}
        Ok(status) => eprintln!(
            "xtask: warning: `carousel-studio install` failed ({status}); the extension cannot \
             reach the companion until it succeeds"
        ),
        Err(error) => eprintln!(
            "xtask: warning: could not run {}: {error}",
            binary.display()
        ),
    }

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
    eprintln!(
        "xtask: the unpacked extension is in {}: load it at chrome://extensions \
         (Developer mode → Load unpacked)",
        dist.display()
    );
    Ok(())
}

/// `cargo xtask screenshots`: the docs' pictures of the studio, refreshed by an explicit
/// command (a test run writes them into the target folder only, changing no tracked file).
fn screenshots() -> Result<()> {
    let root = workspace_root()?;
    extension::build(&root, extension::Hooks::ForTests)?;
    run(
        "taking the studio screenshots (cargo test --test studio_e2e)",
        cargo().args(["test", "-p", "carousel-tests", "--test", "studio_e2e"]),
        &root,
    )?;
    let shots = target_dir(&root).join("tmp").join("screenshots");
    let mut copied = 0;
    for entry in
        std::fs::read_dir(&shots).with_context(|| format!("cannot read {}", shots.display()))?
    {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with("studio-") && name.ends_with(".png") {
            let to = root.join("docs").join(&name);
            std::fs::copy(&path, &to).with_context(|| format!("cannot write {}", to.display()))?;
            eprintln!("xtask: {}", to.display());
            copied += 1;
        }
    }
    eprintln!("xtask: copied {copied} screenshots into docs/; review them with git diff");
    Ok(())
}

/// Runs one build command, streaming its output; `what` names it in messages.
fn run(what: &str, command: &mut Command, root: &Path) -> Result<()> {
    eprintln!("xtask: {what}");
    let status = command
        .current_dir(root)
        .status()
        .with_context(|| format!("could not start the command for {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
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
