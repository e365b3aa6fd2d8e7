//! Brand profiles and saved presets. The companion keeps them, in the same store the command
//! line edits (`store.json`, `carousel-studio profile|preset …`), so a profile saved here is the
//! one one-click on x.com and the CLI use. The studio reads the store over its port and sends
//! each change as one message, one at a time and in order.
//!
//! Nothing typed here is lost when the companion is missing or stopped: changes wait in a
//! queue in `chrome.storage.local` and are sent when it answers again; meanwhile the lists show
//! them applied over the last copy of the store the studio saw.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use model::presets::is_usable_name;
use protocol::{Reply, Request};
use serde_json::Value;

use crate::app::Studio;
use crate::companion::{self, disconnect_problem};
use crate::{chrome, store};

pub use editor::library::{Change, Connection, Library, clear_identity, legacy_changes};

/// The ids of the library's requests start with this.
const ID_PREFIX: &str = "library-";

thread_local! {
    /// The store as the companion last sent it.
    static STORE: RefCell<Library> = RefCell::new(Library::default());
    /// Changes not yet confirmed by the companion, oldest first.
    static QUEUE: RefCell<Vec<Change>> = const { RefCell::new(Vec::new()) };
    /// The request awaiting its reply, and whether it was a change (else a `store` read).
    static IN_FLIGHT: RefCell<Option<(String, bool)>> = const { RefCell::new(None) };
    /// The parts of a `store` reply received so far (a large store comes in several).
    static STORE_PARTS: RefCell<Library> = RefCell::new(Library::default());
    static NEXT_ID: RefCell<u64> = const { RefCell::new(0) };
}

/// Reads the last copy of the store and the waiting changes, then talks to the companion.
pub async fn load(studio: Studio) {
    let read = |key| async move {
        chrome::storage_get(key)
            .await
            .ok()
            .flatten()
            .and_then(|v| chrome::from_js::<Value>(&v).ok())
    };
    let cached: Library = read(store::LIBRARY_CACHE_KEY)
        .await
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let mut queue: Vec<Change> = read(store::LIBRARY_QUEUE_KEY)
        .await
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let legacy = legacy_changes(
        read(store::LEGACY_PROFILES_KEY).await.as_ref(),
        read(store::LEGACY_PRESETS_KEY).await.as_ref(),
    );
    let migrated = !legacy.is_empty();
    queue.extend(legacy);
    STORE.with_borrow_mut(|s| *s = cached);
    QUEUE.with_borrow_mut(|q| *q = queue);
    if migrated {
        // The queue holds them now: only then drop the old keys.
        if persist_queue().await.is_ok() {
            let _ = chrome::storage_remove(store::LEGACY_PROFILES_KEY).await;
            let _ = chrome::storage_remove(store::LEGACY_PRESETS_KEY).await;
        }
    }
    show(studio);
    sync(studio);
}

/// Makes a change: shown at once, queued, and sent when the companion can take it. A save under
/// a name the store refuses is refused here, at once, with the store's reason.
pub fn change(studio: Studio, change: Change) {
    let name = match &change {
        Change::SaveProfile { profile } => Some(profile.name.as_str()),
        Change::SavePreset { preset, .. } => Some(preset.name.as_str()),
        _ => None,
    };
    if let Some(name) = name.filter(|name| !is_usable_name(name)) {
        studio.library_error.set(Some(format!(
            "{name:?} is not a usable name: {}",
            model::presets::NAME_RULE
        )));
        return;
    }
    studio
        .announce
        .set(format!("Saving {} to the companion…", change.subject()));
    QUEUE.with_borrow_mut(|q| q.push(change));
    show(studio);
    spawn_local(async move {
        if let Err(err) = persist_queue().await {
            studio.library_error.set(Some(format!(
                "The change could not be kept in the browser: {err}"
            )));
        }
        sync(studio);
    });
}

/// Sends the next waiting change, or reads the store once none waits. One request at a time,
/// so the store sees changes in the order they were made.
pub fn sync(studio: Studio) {
    if IN_FLIGHT.with_borrow(Option::is_some) {
        return;
    }
    let id = NEXT_ID.with_borrow_mut(|n| {
        *n += 1;
        format!("{ID_PREFIX}{n}")
    });
    let next = QUEUE.with_borrow(|q| q.first().cloned());
    let request = match &next {
        Some(change) => change.request(id.clone()),
        None => Request::Store { id: id.clone() },
    };
    IN_FLIGHT.with_borrow_mut(|f| *f = Some((id, next.is_some())));
    if let Err(err) = companion::send(studio, &request) {
        IN_FLIGHT.with_borrow_mut(|f| *f = None);
        go_offline(studio, Some(&err));
    }
}

fn go_offline(studio: Studio, last_error: Option<&str>) {
    let (problem, install) = disconnect_problem(last_error);
    let waiting = QUEUE.with_borrow(Vec::len);
    let message = if waiting == 0 {
        format!("{problem} Profiles and presets are kept by the companion.")
    } else {
        format!(
            "{problem} {waiting} change(s) to profiles and presets wait here and are saved \
             when the companion answers."
        )
    };
    studio
        .library_connection
        .set(Connection::Offline { message, install });
}

/// The port closed: a request in flight is retried on the next sync.
pub fn on_disconnect(studio: Studio, last_error: Option<&str>) {
    if IN_FLIGHT.with_borrow_mut(Option::take).is_some() {
        go_offline(studio, last_error);
    }
}

/// Handles the replies to the library's requests.
pub fn on_reply(studio: Studio, reply: &Reply) {
    let in_flight = IN_FLIGHT.with_borrow(Clone::clone);
    let Some((pending, was_change)) = in_flight else {
        // The companion answered something else (an export): it is back, so send what waits.
        if matches!(reply, Reply::Saved { .. })
            && matches!(
                studio.library_connection.get_untracked(),
                Connection::Offline { .. }
            )
        {
            sync(studio);
        }
        return;
    };
    match reply {
        Reply::Stored { id } if *id == pending => {
            IN_FLIGHT.with_borrow_mut(|f| *f = None);
            let done = QUEUE.with_borrow_mut(|q| (!q.is_empty()).then(|| q.remove(0)));
            if let Some(done) = done {
                STORE.with_borrow_mut(|s| s.apply(&done));
                studio.announce.set(format!("Saved {}", done.subject()));
            }
            after_change(studio);
        }
        Reply::Store {
            id,
            profiles,
            presets,
            default_preset,
            more,
        } if *id == pending => {
            let library = STORE_PARTS.with_borrow_mut(|parts| {
                parts.profiles.extend(profiles.iter().cloned());
                parts.presets.extend(presets.iter().cloned());
                parts.default_preset.clone_from(default_preset);
                (!more).then(|| std::mem::take(parts))
            });
            // The rest of the store follows in more replies with this id.
            let Some(library) = library else { return };
            IN_FLIGHT.with_borrow_mut(|f| *f = None);
            STORE.with_borrow_mut(|s| *s = library.clone());
            studio.library_connection.set(Connection::Ready);
            show(studio);
            spawn_local(async move {
                // A cache: shown while the companion is unreachable. Losing it loses nothing.
                let _ = chrome::storage_set(store::LIBRARY_CACHE_KEY, &library).await;
            });
            // Changes made while the store was being read.
            if QUEUE.with_borrow(|q| !q.is_empty()) {
                sync(studio);
            }
        }
        Reply::Error { id, message, .. } if id.as_deref() == Some(pending.as_str()) => {
            IN_FLIGHT.with_borrow_mut(|f| *f = None);
            if was_change {
                // Refused (a bad name, a profile presets still use): it will never be taken,
                // so it leaves the queue and the user hears why.
                let refused = QUEUE.with_borrow_mut(|q| (!q.is_empty()).then(|| q.remove(0)));
                let subject = refused.map(|c| c.subject()).unwrap_or_default();
                studio.library_error.set(Some(format!(
                    "The companion did not save {subject}: {message}"
                )));
                after_change(studio);
            } else {
                // The store could not be read (a corrupt store.json): say so, keep the queue.
                studio.library_connection.set(Connection::Offline {
                    message: format!("The companion could not read its store: {message}"),
                    install: false,
                });
            }
        }
        _ => {}
    }
}

fn after_change(studio: Studio) {
    show(studio);
    spawn_local(async move {
        let _ = persist_queue().await;
    });
    // The next change, or a fresh read of the store once the queue is empty.
    sync(studio);
}

/// Shows the store with the waiting changes applied.
fn show(studio: Studio) {
    let mut library = STORE.with_borrow(Clone::clone);
    QUEUE.with_borrow(|q| q.iter().for_each(|c| library.apply(c)));
    let active = studio.active_profile.get_untracked();
    if !active.is_empty() && library.profile(&active).is_none() {
        studio.active_profile.set(String::new());
    }
    if active.is_empty() {
        // After a reload the board remembers the brand, not which profile it came from.
        let brand = studio.board.with_untracked(|b| b.deck.design.brand.clone());
        if let Some(profile) = library.presenting(&brand) {
            studio.active_profile.set(profile.name.clone());
        }
    }
    studio.library.set(library);
}

async fn persist_queue() -> Result<(), String> {
    let queue = QUEUE.with_borrow(Clone::clone);
    chrome::storage_set(store::LIBRARY_QUEUE_KEY, &queue).await
}
