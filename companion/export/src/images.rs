//! Turns every image reference of a thread (`data:` URL, file path, https URL, or a name in the
//! embedded sample) into a validated `data:` URL, so that layout and rendering do no I/O.
//!
//! Everything here treats its input as hostile, because a reference may come from a web page
//! (through the extension) or from a file someone sent the user:
//! - **Files** are read only where the caller resolved a folder on purpose ([`ImageBase`]):
//!   never for the browser, only the page's own `…_files` folder for a saved page, and only
//!   regular files (a FIFO would hang the host, `/dev/zero` never ends).
//! - **Network**: https only, to public addresses (checked after DNS resolution, on every
//!   redirect, so `localhost`, `127.0.0.1`, private and link-local networks are never reached),
//!   at most [`MAX_REDIRECTS`] redirects, no proxy from the environment, and one deadline for
//!   all of a render's downloads, which run in parallel.
//! - **Decoding**: the declared size is read from the header before anything is decoded and
//!   refused over [`MAX_IMAGE_PIXELS`]; the image is then decoded once (so a corrupt file is
//!   reported, not silently dropped by the renderer), and one larger than a slide can show is
//!   downscaled to [`MAX_SIDE`]. A render's images together stay under [`MAX_RENDER_BYTES`].
//!
//! An image that fails any of this is left out with a warning; the carousel goes on.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use data_url::{DataUrl, DataUrlError};
use model::{Analysis, Thread};
use ureq::http::Uri;
use ureq::http::uri::Scheme;

/// The largest image file accepted, from any source, before decoding.
pub const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;

/// The longest `data:` URL read: [`MAX_IMAGE_BYTES`] in base64, and room for the header.
const MAX_DATA_URL_LEN: usize = (MAX_IMAGE_BYTES as usize).div_ceil(3) * 4 + 1024;

/// The most pixels an image may declare. Decoding takes 4 bytes a pixel, so this bounds one
/// image's memory at 160 MB; it admits x.com's 4096 × 4096 originals and 40-megapixel camera
/// photos, and refuses the 60000 × 60000 "pixel bombs" that would need 14 GB.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// The longest side kept: a slide is at most 1920 px, so a larger photo is downscaled to this
/// before it is embedded (smaller PDFs and ZIPs, faster rasterising).
pub const MAX_SIDE: u32 = 2048;

/// The longest side kept for a brand's avatar or logo, drawn at most a few hundred pixels
/// large; it also keeps profiles small enough to send to the studio in one message.
pub const MAX_BRAND_SIDE: u32 = 512;

/// The longest side kept for a post author's avatar: x.com's own size, and more than the
/// largest circle one is drawn in (the outro's, about 300 px).
pub const MAX_AVATAR_SIDE: u32 = 400;

/// What an image is made into when it first enters a render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Target {
    /// Longer sides are downscaled to this.
    max_side: u32,
    /// An image without transparency is stored as a JPEG even when it needs no downscaling.
    /// For images drawn on every slide (avatars): the PDF writer embeds a JPEG as it is but
    /// decodes and recompresses a PNG once per page it is drawn on, which made the sample's
    /// 400 px PNG avatar cost 12 ms a slide, most of the PDF's time (`bench_stages`); the
    /// rasteriser decodes it on every slide too, and a JPEG decodes in a third of the time.
    opaque_as_jpeg: bool,
}

impl Target {
    /// A photo, video poster or card image: kept as it is unless larger than any slide.
    const PHOTO: Target = Target {
        max_side: MAX_SIDE,
        opaque_as_jpeg: false,
    };
    /// A post author's avatar, drawn on every slide.
    const AVATAR: Target = Target {
        max_side: MAX_AVATAR_SIDE,
        opaque_as_jpeg: true,
    };
    /// A brand's avatar or logo: a logo's flat colours and edges stay PNG.
    const BRAND: Target = Target {
        max_side: MAX_BRAND_SIDE,
        opaque_as_jpeg: false,
    };
}

/// All images of one render together, after downscaling (their `data:` URLs' bytes). Images
/// past it are left out, in reading order, so the first slides keep theirs.
pub const MAX_RENDER_BYTES: usize = 64 * 1024 * 1024;

/// The most distinct images one render resolves (a 25-post thread with 4 photos each and
/// avatars needs about 130).
pub const MAX_RENDER_IMAGES: usize = 256;

/// Redirects followed for one download.
pub const MAX_REDIRECTS: u32 = 3;

/// The budget for one download, connection included.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// The budget for all downloads of one render together: they run in parallel, so a few slow
/// hosts cost this at most, not their sum.
const FETCH_DEADLINE: Duration = Duration::from_secs(12);

/// How many references are resolved at once (downloads wait on the network, decoding uses a
/// core; both are bounded by the deadline and the byte budget).
const PARALLEL_RESOLVES: usize = 6;

/// Where relative image references point.
#[derive(Debug, Clone, Copy)]
pub enum ImageBase<'a> {
    /// Paths are relative to this folder (the folder of a thread or deck JSON the user named).
    Dir(&'a Path),
    /// A page saved with "Webpage, Complete": paths are relative to the page's folder, and only
    /// files inside its own `…_files` folder (this path) are read.
    PageFiles { dir: &'a Path, files: &'a Path },
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
    #[error("{} is not a regular file", path.display())]
    NotAFile { path: PathBuf },
    #[error("only images inside the page's own folder {} are read", folder.display())]
    OutsidePageFolder { folder: PathBuf },
    #[error("download failed: {0}")]
    Fetch(String),
    #[error(
        "{0} is a local or private network address; images are only downloaded from public https hosts"
    )]
    BlockedAddress(String),
    #[error("the downloads of this carousel took longer than {} s; the rest were left out", FETCH_DEADLINE.as_secs())]
    Deadline,
    #[error("larger than {} MB", MAX_IMAGE_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("{width} × {height} pixels is over the {} megapixel limit; use a smaller image", MAX_IMAGE_PIXELS / 1_000_000)]
    TooManyPixels { width: u64, height: u64 },
    #[error("the image is damaged and cannot be decoded ({0})")]
    Corrupt(String),
    #[error("the carousel's images are over {} MB together; later ones were left out", MAX_RENDER_BYTES / 1024 / 1024)]
    OverBudget,
    #[error("the carousel has more than {MAX_RENDER_IMAGES} images; later ones were left out")]
    TooMany,
    #[error("unsupported address: images are https:// or data: URLs, or file paths")]
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
        // imagesize reads a 12-byte header; a shorter start is padded with zeros, so that a
        // file cut short is still told by its signature (and then reported as damaged).
        let mut header = [0u8; 12];
        let data = if data.len() >= header.len() {
            data
        } else {
            header[..data.len()].copy_from_slice(data);
            &header
        };
        match imagesize::image_type(data).ok()? {
            imagesize::ImageType::Png => Some(ImageType::Png),
            imagesize::ImageType::Jpeg => Some(ImageType::Jpeg),
            imagesize::ImageType::Gif => Some(ImageType::Gif),
            imagesize::ImageType::Webp => Some(ImageType::Webp),
            _ => None,
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

    fn format(self) -> image::ImageFormat {
        match self {
            ImageType::Png => image::ImageFormat::Png,
            ImageType::Jpeg => image::ImageFormat::Jpeg,
            ImageType::Gif => image::ImageFormat::Gif,
            ImageType::Webp => image::ImageFormat::WebP,
        }
    }
}

/// Checks image bytes within the budget (see the module documentation) and encodes them as a
/// `data:` URL, downscaled when larger than a slide needs.
pub fn data_url(data: &[u8]) -> Result<String, ImageError> {
    data_url_within(data, Target::PHOTO).map(|resolved| resolved.url)
}

fn data_url_within(data: &[u8], target: Target) -> Result<Resolved, ImageError> {
    let (prepared, analysis) = prepare(data, target)?;
    let (kind, data) = match prepared {
        Prepared::AsIs(kind) => (kind, std::borrow::Cow::Borrowed(data)),
        Prepared::Reencoded(kind, data) => (kind, std::borrow::Cow::Owned(data)),
    };
    Ok(Resolved {
        url: format!("data:{};base64,{}", kind.mime(), BASE64.encode(&*data)),
        analysis,
    })
}

/// An image made ready for layout: its `data:` URL and what its pixels showed.
#[derive(Debug, Clone)]
struct Resolved {
    url: String,
    analysis: Analysis,
}

/// What [`prepare`] made of an image.
enum Prepared {
    /// Valid and small enough: the bytes are used as they are.
    AsIs(ImageType),
    /// Re-encoded: downscaled to fit the longest side asked for, or made a JPEG.
    Reencoded(ImageType, Vec<u8>),
}

/// Validates an image: supported type, declared size within [`MAX_IMAGE_PIXELS`] (read from
/// the header, before any decoding), decodable; downscales it when a side is over the target's
/// and makes it the target's format.
fn prepare(data: &[u8], target: Target) -> Result<(Prepared, Analysis), ImageError> {
    if data.len() as u64 > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge);
    }
    let kind = ImageType::sniff(data).ok_or(ImageError::UnsupportedType)?;
    let size = imagesize::blob_size(data)
        .map_err(|_| ImageError::Corrupt("its header does not give a size".to_owned()))?;
    let (width, height) = (size.width as u64, size.height as u64);
    if width == 0 || height == 0 {
        return Err(ImageError::Corrupt("it has no pixels".to_owned()));
    }
    if width.saturating_mul(height) > MAX_IMAGE_PIXELS {
        return Err(ImageError::TooManyPixels { width, height });
    }
    let mut reader = image::ImageReader::with_format(Cursor::new(data), kind.format());
    // The decoder's own limits too: the header above may disagree with what it decodes.
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(u32::try_from(width).unwrap_or(u32::MAX));
    limits.max_image_height = Some(u32::try_from(height).unwrap_or(u32::MAX));
    limits.max_alloc = Some(MAX_IMAGE_PIXELS * 4 + 16 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader
        .decode()
        .map_err(|err| ImageError::Corrupt(err.to_string()))?;
    // Looked at once, while decoded: how the layout frames it (see `layout::framing`).
    let side = layout::framing::ANALYSIS_SIDE;
    let thumb = decoded.thumbnail(side, side).to_rgba8();
    let analysis = layout::framing::analyse(thumb.as_raw(), thumb.width(), thumb.height());
    let max_side = target.max_side;
    let fits = decoded.width().max(decoded.height()) <= max_side;
    let transparent = decoded.color().has_alpha() && has_transparency(&decoded);
    let as_jpeg = target.opaque_as_jpeg && kind != ImageType::Jpeg && !transparent;
    if fits && !as_jpeg {
        return Ok((Prepared::AsIs(kind), analysis));
    }
    let small = if fits {
        decoded
    } else {
        decoded.resize(max_side, max_side, image::imageops::FilterType::Triangle)
    };
    let mut out = Vec::new();
    // Photos stay JPEG (a fraction of a PNG's size); anything with transparency stays PNG.
    let kind = if transparent {
        small
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .map(|()| ImageType::Png)
    } else {
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&small.to_rgb8())
            .map(|()| ImageType::Jpeg)
    }
    .map_err(|err| ImageError::Corrupt(err.to_string()))?;
    Ok((Prepared::Reencoded(kind, out), analysis))
}

/// Whether any pixel is less than opaque: a PNG may carry an alpha channel it does not use.
fn has_transparency(image: &image::DynamicImage) -> bool {
    match image {
        image::DynamicImage::ImageLumaA8(pixels) => pixels.pixels().any(|p| p.0[1] < u8::MAX),
        image::DynamicImage::ImageRgba8(pixels) => pixels.pixels().any(|p| p.0[3] < u8::MAX),
        image::DynamicImage::ImageLumaA16(pixels) => pixels.pixels().any(|p| p.0[1] < u16::MAX),
        image::DynamicImage::ImageRgba16(pixels) => pixels.pixels().any(|p| p.0[3] < u16::MAX),
        other => other.color().has_alpha(),
    }
}

/// Resolves one reference to a `data:` URL (downloads get the whole fetch deadline).
pub fn resolve(reference: &str, base: ImageBase<'_>) -> Result<String, ImageError> {
    let fetcher = Fetcher::new(FetchPolicy::PUBLIC_HTTPS, Instant::now() + FETCH_DEADLINE);
    resolve_with(reference, base, &fetcher, Target::PHOTO).map(|r| r.url)
}

/// Resolves a brand's avatar or logo: as [`resolve`], at most [`MAX_BRAND_SIDE`] large.
pub fn resolve_brand_image(reference: &str, base: ImageBase<'_>) -> Result<String, ImageError> {
    let fetcher = Fetcher::new(FetchPolicy::PUBLIC_HTTPS, Instant::now() + FETCH_DEADLINE);
    resolve_with(reference, base, &fetcher, Target::BRAND).map(|resolved| resolved.url)
}

fn resolve_with(
    reference: &str,
    base: ImageBase<'_>,
    fetcher: &Fetcher,
    target: Target,
) -> Result<Resolved, ImageError> {
    let reference = reference.trim();
    // Before anything is parsed or decoded (only a `data:` URL can be this long).
    if reference.len() > MAX_DATA_URL_LEN {
        return Err(ImageError::TooLarge);
    }
    match DataUrl::process(reference) {
        Ok(url) => return check_data_url(reference, &url, target),
        Err(DataUrlError::NoComma) => return Err(ImageError::BadDataUrl("no comma")),
        Err(DataUrlError::NotADataUrl) => {}
    }
    let data_url = |data: &[u8]| data_url_within(data, target);
    if has_scheme(reference) {
        return data_url(&fetcher.fetch(reference)?);
    }
    match base {
        ImageBase::Dir(dir) => data_url(&read_file(&dir.join(reference))?),
        ImageBase::PageFiles { dir, files } => {
            let path = dir.join(reference);
            // Canonical paths, so neither `..` nor a symlink leads out of the folder.
            let inside = match (std::fs::canonicalize(&path), std::fs::canonicalize(files)) {
                (Ok(path), Ok(files)) => path.starts_with(files),
                (Err(source), _) => return Err(ImageError::Read { path, source }),
                (_, Err(_)) => false,
            };
            if !inside {
                return Err(ImageError::OutsidePageFolder {
                    folder: files.to_owned(),
                });
            }
            data_url(&read_file(&path)?)
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

/// Resolves many references at once, in parallel, under one fetch deadline and the render's
/// byte budget. Results are in the order given; the budget is spent in that order too.
fn resolve_all(
    references: &[(&str, Target)],
    base: ImageBase<'_>,
    budget: usize,
) -> Vec<Result<Resolved, ImageError>> {
    let fetcher = Fetcher::new(FetchPolicy::PUBLIC_HTTPS, Instant::now() + FETCH_DEADLINE);
    let count = references.len().min(MAX_RENDER_IMAGES);
    let next = AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Result<Resolved, ImageError>>>> =
        (0..count).map(|_| std::sync::Mutex::new(None)).collect();
    let work = || {
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= count {
                break;
            }
            let (reference, target) = references[index];
            let result = resolve_with(reference, base, &fetcher, target);
            *slots[index].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..PARALLEL_RESOLVES.min(count) {
            scope.spawn(work);
        }
        work();
    });
    let mut spent = 0usize;
    let mut results: Vec<Result<Resolved, ImageError>> = slots
        .into_iter()
        .map(|slot| {
            let result = slot
                .into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or(Err(ImageError::Deadline));
            match result {
                Ok(resolved) if spent + resolved.url.len() > budget => Err(ImageError::OverBudget),
                Ok(resolved) => {
                    spent += resolved.url.len();
                    Ok(resolved)
                }
                err => err,
            }
        })
        .collect();
    results.extend((count..references.len()).map(|_| Err(ImageError::TooMany)));
    results
}

/// Resolves every image of `thread` in place. Each distinct reference is resolved once (all of
/// them in parallel, see [`resolve_all`]); one that cannot be had is dropped and reported once
/// through `warn`.
pub fn resolve_thread(
    thread: &mut Thread,
    base: ImageBase<'_>,
    mut warn: impl FnMut(&str, &ImageError),
) {
    // An avatar is one only if it is nowhere a photo too (a photo must not shrink to 400 px).
    let mut uses: HashMap<&str, (usize, usize)> = HashMap::new();
    for post in &thread.posts {
        let quoted = post.quoted.as_ref().map(|quoted| &quoted.author);
        for avatar in [Some(&post.author), quoted].into_iter().flatten() {
            if let Some(reference) = avatar.avatar.as_deref() {
                uses.entry(reference).or_default().1 += 1;
            }
        }
    }
    let mut distinct: Vec<(&str, Target)> = Vec::new();
    let references = thread.image_references();
    for &reference in &references {
        uses.entry(reference).or_default().0 += 1;
    }
    for reference in references {
        if let Some((all, as_avatar)) = uses.remove(reference) {
            let target = if all == as_avatar {
                Target::AVATAR
            } else {
                Target::PHOTO
            };
            distinct.push((reference, target));
        }
    }
    let results = resolve_all(&distinct, base, MAX_RENDER_BYTES);
    let mut done: HashMap<String, Option<Resolved>> = HashMap::with_capacity(distinct.len());
    for ((reference, _), result) in distinct.iter().zip(results) {
        let resolved = match result {
            Ok(resolved) => Some(resolved),
            Err(err) => {
                warn(reference, &err);
                None
            }
        };
        done.insert((*reference).to_owned(), resolved);
    }
    // A photo's analysis is kept where one came with it (the studio's, whose preview must be
    // what is exported); the rest get the one made while decoding.
    for post in &mut thread.posts {
        for index in 0..post.images.len() {
            if post.framing(index).analysis.is_some() {
                continue;
            }
            if let Some(Some(resolved)) = done.get(post.images[index].as_str()) {
                post.framing_mut(index).analysis = Some(resolved.analysis);
            }
        }
    }
    thread.resolve_images(|reference| {
        done.get(reference)
            .and_then(|r| r.as_ref())
            .map(|r| r.url.clone())
    });
}

/// Resolves every image of a deck in place: its posts' images (as [`resolve_thread`]) and the
/// brand's avatar and logo.
pub fn resolve_deck(
    deck: &mut model::Deck,
    base: ImageBase<'_>,
    mut warn: impl FnMut(&str, &ImageError),
) {
    let mut thread = Thread {
        url: String::new(),
        posts: std::mem::take(&mut deck.posts),
        ..Thread::default()
    };
    resolve_thread(&mut thread, base, &mut warn);
    deck.posts = thread.posts;
    resolve_brand(&mut deck.design.brand, base, warn);
}

/// Resolves a brand's avatar and logo in place, dropping (and reporting) those that fail.
pub fn resolve_brand(
    brand: &mut model::design::Brand,
    base: ImageBase<'_>,
    mut warn: impl FnMut(&str, &ImageError),
) {
    for slot in [&mut brand.avatar, &mut brand.logo] {
        if let Some(reference) = slot.take().filter(|r| !r.trim().is_empty()) {
            match resolve_brand_image(&reference, base) {
                Ok(url) => *slot = Some(url),
                Err(err) => warn(&reference, &err),
            }
        }
    }
}

/// Checks a `data:` URL's image (`whole`, parsed as `url`); keeps the URL as it is when the
/// image needs no downscaling. Its format is never changed: a `data:` URL is what the studio
/// already shows (the extension's inlined images, or ones this companion resolved), and the
/// export must draw the very same image.
fn check_data_url(whole: &str, url: &DataUrl<'_>, target: Target) -> Result<Resolved, ImageError> {
    let data = decode_data_url(url)?;
    // Nor is an avatar's size: only what bounds any image applies.
    let target = match target {
        Target::AVATAR => Target::PHOTO,
        other => other,
    };
    let (prepared, analysis) = prepare(&data, target)?;
    let url = match prepared {
        Prepared::AsIs(_) => whole.to_owned(),
        Prepared::Reencoded(kind, data) => {
            format!("data:{};base64,{}", kind.mime(), BASE64.encode(data))
        }
    };
    Ok(Resolved { url, analysis })
}

/// The bytes of a `data:` URL's image, read as the Fetch Standard (and so usvg and the
/// browsers) reads it: the scheme, the type and `;base64` in any case. The declared type must
/// be an image's; what the bytes are is then told by [`ImageType::sniff`], not by the type.
fn decode_data_url(url: &DataUrl<'_>) -> Result<Vec<u8>, ImageError> {
    if url.mime_type().type_ != "image" {
        return Err(ImageError::BadDataUrl("not an image type"));
    }
    let (data, _fragment) = url
        .decode_to_vec()
        .map_err(|_| ImageError::BadDataUrl("invalid base64"))?;
    Ok(data)
}

/// Reads a regular file of at most [`MAX_IMAGE_BYTES`]; anything else (a FIFO, a device, a
/// folder) is refused before it is opened, so it can neither hang nor stream forever.
fn read_file(path: &Path) -> Result<Vec<u8>, ImageError> {
    let err = |source| ImageError::Read {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(err)?;
    if !meta.is_file() {
        return Err(ImageError::NotAFile {
            path: path.to_owned(),
        });
    }
    if meta.len() > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge);
    }
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

/// Which addresses and schemes downloads may use.
#[derive(Debug, Clone, Copy)]
struct FetchPolicy {
    /// Refuse `http://` (and redirects to it).
    https_only: bool,
    /// One address allowed even though it is not public (the unit tests' local server).
    also_allow: Option<SocketAddr>,
}

impl FetchPolicy {
    /// What every caller uses: https to public addresses only.
    const PUBLIC_HTTPS: FetchPolicy = FetchPolicy {
        https_only: true,
        also_allow: None,
    };
}

/// Downloads images under a [`FetchPolicy`] and a deadline shared by all its downloads.
struct Fetcher {
    agent: ureq::Agent,
    policy: FetchPolicy,
    deadline: Instant,
}

impl Fetcher {
    fn new(policy: FetchPolicy, deadline: Instant) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .user_agent("carousel-studio")
            .https_only(policy.https_only)
            .max_redirects(MAX_REDIRECTS)
            // A proxy from the environment would be asked for the address instead of our
            // resolver, which would then never see (or refuse) it.
            .proxy(None)
            .build();
        let resolver = PublicOnly {
            inner: ureq::unversioned::resolver::DefaultResolver::default(),
            also_allow: policy.also_allow,
        };
        let agent = ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::DefaultConnector::default(),
            resolver,
        );
        Fetcher {
            agent,
            policy,
            deadline,
        }
    }

    fn fetch(&self, url: &str) -> Result<Vec<u8>, ImageError> {
        // Parsed as ureq parses it: anything but a well-formed https (or allowed http) URL
        // with a host is refused before any connection.
        let allowed = |uri: &Uri| {
            let scheme = uri.scheme();
            uri.host().is_some_and(|host| !host.is_empty())
                && (scheme == Some(&Scheme::HTTPS)
                    || (!self.policy.https_only && scheme == Some(&Scheme::HTTP)))
        };
        let uri = url
            .parse::<Uri>()
            .ok()
            .filter(allowed)
            .ok_or(ImageError::UnsupportedScheme)?;
        let remaining = self.deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(ImageError::Deadline);
        }
        let mut response = self
            .agent
            .get(uri)
            .config()
            .timeout_global(Some(remaining.min(FETCH_TIMEOUT)))
            .build()
            .call()
            .map_err(fetch_error)?;
        response
            .body_mut()
            .with_config()
            .limit(MAX_IMAGE_BYTES)
            .read_to_vec()
            .map_err(|err| match err {
                ureq::Error::BodyExceedsLimit(_) => ImageError::TooLarge,
                err => fetch_error(err),
            })
    }
}

fn fetch_error(err: ureq::Error) -> ImageError {
    match err {
        ureq::Error::Other(inner) if inner.is::<Blocked>() => {
            ImageError::BlockedAddress(inner.to_string())
        }
        ureq::Error::TooManyRedirects => {
            ImageError::Fetch(format!("more than {MAX_REDIRECTS} redirects"))
        }
        ureq::Error::RequireHttpsOnly(url) => {
            ImageError::Fetch(format!("redirected to {url}, which is not https"))
        }
        err => ImageError::Fetch(err.to_string()),
    }
}

/// A host that resolved only to addresses downloads must not reach.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Blocked(String);

/// A resolver that keeps only public addresses, so every connection (the first and each
/// redirect's) is checked after DNS resolution, where a name pointing at `127.0.0.1` or a
/// private network shows.
#[derive(Debug)]
struct PublicOnly {
    inner: ureq::unversioned::resolver::DefaultResolver,
    also_allow: Option<SocketAddr>,
}

impl ureq::unversioned::resolver::Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let found = self.inner.resolve(uri, config, timeout)?;
        let mut kept = self.empty();
        for addr in found.iter() {
            if is_public(addr.ip()) || self.also_allow == Some(*addr) {
                kept.push(*addr);
            }
        }
        if kept.is_empty() {
            let host = uri.host().unwrap_or_default().to_owned();
            return Err(ureq::Error::Other(Box::new(Blocked(host))));
        }
        Ok(kept)
    }
}

/// Whether an address is on the public internet: not loopback, private, link-local, shared
/// (CGNAT), multicast, documentation, benchmarking or reserved, in IPv4 or IPv6 (IPv4-mapped
/// and NAT64 addresses are judged by the IPv4 address inside).
pub fn is_public(ip: IpAddr) -> bool {
    match ip.to_canonical() {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let segments = ip.segments();
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        // NAT64: the IPv4 address is the last 32 bits.
        let o = ip.octets();
        return is_public_v4(Ipv4Addr::new(o[12], o[13], o[14], o[15]));
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (segments[0] & 0xfe00) == 0xfc00 // unique local
        || (segments[0] & 0xffc0) == 0xfe80 // link-local
        || (segments[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
        || (segments[0] == 0x2001 && segments[1] == 0x0db8) // documentation
        || segments[..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible (deprecated)
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
    use std::io::Write;
    use std::net::TcpListener;

    use super::*;

    const PNG_1PX: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0, 5, 0, 1, 0xff, 0x89, 0x99,
        0x3d, 0x1d, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_pixel(width, height, image::Rgb([200, 40, 40]));
        let mut out = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    /// A PNG whose header declares `width` × `height` but holds almost no data: what a
    /// decompression bomb looks like before decoding.
    fn png_declaring(width: u32, height: u32) -> Vec<u8> {
        let mut out = png(1, 1);
        out[16..20].copy_from_slice(&width.to_be_bytes());
        out[20..24].copy_from_slice(&height.to_be_bytes());
        out
    }

    /// The bytes of a valid `data:` URL.
    fn decoded(url: &str) -> Vec<u8> {
        decode_data_url(&DataUrl::process(url).unwrap()).unwrap()
    }

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
        assert_eq!(ImageType::sniff(b"BM\0\0\0\0\0\0\0\0\0\0"), None, "BMP");
        // A file cut short inside its header is still told by its signature: damaged.
        assert!(matches!(
            data_url(&PNG_1PX[..8]),
            Err(ImageError::Corrupt(_))
        ));
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
    fn data_urls_are_read_whatever_their_case() {
        let base = ImageBase::NoFiles;
        let url = format!("DATA:IMAGE/PNG;BASE64,{}", BASE64.encode(PNG_1PX));
        assert_eq!(decoded(&url), PNG_1PX);
        assert_eq!(resolve(&url, base).unwrap(), url);
        let bomb = format!(
            "Data:Image/Png;Base64,{}",
            BASE64.encode(png_declaring(60_000, 60_000))
        );
        assert!(matches!(
            resolve(&bomb, base),
            Err(ImageError::TooManyPixels { .. })
        ));
        assert!(matches!(
            resolve("DATA:TEXT/PLAIN;BASE64,aGVsbG8=", base),
            Err(ImageError::BadDataUrl(_))
        ));
    }

    #[test]
    fn a_data_url_over_the_size_cap_is_refused_before_decoding() {
        // Not even valid base64: the length alone decides.
        let url = format!("data:image/png;base64,{}", "!".repeat(MAX_DATA_URL_LEN));
        assert!(matches!(
            resolve(&url, ImageBase::NoFiles),
            Err(ImageError::TooLarge)
        ));
        assert!(matches!(
            resolve("data:image/png;base64", ImageBase::NoFiles),
            Err(ImageError::BadDataUrl("no comma"))
        ));
    }

    #[test]
    fn a_pixel_bomb_is_refused_before_decoding() {
        // 60000 × 60000 would take 14 GB decoded; the header alone decides.
        let bomb = png_declaring(60_000, 60_000);
        assert!(bomb.len() < 100);
        let err = data_url(&bomb).unwrap_err();
        assert!(
            matches!(
                err,
                ImageError::TooManyPixels {
                    width: 60_000,
                    height: 60_000
                }
            ),
            "{err}"
        );
        let url = format!("data:image/png;base64,{}", BASE64.encode(&bomb));
        assert!(matches!(
            resolve(&url, ImageBase::NoFiles),
            Err(ImageError::TooManyPixels { .. })
        ));
    }

    #[test]
    fn a_corrupt_image_with_valid_magic_bytes_is_reported() {
        // A PNG header declaring 100 × 100 with its image data missing.
        let broken = png_declaring(100, 100);
        assert!(matches!(data_url(&broken), Err(ImageError::Corrupt(_))));
        let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe0];
        jpeg.extend_from_slice(&[0u8; 64]);
        assert!(data_url(&jpeg).is_err());
    }

    #[test]
    fn big_photos_are_downscaled_to_what_a_slide_needs() {
        let big = png(3000, 1000);
        let url = data_url(&big).unwrap();
        let data = decoded(&url);
        let size = imagesize::blob_size(&data).unwrap();
        assert_eq!((size.width, size.height), (MAX_SIDE as usize, 683));
        assert!(url.starts_with("data:image/jpeg;base64,"), "opaque → JPEG");
        // A slide-sized image is kept byte for byte.
        let small = png(1080, 720);
        let url = data_url(&small).unwrap();
        assert_eq!(decoded(&url), small);
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
    fn special_files_are_never_opened() {
        // /dev/zero would stream forever; a FIFO would block the open until a writer comes.
        let err = resolve("/dev/zero", ImageBase::Dir(Path::new("/"))).unwrap_err();
        assert!(matches!(err, ImageError::NotAFile { .. }), "{err}");
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            resolve(".", ImageBase::Dir(dir.path())),
            Err(ImageError::NotAFile { .. })
        ));
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo.png");
            let status = std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap();
            assert!(status.success());
            assert!(matches!(
                resolve("fifo.png", ImageBase::Dir(dir.path())),
                Err(ImageError::NotAFile { .. })
            ));
        }
    }

    #[test]
    fn a_saved_page_reads_images_only_from_its_own_files_folder() {
        let dir = tempfile::tempdir().unwrap();
        let files = dir.path().join("Thread_files");
        std::fs::create_dir(&files).unwrap();
        std::fs::write(files.join("a.png"), PNG_1PX).unwrap();
        std::fs::write(dir.path().join("secret.png"), PNG_1PX).unwrap();
        let base = ImageBase::PageFiles {
            dir: dir.path(),
            files: &files,
        };
        assert!(resolve("./Thread_files/a.png", base).is_ok());
        for outside in [
            "secret.png",
            "Thread_files/../secret.png",
            dir.path().join("secret.png").to_str().unwrap(),
        ] {
            assert!(
                matches!(
                    resolve(outside, base),
                    Err(ImageError::OutsidePageFolder { .. })
                ),
                "{outside}"
            );
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.png"), files.join("link.png"))
                .unwrap();
            assert!(matches!(
                resolve("Thread_files/link.png", base),
                Err(ImageError::OutsidePageFolder { .. })
            ));
        }
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
        for url in [
            "ftp://host/x.png",
            "file:///etc/passwd",
            "http://example.com/x.png",
            "HTTP://localhost/x.png",
            "https:///x.png",
            "https://exa mple.com/x.png",
        ] {
            assert!(
                matches!(resolve(url, base), Err(ImageError::UnsupportedScheme)),
                "{url}"
            );
        }
    }

    #[test]
    fn loopback_and_private_addresses_are_refused_after_resolution() {
        for url in [
            "https://127.0.0.1:9/x.png",
            "https://localhost:9/x.png",
            "https://[::1]:9/x.png",
            "https://10.0.0.1:9/x.png",
            "https://169.254.169.254/latest/meta-data",
            "https://[::ffff:127.0.0.1]:9/x.png",
        ] {
            let err = resolve(url, ImageBase::NoFiles).unwrap_err();
            assert!(matches!(err, ImageError::BlockedAddress(_)), "{url}: {err}");
        }
    }

    #[test]
    fn public_addresses_are_told_from_the_rest() {
        for public in [
            "1.1.1.1",
            "151.101.1.140",
            "2606:4700::1111",
            "64:ff9b::101:101",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
        for local in [
            "127.0.0.1",
            "0.0.0.0",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.1.1",
            "100.64.0.1",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fc00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "64:ff9b::7f00:1",
            "2001:db8::1",
        ] {
            assert!(!is_public(local.parse().unwrap()), "{local}");
        }
    }

    /// A tiny HTTP server on loopback answering each connection with `respond(port)`, for as
    /// many connections as given.
    fn serve(connections: usize, respond: impl Fn(u16) -> Vec<u8> + Send + 'static) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(connections) {
                let Ok(mut stream) = stream else { return };
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let _ = stream.write_all(&respond(port));
            }
        });
        port
    }

    fn redirect_to(location: &str) -> Vec<u8> {
        format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .into_bytes()
    }

    /// A fetcher allowed to reach exactly one loopback port over http, as a stand-in for one
    /// public host (nothing public is reachable from a test).
    fn fetcher_allowing(port: u16) -> Fetcher {
        let policy = FetchPolicy {
            https_only: false,
            also_allow: Some(SocketAddr::from(([127, 0, 0, 1], port))),
        };
        Fetcher::new(policy, Instant::now() + FETCH_DEADLINE)
    }

    #[test]
    fn an_allowed_host_is_fetched() {
        let port = serve(1, |_| {
            let mut reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                PNG_1PX.len()
            )
            .into_bytes();
            reply.extend_from_slice(PNG_1PX);
            reply
        });
        let url = format!("http://127.0.0.1:{port}/a.png");
        let fetched = resolve_with(
            &url,
            ImageBase::NoFiles,
            &fetcher_allowing(port),
            Target::PHOTO,
        )
        .unwrap();
        assert!(fetched.url.starts_with("data:image/png;base64,"));
    }

    #[test]
    fn a_redirect_to_a_private_address_is_refused() {
        // The first host is allowed; it redirects to another loopback port, which is not.
        let other = TcpListener::bind("127.0.0.1:0").unwrap();
        let other_port = other.local_addr().unwrap().port();
        let port = serve(1, move |_| {
            redirect_to(&format!("http://127.0.0.1:{other_port}/x.png"))
        });
        let url = format!("http://127.0.0.1:{port}/a.png");
        let err = resolve_with(
            &url,
            ImageBase::NoFiles,
            &fetcher_allowing(port),
            Target::PHOTO,
        )
        .unwrap_err();
        assert!(matches!(err, ImageError::BlockedAddress(_)), "{err}");
        drop(other);
    }

    #[test]
    fn redirects_are_followed_a_few_times_only() {
        let port = serve(10, |port| {
            redirect_to(&format!("http://127.0.0.1:{port}/again"))
        });
        let url = format!("http://127.0.0.1:{port}/a.png");
        let err = resolve_with(
            &url,
            ImageBase::NoFiles,
            &fetcher_allowing(port),
            Target::PHOTO,
        )
        .unwrap_err();
        assert!(err.to_string().contains("redirects"), "{err}");
    }

    #[test]
    fn a_passed_deadline_fetches_nothing() {
        let fetcher = Fetcher::new(FetchPolicy::PUBLIC_HTTPS, Instant::now());
        let err = resolve_with(
            "https://pbs.twimg.com/a.jpg",
            ImageBase::NoFiles,
            &fetcher,
            Target::PHOTO,
        )
        .unwrap_err();
        assert!(matches!(err, ImageError::Deadline), "{err}");
    }

    #[test]
    fn a_render_s_images_stay_within_the_byte_budget() {
        let urls: Vec<String> = (1..=6)
            .map(|n| data_url(&png(n * 10, 10)).unwrap())
            .collect();
        let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
        let budget = urls[0].len() + urls[1].len() + urls[2].len();
        let refs: Vec<(&str, Target)> = refs.into_iter().map(|r| (r, Target::PHOTO)).collect();
        let results = resolve_all(&refs, ImageBase::NoFiles, budget);
        let kept: usize = results
            .iter()
            .flatten()
            .map(|resolved| resolved.url.len())
            .sum();
        assert!(kept <= budget);
        assert!(
            results[..3].iter().all(Result::is_ok),
            "the first images are kept"
        );
        assert!(matches!(results[5], Err(ImageError::OverBudget)));
    }

    fn rgba_png(width: u32, height: u32, alpha: u8) -> Vec<u8> {
        let image = image::RgbaImage::from_pixel(width, height, image::Rgba([20, 90, 200, alpha]));
        let mut out = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    fn mime_of(url: &str) -> &str {
        url.strip_prefix("data:")
            .and_then(|rest| rest.split(';').next())
            .unwrap()
    }

    /// Avatars drawn on every slide become JPEGs when nothing in them is transparent (a PNG
    /// with an unused alpha channel included) and shrink to [`MAX_AVATAR_SIDE`]; photos, and
    /// avatars that are transparent, keep their format; an avatar that is already a `data:` URL
    /// keeps its bytes and size (the studio drew exactly that image).
    #[test]
    fn opaque_avatars_become_jpegs_and_the_rest_keep_their_format() {
        let files = [
            ("opaque.png", png(120, 120)),
            ("unused-alpha.png", rgba_png(60, 60, 255)),
            ("see-through.png", rgba_png(60, 60, 128)),
            ("big.png", png(900, 600)),
            ("photo.png", png(120, 120)),
        ];
        let embedded: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (*n, d.as_slice())).collect();
        let base = ImageBase::Embedded(&embedded);
        let inline = data_url(&png(500, 500)).unwrap();
        let mut thread = Thread::default();
        let avatars = [
            "opaque.png",
            "unused-alpha.png",
            "see-through.png",
            "big.png",
        ];
        for (i, avatar) in avatars.iter().chain([&inline.as_str()]).enumerate() {
            let mut post = model::Post {
                id: i.to_string(),
                ..model::Post::default()
            };
            post.author.avatar = Some((*avatar).to_owned());
            thread.posts.push(post);
        }
        // The same file as one post's avatar and another's photo is a photo.
        thread.posts[0].images.push("photo.png".to_owned());
        thread.posts[1].author.avatar = Some("photo.png".to_owned());
        thread.posts[2].images.push("unused-alpha.png".to_owned());
        resolve_thread(&mut thread, base, |r, e| panic!("{r}: {e}"));
        let avatar = |i: usize| thread.posts[i].author.avatar.clone().unwrap();
        assert_eq!(mime_of(&avatar(0)), "image/jpeg");
        assert_eq!(mime_of(&avatar(1)), "image/png", "also a photo");
        assert_eq!(
            mime_of(&thread.posts[2].images[0]),
            "image/png",
            "a photo keeps PNG"
        );
        assert_eq!(mime_of(&avatar(2)), "image/png", "transparent stays PNG");
        assert_eq!(mime_of(&avatar(3)), "image/jpeg");
        let size = imagesize::blob_size(&decoded(&avatar(3))).unwrap();
        assert_eq!((size.width, size.height), (MAX_AVATAR_SIDE as usize, 267));
        assert_eq!(
            avatar(4),
            inline,
            "a data: URL is drawn as the studio drew it"
        );

        let mut thread = Thread::default();
        let mut post = model::Post::default();
        post.author.avatar = Some("unused-alpha.png".to_owned());
        thread.posts.push(post);
        resolve_thread(&mut thread, base, |r, e| panic!("{r}: {e}"));
        let url = thread.posts[0].author.avatar.clone().unwrap();
        assert_eq!(mime_of(&url), "image/jpeg", "an unused alpha channel");
    }

    #[test]
    fn a_render_resolves_a_bounded_number_of_images() {
        let url = data_url(PNG_1PX).unwrap();
        let refs = vec![(url.as_str(), Target::PHOTO); MAX_RENDER_IMAGES + 2];
        let results = resolve_all(&refs, ImageBase::NoFiles, MAX_RENDER_BYTES);
        assert_eq!(results.len(), refs.len());
        assert!(matches!(results.last().unwrap(), Err(ImageError::TooMany)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

        /// Damaged images (a real PNG or JPEG with bytes changed, cut short or grown) are
        /// refused or kept, never a panic, and what is kept decodes.
        #[test]
        fn damaged_images_never_panic_the_decoder(
            jpeg in proptest::bool::ANY,
            edits in proptest::collection::vec((0usize..4096, proptest::num::u8::ANY), 0..12),
            cut in 0usize..4096,
        ) {
            let mut data = if jpeg {
                let image = image::RgbImage::from_pixel(40, 30, image::Rgb([10, 200, 90]));
                let mut out = Vec::new();
                image::codecs::jpeg::JpegEncoder::new(&mut out).encode_image(&image).unwrap();
                out
            } else {
                png(40, 30)
            };
            for (at, byte) in edits {
                let at = at % data.len();
                data[at] = byte;
            }
            data.truncate(cut.max(8));
            if let Ok(url) = data_url(&data) {
                let bytes = decoded(&url);
                proptest::prop_assert!(image::load_from_memory(&bytes).is_ok());
            }
        }
    }
}
