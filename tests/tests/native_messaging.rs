//! End to end: headless Chromium with the extension loaded opens a `connectNative` port to the
//! real companion, registered with `carousel-studio install --user-data-dir`, and gets `pong`.
//!
//! Needs `chromium` and `chromium-driver` (Debian); CHROMIUM / CHROMEDRIVER override the paths.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use shared::protocol::EXTENSION_ID;

const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// The companion binary: CAROUSEL_STUDIO_BIN, else the one beside this test in the target
/// folder (built with `cargo build -p carousel-studio` when missing).
fn companion() -> PathBuf {
    if let Some(path) = std::env::var_os("CAROUSEL_STUDIO_BIN") {
        return PathBuf::from(path);
    }
    // <target>/debug/deps/native_messaging-… → <target>/debug/carousel-studio
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let bin = profile_dir.join(format!("carousel-studio{}", std::env::consts::EXE_SUFFIX));
    if !bin.is_file() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "-p", "carousel-studio"])
            .current_dir(repo_root())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cargo build -p carousel-studio failed");
    }
    assert!(
        bin.is_file(),
        "{} is missing; set CAROUSEL_STUDIO_BIN",
        bin.display()
    );
    bin
}

fn tool(var: &str, candidates: &[&str], package: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(var) {
        return PathBuf::from(path);
    }
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!(
                "{} not found (looked at {candidates:?}): install it with \
                 `apt-get install {package}` or set {var}",
                candidates[0]
            )
        })
}

/// The built extension (CAROUSEL_EXTENSION_DIR, else `dist/extension/` from `cargo xtask
/// build`): its service worker imports the WASM scraper, so the static files alone do not load.
fn extension_dir() -> PathBuf {
    let dist = std::env::var_os("CAROUSEL_EXTENSION_DIR")
        .map_or_else(|| repo_root().join("dist/extension"), PathBuf::from);
    for file in [
        "manifest.json",
        "pkg/carousel_scraper_bg.wasm",
        "diagnostics.html",
    ] {
        assert!(
            dist.join(file).is_file(),
            "{} is missing: build the extension first with `cargo xtask build` \
             (`cargo xtask test` does it for you)",
            dist.join(file).display()
        );
    }
    dist
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_extension_pings_the_companion_through_native_messaging() {
    let chromium = tool(
        "CHROMIUM",
        &["/usr/lib/chromium/chromium", "/usr/bin/chromium"],
        "chromium",
    );
    let chromedriver = tool(
        "CHROMEDRIVER",
        &["/usr/bin/chromedriver"],
        "chromium-driver",
    );
    let companion = companion();
    let temp = tempfile::tempdir().unwrap();
    let extension = extension_dir();
    let profile = temp.path().join("profile");

    let install = Command::new(&companion)
        .arg("install")
        .arg("--user-data-dir")
        .arg(&profile)
        .output()
        .unwrap();
    assert!(
        install.status.success(),
        "install failed: {}",
        String::from_utf8_lossy(&install.stderr)
    );

    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _driver = Killed(
        Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {}: {err}", chromedriver.display())),
    );
    let start = Instant::now();
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let args: Vec<String> = CHROME_ARGS
        .iter()
        .map(|arg| (*arg).to_owned())
        .chain([
            format!("--load-extension={}", extension.display()),
            format!("--disable-extensions-except={}", extension.display()),
            format!("--user-data-dir={}", profile.display()),
        ])
        .collect();
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({"binary": chromium, "args": args}),
    );

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let text = runtime.block_on(async {
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("Chromium starts through chromedriver");
        let result = async {
            client
                .goto(&format!(
                    "chrome-extension://{EXTENSION_ID}/diagnostics.html"
                ))
                .await?;
            let start = Instant::now();
            loop {
                let pre = client.find(Locator::Css("#result")).await?;
                let state = pre.attr("data-state").await?;
                if state.as_deref() != Some("pending") || start.elapsed() > Duration::from_secs(20)
                {
                    return pre.text().await;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        .await;
        let _ = client.close().await;
        result.expect("the diagnostics page shows a result")
    });
    let reply: Value = serde_json::from_str(&text)
        .unwrap_or_else(|err| panic!("the page shows JSON ({err}): {text}"));
    assert_eq!(reply["type"], "pong", "{reply}");
    assert_eq!(reply["version"], env!("CARGO_PKG_VERSION"), "{reply}");
}
