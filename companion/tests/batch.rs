//! `carousel-studio render A B …` and `render FOLDER`: a batch renders every input as a single
//! `render` would, saves under the never-overwrite rule, reports what failed and why, and exits
//! non-zero when anything failed.

use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

mod common;
use common::{entries, studio};

/// A two-post thread JSON by `handle`, first post id `id`.
fn write_thread(path: &Path, handle: &str, id: u64) {
    let post = |id: u64, text: &str| {
        serde_json::json!({
            "id": id.to_string(),
            "author": {"name": "Batch Tester", "handle": handle},
            "text": text,
            "links": [],
            "images": []
        })
    };
    let thread = serde_json::json!({
        "url": format!("https://x.com/{handle}/status/{id}"),
        "posts": [post(id, "The first post of a batch thread."), post(id + 1, "And its second.")]
    });
    std::fs::write(path, serde_json::to_string(&thread).unwrap()).unwrap();
}

fn stdout_paths(output: &Output) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(PathBuf::from)
        .collect();
    paths.sort();
    paths
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_batch_renders_files_and_folders_reports_failures_and_exits_non_zero() {
    let home = TempDir::new().unwrap();
    let inputs = TempDir::new().unwrap();
    let out = TempDir::new().unwrap();
    let folder = inputs.path().join("client");
    std::fs::create_dir(&folder).unwrap();
    for (name, handle, id) in [("a.json", "alpha", 10), ("b.json", "bravo", 20)] {
        write_thread(&folder.join(name), handle, id);
    }
    std::fs::write(folder.join("notes.txt"), "not a thread").unwrap();
    std::fs::write(folder.join("photo.jpg"), "an asset of a thread").unwrap();
    let loose = inputs.path().join("c.json");
    write_thread(&loose, "charlie", 30);
    let broken = inputs.path().join("broken.json");
    std::fs::write(&broken, "{ \"posts\": [").unwrap();

    let output = studio(home.path())
        .args(["render", "--platform", "linkedin", "--jobs", "2", "--out"])
        .arg(out.path())
        .arg(&folder)
        .arg(&broken)
        .arg(&loose)
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    // Every good input saved its PDF and its post text; the broken one saved nothing.
    assert_eq!(
        entries(out.path()),
        [
            "alpha-10-post.txt",
            "alpha-10.pdf",
            "bravo-20-post.txt",
            "bravo-20.pdf",
            "charlie-30-post.txt",
            "charlie-30.pdf"
        ]
    );
    let saved: Vec<PathBuf> = entries(out.path())
        .iter()
        .map(|name| out.path().join(name))
        .collect();
    assert_eq!(stdout_paths(&output), saved);
    assert!(
        err.contains("rendered 3 threads (6 files saved in") && err.contains("1 skipped, 1 failed"),
        "{err}"
    );
    assert!(
        err.contains("skipped ") && err.contains("notes.txt: not a saved page"),
        "{err}"
    );
    assert!(
        !err.contains("photo.jpg"),
        "a thread's photo is not worth a line: {err}"
    );
    assert!(
        err.contains(&format!("failed {}: ", broken.display())) && err.contains("not valid"),
        "{err}"
    );
    assert!(err.contains("1 of 4 inputs failed"), "{err}");

    // The same batch again never overwrites: every name gets " (2)".
    let again = studio(home.path())
        .args(["render", "--platform", "linkedin", "--out"])
        .arg(out.path())
        .arg(&folder)
        .arg(&loose)
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    let second: Vec<String> = stdout_paths(&again)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        second,
        [
            "alpha-10 (2).pdf",
            "alpha-10-post (2).txt",
            "bravo-20 (2).pdf",
            "bravo-20-post (2).txt",
            "charlie-30 (2).pdf",
            "charlie-30-post (2).txt"
        ]
    );
}

#[test]
fn a_batch_with_a_bad_flag_or_svg_fails_before_any_work() {
    let home = TempDir::new().unwrap();
    let inputs = TempDir::new().unwrap();
    let out = TempDir::new().unwrap();
    let (a, b) = (inputs.path().join("a.json"), inputs.path().join("b.json"));
    write_thread(&a, "alpha", 10);
    write_thread(&b, "bravo", 20);

    let bad_theme = studio(home.path())
        .args(["render", "--theme", "no-such-theme", "--out"])
        .arg(out.path())
        .args([&a, &b])
        .output()
        .unwrap();
    assert_eq!(bad_theme.status.code(), Some(2), "{}", stderr(&bad_theme));
    assert!(
        stderr(&bad_theme).contains("no-such-theme"),
        "{}",
        stderr(&bad_theme)
    );

    // One input alike: the folder is not even made.
    let new_folder = inputs.path().join("not-yet");
    let single = studio(home.path())
        .args(["render", "--theme", "no-such-theme", "--out"])
        .arg(&new_folder)
        .arg(&a)
        .output()
        .unwrap();
    assert_eq!(single.status.code(), Some(2), "{}", stderr(&single));
    assert!(
        !new_folder.exists(),
        "nothing is made before the flags are right"
    );

    let svg = studio(home.path())
        .args(["render", "--svg"])
        .arg(inputs.path().join("svg"))
        .arg("--out")
        .arg(out.path())
        .args([&a, &b])
        .output()
        .unwrap();
    assert_eq!(svg.status.code(), Some(2), "{}", stderr(&svg));
    assert!(stderr(&svg).contains("give one INPUT"), "{}", stderr(&svg));

    let empty = inputs.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let nothing = studio(home.path())
        .args(["render", "--out"])
        .arg(out.path())
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(nothing.status.code(), Some(2), "{}", stderr(&nothing));
    assert!(
        stderr(&nothing).contains("nothing to render"),
        "{}",
        stderr(&nothing)
    );
    assert_eq!(
        entries(out.path()),
        Vec::<String>::new(),
        "nothing was saved"
    );
}
