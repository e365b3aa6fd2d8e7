//! The studio page of the Carousel Studio extension: a Leptos (client-side rendered) app,
//! compiled to WASM, where a user designs a carousel from collected post cards.
//!
//! The preview is the export: it shows the SVG documents of [`layout::layout_deck`] for the
//! working deck, measured with the same font files the companion renders with (registered with
//! the page by `fonts`). Export sends that deck to the companion over the page's own
//! native-messaging port. The working deck autosaves to `chrome.storage.local`.
//!
//! What the studio edits is plain Rust in the `editor` crate (`extension/editor`: the board, the
//! library's data, storage, thumbnails), tested natively; this crate is the page over it and is
//! built for wasm32 only. Modules: [`chrome`] (extension API bindings), [`fonts`],
//! [`companion`] (the native-messaging port), [`export`], [`library`] (profiles and presets,
//! kept in the companion's store), and the views ([`app`], `controls`, `board_view`,
//! `preview`); `board`, `store` and `thumbs` are the editor's.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub use editor::{board, store, thumbs};

pub mod app;
mod board_view;
pub mod chrome;
pub mod companion;
mod controls;
pub mod export;
pub mod fonts;
pub mod library;
mod photo_framing;
mod post_text;
mod preview;

use wasm_bindgen::prelude::*;

/// Largest avatar or logo accepted from an upload.
const MAX_UPLOAD_BYTES: f64 = 5.0 * 1024.0 * 1024.0;

/// Mounts the studio into the page (called by `studio.js` once the module is initialised).
#[wasm_bindgen]
pub fn start() -> Result<(), JsValue> {
    install_panic_hook();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .ok_or_else(|| JsValue::from_str("studio.html has no #app element"))?;
    let root: web_sys::HtmlElement = root.dyn_into()?;
    root.set_inner_html("");
    leptos::mount::mount_to(root, app::App).forget();
    Ok(())
}

/// Shows a panic in the page (the `#panic` banner of studio.html) as well as in the console:
/// a bug must never look like a frozen page.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!(
            "Carousel Studio hit a bug and stopped: {info}. Your work up to the last autosave \
             is kept; reload the page to continue."
        );
        web_sys::console::error_1(&JsValue::from_str(&message));
        if let Some(banner) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("panic"))
        {
            banner.set_text_content(Some(&message));
            let _ = banner.remove_attribute("hidden");
        }
    }));
}

/// An uploaded image as a `data:` URL (the companion reads no files for the browser).
pub async fn image_data_url(file: &web_sys::File) -> Result<String, String> {
    if file.size() > MAX_UPLOAD_BYTES {
        return Err(format!(
            "{} is larger than 5 MB; choose a smaller image",
            file.name()
        ));
    }
    let mime = file.type_();
    if !mime.starts_with("image/") {
        return Err(format!("{} is not an image", file.name()));
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| chrome::describe(&e))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
    Ok(format!("data:{mime};base64,{encoded}"))
}
