//! Background patterns: plain vector shapes (paths, circles, gradients) coloured by the theme,
//! so they stay vectors in the PDF. They never hurt legibility: patterns that run under text
//! (lines, dots, mesh) are faded until every text colour keeps WCAG AA contrast (4.5:1) over
//! the pattern's ink as drawn ([`readable_opacity`]); confetti, and line patterns that fading
//! would all but erase, keep out of the boxes text goes in instead. Each slide shifts its pattern a little so a carousel does not look
//! stamped.

use super::chrome::Rect;
use super::look::Look;
use crate::svg::{escape, num};
use model::design::Pattern;
use model::themes::{blend, contrast, normalise_hex};

/// A line pattern faded below this share of its strength to keep text readable no longer
/// reads as a pattern: it keeps its strength outside the text boxes instead.
const MIN_FADE: f32 = 0.6;

/// The contrast every text colour keeps over a pattern (WCAG AA for body text).
pub const TEXT_CONTRAST: f32 = 4.5;

/// The highest opacity up to `wanted` at which `ink` laid over the background leaves every
/// text colour of the theme at [`TEXT_CONTRAST`] or more.
pub fn readable_opacity(look: &Look, ink: &str, wanted: f32) -> f32 {
    let theme = &look.theme;
    let colours = theme.text_colours();
    let readable = |alpha: f32| {
        blend(ink, &theme.background, alpha).is_some_and(|under| {
            colours
                .iter()
                .all(|c| contrast(c, &under).is_some_and(|r| r >= TEXT_CONTRAST))
        })
    };
    let mut alpha = wanted;
    while alpha > 0.0 && !readable(alpha) {
        alpha = ((alpha - 0.05) * 100.0).round() / 100.0;
    }
    alpha.max(0.0)
}

/// Draws the pattern; `calm` are the boxes text goes in (header, content, footer), which
/// confetti keeps out of.
pub fn draw(out: &mut String, look: &Look, index: usize, calm: &[Rect]) {
    let (w, h) = (look.canvas.width as f32, look.canvas.height as f32);
    let short = w.min(h);
    let theme = &look.theme;
    let line = escape(&theme.line);
    let accent = escape(&theme.accent);
    // The brand's other colours (after the first, which is the accent) tint the decorative
    // patterns; without them the theme's link colour does.
    let brand_extra: Vec<String> = look
        .brand
        .colors
        .iter()
        .skip(1)
        .filter_map(|c| normalise_hex(c))
        .collect();
    let secondary = brand_extra
        .first()
        .cloned()
        .unwrap_or_else(|| escape(&theme.link));
    // Hairlines read stronger on dark themes: fade them more; and never so strong that text
    // over them loses contrast. Where that would fade them to almost nothing, they keep their
    // strength and keep out of the text boxes instead (clipped to the margins and gaps).
    let wanted = if theme.dark { 0.55 } else { 0.8 };
    let readable = readable_opacity(look, &theme.line, wanted);
    let lines = !matches!(
        look.pattern,
        Pattern::None | Pattern::Confetti | Pattern::Mesh
    );
    let keep_out = lines && readable < wanted * MIN_FADE && !calm.is_empty();
    let faint = if keep_out { wanted } else { readable };
    if keep_out {
        let mut d = format!("M0 0H{}V{}H0Z", num(w), num(h));
        for b in calm {
            d.push_str(&format!(
                "M{} {}H{}V{}H{}Z",
                num(b.x),
                num(b.y),
                num(b.x + b.w),
                num(b.y + b.h),
                num(b.x)
            ));
        }
        out.push_str(&format!(
            r#"<clipPath id="s{index}-calm"><path clip-rule="evenodd" d="{d}"/></clipPath><g clip-path="url(#s{index}-calm)">"#
        ));
    }
    let stroke = (short / 540.0).max(1.0);
    match look.pattern {
        Pattern::None => {}
        Pattern::Dots => {
            let step = short / 16.0;
            let r = step * 0.085;
            let offset = (index % 2) as f32 * step / 2.0;
            let mut d = String::new();
            let mut y = step / 2.0;
            while y < h {
                let mut x = step / 2.0 + offset;
                while x < w {
                    d.push_str(&format!(
                        "M{} {}a{r} {r} 0 1 0 {} 0a{r} {r} 0 1 0 -{} 0",
                        num(x - r),
                        num(y),
                        num(2.0 * r),
                        num(2.0 * r),
                        r = num(r)
                    ));
                    x += step;
                }
                y += step;
            }
            out.push_str(&format!(
                r#"<path d="{d}" fill="{line}" opacity="{faint}"/>"#
            ));
        }
        Pattern::Grid => {
            let step = short / 10.0;
            let mut d = String::new();
            let mut x = (w % step) / 2.0;
            while x <= w {
                d.push_str(&format!("M{} 0V{}", num(x), num(h)));
                x += step;
            }
            let mut y = (h % step) / 2.0;
            while y <= h {
                d.push_str(&format!("M0 {}H{}", num(y), num(w)));
                y += step;
            }
            out.push_str(&format!(
                r#"<path d="{d}" fill="none" stroke="{line}" stroke-width="{}" opacity="{faint}"/>"#,
                num(stroke)
            ));
        }
        Pattern::Diagonal => {
            let step = short / 14.0;
            let mut d = String::new();
            let mut x = -h + (index as f32 * step / 3.0) % step;
            while x < w {
                d.push_str(&format!("M{} {}L{} 0", num(x), num(h), num(x + h)));
                x += step;
            }
            out.push_str(&format!(
                r#"<path d="{d}" fill="none" stroke="{line}" stroke-width="{}" opacity="{faint}"/>"#,
                num(stroke * 1.5)
            ));
        }
        Pattern::Waves => {
            let step = short / 9.0;
            let amp = step * 0.22;
            let wave = short / 3.0;
            let phase = index as f32 * wave / 4.0;
            let mut d = String::new();
            let mut y = step / 2.0;
            while y < h + step {
                let mut x = -wave - phase % wave;
                d.push_str(&format!("M{} {}", num(x), num(y)));
                while x < w + wave {
                    d.push_str(&format!(
                        "q{} {} {} 0t{} 0",
                        num(wave / 4.0),
                        num(-amp * 2.0),
                        num(wave / 2.0),
                        num(wave / 2.0)
                    ));
                    x += wave;
                }
                y += step;
            }
            out.push_str(&format!(
                r#"<path d="{d}" fill="none" stroke="{line}" stroke-width="{}" opacity="{faint}"/>"#,
                num(stroke * 1.6)
            ));
        }
        Pattern::Topographic => {
            // Contour lines of two soft hills, as closed curves of a wobbly radius.
            let centres = [
                (w * 0.85, h * 0.12 + index as f32 * 13.0 % (h * 0.1)),
                (w * 0.08, h * 0.92),
            ];
            let mut d = String::new();
            for (ci, (cx, cy)) in centres.iter().enumerate() {
                for ring in 1..=11 {
                    let base = ring as f32 * short * 0.055;
                    let steps = 96;
                    for s in 0..=steps {
                        let a = s as f32 / steps as f32 * std::f32::consts::TAU;
                        let wobble = 1.0
                            + 0.09 * (3.0 * a + ci as f32 + ring as f32 * 0.35).sin()
                            + 0.05 * (5.0 * a + ring as f32 * 0.6).cos();
                        let r = base * wobble;
                        let (x, y) = (cx + r * a.cos(), cy + r * a.sin() * 0.8);
                        d.push_str(&format!(
                            "{}{} {}",
                            if s == 0 { 'M' } else { 'L' },
                            num(x),
                            num(y)
                        ));
                    }
                    d.push('Z');
                }
            }
            out.push_str(&format!(
                r#"<path d="{d}" fill="none" stroke="{line}" stroke-width="{}" opacity="{faint}"/>"#,
                num(stroke * 1.4)
            ));
        }
        Pattern::Confetti => {
            // Deterministic scatter, kept to the edges so the text area stays calm.
            let mut seed = 0x9e37_79b9_u32 ^ (index as u32).wrapping_mul(0x85eb_ca6b);
            let mut next = move || {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                seed as f32 / u32::MAX as f32
            };
            let mut colors = vec![accent.clone(), line.clone(), secondary.clone()];
            colors.extend(brand_extra.iter().skip(1).cloned());
            let piece = short * 0.018;
            for i in 0..46 {
                let (mut x, y) = (next() * w, next() * h);
                // A piece that would touch a box text goes in moves into the side margin.
                let reach = piece * 1.1;
                let touches = |x: f32| {
                    calm.iter().any(|r| {
                        x + reach > r.x
                            && x - reach < r.x + r.w
                            && y + reach > r.y
                            && y - reach < r.y + r.h
                    })
                };
                if touches(x) {
                    let margin = calm.iter().map(|r| r.x).fold(w, f32::min).max(reach * 2.0);
                    let inset = reach + next() * (margin - 2.0 * reach).max(0.0);
                    x = if x < w / 2.0 { inset } else { w - inset };
                    if touches(x) {
                        continue;
                    }
                }
                let color = &colors[i % colors.len()];
                let angle = next() * 180.0;
                if i % 3 == 0 {
                    out.push_str(&format!(
                        r#"<circle cx="{}" cy="{}" r="{}" fill="{color}" opacity="0.7"/>"#,
                        num(x),
                        num(y),
                        num(piece * 0.6)
                    ));
                } else {
                    out.push_str(&format!(
                        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{color}" opacity="0.7" transform="rotate({} {} {})"/>"#,
                        num(x - piece),
                        num(y - piece * 0.3),
                        num(piece * 2.0),
                        num(piece * 0.6),
                        num(piece * 0.2),
                        num(angle),
                        num(x),
                        num(y)
                    ));
                }
            }
        }
        Pattern::Mesh => {
            // A gradient mesh look: soft radial blobs of the accent and the secondary colour.
            let id = format!("s{index}-mesh");
            // Where blobs overlap their opacities add up: the sum stays readable.
            let most = 0.30 + 0.22 + 0.20;
            let limit =
                readable_opacity(look, &accent, most).min(readable_opacity(look, &secondary, most));
            let scale = limit / most;
            let blobs = [
                (0.0, 0.0, 0.75, &accent, 0.30 * scale),
                (1.0, 0.35, 0.7, &secondary, 0.22 * scale),
                (0.2, 1.0, 0.8, &accent, 0.20 * scale),
            ];
            out.push_str("<defs>");
            for (i, (_, _, _, color, opacity)) in blobs.iter().enumerate() {
                out.push_str(&format!(
                    r#"<radialGradient id="{id}{i}"><stop offset="0" stop-color="{color}" stop-opacity="{opacity}"/><stop offset="1" stop-color="{color}" stop-opacity="0"/></radialGradient>"#
                ));
            }
            out.push_str("</defs>");
            for (i, (fx, fy, fr, _, _)) in blobs.iter().enumerate() {
                let r = w.max(h) * fr;
                out.push_str(&format!(
                    r#"<circle cx="{}" cy="{}" r="{}" fill="url(#{id}{i})"/>"#,
                    num(fx * w),
                    num(fy * h),
                    num(r)
                ));
            }
        }
    }
    if keep_out {
        out.push_str("</g>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Author;
    use model::design::Design;

    fn drawn(pattern: Pattern, colors: &[&str]) -> String {
        let mut design = Design {
            pattern,
            ..Design::default()
        };
        design.brand.colors = colors.iter().map(|c| (*c).to_owned()).collect();
        let author = Author {
            name: "A".into(),
            handle: "a".into(),
            avatar: None,
        };
        let look = Look::new(&design, &author);
        let mut out = String::new();
        draw(&mut out, &look, 0, &[]);
        out
    }

    /// What every theme × pattern draws keeps text readable: faded inks leave every text colour
    /// at AA over them, and strong confetti keeps out of the boxes text goes in.
    #[test]
    fn no_pattern_costs_any_theme_its_text_contrast() {
        use crate::chrome::Frame;
        use model::ThemeName;
        let author = Author {
            name: "A".into(),
            handle: "a".into(),
            avatar: None,
        };
        for theme in ThemeName::all() {
            for &pattern in Pattern::ALL {
                for colors in [vec![], vec!["#ff5500".to_owned(), "#ffe000".to_owned()]] {
                    let mut design = Design {
                        pattern,
                        theme,
                        ..Design::default()
                    };
                    design.brand.colors = colors;
                    let look = Look::new(&design, &author);
                    let boxes = Frame::new(&look).text_boxes();
                    let mut out = String::new();
                    draw(&mut out, &look, 3, &boxes);
                    let svg = format!(r#"<svg xmlns="http://www.w3.org/2000/svg">{out}</svg>"#);
                    let doc = roxmltree::Document::parse(&svg).expect("pattern is XML");
                    let bg = &look.theme.background;
                    let case = format!("{theme} × {pattern}");
                    let readable = |ink: &str, alpha: f32| {
                        let under = blend(ink, bg, alpha).expect("hex inks");
                        for colour in look.theme.text_colours() {
                            let ratio = contrast(colour, &under).unwrap();
                            assert!(
                                ratio >= TEXT_CONTRAST,
                                "{case}: {colour} over {ink} at {alpha} is {ratio:.2}:1"
                            );
                        }
                    };
                    let mut mesh: std::collections::HashMap<String, f32> = Default::default();
                    for node in doc.descendants() {
                        let opacity = |n: &roxmltree::Node, a: &str| {
                            n.attribute(a).and_then(|v| v.parse::<f32>().ok())
                        };
                        let kept_out = node.ancestors().any(|a| a.attribute("clip-path").is_some());
                        if kept_out {
                            let clip = doc
                                .descendants()
                                .find(|n| n.has_tag_name("clipPath"))
                                .and_then(|c| c.first_element_child())
                                .and_then(|p| p.attribute("d"))
                                .expect("the keep-out clip");
                            for b in &boxes {
                                let hole = format!("M{} {}H{}", num(b.x), num(b.y), num(b.x + b.w));
                                assert!(clip.contains(&hole), "{case}: box {b:?} not cut out");
                            }
                        } else if node.has_tag_name("path")
                            && !node.ancestors().any(|a| a.has_tag_name("clipPath"))
                        {
                            let ink = node.attribute("stroke").or(node.attribute("fill")).unwrap();
                            readable(ink, opacity(&node, "opacity").unwrap_or(1.0));
                        } else if node.has_tag_name("stop") {
                            let ink = node.attribute("stop-color").unwrap().to_owned();
                            *mesh.entry(ink).or_default() +=
                                opacity(&node, "stop-opacity").unwrap_or(1.0);
                        } else if pattern == Pattern::Confetti
                            && (node.has_tag_name("circle") || node.has_tag_name("rect"))
                        {
                            let (x, y) = match node.has_tag_name("circle") {
                                true => {
                                    (opacity(&node, "cx").unwrap(), opacity(&node, "cy").unwrap())
                                }
                                false => (
                                    opacity(&node, "x").unwrap()
                                        + opacity(&node, "width").unwrap() / 2.0,
                                    opacity(&node, "y").unwrap()
                                        + opacity(&node, "height").unwrap() / 2.0,
                                ),
                            };
                            let inside = boxes
                                .iter()
                                .any(|b| x > b.x && x < b.x + b.w && y > b.y && y < b.y + b.h);
                            assert!(!inside, "{case}: confetti at ({x}, {y}) is in a text box");
                        }
                    }
                    // Overlapping blobs add up: even all of one ink's stops together.
                    let total: f32 = mesh.values().sum();
                    for ink in mesh.keys() {
                        readable(ink, total);
                    }
                }
            }
        }
    }

    #[test]
    fn extra_brand_colours_tint_the_decorative_patterns() {
        let colors = ["#FF5500", "#00aa55", "#123"];
        let confetti = drawn(Pattern::Confetti, &colors);
        for color in ["#ff5500", "#00aa55", "#112233"] {
            assert!(confetti.contains(color), "{color} in confetti");
        }
        let mesh = drawn(Pattern::Mesh, &colors);
        assert!(mesh.contains("#00aa55"), "the second colour is the mesh's");
        // With one brand colour, the theme's own colours stay.
        let plain = drawn(Pattern::Confetti, &["#ff5500"]);
        assert!(!plain.contains("#00aa55") && plain.contains("#ff5500"));
        // A colour that is not a colour never reaches the SVG.
        let bad = drawn(Pattern::Confetti, &["#ff5500", "\"/><script>"]);
        assert!(!bad.contains("<script>"));
    }
}
