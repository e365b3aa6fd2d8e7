//! How a photo sits in its slot: cropped around what matters, or shown whole.
//!
//! [`analyse`] looks at a small copy of a photo's pixels once (the companion after decoding
//! it, the studio through the browser's decoder) and says two things: whether it is a
//! *graphic* (a screenshot, chart or slide: large flat areas and sharp detail, whose edges
//! carry content) and where its detail is (the centroid of edge energy, pulled a little
//! towards the centre). [`place`] then frames the photo in a slot: a graphic that a crop
//! would cut is shown whole on a tinted backdrop; anything else fills the slot, cropped so the
//! focus stays as central as the photo allows.

use model::{Analysis, Focus, Framing};

/// The longest side [`analyse`] needs: a thumbnail shows where the detail is as well as the
/// original does, and keeps the work a few thousand pixels.
pub const ANALYSIS_SIDE: u32 = 96;

/// A luma step between neighbours below this is flat (0–255 scale, at [`ANALYSIS_SIDE`]).
const FLAT_STEP: u32 = 3;
/// A luma step above this is a sharp edge: text, chart lines, UI borders.
const SHARP_STEP: u32 = 48;
/// A graphic is at least this share flat ...
const GRAPHIC_FLAT: f32 = 0.45;
/// ... and at least this share sharp edges (a plain gradient or an empty sky is not).
const GRAPHIC_SHARP: f32 = 0.006;
/// How far the focus is pulled back towards the centre: an energy centroid alone overreacts
/// to one busy corner.
const CENTRE_PULL: f32 = 0.25;

/// Looks at an image's pixels: `rgba` is `width × height` RGBA, ideally no larger than
/// [`ANALYSIS_SIDE`] on its longest side (larger works, only slower).
pub fn analyse(rgba: &[u8], width: u32, height: u32) -> Analysis {
    let (w, h) = (width as usize, height as usize);
    if w < 2 || h < 2 || rgba.len() < w * h * 4 {
        return Analysis {
            graphic: false,
            focus: Focus::default(),
        };
    }
    // Luma, with transparency over white (how a transparent screenshot reads on X).
    let luma: Vec<u32> = rgba
        .chunks_exact(4)
        .take(w * h)
        .map(|p| {
            let a = u32::from(p[3]);
            let over = |c: u8| (u32::from(c) * a + 255 * (255 - a)) / 255;
            (over(p[0]) * 299 + over(p[1]) * 587 + over(p[2]) * 114) / 1000
        })
        .collect();
    let (mut flat, mut sharp, mut counted) = (0usize, 0usize, 0usize);
    let (mut sum, mut sum_x, mut sum_y) = (0f64, 0f64, 0f64);
    for y in 0..h - 1 {
        for x in 0..w - 1 {
            let here = luma[y * w + x];
            let step = here.abs_diff(luma[y * w + x + 1]) + here.abs_diff(luma[(y + 1) * w + x]);
            counted += 1;
            if step < FLAT_STEP {
                flat += 1;
            } else if step > SHARP_STEP {
                sharp += 1;
            }
            let energy = f64::from(step);
            sum += energy;
            sum_x += energy * (x as f64 + 0.5);
            sum_y += energy * (y as f64 + 0.5);
        }
    }
    let share = |n: usize| n as f32 / counted as f32;
    let graphic = share(flat) >= GRAPHIC_FLAT && share(sharp) >= GRAPHIC_SHARP;
    let focus = if sum > 0.0 {
        let pull = |c: f64, side: usize| {
            let c = (c / sum / (side - 1) as f64) as f32;
            c + (0.5 - c) * CENTRE_PULL
        };
        Focus {
            x: pull(sum_x, w),
            y: pull(sum_y, h),
        }
    } else {
        Focus::default()
    };
    Analysis { graphic, focus }
}

/// Where a photo is drawn for a slot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Placement {
    /// The whole photo in this box inside the slot (the rest is backdrop).
    Whole { x: f32, y: f32, w: f32, h: f32 },
    /// The photo scaled to cover the slot and drawn at this box (clipped to the slot).
    Fill { x: f32, y: f32, w: f32, h: f32 },
}

/// Frames a photo of aspect `aspect` (width / height) in the slot `(x, y, w, h)`.
pub fn place(framing: &Framing, aspect: f32, slot: (f32, f32, f32, f32)) -> Placement {
    let (x, y, w, h) = slot;
    let slot_aspect = w / h;
    if !(aspect.is_finite() && aspect > 0.0 && slot_aspect.is_finite() && slot_aspect > 0.0) {
        return Placement::Fill { x, y, w, h };
    }
    // The share of the photo a crop to this slot loses.
    let lost = 1.0 - (aspect / slot_aspect).min(slot_aspect / aspect);
    if framing.whole(lost) {
        let (iw, ih) = if aspect > slot_aspect {
            (w, w / aspect)
        } else {
            (h * aspect, h)
        };
        return Placement::Whole {
            x: x + (w - iw) / 2.0,
            y: y + (h - ih) / 2.0,
            w: iw,
            h: ih,
        };
    }
    let (iw, ih) = if aspect > slot_aspect {
        (h * aspect, h)
    } else {
        (w, w / aspect)
    };
    let focus = framing.focus();
    // The crop window centres the focus as far as the photo reaches.
    let offset =
        |focus: f32, drawn: f32, room: f32| (focus * drawn - room / 2.0).clamp(0.0, drawn - room);
    Placement::Fill {
        x: x - offset(focus.x, iw, w),
        y: y - offset(focus.y, ih, h),
        w: iw,
        h: ih,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Fit;

    /// A `w × h` RGBA image painted by `paint(x, y) -> [r, g, b]`.
    fn image(w: u32, h: u32, paint: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
        (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .flat_map(|(x, y)| {
                let [r, g, b] = paint(x, y);
                [r, g, b, 255]
            })
            .collect()
    }

    /// A pseudo-random 0–255 value per pixel (a photo's grain).
    fn grain(x: u32, y: u32) -> u8 {
        let n = x.wrapping_mul(374_761_393) ^ y.wrapping_mul(668_265_263);
        (n.wrapping_mul(1_274_126_177) >> 24) as u8
    }

    #[test]
    fn a_chart_is_a_graphic_and_a_photo_is_not() {
        // A chart: white, with a title's worth of dark strokes top left and bars.
        let chart = image(96, 54, |x, y| {
            let title = y > 4 && y < 9 && x > 6 && x < 50 && x % 3 != 0;
            let bar = x > 20 && y > 20 && y < 46 && (x - 20) % 12 < 6 && y > 46 - (x / 3);
            if title || bar {
                [20, 30, 60]
            } else {
                [255, 255, 255]
            }
        });
        assert!(analyse(&chart, 96, 54).graphic);
        // A photo: grain and shading everywhere.
        let photo = image(96, 64, |x, y| {
            let v = (grain(x, y) / 3).saturating_add((x + y) as u8);
            [v, v / 2 + 40, 90]
        });
        assert!(!analyse(&photo, 96, 64).graphic);
        // A smooth gradient with nothing on it is not a graphic either.
        let sky = image(96, 64, |_, y| [80, 120, 200 + (y / 2) as u8]);
        assert!(!analyse(&sky, 96, 64).graphic);
    }

    #[test]
    fn the_focus_follows_the_detail() {
        // Flat grey with a busy patch on the right third.
        let photo = image(96, 64, |x, y| {
            if x > 64 && y > 16 && y < 48 {
                let v = grain(x, y);
                [v, v, v]
            } else {
                [128, 128, 128]
            }
        });
        let focus = analyse(&photo, 96, 64).focus;
        assert!(focus.x > 0.7, "{focus:?}");
        assert!((focus.y - 0.5).abs() < 0.08, "{focus:?}");
        // Nothing to see: the centre.
        let blank = image(8, 8, |_, _| [0, 0, 0]);
        assert_eq!(analyse(&blank, 8, 8).focus, Focus::default());
        // Too small or short of pixels: the centre, no panic.
        assert_eq!(analyse(&[], 10, 10).focus, Focus::default());
    }

    #[test]
    fn a_crop_keeps_the_focus_in_view_and_never_leaves_the_photo() {
        let framing = Framing {
            focus: Some(Focus { x: 0.9, y: 0.5 }),
            ..Framing::default()
        };
        // A 2:1 photo in a square slot: the crop slides right, up to the photo's edge.
        let Placement::Fill { x, y, w, h } = place(&framing, 2.0, (100.0, 0.0, 400.0, 400.0))
        else {
            panic!("a photo fills")
        };
        assert_eq!((w, h), (800.0, 400.0));
        assert_eq!(y, 0.0);
        assert_eq!(x, 100.0 - 400.0, "the right half, as far as the photo goes");
        // Centred by default.
        let Placement::Fill { x, .. } = place(&Framing::default(), 2.0, (0.0, 0.0, 400.0, 400.0))
        else {
            panic!()
        };
        assert_eq!(x, -200.0);
        // A hostile focus stays inside the photo.
        let wild = Framing {
            focus: Some(Focus {
                x: f32::NAN,
                y: 40.0,
            }),
            ..Framing::default()
        };
        let Placement::Fill { x, y, .. } = place(&wild, 0.5, (0.0, 0.0, 400.0, 400.0)) else {
            panic!()
        };
        assert_eq!((x, y), (0.0, -400.0));
    }

    #[test]
    fn a_graphic_is_shown_whole_when_a_crop_would_cut_it() {
        let graphic = Framing {
            analysis: Some(Analysis {
                graphic: true,
                focus: Focus::default(),
            }),
            ..Framing::default()
        };
        // A 16:9 chart in a square slot: whole, centred, letterboxed.
        assert_eq!(
            place(&graphic, 16.0 / 9.0, (0.0, 0.0, 900.0, 900.0)),
            Placement::Whole {
                x: 0.0,
                y: 196.875,
                w: 900.0,
                h: 506.25
            }
        );
        // Nearly the slot's shape: a crop of a few per cent loses nothing that matters.
        assert!(matches!(
            place(&graphic, 1.03, (0.0, 0.0, 900.0, 900.0)),
            Placement::Fill { .. }
        ));
        // The user decides: fill a graphic, show a photo whole.
        let filled = Framing {
            fit: Fit::Fill,
            ..graphic
        };
        assert!(matches!(
            place(&filled, 16.0 / 9.0, (0.0, 0.0, 900.0, 900.0)),
            Placement::Fill { .. }
        ));
        let whole = Framing {
            fit: Fit::Whole,
            ..Framing::default()
        };
        assert!(matches!(
            place(&whole, 0.5, (0.0, 0.0, 900.0, 900.0)),
            Placement::Whole {
                w: 450.0,
                h: 900.0,
                ..
            }
        ));
    }
}
