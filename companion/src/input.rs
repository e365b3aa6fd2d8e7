//! The first stage of a render: reading what it is given (a saved x.com page, a thread JSON
//! file, a deck JSON file, or the bundled sample) and where that input's images may be read from.

use std::path::{Path, PathBuf};

use model::deck::DeckError;
use model::{Deck, Thread};
use scrape::ScrapeError;

use export::images::ImageBase;

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
    #[error("{} does not exist; pass the path of a saved x.com page or a thread JSON file, or --sample", path.display())]
    NotFound { path: PathBuf },
    #[error("cannot read {}: {source}; pass a readable thread JSON file", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A saved page (HTML) that holds no usable thread; the scraper's message says what to do.
    #[error("{}: {source}", path.display())]
    Scrape { path: PathBuf, source: ScrapeError },
    #[error("{} is neither UTF-8 text nor a saved web page (invalid byte at offset {offset}); save the thread JSON as UTF-8, or pass a page saved from x.com with \"Webpage, Complete\"", path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{} is a deck JSON; `render` does not support decks yet: pass a thread JSON file instead", path.display())]
    Deck { path: PathBuf },
    #[error("{} is not valid thread JSON: {message} at line {line}, column {column}; fix the file or pass a thread JSON as described in docs/thread-json.md", path.display())]
    Json {
        path: PathBuf,
        message: String,
        line: usize,
        column: usize,
    },
    #[error("{} has no posts; add at least one post to \"posts\" or pass another thread JSON", path.display())]
    Empty { path: PathBuf },
    #[error("{} is not a usable deck: {source}; fix the deck JSON (see docs/deck-json.md)", path.display())]
    BadDeck { path: PathBuf, source: DeckError },
}

/// Where an input's image references may be read from: the owned form of [`ImageBase`], kept
/// with the input until the images are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageFiles {
    /// Relative paths are relative to this folder (a thread or deck JSON file the user named, or
    /// the working folder for a profile's images).
    Dir(PathBuf),
    /// A page saved with "Webpage, Complete": paths are relative to `dir`, and only files inside
    /// its own `…_files` folder (`files`) are read.
    SavedPage { dir: PathBuf, files: PathBuf },
    /// The bundled sample's embedded images; nothing is read from disk.
    Sample,
    /// No local file at all, only `data:` and `https://` references: for everything that
    /// arrives from the browser.
    None,
}

impl ImageFiles {
    /// The borrowed form the image resolver takes.
    pub fn base(&self) -> ImageBase<'_> {
        match self {
            ImageFiles::Dir(dir) => ImageBase::Dir(dir),
            ImageFiles::SavedPage { dir, files } => ImageBase::PageFiles { dir, files },
            ImageFiles::Sample => ImageBase::Embedded(SAMPLE_FILES),
            ImageFiles::None => ImageBase::NoFiles,
        }
    }
}

/// A thread ready for image resolution, with where its relative image references point.
#[derive(Debug, Clone)]
pub struct LoadedThread {
    pub thread: Thread,
    pub images: ImageFiles,
}

impl LoadedThread {
    /// Where this thread's relative image references point.
    pub fn image_base(&self) -> ImageBase<'_> {
        self.images.base()
    }
}

/// Where the images of a thread read from `path` are: beside it, or for a saved page only in
/// its `…_files` folder.
fn thread_images(path: &Path, text: &str) -> ImageFiles {
    let dir = parent_dir(path);
    if is_html(text) {
        ImageFiles::SavedPage {
            dir,
            files: page_files_dir(path),
        }
    } else {
        ImageFiles::Dir(dir)
    }
}

/// The folder a browser's "Save page as, complete" writes a page's images into: `Page.html`
/// → `Page_files` beside it (Chrome, Edge and Firefox all name it so).
pub fn page_files_dir(page: &Path) -> PathBuf {
    let page = std::path::absolute(page).unwrap_or_else(|_| page.to_owned());
    let stem = page.file_stem().unwrap_or_default().to_string_lossy();
    page.with_file_name(format!("{stem}_files"))
}

/// Whether text is a web page rather than JSON.
fn is_html(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
}

/// A deck ready for image resolution; relative image paths are relative to its file's folder.
#[derive(Debug, Clone)]
pub struct LoadedDeck {
    pub deck: Deck,
    pub images: ImageFiles,
}

/// What `render` was given.
#[derive(Debug, Clone)]
pub enum Input {
    Thread(LoadedThread),
    Deck(Box<LoadedDeck>),
}

/// Reads a thread JSON or a deck JSON (`"deck_version"` tells them apart).
pub fn read_input_file(path: &Path) -> Result<Input, InputError> {
    let text = read_text(path)?;
    if is_deck(&text) {
        let deck = parse_deck(&text, path)?;
        return Ok(Input::Deck(Box::new(LoadedDeck {
            deck,
            images: ImageFiles::Dir(parent_dir(path)),
        })));
    }
    let thread = parse_thread(&text, path)?;
    Ok(Input::Thread(LoadedThread {
        thread,
        images: thread_images(path, &text),
    }))
}

/// Whether JSON text is a deck: a top-level object with a `deck_version`.
fn is_deck(text: &str) -> bool {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    trimmed.starts_with('{')
        && serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(trimmed).map_or_else(
            |_| trimmed.contains("\"deck_version\""),
            |map| map.contains_key("deck_version"),
        )
}

/// Parses and validates deck JSON; `path` only names the input in errors.
pub fn parse_deck(text: &str, path: &Path) -> Result<Deck, InputError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let deck: Deck = serde_json::from_str(trimmed).map_err(|err| json_error(&err, path, "deck"))?;
    deck.validate().map_err(|source| InputError::BadDeck {
        path: path.to_owned(),
        source,
    })?;
    Ok(deck)
}

fn json_error(err: &serde_json::Error, path: &Path, what: &str) -> InputError {
    let (line, column) = (err.line(), err.column());
    let message = err.to_string();
    let suffix = format!(" at line {line} column {column}");
    let message = message.strip_suffix(&suffix).unwrap_or(&message);
    InputError::Json {
        path: path.to_owned(),
        message: format!("{message} (reading it as {what} JSON)"),
        line,
        column,
    }
}

/// Reads an input file as text. A page with a few bytes that are not UTF-8 is still read
/// (they become U+FFFD: pages saved by browsers are UTF-8 in all that matters); JSON that is
/// not UTF-8 is refused, naming where.
fn read_text(path: &Path) -> Result<String, InputError> {
    let bytes = std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound {
            path: path.to_owned(),
        },
        _ => InputError::Read {
            path: path.to_owned(),
            source,
        },
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) => {
            let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
            if is_html(&lossy) {
                Ok(lossy)
            } else {
                Err(InputError::NotUtf8 {
                    path: path.to_owned(),
                    offset: err.utf8_error().valid_up_to(),
                })
            }
        }
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    std::path::absolute(path)
        .ok()
        .and_then(|path| path.parent().map(Path::to_owned))
        .unwrap_or_default()
}

/// The bundled sample thread.
pub fn sample() -> LoadedThread {
    let thread = serde_json::from_str(SAMPLE_THREAD).expect("the bundled sample is valid");
    LoadedThread {
        thread,
        images: ImageFiles::Sample,
    }
}

/// Reads a page saved with "Webpage, Complete" and scrapes its thread. `page_url` names the
/// focal post (default: the page's canonical link, else its focal article). Image paths stay
/// relative to the page, as the save wrote them.
pub fn read_saved_page(path: &Path, page_url: Option<&str>) -> Result<Thread, InputError> {
    scrape_page(&read_text(path)?, path, page_url)
}

fn scrape_page(html: &str, path: &Path, page_url: Option<&str>) -> Result<Thread, InputError> {
    scrape::scrape_html(html, page_url).map_err(|source| InputError::Scrape {
        path: path.to_owned(),
        source,
    })
}

/// Parses thread JSON, or scrapes a saved page (HTML); `path` only names the input in errors.
pub fn parse_thread(text: &str, path: &Path) -> Result<Thread, InputError> {
    let path = path.to_owned();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if is_html(trimmed) {
        return scrape_page(text, &path, None);
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
        export::images::resolve_thread(&mut thread, sample.image_base(), |r, e| {
            panic!("sample image {r}: {e}")
        });
        // The bundled avatar is an opaque PNG: resolved as a JPEG, as every avatar is.
        assert!(
            thread.posts[0]
                .author
                .avatar
                .as_deref()
                .unwrap()
                .starts_with("data:image/jpeg")
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
            Err(InputError::Scrape {
                source: ScrapeError::NoConversation,
                ..
            })
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

    #[test]
    fn a_page_that_is_not_utf8_is_read_and_json_that_is_not_is_refused_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.html");
        std::fs::write(&page, b"<!DOCTYPE html><html><body>caf\xe9</body></html>").unwrap();
        let err = read_input_file(&page).unwrap_err();
        assert!(
            matches!(err, InputError::Scrape { .. }),
            "read as a page, then scraped: {err}"
        );
        let json = dir.path().join("thread.json");
        std::fs::write(&json, b"{\"posts\": [\"\xff\"]}").unwrap();
        let err = read_input_file(&json).unwrap_err();
        assert!(
            matches!(err, InputError::NotUtf8 { offset: 12, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("UTF-8"), "{err}");
    }

    #[test]
    fn a_saved_page_s_images_come_from_its_own_files_folder() {
        assert_eq!(
            page_files_dir(Path::new("/d/Thread on X.html")),
            PathBuf::from("/d/Thread on X_files")
        );
    }

    #[test]
    fn decks_are_told_from_threads_and_validated() {
        let dir = tempfile::tempdir().unwrap();
        let sample = sample();
        let deck = Deck::from_thread(&sample.thread, &model::Design::default());
        let path = dir.path().join("deck.json");
        std::fs::write(&path, serde_json::to_string(&deck).unwrap()).unwrap();
        assert!(matches!(read_input_file(&path), Ok(Input::Deck(_))));
        let thread_path = dir.path().join("thread.json");
        std::fs::write(&thread_path, SAMPLE_THREAD).unwrap();
        assert!(matches!(
            read_input_file(&thread_path),
            Ok(Input::Thread(_))
        ));
        let err = parse_deck(
            r#"{"deck_version": 2, "slides": [{"kind": "outro"}]}"#,
            &path,
        )
        .unwrap_err();
        assert!(err.to_string().contains("deck_version 2"), "{err}");
        let err = parse_deck(
            r#"{"deck_version": 1, "slides": [{"kind": "nope"}]}"#,
            &path,
        )
        .unwrap_err();
        assert!(matches!(err, InputError::Json { line: 1, .. }), "{err}");
    }
}
