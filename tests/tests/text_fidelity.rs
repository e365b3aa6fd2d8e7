//! What layout measures is what the renderer draws: on every line, each `<text>` piece ends
//! where layout placed the next one, in every bundled family, with symbols the family lacks,
//! emoji, Arabic and CJK. A mismatch shows as overlapping or gaping words in the slides.

use export::fonts;
use layout::layout_thread;
use model::design::{FONT_FAMILIES, Template};
use model::{Author, Design, Post, Thread};
use resvg::usvg::{Node, Tree};

const MIXED: &str = "Metal kernel: 687µs → 130µs per token. 🚀 Significant — “quotes” … ©®™ ½ ≥ ≠ ✓ ★ \
     ← ↑ ↓ • Ω π ∞ émigré naïve ß Ø 👍🏽 🇫🇷 done. مرحبا بالعالم 123 中文テスト한국어 #tag @user \
     https://example.com/a/b";

fn thread() -> Thread {
    let author = Author {
        name: "Ada → Lovelace 👩‍💻".into(),
        handle: "ada".into(),
        avatar: None,
    };
    let post = |id: &str, text: &str| Post {
        id: id.into(),
        author: author.clone(),
        text: text.into(),
        ..Post::default()
    };
    Thread {
        url: String::new(),
        posts: vec![post("1", MIXED), post("2", MIXED)],
        ..Thread::default()
    }
}

/// Every `<text>` element's x, y and font size, in document order.
fn placed(svg: &str) -> Vec<(f32, f32, f32)> {
    let doc = roxmltree::Document::parse(svg).expect("xml");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let num = |a: &str| n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0);
            (num("x"), num("y"), num("font-size"))
        })
        .collect()
}

/// The ink boxes of every text node usvg made, in document order.
fn ink(tree: &Tree) -> Vec<(f32, f32)> {
    fn visit(group: &resvg::usvg::Group, out: &mut Vec<(f32, f32)>) {
        for child in group.children() {
            match child {
                Node::Group(g) => visit(g, out),
                Node::Text(text) => {
                    let b = text.abs_bounding_box();
                    out.push((b.left(), b.right()));
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    visit(tree.root(), &mut out);
    out
}

#[test]
fn pieces_on_a_line_never_overlap_in_any_family() {
    for family in FONT_FAMILIES {
        for template in [Template::Hook, Template::Posts] {
            let mut design = Design {
                template,
                ..Design::default()
            };
            design.typography.font = model::FontName::from_name(family.family);
            let carousel = layout_thread(&thread(), &design, fonts::font_book()).expect("layout");
            for (index, svg) in carousel.slides.iter().enumerate() {
                let tree = export::parse_slide(svg, index + 1).expect("parse");
                let places = placed(svg);
                let boxes = ink(&tree);
                assert_eq!(places.len(), boxes.len(), "one usvg text node per <text>");
                for i in 1..places.len() {
                    let ((_, y0, size), (x1, y1, _)) = (places[i - 1], places[i]);
                    if (y0 - y1).abs() > 0.01 || x1 < places[i - 1].0 {
                        continue; // a new line, or right-to-left order
                    }
                    let overhang = boxes[i - 1].1 - x1;
                    assert!(
                        overhang <= size * 0.1,
                        "{}: slide {} piece {} reaches {overhang:.1} px into the next piece",
                        family.family,
                        index + 1,
                        i - 1
                    );
                }
            }
        }
    }
}
