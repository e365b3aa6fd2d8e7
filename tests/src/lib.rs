//! Helpers shared by the end-to-end tests and the benchmark binaries: finding the companion,
//! the built extension, Chromium and chromedriver, and starting a headless Chromium with the
//! extension loaded through chromedriver.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Map, Value, json};

/// Headless Chromium as the tests run it (root in a container needs `--no-sandbox`).
pub const CHROME_ARGS: &[&str] = &[
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

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repository")
        .to_owned()
}

/// The companion binary: CAROUSEL_STUDIO_BIN, else the one in the running executable's target
/// profile folder, built with `cargo build -p carousel-studio` when missing.
pub fn companion() -> PathBuf {
    if let Some(path) = std::env::var_os("CAROUSEL_STUDIO_BIN") {
        return PathBuf::from(path);
    }
    // Tests run from <target>/<profile>/deps/, binaries from <target>/<profile>/.
    let exe = std::env::current_exe().expect("the running executable's path");
    let mut dir = exe.parent().expect("the executable's folder").to_owned();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let bin = dir.join(format!("carousel-studio{}", std::env::consts::EXE_SUFFIX));
    if !bin.is_file() {
        let release = dir.ends_with("release");
        let mut build = Command::new(env!("CARGO"));
        build.args(["build", "-p", "carousel-studio"]);
        if release {
            build.arg("--release");
        }
        let status = build.current_dir(repo_root()).status().expect("cargo runs");
        assert!(status.success(), "cargo build -p carousel-studio failed");
    }
    assert!(
        bin.is_file(),
        "{} is missing; set CAROUSEL_STUDIO_BIN",
        bin.display()
    );
    bin
}

/// A program from an environment variable or the first of `candidates` that exists; the
/// panic says which Debian package provides it.
pub fn tool(var: &str, candidates: &[&str], package: &str) -> PathBuf {
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

/// How many pages a PDF has, as poppler's `pdfinfo` reads it.
pub fn pdf_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo {}: {text}", pdf.display()))
}

/// A PDF's text, as poppler's `pdftotext` extracts it.
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn chromium() -> PathBuf {
    tool(
        "CHROMIUM",
        &["/usr/lib/chromium/chromium", "/usr/bin/chromium"],
        "chromium",
    )
}

pub fn chromedriver() -> PathBuf {
    tool(
        "CHROMEDRIVER",
        &["/usr/bin/chromedriver"],
        "chromium-driver",
    )
}

/// Whether Chromium and chromedriver are here for the browser tests. Where they must be
/// (`CAROUSEL_REQUIRE_BROWSER`, which `cargo xtask test` sets, or `CI`) a missing one fails the
/// test loudly; elsewhere, as a bare `cargo test` on a developer machine, the test says how to
/// install them and is skipped.
pub fn browser_available() -> bool {
    let found = |var: &str, candidates: &[&str]| {
        std::env::var_os(var).is_some() || candidates.iter().any(|c| Path::new(c).is_file())
    };
    let mut missing = Vec::new();
    if !found(
        "CHROMIUM",
        &["/usr/lib/chromium/chromium", "/usr/bin/chromium"],
    ) {
        missing.push("chromium");
    }
    if !found("CHROMEDRIVER", &["/usr/bin/chromedriver"]) {
        missing.push("chromium-driver");
    }
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "the browser tests need Chromium and chromedriver: install them with \
         `sudo apt-get install -y {}` (Debian) or set CHROMIUM and CHROMEDRIVER",
        missing.join(" ")
    );
    let required = ["CAROUSEL_REQUIRE_BROWSER", "CI"]
        .iter()
        .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty() && v != "0"));
    assert!(!required, "{message}");
    eprintln!("skipped: {message}");
    false
}

/// The built extension (CAROUSEL_EXTENSION_DIR, else `dist/extension-test/` from `cargo xtask
/// build --test-hooks`, the build with the hooks the tests drive it through): its service worker imports the WASM scraper, so the static files alone do not load.
pub fn extension_dir() -> PathBuf {
    let dist = std::env::var_os("CAROUSEL_EXTENSION_DIR")
        .map_or_else(|| repo_root().join("dist/extension-test"), PathBuf::from);
    for file in [
        "manifest.json",
        "pkg/carousel_scraper_bg.wasm",
        "pkg/carousel_studio_ui_bg.wasm",
        "content.js",
        "facts.js",
    ] {
        assert!(
            dist.join(file).is_file(),
            "{} is missing: build the extension first with `cargo xtask build --test-hooks` \
             (`cargo xtask test` does it for you)",
            dist.join(file).display()
        );
    }
    let worker = std::fs::read_to_string(dist.join("service-worker.js")).unwrap_or_default();
    assert!(
        worker.contains("test:menu-click"),
        "{} is a user's build, without the hooks the tests drive it through: build it with \
         `cargo xtask build --test-hooks` (`cargo xtask test` does it for you)",
        dist.display()
    );
    dist
}

/// A child process killed (and reaped) when dropped.
#[derive(Debug)]
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The HOME a test gives the browser and the companion: Downloads and the store live in it.
pub fn home_env(command: &mut Command, home: &Path) {
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"));
}

/// Registers the companion for the Chromium profile at `profile` (`install --user-data-dir`).
pub fn install_companion(profile: &Path, home: &Path) {
    let mut install = Command::new(companion());
    install.arg("install").arg("--user-data-dir").arg(profile);
    home_env(&mut install, home);
    let output = install.output().expect("the companion runs");
    assert!(
        output.status.success(),
        "install failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A running chromedriver; Chromium and the companion it starts inherit its environment.
#[derive(Debug)]
pub struct Driver {
    _child: Killed,
    pub port: u16,
}

impl Driver {
    /// Starts chromedriver on a free port with `home` as HOME and waits until it listens.
    pub fn start(home: &Path) -> Driver {
        let chromedriver = chromedriver();
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .expect("a free local port")
            .port();
        let mut command = Command::new(&chromedriver);
        command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        home_env(&mut command, home);
        let child = Killed(
            command
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
        Driver {
            _child: child,
            port,
        }
    }

    /// Opens a WebDriver session: headless Chromium with the built extension, the profile
    /// folder `profile`, and `extra` arguments.
    /// A start that times out (several browsers starting at once on a small machine) is tried
    /// again, up to three times.
    pub async fn connect(&self, profile: &Path, extra: &[String]) -> Client {
        let mut attempt = 1;
        loop {
            let result = ClientBuilder::new(HttpConnector::new())
                .capabilities(extension_capabilities(profile, extra))
                .connect(&format!("http://127.0.0.1:{}", self.port))
                .await;
            match result {
                Ok(client) => return client,
                Err(err) if attempt < 3 => {
                    eprintln!("Chromium did not start (attempt {attempt}): {err}; trying again");
                    attempt += 1;
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(err) => panic!("Chromium starts through chromedriver: {err}"),
            }
        }
    }
}

/// WebDriver capabilities for headless Chromium with the built extension loaded.
pub fn extension_capabilities(profile: &Path, extra: &[String]) -> Map<String, Value> {
    let extension = extension_dir();
    let args: Vec<String> = CHROME_ARGS
        .iter()
        .map(|arg| (*arg).to_owned())
        .chain([
            format!("--load-extension={}", extension.display()),
            format!("--disable-extensions-except={}", extension.display()),
            format!("--user-data-dir={}", profile.display()),
        ])
        .chain(extra.iter().cloned())
        .collect();
    let mut capabilities = Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({"binary": chromium(), "args": args}),
    );
    capabilities
}

/// A thread JSON from the repository (the bundled sample or a fixture) and the folder its
/// relative image paths point into.
#[derive(Debug, Clone)]
pub struct ThreadFile {
    pub thread: model::Thread,
    pub dir: PathBuf,
}

impl ThreadFile {
    /// Reads and parses `path`; a broken fixture is a bug in the tests, so it panics.
    pub fn read(path: &Path) -> ThreadFile {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let thread = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not a thread: {e}", path.display()));
        let dir = path.parent().expect("a file has a folder").to_owned();
        ThreadFile { thread, dir }
    }

    /// The bundled sample (`assets/sample/thread.json`), the thread `render --sample` renders.
    pub fn sample() -> ThreadFile {
        ThreadFile::read(&repo_root().join("assets/sample/thread.json"))
    }

    /// Where the thread's relative image references point.
    pub fn image_base(&self) -> export::images::ImageBase<'_> {
        export::images::ImageBase::Dir(&self.dir)
    }

    /// The thread with every image inlined as a `data:` URL, as the service worker sends it.
    pub fn resolved(&self) -> model::Thread {
        let mut thread = self.thread.clone();
        export::images::resolve_thread(&mut thread, self.image_base(), |reference, err| {
            panic!("image {reference} of {}: {err}", self.dir.display())
        });
        thread
    }
}
