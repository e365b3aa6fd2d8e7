//! The board column: the source post cards and "Build Your Carousel" (the slides in order).
//!
//! Every drag has a keyboard path: select a card (its "Select" button), then "Add here" or
//! "Replace" on a slide; slides move with ↑ / ↓. Drags keep what is dragged in a signal, so
//! synthetic HTML5 drag events (tests) work like real ones.

use leptos::prelude::*;
use model::Post;
use model::deck::{DeckSlide, PostPart, PostRef};
use model::design::SlideShape;
use model::{Fit, Focus};
use wasm_bindgen::JsCast;

use crate::app::{Drag, Studio, use_studio};
use crate::board::Drop;
use editor::images::safe_image;

#[component]
pub fn Sources() -> impl IntoView {
    let studio = use_studio();
    let empty = move || studio.sources.with(Vec::is_empty);
    view! {
        <section class="panel" aria-labelledby="h-sources">
            <div class="panel-head">
                <h2 class="panel-title" id="h-sources">"Source Content"</h2>
                <span class="count">{move || {
                    let n = studio.sources.with(Vec::len);
                    if n == 1 { "1 post".to_owned() } else { format!("{n} posts") }
                }}</span>
            </div>
            <Show
                when=move || !empty()
                fallback=|| view! {
                    <div class="empty">
                        <p class="empty-title">"No posts collected yet"</p>
                        <p class="hint">
                            "Open a thread on x.com and click “Make carousel”, or right-click a post and choose “Add post to carousel”. The posts show up here."
                        </p>
                    </div>
                }
            >
                <p class="hint">"Drag a card onto a slide, or select it and use the slide's “Add here” button."</p>
                <ul class="cards" id="source-cards">
                    {move || studio.sources.get().into_iter().map(|post| view! { <Card post/> }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn Card(post: Post) -> impl IntoView {
    let studio = use_studio();
    let id = post.id.clone();
    let selected = Memo::new({
        let id = id.clone();
        move |_| studio.selected_card.get().as_deref() == Some(id.as_str())
    });
    let avatar = post.author.avatar.as_deref().and_then(safe_image);
    let photos: Vec<String> = post.images.iter().filter_map(|i| safe_image(i)).collect();
    let has_images = !photos.is_empty();
    let links = post.links.clone();
    let (drag_id, select_id) = (id.clone(), id.clone());
    let whole = post.clone();
    let insert = move |part: PostPart| {
        let post = whole.clone();
        move |_| insert_post(studio, &post, part)
    };
    view! {
        <li
            class="card"
            class:selected=move || selected.get()
            data-post=id.clone()
            draggable="true"
            on:dragstart=move |ev| {
                studio.dragging.set(Some(Drag::Post(drag_id.clone())));
                if let Some(dt) = ev.data_transfer() {
                    let _ = dt.set_data("text/plain", &drag_id);
                    dt.set_effect_allowed("copy");
                }
            }
            on:dragend=move |_| studio.dragging.set(None)
        >
            <div class="card-head">
                {match avatar {
                    Some(src) => view! { <img class="avatar" src=src alt="" width="36" height="36"/> }.into_any(),
                    None => view! { <span class="avatar avatar-empty" aria-hidden="true"></span> }.into_any(),
                }}
                <div class="who">
                    <span class="name">{post.author.name.clone()}</span>
                    <span class="handle">{format!("@{}", post.author.handle)}</span>
                </div>
                <button
                    type="button"
                    class="btn btn-small select-card"
                    aria-pressed=move || selected.get().to_string()
                    on:click=move |_| {
                        let id = select_id.clone();
                        studio.selected_card.update(|s| {
                            *s = if s.as_deref() == Some(id.as_str()) { None } else { Some(id) };
                        });
                    }
                >
                    {move || if selected.get() { "Selected" } else { "Select" }}
                </button>
            </div>
            <p class="card-text">{layout::display_text(&post.text, &post.links)}</p>
            {(!links.is_empty()).then(|| view! {
                <ul class="links">
                    {links.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                </ul>
            })}
            {has_images.then(|| view! {
                <div class="photos">
                    {photos.into_iter().map(|src| view! { <img src=src alt="" loading="lazy"/> }).collect_view()}
                </div>
            })}
            <div class="card-actions">
                <span class="hint">"Insert into "{move || target_label(studio)}":"</span>
                <button type="button" class="btn btn-small" data-insert="all" on:click=insert(PostPart::All)>"Post"</button>
                <button type="button" class="btn btn-small" data-insert="text" on:click=insert(PostPart::Text)>"Text"</button>
                <button type="button" class="btn btn-small" data-insert="images" prop:disabled=!has_images on:click=insert(PostPart::Images)>"Images"</button>
            </div>
        </li>
    }
}

/// Where the quick buttons insert: the selected slide, else a new slide.
fn target_label(studio: Studio) -> String {
    let selected = studio.selected_slide.get();
    studio
        .board
        .with(|b| match selected.and_then(|key| b.index_of(key)) {
            Some(index) => format!("slide {}", index + 1),
            None => "a new slide".to_owned(),
        })
}

/// The quick buttons: into the selected slide (appended), else as a new slide.
fn insert_post(studio: Studio, post: &Post, part: PostPart) {
    let selected = studio.selected_slide.get_untracked();
    studio.edit(None, |board| {
        match selected.and_then(|key| board.index_of(key)) {
            Some(index) => board.drop_post(index, post, part, Drop::Append),
            None => {
                let key = board.add_post_slide(post, part);
                studio.selected_slide.set(Some(key));
                true
            }
        }
    });
    studio.announce.set("Inserted".to_owned());
}

#[component]
pub fn Slides() -> impl IntoView {
    let studio = use_studio();
    let keys = move || studio.board.with(|b| b.keys.clone());
    view! {
        <section class="panel" aria-labelledby="h-slides">
            <div class="panel-head">
                <h2 class="panel-title" id="h-slides">"Build Your Carousel"</h2>
                <span class="count">{move || format!("{} slides", studio.board.with(|b| b.deck.slides.len()))}</span>
            </div>
            <div class="toolbar">
                <button type="button" class="btn" id="add-text-slide"
                    on:click=move |_| {
                        studio.edit(None, |b| { let key = b.add_text_slide("Title", "Your text"); studio.selected_slide.set(Some(key)); true });
                    }>"+ Text slide"</button>
                <button type="button" class="btn" id="add-blank-slide"
                    on:click=move |_| {
                        studio.edit(None, |b| { let key = b.add_text_slide("", ""); studio.selected_slide.set(Some(key)); true });
                    }>"+ Blank slide"</button>
                <button type="button" class="btn" id="add-outro"
                    prop:disabled=move || studio.board.with(|b| b.deck.slides.contains(&DeckSlide::Outro))
                    on:click=move |_| studio.edit(None, |b| b.add_outro().is_some())>"+ Outro"</button>
                <button type="button" class="btn btn-ghost" id="start-over"
                    prop:disabled=move || studio.last_thread.with(Option::is_none)
                    title="Rebuild the slides from the last collected thread with the current template"
                    on:click=move |_| studio.start_over()>"↺ Rebuild from thread"</button>
            </div>
            <Show when=move || studio.board.with(|b| b.deck.slides.is_empty())>
                <div class="empty"><p class="hint">"No slides yet. Add a text slide, or collect a thread."</p></div>
            </Show>
            <ol class="slides" id="slides">
                <For each=keys key=|key| *key children=move |key| view! { <SlideCard key/> }/>
            </ol>
        </section>
    }
}

fn kind_label(slide: &DeckSlide) -> &'static str {
    match slide {
        DeckSlide::Cover { .. } => "Cover",
        DeckSlide::Post { .. } => "Post",
        DeckSlide::Text { .. } => "Text",
        DeckSlide::Outro => "Outro",
    }
}

fn part_label(part: PostPart) -> &'static str {
    match part {
        PostPart::All => "post",
        PostPart::Text => "text",
        PostPart::Images => "images",
    }
}

#[component]
fn SlideCard(key: u64) -> impl IntoView {
    let studio = use_studio();
    let index = Memo::new(move |_| studio.board.with(|b| b.index_of(key)));
    let slide = Memo::new(move |_| {
        studio
            .board
            .with(|b| b.index_of(key).and_then(|i| b.deck.slides.get(i).cloned()))
    });
    let count = move || studio.board.with(|b| b.deck.slides.len());
    let at = move || index.get().unwrap_or(0);
    let number = move || at() + 1;
    let selected = move || studio.selected_slide.get() == Some(key);
    let drop_target = RwSignal::new(false);
    let text = move || {
        studio
            .board
            .with(|b| b.slide_text(index.get().unwrap_or(usize::MAX)))
    };
    let edited = move || {
        studio
            .board
            .with(|b| b.is_edited(index.get().unwrap_or(usize::MAX)))
    };
    let is_outro = move || slide.with(|s| matches!(s, Some(DeckSlide::Outro)));
    let is_text = move || slide.with(|s| matches!(s, Some(DeckSlide::Text { .. })));
    let title = move || {
        slide.with(|s| match s {
            Some(DeckSlide::Text { title, .. }) => title.clone(),
            _ => String::new(),
        })
    };
    let refs = move || {
        slide.with(|s| match s {
            Some(DeckSlide::Post { posts, .. }) => posts.clone(),
            Some(DeckSlide::Cover { post, .. }) => vec![PostRef::all(post)],
            _ => Vec::new(),
        })
    };
    let shape = move || {
        studio
            .board
            .with(|b| b.shape(index.get().unwrap_or(usize::MAX)))
    };
    let card_selected = move || studio.selected_card.get().is_some();
    let on_drop = move |how: Drop| {
        move |ev: leptos::ev::DragEvent| {
            ev.prevent_default();
            drop_target.set(false);
            let dragging = studio.dragging.get_untracked();
            studio.dragging.set(None);
            let Some(to) = index.get_untracked() else {
                return;
            };
            match dragging {
                Some(Drag::Post(id)) => {
                    if let Some(post) = studio.post(&id) {
                        studio.edit(None, |b| b.drop_post(to, &post, PostPart::All, how));
                        studio
                            .announce
                            .set(format!("Card dropped on slide {}", to + 1));
                    }
                }
                Some(Drag::Slide(from_key)) => {
                    studio.edit(None, |b| match b.index_of(from_key) {
                        Some(from) => b.move_slide(from, to),
                        None => false,
                    });
                    studio
                        .announce
                        .set(format!("Slide moved to position {}", to + 1));
                }
                None => {}
            }
        }
    };
    let with_selected_card = move |how: Drop| {
        move |_| {
            let Some(id) = studio.selected_card.get_untracked() else {
                return;
            };
            let Some(post) = studio.post(&id) else { return };
            let Some(to) = index.get_untracked() else {
                return;
            };
            studio.edit(None, |b| b.drop_post(to, &post, PostPart::All, how));
            studio
                .announce
                .set(format!("Card placed on slide {}", to + 1));
        }
    };
    let moved = move |delta: isize| {
        move |_| {
            let Some(from) = index.get_untracked() else {
                return;
            };
            let to = from.saturating_add_signed(delta);
            studio.edit(None, |b| b.move_slide(from, to));
            studio
                .announce
                .set(format!("Slide moved to position {}", to + 1));
        }
    };
    view! {
        <li
            class="slide-card"
            class:selected=selected
            class:drop-target=move || drop_target.get()
            data-slide=move || at().to_string()
            data-kind=move || slide.with(|s| s.as_ref().map(kind_label).unwrap_or_default())
            draggable="true"
            on:dragstart=move |ev| {
                // Dragging from inside a text box selects text instead.
                studio.dragging.set(Some(Drag::Slide(key)));
                if let Some(dt) = ev.data_transfer() {
                    let _ = dt.set_data("text/plain", &format!("slide {}", number()));
                    dt.set_effect_allowed("move");
                }
            }
            on:dragend=move |_| { studio.dragging.set(None); drop_target.set(false); }
            on:dragover=move |ev| { ev.prevent_default(); drop_target.set(true); }
            on:dragleave=move |_| drop_target.set(false)
            on:drop=on_drop(Drop::Append)
            on:click=move |_| studio.selected_slide.set(Some(key))
        >
            <div class="slide-head">
                <span class="slide-number" aria-hidden="true">{number}</span>
                <span class="slide-kind">{move || slide.with(|s| s.as_ref().map(kind_label).unwrap_or_default())}</span>
                <span class="sr-only">{move || format!("Slide {}", number())}</span>
                <div class="slide-tools">
                    <button type="button" class="icon-btn" data-action="up" title="Move up" aria-label=move || format!("Move slide {} up", number())
                        prop:disabled=move || at() == 0 on:click=moved(-1)>"↑"</button>
                    <button type="button" class="icon-btn" data-action="down" title="Move down" aria-label=move || format!("Move slide {} down", number())
                        prop:disabled=move || { at() + 1 >= count() } on:click=moved(1)>"↓"</button>
                    <button type="button" class="icon-btn" data-action="duplicate" title="Duplicate" aria-label=move || format!("Duplicate slide {}", number())
                        on:click=move |_| studio.edit(None, |b| b.duplicate(index.get_untracked().unwrap_or(usize::MAX)).is_some())>"⧉"</button>
                    <button type="button" class="icon-btn danger" data-action="delete" title="Delete" aria-label=move || format!("Delete slide {}", number())
                        prop:disabled=move || { count() <= 1 }
                        on:click=move |_| studio.edit(None, |b| b.delete(index.get_untracked().unwrap_or(usize::MAX)))>"✕"</button>
                </div>
            </div>
            <Show when=move || studio.dragging.with(|d| matches!(d, Some(Drag::Post(_))))>
                <div class="drop-zones">
                    <div class="drop-zone" data-drop="replace"
                        on:dragover=move |ev| ev.prevent_default()
                        on:drop=move |ev: leptos::ev::DragEvent| { ev.stop_propagation(); on_drop(Drop::Replace)(ev) }>"Replace"</div>
                    <div class="drop-zone" data-drop="append"
                        on:dragover=move |ev| ev.prevent_default()
                        on:drop=move |ev: leptos::ev::DragEvent| { ev.stop_propagation(); on_drop(Drop::Append)(ev) }>"Append"</div>
                </div>
            </Show>
            <ul class="chips">
                {move || refs().into_iter().enumerate().map(|(i, r)| {
                    let post = studio.post(&r.id);
                    let label = post.map(|p| format!("@{} · {}", p.author.handle, p.text.chars().take(48).collect::<String>())).unwrap_or_else(|| r.id.clone());
                    let removable = slide.with_untracked(|s| matches!(s, Some(DeckSlide::Post { .. })));
                    view! {
                        <li class="chip">
                            <span class="chip-part">{part_label(r.part)}</span>
                            <span class="chip-text">{label}</span>
                            {removable.then(|| view! {
                                <button type="button" class="icon-btn small" aria-label="Remove this card from the slide"
                                    on:click=move |ev| { ev.stop_propagation(); studio.edit(None, |b| b.remove_ref(index.get_untracked().unwrap_or(usize::MAX), i)); }>"×"</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=is_text>
                <input type="text" class="slide-title" placeholder="Title"
                    aria-label=move || format!("Title of slide {}", number())
                    prop:value=title
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        studio.edit(Some(&format!("title:{key}")), |b| b.set_title(index.get_untracked().unwrap_or(usize::MAX), &value));
                    }
                    on:blur=move |_| studio.seal()/>
            </Show>
            <Show when=move || !is_outro() fallback=|| view! { <p class="hint">"The call to action: edit it under Outro Slide CTA."</p> }>
                <textarea class="slide-text" rows="3"
                    aria-label=move || format!("Text of slide {}", number())
                    placeholder="Slide text"
                    prop:value=text
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        studio.edit(Some(&format!("text:{key}")), |b| b.set_text(index.get_untracked().unwrap_or(usize::MAX), &value));
                    }
                    on:blur=move |_| studio.seal()></textarea>
                <Show when=edited>
                    <button type="button" class="btn btn-small" on:click=move |_| studio.edit(None, |b| b.reset_text(index.get_untracked().unwrap_or(usize::MAX)))>"Use the post's own text"</button>
                </Show>
            </Show>
            <Show when=move || shape().is_some()>
                <label class="slide-shape-field">"Show as "
                    <select class="slide-shape"
                        aria-label=move || format!("Show slide {} as", number())
                        on:change=move |ev| {
                            let Some(value) = SlideShape::from_name(&event_target_value(&ev)) else {
                                return;
                            };
                            studio.edit(None, |b| b.set_shape(index.get_untracked().unwrap_or(usize::MAX), value));
                        }>
                        {SlideShape::ALL.iter().map(|&option| view! {
                            <option value=option.name() prop:selected=move || shape() == Some(option)>{option.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <SlidePhotos refs=Signal::derive(refs) number=Signal::derive(number)/>
            <Show when=card_selected>
                <div class="keyboard-drop">
                    <button type="button" class="btn btn-small btn-accent" data-action="add-here" on:click=with_selected_card(Drop::Append)>
                        {move || format!("Add selected card to slide {}", number())}
                    </button>
                    <button type="button" class="btn btn-small" data-action="replace" on:click=with_selected_card(Drop::Replace)>"Replace"</button>
                </div>
            </Show>
        </li>
    }
}

/// The photos of a post slide's cards: how each is framed (automatic, cropped or whole), and
/// where a crop centres (click the photo at the point to keep in view).
#[component]
fn SlidePhotos(refs: Signal<Vec<PostRef>>, number: Signal<usize>) -> impl IntoView {
    let studio = use_studio();
    // (post id, photo index, URL) of every photo shown on this slide's cards.
    let photos = move || {
        let ids: Vec<String> = refs
            .get()
            .into_iter()
            .filter(|r| matches!(r.part, PostPart::All | PostPart::Images))
            .map(|r| r.id)
            .collect();
        studio.board.with(|b| {
            ids.iter()
                .filter_map(|id| b.deck.post(id))
                .flat_map(|post| {
                    post.images
                        .iter()
                        .enumerate()
                        .filter_map(|(i, url)| safe_image(url).map(|url| (post.id.clone(), i, url)))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || !photos().is_empty()>
            <ul class="slide-photos">
                {move || photos().into_iter().map(|(id, i, url)| {
                    let framing = {
                        let id = id.clone();
                        move || studio.board.with(|b| b.framing(&id, i))
                    };
                    let focus_style = {
                        let framing = framing.clone();
                        move || {
                            let focus = framing().focus();
                            format!("left:{:.1}%;top:{:.1}%", focus.x * 100.0, focus.y * 100.0)
                        }
                    };
                    let on_focus = {
                        let id = id.clone();
                        move |ev: leptos::ev::MouseEvent| {
                            ev.stop_propagation();
                            let Some(target) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
                                return;
                            };
                            let rect = target.get_bounding_client_rect();
                            if rect.width() <= 0.0 || rect.height() <= 0.0 {
                                return;
                            }
                            let focus = Focus {
                                x: ((ev.client_x() as f64 - rect.left()) / rect.width()) as f32,
                                y: ((ev.client_y() as f64 - rect.top()) / rect.height()) as f32,
                            };
                            studio.edit(None, |b| b.set_focus(&id, i, focus));
                            studio.announce.set("Crop centred where you clicked".to_owned());
                        }
                    };
                    let on_fit = {
                        let id = id.clone();
                        move |ev: leptos::ev::Event| {
                            let Some(fit) = Fit::from_name(&event_target_value(&ev)) else {
                                return;
                            };
                            studio.edit(None, |b| b.set_fit(&id, i, fit));
                        }
                    };
                    let label = move || format!("Photo {} of slide {}", i + 1, number.get());
                    view! {
                        <li class="slide-photo" data-post=id.clone() data-photo=i.to_string()>
                            <button type="button" class="photo-focus"
                                title="Click the point to keep in view when the photo is cropped"
                                aria-label=move || format!("{}: click to centre its crop there", label())
                                on:click=on_focus>
                                <img src=url alt=""/>
                                <span class="focus-dot" style=focus_style aria-hidden="true"></span>
                            </button>
                            <select class="photo-fit" aria-label=move || format!("{}: framing", label()) on:change=on_fit>
                                {Fit::ALL.iter().map(|&option| {
                                    let framing = framing.clone();
                                    view! {
                                        <option value=option.name() prop:selected=move || framing().fit == option>{option.label()}</option>
                                    }
                                }).collect_view()}
                            </select>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}
