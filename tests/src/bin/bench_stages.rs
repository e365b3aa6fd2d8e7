//! Where an export's time goes: each stage of `render` timed on its own, one core, for the
//! bundled sample (9 slides) and for a 20-slide thread made from it.
//!
//! Run with `cargo build --release -p carousel-studio` first (for the process-start row), then
//! `cargo run --release -p carousel-tests --bin bench_stages [-- --runs N]`.
//!
//! The stages are the library calls the companion makes, in its order: fonts (the first call
//! of each font set in this process: the layout's shaping fonts, usvg's database), images
//! (the sample's two files, decoded and checked), layout, SVG parse, raster, PNG encode, PDF
//! (krilla, with font subsetting), ZIP and save (synced files in a temporary folder). Each is run
//! on one thread, so the sum is the CPU time of one export; the companion runs parse and raster
//! on every core and the PDF beside the raster, so its wall time is less (`bench_export`).
//!
//! With `BENCH_STAGES_PER_SLIDE=1` it also prints each slide's raster time (on stderr).
//!
//! Not a test: timings on a shared machine are not pass/fail material.

use std::env;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use export::{PdfInfo, fonts, images, pdf, png, save, zip};
use model::{Design, Thread};

type Error = Box<dyn std::error::Error>;
type Result<T, E = Error> = std::result::Result<T, E>;

const DEFAULT_RUNS: usize = 9;
const LONG_DECK_SLIDES: usize = 20;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bench_stages: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The median of `runs` timings of `f`.
fn median<T>(runs: usize, mut f: impl FnMut() -> Result<T>) -> Result<Duration> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(f()?);
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times[times.len() / 2])
}

/// Each stage of one export of `thread`, by name.
fn stages(thread: &Thread, runs: usize) -> Result<(usize, Vec<(&'static str, Duration)>)> {
    let design = Design::default();
    let book = fonts::font_book();
    let carousel = layout::layout_thread(thread, &design, book)?;
    let (width, height) = (carousel.width, carousel.height);
    let layout = median(runs, || Ok(layout::layout_thread(thread, &design, book)?))?;
    let parse_all = || {
        carousel
            .slides
            .iter()
            .enumerate()
            .map(|(index, svg)| export::parse_slide(svg, index + 1))
            .collect::<Result<Vec<_>, _>>()
    };
    let parse = median(runs, || Ok(parse_all()?))?;
    let trees = parse_all()?;
    let raster = median(runs, || {
        trees
            .iter()
            .map(|tree| png::rasterise(tree, width, height))
            .collect::<Result<Vec<_>, _>>()
            .map_err(Error::from)
    })?;
    if env::var_os("BENCH_STAGES_PER_SLIDE").is_some() {
        for (index, tree) in trees.iter().enumerate() {
            let time = median(runs, || Ok(png::rasterise(tree, width, height)?))?;
            eprintln!("slide {:02}: raster {}", index + 1, ms(time));
        }
    }
    let pixmaps = trees
        .iter()
        .map(|tree| png::rasterise(tree, width, height))
        .collect::<Result<Vec<_>, _>>()?;
    let encode = median(runs, || {
        pixmaps
            .iter()
            .map(png::encode_rgb)
            .collect::<Result<Vec<_>, _>>()
            .map_err(Error::from)
    })?;
    let pngs = pixmaps
        .iter()
        .map(png::encode_rgb)
        .collect::<Result<Vec<_>, _>>()?;
    let info = PdfInfo {
        title: carousel.title.clone(),
        author: carousel.author.clone(),
        language: carousel.language.clone(),
        links: carousel
            .slides
            .iter()
            .map(|svg| pdf::slide_links(svg))
            .collect(),
        alt: carousel.post.alt.clone(),
    };
    let pdf_time = median(runs, || Ok(pdf::render_pdf(&trees, width, height, &info)?))?;
    let pdf_bytes = pdf::render_pdf(&trees, width, height, &info)?;
    let alt = carousel.post.alt_file();
    let zip_time = median(runs, || Ok(zip::render_zip(&pngs, &alt)?))?;
    let zip_bytes = zip::render_zip(&pngs, &alt)?;
    let post = carousel.post.file();
    let files: Vec<(String, &[u8])> = vec![
        ("bench.pdf".to_owned(), &pdf_bytes),
        ("bench-instagram.zip".to_owned(), &zip_bytes),
        ("bench-post.txt".to_owned(), post.as_bytes()),
    ];
    let out = tempfile::tempdir()?;
    let save_time = median(runs, || Ok(save::save_files(out.path(), &files)?))?;
    Ok((
        carousel.slides.len(),
        vec![
            ("layout", layout),
            ("SVG parse", parse),
            ("raster", raster),
            ("PNG encode", encode),
            ("PDF (incl. font subsetting)", pdf_time),
            ("ZIP", zip_time),
            ("save (3 synced files)", save_time),
        ],
    ))
}

/// The sample with its posts repeated (new ids) until it lays out into `slides` slides.
fn longer(sample: &Thread, slides: usize) -> Result<Thread> {
    let design = Design::default();
    let mut thread = sample.clone();
    let originals = sample.posts.clone();
    for round in 1.. {
        let count = layout::layout_thread(&thread, &design, fonts::font_book())?
            .slides
            .len();
        if count >= slides {
            break;
        }
        let mut post = originals[round % originals.len()].clone();
        post.id = format!("{}{round}", post.id);
        let at = thread.posts.len() - 1;
        thread.posts.insert(at, post);
        if round > 200 {
            return Err("the thread does not grow".into());
        }
    }
    Ok(thread)
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

#[allow(clippy::print_stdout)] // the report is this binary's output
fn run() -> Result<()> {
    let args: Vec<String> = env::args().skip(1).collect();
    let runs = match args.as_slice() {
        [] => DEFAULT_RUNS,
        [flag, n] if flag == "--runs" => n.parse()?,
        _ => return Err("usage: bench_stages [--runs N]".into()),
    };
    let root = carousel_tests::repo_root();

    // Fonts first, in this fresh process: what every export pays once.
    let start = Instant::now();
    std::hint::black_box(fonts::font_book());
    let font_book = start.elapsed();
    let start = Instant::now();
    std::hint::black_box(fonts::font_database());
    let font_database = start.elapsed();

    let sample_dir = root.join("assets/sample");
    let mut sample: Thread =
        serde_json::from_str(&std::fs::read_to_string(sample_dir.join("thread.json"))?)?;
    let raw_sample = sample.clone();
    let images_time = median(runs, || {
        let mut thread = raw_sample.clone();
        images::resolve_thread(&mut thread, images::ImageBase::Dir(&sample_dir), |r, e| {
            eprintln!("bench_stages: image {r}: {e}")
        });
        Ok(thread)
    })?;
    images::resolve_thread(&mut sample, images::ImageBase::Dir(&sample_dir), |_, _| {});
    let long = longer(&sample, LONG_DECK_SLIDES)?;

    let (short_slides, short) = stages(&sample, runs)?;
    let (long_slides, long) = stages(&long, runs)?;

    let companion = env::var_os("CARGO_TARGET_DIR")
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join("target"))
        .join("release/carousel-studio");
    let process = match companion.is_file() {
        true => Some(median(runs, || {
            let status = Command::new(&companion)
                .arg("--version")
                .stdout(Stdio::null())
                .status()?;
            Ok(status.success())
        })?),
        false => None,
    };

    println!("Export stages, one core, median of {runs} (fonts: first call in a fresh process):\n");
    println!("| Stage | Sample ({short_slides} slides) | {long_slides} slides |");
    println!("| --- | ---: | ---: |");
    let dash = "—".to_owned();
    if let Some(process) = process {
        println!(
            "| process start (`carousel-studio --version`) | {} | {} |",
            ms(process),
            ms(process)
        );
    }
    println!(
        "| fonts: the layout's shaping fonts | {} | {} |",
        ms(font_book),
        ms(font_book)
    );
    println!(
        "| fonts: usvg's font database | {} | {} |",
        ms(font_database),
        ms(font_database)
    );
    println!(
        "| images (the sample's avatar and photo) | {} | {dash} |",
        ms(images_time)
    );
    let mut totals = (
        font_book + font_database + images_time,
        font_book + font_database,
    );
    for ((name, a), (_, b)) in short.iter().zip(&long) {
        println!("| {name} | {} | {} |", ms(*a), ms(*b));
        totals.0 += *a;
        totals.1 += *b;
    }
    println!("| **sum** | **{}** | **{}** |", ms(totals.0), ms(totals.1));
    Ok(())
}
