//! Batch benchmark: `carousel-studio render FOLDER` of 20 threads on every core, against the
//! same folder on one worker (`--jobs 1`) and against the shell's way, one `render` process
//! per thread, all in the same run.
//!
//! Run with `cargo build --release -p carousel-studio` first, then
//! `cargo run --release -p carousel-tests --bin bench_batch [-- --runs N]`.
//!
//! The 20 threads are the gallery's six (`assets/gallery/`, with their photos) copied under
//! numbered names, both formats each. Every measurement runs in a fresh child of this program
//! (it runs itself as `--measure CMD…`), so the peak RSS it reads is that command's alone; a
//! 40-thread batch shows the peak does not grow with the number of inputs.
//!
//! Not a test: timings on a shared machine are not pass/fail material.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error>;
type Result<T, E = Error> = std::result::Result<T, E>;

const THREADS: usize = 20;
const DEFAULT_RUNS: usize = 3;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("--measure") => measure_child(&args[1..]),
        _ => run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bench_batch: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The child: runs `command` (each `;;` separates one command from the next, run in turn) and
/// prints its wall time and its children's peak RSS.
#[allow(clippy::print_stdout)] // the parent reads it
fn measure_child(command: &[String]) -> Result<()> {
    let start = Instant::now();
    for one in command.split(|arg| arg == ";;") {
        let status = Command::new(&one[0])
            .args(&one[1..])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        if !status.success() {
            return Err(format!("{one:?} failed ({status})").into());
        }
    }
    let wall = start.elapsed();
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)?;
    println!("{} {}", wall.as_nanos(), usage.max_rss());
    Ok(())
}

/// One measurement in a fresh child: wall time and peak RSS (KiB).
fn measure(commands: &[Vec<String>]) -> Result<(Duration, u64)> {
    let mut child = Command::new(env::current_exe()?);
    child.arg("--measure");
    for (index, command) in commands.iter().enumerate() {
        if index > 0 {
            child.arg(";;");
        }
        child.args(command);
    }
    let output = child.output()?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned().into());
    }
    let text = String::from_utf8(output.stdout)?;
    let mut fields = text.split_whitespace();
    let nanos: u64 = fields.next().ok_or("no time")?.parse()?;
    let rss: u64 = fields.next().ok_or("no rss")?.parse()?;
    Ok((Duration::from_nanos(nanos), rss))
}

#[allow(clippy::print_stdout)] // the report is this binary's output
fn run(args: &[String]) -> Result<()> {
    let runs = match args {
        [] => DEFAULT_RUNS,
        [flag, n] if flag == "--runs" => n.parse()?,
        _ => return Err("usage: bench_batch [--runs N]".into()),
    };
    let root = carousel_tests::repo_root();
    let target = env::var_os("CARGO_TARGET_DIR")
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join("target"));
    let companion = target.join("release").join("carousel-studio");
    if !companion.is_file() {
        return Err(format!(
            "{} not found: build it with `cargo build --release -p carousel-studio`",
            companion.display()
        )
        .into());
    }
    let work = tempfile::tempdir()?;
    let twenty = threads_folder(
        &root.join("assets/gallery"),
        &work.path().join("20"),
        THREADS,
    )?;
    let forty = threads_folder(
        &root.join("assets/gallery"),
        &work.path().join("40"),
        2 * THREADS,
    )?;
    let home = work.path().join("home");
    fs::create_dir_all(&home)?;
    let exe = companion.display().to_string();
    let out = |name: &str| work.path().join("out").join(name).display().to_string();
    let render = |inputs: Vec<String>, jobs: Option<&str>, out: String| {
        let mut command = vec![exe.clone(), "render".to_owned()];
        if let Some(jobs) = jobs {
            command.extend(["--jobs".to_owned(), jobs.to_owned()]);
        }
        command.extend(["--out".to_owned(), out]);
        command.extend(inputs);
        command
    };
    let folder = |dir: &Path| vec![dir.display().to_string()];
    let files = json_files(&twenty)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    // One core: the whole process pinned to CPU 0 (a single render's slides otherwise use
    // every core too).
    let on_one_core = |command: Vec<String>| {
        let mut pinned = vec!["taskset".to_owned(), "-c".to_owned(), "0".to_owned()];
        pinned.extend(command);
        pinned
    };
    let mut rows: Vec<(String, Vec<(Duration, u64)>)> = vec![
        (
            format!("{THREADS} `render` processes, one after another"),
            vec![],
        ),
        (
            format!("one `render FOLDER` on one core (`taskset -c 0`, {THREADS} threads)"),
            vec![],
        ),
        (
            format!("one `render FOLDER --jobs 1` ({THREADS} threads)"),
            vec![],
        ),
        (
            format!("one `render FOLDER` ({THREADS} threads, {cores} workers)"),
            vec![],
        ),
        (
            format!(
                "one `render FOLDER` ({} threads, {cores} workers)",
                2 * THREADS
            ),
            vec![],
        ),
    ];
    for run in 0..runs + 1 {
        let each: Vec<Vec<String>> = files
            .iter()
            .map(|file| render(vec![file.clone()], None, out("each")))
            .collect();
        let samples = [
            measure(&each)?,
            measure(&[on_one_core(render(folder(&twenty), Some("1"), out("core")))])?,
            measure(&[render(folder(&twenty), Some("1"), out("one"))])?,
            measure(&[render(folder(&twenty), None, out("all"))])?,
            measure(&[render(folder(&forty), None, out("forty"))])?,
        ];
        fs::remove_dir_all(work.path().join("out"))?;
        // The first round warms the disk cache and is not counted.
        if run > 0 {
            for (row, sample) in rows.iter_mut().zip(samples) {
                row.1.push(sample);
            }
        }
    }
    let median = |samples: &[(Duration, u64)]| {
        let mut times: Vec<Duration> = samples.iter().map(|s| s.0).collect();
        times.sort();
        times[times.len() / 2]
    };
    let one_core = median(&rows[1].1);
    println!("Batch render, median of {runs} runs (after one warm-up), both formats per thread:\n");
    println!("| What | Wall | Threads/s | vs one core | Peak RSS |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (index, (what, samples)) in rows.iter().enumerate() {
        let wall = median(samples);
        let count = if index == rows.len() - 1 {
            2 * THREADS
        } else {
            THREADS
        };
        let peak = samples.iter().map(|s| s.1).max().unwrap_or(0);
        let speed = |wall: Duration| count as f64 / wall.as_secs_f64();
        println!(
            "| {what} | {:.0} ms | {:.1} | {:.2}× | {:.0} MB |",
            wall.as_secs_f64() * 1000.0,
            speed(wall),
            speed(wall) / (THREADS as f64 / one_core.as_secs_f64()),
            peak as f64 / 1024.0
        );
    }
    Ok(())
}

/// `count` thread JSONs in `dir`, copies of the gallery's threads under numbered names, with
/// the gallery's images beside them (their paths are relative to the JSON).
fn threads_folder(gallery: &Path, dir: &Path, count: usize) -> Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let mut threads = Vec::new();
    for entry in fs::read_dir(gallery)? {
        let path = entry?.path();
        match path.extension().and_then(|ext| ext.to_str()) {
            Some("json") => threads.push(path),
            Some("jpg" | "png") => {
                fs::copy(&path, dir.join(path.file_name().ok_or("no name")?))?;
            }
            _ => {}
        }
    }
    threads.sort();
    for index in 0..count {
        let from = &threads[index % threads.len()];
        fs::copy(from, dir.join(format!("{index:02}.json")))?;
    }
    Ok(dir.to_owned())
}

fn json_files(dir: &Path) -> Result<Vec<String>> {
    let mut files: Vec<String> = fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| path.display().to_string())
        .collect();
    files.sort();
    Ok(files)
}
