//! The native-messaging host, spawned as a browser would: the real binary over pipes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use protocol::{MAX_FROM_BROWSER, chrome_origin, read_frame};
use serde_json::{Value, json};
use tempfile::TempDir;

mod common;
use common::entries;

const TIMEOUT: Duration = Duration::from_secs(60);

/// A running host with a temp HOME, its stdin, and its replies arriving on a channel.
struct Host {
    child: Child,
    stdin: Option<ChildStdin>,
    replies: mpsc::Receiver<Value>,
    home: TempDir,
}

impl Host {
    fn start(args: &[&str]) -> Host {
        Host::start_with(args, |_| {})
    }

    fn start_with(args: &[&str], setup: impl FnOnce(&mut Command)) -> Host {
        let home = TempDir::new().unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_carousel-studio"));
        command
            .args(args)
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join(".config"))
            .env_remove("USERPROFILE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        setup(&mut command);
        let mut child = command.spawn().expect("the binary starts");
        let mut stdout = child.stdout.take().unwrap();
        let (tx, replies) = mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(Some(body)) = read_frame(&mut stdout, 1024 * 1024) {
                let value: Value = serde_json::from_slice(&body).expect("replies are JSON");
                if tx.send(value).is_err() {
                    break;
                }
            }
        });
        Host {
            stdin: child.stdin.take(),
            child,
            replies,
            home,
        }
    }

    fn allowed() -> Host {
        Host::start(&[&chrome_origin()])
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send_frame(&mut self, body: &[u8]) {
        let mut frame = (body.len() as u32).to_ne_bytes().to_vec();
        frame.extend_from_slice(body);
        self.send_raw(&frame);
    }

    fn send(&mut self, message: &Value) {
        self.send_frame(message.to_string().as_bytes());
    }

    fn recv(&self) -> Value {
        self.replies
            .recv_timeout(TIMEOUT)
            .expect("a reply within the timeout")
    }

    /// Closes stdin (the browser going away) and waits for the exit code.
    fn close(&mut self) -> i32 {
        drop(self.stdin.take());
        self.child.wait().unwrap().code().unwrap_or(-1)
    }

    fn downloads(&self) -> PathBuf {
        self.home.path().join("Downloads")
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bundled sample as thread JSON with every image inlined as a `data:` URL, as the
/// extension sends it.
fn sample_thread() -> Value {
    let sample = carousel_studio::input::sample();
    let mut thread = sample.thread.clone();
    export::images::resolve_thread(&mut thread, sample.image_base(), |r, e| {
        panic!("sample image {r}: {e}")
    });
    serde_json::to_value(&thread).unwrap()
}

#[test]
fn ping_gets_pong_with_the_version() {
    let mut host = Host::allowed();
    host.send(&json!({"type": "ping", "id": "p1"}));
    let pong = host.recv();
    assert_eq!(pong["type"], "pong");
    assert_eq!(pong["id"], "p1");
    assert_eq!(pong["version"], env!("CARGO_PKG_VERSION"));
    let capabilities = pong["capabilities"].as_array().unwrap();
    assert!(capabilities.contains(&json!("render")));
    assert_eq!(host.close(), 0);
}

#[test]
fn firefox_launches_are_served_too() {
    let mut host = Host::start(&[
        "/home/u/.mozilla/native-messaging-hosts/studio.carousel.companion.json",
        "carousel-studio@carousel.studio",
    ]);
    host.send(&json!({"type": "ping", "id": "f"}));
    assert_eq!(host.recv()["type"], "pong");
    assert_eq!(host.close(), 0);
}

#[test]
fn two_concurrent_renders_both_finish_and_reads_go_on_meanwhile() {
    let mut host = Host::allowed();
    let thread = sample_thread();
    host.send(&json!({"type": "render", "id": "a", "thread": thread}));
    host.send(&json!({"type": "render", "id": "b", "thread": thread,
                      "options": {"platform": "linkedin"}}));
    host.send(&json!({"type": "ping", "id": "during"}));
    let mut progress = [0, 0];
    let mut saved: Vec<(String, Vec<PathBuf>)> = Vec::new();
    let mut pong_before_last_saved = false;
    while saved.len() < 2 {
        let reply = host.recv();
        let id = reply["id"].as_str().unwrap().to_owned();
        match reply["type"].as_str().unwrap() {
            "progress" => {
                assert!(reply["done"].as_u64().unwrap() <= reply["total"].as_u64().unwrap());
                progress[usize::from(id == "b")] += 1;
            }
            "saved" => {
                let files = reply["files"].as_array().unwrap();
                let files = files.iter().map(|f| PathBuf::from(f.as_str().unwrap()));
                saved.push((id, files.collect()));
            }
            "pong" => pong_before_last_saved = true,
            other => panic!("unexpected reply {other}: {reply}"),
        }
    }
    assert!(progress[0] > 0 && progress[1] > 0, "progress: {progress:?}");
    assert!(
        pong_before_last_saved,
        "the ping was answered while renders ran"
    );
    saved.sort();
    let downloads = std::fs::canonicalize(host.downloads()).unwrap();
    assert_eq!(saved[0].1.len(), 3, "a: PDF, ZIP and post text");
    assert_eq!(saved[1].1.len(), 2, "b: PDF and post text");
    for (_, files) in &saved {
        for file in files {
            assert!(file.is_absolute() && file.is_file(), "{}", file.display());
            assert_eq!(file.parent().unwrap(), downloads);
        }
    }
    assert_eq!(saved[1].1[0].extension().unwrap(), "pdf");
    assert_eq!(host.close(), 0);
    assert_eq!(entries(&downloads).len(), 5, "{:?}", entries(&downloads));
}

/// The studio sends a deck (its own design and slides): the host renders exactly those slides
/// with that design, resolving no local files.
#[test]
fn a_deck_is_rendered_with_its_own_design_and_slides() {
    let mut host = Host::allowed();
    let thread = sample_thread();
    let first = thread["posts"][0]["id"].clone();
    let second = thread["posts"][1]["id"].clone();
    let deck = json!({
        "deck_version": 1,
        "url": thread["url"],
        "design": {"ratio": "linkedin-square", "theme": "midnight", "template": "posts"},
        "posts": thread["posts"],
        "slides": [
            {"kind": "text", "title": "My own title", "text": "Written in the studio."},
            {"kind": "post", "posts": [{"id": first}, {"id": second, "part": "text"}]},
            {"kind": "outro"}
        ]
    });
    host.send(&json!({"type": "render", "id": "deck", "deck": deck,
                      "options": {"platform": "linkedin"}}));
    let mut last_progress = None;
    let files = loop {
        let reply = host.recv();
        assert_eq!(reply["id"], "deck", "{reply}");
        match reply["type"].as_str().unwrap() {
            "progress" => last_progress = Some((reply["done"].clone(), reply["total"].clone())),
            "saved" => break reply["files"].as_array().unwrap().clone(),
            other => panic!("unexpected reply {other}: {reply}"),
        }
    };
    // Three deck slides; two posts on one slide may continue onto a fourth.
    let (done, total) = last_progress.expect("progress was reported");
    assert_eq!(done, total);
    let total = total.as_u64().unwrap();
    assert!((3..=4).contains(&total), "{total} slides");
    assert_eq!(
        files.len(),
        2,
        "LinkedIn's PDF and the post text: {files:?}"
    );
    let pdf = PathBuf::from(files[0].as_str().unwrap());
    assert_eq!(pdf.extension().unwrap(), "pdf");
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains(&format!("Pages:           {total}")),
        "{info}"
    );
    assert!(info.contains("1080 x 1080 pts"), "square pages: {info}");
    // A deck naming a post it does not carry is refused before any work.
    let bad = json!({"deck_version": 1, "posts": [],
                     "slides": [{"kind": "post", "posts": [{"id": "404"}]}]});
    host.send(&json!({"type": "render", "id": "bad", "deck": bad}));
    let reply = host.recv();
    assert_eq!(
        (&reply["code"], &reply["id"]),
        (&json!("bad_request"), &json!("bad"))
    );
    assert!(
        reply["message"].as_str().unwrap().contains("404"),
        "{reply}"
    );
    assert_eq!(host.close(), 0);
}

#[test]
fn malformed_messages_get_errors_and_the_host_keeps_serving() {
    let mut host = Host::allowed();
    let cases: [(&[u8], &str, Value); 7] = [
        (b"{oops", "bad_json", Value::Null),
        (b"\xff\xfe\x00", "bad_json", Value::Null),
        (b"", "bad_json", Value::Null),
        (br#"{"type":"launch","id":"u"}"#, "unknown_type", json!("u")),
        (br#"{"type":"render","id":"m"}"#, "bad_request", json!("m")),
        (
            br#"{"type":"render","id":"d","deck":{"deck_version":1}}"#,
            "bad_request",
            json!("d"),
        ),
        (br#"{"type":"ping"}"#, "bad_request", Value::Null),
    ];
    for (body, code, id) in cases {
        host.send_frame(body);
        let reply = host.recv();
        assert_eq!(reply["type"], "error", "{reply}");
        assert_eq!(reply["code"], code, "{reply}");
        assert_eq!(reply["id"], id, "{reply}");
        assert!(!reply["message"].as_str().unwrap().is_empty());
        host.send(&json!({"type": "ping", "id": "next"}));
        assert_eq!(host.recv()["type"], "pong");
    }
    // The browser never picks the folder.
    host.send(
        &json!({"type": "render", "id": "o", "thread": sample_thread(),
                      "options": {"out": "/tmp"}}),
    );
    assert_eq!(host.recv()["code"], "bad_request");
    assert_eq!(host.close(), 0);
}

#[test]
fn a_foreign_origin_is_refused() {
    let mut host = Host::start(&["chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"]);
    host.send(&json!({"type": "ping", "id": "1"}));
    let reply = host.recv();
    assert_eq!(
        (&reply["type"], &reply["code"], &reply["id"]),
        (&json!("error"), &json!("forbidden_origin"), &json!("1"))
    );
    host.send(&json!({"type": "render", "id": "2", "thread": sample_thread()}));
    assert_eq!(host.recv()["code"], "forbidden_origin");
    assert_eq!(host.close(), 0);
    assert!(entries(&host.downloads()).is_empty());
}

#[test]
fn without_a_caller_a_piped_host_refuses_everything() {
    let mut host = Host::start(&[]);
    host.send(&json!({"type": "ping", "id": "1"}));
    assert_eq!(host.recv()["code"], "forbidden_origin");
    assert_eq!(host.close(), 0);
}

#[test]
fn an_over_cap_length_gets_too_large_and_the_host_exits() {
    let mut host = Host::allowed();
    host.send(&json!({"type": "ping", "id": "1"}));
    assert_eq!(host.recv()["type"], "pong");
    // Only the length: the host must refuse it without waiting for (or allocating) a body.
    host.send_raw(&(MAX_FROM_BROWSER as u32 + 1).to_ne_bytes());
    let reply = host.recv();
    assert_eq!(
        (&reply["code"], &reply["id"]),
        (&json!("too_large"), &Value::Null)
    );
    let status = host.child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn eof_during_a_render_finishes_it_and_leaves_no_temp_files() {
    let mut host = Host::allowed();
    host.send(&json!({"type": "render", "id": "r", "thread": sample_thread()}));
    assert_eq!(host.close(), 0);
    let names = entries(&host.downloads());
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with('.') && !n.ends_with(".part")),
        "{names:?}"
    );
    // The render was either finished (all three files) or never started: nothing half-written.
    assert!(names.len() == 3 || names.is_empty(), "{names:?}");
}

#[test]
fn eof_right_away_exits_cleanly() {
    let mut host = Host::allowed();
    assert_eq!(host.close(), 0);
}

#[cfg(target_os = "linux")]
#[test]
fn reveal_opens_only_files_the_companion_saved_or_in_downloads() {
    use std::os::unix::fs::PermissionsExt;

    let bin = TempDir::new().unwrap();
    let marker = bin.path().join("opened");
    let script = bin.path().join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", marker.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut host = Host::start_with(&[&chrome_origin()], |command| {
        command.env("PATH", &path);
    });
    host.send(
        &json!({"type": "render", "id": "r", "thread": sample_thread(),
                      "options": {"platform": "linkedin"}}),
    );
    let saved = loop {
        let reply = host.recv();
        if reply["type"] == "saved" {
            break reply["files"][0].as_str().unwrap().to_owned();
        }
        assert_eq!(reply["type"], "progress", "{reply}");
    };
    host.send(&json!({"type": "reveal", "id": "v", "path": saved}));
    assert_eq!(host.recv(), json!({"type": "revealed", "id": "v"}));
    let start = std::time::Instant::now();
    while !marker.exists() && start.elapsed() < TIMEOUT {
        std::thread::sleep(Duration::from_millis(20));
    }
    let opened = std::fs::read_to_string(&marker).unwrap();
    assert_eq!(
        Path::new(&opened),
        Path::new(&saved).parent().unwrap(),
        "the folder is opened"
    );
    for path in ["/etc/passwd", "relative.pdf", "/nonexistent/x.pdf"] {
        host.send(&json!({"type": "reveal", "id": "x", "path": path}));
        let reply = host.recv();
        assert_eq!(
            (&reply["code"], &reply["id"]),
            (&json!("bad_request"), &json!("x"))
        );
    }
    assert_eq!(host.close(), 0);
}

/// The studio and the options page read and save profiles and presets through the host, and
/// one-click renders a thread with the default preset.
#[test]
fn profiles_and_presets_go_through_the_store_and_one_click_uses_the_default() {
    let mut host = Host::allowed();
    host.send(&json!({"type": "store", "id": "s1"}));
    let reply = host.recv();
    assert_eq!(reply["type"], "store", "{reply}");
    assert_eq!(reply["profiles"], json!([]));
    assert_eq!(reply["default_preset"], Value::Null);

    host.send(&json!({"type": "save_profile", "id": "p",
                      "profile": {"name": "Acme", "display_name": "Acme Inc", "handle": "acme"}}));
    assert_eq!(host.recv(), json!({"type": "stored", "id": "p"}));
    host.send(&json!({"type": "save_preset", "id": "q", "default": true,
                      "preset": {"name": "Dark square", "ratio": "linkedin-square",
                                 "theme": "midnight", "template": "posts", "profile": "Acme"}}));
    assert_eq!(host.recv(), json!({"type": "stored", "id": "q"}));
    // A preset naming a theme that does not exist is refused, and the store is unchanged.
    host.send(&json!({"type": "save_preset", "id": "bad",
                      "preset": {"name": "Nope", "theme": "no-such-theme"}}));
    let reply = host.recv();
    assert_eq!(
        (&reply["code"], &reply["id"]),
        (&json!("bad_request"), &json!("bad")),
        "{reply}"
    );
    assert!(
        reply["message"].as_str().unwrap().contains("no-such-theme"),
        "{reply}"
    );

    host.send(&json!({"type": "store", "id": "s2"}));
    let reply = host.recv();
    assert_eq!(reply["profiles"][0]["display_name"], "Acme Inc", "{reply}");
    assert_eq!(reply["presets"].as_array().unwrap().len(), 1, "{reply}");
    assert_eq!(reply["default_preset"], "Dark square");
    let store = host.home.path().join(".config/carousel-studio/store.json");
    assert!(store.is_file(), "the store is the CLI's file");

    // One click: a thread with no preset named gets the default preset (square, midnight).
    host.send(
        &json!({"type": "render", "id": "r", "thread": sample_thread(),
                      "options": {"platform": "linkedin"}}),
    );
    let files = loop {
        let reply = host.recv();
        match reply["type"].as_str().unwrap() {
            "progress" => {}
            "saved" => break reply["files"].as_array().unwrap().clone(),
            other => panic!("unexpected reply {other}: {reply}"),
        }
    };
    let info = Command::new("pdfinfo")
        .arg(files[0].as_str().unwrap())
        .output()
        .expect("pdfinfo runs (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("1080 x 1080 pts"),
        "the default preset's square pages: {info}"
    );
    // Naming a preset that does not exist fails the render with a message that says so.
    host.send(
        &json!({"type": "render", "id": "r2", "thread": sample_thread(),
                      "options": {"preset": "Missing"}}),
    );
    let reply = host.recv();
    assert_eq!(reply["code"], "render_failed", "{reply}");
    assert!(
        reply["message"].as_str().unwrap().contains("Missing"),
        "{reply}"
    );

    // A profile a preset uses is kept, and the error names the preset.
    host.send(&json!({"type": "remove_profile", "id": "rp", "name": "acme"}));
    let reply = host.recv();
    assert_eq!(reply["code"], "bad_request", "{reply}");
    assert!(
        reply["message"].as_str().unwrap().contains("Dark square"),
        "{reply}"
    );
    // Removing the default preset unsets the default; then the profile can go.
    host.send(&json!({"type": "remove_preset", "id": "rq", "name": "dark SQUARE"}));
    assert_eq!(host.recv(), json!({"type": "stored", "id": "rq"}));
    host.send(&json!({"type": "remove_profile", "id": "rp2", "name": "Acme"}));
    assert_eq!(host.recv(), json!({"type": "stored", "id": "rp2"}));
    host.send(&json!({"type": "remove_preset", "id": "rq2", "name": "Dark square"}));
    let reply = host.recv();
    assert_eq!(reply["code"], "bad_request", "{reply}");
    assert!(
        reply["message"]
            .as_str()
            .unwrap()
            .contains("no preset named")
    );
    host.send(&json!({"type": "store", "id": "s3"}));
    let reply = host.recv();
    assert_eq!(
        (
            &reply["profiles"],
            &reply["presets"],
            &reply["default_preset"]
        ),
        (&json!([]), &json!([]), &Value::Null),
        "{reply}"
    );
    assert!(
        host.home
            .path()
            .join(".config/carousel-studio/store.json.bak")
            .is_file(),
        "every save keeps the previous store"
    );
    assert_eq!(host.close(), 0);
}

// ---------------------------------------------------------------------------------------------
// Hostile input: regression tests named after what a security review found.

/// A PNG of `width` × `height` noise (it does not compress), as bytes.
fn noise_png(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let image = image::RgbaImage::from_fn(width, height, |x, y| {
        let n = (x.wrapping_mul(73_856_093) ^ y.wrapping_mul(19_349_663) ^ seed)
            .wrapping_mul(2_654_435_761);
        image::Rgba(n.to_le_bytes())
    });
    let mut out = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn data_url(png: &[u8]) -> String {
    use base64::Engine;
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    )
}

fn write_store(host: &Host, store: &Value) {
    let dir = host.home.path().join(".config/carousel-studio");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("store.json"), store.to_string()).unwrap();
}

/// Reads replies until the final one for `id`, returning it and the progress replies seen.
fn final_reply(host: &Host, id: &str) -> (Value, Vec<Value>) {
    let mut progress = Vec::new();
    loop {
        let reply = host.recv();
        if reply["id"] != id {
            continue;
        }
        if reply["type"] == "progress" {
            progress.push(reply);
            continue;
        }
        return (reply, progress);
    }
}

#[test]
fn a_profile_naming_a_local_file_is_refused_at_save() {
    let mut host = Host::allowed();
    let secret = host.home.path().join("secret.png");
    std::fs::write(&secret, noise_png(8, 8, 1)).unwrap();
    for avatar in [
        secret.display().to_string(),
        format!("file://{}", secret.display()),
        "http://127.0.0.1/a.png".to_owned(),
        "https://localhost/a.png".to_owned(),
    ] {
        host.send(&json!({"type": "save_profile", "id": "p",
                          "profile": {"name": "Acme", "avatar": avatar}}));
        let reply = host.recv();
        assert_eq!(reply["type"], "error", "{avatar}: {reply}");
        assert_eq!(reply["code"], "bad_request");
        assert!(
            reply["message"].as_str().unwrap().contains("avatar"),
            "{reply}"
        );
    }
    // A data: URL is checked and kept.
    host.send(&json!({"type": "save_profile", "id": "ok",
                      "profile": {"name": "Acme", "avatar": data_url(&noise_png(8, 8, 2))}}));
    assert_eq!(host.recv()["type"], "stored");
    assert_eq!(host.close(), 0);
}

#[test]
fn a_stored_profile_naming_a_path_is_never_read_by_a_one_click_render() {
    let mut host = Host::allowed();
    // What an older version or an imported file may have left in the store: a FIFO (which
    // would block the host forever on open) and /dev/zero (which never ends).
    let fifo = host.home.path().join("avatar.png");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    write_store(
        &host,
        &json!({"schema": 1, "default_preset": "Client",
                "profiles": [{"name": "Acme", "display_name": "Acme", "handle": "acme",
                              "avatar": fifo.display().to_string(), "logo": "/dev/zero"}],
                "presets": [{"name": "Client", "theme": "paper", "profile": "Acme"}]}),
    );
    host.send(
        &json!({"type": "render", "id": "r", "thread": sample_thread(),
                      "options": {"platform": "linkedin"}}),
    );
    let (reply, _) = final_reply(&host, "r");
    assert_eq!(reply["type"], "saved", "{reply}");
    let warnings = reply["warnings"]
        .as_array()
        .expect("warnings reach the browser");
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.as_str().unwrap().contains("image was left out"))
            .count(),
        1,
        "one warning for both images: {warnings:?}"
    );
    assert_eq!(host.close(), 0);
}

#[test]
fn an_over_long_id_gets_a_null_id_and_the_host_keeps_answering() {
    let mut host = Host::allowed();
    let id = "i".repeat(2 * 1024 * 1024);
    host.send(&json!({"type": "ping", "id": id}));
    let reply = host.recv();
    assert_eq!(reply["type"], "error");
    assert_eq!(reply["id"], Value::Null);
    host.send(&json!({"type": "ping", "id": "after"}));
    let pong = host.recv();
    assert_eq!(
        (pong["type"].as_str(), pong["id"].as_str()),
        (Some("pong"), Some("after"))
    );
    assert_eq!(host.close(), 0);
}

#[test]
fn a_preset_pipelined_after_the_profile_it_uses_is_saved() {
    let mut host = Host::allowed();
    for round in 0..5 {
        let profile = format!("Client {round}");
        host.send(&json!({"type": "save_profile", "id": format!("a{round}"),
                          "profile": {"name": profile, "handle": "client"}}));
        host.send(
            &json!({"type": "save_preset", "id": format!("b{round}"), "default": true,
                          "preset": {"name": format!("Look {round}"), "theme": "paper",
                                     "profile": profile}}),
        );
    }
    for round in 0..5 {
        for id in [format!("a{round}"), format!("b{round}")] {
            let reply = host.recv();
            assert_eq!(reply["id"], id.as_str(), "replies come in order: {reply}");
            assert_eq!(reply["type"], "stored", "{reply}");
        }
    }
    assert_eq!(host.close(), 0);
}

#[test]
fn a_store_too_large_for_one_message_comes_in_parts() {
    let mut host = Host::allowed();
    // Eight profiles of about 350 KB each: no single message could hold them.
    let profiles: Vec<Value> = (0..8)
        .map(|n| json!({"name": format!("P{n}"), "avatar": data_url(&noise_png(300, 290, n))}))
        .collect();
    write_store(
        &host,
        &json!({"schema": 1, "profiles": profiles, "presets": [
        {"name": "Look", "theme": "paper"}]}),
    );
    host.send(&json!({"type": "store", "id": "s"}));
    let mut names = Vec::new();
    let mut parts = 0;
    loop {
        let reply = host.recv();
        assert_eq!(
            (reply["type"].as_str(), reply["id"].as_str()),
            (Some("store"), Some("s"))
        );
        parts += 1;
        for profile in reply["profiles"].as_array().unwrap() {
            assert!(
                profile["avatar"]
                    .as_str()
                    .unwrap()
                    .starts_with("data:image/png")
            );
            names.push(profile["name"].as_str().unwrap().to_owned());
        }
        if reply["more"] != true {
            assert_eq!(reply["presets"][0]["name"], "Look");
            break;
        }
    }
    assert!(parts >= 3, "{parts} parts");
    assert_eq!(names, (0..8).map(|n| format!("P{n}")).collect::<Vec<_>>());
    assert_eq!(host.close(), 0);
}

#[test]
fn renders_beyond_the_limit_wait_and_are_told_their_place() {
    let mut host = Host::allowed();
    let thread = sample_thread();
    for id in ["a", "b", "c", "d"] {
        host.send(&json!({"type": "render", "id": id, "thread": thread,
                          "options": {"platform": "linkedin"}}));
    }
    let mut queued = Vec::new();
    let mut saved = 0;
    while saved < 4 {
        let reply = host.recv();
        match reply["type"].as_str().unwrap() {
            "progress" => {
                if let Some(place) = reply["queued"].as_u64() {
                    queued.push((reply["id"].as_str().unwrap().to_owned(), place));
                }
            }
            "saved" => saved += 1,
            other => panic!("unexpected {other}: {reply}"),
        }
    }
    queued.sort();
    assert_eq!(queued, [("c".to_owned(), 1), ("d".to_owned(), 2)]);
    assert_eq!(host.close(), 0);
}

#[test]
fn a_pixel_bomb_is_left_out_with_a_warning_and_the_host_survives() {
    let mut host = Host::allowed();
    // 60000 × 60000 declared in the header of a tiny file: 14 GB if it were decoded.
    let mut bomb = noise_png(1, 1, 3);
    bomb[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    let mut thread = sample_thread();
    thread["posts"][0]["images"] = json!([data_url(&bomb)]);
    host.send(&json!({"type": "render", "id": "r", "thread": thread,
                      "options": {"platform": "instagram"}}));
    let (reply, _) = final_reply(&host, "r");
    assert_eq!(reply["type"], "saved", "{reply}");
    let warnings = reply["warnings"].to_string();
    assert!(warnings.contains("megapixel"), "{warnings}");
    host.send(&json!({"type": "ping", "id": "alive"}));
    assert_eq!(host.recv()["type"], "pong");
    assert_eq!(host.close(), 0);
}

#[test]
fn more_slides_than_instagram_shows_warn_in_the_reply() {
    let mut host = Host::allowed();
    let mut thread = sample_thread();
    let first = thread["posts"][1].clone();
    let posts: Vec<Value> = (0..24)
        .map(|n| {
            let mut post = first.clone();
            post["id"] = json!(format!("{}", 1000 + n));
            post["images"] = json!([]);
            post["text"] = json!(format!("Point {n}: short."));
            post
        })
        .collect();
    thread["posts"] = json!(posts);
    host.send(&json!({"type": "render", "id": "r", "thread": thread,
                      "options": {"platform": "instagram"}}));
    let (reply, _) = final_reply(&host, "r");
    assert_eq!(reply["type"], "saved", "{reply}");
    assert!(
        reply["warnings"].to_string().contains("at most 20"),
        "{reply}"
    );
    assert_eq!(host.close(), 0);
}

#[test]
fn what_the_thread_lacks_is_said_in_the_saved_reply_for_the_toast() {
    let mut host = Host::allowed();
    let mut thread = sample_thread();
    thread["left_out"] = json!({"unavailable_posts": 1, "hidden_sensitive_photos": 2});
    thread["posts"][1]["truncated"] = json!(true);
    host.send(&json!({"type": "render", "id": "r", "thread": thread,
                      "options": {"platform": "linkedin"}}));
    let (reply, _) = final_reply(&host, "r");
    assert_eq!(reply["type"], "saved", "{reply}");
    let warnings = reply["warnings"].to_string();
    for said in [
        "1 post was unavailable",
        "2 sensitive photos were not revealed",
        "1 post could not be expanded",
    ] {
        assert!(warnings.contains(said), "{said} in {warnings}");
    }
    assert_eq!(host.close(), 0);
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_host_at_once_and_leaves_no_partial_file() {
    let mut host = Host::allowed();
    host.send(&json!({"type": "ping", "id": "up"}));
    assert_eq!(host.recv()["type"], "pong");
    host.send(&json!({"type": "render", "id": "r", "thread": sample_thread()}));
    // The shell's own `kill`, so the test needs no procps.
    let status = Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", host.child.id())])
        .status()
        .unwrap();
    assert!(status.success());
    let code = host.child.wait().unwrap().code();
    assert_eq!(code, Some(0), "the host exits by itself on SIGTERM");
    let left: Vec<String> = entries(&host.downloads())
        .into_iter()
        .filter(|name| name.ends_with(".part"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
