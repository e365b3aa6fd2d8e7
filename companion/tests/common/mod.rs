//! What the companion's integration tests share: the binary in a home of the test's own, and
//! looking at what it left in a folder.
#![allow(dead_code)] // each test file uses its own part of this

use std::path::Path;
use std::process::Command;

/// The companion binary, with HOME (and the configuration folder) pointing at `home`, so no
/// real store or Downloads folder is touched.
pub fn studio(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_carousel-studio"));
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env_remove("USERPROFILE");
    command
}

/// The names in `dir`, sorted; none when it does not exist.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|dir| {
            dir.map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}
