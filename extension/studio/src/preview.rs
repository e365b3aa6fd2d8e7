//! The preview column: the laid-out slides exactly as the companion will render them, and the
//! export panel.
//!
//! The slides are the SVG documents `layout::layout_deck` produced (all text escaped by the
//! layout), inserted as markup; this module never builds markup from scraped text.

use leptos::prelude::*;
use protocol::Platform;
use strum::VariantArray;

use crate::app::use_studio;
use crate::companion::INSTALL_COMMAND;
use crate::export::{self, ExportState};

#[component]
pub fn Preview() -> impl IntoView {
    let studio = use_studio();
    let size = move || {
        studio.board.with(|b| {
            let canvas = b.deck.design.canvas();
            (canvas.width, canvas.height)
        })
    };
    let slides = move || {
        studio.carousel.with(|result| match result {
            Ok(carousel) => carousel
                .slides
                .iter()
                .enumerate()
                .map(|(i, svg)| {
                    let style = format!("aspect-ratio:{} / {}", carousel.width, carousel.height);
                    view! {
                        <li class="preview-slide">
                            <div class="preview-frame" id=format!("preview-{i}") data-index=i.to_string()
                                style=style inner_html=svg.clone()></div>
                            <span class="preview-number">{format!("{} / {}", i + 1, carousel.slides.len())}</span>
                        </li>
                    }
                })
                .collect_view()
                .into_any(),
            Err(message) if message.is_empty() => view! {
                <li class="empty"><p class="hint">"The preview shows here once the carousel has slides."</p></li>
            }
            .into_any(),
            Err(message) => {
                let (w, h) = size();
                let style = format!("aspect-ratio:{w} / {h}");
                view! {
                    <li class="preview-slide">
                        <div class="preview-frame preview-pending" style=style>
                            <p class="hint">{message.clone()}</p>
                        </div>
                    </li>
                }
                .into_any()
            }
        })
    };
    let warnings = move || {
        studio
            .carousel
            .with(|r| r.as_ref().map(|c| c.warnings.clone()).unwrap_or_default())
    };
    view! {
        <section class="panel panel-preview" aria-labelledby="h-preview">
            <div class="panel-head">
                <h2 class="panel-title" id="h-preview">"Preview"</h2>
                <span class="count" id="preview-meta">{move || {
                    let (w, h) = size();
                    let n = studio.carousel.with(|r| r.as_ref().map(|c| c.slides.len()).unwrap_or(0));
                    format!("{n} slides · {w}×{h}")
                }}</span>
            </div>
            <Show when=move || !warnings().is_empty()>
                <ul class="warnings">
                    {move || warnings().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                </ul>
            </Show>
            <ol class="preview-list" id="preview">{slides}</ol>
        </section>
    }
}

#[component]
pub fn ExportPanel() -> impl IntoView {
    let studio = use_studio();
    let busy = move || {
        matches!(
            studio.export.get(),
            ExportState::Starting | ExportState::Rendering { .. }
        )
    };
    view! {
        <section class="panel panel-export" aria-labelledby="h-export">
            <h2 class="panel-title" id="h-export">"Export"</h2>
            <div class="export-row">
                <label class="sr-only" for="platform">"Files"</label>
                <select id="platform" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    studio.platform.set(value.parse().unwrap_or_default());
                }>
                    {Platform::VARIANTS.iter().map(|&p| {
                        view! { <option value=p.name() prop:selected=move || studio.platform.get() == p>{p.label()}</option> }
                    }).collect_view()}
                </select>
                <button type="button" class="btn btn-primary" id="export"
                    prop:disabled=move || busy() || studio.carousel.with(|r| r.is_err())
                    on:click=move |_| export::start(studio)>
                    {move || if busy() { "Exporting…" } else { "Export" }}
                </button>
            </div>
            <div class="export-status" id="export-status" aria-live="polite">
                {move || match studio.export.get() {
                    ExportState::Idle => view! {
                        <p class="hint">"Saved to your Downloads folder by the Carousel Studio companion."</p>
                    }.into_any(),
                    ExportState::Starting => view! {
                        <div class="progress"><div class="progress-bar indeterminate"></div></div>
                        <p class="hint">"Sending the deck to the companion…"</p>
                    }.into_any(),
                    ExportState::Rendering { done, total } => {
                        let percent = (done * 100).checked_div(total).unwrap_or(0);
                        view! {
                            <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax=total.to_string() aria-valuenow=done.to_string()>
                                <div class="progress-bar" style=format!("width:{percent}%")></div>
                            </div>
                            <p class="hint" id="export-progress">{format!("Rendering slide {done} of {total}")}</p>
                        }.into_any()
                    }
                    ExportState::Saved { files, warnings } => view! {
                        <p class="ok">"Saved:"</p>
                        {warnings.into_iter().map(|warning| view! {
                            <p class="hint export-warning">{warning}</p>
                        }).collect_view()}
                        <ul class="files" id="export-files">
                            {files.into_iter().map(|file| {
                                let name = file.rsplit(['/', '\\']).next().unwrap_or(&file).to_owned();
                                let path = file.clone();
                                view! {
                                    <li>
                                        <span class="file-name" title=file.clone()>{name}</span>
                                        <button type="button" class="btn btn-small" data-action="reveal"
                                            on:click=move |_| export::reveal(studio, &path)>"Show in folder"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    ExportState::Failed { message, install } => view! {
                        <div class="banner banner-error" id="export-error" role="alert">
                            <p>{message}</p>
                            {install.then(|| view! {
                                <p>"Install the companion once, then export again:"</p>
                                <code class="command">{INSTALL_COMMAND}</code>
                                <p class="hint">"Download the carousel-studio binary for your system, run the command above in a terminal, and restart the browser if it asks."</p>
                            })}
                        </div>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}
