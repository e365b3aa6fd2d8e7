//! The profile and preset library as the studio holds it: the companion's store as last read
//! ([`Library`]), the changes a user makes to it ([`Change`], applied here as the store applies
//! them, and sent as one message each), and what an earlier studio kept (`legacy_changes`). The
//! studio's `library` module talks to the companion; this is the plain data it works on.

use model::Design;
use model::design::Brand;
use model::presets::{Preset, Profile, add_entry, remove_entry, same_name};
use protocol::Request;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
