//! `carousel-studio doctor`: checks each browser's registration and renders the sample once,
//! and says how to fix each problem found.

use std::path::Path;

use model::Design;
use protocol::{FIREFOX_ADDON_ID, HOST_NAME, chrome_origin};
use serde_json::Value;

use crate::install::{self, InstallError, Location};
use crate::{Formats, input};
use export::images;

/// The doctor's findings: one line per check, and how many were problems.
#[derive(Debug, Default)]
pub struct Report {
    pub lines: Vec<String>,
    pub problems: usize,
}

impl Report {
    fn ok(&mut self, line: &str) {
        self.lines.push(format!("ok       {line}"));
    }

    fn note(&mut self, line: &str) {
        self.lines.push(format!("-        {line}"));
    }

    fn problem(&mut self, line: &str, fix: &str) {
        self.lines.push(format!("PROBLEM  {line}"));
        self.lines.push(format!("         fix: {fix}"));
        self.problems += 1;
    }
}

/// Checks every browser (or the `--user-data-dir` profile) and renders the sample into a
/// temporary folder.
pub fn doctor(user_data_dir: Option<&Path>) -> Result<Report, InstallError> {
    let exe = install::current_exe()?;
    let mut report = Report::default();
    let mut registered = 0;
    for location in install::locations(&[], user_data_dir)? {
        registered += usize::from(check(&location, &exe, user_data_dir, &mut report));
    }
    if registered == 0 {
        report.problem(
            "the companion is not registered with any browser",
            &match user_data_dir {
                Some(dir) => format!("carousel-studio install --user-data-dir {}", quote(dir)),
                None => "carousel-studio install (or install --browser NAME)".to_owned(),
            },
        );
    }
    self_test(&mut report);
    Ok(report)
}

/// Checks one registration; returns whether a manifest was found.
fn check(
    location: &Location,
    exe: &Path,
    user_data_dir: Option<&Path>,
    report: &mut Report,
) -> bool {
    let label = &location.label;
    let fix = match (location.browser, user_data_dir) {
        (Some(browser), _) => format!("carousel-studio install --browser {}", browser.name()),
        (None, Some(dir)) => format!("carousel-studio install --user-data-dir {}", quote(dir)),
        (None, None) => "carousel-studio install".to_owned(),
    };
    let path = &location.manifest;
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(_) if !location.browser_dir.is_dir() => {
            report.note(&format!(
                "{label}: not found ({} missing)",
                location.browser_dir.display()
            ));
            return false;
        }
        Err(_) => {
            report.problem(
                &format!("{label}: no host manifest at {}", path.display()),
                &fix,
            );
            return false;
        }
    };
    let manifest: Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(err) => {
            report.problem(
                &format!("{label}: {} is not valid JSON ({err})", path.display()),
                &fix,
            );
            return true;
        }
    };
    let mut problems = Vec::new();
    if manifest["name"] != HOST_NAME {
        problems.push(format!("its name is not {HOST_NAME}"));
    }
    if manifest["type"] != "stdio" {
        problems.push("its type is not \"stdio\"".to_owned());
    }
    match manifest["path"].as_str().map(Path::new) {
        None => problems.push("it has no \"path\"".to_owned()),
        Some(target) if !target.is_file() => {
            problems.push(format!(
                "it points at {}, which does not exist",
                target.display()
            ));
        }
        Some(target) if std::fs::canonicalize(target).ok().as_deref() != Some(exe) => {
            problems.push(format!(
                "it points at {}, not at this program ({})",
                target.display(),
                exe.display()
            ));
        }
        Some(_) => {}
    }
    let (field, id) = if location.firefox {
        ("allowed_extensions", FIREFOX_ADDON_ID.to_owned())
    } else {
        ("allowed_origins", chrome_origin())
    };
    let names_id = manifest[field]
        .as_array()
        .is_some_and(|ids| ids.iter().any(|v| v.as_str() == Some(&id)));
    if !names_id {
        problems.push(format!("its {field} does not name {id}"));
    }
    if let Some(key) = &location.registry_key {
        let value = install::registry_get(key);
        if value.as_deref().map(Path::new) != Some(path.as_path()) {
            problems.push(format!("the registry key HKCU\\{key} does not point at it"));
        }
    }
    if problems.is_empty() {
        report.ok(&format!(
            "{label}: {} points at this program",
            path.display()
        ));
    } else {
        report.problem(
            &format!("{label}: {}: {}", path.display(), problems.join("; ")),
            &fix,
        );
    }
    true
}

fn self_test(report: &mut Report) {
    let result = (|| -> Result<(usize, usize), String> {
        let dir = tempfile::tempdir().map_err(|e| format!("cannot create a temp folder: {e}"))?;
        let sample = input::sample();
        let mut thread = sample.thread.clone();
        images::resolve_thread(&mut thread, sample.image_base(), |_, _| {});
        let rendered = export::render(&thread, &Design::default(), Formats::BOTH, &|_, _| {})
            .map_err(|e| e.to_string())?;
        let made = rendered.files().len();
        let files = rendered.save(dir.path()).map_err(|e| e.to_string())?;
        Ok((files.iter().filter(|f| f.is_file()).count(), made))
    })();
    match result {
        Ok((saved, made)) if saved == made => {
            report.ok("self-test: rendered and saved the sample (PDF, ZIP and post text)")
        }
        Ok((saved, made)) => report.problem(
            &format!("self-test: saved {saved} of {made} files"),
            "reinstall carousel-studio",
        ),
        Err(err) => report.problem(
            &format!("self-test: {err}"),
            "run `carousel-studio render --sample --out DIR` to see the whole error",
        ),
    }
}

/// A path as a shell argument.
fn quote(path: &Path) -> String {
    let text = path.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-:\\".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
