//! The native-messaging host: what the binary does when a browser starts it.
//!
//! One reader thread reads frames from stdin (and keeps reading while renders run); the async
//! loop answers pings at once and runs renders and reveals on the blocking pool, so CPU work
//! stays off the async threads and several requests are in flight at once; every reply goes
//! through one writer task, so frames never interleave. Stdout carries frames only; logs go
//! to stderr, which Chromium copies into its own log.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use shared::Design;
use shared::protocol::{
    ErrorCode, FIREFOX_ADDON_ID, FrameError, MAX_FROM_BROWSER, MAX_TO_BROWSER, Platform,
    RenderOptions, Reply, Request, chrome_origin, parse_request, read_frame, request_id,
    write_frame,
};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::Formats;
use crate::images::{self, ImageBase};
use crate::save::downloads_dir;
use crate::store::{Preset, Profile, Store, StoreError};

/// What the host tells the extension it can do (`pong.capabilities`).
pub const CAPABILITIES: &[&str] = &["render", "progress", "reveal", "deck", "store"];

/// The caller a browser names on the command line, if these arguments are a browser's launch.
///
/// Chromium-family browsers pass the caller origin `chrome-extension://<id>/` first (on
/// Windows followed by `--parent-window=N`); Firefox passes the host manifest's path and the
/// add-on id.
pub fn caller_from_args(args: &[String]) -> Option<String> {
    match args {
        [origin, ..] if origin.starts_with("chrome-extension://") => Some(origin.clone()),
        [manifest, addon] if manifest.ends_with(".json") && !addon.starts_with('-') => {
            Some(addon.clone())
        }
        _ => None,
    }
}

/// Whether the host serves this caller.
///
/// The allowed callers are compiled in rather than read from a config file: the extension's id
/// is fixed by the key in `manifest.json` and Firefox's add-on id is fixed too, so there is
/// nothing to configure, and no file a local program could edit to widen the list. (The
/// browser already enforces the host manifest's `allowed_origins`; this check is the second
/// lock.) Tests run the binary with `shared::protocol::chrome_origin()`.
pub fn is_allowed(caller: &str) -> bool {
    caller == chrome_origin() || caller == FIREFOX_ADDON_ID
}

/// How the host loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The browser closed the pipe.
    Closed,
    /// A frame over the size limit; the stream cannot be resynchronised.
    TooLarge,
}

/// Runs the host on stdin/stdout for `caller` (`None`: started without a caller).
pub fn run(caller: Option<&str>) -> std::io::Result<Exit> {
    serve(std::io::stdin(), std::io::stdout(), caller)
}

/// Runs the host loop over any reader and writer until the reader ends.
pub fn serve(
    reader: impl Read + Send + 'static,
    writer: impl Write + Send + 'static,
    caller: Option<&str>,
) -> std::io::Result<Exit> {
    let allowed = caller.is_some_and(is_allowed);
    if !allowed {
        log(&format!(
            "refusing every request: caller {caller:?} is not the Carousel Studio extension"
        ));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .build()?;
    Ok(runtime.block_on(serve_async(reader, writer, allowed)))
}

/// What the reader thread hands to the loop.
enum Incoming {
    Frame(Vec<u8>),
    Empty,
    TooLarge(u64),
}

async fn serve_async(
    reader: impl Read + Send + 'static,
    writer: impl Write + Send + 'static,
    allowed: bool,
) -> Exit {
    let (reply_tx, reply_rx) = mpsc::unbounded_channel::<Reply>();
    let writer = tokio::task::spawn_blocking(move || write_replies(writer, reply_rx));
    // Capacity 1: at most one 64 MiB frame waits while another is being handled.
    let (frame_tx, mut frame_rx) = mpsc::channel::<Incoming>(1);
    std::thread::spawn(move || read_frames(reader, &frame_tx));

    let session = Session::default();
    let mut jobs = JoinSet::new();
    let mut exit = Exit::Closed;
    while let Some(incoming) = frame_rx.recv().await {
        while jobs.try_join_next().is_some() {}
        let body = match incoming {
            Incoming::Frame(body) => body,
            Incoming::Empty => {
                let _ = reply_tx.send(Reply::error(None, ErrorCode::BadJson, "empty message"));
                continue;
            }
            Incoming::TooLarge(len) => {
                let _ = reply_tx.send(Reply::error(
                    None,
                    ErrorCode::TooLarge,
                    format!(
                        "a message of {len} bytes is over the {MAX_FROM_BROWSER}-byte limit; \
                         the companion stops here"
                    ),
                ));
                exit = Exit::TooLarge;
                break;
            }
        };
        if !allowed {
            let id = serde_json::from_slice::<Value>(&body)
                .ok()
                .and_then(|value| request_id(&value));
            let _ = reply_tx.send(Reply::error(
                id,
                ErrorCode::ForbiddenOrigin,
                "this companion serves only the Carousel Studio extension",
            ));
            continue;
        }
        match parse_request(&body) {
            Err(err) => {
                log(&format!("bad request: {err}"));
                let _ = reply_tx.send(err.reply());
            }
            Ok(Request::Ping { id }) => {
                let _ = reply_tx.send(Reply::Pong {
                    id,
                    version: env!("CARGO_PKG_VERSION").to_owned(),
                    capabilities: CAPABILITIES.iter().map(|c| (*c).to_owned()).collect(),
                });
            }
            Ok(Request::Render {
                id,
                thread,
                deck,
                options,
            }) => {
                let source = match (thread, deck) {
                    (_, Some(deck)) => Source::Deck(deck),
                    (Some(thread), None) => Source::Thread(thread),
                    // parse_request guarantees one of them.
                    (None, None) => continue,
                };
                let (tx, session) = (reply_tx.clone(), session.clone());
                jobs.spawn_blocking(move || {
                    let reply = render(&id, source, &options, &tx, &session);
                    let _ = tx.send(reply);
                });
            }
            Ok(Request::Reveal { id, path }) => {
                let (tx, session) = (reply_tx.clone(), session.clone());
                jobs.spawn_blocking(move || {
                    let _ = tx.send(reveal(id, Path::new(&path), &session));
                });
            }
            Ok(
                request @ (Request::Store { .. }
                | Request::SaveProfile { .. }
                | Request::SavePreset { .. }
                | Request::RemoveProfile { .. }
                | Request::RemovePreset { .. }),
            ) => {
                let tx = reply_tx.clone();
                jobs.spawn_blocking(move || {
                    let _ = tx.send(store_request(request));
                });
            }
        }
    }
    // The browser is gone (or the stream is broken): let running jobs finish and write their
    // replies, so every save completes or cleans up after itself and no temp file is left.
    drop(frame_rx);
    while jobs.join_next().await.is_some() {}
    drop(reply_tx);
    let _ = writer.await;
    exit
}

fn read_frames(mut reader: impl Read, tx: &mpsc::Sender<Incoming>) {
    loop {
        let incoming = match read_frame(&mut reader, MAX_FROM_BROWSER) {
            Ok(Some(body)) => Incoming::Frame(body),
            Ok(None) => return,
            Err(FrameError::Empty) => Incoming::Empty,
            Err(FrameError::TooLarge { len, .. }) => {
                let _ = tx.blocking_send(Incoming::TooLarge(len));
                return;
            }
            Err(err) => {
                log(&format!("input ended: {err}"));
                return;
            }
        };
        if tx.blocking_send(incoming).is_err() {
            return;
        }
    }
}

fn write_replies(mut writer: impl Write, mut rx: mpsc::UnboundedReceiver<Reply>) {
    let mut broken = false;
    while let Some(reply) = rx.blocking_recv() {
        if broken {
            continue; // keep draining so senders never notice
        }
        let body = serde_json::to_vec(&reply).expect("replies serialise");
        let result = match write_frame(&mut writer, &body, MAX_TO_BROWSER) {
            Err(FrameError::TooLarge { len, .. }) => {
                let id = match &reply {
                    Reply::Pong { id, .. }
                    | Reply::Progress { id, .. }
                    | Reply::Saved { id, .. }
                    | Reply::Revealed { id }
                    | Reply::Store { id, .. }
                    | Reply::Stored { id } => Some(id.clone()),
                    Reply::Error { id, .. } => id.clone(),
                };
                log(&format!(
                    "reply of {len} bytes is too large for the browser"
                ));
                let error = Reply::error(id, ErrorCode::RenderFailed, "the reply was too large");
                let body = serde_json::to_vec(&error).expect("replies serialise");
                write_frame(&mut writer, &body, MAX_TO_BROWSER)
            }
            other => other,
        };
        if let Err(err) = result {
            log(&format!("cannot write to the browser: {err}"));
            broken = true;
        }
    }
}

/// What the host remembers between requests: the files it saved, which `reveal` may show.
#[derive(Debug, Clone, Default)]
struct Session {
    saved: Arc<Mutex<HashSet<PathBuf>>>,
}

/// What a render request carries: a thread (rendered with the default design, as one-click
/// does) or the studio's deck (its own design and slides).
enum Source {
    Thread(shared::Thread),
    Deck(Box<shared::Deck>),
}

fn render(
    id: &str,
    source: Source,
    options: &RenderOptions,
    tx: &mpsc::UnboundedSender<Reply>,
    session: &Session,
) -> Reply {
    let fail = |code, message: String| {
        log(&format!("render {id}: {message}"));
        Reply::error(Some(id.to_owned()), code, message)
    };
    // Find (and create) the folder first, so a bad folder fails before any work.
    let dir = match downloads_dir() {
        Ok(dir) => dir,
        Err(err) => return fail(ErrorCode::SaveFailed, err.to_string()),
    };
    // NoFiles: a message from the browser can never make the host read a local file.
    let left_out = |reference: &str, err: &images::ImageError| {
        let shown: String = reference.chars().take(80).collect();
        log(&format!("render {id}: left out image {shown}: {err}"));
    };
    let progress = |done: usize, total: usize| {
        let _ = tx.send(Reply::Progress {
            id: id.to_owned(),
            done,
            total,
        });
    };
    let formats = formats(options.platform);
    let result = match source {
        Source::Thread(mut thread) => {
            images::resolve_thread(&mut thread, ImageBase::NoFiles, left_out);
            let design = match one_click_design(options.preset.as_deref()) {
                Ok(design) => design,
                Err(err) => return fail(ErrorCode::RenderFailed, err.to_string()),
            };
            crate::render(&thread, &design, formats, &progress)
        }
        Source::Deck(mut deck) => {
            images::resolve_deck(&mut deck, ImageBase::NoFiles, left_out);
            crate::render_deck(&deck, formats, &progress)
        }
    };
    let rendered = match result {
        Ok(rendered) => rendered,
        Err(err) => return fail(ErrorCode::RenderFailed, err.to_string()),
    };
    let files = match crate::save(&rendered, &dir) {
        Ok(files) => files,
        Err(err) => return fail(ErrorCode::SaveFailed, err.to_string()),
    };
    let mut saved = session.saved.lock().unwrap_or_else(|e| e.into_inner());
    for file in &files {
        saved.insert(std::fs::canonicalize(file).unwrap_or_else(|_| file.clone()));
    }
    log(&format!(
        "render {id}: saved {} file(s) in {}",
        files.len(),
        dir.display()
    ));
    Reply::Saved {
        id: id.to_owned(),
        files: files.iter().map(|f| f.display().to_string()).collect(),
    }
}

/// The design a thread from the browser is rendered with: the named preset, else the store's
/// default preset (what one-click uses), else the default design. A store that cannot be read
/// only matters when a preset was asked for by name.
fn one_click_design(preset: Option<&str>) -> Result<Design, StoreError> {
    let mut design = Design::default();
    let store = Store::default_path().and_then(|path| Store::load(&path));
    match (preset, store) {
        (Some(name), store) => store?.apply_preset(name, &mut design, false)?,
        (None, Ok(store)) => {
            if let Some(preset) = store.default_preset() {
                store.apply_preset_entry(preset, &mut design, false)?;
            }
        }
        (None, Err(err)) => log(&format!("using the default design: {err}")),
    }
    Ok(design)
}

/// Why a store change failed: the store could not be used (a save failure), or it refused the
/// change (a bad request).
enum StoreFailure {
    Refused(String),
    Store(StoreError),
}

impl From<StoreError> for StoreFailure {
    fn from(err: StoreError) -> Self {
        StoreFailure::Store(err)
    }
}

/// Lists the store, or makes one change to it (under the store's lock, see [`Store::update`]).
fn store_request(request: Request) -> Reply {
    let id = request.id().to_owned();
    let fail = |code, message: String| {
        log(&format!("store {id}: {message}"));
        Reply::error(Some(id.clone()), code, message)
    };
    let path = match Store::default_path() {
        Ok(path) => path,
        Err(err) => return fail(ErrorCode::SaveFailed, err.to_string()),
    };
    if let Request::Store { .. } = request {
        // Saves are atomic renames: reading needs no lock.
        return match Store::load(&path) {
            Ok(store) => store_reply(id.clone(), &store),
            Err(err) => fail(ErrorCode::SaveFailed, err.to_string()),
        };
    }
    match Store::update(&path, |store| {
        change_store(store, request).map_err(StoreFailure::Refused)
    }) {
        Ok(()) => Reply::Stored { id },
        Err(StoreFailure::Refused(message)) => fail(ErrorCode::BadRequest, message),
        Err(StoreFailure::Store(err)) => fail(ErrorCode::SaveFailed, err.to_string()),
    }
}

/// The `store` reply: the profiles and presets in their JSON form.
fn store_reply(id: String, store: &Store) -> Reply {
    let json = |value: Result<Value, serde_json::Error>| value.unwrap_or(Value::Null);
    Reply::Store {
        id,
        profiles: store
            .profiles
            .iter()
            .map(|p| json(serde_json::to_value(p)))
            .collect(),
        presets: store
            .presets
            .iter()
            .map(|p| json(serde_json::to_value(p)))
            .collect(),
        default_preset: store.default_preset.clone(),
    }
}

/// Makes the change a `save_*` or `remove_*` request asks for, or says why not.
fn change_store(store: &mut Store, request: Request) -> Result<(), String> {
    match request {
        Request::SaveProfile { profile, .. } => serde_json::from_value::<Profile>(profile)
            .map_err(|err| format!("not a valid profile: {err}"))
            .and_then(|profile| store.add(profile, true).map_err(|err| err.to_string())),
        Request::SavePreset {
            preset, default, ..
        } => {
            let preset = serde_json::from_value::<Preset>(preset)
                .map_err(|err| format!("not a valid preset: {err}"))?;
            if shared::Theme::named(&preset.theme).is_none() {
                return Err(format!("unknown theme \"{}\"", preset.theme));
            }
            if let Some(profile) = preset.profile.as_deref()
                && store.profile(profile).is_none()
            {
                return Err(format!("no profile named \"{profile}\""));
            }
            let name = preset.name.clone();
            store.add(preset, true).map_err(|err| err.to_string())?;
            if default {
                store
                    .set_default_preset(&name)
                    .map_err(|err| err.to_string())?;
            }
            Ok(())
        }
        Request::RemoveProfile { name, .. } => {
            let users = store.presets_using(&name);
            if !users.is_empty() {
                return Err(format!(
                    "profile \"{name}\" is used by preset(s) {}; delete those presets or save them with another profile first",
                    users.join(", ")
                ));
            }
            store
                .remove::<Profile>(&name)
                .map(drop)
                .map_err(|err| err.to_string())
        }
        Request::RemovePreset { name, .. } => store
            .remove::<Preset>(&name)
            .map(drop)
            .map_err(|err| err.to_string()),
        _ => Err("not a store request".to_owned()),
    }
}

fn formats(platform: Platform) -> Formats {
    Formats {
        pdf: platform != Platform::Instagram,
        png: platform != Platform::Linkedin,
    }
}

/// Shows a file in the system file manager: only a file this host saved in this session or
/// one inside the Downloads folder, so a message cannot open arbitrary places.
fn reveal(id: String, path: &Path, session: &Session) -> Reply {
    let refuse = |message: String| Reply::error(Some(id.clone()), ErrorCode::BadRequest, message);
    let file = match std::fs::canonicalize(path) {
        Ok(file) if path.is_absolute() && file.is_file() => file,
        _ => return refuse(format!("{} is not an existing file", path.display())),
    };
    let saved = session
        .saved
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .contains(&file);
    let in_downloads = downloads_dir()
        .ok()
        .and_then(|dir| std::fs::canonicalize(dir).ok())
        .is_some_and(|dir| file.starts_with(dir));
    if !saved && !in_downloads {
        return refuse(format!(
            "{} was not saved by the companion and is not in the Downloads folder",
            path.display()
        ));
    }
    match reveal_command(&file)
        .stdin(Stdio::null())
        .stdout(Stdio::null()) // stdout is the frame stream: the child must never write to it
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(mut child) => {
            // Reap it without making the reply wait for the file manager.
            std::thread::spawn(move || child.wait());
            Reply::Revealed { id }
        }
        Err(err) => refuse(format!("cannot open the file manager: {err}")),
    }
}

#[cfg(target_os = "macos")]
fn reveal_command(file: &Path) -> Command {
    let mut command = Command::new("open");
    command.arg("-R").arg(file);
    command
}

#[cfg(windows)]
fn reveal_command(file: &Path) -> Command {
    use std::os::windows::process::CommandExt;
    // explorer parses its own command line: `/select,"C:\a b\c.pdf"` must reach it verbatim.
    let mut command = Command::new("explorer");
    command.raw_arg(format!("/select,\"{}\"", file.display()));
    command
}

#[cfg(not(any(target_os = "macos", windows)))]
fn reveal_command(file: &Path) -> Command {
    let mut command = Command::new("xdg-open");
    command.arg(file.parent().unwrap_or(Path::new("/")));
    command
}

fn log(message: &str) {
    eprintln!("carousel-studio host: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn browser_launches_are_recognised() {
        let origin = chrome_origin();
        assert_eq!(caller_from_args(&args(&[&origin])), Some(origin.clone()));
        assert_eq!(
            caller_from_args(&args(&[&origin, "--parent-window=1234"])),
            Some(origin.clone())
        );
        assert_eq!(
            caller_from_args(&args(&[
                "/home/u/.mozilla/native-messaging-hosts/studio.carousel.companion.json",
                FIREFOX_ADDON_ID
            ])),
            Some(FIREFOX_ADDON_ID.to_owned())
        );
        assert_eq!(caller_from_args(&args(&["render", "--sample"])), None);
        assert_eq!(caller_from_args(&args(&["render", "x.json"])), None);
        assert_eq!(caller_from_args(&args(&[])), None);
    }

    #[test]
    fn only_the_extension_is_served() {
        assert!(is_allowed(&chrome_origin()));
        assert!(is_allowed(FIREFOX_ADDON_ID));
        assert!(!is_allowed(
            "chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"
        ));
        assert!(!is_allowed("evil@example.com"));
    }
}
