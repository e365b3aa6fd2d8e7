//! Saving: finding the Downloads folder, safe file names, and atomic writes that never
//! overwrite (`name (2).pdf`) and leave nothing behind when a save fails half-way.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The longest file-name stem written, in bytes (names stay far below the 255-byte limit).
const MAX_STEM: usize = 100;

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

/// The user's Downloads folder, created if missing.
///
/// On Linux and other Unix: `XDG_DOWNLOAD_DIR` from `$XDG_CONFIG_HOME/user-dirs.dirs`
/// (default `$HOME/.config`), else `$HOME/Downloads`. On Windows: `%USERPROFILE%\Downloads`.
pub fn downloads_dir() -> Result<PathBuf, SaveError> {
    let dir = find_downloads_dir(|name| std::env::var_os(name))?;
    ensure_dir(&dir)?;
    Ok(dir)
}

/// Creates `dir` (and its parents) if missing, and makes it absolute.
pub fn ensure_dir(dir: &Path) -> Result<PathBuf, SaveError> {
    let err = |source| SaveError::CreateDir {
        path: dir.to_owned(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    std::path::absolute(dir).map_err(err)
}

#[cfg(windows)]
fn find_downloads_dir(env: impl Fn(&str) -> Option<OsString>) -> Result<PathBuf, SaveError> {
    let profile = env("USERPROFILE").ok_or(SaveError::NoHome("USERPROFILE"))?;
    Ok(PathBuf::from(profile).join("Downloads"))
}

#[cfg(not(windows))]
fn find_downloads_dir(env: impl Fn(&str) -> Option<OsString>) -> Result<PathBuf, SaveError> {
    let home = env("HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
        .ok_or(SaveError::NoHome("HOME"))?;
    let config = env("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .unwrap_or_else(|| home.join(".config"));
    let from_user_dirs = std::fs::read_to_string(config.join("user-dirs.dirs"))
        .ok()
        .and_then(|text| xdg_download_dir(&text, &home));
    Ok(from_user_dirs.unwrap_or_else(|| home.join("Downloads")))
}

/// `XDG_DOWNLOAD_DIR` from the text of a `user-dirs.dirs`, `$HOME` expanded, quotes stripped.
#[cfg_attr(windows, allow(dead_code))]
fn xdg_download_dir(text: &str, home: &Path) -> Option<PathBuf> {
    let value = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.strip_prefix("XDG_DOWNLOAD_DIR="))
        .next_back()?
        .trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    let path = if let Some(rest) = value
        .strip_prefix("$HOME")
        .or_else(|| value.strip_prefix("${HOME}"))
    {
        let rest = rest.trim_start_matches('/');
        if rest.is_empty() {
            home.to_owned()
        } else {
            home.join(rest)
        }
    } else {
        PathBuf::from(value)
    };
    // Relative values are invalid per the XDG spec; `$HOME` alone means "disabled".
    (path.is_absolute() && path != home).then_some(path)
}

/// A file-name stem made safe: ASCII letters, digits, `-`, `_` and `.` only, no leading dot,
/// bounded length, `carousel` when nothing is left.
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
        .trim_start_matches(['.', '_'])
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
/// If any file fails, the ones already saved by this call are removed again.
pub fn save_files(dir: &Path, files: &[(String, &[u8])]) -> Result<Vec<PathBuf>, SaveError> {
    let dir = ensure_dir(dir)?;
    let mut saved = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        match save_one(&dir, name, bytes) {
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

fn save_one(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, SaveError> {
    let err = |source| SaveError::Write {
        dir: dir.to_owned(),
        name: name.to_owned(),
        source,
    };
    // The temporary file is deleted on drop unless persisted, whatever happens below.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".carousel-").suffix(".part");
    // Temporary files are private (0600) by default; a saved carousel is an ordinary file
    // whose mode the umask decides.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(dir).map_err(err)?;
    temp.write_all(bytes).map_err(err)?;
    temp.flush().map_err(err)?;
    temp.as_file().sync_all().map_err(err)?;
    let (stem, ext) = split_name(name);
    for n in 1..=9999u32 {
        let candidate = match n {
            1 => name.to_owned(),
            n => format!("{stem} ({n}){ext}"),
        };
        let path = dir.join(&candidate);
        match temp.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(persist) if persist.error.kind() == std::io::ErrorKind::AlreadyExists => {
                temp = persist.file;
            }
            Err(persist) => return Err(err(persist.error)),
        }
    }
    Err(err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "too many files of that name",
    )))
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
        assert_eq!(sanitize_stem("مرحبا-1"), "-1");
        assert_eq!(sanitize_stem(""), "carousel");
        assert_eq!(sanitize_stem("..."), "carousel");
        assert_eq!(sanitize_stem(&"x".repeat(500)).len(), MAX_STEM);
    }

    #[test]
    fn reads_xdg_download_dir() {
        let home = Path::new("/home/u");
        let text =
            "# comment\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_DOWNLOAD_DIR=\"$HOME/Stuff\"\n";
        assert_eq!(
            xdg_download_dir(text, home),
            Some(PathBuf::from("/home/u/Stuff"))
        );
        assert_eq!(
            xdg_download_dir("XDG_DOWNLOAD_DIR=\"/data/dl\"", home),
            Some(PathBuf::from("/data/dl"))
        );
        assert_eq!(xdg_download_dir("XDG_DOWNLOAD_DIR=\"$HOME/\"", home), None);
        assert_eq!(xdg_download_dir("XDG_DOWNLOAD_DIR=\"rel\"", home), None);
        assert_eq!(xdg_download_dir("", home), None);
    }

    #[cfg(not(windows))]
    #[test]
    fn downloads_default_to_home() {
        let home = tempfile::tempdir().unwrap();
        let env = |name: &str| match name {
            "HOME" => Some(home.path().as_os_str().to_owned()),
            _ => None,
        };
        assert_eq!(
            find_downloads_dir(env).unwrap(),
            home.path().join("Downloads")
        );
        assert!(matches!(
            find_downloads_dir(|_| None),
            Err(SaveError::NoHome("HOME"))
        ));
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
}
