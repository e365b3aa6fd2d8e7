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
use model::Design;
use model::design::Brand;
use model::presets::{Preset, Profile, add_entry, is_usable_name, remove_entry, same_name};
use protocol::{Reply, Request};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::app::Studio;
use crate::companion::{self, disconnect_problem};
use crate::{chrome, store};

/// The profiles and presets as the studio shows them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Library {
    pub profiles: Vec<Profile>,
    pub presets: Vec<Preset>,
    /// The preset one-click renders with.
    pub default_preset: Option<String>,
}

/// One change to the store, as queued and as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    SaveProfile { profile: Profile },
    SavePreset { preset: Preset, default: bool },
    RemoveProfile { name: String },
    RemovePreset { name: String },
}

impl Change {
    /// The message that makes this change in the companion's store.
    pub fn request(&self, id: String) -> Request {
        match self {
            Change::SaveProfile { profile } => Request::SaveProfile {
                id,
                profile: profile.clone(),
            },
            Change::SavePreset { preset, default } => Request::SavePreset {
                id,
                preset: preset.clone(),
                default: *default,
            },
            Change::RemoveProfile { name } => Request::RemoveProfile {
                id,
                name: name.clone(),
            },
            Change::RemovePreset { name } => Request::RemovePreset {
                id,
                name: name.clone(),
            },
        }
    }

    /// "profile Acme", for messages.
    pub fn subject(&self) -> String {
        match self {
            Change::SaveProfile { profile } => format!("profile {}", profile.name),
            Change::RemoveProfile { name } => format!("profile {name}"),
            Change::SavePreset { preset, .. } => format!("preset {}", preset.name),
            Change::RemovePreset { name } => format!("preset {name}"),
        }
    }
}

impl Library {
    /// The library in a `store` reply. Entries this version cannot read are skipped (they stay
    /// in the store untouched).
    pub fn from_store(profiles: &[Profile], presets: &[Preset], default: Option<&str>) -> Library {
        Library {
            profiles: profiles.to_vec(),
            presets: presets.to_vec(),
            default_preset: default.map(str::to_owned),
        }
    }

    /// Applies a change with the companion's own rules ([`model::presets::add_entry`]): a save
    /// replaces the entry of the same name (names match ignoring case) or adds it at the end; a
    /// name the store would refuse changes nothing.
    pub fn apply(&mut self, change: &Change) {
        match change {
            Change::SaveProfile { profile } => {
                let _ = add_entry(&mut self.profiles, profile.clone(), true);
            }
            Change::SavePreset { preset, default } => {
                if add_entry(&mut self.presets, preset.clone(), true).is_ok() && *default {
                    self.default_preset = Some(preset.name.clone());
                }
            }
            Change::RemoveProfile { name } => {
                if self.presets_using(name).is_empty() {
                    remove_entry(&mut self.profiles, name, &mut self.default_preset);
                }
            }
            Change::RemovePreset { name } => {
                remove_entry(&mut self.presets, name, &mut self.default_preset);
            }
        }
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| same_name(&p.name, name))
    }

    pub fn preset(&self, name: &str) -> Option<&Preset> {
        self.presets.iter().find(|p| same_name(&p.name, name))
    }

    /// The profile whose identity `brand` shows (same name and handle), if any.
    pub fn presenting(&self, brand: &Brand) -> Option<&Profile> {
        if !brand.is_profile() {
            return None;
        }
        self.profiles
            .iter()
            .find(|p| p.display_name == brand.name && p.handle == brand.handle)
    }

    pub fn is_default(&self, preset: &str) -> bool {
        self.default_preset
            .as_deref()
            .is_some_and(|d| same_name(d, preset))
    }

    /// The names of the presets that present with profile `name`.
    pub fn presets_using(&self, name: &str) -> Vec<String> {
        self.presets
            .iter()
            .filter(|p| p.profile.as_deref().is_some_and(|n| same_name(n, name)))
            .map(|p| p.name.clone())
            .collect()
    }

    /// Puts preset `name` into `design`, with its profile if it has one; returns the profile
    /// applied (`None` when the preset has none or it is gone).
    pub fn apply_preset(&self, name: &str, design: &mut Design) -> Option<Option<String>> {
        let preset = self.preset(name)?;
        preset.apply(design);
        let profile = preset.profile.as_deref().and_then(|n| self.profile(n));
        if let Some(profile) = profile {
            profile.apply(&mut design.brand);
        }
        Some(profile.map(|p| p.name.clone()))
    }
}

/// Makes `brand` present the thread's author again: the identity of a profile goes, the frame
/// settings (placement, slide numbers, swipe hint) stay as they are.
pub fn clear_identity(brand: &mut Brand) {
    Profile::default().apply(brand);
}

/// The profiles and presets an earlier studio kept in `chrome.storage.local`
/// (`[{name, brand}]`, `[{name, design}]`), as changes to send to the companion's store.
pub fn legacy_changes(profiles: Option<&Value>, presets: Option<&Value>) -> Vec<Change> {
    #[derive(Deserialize)]
    struct OldProfile {
        name: String,
        brand: Brand,
    }
    #[derive(Deserialize)]
    struct OldPreset {
        name: String,
        design: Design,
    }
    let read = |value: Option<&Value>| -> Vec<Value> {
        value.and_then(Value::as_array).cloned().unwrap_or_default()
    };
    let mut changes: Vec<Change> = read(profiles)
        .into_iter()
        .filter_map(|v| serde_json::from_value::<OldProfile>(v).ok())
        .map(|old| Change::SaveProfile {
            profile: Profile::from_brand(&old.name, &old.brand),
        })
        .collect();
    changes.extend(
        read(presets)
            .into_iter()
            .filter_map(|v| serde_json::from_value::<OldPreset>(v).ok())
            .map(|old| Change::SavePreset {
                preset: Preset::from_design(&old.name, &old.design),
                default: false,
            }),
    );
    changes
}

/// Whether the studio can reach the companion's store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// Waiting for the first answer.
    Connecting,
    Ready,
    /// Not reachable; queued changes wait.
    Offline {
        message: String,
        install: bool,
    },
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn profile(name: &str, handle: &str) -> Profile {
        Profile {
            name: name.into(),
            handle: Some(handle.into()),
            ..Profile::default()
        }
    }

    #[test]
    fn changes_apply_like_the_store_and_become_its_messages() {
        let mut library = Library::default();
        library.apply(&Change::SaveProfile {
            profile: profile("Acme", "acme"),
        });
        library.apply(&Change::SaveProfile {
            profile: profile("ACME", "acme2"),
        });
        assert_eq!(library.profiles.len(), 1, "same name, any case: replaced");
        assert_eq!(library.profiles[0].handle.as_deref(), Some("acme2"));
        let mut preset = Preset::from_design("Dark", &Design::default());
        preset.profile = Some("acme".into());
        library.apply(&Change::SavePreset {
            preset,
            default: true,
        });
        assert!(library.is_default("dark"));
        // A profile a preset uses is kept, as the companion does.
        library.apply(&Change::RemoveProfile {
            name: "Acme".into(),
        });
        assert_eq!(library.profiles.len(), 1);
        library.apply(&Change::RemovePreset {
            name: "DARK".into(),
        });
        assert_eq!(library.default_preset, None);
        library.apply(&Change::RemoveProfile {
            name: "Acme".into(),
        });
        assert!(library.profiles.is_empty());

        let request = Change::SavePreset {
            preset: Preset::from_design("P", &Design::default()),
            default: true,
        }
        .request("library-1".into());
        let json = serde_json::to_value(&request).expect("serialises");
        assert_eq!(json["type"], "save_preset");
        assert_eq!(json["default"], true);
        assert_eq!(json["preset"]["name"], "P");
        // The companion parses what the studio sends.
        let back = protocol::parse_request(json.to_string().as_bytes());
        assert_eq!(back.expect("parses"), request);
    }

    #[test]
    fn a_store_reply_is_read_and_presets_bring_their_profile() {
        let profile: Profile = serde_json::from_value(
            json!({"name": "Acme", "display_name": "Acme Inc", "handle": "acme",
                   "colors": ["#ff5500"], "future_field": 1}),
        )
        .expect("a profile");
        let preset: Preset = serde_json::from_value(
            json!({"name": "Dark", "theme": "midnight", "ratio": "story",
                   "typography": {"line_height": 1.6}, "profile": "acme"}),
        )
        .expect("a preset");
        let library = Library::from_store(&[profile], &[preset], Some("Dark"));
        assert_eq!(library.profiles.len(), 1);
        let mut design = Design::default();
        let profile = library.apply_preset("dark", &mut design);
        assert_eq!(profile, Some(Some("Acme".to_owned())));
        assert_eq!(design.theme, "midnight");
        assert_eq!(design.typography.line_height, 1.6);
        assert_eq!(design.brand.name.as_deref(), Some("Acme Inc"));
        assert_eq!(design.brand.colors, ["#ff5500"]);
        assert_eq!(library.apply_preset("missing", &mut design), None);

        assert_eq!(
            library.presenting(&design.brand).map(|p| p.name.as_str()),
            Some("Acme")
        );
        clear_identity(&mut design.brand);
        assert!(!design.brand.is_profile());
        assert!(library.presenting(&design.brand).is_none());
        assert!(design.brand.colors.is_empty());
    }

    #[test]
    fn the_earlier_studios_lists_become_changes() {
        let profiles = json!([{"name": "Old", "brand": {"name": "Old Co", "handle": "old",
            "colors": [], "placement": "footer", "slide_numbers": true, "swipe_hint": false}},
            {"junk": true}]);
        let presets = json!([{"name": "Look", "design": Design {
            theme: model::ThemeName::from_name("midnight").unwrap(),
            ..Design::default()
        }}]);
        let changes = legacy_changes(Some(&profiles), Some(&presets));
        assert_eq!(changes.len(), 2, "{changes:?}");
        match &changes[0] {
            Change::SaveProfile { profile } => {
                assert_eq!(profile.display_name.as_deref(), Some("Old Co"));
                assert_eq!(profile.swipe_hint, Some(false));
            }
            other => panic!("{other:?}"),
        }
        match &changes[1] {
            Change::SavePreset { preset, default } => {
                assert_eq!(preset.theme, "midnight");
                assert!(!default);
            }
            other => panic!("{other:?}"),
        }
        assert!(legacy_changes(None, Some(&json!({"not": "a list"}))).is_empty());
    }
}
