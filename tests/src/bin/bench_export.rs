//! Export benchmark: the companion's whole export against a warm headless Chromium.
//!
//! Run with `cargo build --release -p carousel-studio` first, then
//! `cargo run --release -p carousel-tests --bin bench_export [-- --runs N]`.
//!
//! (a) Runs `carousel-studio render --sample --out <tmp>` as a fresh process N times (after two
//!     warm-ups): median and p90 wall time, peak RSS of the child.
//! (b) Starts chromedriver and one headless Chromium, loads one page that registers the bundled
//!     fonts under the family names the SVG uses, and screenshots each of the sample's slide
//!     SVGs (from `render --sample --svg DIR`) at 1080×1350: the approach most carousel tools
//!     take. Chromium is warm: a warm-up pass runs before timing.
//! (c) Prints a Markdown table for `docs/benchmarks.md`.
//!
//! Not a test: timings on a shared machine are not pass/fail material.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::io::Write as _;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use carousel_tests::{CHROME_ARGS, Killed};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

const WARMUPS: usize = 2;
const DEFAULT_RUNS: usize = 15;
const VIEWPORT: (u32, u32) = (1080, 1350);

/// The bundled fonts and the family/weight the layout's SVG refers to them by.
const FONTS: &[(&str, &str, u16)] = &[
    ("Inter-Regular.otf", "Inter", 400),
    ("Inter-Bold.otf", "Inter", 700),
    ("NotoSansArabic-Regular.ttf", "Noto Sans Arabic", 400),
    ("NotoSansArabic-Bold.ttf", "Noto Sans Arabic", 700),
    ("NotoSansCJKsc-Regular-subset.otf", "Noto Sans CJK SC", 400),
    ("NotoColorEmoji.ttf", "Noto Color Emoji", 400),
];

/// Beyond the tests' arguments: screenshots of exactly the slide, at 1 px per px.
const SCREENSHOT_ARGS: &[&str] = &["--hide-scrollbars", "--force-device-scale-factor=1"];

type Error = Box<dyn std::error::Error>;
type Result<T, E = Error> = std::result::Result<T, E>;

/// Set in the environment of the fresh child process that runs the benchmark, see `main`.
const FRESH_PROCESS: &str = "BENCH_EXPORT_FRESH_PROCESS";

fn main() -> ExitCode {
    // `cargo run` replaces itself with this program (exec), so this process's record of its
    // children's peak RSS already holds the rustc and build-script processes cargo waited for
    // (hundreds of MB). When that record is not empty, run the benchmark in a fresh child whose
    // record starts at zero, so the peak it reports is the companion's alone.
    if env::var_os(FRESH_PROCESS).is_none() && children_max_rss_kib().is_ok_and(|kib| kib > 0) {
        return match env::current_exe().and_then(|exe| {
            Command::new(exe)
                .args(env::args_os().skip(1))
                .env(FRESH_PROCESS, "1")
                .status()
        }) {
            Ok(status) => ExitCode::from(u8::try_from(status.code().unwrap_or(1)).unwrap_or(1)),
            Err(error) => {
                eprintln!("bench_export: error: could not start a fresh process: {error}");
                ExitCode::FAILURE
            }
        };
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench_export: error: {error}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    runs: usize,
    companion: PathBuf,
    chromium: PathBuf,
    chromedriver: PathBuf,
    /// The bundled fonts (`<workspace>/fonts`).
    fonts: PathBuf,
    /// Keep the Chromium screenshots here, to look at them.
    keep_screenshots: Option<PathBuf>,
}

fn parse_args() -> Result<Options> {
    let root = workspace_root();
    let mut options = Options {
        runs: DEFAULT_RUNS,
        companion: env::var_os("CAROUSEL_STUDIO")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                target_dir(&root)
                    .join("release")
                    .join(format!("carousel-studio{}", env::consts::EXE_SUFFIX))
            }),
        chromium: env::var_os("CHROMIUM")
            .map(PathBuf::from)
            .unwrap_or_else(default_chromium),
        chromedriver: env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver")),
        fonts: root.join("fonts"),
        keep_screenshots: None,
    };
    let mut args = env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.to_str() {
            Some("--runs") => {
                let text = value("--runs")?;
                options.runs = text
                    .to_str()
                    .and_then(|text| text.parse().ok())
                    .filter(|&runs: &usize| runs > 0)
                    .ok_or("--runs needs a positive whole number")?;
            }
            Some("--companion") => options.companion = value("--companion")?.into(),
            Some("--chromium") => options.chromium = value("--chromium")?.into(),
            Some("--chromedriver") => options.chromedriver = value("--chromedriver")?.into(),
            Some("--fonts") => options.fonts = value("--fonts")?.into(),
            Some("--keep-screenshots") => {
                options.keep_screenshots = Some(value("--keep-screenshots")?.into());
            }
            Some("-h" | "--help") => {
                eprintln!(
                    "Usage: bench_export [--runs N] [--companion PATH] [--chromium PATH] \
                     [--chromedriver PATH] [--fonts DIR] [--keep-screenshots DIR]\n\
                     Defaults: {DEFAULT_RUNS} runs, target/release/carousel-studio, \
                     /usr/lib/chromium/chromium, /usr/bin/chromedriver \
                     (env CAROUSEL_STUDIO, CHROMIUM, CHROMEDRIVER override the paths)."
                );
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument {arg:?} (try --help)").into()),
        }
    }
    Ok(options)
}

fn run() -> Result<()> {
    let options = parse_args()?;
    check_prerequisites(&options)?;
    let work = tempfile::tempdir()?;

    // (a) The companion, fresh process per export.
    eprintln!(
        "bench_export: companion: {} warm-ups + {} runs of `{} render --sample --out DIR`",
        WARMUPS,
        options.runs,
        options.companion.display()
    );
    let mut export_times = Vec::with_capacity(options.runs);
    let mut outputs = Vec::new();
    for run in 0..WARMUPS + options.runs {
        let out = work.path().join(format!("export-{run}"));
        fs::create_dir(&out)?;
        let (elapsed, files) = export_once(&options.companion, &out, None)?;
        if run >= WARMUPS {
            export_times.push(elapsed);
        }
        outputs = files;
    }
    // Every child so far was the companion and has been waited for, so the children's maximum
    // RSS is the companion's peak over all runs. Read it before any browser process exists.
    let peak_rss_kib = children_max_rss_kib()?;
    let export = Stats::of(&export_times);

    // (b) The same slides through a warm headless Chromium.
    let svg_dir = work.path().join("svg");
    fs::create_dir(&svg_dir)?;
    let out = work.path().join("export-svg");
    fs::create_dir(&out)?;
    export_once(&options.companion, &out, Some(&svg_dir))?;
    let slides = slide_svgs(&svg_dir)?;
    eprintln!(
        "bench_export: chromium: {} slides, 1 warm-up pass + {} timed passes",
        slides.len(),
        options.runs
    );
    let page = work.path().join("page.html");
    fs::write(&page, font_page(&options.fonts)?)?;
    let chromium = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(chromium_bench(&options, &page, &slides))?;

    // (c) The report.
    print_report(&export, peak_rss_kib, &outputs, &chromium, slides.len());
    Ok(())
}

fn check_prerequisites(options: &Options) -> Result<()> {
    if !options.companion.is_file() {
        return Err(format!(
            "{} not found: build it first with `cargo build --release -p carousel-studio` \
             (this benchmark builds nothing itself)",
            options.companion.display()
        )
        .into());
    }
    if !options.chromium.is_file() {
        return Err(format!(
            "Chromium not found at {}: install it with `apt-get install chromium chromium-driver` \
             or point CHROMIUM at the browser binary",
            options.chromium.display()
        )
        .into());
    }
    if !options.chromedriver.is_file() {
        return Err(format!(
            "chromedriver not found at {}: install it with `apt-get install chromium-driver` \
             or point CHROMEDRIVER at it",
            options.chromedriver.display()
        )
        .into());
    }
    Ok(())
}

/// One `render --sample` in a fresh process; returns its wall time and the saved paths.
fn export_once(
    companion: &Path,
    out: &Path,
    svg_dir: Option<&Path>,
) -> Result<(Duration, Vec<PathBuf>)> {
    let mut command = Command::new(companion);
    command.args(["render", "--sample", "--out"]).arg(out);
    if let Some(svg_dir) = svg_dir {
        command.arg("--svg").arg(svg_dir);
    }
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let output = command.spawn()?.wait_with_output()?;
    let elapsed = start.elapsed();
    if !output.status.success() {
        return Err(format!(
            "`{} render --sample` failed ({}): {}",
            companion.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    let files: Vec<PathBuf> = String::from_utf8(output.stdout)?
        .lines()
        .map(PathBuf::from)
        .collect();
    if files.is_empty() {
        return Err("`render --sample` printed no saved paths".into());
    }
    Ok((elapsed, files))
}

/// The largest maximum resident set size among waited-for children, in KiB (Linux units).
fn children_max_rss_kib() -> Result<u64> {
    use nix::sys::resource::{UsageWho, getrusage};
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN)?;
    Ok(u64::try_from(usage.max_rss()).unwrap_or(0))
}

/// The slide SVGs in `dir`, in name order (`01.svg`, `02.svg`, …).
fn slide_svgs(dir: &Path) -> Result<Vec<String>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    paths.retain(|path| path.extension().is_some_and(|ext| ext == "svg"));
    paths.sort();
    if paths.is_empty() {
        return Err(format!(
            "`render --sample --svg {}` wrote no .svg files",
            dir.display()
        )
        .into());
    }
    paths
        .iter()
        .map(|path| fs::read_to_string(path).map_err(Error::from))
        .collect()
}

/// A page with the bundled fonts registered under the layout's family names, as data URLs so
/// that no file:// cross-origin rules get in the way, and a bare container for the slide.
fn font_page(fonts_dir: &Path) -> Result<String> {
    let mut css = String::new();
    for (file, family, weight) in FONTS {
        let path = fonts_dir.join(file);
        let Ok(bytes) = fs::read(&path) else {
            eprintln!(
                "bench_export: warning: {} missing, Chromium falls back",
                path.display()
            );
            continue;
        };
        let mime = if file.ends_with(".otf") {
            "font/otf"
        } else {
            "font/ttf"
        };
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        css.push_str(&format!(
            "@font-face{{font-family:\"{family}\";font-weight:{weight};font-style:normal;\
             src:url(data:{mime};base64,{data});}}\n"
        ));
    }
    Ok(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><style>\n{css}\
         html,body{{margin:0;padding:0;overflow:hidden;background:#fff}}\
         #slide svg{{display:block}}</style></head>\
         <body><div id=\"slide\"></div></body></html>"
    ))
}

struct ChromiumTimes {
    per_slide: Stats,
    per_deck: Stats,
}

async fn chromium_bench(
    options: &Options,
    page: &Path,
    slides: &[String],
) -> Result<ChromiumTimes> {
    let port = free_port()?;
    let _driver = Killed(
        Command::new(&options.chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| {
                format!(
                    "could not start {}: {error}",
                    options.chromedriver.display()
                )
            })?,
    );
    wait_for_port(port, Duration::from_secs(20))?;

    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": options.chromium,
            "args": CHROME_ARGS
                .iter()
                .chain(SCREENSHOT_ARGS)
                .map(|arg| (*arg).to_owned())
                .chain([format!("--window-size={},{}", VIEWPORT.0, VIEWPORT.1)])
                .collect::<Vec<_>>(),
        }),
    );
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .map_err(|error| format!("could not start Chromium through chromedriver: {error}"))?;
    let result = screenshot_slides(&client, options, page, slides).await;
    let _ = client.close().await;
    result
}

async fn screenshot_slides(
    client: &Client,
    options: &Options,
    page: &Path,
    slides: &[String],
) -> Result<ChromiumTimes> {
    client.goto(&format!("file://{}", page.display())).await?;
    fit_viewport(client).await?;
    // Fonts load lazily on first use; make sure all are in before the warm-up pass too.
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             Promise.all([...document.fonts].map(f => f.load())).then(() => done(true), \
             e => done(String(e)));",
            vec![],
        )
        .await?;

    if let Some(dir) = &options.keep_screenshots {
        fs::create_dir_all(dir)?;
    }
    let mut per_slide = Vec::new();
    let mut per_deck = Vec::new();
    for pass in 0..=options.runs {
        let deck_start = Instant::now();
        for (index, svg) in slides.iter().enumerate() {
            let start = Instant::now();
            let png = screenshot_slide(client, svg).await?;
            let elapsed = start.elapsed();
            if pass == 0 {
                check_png_size(&png, index)?;
                if let Some(dir) = &options.keep_screenshots {
                    fs::write(dir.join(format!("{:02}.png", index + 1)), &png)?;
                }
            } else {
                per_slide.push(elapsed);
            }
        }
        if pass > 0 {
            per_deck.push(deck_start.elapsed());
        }
    }
    Ok(ChromiumTimes {
        per_slide: Stats::of(&per_slide),
        per_deck: Stats::of(&per_deck),
    })
}

/// What a carousel tool does per slide: put the slide in the page, wait for fonts and a frame,
/// take a PNG screenshot.
async fn screenshot_slide(client: &Client, svg: &str) -> Result<Vec<u8>> {
    let ready = client
        .execute_async(
            "const [svg, done] = arguments;\
             document.getElementById('slide').innerHTML = svg;\
             document.fonts.ready.then(() => requestAnimationFrame(() => \
             requestAnimationFrame(() => done(true))));",
            vec![Value::String(svg.to_owned())],
        )
        .await?;
    if ready != Value::Bool(true) {
        return Err(format!("slide did not load in Chromium: {ready}").into());
    }
    Ok(client.screenshot().await?)
}

/// Resizes the window so that the viewport, not the window, is exactly 1080×1350.
async fn fit_viewport(client: &Client) -> Result<()> {
    for _ in 0..3 {
        let size = client
            .execute("return [window.innerWidth, window.innerHeight];", vec![])
            .await?;
        let inner = (
            size[0].as_u64().unwrap_or(0) as i64,
            size[1].as_u64().unwrap_or(0) as i64,
        );
        let want = (i64::from(VIEWPORT.0), i64::from(VIEWPORT.1));
        if inner == want {
            return Ok(());
        }
        let (_, _, width, height) = client.get_window_rect().await?;
        let width = (width as i64 + want.0 - inner.0).max(1) as u32;
        let height = (height as i64 + want.1 - inner.1).max(1) as u32;
        client.set_window_size(width, height).await?;
    }
    Err(format!(
        "could not size Chromium's viewport to {}x{}",
        VIEWPORT.0, VIEWPORT.1
    )
    .into())
}

/// Checks the screenshot is a PNG of the viewport size (IHDR width and height).
fn check_png_size(png: &[u8], index: usize) -> Result<()> {
    let field = |at: usize| {
        png.get(at..at + 4)
            .map(|bytes| u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    };
    match (png.starts_with(b"\x89PNG"), field(16), field(20)) {
        (true, Some(width), Some(height)) if (width, height) == VIEWPORT => Ok(()),
        (true, Some(width), Some(height)) => Err(format!(
            "slide {}: Chromium's screenshot is {width}x{height}, expected {}x{}",
            index + 1,
            VIEWPORT.0,
            VIEWPORT.1
        )
        .into()),
        _ => Err(format!("slide {}: Chromium's screenshot is not a PNG", index + 1).into()),
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

fn wait_for_port(port: u16, limit: Duration) -> Result<()> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("chromedriver did not listen on port {port} within {limit:?}").into())
}

#[derive(Debug, Clone, Copy)]
struct Stats {
    median: Duration,
    p90: Duration,
}

impl Stats {
    /// Median and 90th percentile (nearest rank) of a non-empty sample.
    fn of(samples: &[Duration]) -> Self {
        let mut sorted = samples.to_vec();
        sorted.sort();
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        };
        let p90 = sorted[(n * 9).div_ceil(10).saturating_sub(1)];
        Self { median, p90 }
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

#[allow(clippy::print_stdout)] // the report is this binary's output
fn print_report(
    export: &Stats,
    peak_rss_kib: u64,
    outputs: &[PathBuf],
    chromium: &ChromiumTimes,
    slides: usize,
) {
    let sizes: Vec<String> = outputs
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(OsString::from)
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let size = fs::metadata(path).map(|meta| meta.len()).unwrap_or(0);
            format!("{name} {:.0} KB", size as f64 / 1000.0)
        })
        .collect();
    let speedup =
        chromium.per_deck.median.as_secs_f64() / export.median.as_secs_f64().max(f64::EPSILON);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "\nSample deck: {slides} slides at {}x{}; companion output: {}\n",
        VIEWPORT.0,
        VIEWPORT.1,
        sizes.join(", ")
    );
    let _ = writeln!(out, "| What | Median | p90 | Peak RSS |");
    let _ = writeln!(out, "| --- | ---: | ---: | ---: |");
    let _ = writeln!(
        out,
        "| Companion: whole export (PNGs + PDF + ZIP), fresh process | {} | {} | {:.1} MB |",
        ms(export.median),
        ms(export.p90),
        peak_rss_kib as f64 / 1024.0
    );
    let _ = writeln!(
        out,
        "| Warm headless Chromium: one slide screenshot (PNG only) | {} | {} | — |",
        ms(chromium.per_slide.median),
        ms(chromium.per_slide.p90)
    );
    let _ = writeln!(
        out,
        "| Warm headless Chromium: all {slides} slides (PNG only) | {} | {} | — |",
        ms(chromium.per_deck.median),
        ms(chromium.per_deck.p90)
    );
    let _ = writeln!(
        out,
        "| Speed-up: Chromium deck median / companion export median | {speedup:.1}× | | |"
    );
}

fn default_chromium() -> PathBuf {
    let lib = PathBuf::from("/usr/lib/chromium/chromium");
    if lib.is_file() {
        lib
    } else {
        PathBuf::from("/usr/bin/chromium")
    }
}

/// The workspace root, as this crate was built from it (`tests/..`).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn target_dir(root: &Path) -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}
