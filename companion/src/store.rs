//! The profile/preset store: brand profiles (one per client) and saved presets (a named design),
//! one of them the default that one-click uses.
//!
//! One human-readable file, `$XDG_CONFIG_HOME/carousel-studio/store.json` (`"schema": 1`).
//! Loading is lenient: fields this version does not know are kept at every level and written
//! back. A file that cannot be read as a store is reported, never replaced. Saving writes a
//! temporary file beside the store, syncs it, keeps the previous store as `store.json.bak` and
//! renames the new file into place, so a crash at any point leaves a loadable store behind.
//! Every save holds the store's lock (`store.json.lock`), so the temporary files a killed
//! save left behind are removed by the next save, which cannot mistake another's for one.

use std::io::Write;
use std::path::{Path, PathBuf};

use model::Design;
use model::presets::same_name;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The store format this version reads and writes.
pub const SCHEMA: u32 = 1;
/// The store's file name inside the config folder.
pub const FILE_NAME: &str = "store.json";
/// The previous version of the store, kept by every save.
pub const BACKUP_NAME: &str = "store.json.bak";
/// Held (an OS file lock) while a change is loaded, made and saved.
pub const LOCK_NAME: &str = "store.json.lock";
/// Saves write `.store.json.XXXXXX.tmp` (the new store) and `.store.json.bak.XXXXXX.tmp` (the
/// new backup) beside the store.
const TEMP_PREFIX: &str = ".store.json.";
const TEMP_SUFFIX: &str = ".tmp";

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot find the settings folder: {0} is not set")]
    NoHome(&'static str),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a valid store: {message} at line {line}, column {column}; fix or move it{}", path.display(), backup_hint(backup.as_deref()))]
    Corrupt {
        path: PathBuf,
        message: String,
        line: usize,
        column: usize,
        /// The previous version beside it (`store.json.bak`), if there is one.
        backup: Option<PathBuf>,
    },
    #[error("{} has schema {found}, newer than this version understands ({SCHEMA}); update Carousel Studio", path.display())]
    NewerSchema { path: PathBuf, found: u64 },
    #[error("cannot save {}: {source}; check that the folder is writable and the disk not full", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no {kind} named \"{name}\"; `carousel-studio {kind} list` shows them")]
    NotFound { kind: &'static str, name: String },
    #[error("a {kind} named \"{name}\" already exists; remove it first or pass --replace")]
    Exists { kind: &'static str, name: String },
    /// The name is shown escaped (`{0:?}`): it may hold the very characters it is refused for.
    #[error(
        "{0:?} is not a usable name: {rule}",
        rule = model::presets::NAME_RULE
    )]
    BadName(String),
    #[error(
        "preset \"{preset}\" uses profile \"{profile}\", which does not exist; `carousel-studio profile list` shows the profiles"
    )]
    MissingProfile { preset: String, profile: String },
}

use model::presets::NotAdded;
pub use model::presets::{Kept, Preset, Profile};

/// Where [`StoreError::Corrupt`] points for the previous version: nowhere when there is none
/// (the first save makes no backup), rather than at a file that does not exist.
fn backup_hint(backup: Option<&Path>) -> String {
    backup
        .map(|backup| format!("; the backup is {}", backup.display()))
        .unwrap_or_default()
}

/// The whole store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Store {
    pub schema: u32,
    pub profiles: Vec<Profile>,
    pub presets: Vec<Preset>,
    /// The preset one-click renders with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_preset: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            schema: SCHEMA,
            profiles: Vec::new(),
            presets: Vec::new(),
            default_preset: None,
            extra: Map::new(),
        }
    }
}

/// A profile or a preset: what `add`, `remove`, `export` and `import` work on. The naming and
/// replacing rules are the model's ([`model::presets::add_entry`]), shared with the studio.
pub trait Entry: model::presets::Entry + Serialize + for<'de> Deserialize<'de> {
    fn entries(store: &Store) -> &Vec<Self>;
    fn entries_mut(store: &mut Store) -> &mut Vec<Self>;
}

impl Entry for Profile {
    fn entries(store: &Store) -> &Vec<Self> {
        &store.profiles
    }
    fn entries_mut(store: &mut Store) -> &mut Vec<Self> {
        &mut store.profiles
    }
}

impl Entry for Preset {
    fn entries(store: &Store) -> &Vec<Self> {
        &store.presets
    }
    fn entries_mut(store: &mut Store) -> &mut Vec<Self> {
        &mut store.presets
    }
}

impl Store {
    /// Where the store lives: `carousel-studio/store.json` in the user's configuration folder
    /// (`$XDG_CONFIG_HOME`, by default `~/.config`, on Linux; `%APPDATA%` on Windows; the
    /// `dirs` crate knows each system's rule).
    pub fn default_path() -> Result<PathBuf, StoreError> {
        let config = dirs::config_dir().ok_or(StoreError::NoHome(if cfg!(windows) {
            "APPDATA"
        } else {
            "HOME"
        }))?;
        Ok(config.join("carousel-studio").join(FILE_NAME))
    }

    /// Loads the store at `path`; a missing file is an empty store.
    pub fn load(path: &Path) -> Result<Store, StoreError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Store::default()),
            Err(source) => {
                return Err(StoreError::Read {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        Store::parse(&text, path)
    }

    /// Parses store JSON; `path` names the file in errors, which also name the backup beside
    /// it if there is one.
    pub fn parse(text: &str, path: &Path) -> Result<Store, StoreError> {
        let corrupt = |err: serde_json::Error| {
            let (line, column) = (err.line(), err.column());
            let message = err.to_string();
            let suffix = format!(" at line {line} column {column}");
            StoreError::Corrupt {
                path: path.to_owned(),
                message: message.strip_suffix(&suffix).unwrap_or(&message).to_owned(),
                line,
                column,
                backup: Some(path.with_file_name(BACKUP_NAME)).filter(|backup| backup.is_file()),
            }
        };
        let text = text.trim_start_matches('\u{feff}');
        // The schema first, so a newer store is reported as such rather than as corrupt.
        let value: Value = serde_json::from_str(text).map_err(corrupt)?;
        if let Some(found) = value.get("schema").and_then(Value::as_u64)
            && found > u64::from(SCHEMA)
        {
            return Err(StoreError::NewerSchema {
                path: path.to_owned(),
                found,
            });
        }
        // Parsing the text again (not the value) keeps line and column in the errors.
        serde_json::from_str(text).map_err(corrupt)
    }

    /// Loads the store at `path`, changes it and saves it, holding an exclusive lock on
    /// `store.json.lock` beside it the whole time: the CLI, the native host and a second
    /// browser's host never save over each other's changes. Nothing is saved when `change`
    /// fails.
    pub fn update<T, E: From<StoreError>>(
        path: &Path,
        change: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, E> {
        let lock = lock(path)?;
        let mut store = Store::load(path)?;
        let value = change(&mut store)?;
        let dir = lock.dir.clone();
        store.write_temp(path, dir, None)?.commit()?;
        drop(lock);
        Ok(value)
    }

    /// The store as written: pretty JSON and a final newline.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("a store serialises");
        json.push('\n');
        json
    }

    /// Saves atomically (see the module documentation), under the store's lock: not to be
    /// called from inside [`Store::update`]'s change, which holds it already.
    pub fn save(&self, path: &Path) -> Result<(), StoreError> {
        self.prepare_save(path)?.commit()
    }

    /// The first half of [`Store::save`]: takes the store's lock (removing what killed saves
    /// left behind) and writes and syncs the new store to a temporary file beside `path`;
    /// the store itself is not changed yet. The lock is held until the result is committed or
    /// dropped; dropping it removes the temporary file.
    fn prepare_save(&self, path: &Path) -> Result<PendingSave, StoreError> {
        let lock = lock(path)?;
        let dir = lock.dir.clone();
        self.write_temp(path, dir, Some(lock))
    }

    /// Writes the store to a temporary file in `dir`, under the store's lock: `lock` when the
    /// pending save is to hold it, `None` when the caller holds it itself ([`Store::update`]).
    fn write_temp(
        &self,
        path: &Path,
        dir: PathBuf,
        lock: Option<Lock>,
    ) -> Result<PendingSave, StoreError> {
        let err = |source| StoreError::Write {
            path: path.to_owned(),
            source,
        };
        let mut temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .tempfile_in(&dir)
            .map_err(err)?;
        temp.write_all(self.to_json().as_bytes()).map_err(err)?;
        temp.flush().map_err(err)?;
        temp.as_file().sync_all().map_err(err)?;
        Ok(PendingSave {
            temp,
            path: path.to_owned(),
            dir,
            _lock: lock,
        })
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.get::<Profile>(name)
    }

    pub fn preset(&self, name: &str) -> Option<&Preset> {
        self.get::<Preset>(name)
    }

    /// The preset one-click uses, if one is set and exists.
    pub fn default_preset(&self) -> Option<&Preset> {
        self.default_preset.as_deref().and_then(|n| self.preset(n))
    }

    /// A profile or preset by name (case-insensitive).
    pub fn get<E: Entry>(&self, name: &str) -> Option<&E> {
        E::entries(self).iter().find(|e| same_name(e.name(), name))
    }

    /// A profile or preset by name, or the error saying how to list them.
    pub fn require<E: Entry>(&self, name: &str) -> Result<&E, StoreError> {
        self.get(name).ok_or_else(|| StoreError::NotFound {
            kind: E::KIND,
            name: name.to_owned(),
        })
    }

    /// Adds an entry; one of the same name is an error unless `replace`.
    pub fn add<E: Entry>(&mut self, entry: E, replace: bool) -> Result<(), StoreError> {
        let name = entry.name().to_owned();
        model::presets::add_entry(E::entries_mut(self), entry, replace).map_err(|why| match why {
            NotAdded::BadName => StoreError::BadName(name),
            NotAdded::Exists => StoreError::Exists {
                kind: E::KIND,
                name,
            },
        })
    }

    /// Removes an entry by name and returns it. Removing the default preset unsets the default.
    pub fn remove<E: Entry>(&mut self, name: &str) -> Result<E, StoreError> {
        let mut default = self.default_preset.take();
        let removed = model::presets::remove_entry(E::entries_mut(self), name, &mut default);
        self.default_preset = default;
        removed.ok_or_else(|| StoreError::NotFound {
            kind: E::KIND,
            name: name.to_owned(),
        })
    }

    /// Makes `name` the default preset; it must exist.
    pub fn set_default_preset(&mut self, name: &str) -> Result<(), StoreError> {
        let preset = self.require::<Preset>(name)?;
        self.default_preset = Some(preset.name.clone());
        Ok(())
    }

    /// The presets that use profile `name`.
    pub fn presets_using(&self, profile: &str) -> Vec<&str> {
        self.presets
            .iter()
            .filter(|p| p.profile.as_deref().is_some_and(|n| same_name(n, profile)))
            .map(|p| p.name.as_str())
            .collect()
    }

    /// Applies preset `name` to `design`, and the preset's profile unless `profile_override`
    /// (a `--profile`, applied later by the caller) is given.
    pub fn apply_preset(
        &self,
        name: &str,
        design: &mut Design,
        profile_override: bool,
    ) -> Result<(), StoreError> {
        let preset = self.require::<Preset>(name)?;
        self.apply_preset_entry(preset, design, profile_override)
    }

    /// [`Store::apply_preset`] for a preset already at hand.
    pub fn apply_preset_entry(
        &self,
        preset: &Preset,
        design: &mut Design,
        profile_override: bool,
    ) -> Result<(), StoreError> {
        preset.apply(design);
        if let Some(profile) = preset.profile.as_deref().filter(|_| !profile_override) {
            let found = self
                .profile(profile)
                .ok_or_else(|| StoreError::MissingProfile {
                    preset: preset.name.clone(),
                    profile: profile.to_owned(),
                })?;
            found.apply(&mut design.brand);
        }
        Ok(())
    }

    /// Applies profile `name` to `design`'s brand.
    pub fn apply_profile(&self, name: &str, design: &mut Design) -> Result<(), StoreError> {
        self.require::<Profile>(name)?.apply(&mut design.brand);
        Ok(())
    }
}

/// A store written to its temporary file but not yet in place (see [`Store::prepare_save`]).
#[derive(Debug)]
struct PendingSave {
    // Declared before the lock, so dropping a pending save removes its file before letting go.
    temp: tempfile::NamedTempFile,
    path: PathBuf,
    dir: PathBuf,
    _lock: Option<Lock>,
}

impl PendingSave {
    /// The temporary file holding the new store.
    #[cfg(test)]
    fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    /// Keeps the previous store as the backup and moves the new one into place.
    fn commit(self) -> Result<(), StoreError> {
        let err = |source| StoreError::Write {
            path: self.path.clone(),
            source,
        };
        match std::fs::read(&self.path) {
            Ok(previous) => write_backup(&self.dir, &previous).map_err(err)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(err(e)),
        }
        let path = self.path.clone();
        self.temp.persist(&path).map_err(|e| err(e.error))?;
        sync_dir(&self.dir);
        Ok(())
    }

    /// Simulates a crash between writing and renaming: leaves the temporary file behind and
    /// returns its path.
    #[cfg(test)]
    fn abandon(self) -> PathBuf {
        let (_, path) = self.temp.keep().expect("keep the temporary file");
        path
    }
}

/// The folder of the store at `path`, created if missing.
fn store_folder(path: &Path) -> std::io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// The store's lock, held until dropped.
#[derive(Debug)]
struct Lock {
    _file: std::fs::File,
    /// The store's folder.
    dir: PathBuf,
}

/// Takes the store's lock (blocking until another process lets go); released when dropped.
/// The lock file stays: deleting it could let two processes lock different files.
///
/// Every save happens under this lock ([`Store::update`], [`Store::prepare_save`]), so once it
/// is held no save is running anywhere and any temporary file beside the store is a leftover
/// of a save that was killed (`kill -9`, a browser's SIGKILL) between creating and renaming
/// it: they are removed here, which costs one read of a small folder.
fn lock(path: &Path) -> Result<Lock, StoreError> {
    let err = |source| StoreError::Write {
        path: path.to_owned(),
        source,
    };
    let dir = store_folder(path).map_err(err)?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_NAME))
        .map_err(err)?;
    file.lock().map_err(err)?;
    remove_temporaries(&dir);
    Ok(Lock { _file: file, dir })
}

/// Removes the save's temporary files (`.store.json.*.tmp`, regular files only) from `dir`;
/// only while holding the lock (see [`lock`]). Returns how many were removed.
fn remove_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let ours = name
                .to_str()
                .and_then(|name| name.strip_prefix(TEMP_PREFIX))
                .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
                .is_some_and(|random| !random.is_empty());
            // `DirEntry::file_type` does not follow symlinks.
            ours && entry.file_type().is_ok_and(|t| t.is_file())
        })
        .filter(|entry| std::fs::remove_file(entry.path()).is_ok())
        .count()
}

/// Replaces `store.json.bak` atomically with `previous`.
fn write_backup(dir: &Path, previous: &[u8]) -> std::io::Result<()> {
    let mut temp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}bak."))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    temp.write_all(previous)?;
    temp.as_file().sync_all()?;
    temp.persist(dir.join(BACKUP_NAME)).map_err(|e| e.error)?;
    Ok(())
}

/// Makes a rename durable on Unix; elsewhere there is nothing to do.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::design::BrandPlacement;

    /// Whether the store takes `name` for an entry.
    fn check_name(name: &str) -> Result<(), StoreError> {
        let profile = Profile {
            name: name.to_owned(),
            ..Profile::default()
        };
        Store::default().add(profile, false)
    }

    #[test]
    fn presets_and_profiles_apply_in_order() {
        let mut store = Store::default();
        store
            .add(
                Profile {
                    name: "Acme".into(),
                    display_name: Some("Acme Inc".into()),
                    handle: Some("acme".into()),
                    placement: Some(BrandPlacement::Footer),
                    ..Profile::default()
                },
                false,
            )
            .unwrap();
        let mut preset = Preset::from_design(
            "dark",
            &Design {
                theme: model::ThemeName::from_name("midnight").unwrap(),
                ..Design::default()
            },
        );
        preset.profile = Some("acme".into());
        preset.placement = Some(BrandPlacement::Both);
        store.add(preset, false).unwrap();
        let mut design = Design::default();
        store.apply_preset("DARK", &mut design, false).unwrap();
        assert_eq!(design.theme, "midnight");
        assert_eq!(design.brand.handle.as_deref(), Some("acme"));
        // The profile comes after the preset: its placement wins.
        assert_eq!(design.brand.placement, BrandPlacement::Footer);
        let mut design = Design::default();
        store.apply_preset("dark", &mut design, true).unwrap();
        assert_eq!(design.brand.handle, None);
        assert_eq!(design.brand.placement, BrandPlacement::Both);
    }

    #[test]
    fn names_clash_unless_replaced_and_removal_unsets_the_default() {
        let mut store = Store::default();
        store
            .add(Preset::from_design("a", &Design::default()), false)
            .unwrap();
        assert!(matches!(
            store.add(Preset::from_design("A", &Design::default()), false),
            Err(StoreError::Exists { .. })
        ));
        store
            .add(Preset::from_design("A", &Design::default()), true)
            .unwrap();
        assert_eq!(store.presets.len(), 1);
        store.set_default_preset("a").unwrap();
        assert!(store.default_preset().is_some());
        assert!(matches!(
            store.set_default_preset("b"),
            Err(StoreError::NotFound { .. })
        ));
        store.remove::<Preset>("a").unwrap();
        assert_eq!(store.default_preset, None);
        assert!(matches!(
            store.add(Preset::from_design(" ", &Design::default()), false),
            Err(StoreError::BadName(_))
        ));
    }

    /// Names with bidi overrides were accepted, so a name could display as another.
    #[test]
    fn names_with_text_direction_controls_are_refused() {
        for bad in [
            "acme\u{202E}gnp.exe",
            "\u{202A}a",
            "a\u{202B}",
            "a\u{202C}b",
            "a\u{202D}b",
            "a\u{2066}b",
            "a\u{2067}b",
            "a\u{2068}b",
            "a\u{2069}b",
            "a\u{200E}b",
            "a\u{200F}b",
            "a\u{061C}b",
            "tab\there",
        ] {
            let err = check_name(bad).unwrap_err();
            let message = err.to_string();
            assert!(matches!(err, StoreError::BadName(_)), "{bad:?}");
            // The message shows the name escaped, not reordered.
            assert!(!message.contains(bad), "{message}");
        }
        assert!(matches!(
            Store::default().add(
                Profile {
                    name: "x\u{2067}y".into(),
                    ..Profile::default()
                },
                false
            ),
            Err(StoreError::BadName(_))
        ));
        // Right-to-left text itself is a fine name.
        for good in ["مرحبا", "שלום עולם", "Acme (EU)", "Café 2"] {
            check_name(good).unwrap();
        }
    }

    #[test]
    fn a_missing_profile_of_a_preset_is_reported() {
        let mut store = Store::default();
        let mut preset = Preset::from_design("p", &Design::default());
        preset.profile = Some("gone".into());
        store.add(preset, false).unwrap();
        let err = store
            .apply_preset("p", &mut Design::default(), false)
            .unwrap_err();
        assert!(err.to_string().contains("profile \"gone\""), "{err}");
    }

    /// Concurrent changes (threads here; the lock is the OS's, so processes alike) all land.
    #[test]
    fn concurrent_updates_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cfg").join(FILE_NAME);
        std::thread::scope(|scope| {
            for writer in 0..6 {
                let path = &path;
                scope.spawn(move || {
                    for n in 0..8 {
                        let name = format!("w{writer}-{n}");
                        Store::update(path, |store: &mut Store| {
                            store.add(Preset::from_design(&name, &Design::default()), false)
                        })
                        .unwrap();
                    }
                });
            }
        });
        let store = Store::load(&path).unwrap();
        assert_eq!(store.presets.len(), 48, "no change lost");
        // A failed change saves nothing.
        let err = Store::update(&path, |store: &mut Store| {
            store.presets.clear();
            Err::<(), _>(StoreError::BadName(String::new()))
        });
        assert!(err.is_err());
        assert_eq!(Store::load(&path).unwrap().presets.len(), 48);
    }

    #[test]
    fn a_newer_schema_is_not_called_corrupt() {
        let err = Store::parse(r#"{"schema": 2}"#, Path::new("s.json")).unwrap_err();
        assert!(
            matches!(err, StoreError::NewerSchema { found: 2, .. }),
            "{err}"
        );
    }

    /// A store file in `dir` with a preset "dark" (and a field this version does not know).
    fn crash_store_file(dir: &Path) -> PathBuf {
        let path = dir.join("store.json");
        std::fs::write(
            &path,
            r#"{"schema": 1, "presets": [{"name": "dark", "theme": "midnight"}], "extra": 1}"#,
        )
        .unwrap();
        path
    }

    #[test]
    fn a_crash_between_write_and_rename_leaves_the_old_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = crash_store_file(dir.path());
        let before = std::fs::read_to_string(&path).unwrap();
        let mut store = Store::load(&path).unwrap();
        store.remove::<Preset>("dark").unwrap();

        // The write happened, the rename did not: the process "died" with its temp file on disk.
        let pending = store.prepare_save(&path).unwrap();
        let leftover = pending.abandon();
        assert!(leftover.exists());
        assert_eq!(
            leftover.parent(),
            path.parent(),
            "the temp file is beside the store"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
        let loaded = Store::load(&path).unwrap();
        assert_eq!(loaded.presets.len(), 1, "the old store is intact and loads");

        // Dropping a pending save (an error before the rename) removes its temp file.
        let pending = store.prepare_save(&path).unwrap();
        let temp = pending.temp_path().to_owned();
        drop(pending);
        assert!(!temp.exists());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), before);

        // The next save works despite the leftover, which loading ignores, and removes it.
        store.save(&path).unwrap();
        assert!(Store::load(&path).unwrap().presets.is_empty());
        assert!(!leftover.exists());
    }

    /// `kill -9` during saves left `.store.json.*.tmp` files (100 MB after 16 kills) that nothing
    /// removed.
    #[test]
    fn temp_files_of_killed_saves_are_removed_by_the_next_update() {
        let dir = tempfile::tempdir().unwrap();
        let path = crash_store_file(dir.path());
        let store = Store::load(&path).unwrap();
        let killed = store.prepare_save(&path).unwrap().abandon();
        for name in [".store.json.x.tmp", ".store.json.bak.Ab12Cd.tmp"] {
            std::fs::write(dir.path().join(name), "{").unwrap();
        }
        // Not the save's temporary files: kept.
        let others = [
            ".store.json.tmp",
            "store.json.x.tmp",
            ".store.json.x.tmp.old",
        ];
        for name in others {
            std::fs::write(dir.path().join(name), "mine").unwrap();
        }
        std::fs::create_dir(dir.path().join(".store.json.d.tmp")).unwrap();
        // Reading the store (no lock) leaves them alone.
        Store::load(&path).unwrap();
        assert!(killed.exists());

        Store::update(&path, |store: &mut Store| {
            store.remove::<Preset>("dark").map(drop)
        })
        .unwrap();
        assert!(!killed.exists());
        let mut expected: Vec<String> = [
            ".store.json.d.tmp",
            ".store.json.tmp",
            ".store.json.x.tmp.old",
            BACKUP_NAME,
            "store.json",
            LOCK_NAME,
            "store.json.x.tmp",
        ]
        .map(str::to_owned)
        .to_vec();
        expected.sort();
        let left = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name());
        let mut left: Vec<String> = left.map(|n| n.to_string_lossy().into_owned()).collect();
        left.sort();
        assert_eq!(left, expected);
        assert!(Store::load(&path).unwrap().presets.is_empty());
    }
}
