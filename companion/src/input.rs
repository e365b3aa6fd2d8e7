//! Reading what `render` is given: a thread JSON file, or the bundled sample.

use std::path::{Path, PathBuf};

use shared::Thread;

use crate::images::ImageBase;

/// The bundled sample thread and the images it refers to by name.
pub const SAMPLE_THREAD: &str = include_str!("../../assets/sample/thread.json");
/// The sample's image files, by the names `thread.json` uses.
pub static SAMPLE_FILES: &[(&str, &[u8])] = &[
    (
        "avatar.png",
        include_bytes!("../../assets/sample/avatar.png"),
    ),
    ("photo.jpg", include_bytes!("../../assets/sample/photo.jpg")),
];

/// Why the input could not be read as a thread.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{} does not exist; pass the path of a thread JSON file, or --sample", path.display())]
    NotFound { path: PathBuf },
    #[error("cannot read {}: {source}; pass a readable thread JSON file", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} looks like a saved web page; `render` does not support saved pages yet: pass a thread JSON file instead", path.display())]
    SavedPage { path: PathBuf },
    #[error("{} is a deck JSON; `render` does not support decks yet: pass a thread JSON file instead", path.display())]
    Deck { path: PathBuf },
    #[error("{} is not valid thread JSON: {message} at line {line}, column {column}; fix the file or pass a thread JSON as described in the README", path.display())]
    Json {
        path: PathBuf,
        message: String,
        line: usize,
        column: usize,
    },
    #[error("{} has no posts; add at least one post to \"posts\" or pass another thread JSON", path.display())]
    Empty { path: PathBuf },
}

/// A thread ready for image resolution, with where its relative image references point.
#[derive(Debug, Clone)]
pub struct LoadedThread {
    pub thread: Thread,
    /// The folder relative image paths are resolved against; `None` for the embedded sample.
    pub dir: Option<PathBuf>,
}

impl LoadedThread {
    /// Where this thread's relative image references point.
    pub fn image_base(&self) -> ImageBase<'_> {
        match &self.dir {
            Some(dir) => ImageBase::Dir(dir),
            None => ImageBase::Embedded(SAMPLE_FILES),
        }
    }
}

/// The bundled sample thread.
pub fn sample() -> LoadedThread {
    let thread = serde_json::from_str(SAMPLE_THREAD).expect("the bundled sample is valid");
    LoadedThread { thread, dir: None }
}

/// Reads a thread JSON file.
pub fn read_thread_file(path: &Path) -> Result<LoadedThread, InputError> {
    let text = std::fs::read_to_string(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound {
            path: path.to_owned(),
        },
        _ => InputError::Read {
            path: path.to_owned(),
            source,
        },
    })?;
    let thread = parse_thread(&text, path)?;
    let dir = std::path::absolute(path)
        .ok()
        .and_then(|path| path.parent().map(Path::to_owned))
        .unwrap_or_default();
    Ok(LoadedThread {
        thread,
        dir: Some(dir),
    })
}

/// Parses thread JSON; `path` only names the input in errors.
pub fn parse_thread(text: &str, path: &Path) -> Result<Thread, InputError> {
    let path = path.to_owned();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        return Err(InputError::SavedPage { path });
    }
    let thread: Thread = serde_json::from_str(trimmed).map_err(|err| {
        if trimmed.contains("\"deck_version\"") {
            return InputError::Deck { path: path.clone() };
        }
        let (line, column) = (err.line(), err.column());
        let message = err.to_string();
        let suffix = format!(" at line {line} column {column}");
        let message = message.strip_suffix(&suffix).unwrap_or(&message).to_owned();
        InputError::Json {
            path: path.clone(),
            message,
            line,
            column,
        }
    })?;
    if thread.posts.is_empty() {
        return Err(InputError::Empty { path });
    }
    Ok(thread)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_parses_and_its_images_are_bundled() {
        let sample = sample();
        assert!(sample.thread.posts.len() >= 2);
        let mut thread = sample.thread.clone();
        crate::images::resolve_thread(&mut thread, sample.image_base(), |r, e| {
            panic!("sample image {r}: {e}")
        });
        assert!(
            thread.posts[0]
                .author
                .avatar
                .as_deref()
                .unwrap()
                .starts_with("data:image/png")
        );
    }

    #[test]
    fn errors_say_what_is_wrong_and_where() {
        let path = Path::new("t.json");
        let err = parse_thread("{\n  \"posts\": [,]\n}", path).unwrap_err();
        assert!(matches!(err, InputError::Json { line: 2, .. }), "{err}");
        assert!(err.to_string().contains("t.json"));
        assert!(err.to_string().contains("line 2, column"));
        assert!(matches!(
            parse_thread("<!DOCTYPE html><html>", path),
            Err(InputError::SavedPage { .. })
        ));
        assert!(matches!(
            parse_thread(r#"{"url": "", "posts": []}"#, path),
            Err(InputError::Empty { .. })
        ));
        assert!(matches!(
            parse_thread(r#"{"deck_version": 1, "slides": []}"#, path),
            Err(InputError::Deck { .. })
        ));
    }
}
