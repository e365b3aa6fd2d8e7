//! The controls column: canvas & ratio, layout template, themes, typography, brand kit
//! (profiles and presets), outro CTA and background pattern. Every change edits the working
//! deck's design, which re-lays-out the preview at once.

use leptos::prelude::*;
use leptos::task::spawn_local;
use model::design::{BrandPlacement, CtaKind, FONT_FAMILIES, Pattern, Ratio, Template, TextAlign};
use model::{FontName, Theme, ThemeName};
use wasm_bindgen::JsCast;

use crate::app::{Studio, use_studio};
use crate::companion::INSTALL_COMMAND;
use crate::library::{self, Change, Connection};
use crate::{fonts, thumbs};
use model::presets::{Preset, Profile};

#[component]
pub fn Controls() -> impl IntoView {
    view! {
        <Section title="Canvas & Ratio" id="ratio"><Ratios/></Section>
        <Section title="Layout Template" id="template"><Templates/></Section>
        <Section title="Preset Themes" id="theme"><Themes/></Section>
        <Section title="Typography & Sizing" id="typography"><Typography/></Section>
        <Section title="Brand Kit" id="brand"><BrandKit/></Section>
        <Section title="Outro Slide CTA" id="cta"><Cta/></Section>
        <Section title="Background Pattern" id="pattern"><Patterns/></Section>
    }
}

#[component]
fn Section(title: &'static str, id: &'static str, children: Children) -> impl IntoView {
    let heading = format!("h-{id}");
    let labelled_by = heading.clone();
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 class="panel-title" id=heading>{title}</h2>
            {children()}
        </section>
    }
}

/// A theme's short name: "Paper" of "Paper: clean light".
fn theme_name(theme: &Theme) -> String {
    theme
        .label
        .split(':')
        .next()
        .unwrap_or(&theme.label)
        .to_owned()
}

/// The label of a ratio before its details: "LinkedIn portrait 4:5".
fn short_label(label: &str) -> &str {
    label.split(" (").next().unwrap_or(label)
}

#[component]
fn Ratios() -> impl IntoView {
    let studio = use_studio();
    let current = move || studio.board.with(|b| b.deck.design.ratio);
    let tiles = Ratio::ALL
        .iter()
        .map(|&ratio| {
            let canvas = ratio.canvas();
            let (w, h) = (canvas.width as f32, canvas.height as f32);
            let scale = 34.0 / w.max(h);
            let shape = format!(
                "width:{:.0}px;height:{:.0}px",
                (w * scale).round(),
                (h * scale).round()
            );
            view! {
                <button
                    type="button"
                    class="tile ratio-tile"
                    data-ratio=ratio.name()
                    title=ratio.label()
                    aria-pressed=move || (current() == ratio).to_string()
                    on:click=move |_| studio.design("ratio", |d| d.ratio = ratio)
                >
                    <span class="ratio-box"><span class="ratio-shape" style=shape></span></span>
                    <span class="tile-label">{short_label(ratio.label())}</span>
                    <span class="tile-sub">{format!("{}×{}", canvas.width, canvas.height)}</span>
                </button>
            }
        })
        .collect_view();
    view! { <div class="tiles tiles-3" role="group" aria-label="Canvas and ratio">{tiles}</div> }
}

#[component]
fn Templates() -> impl IntoView {
    let studio = use_studio();
    let current = move || studio.board.with(|b| b.deck.design.template);
    // Thumbnails follow the look (theme, ratio, type, brand) and the first posts, not the
    // template or pattern chosen: recomputed only when those change.
    let input = Memo::new(move |_| {
        studio.board.with(|b| {
            let mut design = b.deck.design.clone();
            design.template = Template::default();
            let posts: Vec<_> = b.deck.posts.iter().take(3).cloned().collect();
            (design, posts)
        })
    });
    let thumbnails = Memo::new(move |_| {
        if !studio.fonts_ready.get() {
            return Vec::new();
        }
        let Some(book) = fonts::book() else {
            return Vec::new();
        };
        input.with(|(design, posts)| thumbs::templates(design, posts, book))
    });
    let tiles = Template::ALL
        .iter()
        .enumerate()
        .map(|(index, &template)| {
            let svg = move || {
                thumbnails
                    .with(|t| t.get(index).cloned().flatten())
                    .unwrap_or_default()
            };
            view! {
                <button
                    type="button"
                    class="tile thumb-tile"
                    data-template=template.name()
                    aria-pressed=move || (current() == template).to_string()
                    on:click=move |_| choose_template(studio, template)
                >
                    <span class="thumb" aria-hidden="true" inner_html=svg></span>
                    <span class="tile-label">{template.label()}</span>
                </button>
            }
        })
        .collect_view();
    view! { <div class="tiles tiles-2" role="group" aria-label="Layout template">{tiles}</div> }
}

/// Sets the template; when the slides are still the old template's structure (not arranged
/// by hand), they are rebuilt in the new one.
fn choose_template(studio: Studio, template: Template) {
    let thread = studio.thread();
    studio.edit(Some("template"), |board| {
        let untouched = thread.as_ref().is_some_and(|thread| {
            model::Deck::from_thread(thread, &board.deck.design).slides == board.deck.slides
        });
        board.deck.design.template = template;
        if untouched && let Some(thread) = &thread {
            let design = board.deck.design.clone();
            *board = crate::board::Board::from_thread(thread, &design);
        }
        true
    });
}

#[component]
fn Themes() -> impl IntoView {
    let studio = use_studio();
    let current = move || studio.board.with(|b| b.deck.design.theme);
    let swatches = ThemeName::all()
        .map(|id| {
            let theme = id.theme();
            let name = theme.name.clone();
            let pressed = move || (current() == id).to_string();
            let style = format!(
                "background:{};color:{};border-color:{}",
                theme.background, theme.text, theme.line
            );
            let accent = format!("background:{}", theme.accent);
            let font = format!("font-family:'{}'", theme.heading_font);
            let label = theme_name(&theme);
            view! {
                <button
                    type="button"
                    class="swatch theme-swatch"
                    data-theme=name
                    title=theme.label.clone()
                    aria-pressed=pressed
                    on:click=move |_| {
                        studio.design("theme", move |d| d.theme = id);
                    }
                >
                    <span class="theme-chip" style=style>
                        <span class="theme-aa" style=font>"Aa"</span>
                        <span class="theme-accent" style=accent></span>
                    </span>
                    <span class="tile-label">{label}</span>
                </button>
            }
        })
        .collect_view();
    view! { <div class="tiles tiles-4" role="group" aria-label="Preset themes">{swatches}</div> }
}

/// A slider with its value beside it.
#[component]
fn Slider(
    id: &'static str,
    label: &'static str,
    min: f32,
    max: f32,
    #[prop(default = 1.0)] step: f32,
    /// Shown after the value: "px", or "×" for a line height.
    #[prop(default = "px")]
    unit: &'static str,
    value: Signal<f32>,
    set: Callback<f32>,
) -> impl IntoView {
    let studio = use_studio();
    let shown = move || {
        let v = value.get();
        if step < 1.0 {
            format!("{v:.2}{unit}")
        } else {
            format!("{v}{unit}")
        }
    };
    view! {
        <div class="field slider">
            <label for=id>{label}</label>
            <input
                type="range"
                id=id
                min=min.to_string()
                max=max.to_string()
                step=step.to_string()
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f32>() {
                        set.run(v);
                    }
                }
                on:change=move |_| studio.seal()
            />
            <output for=id class="slider-value">{shown}</output>
        </div>
    }
}

#[component]
fn Typography() -> impl IntoView {
    let studio = use_studio();
    let typography = move || studio.board.with(|b| b.deck.design.typography.clone());
    let title = Signal::derive(move || typography().title);
    let body = Signal::derive(move || typography().body);
    let chrome = Signal::derive(move || typography().chrome);
    let line_height = Signal::derive(move || typography().line_height);
    let (tr, br, cr, lr) = (
        model::design::TITLE_RANGE,
        model::design::BODY_RANGE,
        model::design::CHROME_RANGE,
        model::design::LINE_HEIGHT_RANGE,
    );
    let font_options = FONT_FAMILIES
        .iter()
        .map(|f| {
            let family = f.family;
            view! {
                <option
                    value=family
                    prop:selected=move || typography().font.map(FontName::name) == Some(family)
                >
                    {format!("{} ({})", f.family, f.role)}
                </option>
            }
        })
        .collect_view();
    view! {
        <Slider id="title-size" label="Title" min=tr.0 max=tr.1 value=title
            set=Callback::new(move |v| studio.design("title-size", |d| d.typography.title = v))/>
        <Slider id="body-size" label="Body" min=br.0 max=br.1 value=body
            set=Callback::new(move |v| studio.design("body-size", |d| d.typography.body = v))/>
        <Slider id="chrome-size" label="Header & Footer" min=cr.0 max=cr.1 value=chrome
            set=Callback::new(move |v| studio.design("chrome-size", |d| d.typography.chrome = v))/>
        <Slider id="line-height" label="Line height" min=lr.0 max=lr.1 step=0.05 unit="×" value=line_height
            set=Callback::new(move |v| studio.design("line-height", |d| d.typography.line_height = v))/>
        <div class="field">
            <label for="font-family">"Font family"</label>
            <select
                id="font-family"
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    studio.design("font", move |d| {
                        // The options are the bundled families: "" (the theme's) is none.
                        d.typography.font = FontName::from_name(&value);
                    });
                }
            >
                <option value="" prop:selected=move || typography().font.is_none()>
                    "Theme's pairing"
                </option>
                {font_options}
            </select>
        </div>
        <div class="field">
            <span class="field-label" id="align-label">"Alignment"</span>
            <div class="segmented" role="group" aria-labelledby="align-label">
                {TextAlign::ALL
                    .iter()
                    .map(|&align| {
                        view! {
                            <button
                                type="button"
                                data-align=align.name()
                                aria-pressed=move || (typography().align == align).to_string()
                                on:click=move |_| studio.design("align", |d| d.typography.align = align)
                            >
                                {match align {
                                    TextAlign::Start => "Start",
                                    TextAlign::Center => "Center",
                                }}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}

/// A text field bound to an optional string of the design.
#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] placeholder: &'static str,
    value: Signal<Option<String>>,
    set: Callback<Option<String>>,
) -> impl IntoView {
    let studio = use_studio();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                type="text"
                id=id
                placeholder=placeholder
                prop:value=move || value.get().unwrap_or_default()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    set.run((!text.trim().is_empty()).then_some(text));
                }
                on:blur=move |_| studio.seal()
            />
        </div>
    }
}

#[component]
fn BrandKit() -> impl IntoView {
    let studio = use_studio();
    let brand = move || studio.board.with(|b| b.deck.design.brand.clone());
    let field = move |get: fn(&model::design::Brand) -> Option<String>| {
        Signal::derive(move || get(&brand()))
    };
    let profile_name = RwSignal::new(String::new());
    let upload = move |slot: &'static str| {
        move |ev: leptos::ev::Event| {
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            spawn_local(async move {
                match crate::image_data_url(&file).await {
                    Ok(url) => studio.design(slot, move |d| match slot {
                        "logo" => d.brand.logo = Some(url),
                        _ => d.brand.avatar = Some(url),
                    }),
                    Err(err) => studio.announce.set(err),
                }
            });
        }
    };
    view! {
        <div class="field profile-row">
            <label for="profile">"Profile"</label>
            <div class="row">
                <select
                    id="profile"
                    on:change=move |ev| switch_profile(studio, &event_target_value(&ev))
                >
                    <option value="" prop:selected=move || studio.active_profile.get().is_empty()>
                        "Thread author (no profile)"
                    </option>
                    {move || {
                        studio
                            .library
                            .with(|l| l.profiles.clone())
                            .into_iter()
                            .map(|p| {
                                let name = p.name.clone();
                                let selected = {
                                    let name = name.clone();
                                    move || studio.active_profile.get() == name
                                };
                                view! { <option value=name.clone() prop:selected=selected>{name.clone()}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <button
                    type="button"
                    class="btn btn-small"
                    id="delete-profile"
                    title="Delete this profile"
                    prop:disabled=move || studio.active_profile.get().is_empty()
                    on:click=move |_| delete_profile(studio)
                >
                    "Delete"
                </button>
            </div>
        </div>
        <TextField id="brand-name" label="Name" placeholder="Your name or company" value=field(|b| b.name.clone())
            set=Callback::new(move |v| studio.design("brand-name", |d| d.brand.name = v))/>
        <TextField id="brand-handle" label="Handle" placeholder="handle (without @)" value=field(|b| b.handle.clone())
            set=Callback::new(move |v: Option<String>| studio.design("brand-handle", |d| {
                d.brand.handle = v.map(|h| h.trim().trim_start_matches('@').to_owned());
            }))/>
        <TextField id="brand-website" label="Website" placeholder="example.com" value=field(|b| b.website.clone())
            set=Callback::new(move |v| studio.design("brand-website", |d| d.brand.website = v))/>
        <div class="field two">
            <div>
                <label for="brand-avatar">"Avatar"</label>
                <input type="file" id="brand-avatar" accept="image/png,image/jpeg,image/webp,image/gif"
                    on:change=upload("avatar")/>
            </div>
            <div>
                <label for="brand-logo">"Logo"</label>
                <input type="file" id="brand-logo" accept="image/png,image/jpeg,image/webp,image/gif,image/svg+xml"
                    on:change=upload("logo")/>
            </div>
        </div>
        <div class="row brand-images">
            <Show when=move || brand().avatar.is_some()>
                <img class="brand-thumb round" alt="Avatar" src=move || brand().avatar.unwrap_or_default()/>
                <button type="button" class="btn btn-small" on:click=move |_| studio.design("avatar", |d| d.brand.avatar = None)>"Remove avatar"</button>
            </Show>
            <Show when=move || brand().logo.is_some()>
                <img class="brand-thumb" alt="Logo" src=move || brand().logo.unwrap_or_default()/>
                <button type="button" class="btn btn-small" on:click=move |_| studio.design("logo", |d| d.brand.logo = None)>"Remove logo"</button>
            </Show>
        </div>
        <BrandColors/>
        <div class="field">
            <label for="brand-font">"Brand font"</label>
            <select
                id="brand-font"
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    studio.design("brand-font", move |d| {
                        d.brand.font = FontName::from_name(&value);
                    });
                    studio.seal();
                }
            >
                <option value="" prop:selected=move || brand().font.is_none()>
                    "None (use Typography's choice)"
                </option>
                {FONT_FAMILIES.iter().map(|f| {
                    let family = f.family;
                    view! {
                        <option value=family prop:selected=move || brand().font.map(FontName::name) == Some(family)>
                            {family}
                        </option>
                    }
                }).collect_view()}
            </select>
        </div>
        <div class="field">
            <span class="field-label" id="placement-label">"Show brand in"</span>
            <div class="segmented" role="group" aria-labelledby="placement-label">
                {BrandPlacement::ALL.iter().map(|&placement| view! {
                    <button type="button" data-placement=placement.name()
                        aria-pressed=move || (brand().placement == placement).to_string()
                        on:click=move |_| studio.design("placement", |d| d.brand.placement = placement)>
                        {match placement {
                            BrandPlacement::Header => "Header",
                            BrandPlacement::Footer => "Footer",
                            BrandPlacement::Both => "Both",
                            BrandPlacement::None => "None",
                        }}
                    </button>
                }).collect_view()}
            </div>
        </div>
        <div class="field checks">
            <label class="check">
                <input type="checkbox" id="slide-numbers" prop:checked=move || brand().slide_numbers
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        studio.design("slide-numbers", move |d| d.brand.slide_numbers = on);
                    }/>
                "Slide numbers"
            </label>
            <label class="check">
                <input type="checkbox" id="swipe-hint" prop:checked=move || brand().swipe_hint
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        studio.design("swipe-hint", move |d| d.brand.swipe_hint = on);
                    }/>
                "Swipe hint"
            </label>
        </div>
        <div class="field">
            <label for="profile-name">"Save brand kit as profile"</label>
            <div class="row">
                <input type="text" id="profile-name" placeholder="Client name" maxlength="64"
                    prop:value=move || profile_name.get()
                    on:input=move |ev| profile_name.set(event_target_value(&ev))/>
                <button type="button" class="btn btn-small" id="save-profile"
                    prop:disabled=move || profile_name.get().trim().is_empty()
                    on:click=move |_| {
                        save_profile(studio, profile_name.get_untracked().trim());
                        profile_name.set(String::new());
                    }>"Save"</button>
            </div>
        </div>
        <Presets/>
        <LibraryStatus/>
    }
}

/// The brand colours: the first replaces the theme's accent, up to three more tint the
/// background patterns.
#[component]
fn BrandColors() -> impl IntoView {
    const MAX_COLORS: usize = 4;
    let studio = use_studio();
    let colors = move || studio.board.with(|b| b.deck.design.brand.colors.clone());
    let set = move |index: usize, color: String| {
        studio.design(&format!("brand-color-{index}"), move |d| {
            match d.brand.colors.get_mut(index) {
                Some(slot) => *slot = color,
                None => d.brand.colors.push(color),
            }
        });
    };
    let rows = move || {
        let list = colors();
        // The accent's picker shows even with no brand colour (the theme's accent stands in).
        let count = list.len().max(1);
        (0..count)
            .map(|index| {
                let value = list.get(index).cloned();
                let label = if index == 0 {
                    "Accent".to_owned()
                } else {
                    format!("Pattern colour {index}")
                };
                let id = format!("brand-color-{index}");
                view! {
                    <div class="color-row" data-index=index.to_string()>
                        <input type="color" id=id.clone()
                            prop:value=value.clone().unwrap_or_else(|| "#1d9bf0".to_owned())
                            on:input=move |ev| set(index, event_target_value(&ev))
                            on:change=move |_| studio.seal()/>
                        <label for=id>{label}</label>
                        <button type="button" class="btn btn-small btn-ghost"
                            title="Remove this colour"
                            prop:disabled=value.is_none()
                            on:click=move |_| {
                                studio.design("brand-color-remove", move |d| {
                                    if index < d.brand.colors.len() {
                                        d.brand.colors.remove(index);
                                    }
                                });
                                studio.seal();
                            }>
                            {if index == 0 { "Use theme accent" } else { "Remove" }}
                        </button>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <div class="field">
            <span class="field-label">"Brand colours"</span>
            <div class="color-list" id="brand-colors">{rows}</div>
            <button type="button" class="btn btn-small" id="add-brand-color"
                prop:disabled=move || !(1..MAX_COLORS).contains(&colors().len())
                title="Extra colours tint the confetti and mesh patterns"
                on:click=move |_| {
                    studio.design("brand-color-add", |d| d.brand.colors.push("#f59e0b".to_owned()));
                    studio.seal();
                }>
                "+ Add colour"
            </button>
        </div>
    }
}

/// Saved presets: apply, make the one-click default, delete; save the current look.
#[component]
fn Presets() -> impl IntoView {
    let studio = use_studio();
    let preset_name = RwSignal::new(String::new());
    let make_default = RwSignal::new(false);
    let rows = move || {
        studio.library.with(|library| {
            library
                .presets
                .iter()
                .map(|preset| {
                    let name = preset.name.clone();
                    let is_default = library.is_default(&name);
                    let theme = theme_name(&preset.theme.theme());
                    let mut detail = format!("{} · {theme}", short_label(preset.ratio.label()));
                    if let Some(profile) = &preset.profile {
                        detail.push_str(&format!(" · {profile}"));
                    }
                    let (apply, default, delete) = (name.clone(), name.clone(), name.clone());
                    view! {
                        <li class="preset-row" data-preset=name.clone() data-default=is_default.to_string()>
                            <div class="preset-text">
                                <span class="preset-name">{name.clone()}</span>
                                {is_default.then(|| view! { <span class="badge">"One-click default"</span> })}
                                <span class="preset-detail">{detail}</span>
                            </div>
                            <div class="preset-actions">
                                <button type="button" class="btn btn-small" data-action="apply"
                                    on:click=move |_| load_preset(studio, &apply)>"Apply"</button>
                                <button type="button" class="btn btn-small btn-ghost" data-action="default"
                                    prop:disabled=is_default
                                    title="Use this preset for one-click on x.com"
                                    on:click=move |_| set_default_preset(studio, &default)>"Make default"</button>
                                <button type="button" class="btn btn-small btn-ghost" data-action="delete"
                                    on:click=move |_| {
                                        library::change(studio, Change::RemovePreset { name: delete.clone() });
                                    }>"Delete"</button>
                            </div>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="subpanel">
            <h3 class="subpanel-title">"Presets"</h3>
            <p class="hint">"A preset keeps the whole look (ratio, template, theme, type, CTA, pattern) and the profile it presents with. The one-click default is what the button on x.com uses."</p>
            <Show
                when=move || studio.library.with(|l| !l.presets.is_empty())
                fallback=|| view! { <p class="hint" id="no-presets">"No presets yet."</p> }
            >
                <ul class="preset-list" id="presets">{rows}</ul>
            </Show>
            <div class="field">
                <label for="preset-name">"Save current look as preset"</label>
                <div class="row">
                    <input type="text" id="preset-name" placeholder="Preset name" maxlength="64"
                        prop:value=move || preset_name.get()
                        on:input=move |ev| preset_name.set(event_target_value(&ev))/>
                    <button type="button" class="btn btn-small" id="save-preset"
                        prop:disabled=move || preset_name.get().trim().is_empty()
                        on:click=move |_| {
                            save_preset(studio, preset_name.get_untracked().trim(), make_default.get_untracked());
                            preset_name.set(String::new());
                            make_default.set(false);
                        }>"Save"</button>
                </div>
                <label class="check">
                    <input type="checkbox" id="preset-default" prop:checked=move || make_default.get()
                        on:change=move |ev| make_default.set(event_target_checked(&ev))/>
                    "Make it the one-click default"
                </label>
            </div>
        </div>
    }
}

/// Where profiles and presets are kept, and what to do when the companion is unreachable.
#[component]
fn LibraryStatus() -> impl IntoView {
    let studio = use_studio();
    view! {
        <div class="library-status" id="library-status" aria-live="polite">
            {move || match studio.library_connection.get() {
                Connection::Connecting => view! {
                    <p class="hint">"Reading profiles and presets from the companion…"</p>
                }.into_any(),
                Connection::Ready => view! {
                    <p class="hint" data-state="ready">
                        "Profiles and presets are kept by the companion, shared with one-click and the "
                        <code>"carousel-studio"</code>" command line."
                    </p>
                }.into_any(),
                Connection::Offline { message, install } => view! {
                    <div class="notice" data-state="offline">
                        <p>{message}</p>
                        {install.then(|| view! {
                            <p>"Install it with " <code class="command">{INSTALL_COMMAND}</code> "."</p>
                        })}
                        <button type="button" class="btn btn-small" id="library-retry"
                            on:click=move |_| library::sync(studio)>"Try again"</button>
                    </div>
                }.into_any(),
            }}
            {move || studio.library_error.get().map(|error| view! {
                <p class="error" role="alert" id="library-error">{error}</p>
            })}
        </div>
    }
}

fn switch_profile(studio: Studio, name: &str) {
    studio.active_profile.set(name.to_owned());
    let profile = studio.library.with_untracked(|l| l.profile(name).cloned());
    studio.design("profile", move |d| match profile {
        Some(profile) => profile.apply(&mut d.brand),
        None => library::clear_identity(&mut d.brand),
    });
    studio.seal();
}

fn save_profile(studio: Studio, name: &str) {
    if name.is_empty() {
        return;
    }
    let brand = studio.board.with_untracked(|b| b.deck.design.brand.clone());
    studio.library_error.set(None);
    library::change(
        studio,
        Change::SaveProfile {
            profile: Profile::from_brand(name, &brand),
        },
    );
    studio.active_profile.set(name.to_owned());
}

fn delete_profile(studio: Studio) {
    let name = studio.active_profile.get_untracked();
    let users = studio.library.with_untracked(|l| l.presets_using(&name));
    if !users.is_empty() {
        // The companion would refuse it too: say so at once.
        studio.library_error.set(Some(format!(
            "Profile {name} is used by preset(s) {}; delete those presets or save them with another profile first.",
            users.join(", ")
        )));
        return;
    }
    studio.library_error.set(None);
    library::change(studio, Change::RemoveProfile { name });
}

fn save_preset(studio: Studio, name: &str, default: bool) {
    if name.is_empty() {
        return;
    }
    let design = studio.board.with_untracked(|b| b.deck.design.clone());
    let mut preset = Preset::from_design(name, &design);
    let active = studio.active_profile.get_untracked();
    preset.profile = studio
        .library
        .with_untracked(|l| l.profile(&active).map(|p| p.name.clone()));
    studio.library_error.set(None);
    library::change(studio, Change::SavePreset { preset, default });
}

fn set_default_preset(studio: Studio, name: &str) {
    let Some(preset) = studio.library.with_untracked(|l| l.preset(name).cloned()) else {
        return;
    };
    library::change(
        studio,
        Change::SavePreset {
            preset,
            default: true,
        },
    );
}

fn load_preset(studio: Studio, name: &str) {
    let library = studio.library.get_untracked();
    let mut design = studio.board.with_untracked(|b| b.deck.design.clone());
    let Some(profile) = library.apply_preset(name, &mut design) else {
        return;
    };
    if let Some(profile) = profile {
        studio.active_profile.set(profile);
    }
    studio.design("preset", move |d| *d = design);
    studio.seal();
    studio.announce.set(format!("Applied preset {name}"));
}

#[component]
fn Cta() -> impl IntoView {
    let studio = use_studio();
    let cta = move || studio.board.with(|b| b.deck.design.cta.clone());
    let field =
        move |get: fn(&model::design::Cta) -> Option<String>| Signal::derive(move || get(&cta()));
    view! {
        <div class="segmented segmented-wide" role="group" aria-label="Call to action">
            {CtaKind::ALL.iter().enumerate().map(|(i, &kind)| view! {
                <button type="button" data-cta=kind.name()
                    aria-pressed=move || (cta().kind == kind).to_string()
                    on:click=move |_| studio.design("cta-kind", |d| d.cta.kind = kind)>
                    <span class="cta-number">{format!("#{}", i + 1)}</span>
                    {match kind {
                        CtaKind::Follow => " Follow",
                        CtaKind::Engage => " Engage",
                        CtaKind::Link => " Link",
                    }}
                </button>
            }).collect_view()}
        </div>
        <TextField id="cta-headline" label="Headline" placeholder="Default for this CTA" value=field(|c| c.headline.clone())
            set=Callback::new(move |v| studio.design("cta-headline", |d| d.cta.headline = v))/>
        <TextField id="cta-sub" label="Sub-line" placeholder="Default for this CTA" value=field(|c| c.sub.clone())
            set=Callback::new(move |v| studio.design("cta-sub", |d| d.cta.sub = v))/>
        <TextField id="cta-button" label="Button" placeholder="Default for this CTA" value=field(|c| c.button.clone())
            set=Callback::new(move |v| studio.design("cta-button", |d| d.cta.button = v))/>
        <Show when=move || cta().kind == CtaKind::Link>
            <TextField id="cta-url" label="Button URL" placeholder="Defaults to the brand website" value=field(|c| c.url.clone())
                set=Callback::new(move |v| studio.design("cta-url", |d| d.cta.url = v))/>
        </Show>
    }
}

#[component]
fn Patterns() -> impl IntoView {
    let studio = use_studio();
    let current = move || studio.board.with(|b| b.deck.design.pattern);
    let input = Memo::new(move |_| {
        studio.board.with(|b| {
            let mut design = b.deck.design.clone();
            design.pattern = Pattern::default();
            design.template = Template::default();
            (
                design,
                b.deck.posts.iter().take(1).cloned().collect::<Vec<_>>(),
            )
        })
    });
    let swatches = Memo::new(move |_| {
        if !studio.fonts_ready.get() {
            return Vec::new();
        }
        let Some(book) = fonts::book() else {
            return Vec::new();
        };
        input.with(|(design, posts)| thumbs::patterns(design, posts, book))
    });
    let tiles = Pattern::ALL
        .iter()
        .enumerate()
        .map(|(index, &pattern)| {
            let svg = move || {
                swatches
                    .with(|s| s.get(index).cloned().flatten())
                    .unwrap_or_default()
            };
            view! {
                <button type="button" class="swatch pattern-swatch" data-pattern=pattern.name()
                    title=pattern.name()
                    aria-pressed=move || (current() == pattern).to_string()
                    on:click=move |_| studio.design("pattern", |d| d.pattern = pattern)>
                    <span class="pattern-chip" aria-hidden="true" inner_html=svg></span>
                    <span class="tile-label">{capitalise(pattern.name())}</span>
                </button>
            }
        })
        .collect_view();
    view! { <div class="tiles tiles-4" role="group" aria-label="Background pattern">{tiles}</div> }
}

fn capitalise(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
