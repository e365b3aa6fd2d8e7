//! What the studio keeps in `chrome.storage.local`: the working board, the collected thread,
//! and the profile/preset library's cache and waiting changes (the library itself is the
//! companion's store: see [`crate::library`]).

use serde::Deserialize;

/// The storage key of the working board (autosaved).
pub const BOARD_KEY: &str = "studioBoard";
/// The last copy of the companion's profiles and presets, shown while it is unreachable.
pub const LIBRARY_CACHE_KEY: &str = "studioLibrary";
/// Profile and preset changes the companion has not confirmed yet.
pub const LIBRARY_QUEUE_KEY: &str = "studioLibraryQueue";
/// Where an earlier studio kept profiles and presets; moved into the queue on load.
pub const LEGACY_PROFILES_KEY: &str = "studioProfiles";
pub const LEGACY_PRESETS_KEY: &str = "studioPresets";
/// The collected thread (written by the service worker): `{thread, savedAt}`.
pub const LAST_THREAD_KEY: &str = "lastThread";
/// Posts added with "Add post to carousel" (written by the service worker).
pub const SOURCE_POSTS_KEY: &str = "sourcePosts";

/// The `lastThread` record the service worker writes.
#[derive(Debug, Clone, Deserialize)]
pub struct LastThread {
    pub thread: model::Thread,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_thread_reads_the_service_workers_record() {
        let json = r#"{"thread":{"url":"u","posts":[{"id":"1","author":{"name":"A","handle":"a"},
            "text":"t","links":[],"images":[],"addedAt":"x"}]},"savedAt":"2025"}"#;
        let last: LastThread = serde_json::from_str(json).expect("reads");
        assert_eq!(last.thread.posts.len(), 1);
    }
}
