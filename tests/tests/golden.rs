//! Golden tests: each case's slides are compared with checked-in SVG snapshots (layout) and
//! reference PNGs (rendering, with a per-channel tolerance). On a PNG mismatch a three-panel
//! `NN.diff.png` (expected | difference | actual) and `NN.actual.png` are written next to the
//! reference. `UPDATE_GOLDEN=1 cargo test -p carousel-tests --test golden` rewrites them all;
//! look at the new PNGs before committing them (see tests/README.md).

mod common;

use carousel_tests::ThreadFile;
use common::{normalise_svg, root};
use export::{fonts, images};
use layout::layout_thread;
use model::{Design, Thread};

fn check_case(name: &str, mut thread: Thread, base: images::ImageBase<'_>, design: &Design) {
    images::resolve_thread(&mut thread, base, |reference, err| {
        panic!("fixture image {reference} failed: {err}")
    });
    let carousel = layout_thread(&thread, design, fonts::font_book()).expect("layout");
    let slides: Vec<(String, Vec<u8>)> = carousel
        .slides
        .iter()
        .enumerate()
        .map(|(index, svg)| {
            let tree = export::parse_slide(svg, index + 1).expect("slide parses");
            let png =
                export::png::render_png(&tree, carousel.width, carousel.height).expect("render");
            (svg.clone(), png)
        })
        .collect();
    let failures = common::check_slides(&root().join("golden").join(name), &slides);
    common::assert_no_failures(&failures);
}

#[test]
fn golden_sample() {
    let sample = ThreadFile::sample();
    let base = sample.image_base();
    check_case("sample", sample.thread.clone(), base, &Design::default());
}

#[test]
fn golden_stress() {
    let path = root().join("fixtures/threads/stress.json");
    let loaded = ThreadFile::read(&path);
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
    let sample = ThreadFile::sample();
    let stress = ThreadFile::read(&root().join("fixtures/threads/stress.json"));
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
            // A Follow outro draws no page header (it shows the author itself): its body
            // then only has to stay on the canvas above the footer.
            let header = group_box(&tree, &format!("s{index}-header"));
            let last = index + 1 == carousel.slides.len();
            assert!(header.is_some() || last, "slide {index} has a header");
            let (body, footer) = (part("body"), part("footer"));
            let frame = [("body", body), ("footer", footer)];
            for (name, rect) in header.map(|h| ("header", h)).into_iter().chain(frame) {
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
                header.is_none_or(|header| body.top() >= header.bottom()),
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
    let sample = ThreadFile::sample();
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
