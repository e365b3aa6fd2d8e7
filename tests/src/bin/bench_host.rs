//! Native-messaging start-up benchmark: spawn the companion as a browser does, send `ping`,
//! time until `pong` arrives; median and p90 over N runs (after warm-ups).
//!
//! `cargo build --release -p carousel-studio && cargo run --release -p carousel-tests --bin
//! bench_host [-- --runs N]`. The companion is CAROUSEL_STUDIO_BIN, else the binary beside
//! this one in the target folder. Not a test: timings on a shared machine are not pass/fail.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use protocol::{MAX_TO_BROWSER, chrome_origin, read_frame, write_frame};

const WARMUPS: usize = 3;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut runs = 30;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().ok_or("--runs needs a number")?.parse()?,
            other => {
                return Err(
                    format!("unknown argument {other}; usage: bench_host [--runs N]").into(),
                );
            }
        }
    }
    let bin = match std::env::var_os("CAROUSEL_STUDIO_BIN") {
        Some(path) => PathBuf::from(path),
        None => std::env::current_exe()?
            .with_file_name(format!("carousel-studio{}", std::env::consts::EXE_SUFFIX)),
    };
    if !bin.is_file() {
        return Err(format!(
            "{} not found: build it with `cargo build --release -p carousel-studio` or set \
             CAROUSEL_STUDIO_BIN",
            bin.display()
        )
        .into());
    }
    let mut samples = Vec::with_capacity(runs);
    for i in 0..WARMUPS + runs {
        let time = ping_once(&bin)?;
        if i >= WARMUPS {
            samples.push(time);
        }
    }
    samples.sort();
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    writeln!(
        std::io::stdout(),
        "{}: spawn → pong over {runs} runs: median {}, p90 {}, min {}",
        bin.display(),
        ms(samples[runs / 2]),
        ms(samples[(runs * 9 / 10).min(runs - 1)]),
        ms(samples[0])
    )?;
    Ok(())
}

fn ping_once(bin: &PathBuf) -> Result<Duration, Box<dyn std::error::Error>> {
    let start = Instant::now();
    let mut child = Command::new(bin)
        .arg(chrome_origin())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    write_frame(
        &mut stdin,
        br#"{"type":"ping","id":"bench"}"#,
        MAX_TO_BROWSER,
    )?;
    stdin.flush()?;
    let body = read_frame(&mut stdout, MAX_TO_BROWSER)?.ok_or("no reply")?;
    let elapsed = start.elapsed();
    let reply: serde_json::Value = serde_json::from_slice(&body)?;
    if reply["type"] != "pong" {
        return Err(format!("expected pong, got {reply}").into());
    }
    drop(stdin);
    let status = child.wait()?;
    if !status.success() {
        return Err(format!("the host exited with {status}").into());
    }
    Ok(elapsed)
}
