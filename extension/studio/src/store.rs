//! What the studio keeps in `chrome.storage.local`: the working board, brand profiles and
//! saved presets.
//!
//! The companion's store (`store.json`) has no native-messaging messages yet (the protocol
//! knows `ping`, `render` and `reveal`), so profiles and presets live in the extension's
//! storage, in the same shapes as the companion's (a brand kit, a design).

use serde::{Deserialize, Serialize};
use shared::Design;
use shared::design::Brand;

/// The storage key of the working board (autosaved).
pub const BOARD_KEY: &str = "studioBoard";
/// The storage key of the brand profiles.
pub const PROFILES_KEY: &str = "studioProfiles";
/// The storage key of the saved presets.
pub const PRESETS_KEY: &str = "studioPresets";
/// The collected thread (written by the service worker): `{thread, savedAt}`.
pub const LAST_THREAD_KEY: &str = "lastThread";
/// Posts added with "Add post to carousel" (written by the service worker).
pub const SOURCE_POSTS_KEY: &str = "sourcePosts";

/// A named brand kit: one client of an agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub brand: Brand,
}

/// A named design: ratio, template, theme, typography, pattern, CTA and brand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preset {
    pub name: String,
    pub design: Design,
}

/// Replaces the entry named `name` or adds it, keeping the list sorted by name.
pub fn upsert<T>(list: &mut Vec<T>, item: T, name: impl Fn(&T) -> &str) {
    let key = name(&item).to_owned();
    list.retain(|existing| !name(existing).eq_ignore_ascii_case(&key));
    list.push(item);
    list.sort_by_key(|entry| name(entry).to_lowercase());
}

/// The `lastThread` record the service worker writes.
#[derive(Debug, Clone, Deserialize)]
pub struct LastThread {
    pub thread: shared::Thread,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upsert_replaces_by_name_and_sorts() {
        let mut list = vec![
            Profile {
                name: "Beta".into(),
                brand: Brand::default(),
            },
            Profile {
                name: "alpha".into(),
                brand: Brand::default(),
            },
        ];
        let brand = Brand {
            name: Some("New".into()),
            ..Brand::default()
        };
        upsert(
            &mut list,
            Profile {
                name: "BETA".into(),
                brand,
            },
            |p| &p.name,
        );
        let names: Vec<&str> = list.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["alpha", "BETA"]);
        assert_eq!(list[1].brand.name.as_deref(), Some("New"));
    }

    #[test]
    fn last_thread_reads_the_service_workers_record() {
        let json = r#"{"thread":{"url":"u","posts":[{"id":"1","author":{"name":"A","handle":"a"},
            "text":"t","links":[],"images":[],"addedAt":"x"}]},"savedAt":"2025"}"#;
        let last: LastThread = serde_json::from_str(json).expect("reads");
        assert_eq!(last.thread.posts.len(), 1);
    }
}
