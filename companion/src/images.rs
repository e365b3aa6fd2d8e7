//! Turns every image reference of a thread (`data:` URL, file path, https URL, or a name in the
//! embedded sample) into a validated `data:` URL, so that layout and rendering do no I/O.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use shared::Thread;

/// The largest image accepted, from any source.
pub const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;

/// The whole budget for one download, connection included.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// Where relative image references point.
#[derive(Debug, Clone, Copy)]
pub enum ImageBase<'a> {
    /// Paths are relative to this folder (the input file's folder).
    Dir(&'a Path),
    /// Names are looked up in embedded files (the bundled sample); nothing is read from disk.
    Embedded(&'a [(&'a str, &'a [u8])]),
    /// Only `data:` and `https://` references: for input from outside (the browser), which
    /// must not read local files.
    NoFiles,
}

/// Why an image could not be used. The image is left out; the rest of the carousel goes on.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("not a PNG, JPEG, GIF or WebP image")]
    UnsupportedType,
    #[error("malformed data: URL ({0})")]
    BadDataUrl(&'static str),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("download failed: {0}")]
    Fetch(String),
    #[error("larger than {} MB", MAX_IMAGE_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("unsupported URL scheme (use https://, data: or a file path)")]
    UnsupportedScheme,
    #[error("not one of the sample's files")]
    NotInSample,
    #[error("file paths are not accepted here; use https:// or data: URLs")]
    FilesRefused,
}

/// The image formats the renderers decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl ImageType {
    /// Recognises an image by its magic bytes, whatever its name or declared type says.
    pub fn sniff(data: &[u8]) -> Option<ImageType> {
        if data.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageType::Png)
        } else if data.starts_with(&[0xff, 0xd8, 0xff]) {
            Some(ImageType::Jpeg)
        } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
            Some(ImageType::Gif)
        } else if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
            Some(ImageType::Webp)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ImageType::Png => "image/png",
            ImageType::Jpeg => "image/jpeg",
            ImageType::Gif => "image/gif",
            ImageType::Webp => "image/webp",
        }
    }
}

/// Encodes image bytes as a `data:` URL, refusing anything that is not a supported image.
pub fn data_url(data: &[u8]) -> Result<String, ImageError> {
    if data.len() as u64 > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge);
    }
    let kind = ImageType::sniff(data).ok_or(ImageError::UnsupportedType)?;
    Ok(format!(
        "data:{};base64,{}",
        kind.mime(),
        BASE64.encode(data)
    ))
}

/// Resolves one reference to a `data:` URL.
pub fn resolve(reference: &str, base: ImageBase<'_>) -> Result<String, ImageError> {
    let reference = reference.trim();
    if let Some(rest) = strip_prefix_ignore_case(reference, "data:") {
        return check_data_url(reference, rest);
    }
    if strip_prefix_ignore_case(reference, "https://").is_some()
        || strip_prefix_ignore_case(reference, "http://").is_some()
    {
        return data_url(&fetch(reference)?);
    }
    if has_scheme(reference) {
        return Err(ImageError::UnsupportedScheme);
    }
    match base {
        ImageBase::Dir(dir) => {
            let path = dir.join(reference);
            let data = read_file(&path)?;
            data_url(&data)
        }
        ImageBase::Embedded(files) => {
            let name = reference.trim_start_matches("./");
            let (_, data) = files
                .iter()
                .find(|(file, _)| *file == name)
                .ok_or(ImageError::NotInSample)?;
            data_url(data)
        }
        ImageBase::NoFiles => Err(ImageError::FilesRefused),
    }
}

/// Resolves every image of `thread` in place. Each distinct reference is resolved once; one
/// that cannot be had is dropped and reported once through `warn`.
pub fn resolve_thread(
    thread: &mut Thread,
    base: ImageBase<'_>,
    mut warn: impl FnMut(&str, &ImageError),
) {
    let mut done: HashMap<String, Option<String>> = HashMap::new();
    thread.resolve_images(|reference| {
        if let Some(known) = done.get(reference) {
            return known.clone();
        }
        let resolved = match resolve(reference, base) {
            Ok(url) => Some(url),
            Err(err) => {
                warn(reference, &err);
                None
            }
        };
        done.insert(reference.to_owned(), resolved.clone());
        resolved
    });
}

/// Resolves every image of a deck in place: its posts' images (as [`resolve_thread`]) and the
/// brand's avatar and logo.
pub fn resolve_deck(
    deck: &mut shared::Deck,
    base: ImageBase<'_>,
    mut warn: impl FnMut(&str, &ImageError),
) {
    let mut thread = Thread {
        url: String::new(),
        posts: std::mem::take(&mut deck.posts),
    };
    resolve_thread(&mut thread, base, &mut warn);
    deck.posts = thread.posts;
    resolve_brand(&mut deck.design.brand, base, warn);
}

/// Resolves a brand's avatar and logo in place, dropping (and reporting) those that fail.
pub fn resolve_brand(
    brand: &mut shared::design::Brand,
    base: ImageBase<'_>,
    mut warn: impl FnMut(&str, &ImageError),
) {
    for slot in [&mut brand.avatar, &mut brand.logo] {
        if let Some(reference) = slot.take().filter(|r| !r.trim().is_empty()) {
            match resolve(&reference, base) {
                Ok(url) => *slot = Some(url),
                Err(err) => warn(&reference, &err),
            }
        }
    }
}

fn check_data_url(whole: &str, rest: &str) -> Result<String, ImageError> {
    let (header, payload) = rest
        .split_once(',')
        .ok_or(ImageError::BadDataUrl("no comma"))?;
    if !header.to_ascii_lowercase().ends_with(";base64") {
        return Err(ImageError::BadDataUrl("not base64"));
    }
    if payload.len() as u64 > MAX_IMAGE_BYTES / 3 * 4 + 4 {
        return Err(ImageError::TooLarge);
    }
    let payload: String = payload.chars().filter(|c| !c.is_whitespace()).collect();
    let data = BASE64
        .decode(payload.as_bytes())
        .map_err(|_| ImageError::BadDataUrl("invalid base64"))?;
    ImageType::sniff(&data).ok_or(ImageError::UnsupportedType)?;
    Ok(whole.to_owned())
}

fn read_file(path: &Path) -> Result<Vec<u8>, ImageError> {
    let err = |source| ImageError::Read {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(err)?;
    let mut data = Vec::new();
    file.take(MAX_IMAGE_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(err)?;
    if data.len() as u64 > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge);
    }
    Ok(data)
}

fn fetch(url: &str) -> Result<Vec<u8>, ImageError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(FETCH_TIMEOUT))
        .user_agent("carousel-studio")
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|err| ImageError::Fetch(err.to_string()))?;
    response
        .body_mut()
        .with_config()
        .limit(MAX_IMAGE_BYTES)
        .read_to_vec()
        .map_err(|err| match err {
            ureq::Error::BodyExceedsLimit(_) => ImageError::TooLarge,
            err => ImageError::Fetch(err.to_string()),
        })
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// `scheme:` as in RFC 3986, but not a Windows drive letter (`C:\…`).
fn has_scheme(reference: &str) -> bool {
    match reference.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_1PX: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0, 5, 0, 1, 0xff, 0x89, 0x99,
        0x3d, 0x1d, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];

    #[test]
    fn sniffs_supported_types_and_refuses_others() {
        assert_eq!(ImageType::sniff(PNG_1PX), Some(ImageType::Png));
        assert_eq!(
            ImageType::sniff(&[0xff, 0xd8, 0xff, 0xe0]),
            Some(ImageType::Jpeg)
        );
        assert_eq!(ImageType::sniff(b"GIF89a...."), Some(ImageType::Gif));
        assert_eq!(
            ImageType::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageType::Webp)
        );
        assert_eq!(ImageType::sniff(b"<svg xmlns="), None);
        assert!(matches!(
            data_url(b"<svg/>"),
            Err(ImageError::UnsupportedType)
        ));
    }

    #[test]
    fn data_urls_are_kept_when_valid() {
        let url = data_url(PNG_1PX).unwrap();
        assert!(url.starts_with("data:image/png;base64,"));
        let base = ImageBase::Embedded(&[]);
        assert_eq!(resolve(&url, base).unwrap(), url);
        assert!(matches!(
            resolve("data:image/png;base64,!!!", base),
            Err(ImageError::BadDataUrl(_))
        ));
        assert!(matches!(
            resolve("data:image/svg+xml;base64,PHN2Zy8+", base),
            Err(ImageError::UnsupportedType)
        ));
        assert!(matches!(
            resolve("data:text/plain,hello", base),
            Err(ImageError::BadDataUrl(_))
        ));
    }

    #[test]
    fn paths_resolve_against_the_base_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.png"), PNG_1PX).unwrap();
        std::fs::write(dir.path().join("b.png"), b"not an image").unwrap();
        let base = ImageBase::Dir(dir.path());
        assert!(
            resolve("a.png", base)
                .unwrap()
                .starts_with("data:image/png")
        );
        assert!(matches!(
            resolve("b.png", base),
            Err(ImageError::UnsupportedType)
        ));
        assert!(matches!(
            resolve("missing.png", base),
            Err(ImageError::Read { .. })
        ));
        let absolute = dir.path().join("a.png");
        assert!(resolve(absolute.to_str().unwrap(), ImageBase::Embedded(&[])).is_err());
        assert!(resolve(absolute.to_str().unwrap(), base).is_ok());
    }

    #[test]
    fn embedded_names_and_other_schemes() {
        let files: &[(&str, &[u8])] = &[("avatar.png", PNG_1PX)];
        let base = ImageBase::Embedded(files);
        assert!(resolve("./avatar.png", base).is_ok());
        assert!(matches!(
            resolve("other.png", base),
            Err(ImageError::NotInSample)
        ));
        assert!(matches!(
            resolve("/etc/passwd", ImageBase::NoFiles),
            Err(ImageError::FilesRefused)
        ));
        assert!(matches!(
            resolve("ftp://host/x.png", base),
            Err(ImageError::UnsupportedScheme)
        ));
    }

    #[test]
    fn unreachable_https_fails_quickly() {
        let started = std::time::Instant::now();
        let err = resolve("https://127.0.0.1:9/x.png", ImageBase::Embedded(&[])).unwrap_err();
        assert!(matches!(err, ImageError::Fetch(_)), "{err}");
        assert!(started.elapsed() < FETCH_TIMEOUT + Duration::from_secs(1));
    }
}
