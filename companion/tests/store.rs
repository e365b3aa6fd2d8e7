//! The profile/preset store on disk: lenient loading that keeps unknown fields, atomic saves
//! with a backup, a corrupt file reported and left alone, and a crash between writing and
//! renaming that leaves the previous store intact.

use std::path::Path;

use carousel_studio::store::{BACKUP_NAME, LOCK_NAME, Preset, Profile, Store, StoreError};
use model::Design;

mod common;

const WITH_UNKNOWN_FIELDS: &str = r##"{
  "schema": 1,
  "sync": {"cloud": false},
  "profiles": [
    {"name": "acme", "handle": "acme", "colors": ["#ff0000"], "tagline": "We make things"}
  ],
  "presets": [
    {"name": "dark", "theme": "midnight", "typography": {"body": 20, "kerning": "tight"},
     "profile": "acme", "studio_layout": {"zoom": 2}}
  ],
  "default_preset": "dark"
}
"##;

fn store_file(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("store.json");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_missing_store_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::load(&dir.path().join("nope/store.json")).unwrap();
    assert_eq!(store, Store::default());
    assert_eq!(store.schema, 1);
}

#[test]
fn unknown_fields_are_kept_across_load_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_file(dir.path(), WITH_UNKNOWN_FIELDS);
    let mut store = Store::load(&path).unwrap();
    assert_eq!(store.preset("dark").unwrap().typography.body, 20.0);
    assert_eq!(store.default_preset().unwrap().name, "dark");
    store
        .add(
            Profile {
                name: "beta".into(),
                ..Profile::default()
            },
            false,
        )
        .unwrap();
    store.save(&path).unwrap();
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(saved["sync"]["cloud"], false);
    assert_eq!(saved["profiles"][0]["tagline"], "We make things");
    assert_eq!(saved["presets"][0]["studio_layout"]["zoom"], 2);
    assert_eq!(saved["profiles"][1]["name"], "beta");
    assert_eq!(saved["presets"][0]["typography"]["kerning"], "tight");
    assert_eq!(saved["presets"][0]["typography"]["body"], 20.0);
    let again = Store::load(&path).unwrap();
    assert_eq!(again.profiles.len(), 2);
    // Human-readable: pretty-printed.
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\n  \"profiles\": [")
    );
}

#[test]
fn saving_keeps_the_previous_store_as_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("carousel-studio/store.json");
    let mut store = Store::default();
    store
        .add(Preset::from_design("one", &Design::default()), false)
        .unwrap();
    store.save(&path).unwrap();
    assert!(
        !dir.path()
            .join("carousel-studio")
            .join(BACKUP_NAME)
            .exists()
    );
    let first = std::fs::read_to_string(&path).unwrap();
    store
        .add(Preset::from_design("two", &Design::default()), false)
        .unwrap();
    store.save(&path).unwrap();
    let backup =
        std::fs::read_to_string(dir.path().join("carousel-studio").join(BACKUP_NAME)).unwrap();
    assert_eq!(backup, first);
    assert_eq!(Store::load(&path).unwrap().presets.len(), 2);
    // No temporary files are left behind.
    assert_eq!(
        common::entries(&dir.path().join("carousel-studio")),
        ["store.json", BACKUP_NAME, LOCK_NAME]
    );
}

#[test]
fn a_corrupt_store_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\n  \"schema\": 1,\n  \"profiles\": [\n    {\"name\": \"acme\",}\n  ]\n}\n";
    let path = store_file(dir.path(), text);
    let err = Store::load(&path).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(err, StoreError::Corrupt { line: 4, .. }),
        "{message}"
    );
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("line 4, column"), "{message}");
    assert!(message.ends_with("; fix or move it"), "{message}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "untouched");
    // A wrong type is corrupt too, with its place.
    let path = store_file(dir.path(), r#"{"schema": 1, "presets": [{"name": 3}]}"#);
    assert!(matches!(
        Store::load(&path),
        Err(StoreError::Corrupt { line: 1, .. })
    ));
}

/// The message named `store.json.bak` as the backup even when there was none.
#[test]
fn a_corrupt_store_names_its_backup_only_when_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_file(dir.path(), "{");
    let err = Store::load(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::Corrupt { backup: None, .. }),
        "{err}"
    );
    assert!(!err.to_string().contains("backup"), "{err}");

    let backup = dir.path().join(BACKUP_NAME);
    std::fs::write(&backup, WITH_UNKNOWN_FIELDS).unwrap();
    let err = Store::load(&path).unwrap_err();
    assert!(
        matches!(&err, StoreError::Corrupt { backup: Some(b), .. } if *b == backup),
        "{err}"
    );
    assert!(
        err.to_string().ends_with(&format!(
            "; fix or move it; the backup is {}",
            backup.display()
        )),
        "{err}"
    );
}

#[test]
fn entries_round_trip_through_export_json() {
    let store = Store::load(&store_file(
        tempfile::tempdir().unwrap().path(),
        WITH_UNKNOWN_FIELDS,
    ))
    .unwrap();
    let preset = store.preset("dark").unwrap();
    let json = serde_json::to_string_pretty(preset).unwrap();
    let back: Preset = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, preset);
    assert!(json.contains("studio_layout"));
}
