//! What the build and the tests need on the machine, checked first and installed when missing,
//! so that `cargo xtask test` works on a fresh machine by itself (`.ci/run` only calls it):
//! rustup's components and targets, the Debian packages, and the pinned wasm-bindgen CLI.
//!
//! Everything is checked before anything is installed, and an install that cannot happen here
//! (no rustup, not root for apt) stops at once with the exact command to run.

use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::cargo;

/// The compilation targets: wasm32 for the scraper and the studio; Windows to compile (never
/// link) the companion's Windows code.
pub const RUST_TARGETS: &[&str] = &["wasm32-unknown-unknown", "x86_64-pc-windows-gnu"];

/// rustup components, with the cargo subcommand that shows each is there.
const RUST_COMPONENTS: &[(&str, &str)] = &[("rustfmt", "fmt"), ("clippy", "clippy")];

/// Debian packages the tests use, and why.
const APT_PACKAGES: &[(&str, &str)] = &[
    (
        "poppler-utils",
        "pdftotext and pdfinfo read the exported PDFs",
    ),
    (
        "chromium",
        "the browser tests and the benchmark's comparison",
    ),
    ("chromium-driver", "chromedriver drives that Chromium"),
    (
        "gcc-mingw-w64-x86-64",
        "the `ring` crate's build script needs a Windows C compiler for the Windows check",
    ),
];

/// Everything `cargo xtask test` needs.
pub fn for_tests() -> Result<()> {
    rust_components()?;
    for target in RUST_TARGETS {
        rust_target(target)?;
    }
    apt_packages()?;
    crate::extension::ensure_wasm_bindgen()
}

/// Adds `target` through rustup when it is missing.
pub fn rust_target(target: &str) -> Result<()> {
    let installed = rustup(&["target", "list", "--installed"])?;
    if installed.lines().any(|line| line.trim() == target) {
        return Ok(());
    }
    eprintln!("xtask: adding the {target} target (rustup target add {target})");
    rustup(&["target", "add", target]).map(drop)
}

fn rust_components() -> Result<()> {
    for (component, subcommand) in RUST_COMPONENTS {
        let present = cargo()
            .args([subcommand, "--version"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !present {
            eprintln!("xtask: adding the {component} component (rustup component add {component})");
            rustup(&["component", "add", component])?;
        }
    }
    Ok(())
}

/// Runs rustup and returns its stdout; without rustup, says how to get it.
fn rustup(args: &[&str]) -> Result<String> {
    let output = Command::new("rustup")
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .context("could not run rustup: install Rust through rustup (https://rustup.rs)")?;
    if !output.status.success() {
        bail!("`rustup {}` failed ({})", args.join(" "), output.status);
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Installs the missing Debian packages as root; as anyone else, stops with the command.
fn apt_packages() -> Result<()> {
    if Command::new("dpkg-query")
        .arg("--version")
        .output()
        .is_err()
    {
        let names: Vec<&str> = APT_PACKAGES.iter().map(|(package, _)| *package).collect();
        eprintln!(
            "xtask: not a Debian system: the tests need the equivalents of {}",
            names.join(", ")
        );
        return Ok(());
    }
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .map(|(package, _)| *package)
        .filter(|package| !dpkg_installed(package))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let why: Vec<String> = APT_PACKAGES
        .iter()
        .filter(|(package, _)| missing.contains(package))
        .map(|(package, why)| format!("{package} ({why})"))
        .collect();
    let list = missing.join(" ");
    if !is_root() {
        bail!(
            "the tests need {}; install them with:\n    sudo apt-get install -y {list}",
            why.join(", ")
        );
    }
    eprintln!("xtask: installing {}", why.join(", "));
    for args in [
        vec!["update", "-q"],
        [vec!["install", "-y", "-q"], missing.clone()].concat(),
    ] {
        let status = Command::new("apt-get")
            .args(&args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .context("could not run apt-get")?;
        if !status.success() {
            bail!(
                "`apt-get {}` failed ({status}); run `apt-get install -y {list}` by hand",
                args.join(" ")
            );
        }
    }
    Ok(())
}

fn dpkg_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|output| {
            String::from_utf8_lossy(&output.stdout).contains("install ok installed")
        })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}
