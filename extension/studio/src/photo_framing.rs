//! Looks at the deck's photos once, in the page, so the preview frames them as the export
//! will: a chart or a screenshot shown whole, a photo cropped around its content
//! (`layout::framing`). The analysis is stored in the deck, and the companion keeps an analysis
//! that comes with a photo instead of making its own: preview and export agree even where the
//! browser's downscaling differs from the companion's by a pixel.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use model::Analysis;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app::Studio;

thread_local! {
    /// What each photo showed, by URL: a photo used again (an undo, another deck) is not
    /// decoded twice.
    static SEEN: RefCell<HashMap<String, Analysis>> = RefCell::new(HashMap::new());
    /// Photos being decoded now.
    static PENDING: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// Keeps every photo of the working deck analysed: whenever the deck gains a photo without an
/// analysis, decodes it small and records what it showed. Not an undo step (the user did
/// nothing); the autosave keeps it.
pub fn keep_photos_analysed(studio: Studio) {
    Effect::new(move |_| {
        let waiting = studio.board.with(|board| board.photos_to_analyse());
        let mut known = Vec::new();
        for (post, index, url) in waiting {
            if let Some(analysis) = SEEN.with(|seen| seen.borrow().get(&url).copied()) {
                known.push((post, index, analysis));
                continue;
            }
            // Only `data:` photos: an https one would taint the canvas (and the studio's decks
            // carry theirs inline); the companion analyses whatever is left.
            if !url.starts_with("data:image/")
                || !PENDING.with(|p| p.borrow_mut().insert(url.clone()))
            {
                continue;
            }
            leptos::task::spawn_local(async move {
                let analysis = analyse(&url).await;
                PENDING.with(|p| p.borrow_mut().remove(&url));
                match analysis {
                    Ok(analysis) => {
                        SEEN.with(|seen| seen.borrow_mut().insert(url.clone(), analysis));
                        // Runs the effect again, which applies it to every photo with this URL.
                        studio.board.update(|_| {});
                    }
                    Err(err) => web_sys::console::warn_1(
                        &format!("Could not look at a photo to frame it: {err}").into(),
                    ),
                }
            });
        }
        if !known.is_empty() {
            let changed = studio.board.with_untracked(|board| {
                let mut next = board.clone();
                let mut changed = false;
                for (post, index, analysis) in &known {
                    changed |= next.set_analysis(post, *index, *analysis);
                }
                changed.then_some(next)
            });
            if let Some(next) = changed {
                studio.board.set(next);
            }
        }
    });
}

/// Decodes a photo to at most `layout::framing::ANALYSIS_SIDE` pixels a side and analyses it.
async fn analyse(url: &str) -> Result<Analysis, String> {
    let describe = |e: wasm_bindgen::JsValue| crate::chrome::describe(&e);
    let image = web_sys::HtmlImageElement::new().map_err(describe)?;
    image.set_src(url);
    JsFuture::from(image.decode()).await.map_err(describe)?;
    let (width, height) = (image.natural_width(), image.natural_height());
    if width == 0 || height == 0 {
        return Err("it has no pixels".to_owned());
    }
    let side = layout::framing::ANALYSIS_SIDE as f64;
    let scale = (side / width.max(height) as f64).min(1.0);
    let w = ((width as f64 * scale).round() as u32).max(1);
    let h = ((height as f64 * scale).round() as u32).max(1);
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "not a canvas")?;
    canvas.set_width(w);
    canvas.set_height(h);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(describe)?
        .ok_or("no 2D context")?
        .dyn_into()
        .map_err(|_| "not a 2D context")?;
    context
        .draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, w as f64, h as f64)
        .map_err(describe)?;
    let pixels = context
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .map_err(describe)?
        .data();
    Ok(layout::framing::analyse(&pixels.0, w, h))
}
