//! `carousel-studio scrape PAGE.html` and `render PAGE.html` on the saved-page fixtures of
//! `tests/fixtures/x/` (the same pages the scraper's own tests use).

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/x")
        .join(name)
}

fn scrape(home: &Path, page: &Path, extra: &[&str]) -> Output {
    let mut args = vec![std::ffi::OsStr::new("scrape"), page.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    studio(home, &args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn thread_json(output: &Output) -> Value {
    assert!(output.status.success(), "failed: {}", stderr(output));
    serde_json::from_slice(&output.stdout).expect("stdout is thread JSON")
}

fn ids(thread: &Value) -> Vec<String> {
    thread["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|post| post["id"].as_str().unwrap().to_owned())
        .collect()
}

fn expected(name: &str) -> Value {
    let text = std::fs::read_to_string(fixture(&format!("{name}.expected.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn scrape_prints_the_thread_json_of_every_fixture() {
    let home = tempfile::tempdir().unwrap();
    for name in [
        "thread-photon",
        "thread-traps",
        "thread-middle",
        "reply-to-other",
    ] {
        let output = scrape(home.path(), &fixture(&format!("{name}.html")), &[]);
        let thread = thread_json(&output);
        let expected = expected(name);
        assert_eq!(thread["url"], expected["url"], "{name}");
        assert_eq!(ids(&thread), ids(&expected), "{name}");
        assert!(
            String::from_utf8_lossy(&output.stdout).starts_with("{\n  \"url\""),
            "{name}: pretty JSON"
        );
        // thread-traps keeps one "Show more" post cut short: a saved page cannot expand it.
        let said = if name == "thread-traps" {
            "warning: 1 post could not be expanded (\"Show more\") and ends in \"…\".\n"
        } else {
            ""
        };
        assert_eq!(stderr(&output), said, "{name}");
    }
}

#[test]
fn scrape_says_on_stderr_what_the_page_showed_but_the_thread_lacks() {
    let home = tempfile::tempdir().unwrap();
    for (name, said) in [
        ("tombstones", "warning: 2 posts were unavailable"),
        ("media-kinds", "warning: A sensitive photo was not revealed"),
        ("edited-long", "warning: 1 post could not be expanded"),
    ] {
        let output = scrape(home.path(), &fixture(&format!("{name}.html")), &[]);
        let thread = thread_json(&output);
        assert_eq!(ids(&thread), ids(&expected(name)), "{name}");
        assert!(
            stderr(&output).starts_with(said),
            "{name}: {}",
            stderr(&output)
        );
        assert_eq!(
            stderr(&output).lines().count(),
            1,
            "{name}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn scrape_keeps_image_paths_relative_to_the_page() {
    let home = tempfile::tempdir().unwrap();
    let thread = thread_json(&scrape(home.path(), &fixture("thread-middle.html"), &[]));
    assert_eq!(
        thread["posts"][2]["images"],
        serde_json::json!([
            "thread-middle_files/LaYlAcJk0001.jpg",
            "thread-middle_files/LaYlAcJk0002.jpg"
        ])
    );
}

#[test]
fn scrape_url_names_the_focal_post() {
    let home = tempfile::tempdir().unwrap();
    let page = fixture("reply-to-other.html");
    let url = "https://twitter.com/ben_ships/status/1900000000000000402";
    let thread = thread_json(&scrape(home.path(), &page, &["--url", url]));
    assert_eq!(ids(&thread), ids(&expected("reply-to-other")));
    // Naming the other author's post gives that post's thread, not Ben's.
    let url = "https://x.com/alice_w/status/1900000000000000401";
    let thread = thread_json(&scrape(home.path(), &page, &["--url", url]));
    assert_eq!(ids(&thread)[0], "1900000000000000401");
}

/// One line on stderr naming the file and what to do, nothing on stdout, non-zero exit.
fn assert_one_line_error(output: &Output, needles: &[&str]) {
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "stdout: {:?}", output.stdout);
    let err = stderr(output);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    for needle in needles {
        assert!(err.contains(needle), "{needle:?} not in {err}");
    }
}

#[test]
fn scrape_errors_are_one_clear_line() {
    let home = tempfile::tempdir().unwrap();
    let shell = scrape(home.path(), &fixture("shell-html-only.html"), &[]);
    assert_one_line_error(
        &shell,
        &["shell-html-only.html", "HTML only", "Webpage, Complete"],
    );
    let other = scrape(home.path(), &fixture("not-a-thread.html"), &[]);
    assert_one_line_error(&other, &["not-a-thread.html", "no X conversation"]);
    let missing = scrape(home.path(), &home.path().join("nope.html"), &[]);
    assert_one_line_error(&missing, &["nope.html", "does not exist"]);
}

#[test]
fn render_accepts_a_saved_page_with_its_files_folder() {
    let home = tempfile::tempdir().unwrap();
    // A "Webpage, Complete" save: the page and its `…_files/` folder side by side.
    let saved = home.path().join("saved");
    std::fs::create_dir_all(saved.join("thread-middle_files")).unwrap();
    let page = saved.join("thread-middle.html");
    std::fs::copy(fixture("thread-middle.html"), &page).unwrap();
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/sample/photo.jpg");
    for name in ["LaYlAcJk0001.jpg", "LaYlAcJk0002.jpg", "laylAv_normal.jpg"] {
        std::fs::copy(&photo, saved.join("thread-middle_files").join(name)).unwrap();
    }

    let out = home.path().join("out");
    let output = studio(
        home.path(),
        &[
            "render".as_ref(),
            page.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--platform".as_ref(),
            "linkedin".as_ref(),
        ],
    );
    assert!(output.status.success(), "failed: {}", stderr(&output));
    assert!(
        !stderr(&output).contains("thread-middle_files"),
        "every image was found: {}",
        stderr(&output)
    );
    let saved_pdf = out.join("layla_h-1900000000000000301.pdf");
    let saved_post = out.join("layla_h-1900000000000000301-post.txt");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("{}\n{}", saved_pdf.display(), saved_post.display())
    );
    assert!(std::fs::metadata(&saved_pdf).unwrap().len() > 1000);

    // An "HTML only" save is refused before anything is written.
    let output = studio(
        home.path(),
        &[
            "render".as_ref(),
            fixture("shell-html-only.html").as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ],
    );
    assert_one_line_error(&output, &["Webpage, Complete"]);
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        2,
        "only the first render's PDF and post text"
    );
}

mod common;

/// The companion binary, with HOME pointing at `home` so no real store or Downloads is touched.
fn studio(home: &Path, args: &[&std::ffi::OsStr]) -> Output {
    common::studio(home)
        .args(args)
        .output()
        .expect("the binary runs")
}
