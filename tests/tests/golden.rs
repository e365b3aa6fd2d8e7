//! Golden tests: each case's slides are compared with checked-in SVG snapshots (layout) and
//! reference PNGs (rendering, with a per-channel tolerance). On a PNG mismatch a three-panel
//! `NN.diff.png` (expected | difference | actual) and `NN.actual.png` are written next to the
//! reference. `UPDATE_GOLDEN=1 cargo test -p carousel-tests --test golden` rewrites them all;
//! look at the new PNGs before committing them (see tests/README.md).

use std::path::{Path, PathBuf};

use carousel_studio::{export, fonts, images, input};
use shared::{Design, Thread, layout_thread};

/// A channel differing by more than this counts the pixel as different.
const CHANNEL_TOLERANCE: u8 = 24;
/// At most this share of pixels may differ (antialiasing on another CPU, say).
const MAX_DIFFERENT: f64 = 0.002;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v != "0")
}

/// Image data URLs replaced by a short stand-in, so snapshots stay small and readable; the
/// reference PNGs check the pictures.
fn normalise_svg(svg: &str) -> String {
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

struct Pixels {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

fn decode(png_bytes: &[u8]) -> Pixels {
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

fn encode(width: u32, height: u32, rgb: &[u8]) -> Vec<u8> {
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
fn compare_png(path: &Path, actual_png: &[u8]) -> Result<(), String> {
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

fn check_case(name: &str, mut thread: Thread, base: images::ImageBase<'_>, design: &Design) {
    images::resolve_thread(&mut thread, base, |reference, err| {
        panic!("fixture image {reference} failed: {err}")
    });
    let carousel = layout_thread(&thread, design, fonts::font_book()).expect("layout");
    let dir = root().join("golden").join(name);
    let mut failures = Vec::new();
    if updating() {
        // Start clean, so slides that no longer exist do not linger.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("golden dir");
    }
    let expected_count = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| {
                    let n = e.file_name();
                    let n = n.to_string_lossy();
                    n.ends_with(".svg")
                })
                .count()
        })
        .unwrap_or(0);
    if !updating() && expected_count != carousel.slides.len() {
        failures.push(format!(
            "{name}: {} slides, the golden files have {expected_count}",
            carousel.slides.len()
        ));
    }
    for (index, svg) in carousel.slides.iter().enumerate() {
        let stem = dir.join(format!("{:02}", index + 1));
        let svg_path = stem.with_extension("svg");
        let png_path = stem.with_extension("png");
        let snapshot = normalise_svg(svg);
        let tree = export::parse_slide(svg, index + 1).expect("slide parses");
        let png = export::png::render_png(&tree, carousel.width, carousel.height).expect("render");
        if updating() {
            std::fs::write(&svg_path, &snapshot).expect("write svg");
            std::fs::write(&png_path, &png).expect("write png");
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
        if let Err(message) = compare_png(&png_path, &png) {
            failures.push(message);
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatches (refresh with UPDATE_GOLDEN=1 after looking at the diffs):\n{}",
        failures.join("\n")
    );
}

#[test]
fn golden_sample() {
    let sample = input::sample();
    let base = sample.image_base();
    check_case("sample", sample.thread.clone(), base, &Design::default());
}

#[test]
fn golden_stress() {
    let path = root().join("fixtures/threads/stress.json");
    let loaded = input::read_thread_file(&path).expect("fixture");
    let base = loaded.image_base();
    check_case("stress", loaded.thread.clone(), base, &Design::default());
}

#[test]
fn normalising_keeps_snapshots_small() {
    let svg = r#"<svg><image href="data:image/png;base64,AAAA"/><image href="x.png"/></svg>"#;
    let out = normalise_svg(svg);
    assert!(!out.contains("AAAA"));
    assert!(out.contains("href=\"x.png\""));
}

/// The bounding box of what the group `id` draws, images counted by their clip shape: usvg's
/// boxes ignore clipping, and a cropped-to-fill photo is larger than its clip.
fn group_box(tree: &resvg::usvg::Tree, id: &str) -> Option<resvg::usvg::Rect> {
    use resvg::usvg::{Node, Rect};
    fn union(a: Option<Rect>, b: Rect) -> Option<Rect> {
        Some(match a {
            None => b,
            Some(a) => Rect::from_ltrb(
                a.left().min(b.left()),
                a.top().min(b.top()),
                a.right().max(b.right()),
                a.bottom().max(b.bottom()),
            )?,
        })
    }
    fn visit(group: &resvg::usvg::Group, acc: &mut Option<Rect>) {
        if let Some(clip) = group.clip_path() {
            // A clipped group (a photo, an avatar) covers at most its clip shape.
            let mut inner = None;
            visit(clip.root(), &mut inner);
            if let Some(rect) = inner.and_then(|r| r.transform(group.abs_transform())) {
                *acc = union(*acc, rect);
            }
            return;
        }
        for child in group.children() {
            match child {
                Node::Group(g) => visit(g, acc),
                Node::Image(_) => {}
                other => *acc = union(*acc, other.abs_bounding_box()),
            }
        }
    }
    let Some(Node::Group(group)) = tree.node_by_id(id) else {
        return None;
    };
    let mut acc = None;
    visit(group, &mut acc);
    acc
}

/// Whatever a thread holds, every part of every slide stays on the canvas, the body stays
/// between the header and the footer, and nothing overlaps them.
#[test]
fn nothing_leaves_the_canvas_or_overlaps_the_frame() {
    let sample = input::sample();
    let stress =
        input::read_thread_file(&root().join("fixtures/threads/stress.json")).expect("fixture");
    for loaded in [sample, stress] {
        let mut thread = loaded.thread.clone();
        images::resolve_thread(&mut thread, loaded.image_base(), |_, _| {});
        let design = Design::default();
        let carousel = layout_thread(&thread, &design, fonts::font_book()).expect("layout");
        let (w, h) = (carousel.width as f32, carousel.height as f32);
        for (index, svg) in carousel.slides.iter().enumerate() {
            let tree = export::parse_slide(svg, index + 1).expect("parse");
            let part = |name: &str| {
                group_box(&tree, &format!("s{index}-{name}"))
                    .unwrap_or_else(|| panic!("slide {index} has a {name}"))
            };
            let (header, body, footer) = (part("header"), part("body"), part("footer"));
            for (name, rect) in [("header", header), ("body", body), ("footer", footer)] {
                assert!(
                    rect.left() >= 0.0
                        && rect.top() >= 0.0
                        && rect.right() <= w
                        && rect.bottom() <= h,
                    "slide {} {name} {rect:?} leaves the {w}x{h} canvas",
                    index + 1
                );
            }
            assert!(
                body.top() >= header.bottom(),
                "slide {} body overlaps the header",
                index + 1
            );
            assert!(
                body.bottom() <= footer.top(),
                "slide {} body {body:?} overlaps the footer {footer:?}",
                index + 1
            );
        }
    }
}

/// The frame check above can fail: a body shape reaching into the footer is caught.
#[test]
fn frame_check_catches_a_body_in_the_footer() {
    let sample = input::sample();
    let carousel =
        layout_thread(&sample.thread, &Design::default(), fonts::font_book()).expect("layout");
    let svg = carousel.slides[1].replace(
        r#"<g id="s1-body">"#,
        r#"<g id="s1-body"><rect x="100" y="1260" width="10" height="10"/>"#,
    );
    let tree = export::parse_slide(&svg, 2).expect("parse");
    let body = group_box(&tree, "s1-body").expect("body");
    let footer = group_box(&tree, "s1-footer").expect("footer");
    assert!(body.bottom() > footer.top());
}
