//! The native-messaging host: what the binary does when a browser starts it.
//!
//! Everything that arrives is treated as hostile (see `images` for what a message's images may
//! make the host do). The shape of the loop:
//! - one reader thread reads frames from stdin (and keeps reading while renders run);
//! - the async loop answers pings at once; it hands every request that touches the store (the
//!   store's own messages, and a thread render, which reads the default preset) to one store
//!   worker that handles them strictly in the order they arrived, so a `save_preset` sent right
//!   after the `save_profile` it uses always finds it;
//! - at most [`MAX_RENDERS`] renders run at once on the blocking pool; later ones wait their
//!   turn and are told their place in the queue (a `progress` with `queued`);
//! - every reply goes through one writer task, so frames never interleave; a reply too large for
//!   the browser is answered with an error naming that, never silently dropped;
//! - SIGTERM (what Chrome sends when the port closes) removes the temporary files of saves in
//!   progress before the process exits.
//!
//! Stdout carries frames only; logs go to stderr, which Chromium copies into its own log.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use model::Design;
use protocol::{
    ErrorCode, FIREFOX_ADDON_ID, FrameError, MAX_FROM_BROWSER, MAX_TO_BROWSER, RenderOptions,
    RenderSource, Reply, Request, chrome_origin, parse_request, read_frame, request_id,
    write_frame,
};
use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio::task::JoinSet;

use crate::design::{self, Sources};
use crate::input::ImageFiles;
use crate::job::Job;
use crate::store::{Preset, Profile, Store, StoreError};
use export::images::{self, ImageBase};
use export::save::downloads_dir;

/// Renders that run at once; more would only compete for the same cores and memory.
pub const MAX_RENDERS: usize = 2;

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
/// lock.) Tests run the binary with `protocol::chrome_origin()`.
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
    /// SIGTERM: the browser is stopping the host.
    Terminated,
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
        .enable_io()
        .build()?;
    let exit = runtime.block_on(serve_async(reader, writer, allowed));
    if exit == Exit::Terminated {
        // Dropping the runtime would wait for running renders; the process is ending.
        runtime.shutdown_background();
    }
    Ok(exit)
}

/// What the reader thread hands to the loop.
enum Incoming {
    Frame(Vec<u8>),
    Empty,
    TooLarge(u64),
}

/// Work for the store worker, done one at a time in arrival order.
enum StoreJob {
    /// A store message; its reply (or replies) go straight to the writer.
    Request(Box<Request>),
    /// The design a thread render uses (it reads the store's presets).
    Design {
        preset: Option<String>,
        done: oneshot::Sender<Result<Design, StoreError>>,
    },
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
    let (store_tx, store_rx) = mpsc::unbounded_channel::<StoreJob>();
    let store_worker = {
        let tx = reply_tx.clone();
        tokio::task::spawn_blocking(move || serve_store(store_rx, &tx))
    };
    // Leftovers of a host killed mid-save (SIGKILL leaves no chance to clean up) are removed by
    // the next save into that folder (`save::save_files`), not here: a ping must not touch
    // (or create) the Downloads folder.
    let mut terminate = terminate_signal();

    let session = Session::default();
    let (queue, dispatcher) = RenderQueue::start();
    let mut jobs = JoinSet::new();
    let mut exit = Exit::Closed;
    loop {
        let incoming = tokio::select! {
            incoming = frame_rx.recv() => incoming,
            () = terminate.wait() => {
                log("stopped by the browser (SIGTERM); removing unfinished files");
                export::save::remove_in_flight_temporaries();
                exit = Exit::Terminated;
                break;
            }
        };
        let Some(incoming) = incoming else { break };
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
            let _ = reply_tx.send(Reply::error(
                request_id(&body),
                ErrorCode::ForbiddenOrigin,
                "this companion serves only the Carousel Studio extension",
            ));
            continue;
        }
        let request = parse_request(&body);
        drop(body);
        match request {
            Err(err) => {
                log(&format!("bad request: {err}"));
                let _ = reply_tx.send(err.reply());
            }
            Ok(Request::Ping { id }) => {
                let _ = reply_tx.send(Reply::pong(id, env!("CARGO_PKG_VERSION")));
            }
            Ok(Request::Render {
                id,
                source,
                options,
            }) => {
                // The design is asked for now, so it is read after every store change sent
                // before this render and before any sent after it.
                let design = match &source {
                    RenderSource::Thread(_) => {
                        let (done, design) = oneshot::channel();
                        let _ = store_tx.send(StoreJob::Design {
                            preset: options.preset.clone(),
                            done,
                        });
                        Some(design)
                    }
                    RenderSource::Deck(_) => None,
                };
                let job = RenderJob {
                    id,
                    options,
                    tx: reply_tx.clone(),
                    session: session.clone(),
                };
                queue.submit(QueuedRender {
                    job,
                    source,
                    design,
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
                let _ = store_tx.send(StoreJob::Request(Box::new(request)));
            }
        }
    }
    // The browser is gone (or the stream is broken): let running jobs finish and write their
    // replies, so every save completes or cleans up after itself and no temp file is left.
    // (After SIGTERM there is no time for that: the browser kills the host two seconds later,
    // and the unfinished files are already removed.)
    drop(frame_rx);
    drop(store_tx);
    if exit == Exit::Terminated {
        return exit;
    }
    drop(queue);
    let _ = dispatcher.await;
    while jobs.join_next().await.is_some() {}
    let _ = store_worker.await;
    drop(reply_tx);
    let _ = writer.await;
    exit
}

/// Resolves when the process is asked to stop (SIGTERM on Unix; never elsewhere, where the
/// browser ends the host by closing its pipes).
struct Terminate {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

fn terminate_signal() -> Terminate {
    Terminate {
        #[cfg(unix)]
        signal: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok(),
    }
}

impl Terminate {
    async fn wait(&mut self) {
        #[cfg(unix)]
        if let Some(signal) = &mut self.signal {
            signal.recv().await;
            return;
        }
        std::future::pending::<()>().await;
    }
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
                // Ids are capped and store replies are split, so this is a bug, not an
                // attack; still, the request gets an answer it can show.
                log(&format!(
                    "reply of {len} bytes is too large for the browser"
                ));
                let error = Reply::error(
                    reply.id().map(str::to_owned),
                    ErrorCode::ReplyTooLarge,
                    "the companion's answer was too large for the browser",
                );
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

/// A render waiting its turn: the job, what it renders, and (for a thread) the design the
/// store worker is reading for it.
struct QueuedRender {
    job: RenderJob,
    source: RenderSource,
    design: Option<oneshot::Receiver<Result<Design, StoreError>>>,
}

/// How many renders wait and run; kept under one lock so a newcomer's place is exact.
#[derive(Default)]
struct QueueCounts {
    /// Submitted and not yet started.
    waiting: usize,
    /// Started and not yet finished (at most [`MAX_RENDERS`]).
    running: usize,
}

/// Renders start strictly in the order they arrived, at most [`MAX_RENDERS`] at once.
///
/// One dispatcher task takes them off an ordered channel and waits for a free slot before it
/// looks at the next, so the place a render is told when it arrives is the place it gets
/// (tasks spawned per render would race for the slots in whatever order the runtime polls them).
struct RenderQueue {
    tx: mpsc::UnboundedSender<QueuedRender>,
    counts: Arc<Mutex<QueueCounts>>,
}

impl RenderQueue {
    fn start() -> (Self, tokio::task::JoinHandle<()>) {
        let (tx, mut rx) = mpsc::unbounded_channel::<QueuedRender>();
        let counts = Arc::new(Mutex::new(QueueCounts::default()));
        let slots = Arc::new(Semaphore::new(MAX_RENDERS));
        let dispatcher = {
            let counts = counts.clone();
            tokio::spawn(async move {
                let mut running = JoinSet::new();
                while let Some(QueuedRender {
                    job,
                    source,
                    design,
                }) = rx.recv().await
                {
                    while running.try_join_next().is_some() {}
                    let design = match design {
                        Some(design) => match design.await {
                            Ok(Ok(design)) => Some(design),
                            Ok(Err(err)) => {
                                lock(&counts).waiting -= 1;
                                job.fail(ErrorCode::RenderFailed, err.to_string());
                                continue;
                            }
                            Err(_) => break, // the host is stopping
                        },
                        None => None,
                    };
                    let Ok(slot) = slots.clone().acquire_owned().await else {
                        break;
                    };
                    {
                        let mut counts = lock(&counts);
                        counts.waiting -= 1;
                        counts.running += 1;
                    }
                    let finished = Finished {
                        counts: counts.clone(),
                        _slot: slot,
                    };
                    running.spawn_blocking(move || {
                        let _finished = finished;
                        job.run(source, design);
                    });
                }
                while running.join_next().await.is_some() {}
            })
        };
        (Self { tx, counts }, dispatcher)
    }

    /// Queues a render, and tells it its place in the line when every slot is taken (before
    /// it can start, so that reply comes first).
    fn submit(&self, render: QueuedRender) {
        let place = {
            let mut counts = lock(&self.counts);
            counts.waiting += 1;
            (counts.waiting + counts.running).saturating_sub(MAX_RENDERS)
        };
        if place > 0 {
            let _ = render.job.tx.send(Reply::Progress {
                id: render.job.id.clone(),
                done: 0,
                total: 0,
                queued: Some(place),
            });
        }
        // Fails only when the dispatcher is gone, that is when the host is stopping.
        let _ = self.tx.send(render);
    }
}

/// Frees a running render's slot when it ends, even by a panic, so the counts stay true.
struct Finished {
    counts: Arc<Mutex<QueueCounts>>,
    _slot: tokio::sync::OwnedSemaphorePermit,
}

impl Drop for Finished {
    fn drop(&mut self) {
        // Before the slot is freed (fields drop after this), so no newcomer sees a free slot
        // and a full count at once.
        lock(&self.counts).running -= 1;
    }
}

/// One render request (but what it renders), with where its replies go.
struct RenderJob {
    id: String,
    options: RenderOptions,
    tx: mpsc::UnboundedSender<Reply>,
    session: Session,
}

impl RenderJob {
    fn fail(&self, code: ErrorCode, message: String) {
        log(&format!("render {}: {message}", self.id));
        let _ = self
            .tx
            .send(Reply::error(Some(self.id.clone()), code, message));
    }

    /// Renders and saves, and sends the final reply. `design` is a thread's (a deck carries
    /// its own).
    fn run(self, source: RenderSource, design: Option<Design>) {
        match self.render(source, design) {
            Ok(reply) => {
                let _ = self.tx.send(reply);
            }
            Err((code, message)) => self.fail(code, message),
        }
    }

    fn render(
        &self,
        source: RenderSource,
        design: Option<Design>,
    ) -> Result<Reply, (ErrorCode, String)> {
        let id = &self.id;
        // Find (and create) the folder first, so a bad folder fails before any work.
        let dir = downloads_dir().map_err(|err| (ErrorCode::SaveFailed, for_browser(&err)))?;
        let warnings = Mutex::new(Vec::new());
        // NoFiles: a message from the browser can never make the host read a local file.
        let left_out = |reference: &str, err: &images::ImageError| {
            let shown = crate::job::shorten(reference);
            log(&format!("render {id}: left out image {shown}: {err}"));
            lock(&warnings).push(format!("An image was left out ({err})."));
        };
        let progress = |done: usize, total: usize| {
            let _ = self.tx.send(Reply::Progress {
                id: id.to_owned(),
                done,
                total,
                queued: None,
            });
        };
        let job = match source {
            RenderSource::Thread(thread) => Job::thread(
                thread,
                design.unwrap_or_default(),
                ImageFiles::None,
                // A profile in the store may name a path (an older version, or an imported
                // file); it is never read for the browser.
                ImageFiles::None,
            ),
            RenderSource::Deck(deck) => Job::deck(*deck, ImageFiles::None),
        };
        let result = job.render(
            crate::formats_for(self.options.platform),
            &progress,
            left_out,
        );
        let rendered = result.map_err(|err| (ErrorCode::RenderFailed, err.to_string()))?;
        let files = rendered
            .save(&dir)
            .map_err(|err| (ErrorCode::SaveFailed, for_browser(&err)))?;
        let mut saved = lock(&self.session.saved);
        for file in &files {
            saved.insert(std::fs::canonicalize(file).unwrap_or_else(|_| file.clone()));
        }
        log(&format!(
            "render {id}: saved {} file(s) in {}",
            files.len(),
            dir.display()
        ));
        let mut warnings = warnings.into_inner().unwrap_or_else(|e| e.into_inner());
        warnings.dedup();
        warnings.extend(rendered.carousel.warnings.iter().cloned());
        Ok(Reply::Saved {
            id: id.to_owned(),
            files: files.iter().map(|f| f.display().to_string()).collect(),
            warnings: bounded_warnings(warnings),
        })
    }
}

/// A save error as a browser user can act on it: the CLI's advice (`--out DIR`) means nothing
/// in the browser, where files always go to the Downloads folder.
fn for_browser(err: &crate::SaveError) -> String {
    use crate::SaveError;
    match err {
        SaveError::NoHome(variable) => format!(
            "cannot find the Downloads folder: {variable} is not set in the browser's environment; \
             start the browser from your desktop session"
        ),
        SaveError::CreateDir { path, source } => format!(
            "cannot create the Downloads folder {}: {source}; create it or make it writable, \
             then try again",
            path.display()
        ),
        SaveError::Write { dir, name, source } => format!(
            "cannot write {name} in {}: {source}; check that the folder is writable and the disk \
             not full, then try again (nothing was saved)",
            dir.display()
        ),
    }
}

/// At most a few short warnings, so a reply stays small whatever a render ran into.
fn bounded_warnings(warnings: Vec<String>) -> Vec<String> {
    const MAX: usize = 8;
    const MAX_CHARS: usize = 300;
    let total = warnings.len();
    let mut kept: Vec<String> = warnings
        .into_iter()
        .take(MAX)
        .map(|w| match w.char_indices().nth(MAX_CHARS) {
            Some((end, _)) => format!("{}…", &w[..end]),
            None => w,
        })
        .collect();
    if total > MAX {
        kept.push(format!("…and {} more.", total - MAX));
    }
    kept
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The store worker: one job at a time, in order (see the module documentation).
fn serve_store(mut jobs: mpsc::UnboundedReceiver<StoreJob>, tx: &mpsc::UnboundedSender<Reply>) {
    while let Some(job) = jobs.blocking_recv() {
        match job {
            StoreJob::Request(request) => {
                for reply in store_request(*request) {
                    let _ = tx.send(reply);
                }
            }
            StoreJob::Design { preset, done } => {
                let _ = done.send(one_click_design(preset.as_deref()));
            }
        }
    }
}

/// The design a thread from the browser is rendered with: the named preset, else the store's
/// default preset (what one-click uses), else the default design. A store that cannot be read
/// only matters when a preset was asked for by name.
fn one_click_design(preset: Option<&str>) -> Result<Design, StoreError> {
    let sources = Sources {
        preset,
        profile: None,
        use_default_preset: true,
    };
    design::resolve(Design::default(), sources, design::load_store, |why| {
        log(&format!("using the default design: {why}"))
    })
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
fn store_request(request: Request) -> Vec<Reply> {
    let id = request.id().to_owned();
    let fail = |code, message: String| {
        log(&format!("store {id}: {message}"));
        vec![Reply::error(Some(id.clone()), code, message)]
    };
    let path = match Store::default_path() {
        Ok(path) => path,
        Err(err) => return fail(ErrorCode::SaveFailed, err.to_string()),
    };
    if let Request::Store { .. } = request {
        // Saves are atomic renames: reading needs no lock.
        return match Store::load(&path) {
            Ok(store) => store_replies(&id, &store, MAX_TO_BROWSER),
            Err(err) => fail(ErrorCode::SaveFailed, err.to_string()),
        };
    }
    // Images are fetched and checked before the lock is taken: a slow download must not hold
    // up the CLI or another browser.
    let request = match checked_images(request) {
        Ok(request) => request,
        Err(message) => return fail(ErrorCode::BadRequest, message),
    };
    match Store::update(&path, |store| {
        change_store(store, request).map_err(StoreFailure::Refused)
    }) {
        Ok(()) => vec![Reply::Stored { id }],
        Err(StoreFailure::Refused(message)) => fail(ErrorCode::BadRequest, message),
        Err(StoreFailure::Store(err)) => fail(ErrorCode::SaveFailed, err.to_string()),
    }
}

/// A profile from the browser may carry its avatar and logo only as `data:` or `https:` URLs:
/// they are checked (and downloaded) now and stored as `data:` URLs, so a later one-click
/// render never reads a file or the network for them.
fn checked_images(request: Request) -> Result<Request, String> {
    let Request::SaveProfile { id, mut profile } = request else {
        return Ok(request);
    };
    for (what, slot) in [("avatar", &mut profile.avatar), ("logo", &mut profile.logo)] {
        let Some(reference) = slot.take().filter(|r| !r.trim().is_empty()) else {
            continue;
        };
        match images::resolve_brand_image(&reference, ImageBase::NoFiles) {
            Ok(url) => *slot = Some(url),
            Err(err) => {
                return Err(format!(
                    "the profile's {what} cannot be used: {err}; choose an image file in the brand kit"
                ));
            }
        }
    }
    Ok(Request::SaveProfile { id, profile })
}

/// The `store` reply, split into as many replies as the browser's message limit needs, each
/// holding whole entries. An entry too large for a message on its own is sent without its
/// images (and the log says so) rather than not at all.
fn store_replies(id: &str, store: &Store, max_bytes: usize) -> Vec<Reply> {
    // Room for the reply's own fields and the JSON around each entry.
    let budget = max_bytes.saturating_sub(1024 + id.len() * 2);
    let mut replies = Vec::new();
    let mut current = (Vec::<Profile>::new(), Vec::<Preset>::new(), 0usize);
    let flush = |current: &mut (Vec<Profile>, Vec<Preset>, usize), replies: &mut Vec<Reply>| {
        let (profiles, presets, _) = std::mem::take(current);
        replies.push(Reply::Store {
            id: id.to_owned(),
            profiles,
            presets,
            default_preset: store.default_preset.clone(),
            more: true,
        });
    };
    for profile in &store.profiles {
        let mut profile = profile.clone();
        let mut len = size(&profile);
        if len > budget {
            log(&format!(
                "profile {:?} is too large to send to the browser; sending it without its images",
                profile.name
            ));
            profile.avatar = None;
            profile.logo = None;
            len = size(&profile);
        }
        if current.2 + len > budget && current.2 > 0 {
            flush(&mut current, &mut replies);
        }
        current.2 += len;
        current.0.push(profile);
    }
    for preset in &store.presets {
        let len = size(preset);
        if current.2 + len > budget && current.2 > 0 {
            flush(&mut current, &mut replies);
        }
        current.2 += len;
        current.1.push(preset.clone());
    }
    flush(&mut current, &mut replies);
    if let Some(Reply::Store { more, .. }) = replies.last_mut() {
        *more = false;
    }
    replies
}

/// The length of an entry's JSON (and the comma after it), for splitting replies.
fn size(entry: &impl serde::Serialize) -> usize {
    serde_json::to_vec(entry).map_or(0, |json| json.len() + 1)
}

/// Makes the change a `save_*` or `remove_*` request asks for, or says why not.
fn change_store(store: &mut Store, request: Request) -> Result<(), String> {
    match request {
        Request::SaveProfile { profile, .. } => {
            store.add(profile, true).map_err(|err| err.to_string())
        }
        Request::SavePreset {
            preset, default, ..
        } => {
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
    fn save_errors_in_the_browser_give_no_command_line_advice() {
        let disk_full = || std::io::Error::other("No space left on device");
        for err in [
            crate::SaveError::NoHome("HOME"),
            crate::SaveError::CreateDir {
                path: "/home/u/Downloads".into(),
                source: disk_full(),
            },
            crate::SaveError::Write {
                dir: "/home/u/Downloads".into(),
                name: "a.pdf".into(),
                source: disk_full(),
            },
        ] {
            let message = for_browser(&err);
            assert!(!message.contains("--out"), "{message}");
            assert!(
                err.to_string().contains("--out"),
                "the CLI's message keeps it"
            );
        }
    }

    #[test]
    fn a_store_reply_is_split_into_messages_the_browser_takes() {
        let profile = |n: usize| Profile {
            name: format!("P{n}"),
            avatar: Some(format!("data:image/png;base64,{}", "A".repeat(300_000))),
            ..Profile::default()
        };
        let store = Store {
            profiles: (0..7).map(profile).collect(),
            ..Store::default()
        };
        let replies = store_replies("s", &store, MAX_TO_BROWSER);
        assert!(replies.len() >= 3, "{}", replies.len());
        let mut names = Vec::new();
        for (index, reply) in replies.iter().enumerate() {
            assert!(serde_json::to_vec(reply).unwrap().len() <= MAX_TO_BROWSER);
            let Reply::Store { profiles, more, .. } = reply else {
                panic!("{reply:?}")
            };
            assert_eq!(*more, index + 1 < replies.len());
            names.extend(profiles.iter().map(|p| p.name.clone()));
        }
        assert_eq!(names.len(), 7);
        // One entry too large for any message goes without its images, not at all.
        let huge = Store {
            profiles: vec![Profile {
                name: "Huge".into(),
                avatar: Some("A".repeat(2 * MAX_TO_BROWSER)),
                ..Profile::default()
            }],
            ..Store::default()
        };
        let replies = store_replies("s", &huge, MAX_TO_BROWSER);
        let Reply::Store { profiles, .. } = &replies[0] else {
            panic!()
        };
        assert_eq!(
            (profiles[0].name.as_str(), &profiles[0].avatar),
            ("Huge", &None)
        );
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
