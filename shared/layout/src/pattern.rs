//! Background patterns: plain vector shapes (paths, circles, gradients) coloured by the theme,
//! so they stay vectors in the PDF. They sit under everything, faint enough to keep text
//! readable; each slide shifts its pattern a little so a carousel does not look stamped.

use super::look::Look;
use crate::svg::{escape, num};
use model::design::Pattern;
use model::themes::normalise_hex;

pub fn draw(out: &mut String, look: &Look, index: usize) {
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
    // Hairlines read stronger on dark themes: fade them more.
    let faint = if theme.dark { 0.55 } else { 0.8 };
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
                let (mut x, mut y) = (next() * w, next() * h);
                // Push pieces out of the middle band.
                if x > w * 0.12 && x < w * 0.88 && y > h * 0.2 && y < h * 0.85 {
                    if next() < 0.5 {
                        y = if y < h / 2.0 {
                            y * 0.25
                        } else {
                            h - (h - y) * 0.2
                        };
                    } else {
                        x = if x < w / 2.0 {
                            x * 0.15
                        } else {
                            w - (w - x) * 0.15
                        };
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
            let blobs = [
                (0.0, 0.0, 0.75, &accent, 0.30),
                (1.0, 0.35, 0.7, &secondary, 0.22),
                (0.2, 1.0, 0.8, &accent, 0.20),
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
        draw(&mut out, &look, 0);
        out
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
