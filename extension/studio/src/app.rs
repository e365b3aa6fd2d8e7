//! The studio's state (signals in one `Copy` context) and the page frame: top bar, three
//! columns, keyboard shortcuts, loading and autosaving.

use std::time::Duration;

use layout::Carousel;
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::{Design, Post, Thread};
use protocol::Platform;

use crate::board::{Board, History};
use crate::export::ExportState;
use crate::library::{Connection, Library};
use crate::store::{self, LastThread};
use crate::{board_view, chrome, controls, fonts, library, post_text, preview};

/// What is being dragged.
#[derive(Debug, Clone, PartialEq)]
pub enum Drag {
    /// A source post card, by id.
    Post(String),
    /// A slide, by key.
    Slide(u64),
}

/// The column a narrow window shows (wide windows show all three).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Design,
    Board,
    Preview,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::Design, Pane::Board, Pane::Preview];

    pub fn name(self) -> &'static str {
        match self {
            Pane::Design => "design",
            Pane::Board => "board",
            Pane::Preview => "preview",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Pane::Design => "Design",
            Pane::Board => "Slides",
            Pane::Preview => "Preview & export",
        }
    }
}

/// Every piece of studio state; `Copy`, handed around by context.
#[derive(Debug, Clone, Copy)]
pub struct Studio {
    pub board: RwSignal<Board>,
    history: StoredValue<History>,
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    /// The last collected thread (service worker's `lastThread`).
    pub last_thread: RwSignal<Option<Thread>>,
    /// The source post cards: the last thread's posts, then the added posts.
    pub sources: RwSignal<Vec<Post>>,
    pub selected_card: RwSignal<Option<String>>,
    pub selected_slide: RwSignal<Option<u64>>,
    pub dragging: RwSignal<Option<Drag>>,
    /// Profiles and presets: the companion's store with the changes still on their way.
    pub library: RwSignal<Library>,
    pub library_connection: RwSignal<Connection>,
    /// A change the companion refused, and why.
    pub library_error: RwSignal<Option<String>>,
    /// The profile the brand kit was last switched to ("" for the thread's author).
    pub active_profile: RwSignal<String>,
    pub platform: RwSignal<Platform>,
    pub export: RwSignal<ExportState>,
    /// The column shown in a narrow window.
    pub pane: RwSignal<Pane>,
    /// "Saved", "Saving…" or a storage error.
    pub save_status: RwSignal<String>,
    pub fonts_ready: RwSignal<bool>,
    /// Whether storage was read (autosave waits for it, so it never overwrites a saved deck).
    pub loaded: RwSignal<bool>,
    pub problem: RwSignal<Option<String>>,
    /// A thread was collected that the board was not made from: offer to start from it.
    pub new_thread: RwSignal<bool>,
    /// What the studio did on its own at load (and how to take it back).
    pub notice: RwSignal<Option<String>>,
    /// Screen-reader announcements of board actions.
    pub announce: RwSignal<String>,
    pub carousel: Memo<Result<Carousel, String>>,
}

impl Studio {
    fn new() -> Studio {
        let board = RwSignal::new(Board::new(model::Deck {
            deck_version: model::deck::DECK_VERSION,
            url: String::new(),
            design: Design::default(),
            posts: Vec::new(),
            slides: Vec::new(),
            left_out: Default::default(),
            post_text: Default::default(),
        }));
        let fonts_ready = RwSignal::new(false);
        let carousel = Memo::new(move |_| {
            if !fonts_ready.get() {
                return Err("Loading fonts…".to_owned());
            }
            let book = fonts::book().ok_or_else(|| "Loading fonts…".to_owned())?;
            board.with(|b| {
                if b.deck.slides.is_empty() {
                    return Err(String::new());
                }
                layout::layout_deck(&b.deck, book).map_err(|e| e.to_string())
            })
        });
        Studio {
            board,
            history: StoredValue::new(History::default()),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            last_thread: RwSignal::new(None),
            sources: RwSignal::new(Vec::new()),
            selected_card: RwSignal::new(None),
            selected_slide: RwSignal::new(None),
            dragging: RwSignal::new(None),
            library: RwSignal::new(Library::default()),
            library_connection: RwSignal::new(Connection::Connecting),
            library_error: RwSignal::new(None),
            active_profile: RwSignal::new(String::new()),
            platform: RwSignal::new(Platform::Both),
            export: RwSignal::new(ExportState::Idle),
            pane: RwSignal::new(Pane::Design),
            save_status: RwSignal::new(String::new()),
            fonts_ready,
            loaded: RwSignal::new(false),
            problem: RwSignal::new(None),
            new_thread: RwSignal::new(false),
            notice: RwSignal::new(None),
            announce: RwSignal::new(String::new()),
            carousel,
        }
    }

    /// Applies an edit to the board as one undo step (or part of the step `coalesce` names).
    /// The edit returns whether it changed anything.
    pub fn edit(self, coalesce: Option<&str>, change: impl FnOnce(&mut Board) -> bool) {
        let before = self.board.get_untracked();
        let mut next = before.clone();
        if !change(&mut next) || next == before {
            return;
        }
        self.history
            .update_value(|history| history.record(&before, coalesce));
        self.board.set(next);
        self.refresh_history();
    }

    /// Edits the design (one undo step per control, coalesced while it is dragged or typed).
    pub fn design(self, coalesce: &str, change: impl FnOnce(&mut Design)) {
        self.edit(Some(coalesce), |board| {
            change(&mut board.deck.design);
            true
        });
    }

    /// Ends coalescing (a text box lost focus, a slider was released).
    pub fn seal(self) {
        self.history.update_value(History::seal);
    }

    pub fn undo(self) {
        self.travel(History::undo, "Undone");
    }

    pub fn redo(self) {
        self.travel(History::redo, "Redone");
    }

    /// Moves through the history one step (`History::undo` or `redo`) and says so.
    fn travel(self, step: fn(&mut History, &Board) -> Option<Board>, said: &str) {
        let current = self.board.get_untracked();
        if let Some(board) = self
            .history
            .try_update_value(|h| step(h, &current))
            .flatten()
        {
            self.board.set(board);
            self.announce.set(said.to_owned());
        }
        self.refresh_history();
    }

    fn refresh_history(self) {
        let (undo, redo) = self.history.with_value(|h| (h.can_undo(), h.can_redo()));
        self.can_undo.set(undo);
        self.can_redo.set(redo);
    }

    /// The post card with this id among the sources or the deck's own posts.
    pub fn post(self, id: &str) -> Option<Post> {
        self.sources
            .with_untracked(|s| s.iter().find(|p| p.id == id).cloned())
            .or_else(|| self.board.with_untracked(|b| b.deck.post(id).cloned()))
    }

    /// The thread the slides are built from when the template changes or the user starts over:
    /// the last collected thread.
    pub fn thread(self) -> Option<Thread> {
        self.last_thread.get_untracked()
    }

    /// Starts over from the last collected thread with the current design.
    pub fn start_over(self) {
        let Some(thread) = self.thread() else { return };
        let design = self.board.with_untracked(|b| b.deck.design.clone());
        self.edit(None, |board| {
            *board = Board::from_thread(&thread, &design);
            true
        });
        self.new_thread.set(false);
        self.announce.set(format!(
            "Started over from the thread of {} posts",
            thread.posts.len()
        ));
    }
}

/// The studio context.
pub fn use_studio() -> Studio {
    // Every component is rendered under `App`, which provides it.
    expect_context::<Studio>()
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let studio = Studio::new();
    provide_context(studio);
    load(studio);
    autosave(studio);
    crate::photo_framing::keep_photos_analysed(studio);
    shortcuts(studio);

    view! {
        <div class="studio">
            <TopBar/>
            <Show when=move || studio.problem.get().is_some()>
                <div class="banner banner-error" role="alert">
                    {move || studio.problem.get().unwrap_or_default()}
                </div>
            </Show>
            <Show when=move || studio.notice.get().is_some()>
                <div class="banner banner-info" id="notice" role="status">
                    <span>{move || studio.notice.get().unwrap_or_default()}</span>
                    <button type="button" class="btn btn-small btn-ghost" on:click=move |_| studio.notice.set(None)>
                        "Dismiss"
                    </button>
                </div>
            </Show>
            <Show when=move || studio.new_thread.get()>
                <div class="banner banner-info" id="new-thread" role="status">
                    <span>"A new thread was collected. Your carousel stays as it is until you start from it."</span>
                    <button type="button" class="btn btn-small btn-primary" id="start-new-thread"
                        on:click=move |_| studio.start_over()>
                        "Start from the new thread"
                    </button>
                </div>
            </Show>
            <PaneTabs/>
            <div class="columns" data-pane=move || studio.pane.get().name()>
                <aside class="column controls" id="pane-design" aria-label="Design controls">
                    <controls::Controls/>
                </aside>
                <main class="column board" id="pane-board" aria-label="Board">
                    <board_view::Sources/>
                    <board_view::Slides/>
                </main>
                <section class="column preview" id="pane-preview" aria-label="Preview and export">
                    <preview::ExportPanel/>
                    <post_text::PostTextPanel/>
                    <preview::Preview/>
                </section>
            </div>
            <div class="sr-only" role="status" aria-live="polite">
                {move || studio.announce.get()}
            </div>
        </div>
    }
}

#[component]
fn TopBar() -> impl IntoView {
    let studio = use_studio();
    view! {
        <header class="topbar">
            <div class="brand">
                <img src="icon-32.png" alt="" width="24" height="24"/>
                <span class="brand-name">"Carousel Studio"</span>
            </div>
            <div class="topbar-actions">
                // Undo and redo: two buttons of the same shape, written out so each reads as
                // its markup.
                <button
                    type="button"
                    class="btn btn-ghost"
                    id="undo"
                    title="Undo (Ctrl+Z)"
                    prop:disabled=move || !studio.can_undo.get()
                    on:click=move |_| studio.undo()
                >
                    "↶ Undo"
                </button>
                <button
                    type="button"
                    class="btn btn-ghost"
                    id="redo"
                    title="Redo (Ctrl+Shift+Z)"
                    prop:disabled=move || !studio.can_redo.get()
                    on:click=move |_| studio.redo()
                >
                    "↷ Redo"
                </button>
                <span class="save-status" id="save-status" aria-live="polite">
                    {move || studio.save_status.get()}
                </span>
            </div>
        </header>
    }
}

/// The column switcher of a narrow window (hidden by CSS when all three columns fit).
#[component]
fn PaneTabs() -> impl IntoView {
    let studio = use_studio();
    let slides = move || studio.board.with(|b| b.deck.slides.len());
    view! {
        <nav class="pane-tabs segmented" aria-label="Show">
            {Pane::ALL
                .iter()
                .map(|&pane| {
                    view! {
                        <button
                            type="button"
                            data-pane=pane.name()
                            aria-controls=format!("pane-{}", pane.name())
                            aria-pressed=move || (studio.pane.get() == pane).to_string()
                            on:click=move |_| {
                                studio.pane.set(pane);
                                if let Some(window) = web_sys::window() {
                                    window.scroll_to_with_x_and_y(0.0, 0.0);
                                }
                            }
                        >
                            {pane.label()}
                            {(pane == Pane::Board).then(|| view! {
                                <span class="pane-count">{move || slides()}</span>
                            })}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) outside text fields, where the browser's own undo runs.
fn shortcuts(studio: Studio) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        let editable = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"));
        if editable {
            return;
        }
        match ev.key().to_lowercase().as_str() {
            "z" if ev.shift_key() => studio.redo(),
            "z" => studio.undo(),
            "y" => studio.redo(),
            _ => return,
        }
        ev.prevent_default();
    });
    // The listener lives as long as the page.
    std::mem::forget(handle);
}

/// Reads fonts and storage, then builds the board: the saved one, else the last thread.
fn load(studio: Studio) {
    spawn_local(async move {
        match fonts::load().await {
            Ok(_) => studio.fonts_ready.set(true),
            Err(err) => studio
                .problem
                .set(Some(format!("The fonts could not be loaded: {err}"))),
        }
    });
    spawn_local(async move {
        read_sources(studio).await;
        let saved = match chrome::storage_get(store::BOARD_KEY).await {
            Ok(value) => value.and_then(|v| chrome::from_js::<Board>(&v).ok()),
            Err(err) => {
                studio
                    .problem
                    .set(Some(format!("The saved deck could not be read: {err}")));
                None
            }
        };
        let thread = studio.last_thread.get_untracked();
        let mut started_new = false;
        match saved {
            Some(board) => {
                let board = board.repaired();
                // Opened after collecting another thread (the toast's "Open in Studio"): that
                // thread is what the user wants to work on. The previous board stays one
                // Undo away.
                started_new = thread.as_ref().is_some_and(|t| !board.holds_thread(t));
                studio.board.set(board);
            }
            None => {
                if let Some(thread) = &thread {
                    studio
                        .board
                        .set(Board::from_thread(thread, &Design::default()));
                }
            }
        }
        studio.loaded.set(true);
        studio.save_status.set("All changes saved".to_owned());
        if started_new {
            studio.start_over();
            studio.notice.set(Some(
                "Started a carousel from the thread you collected, in your current design. \
                 Undo (Ctrl+Z) brings back the previous carousel."
                    .to_owned(),
            ));
        }
    });
    spawn_local(library::load(studio));
    chrome::on_storage_changed(move |keys| {
        let thread_changed = keys.iter().any(|k| k == store::LAST_THREAD_KEY);
        if thread_changed || keys.iter().any(|k| k == store::SOURCE_POSTS_KEY) {
            spawn_local(async move {
                read_sources(studio).await;
                // While the studio is open, a newly collected thread never replaces the work
                // on the board by itself: the banner offers it.
                if thread_changed
                    && studio.loaded.get_untracked()
                    && let Some(thread) = studio.last_thread.get_untracked()
                    && !studio.board.with_untracked(|b| b.holds_thread(&thread))
                {
                    studio.new_thread.set(true);
                }
            });
        }
    });
}

/// Reads the collected thread and the added posts into the source list.
async fn read_sources(studio: Studio) {
    let thread = match chrome::storage_get(store::LAST_THREAD_KEY).await {
        Ok(Some(value)) => chrome::from_js::<LastThread>(&value).ok().map(|l| l.thread),
        _ => None,
    };
    let added: Vec<Post> = match chrome::storage_get(store::SOURCE_POSTS_KEY).await {
        Ok(Some(value)) => chrome::from_js(&value).unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut posts: Vec<Post> = thread.iter().flat_map(|t| t.posts.clone()).collect();
    for post in added {
        if !posts.iter().any(|p| p.id == post.id) {
            posts.push(post);
        }
    }
    studio.last_thread.set(thread);
    studio.sources.set(posts);
}

/// Saves the board to `chrome.storage.local` 400 ms after the last change.
fn autosave(studio: Studio) {
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let board = studio.board.get();
        if !studio.loaded.get_untracked() {
            return;
        }
        studio.save_status.set("Saving…".to_owned());
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                spawn_local(async move {
                    match chrome::storage_set(store::BOARD_KEY, &board).await {
                        Ok(()) => studio.save_status.set("All changes saved".to_owned()),
                        Err(err) => studio.save_status.set(format!("Not saved: {err}")),
                    }
                });
            },
            Duration::from_millis(400),
        );
        pending.set_value(handle.ok());
    });
}
