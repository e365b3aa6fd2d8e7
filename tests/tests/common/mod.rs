//! Helpers shared by the golden tests: normalised SVG snapshots and reference PNGs compared with
//! a per-channel tolerance; a mismatch writes `NN.actual.svg`, or `NN.actual.png` and a
//! three-panel `NN.diff.png` (expected | difference | actual). `UPDATE_GOLDEN=1` rewrites them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A channel differing by more than this counts the pixel as different.
const CHANNEL_TOLERANCE: u8 = 24;
/// At most this share of pixels may differ (antialiasing on another CPU, say).
const MAX_DIFFERENT: f64 = 0.002;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v != "0")
}

/// Image data URLs replaced by a short stand-in, so snapshots stay small and readable; the
/// reference PNGs check the pictures.
pub fn normalise_svg(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(start) = rest.find("href=\"data:") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 6..];
        let end = after.find('"').unwrap_or(after.len());
        let digest = after[..end]
            .bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
        out.push_str(&format!("href=\"data:…{:08x}", digest));
        rest = &after[end..];
    }
    out.push_str(rest);
    // One element per line keeps diffs reviewable.
    out.replace("><", ">\n<")
}

pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

pub fn decode(png_bytes: &[u8]) -> Pixels {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png data");
    let channels = info.color_type.samples();
    let rgb = buf[..info.buffer_size()]
        .chunks(channels)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    Pixels {
        width: info.width,
        height: info.height,
        rgb,
    }
}

pub fn encode(width: u32, height: u32, rgb: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .expect("header")
        .write_image_data(rgb)
        .expect("data");
    out
}

/// Compares `actual` with the reference at `path`; on failure writes the diff images and
/// returns a message.
pub fn compare_png(path: &Path, actual_png: &[u8]) -> Result<(), String> {
    let expected_png = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (expected, actual) = (decode(&expected_png), decode(actual_png));
    if (expected.width, expected.height) != (actual.width, actual.height) {
        return Err(format!(
            "{}: size {}x{} != expected {}x{}",
            path.display(),
            actual.width,
            actual.height,
            expected.width,
            expected.height
        ));
    }
    let (w, h) = (expected.width as usize, expected.height as usize);
    let mut diff = vec![0u8; w * h * 3];
    let mut different = 0usize;
    for i in 0..w * h {
        let e = &expected.rgb[i * 3..i * 3 + 3];
        let a = &actual.rgb[i * 3..i * 3 + 3];
        if e.iter()
            .zip(a)
            .any(|(e, a)| e.abs_diff(*a) > CHANNEL_TOLERANCE)
        {
            different += 1;
            diff[i * 3] = 255;
        } else {
            // A faint copy of the expected image, so the red pixels can be placed.
            let grey = (e.iter().map(|&c| c as u32).sum::<u32>() / 3) as u8;
            diff[i * 3..i * 3 + 3].fill(200 + grey / 5);
        }
    }
    let share = different as f64 / (w * h) as f64;
    if share <= MAX_DIFFERENT {
        return Ok(());
    }
    // expected | difference | actual
    let mut panel = vec![0u8; w * 3 * h * 3];
    for y in 0..h {
        let row = &mut panel[y * w * 9..(y + 1) * w * 9];
        row[..w * 3].copy_from_slice(&expected.rgb[y * w * 3..(y + 1) * w * 3]);
        row[w * 3..w * 6].copy_from_slice(&diff[y * w * 3..(y + 1) * w * 3]);
        row[w * 6..].copy_from_slice(&actual.rgb[y * w * 3..(y + 1) * w * 3]);
    }
    let stem = path.with_extension("");
    let diff_path = stem.with_extension("diff.png");
    std::fs::write(&diff_path, encode(w as u32 * 3, h as u32, &panel)).expect("write diff");
    std::fs::write(stem.with_extension("actual.png"), actual_png).expect("write actual");
    Err(format!(
        "{}: {:.3}% of pixels differ (allowed {:.1}%); see {}",
        path.display(),
        share * 100.0,
        MAX_DIFFERENT * 100.0,
        diff_path.display()
    ))
}

/// Compares each `(svg, png)` slide with `NN.svg`/`NN.png` in `dir` (or rewrites them when
/// updating); returns the failures, one line each.
pub fn check_slides(dir: &Path, slides: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut failures = Vec::new();
    if updating() {
        // Start clean, so slides that no longer exist do not linger.
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).expect("golden dir");
    }
    let expected_count = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| {
                    let n = e.file_name();
                    let n = n.to_string_lossy();
                    n.ends_with(".svg") && !n.ends_with(".actual.svg")
                })
                .count()
        })
        .unwrap_or(0);
    if !updating() && expected_count != slides.len() {
        failures.push(format!(
            "{}: {} slides, the golden files have {expected_count}",
            dir.display(),
            slides.len()
        ));
    }
    for (index, (svg, png)) in slides.iter().enumerate() {
        let stem = dir.join(format!("{:02}", index + 1));
        let svg_path = stem.with_extension("svg");
        let png_path = stem.with_extension("png");
        let snapshot = normalise_svg(svg);
        if updating() {
            std::fs::write(&svg_path, &snapshot).expect("write svg");
            std::fs::write(&png_path, png).expect("write png");
            continue;
        }
        match std::fs::read_to_string(&svg_path) {
            Ok(expected) if expected == snapshot => {}
            Ok(expected) => {
                let line = expected
                    .lines()
                    .zip(snapshot.lines())
                    .position(|(e, a)| e != a)
                    .map_or(0, |l| l + 1);
                std::fs::write(stem.with_extension("actual.svg"), &snapshot).expect("write");
                failures.push(format!(
                    "{}: SVG differs from line {line}; see {}",
                    svg_path.display(),
                    stem.with_extension("actual.svg").display()
                ));
            }
            Err(err) => failures.push(format!("{}: {err}", svg_path.display())),
        }
        if let Err(message) = compare_png(&png_path, png) {
            failures.push(message);
        }
    }
    failures
}

/// Panics with every failure, and how to refresh.
pub fn assert_no_failures(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "golden mismatches (refresh with UPDATE_GOLDEN=1 after looking at the diffs):\n{}",
        failures.join("\n")
    );
}
