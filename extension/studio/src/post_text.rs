//! The post text panel: the LinkedIn caption, the Instagram caption and the alt text that go
//! with the carousel, as the companion saves them in `<base>-post.txt`. Each shows what the
//! layout wrote from the deck until the user edits it; an edit is saved in the deck (and so
//! exported), and "Use the written text" takes it back.
//!
//! The texts are shown as textarea values (never as markup), like every scraped text here.

use std::time::Duration;

use editor::board::PostTextField;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app::{Studio, use_studio};

/// What a Copy button says after it was pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copied {
    No,
    Yes,
    /// The browser refused the clipboard: the text is selected for the user to copy.
    Refused,
}

#[component]
pub fn PostTextPanel() -> impl IntoView {
    view! {
        <details class="panel panel-post-text" id="post-text">
            <summary class="panel-title">"Post text: captions and alt text"</summary>
            <p class="hint">"Saved beside the slides as …-post.txt. Edit it here: your words are kept with the carousel."</p>
            {PostTextField::ALL.iter().map(|&field| view! { <PostTextBox field/> }).collect_view()}
        </details>
    }
}

#[component]
fn PostTextBox(field: PostTextField) -> impl IntoView {
    let studio = use_studio();
    let id = format!("post-text-{}", field.name());
    let copied = RwSignal::new(Copied::No);
    let edited = move || studio.board.with(|b| b.post_text(field).is_some());
    // The user's text as typed (so typing never loses a trailing space), else what was written.
    let value = move || {
        studio
            .board
            .with(|b| b.post_text(field).map(str::to_owned))
            .unwrap_or_else(|| written(studio, field))
    };
    let count = move || {
        let text = value();
        match field {
            PostTextField::LinkedIn => {
                format!(
                    "{} / {}",
                    text.chars().count(),
                    layout::caption::LINKEDIN_MAX_CHARS
                )
            }
            PostTextField::Instagram => {
                format!(
                    "{} / {}",
                    text.chars().count(),
                    layout::caption::INSTAGRAM_MAX_CHARS
                )
            }
            PostTextField::Alt => {
                let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
                let slides = studio
                    .carousel
                    .with(|r| r.as_ref().map(|c| c.slides.len()).unwrap_or(0));
                format!("{lines} lines · {slides} slides")
            }
        }
    };
    let area_id = id.clone();
    let copy = move |_| {
        let text = value();
        let area_id = area_id.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let done = match web_sys::window() {
                Some(window) => JsFuture::from(window.navigator().clipboard().write_text(&text))
                    .await
                    .is_ok(),
                None => false,
            };
            if !done {
                // Without clipboard access the text is selected, so Ctrl+C copies it.
                if let Some(area) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(&area_id))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                {
                    area.select();
                }
            }
            copied.set(if done { Copied::Yes } else { Copied::Refused });
            set_timeout(move || copied.set(Copied::No), Duration::from_secs(3));
        });
    };
    let rows = if field == PostTextField::Alt { 6 } else { 8 };
    view! {
        <div class="post-text-field" data-field=field.name()>
            <div class="post-text-head">
                <label class="label" for=id.clone()>{field.label()}</label>
                <span class="count" id=format!("{id}-count")>{count}</span>
            </div>
            <textarea class="post-text" id=id.clone() rows=rows spellcheck="true"
                prop:value=value
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    studio.edit(Some(&format!("post-text:{}", field.name())), |b| b.set_post_text(field, &text));
                }
                on:blur=move |_| studio.seal()></textarea>
            <div class="post-text-actions">
                <button type="button" class="btn btn-small" id=format!("{id}-copy") on:click=copy>
                    {move || match copied.get() {
                        Copied::No => "Copy",
                        Copied::Yes => "Copied",
                        Copied::Refused => "Press Ctrl+C to copy",
                    }}
                </button>
                <Show when=edited>
                    <button type="button" class="btn btn-small" id=format!("{id}-reset")
                        on:click=move |_| studio.edit(None, |b| b.reset_post_text(field))>
                        "Use the written text"
                    </button>
                </Show>
            </div>
        </div>
    }
}

/// What the layout wrote for `field` (with the deck's other edits in place).
fn written(studio: Studio, field: PostTextField) -> String {
    studio.carousel.with(|result| {
        let Ok(carousel) = result else {
            return String::new();
        };
        let post = &carousel.post;
        match field {
            PostTextField::LinkedIn => post.linkedin.clone(),
            PostTextField::Instagram => post.instagram.clone(),
            PostTextField::Alt => post.alt.join("\n"),
        }
    })
}
