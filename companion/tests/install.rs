//! `install`, `uninstall` and `doctor` against a temporary home folder.

use std::path::{Path, PathBuf};
use std::process::Output;

use protocol::chrome_origin;
use serde_json::Value;
use tempfile::TempDir;

mod common;

fn studio(home: &Path, args: &[&str]) -> Output {
    common::studio(home)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, out);
            } else {
                out.push(path.strip_prefix(base).unwrap().to_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn exe() -> PathBuf {
    std::fs::canonicalize(env!("CARGO_BIN_EXE_carousel-studio")).unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn install_registers_present_browsers_idempotently_and_uninstall_removes_exactly_that() {
    let home = TempDir::new().unwrap();
    let home = home.path();
    std::fs::create_dir_all(home.join(".config/chromium")).unwrap();
    std::fs::create_dir_all(home.join(".mozilla")).unwrap();
    let before = files(home);

    let first = studio(home, &["install"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let out = text(&first.stdout);
    assert_eq!(out.lines().count(), 6, "one line per browser: {out}");
    assert!(out.contains("chrome: skipped"), "{out}");
    assert!(out.contains("chromium: installed"), "{out}");
    assert!(out.contains("firefox: installed"), "{out}");
    let chromium =
        PathBuf::from(".config/chromium/NativeMessagingHosts/studio.carousel.companion.json");
    let firefox = PathBuf::from(".mozilla/native-messaging-hosts/studio.carousel.companion.json");
    assert_eq!(files(home), vec![chromium.clone(), firefox.clone()]);

    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(home.join(&chromium)).unwrap()).unwrap();
    assert_eq!(manifest["name"], "studio.carousel.companion");
    assert_eq!(manifest["type"], "stdio");
    assert_eq!(Path::new(manifest["path"].as_str().unwrap()), exe());
    assert_eq!(manifest["allowed_origins"][0], chrome_origin());
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(home.join(&firefox)).unwrap()).unwrap();
    assert_eq!(
        manifest["allowed_extensions"][0],
        "carousel-studio@carousel.studio"
    );

    let again = studio(home, &["install"]);
    assert!(again.status.success());
    assert!(text(&again.stdout).contains("chromium: already installed"));
    assert_eq!(files(home), vec![chromium.clone(), firefox.clone()]);

    let doctor = studio(home, &["doctor"]);
    assert!(
        doctor.status.success(),
        "{}{}",
        text(&doctor.stdout),
        text(&doctor.stderr)
    );
    assert!(text(&doctor.stdout).contains("self-test"));

    for _ in 0..2 {
        let gone = studio(home, &["uninstall"]);
        assert!(gone.status.success(), "{}", text(&gone.stderr));
        assert_eq!(text(&gone.stdout).lines().count(), 6);
        assert!(files(home) == before, "{:?}", files(home));
    }
}

#[test]
fn an_explicit_browser_is_installed_even_if_its_folder_is_missing() {
    let home = TempDir::new().unwrap();
    let out = studio(
        home.path(),
        &["install", "--browser", "chrome", "--browser", "brave"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 2);
    assert_eq!(files(home.path()).len(), 2);
    let out = studio(
        home.path(),
        &["uninstall", "--browser", "chrome", "--browser", "brave"],
    );
    assert!(out.status.success());
    assert!(files(home.path()).is_empty());
}

#[test]
fn with_no_browser_found_install_says_what_to_do() {
    let home = TempDir::new().unwrap();
    let out = studio(home.path(), &["install"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--browser NAME"),
        "{}",
        text(&out.stderr)
    );
    assert!(files(home.path()).is_empty());
}

#[test]
fn user_data_dir_writes_the_profile_manifest() {
    let home = TempDir::new().unwrap();
    let profile = home.path().join("profile");
    let profile_arg = profile.to_str().unwrap();
    for _ in 0..2 {
        let out = studio(home.path(), &["install", "--user-data-dir", profile_arg]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout).lines().count(), 1);
    }
    assert_eq!(
        files(home.path()),
        vec![PathBuf::from(
            "profile/NativeMessagingHosts/studio.carousel.companion.json"
        )]
    );
    let out = studio(home.path(), &["doctor", "--user-data-dir", profile_arg]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let out = studio(home.path(), &["uninstall", "--user-data-dir", profile_arg]);
    assert!(out.status.success());
    assert!(files(home.path()).is_empty());
}

#[test]
fn doctor_reports_problems_with_the_command_that_fixes_them() {
    let home = TempDir::new().unwrap();
    let profile = home.path().join("profile");
    let profile_arg = profile.to_str().unwrap();

    // Nothing registered.
    let out = studio(home.path(), &["doctor", "--user-data-dir", profile_arg]);
    assert!(!out.status.success());
    let report = text(&out.stdout);
    assert!(report.contains("PROBLEM"), "{report}");
    assert!(
        report.contains(&format!(
            "fix: carousel-studio install --user-data-dir {profile_arg}"
        )),
        "{report}"
    );
    assert!(text(&out.stderr).contains("problem"));

    // A manifest pointing elsewhere and naming another extension.
    let manifest = profile.join("NativeMessagingHosts/studio.carousel.companion.json");
    std::fs::create_dir_all(manifest.parent().unwrap()).unwrap();
    std::fs::write(
        &manifest,
        r#"{"name": "studio.carousel.companion", "type": "stdio", "path": "/nonexistent/carousel-studio",
            "allowed_origins": ["chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"]}"#,
    )
    .unwrap();
    let out = studio(home.path(), &["doctor", "--user-data-dir", profile_arg]);
    assert!(!out.status.success());
    let report = text(&out.stdout);
    assert!(report.contains("does not exist"), "{report}");
    assert!(report.contains(&chrome_origin()), "{report}");
    assert!(
        report.contains("fix: carousel-studio install --user-data-dir"),
        "{report}"
    );

    // Not JSON.
    std::fs::write(&manifest, "{").unwrap();
    let out = studio(home.path(), &["doctor", "--user-data-dir", profile_arg]);
    assert!(!out.status.success());
    assert!(text(&out.stdout).contains("not valid JSON"));

    // Fixed by the command it named.
    assert!(
        studio(home.path(), &["install", "--user-data-dir", profile_arg])
            .status
            .success()
    );
    let out = studio(home.path(), &["doctor", "--user-data-dir", profile_arg]);
    assert!(out.status.success(), "{}", text(&out.stdout));
}

#[cfg(target_os = "linux")]
#[test]
fn doctor_checks_every_browser() {
    let home = TempDir::new().unwrap();
    std::fs::create_dir_all(home.path().join(".config/google-chrome")).unwrap();
    let out = studio(home.path(), &["doctor"]);
    assert!(!out.status.success());
    let report = text(&out.stdout);
    assert!(
        report.contains("fix: carousel-studio install --browser chrome"),
        "{report}"
    );
    assert!(report.contains("firefox: not found"), "{report}");
}

/// `install` wrote the manifest with `std::fs::write`, so a symlink at the manifest's place
/// made it write into whatever file the link pointed at.
#[cfg(unix)]
#[test]
fn install_replaces_a_symlinked_manifest_instead_of_writing_through_it() {
    let home = TempDir::new().unwrap();
    let outside = home.path().join("outside.json");
    std::fs::write(&outside, "precious").unwrap();
    let profile = home.path().join("profile");
    let profile_arg = profile.to_str().unwrap();
    let hosts = profile.join("NativeMessagingHosts");
    std::fs::create_dir_all(&hosts).unwrap();
    let manifest = hosts.join("studio.carousel.companion.json");
    std::os::unix::fs::symlink(&outside, &manifest).unwrap();

    let out = studio(home.path(), &["install", "--user-data-dir", profile_arg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("already installed"));
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious");
    assert!(std::fs::symlink_metadata(&manifest).unwrap().is_file());
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    assert_eq!(Path::new(written["path"].as_str().unwrap()), exe());
    assert_eq!(
        files(&hosts),
        vec![PathBuf::from("studio.carousel.companion.json")],
        "no temporary file left"
    );

    // A symlink to exactly the right manifest is replaced too: it is not ours to keep.
    std::fs::copy(&manifest, &outside).unwrap();
    let right = std::fs::read(&outside).unwrap();
    std::fs::remove_file(&manifest).unwrap();
    std::os::unix::fs::symlink(&outside, &manifest).unwrap();
    let out = studio(home.path(), &["install", "--user-data-dir", profile_arg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("already installed"));
    assert!(std::fs::symlink_metadata(&manifest).unwrap().is_file());
    assert_eq!(std::fs::read(&manifest).unwrap(), right);
    assert_eq!(std::fs::read(&outside).unwrap(), right);
}
