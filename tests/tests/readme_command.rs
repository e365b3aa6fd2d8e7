//! The README's first command — the main job on the bundled sample — run exactly as written,
//! with a fresh home folder, must leave the carousel in that home's Downloads folder.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// The first line of the README's first fenced code block, without its `# comment`.
fn main_command() -> String {
    let readme = std::fs::read_to_string(workspace().join("README.md")).expect("README.md");
    let block = readme.split("```").nth(1).expect("a fenced code block");
    let line = block
        .lines()
        .skip(1)
        .find(|l| !l.trim().is_empty())
        .expect("a command line");
    line.split('#').next().unwrap_or(line).trim().to_owned()
}

#[test]
fn readme_main_command_renders_the_sample_into_downloads() {
    let command = main_command();
    assert!(
        command.starts_with("cargo "),
        "the main command runs through cargo: {command}"
    );
    let home = tempfile::tempdir().expect("temp home");
    // A new HOME must not hide the toolchain: keep rustup's and cargo's own folders.
    let real_home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let rustup_home = std::env::var_os("RUSTUP_HOME")
        .map(PathBuf::from)
        .unwrap_or(real_home.join(".rustup"));
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or(real_home.join(".cargo"));
    let output = Command::new("sh")
        .arg("-c")
        .arg(&command)
        .current_dir(workspace())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env_remove("XDG_DOWNLOAD_DIR")
        .env("RUSTUP_HOME", rustup_home)
        .env("CARGO_HOME", cargo_home)
        .output()
        .expect("run the README's main command");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "`{command}` failed:\n{stdout}\n{stderr}"
    );
    let downloads = home.path().join("Downloads");
    let names: Vec<String> = std::fs::read_dir(&downloads)
        .unwrap_or_else(|e| panic!("{} missing ({e}):\n{stdout}\n{stderr}", downloads.display()))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    for expected in [
        "vikhyatk-2050335759004905655.pdf",
        "vikhyatk-2050335759004905655-instagram.zip",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in {names:?}"
        );
        assert!(
            stdout.contains(expected),
            "the command prints where it saved {expected}"
        );
    }
}
