//! Saving: finding the Downloads folder, safe file names, and atomic writes that never
//! overwrite (`name (2).pdf`) and leave nothing behind when a save fails half-way.
//!
//! Nothing half-written survives an interruption either: every temporary file this program
//! writes is named `.carousel-XXXXXX.part` and is registered while it exists, so
//! [`remove_in_flight_temporaries`] can remove them when the process is told to stop
//! (Chrome sends SIGTERM, then SIGKILL ~2 s later, when the port closes); a `kill -9` leaves
//! its temporary behind, which [`remove_stale_temporaries`] removes later.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

/// The longest file-name stem written, in bytes (names stay far below the 255-byte limit).
const MAX_STEM: usize = 100;

/// Temporary files are `.carousel-` + [`TEMP_RANDOM_LEN`] ASCII letters and digits + `.part`:
/// hidden, and a name no user file has, so cleaning up can never take someone else's file.
const TEMP_PREFIX: &str = ".carousel-";
const TEMP_SUFFIX: &str = ".part";
/// Set explicitly (it is tempfile's default too) so [`is_our_temporary`] matches exactly.
const TEMP_RANDOM_LEN: usize = 6;

/// How old a temporary file must be before [`remove_stale_temporaries`] takes it for a
/// leftover. A temporary file only lives while bytes already rendered in memory are written,
/// synced and renamed (the render itself happens before it is created), and every write
/// refreshes its modification time: even a 58 MB carousel on a slow USB disk is done in
/// seconds. Ten minutes is two orders of magnitude more, so a save running in another process
/// (a second browser's host, the CLI) is never hit; the only casualty would be a save whose
/// machine slept in the middle of it, and that save then fails cleanly instead of saving.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// The temporary files this process is writing, for [`remove_in_flight_temporaries`].
static IN_FLIGHT: InFlight = InFlight::new();

/// Why files could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot find the Downloads folder: {0} is not set; pass --out DIR")]
    NoHome(&'static str),
    #[error("cannot create the folder {}: {source}; pass a writable folder with --out DIR", path.display())]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {} in {}: {source}; check that the folder is writable and the disk not full, or pass --out DIR", name, dir.display())]
    Write {
        dir: PathBuf,
        name: String,
        source: std::io::Error,
    },
}

/// The user's Downloads folder, created if missing: the Downloads known folder on Windows,
/// `XDG_DOWNLOAD_DIR` of `user-dirs.dirs` on Linux, `~/Downloads` on macOS (the `dirs` crate
/// knows each system's rule), else `Downloads` in the home folder.
pub fn downloads_dir() -> Result<PathBuf, SaveError> {
    let home = dirs::home_dir();
    let dir = dirs::download_dir()
        // In user-dirs.dirs, the home folder itself means "no Downloads folder".
        .filter(|dir| dir.is_absolute() && Some(dir) != home.as_ref())
        .or_else(|| home.map(|home| home.join("Downloads")))
        .ok_or(SaveError::NoHome(HOME_VARIABLE))?;
    ensure_dir(&dir)
}

/// The variable the home folder comes from, for the message when there is none.
const HOME_VARIABLE: &str = if cfg!(windows) { "USERPROFILE" } else { "HOME" };

/// Creates `dir` (and its parents) if missing, and makes it absolute.
pub fn ensure_dir(dir: &Path) -> Result<PathBuf, SaveError> {
    let err = |source| SaveError::CreateDir {
        path: dir.to_owned(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    std::path::absolute(dir).map_err(err)
}

/// A file-name stem made safe: ASCII letters, digits, `-`, `_` and `.` only, no leading dot
/// (a hidden file) or `-` (`-rf.pdf` reads as options to shell commands), bounded length,
/// `carousel` when nothing is left.
pub fn sanitize_stem(stem: &str) -> String {
    let mut out = String::with_capacity(stem.len().min(MAX_STEM));
    for ch in stem.chars() {
        let ch = if ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.') {
            ch
        } else {
            '_'
        };
        if ch == '_' && out.ends_with('_') {
            continue;
        }
        out.push(ch);
        if out.len() >= MAX_STEM {
            break;
        }
    }
    let out = out
        .trim_start_matches(['.', '_', '-'])
        .trim_end_matches(['.', '_']);
    if out.is_empty() {
        "carousel".to_owned()
    } else {
        out.to_owned()
    }
}

/// Saves each `(name, bytes)` into `dir` and returns the absolute paths written, in order.
///
/// Every file is written to a temporary file in `dir`, synced, then renamed into place without
/// replacing anything: when `name.ext` exists, `name (2).ext`, `name (3).ext`, … are tried.
/// If any file fails, the ones already saved by this call are removed again. Leftovers of
/// killed saves in `dir` are removed first (see [`remove_stale_temporaries`]).
pub fn save_files(dir: &Path, files: &[(String, &[u8])]) -> Result<Vec<PathBuf>, SaveError> {
    let dir = ensure_dir(dir)?;
    remove_stale_temporaries(&dir);
    let mut saved = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        match save_one(&IN_FLIGHT, &dir, name, bytes) {
            Ok(path) => saved.push(path),
            Err(err) => {
                for path in &saved {
                    let _ = std::fs::remove_file(path);
                }
                return Err(err);
            }
        }
    }
    Ok(saved)
}

fn save_one(
    registry: &InFlight,
    dir: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<PathBuf, SaveError> {
    let err = |source| SaveError::Write {
        dir: dir.to_owned(),
        name: name.to_owned(),
        source,
    };
    // The temporary file is deleted on drop unless persisted, whatever happens below.
    let mut temp = registry.create(dir).map_err(err)?;
    temp.write_synced(bytes).map_err(err)?;
    let (stem, ext) = split_name(name);
    for n in 1..=9999u32 {
        let candidate = match n {
            1 => name.to_owned(),
            n => format!("{stem} ({n}){ext}"),
        };
        let path = dir.join(&candidate);
        match temp.persist(&path, false) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(err(e)),
        }
    }
    Err(err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "too many files of that name",
    )))
}

/// Writes `bytes` to `path`, replacing whatever is there: into a temporary file in the same
/// folder, synced, then renamed over `path`. A symlink at `path` is replaced itself, never
/// written through (`std::fs::write` would overwrite the file it points to), and a reader
/// sees the old file or the new one, never part of one. The folder must exist.
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = IN_FLIGHT.create(dir)?;
    temp.write_synced(bytes)?;
    temp.persist(path, true)
}

/// Removes every temporary file this process is writing, and makes any save started after
/// this call fail without writing anything; returns how many files were removed.
///
/// For the way out: call it when the process has been told to stop (SIGTERM), just before
/// exiting, so no `.carousel-*.part` file is left in Downloads. Safe to call from any thread
/// while saves run: a save whose temporary file is removed fails (its caller gets an error);
/// one that already renamed its file into place has saved a complete, synced file.
pub fn remove_in_flight_temporaries() -> usize {
    IN_FLIGHT.remove_all()
}

/// Removes this program's temporary files (`.carousel-XXXXXX.part`, regular files only)
/// older than [`STALE_AFTER`] from `dir`: the leftovers of processes killed while saving
/// (`kill -9`, or Chrome's SIGKILL). Other files, and fresh temporaries that another
/// process may still be writing, are left alone. Returns how many were removed; a folder that
/// cannot be read is not an error (there is simply nothing to clean).
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    remove_temporaries_older_than(dir, STALE_AFTER, SystemTime::now())
}

fn remove_temporaries_older_than(dir: &Path, age: Duration, now: SystemTime) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        if !is_our_temporary(&entry.file_name()) {
            continue;
        }
        // `DirEntry::metadata` does not follow symlinks: a symlink of that name is not ours.
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|elapsed| elapsed >= age);
        if meta.file_type().is_file() && old && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether `name` is exactly the name of one of our temporary files.
fn is_our_temporary(name: &OsStr) -> bool {
    name.to_str()
        .and_then(|name| name.strip_prefix(TEMP_PREFIX))
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|random| {
            random.len() == TEMP_RANDOM_LEN && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// A registry of the temporary files in flight (one per process: [`IN_FLIGHT`]; tests make
/// their own). Files are created, renamed away and deleted under its lock, so
/// [`InFlight::remove_all`] sees every file that exists and none that is gone.
#[derive(Debug)]
struct InFlight {
    state: Mutex<InFlightState>,
}

#[derive(Debug)]
struct InFlightState {
    /// Set by [`InFlight::remove_all`]: the process is stopping, no new temporary files.
    closed: bool,
    paths: BTreeSet<PathBuf>,
}

impl InFlight {
    const fn new() -> InFlight {
        InFlight {
            state: Mutex::new(InFlightState {
                closed: false,
                paths: BTreeSet::new(),
            }),
        }
    }

    /// A panic elsewhere while holding the lock leaves the set consistent (each change is one
    /// insert or remove), so a poisoned lock is used anyway: cleanup must still work.
    fn state(&self) -> MutexGuard<'_, InFlightState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new, registered temporary file in `dir`.
    fn create(&self, dir: &Path) -> std::io::Result<InFlightFile<'_>> {
        let mut state = self.state();
        if state.closed {
            return Err(std::io::Error::other("the program is stopping"));
        }
        let mut builder = tempfile::Builder::new();
        builder
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .rand_bytes(TEMP_RANDOM_LEN);
        // Temporary files are private (0600) by default; a saved file is an ordinary file
        // whose mode the umask decides.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let temp = builder.tempfile_in(dir)?;
        state.paths.insert(temp.path().to_owned());
        Ok(InFlightFile {
            temp: Some(temp),
            registry: self,
        })
    }

    fn remove_all(&self) -> usize {
        let mut state = self.state();
        state.closed = true;
        std::mem::take(&mut state.paths)
            .iter()
            .filter(|path| std::fs::remove_file(path).is_ok())
            .count()
    }
}

/// A registered temporary file: unregistered when renamed into place, deleted and
/// unregistered when dropped.
#[derive(Debug)]
struct InFlightFile<'a> {
    /// `None` once persisted.
    temp: Option<tempfile::NamedTempFile>,
    registry: &'a InFlight,
}

impl InFlightFile<'_> {
    fn temp(&mut self) -> &mut tempfile::NamedTempFile {
        self.temp.as_mut().expect("not persisted yet")
    }

    #[cfg(test)]
    fn path(&mut self) -> PathBuf {
        self.temp().path().to_owned()
    }

    fn write_synced(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let temp = self.temp();
        temp.write_all(bytes)?;
        temp.flush()?;
        temp.as_file().sync_all()
    }

    /// Renames the file to `path`, replacing what is there if `replace`; otherwise an existing
    /// `path` is an `AlreadyExists` error and the file stays ready for another name.
    fn persist(&mut self, path: &Path, replace: bool) -> std::io::Result<()> {
        let mut state = self.registry.state();
        let temp = self.temp.take().expect("not persisted yet");
        let temp_path = temp.path().to_owned();
        let result = if replace {
            temp.persist(path)
        } else {
            temp.persist_noclobber(path)
        };
        match result {
            Ok(_) => {
                state.paths.remove(&temp_path);
                Ok(())
            }
            Err(persist) => {
                self.temp = Some(persist.file);
                Err(persist.error)
            }
        }
    }
}

impl Drop for InFlightFile<'_> {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            let mut state = self.registry.state();
            let path = temp.path().to_owned();
            drop(temp); // deletes the file
            state.paths.remove(&path);
        }
    }
}

/// `name.pdf` → (`name`, `.pdf`); a name without extension has an empty one.
fn split_name(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 => name.split_at(dot),
        _ => (name, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitises_names() {
        assert_eq!(
            sanitize_stem("vikhyatk-2050335759004905655"),
            "vikhyatk-2050335759004905655"
        );
        assert_eq!(sanitize_stem("../../etc/passwd"), "etc_passwd");
        assert_eq!(sanitize_stem(".hidden"), "hidden");
        assert_eq!(sanitize_stem("a b/c\\d:e"), "a_b_c_d_e");
        assert_eq!(sanitize_stem("مرحبا-1"), "1");
        // A leading `-` would read as options to shell commands (`rm -rf.pdf`).
        assert_eq!(sanitize_stem("-rf"), "rf");
        assert_eq!(sanitize_stem("--help"), "help");
        assert_eq!(sanitize_stem("-._-x-"), "x-");
        assert_eq!(sanitize_stem("---"), "carousel");
        assert_eq!(sanitize_stem(""), "carousel");
        assert_eq!(sanitize_stem("..."), "carousel");
        assert_eq!(sanitize_stem(&"x".repeat(500)).len(), MAX_STEM);
    }

    #[test]
    fn never_overwrites_and_numbers_copies() {
        let dir = tempfile::tempdir().unwrap();
        let files = [("a.pdf".to_owned(), &b"one"[..])];
        let first = save_files(dir.path(), &files).unwrap();
        let files = [("a.pdf".to_owned(), &b"two"[..])];
        let second = save_files(dir.path(), &files).unwrap();
        assert_eq!(first[0], dir.path().join("a.pdf"));
        assert_eq!(second[0], dir.path().join("a (2).pdf"));
        assert_eq!(std::fs::read(&first[0]).unwrap(), b"one");
        assert_eq!(std::fs::read(&second[0]).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temp files left"
        );
    }

    #[test]
    fn a_failed_save_removes_what_it_saved() {
        let dir = tempfile::tempdir().unwrap();
        // A name the file system refuses makes the second save fail after the first succeeded.
        let files = [
            ("a.pdf".to_owned(), &b"one"[..]),
            ("bad\0name.zip".to_owned(), &b"two"[..]),
        ];
        assert!(save_files(dir.path(), &files).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// The names in `dir`, in order.
    fn names_in(dir: &Path) -> Vec<String> {
        let entries = std::fs::read_dir(dir).unwrap();
        let names = entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned());
        names.collect::<BTreeSet<_>>().into_iter().collect()
    }

    /// Chrome's SIGTERM during a save left a 58 MB `.carousel-*.part` in Downloads.
    #[test]
    fn a_part_file_being_written_when_the_host_is_terminated_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        // A registry of its own: closing the process-wide one would stop the other tests' saves.
        let registry = InFlight::new();
        let mut temp = registry.create(dir.path()).unwrap();
        temp.write_synced(b"the first half of a PDF").unwrap();
        let part = temp.path();
        assert!(part.is_file());
        assert!(is_our_temporary(part.file_name().unwrap()), "{part:?}");

        assert_eq!(registry.remove_all(), 1);
        assert!(!part.exists());
        // The save that was writing it fails rather than saving a file...
        assert!(temp.persist(&dir.path().join("a.pdf"), false).is_err());
        drop(temp);
        // ...and a save starting after the cleanup writes nothing at all.
        assert!(save_one(&registry, dir.path(), "b.pdf", b"x").is_err());
        assert!(names_in(dir.path()).is_empty());
        assert_eq!(registry.remove_all(), 0);
    }

    #[test]
    fn saved_and_dropped_temporaries_leave_the_registry() {
        let dir = tempfile::tempdir().unwrap();
        let registry = InFlight::new();
        let saved = save_one(&registry, dir.path(), "a.pdf", b"one").unwrap();
        drop(registry.create(dir.path()).unwrap());
        assert!(registry.state().paths.is_empty());
        // The cleanup leaves saved files alone.
        assert_eq!(registry.remove_all(), 0);
        assert_eq!(std::fs::read(saved).unwrap(), b"one");
        assert_eq!(names_in(dir.path()), ["a.pdf"]);
    }

    /// `kill -9` during a save leaves its `.part` file behind: a later start removes it, and
    /// only it.
    #[test]
    fn stale_part_files_of_killed_saves_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let long_ago = SystemTime::now() - Duration::from_secs(3600);
        let make = |name: &str, old: bool| {
            let file = std::fs::File::create(dir.path().join(name)).unwrap();
            if old {
                file.set_modified(long_ago).unwrap();
            }
        };
        make(".carousel-Ab3xY9.part", true); // a leftover
        make(".carousel-Zz0000.part", false); // a save in progress elsewhere
        // Old, but not exactly our names.
        for name in [
            ".carousel-Ab3xY9.part.pdf",
            ".carousel-Ab3x.part",
            ".carousel-Ab3xY9Q.part",
            ".carousel-Ab-xY9.part",
            "carousel-Ab3xY9.part",
            ".carousel-Ab3xY9.partial",
            "report.part",
            "thread.pdf",
        ] {
            make(name, true);
        }
        // Not a regular file.
        let folder = dir.path().join(".carousel-dir000.part");
        std::fs::create_dir(&folder).unwrap();
        #[cfg(unix)]
        std::fs::File::open(&folder)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        let mut expected = names_in(dir.path());
        expected.retain(|name| name != ".carousel-Ab3xY9.part");

        assert_eq!(remove_stale_temporaries(dir.path()), 1);
        assert_eq!(names_in(dir.path()), expected);
        assert_eq!(remove_stale_temporaries(dir.path()), 0);
        assert_eq!(remove_stale_temporaries(&dir.path().join("missing")), 0);
        // Once it is old enough, the other one goes too.
        let later = SystemTime::now() + STALE_AFTER;
        assert_eq!(
            remove_temporaries_older_than(dir.path(), STALE_AFTER, later),
            1
        );
        assert!(!dir.path().join(".carousel-Zz0000.part").exists());
    }

    #[test]
    fn a_save_cleans_its_folder_of_stale_part_files() {
        let dir = tempfile::tempdir().unwrap();
        let leftover = dir.path().join(".carousel-000000.part");
        std::fs::File::create(&leftover)
            .unwrap()
            .set_modified(SystemTime::now() - 2 * STALE_AFTER)
            .unwrap();
        save_files(dir.path(), &[("a.pdf".to_owned(), &b"one"[..])]).unwrap();
        assert_eq!(names_in(dir.path()), ["a.pdf"]);
    }

    #[cfg(unix)]
    #[test]
    fn replace_file_replaces_a_symlink_instead_of_writing_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::write(&outside, "precious").unwrap();
        let inside = dir.path().join("in");
        std::fs::create_dir(&inside).unwrap();
        let link = inside.join("file");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        replace_file(&link, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
        assert_eq!(std::fs::read(&link).unwrap(), b"new");
        // Replacing again replaces, and leaves no temporary file.
        replace_file(&link, b"newer").unwrap();
        assert_eq!(std::fs::read(&link).unwrap(), b"newer");
        assert_eq!(names_in(&inside), ["file"]);
    }
}
