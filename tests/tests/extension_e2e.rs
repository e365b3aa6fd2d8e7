//! End to end on a fake x.com: headless Chromium with the built extension (`dist/extension-test/`,
//! made by `cargo xtask build`) on a local HTTPS server that plays x.com and pbs.twimg.com
//! (host-resolver rules, a self-signed certificate made here), with x.com's kind of strict CSP
//! (no 'wasm-unsafe-eval') and a long thread whose cells are virtualised like X's
//! (tests/fixtures/x/fake-x-app.js). The companion is registered with `install --user-data-dir`
//! and saves into a temp HOME's Downloads.
//!
//! Native context menus cannot be clicked in headless Chromium: the context-menu test
//! dispatches a `contextmenu` event on a post and then calls the service worker's menu handler
//! through its test message (`test:menu-click`, accepted from extension pages only).
//!
//! Needs `chromium`, `chromium-driver`, `poppler-utils` and `python3` (Debian).

use std::future::Future;
use std::io::Read as _;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use carousel_tests::{Driver, install_companion, pdf_pages, pdf_text, repo_root};
use fantoccini::{Client, Locator};
use protocol::EXTENSION_ID;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const AUTHOR: &str = "dana_threads";
const FIRST: &str = "1950000000000000001";
const FOCAL: &str = "1950000000000000013";
const POSTS: usize = 25;
const CSP: &str = "default-src 'self'; script-src 'self' 'nonce-c2Fyb3VzZWw'; \
                   style-src 'self' 'unsafe-inline'; img-src 'self' https://pbs.twimg.com data:; \
                   connect-src 'self'; object-src 'none'; base-uri 'self'";
const BUTTON: &str = "//button[normalize-space(.)='Make carousel']";

// ---------------------------------------------------------------------------------------------
// The fake x.com + pbs.twimg.com.

struct FakeX {
    port: u16,
    /// Paths asked of pbs.twimg.com.
    images: Arc<Mutex<Vec<String>>>,
}

fn tiny_png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 16, 16);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let pixels: Vec<u8> = (0..16 * 16)
        .flat_map(|i| [40, 120, (i % 256) as u8])
        .collect();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out
}

/// The status page: X's kind of shell (the conversation timeline empty until the app script
/// fills it), with the React Native Web stylesheet of thread-photon.html.
fn page_shell() -> String {
    let photon =
        std::fs::read_to_string(repo_root().join("tests/fixtures/x/thread-photon.html")).unwrap();
    let start = photon.find("<style").unwrap();
    let end = photon[start..].find("</style>").unwrap() + start + "</style>".len();
    let head = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dana Threads on X</title>";
    let rest = "<style>svg{width:18px;height:18px}</style></head><body style=\"margin:0\"><div id=\"react-root\"><header role=\"banner\" style=\"height:53px\">\
     <nav aria-label=\"Primary\"><a href=\"/home\">Home</a></nav></header><main role=\"main\">\
     <div data-testid=\"primaryColumn\" style=\"width:600px\"><section aria-labelledby=\"accessible-list-1\" \
     role=\"region\"><h1 id=\"accessible-list-1\" role=\"heading\">Conversation</h1>\
     <div aria-label=\"Timeline: Conversation\"><div style=\"position:relative\"></div></div></section>\
     </div><div data-testid=\"sidebarColumn\"><div data-testid=\"UserCell\"><a href=\"/someone_else\">\
     @someone_else</a></div></div></main></div>\
     <script src=\"/app.js\" nonce=\"c2Fyb3VzZWw\"></script></body></html>";
    format!("{head}{}{rest}", &photon[start..end])
}

/// The photo viewer (`/<handle>/status/<id>/photo/N` opened directly): no primaryColumn; a
/// dialog holds the photo carousel (filled by the app) and a side panel with the conversation
/// inside a `div[data-testid="tweet"]` wrapper, as x.com lays it out.
fn viewer_shell() -> String {
    let shell = page_shell();
    let start = shell.find("<main").unwrap();
    let end = shell.find("</main>").unwrap() + "</main>".len();
    let viewer = "<main role=\"main\"></main></div><div id=\"layers\"><div role=\"dialog\" \
        aria-modal=\"true\" aria-labelledby=\"modal-header\"><div data-viewer style=\"width:400px\"></div>\
        <div data-testid=\"tweet\" style=\"width:560px\"><section role=\"region\"><h1 role=\"heading\">\
        Conversation</h1><div aria-label=\"Timeline: Conversation\"><div style=\"position:relative\">\
        </div></div></section></div></div>";
    format!(
        "{}{viewer}{}",
        &shell[..start],
        &shell[end + "</div>".len()..]
    )
}

fn start_fake_x(dir: &Path) -> FakeX {
    let data = dir.join("virtual-thread.json");
    let status = Command::new("python3")
        .arg(repo_root().join("tests/fixtures/x/make-virtual-thread.py"))
        .arg(&data)
        .status()
        .expect("python3 runs (apt-get install python3)");
    assert!(status.success(), "make-virtual-thread.py failed");
    let data = Arc::new(std::fs::read(&data).unwrap());
    let app = Arc::new(std::fs::read(repo_root().join("tests/fixtures/x/fake-x-app.js")).unwrap());
    let png = Arc::new(tiny_png());
    let images = Arc::new(Mutex::new(Vec::new()));

    let certified =
        rcgen::generate_simple_self_signed(vec!["x.com".into(), "pbs.twimg.com".into()]).unwrap();
    let key = tokio_rustls::rustls::pki_types::PrivateKeyDer::Pkcs8(
        certified.key_pair.serialize_der().into(),
    );
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(Arc::new(
        tokio_rustls::rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![certified.cert.der().clone()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = images.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (acceptor, data, app, png, seen) = (
                    acceptor.clone(),
                    data.clone(),
                    app.clone(),
                    png.clone(),
                    seen.clone(),
                );
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    let mut request = Vec::new();
                    let mut buf = [0u8; 4096];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 65536 {
                        match tls.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buf[..n]),
                        }
                    }
                    let text = String::from_utf8_lossy(&request);
                    let path = text.split_whitespace().nth(1).unwrap_or("/").to_owned();
                    let host = text
                        .lines()
                        .find_map(|line| {
                            let (name, value) = line.split_once(':')?;
                            name.eq_ignore_ascii_case("host")
                                .then(|| value.trim().to_owned())
                        })
                        .unwrap_or_default();
                    let (status, kind, body, csp): (&str, &str, Vec<u8>, bool) =
                        if host.starts_with("pbs.twimg.com") {
                            seen.lock().unwrap().push(path.clone());
                            ("200 OK", "image/png", png.to_vec(), false)
                        } else if path == "/app.js" {
                            ("200 OK", "text/javascript", app.to_vec(), false)
                        } else if path == "/virtual-thread.json" {
                            ("200 OK", "application/json", data.to_vec(), false)
                        } else if path.contains("/status/") && path.contains("/photo/") {
                            (
                                "200 OK",
                                "text/html; charset=utf-8",
                                viewer_shell().into_bytes(),
                                true,
                            )
                        } else if path.contains("/status/") {
                            (
                                "200 OK",
                                "text/html; charset=utf-8",
                                page_shell().into_bytes(),
                                true,
                            )
                        } else {
                            ("404 Not Found", "text/plain", b"not found".to_vec(), false)
                        };
                    let mut head = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
                         Connection: close\r\nCache-Control: no-store\r\n",
                        body.len()
                    );
                    if csp {
                        head.push_str(&format!("Content-Security-Policy: {CSP}\r\n"));
                    }
                    head.push_str("\r\n");
                    let _ = tls.write_all(head.as_bytes()).await;
                    let _ = tls.write_all(&body).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
    });
    FakeX { port, images }
}

// ---------------------------------------------------------------------------------------------
// The browser.

struct Setup {
    _temp: tempfile::TempDir,
    downloads: PathBuf,
    fake: FakeX,
    profile: PathBuf,
    driver: Driver,
    extra_args: Vec<String>,
}

fn setup(with_companion: bool) -> Setup {
    let temp = tempfile::tempdir().unwrap();
    let home = temp.path().join("home");
    let profile = temp.path().join("profile");
    std::fs::create_dir_all(home.join(".config")).unwrap();
    if with_companion {
        install_companion(&profile, &home);
    }
    let fake = start_fake_x(temp.path());
    let driver = Driver::start(&home);
    let extra_args = vec![
        format!(
            "--host-resolver-rules=MAP x.com 127.0.0.1:{0},MAP pbs.twimg.com 127.0.0.1:{0}",
            fake.port
        ),
        // The fake x.com's certificate is self-signed, made by the test.
        "--ignore-certificate-errors".to_owned(),
        "--window-size=1000,800".to_owned(),
    ];
    Setup {
        downloads: home.join("Downloads"),
        _temp: temp,
        fake,
        profile,
        driver,
        extra_args,
    }
}

/// Runs `body` with a WebDriver session, closing it whatever happens.
fn with_client<F>(setup: &Setup, body: impl FnOnce(Client) -> F) -> Result<(), String>
where
    F: Future<Output = Result<(), String>>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = setup
            .driver
            .connect(&setup.profile, &setup.extra_args)
            .await;
        let result = body(client.clone()).await;
        let _ = client.close().await;
        result
    })
}

fn err(error: impl std::fmt::Display) -> String {
    error.to_string()
}

async fn js(client: &Client, script: &str) -> Result<Value, String> {
    client.execute(script, vec![]).await.map_err(err)
}

/// Polls `script` until it returns something truthy, or fails after `secs`.
async fn wait_for(client: &Client, script: &str, secs: u64, what: &str) -> Result<Value, String> {
    let start = Instant::now();
    loop {
        let value = js(client, script).await?;
        if !(value.is_null() || value == json!(false) || value == json!(0)) {
            return Ok(value);
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let panel = js(
                client,
                "const p = document.querySelector('.cs-carousel-panel'); \
                 return p ? p.dataset.state + ': ' + p.textContent : 'no panel'",
            )
            .await?;
            return Err(format!("timed out waiting for {what} (panel: {panel})"));
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn open_status(client: &Client, id: &str) -> Result<(), String> {
    open_page(client, &format!("/{AUTHOR}/status/{id}")).await
}

/// Waits for the toast to reach a final state and returns (state, text).
async fn toast(client: &Client, secs: u64) -> Result<(String, String), String> {
    let value = wait_for(
        client,
        "const p = document.querySelector('.cs-carousel-panel'); \
         return p && ['saved', 'error', 'added'].includes(p.dataset.state) \
           ? [p.dataset.state, p.textContent] : null",
        secs,
        "the toast",
    )
    .await?;
    Ok((
        value[0].as_str().unwrap_or_default().to_owned(),
        value[1].as_str().unwrap_or_default().to_owned(),
    ))
}

/// Runs `script` (which may `await`, and whose value is returned) in an extension page opened
/// in a second tab, then switches back.
async fn in_extension(client: &Client, script: &str) -> Result<Value, String> {
    in_extension_page(client, "studio.html", script).await
}

async fn in_extension_page(
    client: &Client,
    page_name: &str,
    script: &str,
) -> Result<Value, String> {
    let page = client.window().await.map_err(err)?;
    let tab = client.new_window(true).await.map_err(err)?;
    client
        .switch_to_window(tab.handle.clone())
        .await
        .map_err(err)?;
    client
        .goto(&format!("chrome-extension://{EXTENSION_ID}/{page_name}"))
        .await
        .map_err(err)?;
    let wrapped = format!(
        "const done = arguments[arguments.length - 1]; \
         (async () => {{ {script} }})().then(done, (e) => done({{error: String(e)}}));"
    );
    let value = client.execute_async(&wrapped, vec![]).await.map_err(err);
    client.close_window().await.map_err(err)?;
    client.switch_to_window(page).await.map_err(err)?;
    value
}

fn saved_files(downloads: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(downloads)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn short(value: &Value) -> String {
    value.to_string().chars().take(300).collect()
}

fn zip_entries(path: &Path) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            file.name().to_owned()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------

#[test]
fn one_click_context_menu_and_client_side_navigation() {
    if !carousel_tests::browser_available() {
        return;
    }
    let setup = setup(true);
    let downloads = setup.downloads.clone();
    let result = with_client(&setup, |client| async move {
        open_status(&client, FOCAL).await?;
        let buttons = client.find_all(Locator::XPath(BUTTON)).await.map_err(err)?;
        assert_eq!(buttons.len(), 1, "exactly one Make carousel button");
        // The user has scrolled a little; that is where they must end up again.
        // An instant scroll has happened when scrollBy returns: no need to wait for it.
        let before = js(&client, "window.scrollBy(0, 37); return window.scrollY").await?;
        assert_ne!(before, json!(0), "the page scrolled");
        buttons[0].click().await.map_err(err)?;
        let (state, text) = toast(&client, 45).await?;
        assert_eq!(state, "saved", "{text}");
        assert!(text.contains(&format!("{AUTHOR}-{FIRST}.pdf")), "{text}");
        assert!(
            text.contains("Show in folder") && text.contains("Open in Studio"),
            "{text}"
        );
        let after = js(&client, "return window.scrollY").await?;
        assert_eq!(before, after, "the scroll position is restored");

        // Client-side navigation: the button follows the new focal post, never twice.
        let other = "1950000000000000005";
        js(
            &client,
            &format!("window.fakeNavigate('/{AUTHOR}/status/{other}')"),
        )
        .await?;
        wait_for(
            &client,
            &format!(
                "const b = document.querySelectorAll('.cs-carousel-button'); \
                 const f = document.querySelector('article[tabindex=\"-1\"]'); \
                 return b.length === 1 && f.contains(b[0]) && \
                   f.querySelector('a[href=\"/{AUTHOR}/status/{other}\"]') !== null"
            ),
            10,
            "the button on the new focal post",
        )
        .await?;
        // Not a sleep before "it did not happen": wait for a pass of the content script that
        // began after its address watch saw the new address (the test build counts passes),
        // then count the buttons that pass left.
        let passes = wait_for(
            &client,
            "const r = document.documentElement.dataset; \
             return r.csTestHref === location.href && Number(r.csTestPasses)",
            10,
            "the content script's pass after the navigation",
        )
        .await?;
        js(&client, "document.body.append(document.createElement('i'))").await?;
        wait_for(
            &client,
            &format!("return Number(document.documentElement.dataset.csTestPasses) > {passes}"),
            10,
            "one more pass of the content script",
        )
        .await?;
        let count = js(
            &client,
            "return document.querySelectorAll('.cs-carousel-button').length",
        )
        .await?;
        assert_eq!(count, json!(1), "the button is there exactly once");

        // "Add post to carousel" on a post below the focal one.
        let added = js(
            &client,
            "const a = [...document.querySelectorAll('article[data-testid=\"tweet\"][tabindex=\"0\"]')]\
               .find((a) => a.querySelector('a[href*=\"/status/\"] > time')); \
             a.querySelector('[data-testid=\"tweetText\"]').dispatchEvent(\
               new MouseEvent('contextmenu', {bubbles: true, cancelable: true})); \
             return a.querySelector('a[href*=\"/status/\"] > time').parentElement.getAttribute('href')",
        )
        .await?;
        let added_id = added
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned();
        let reply = in_extension(
            &client,
            "return chrome.runtime.sendMessage({type: 'test:menu-click', menuItemId: 'carousel-add-post'})",
        )
        .await?;
        assert_eq!(reply["ok"], json!(true), "{reply}");
        let (state, text) = toast(&client, 10).await?;
        assert_eq!(
            (state.as_str(), text.contains("Added to carousel (1 post)")),
            ("added", true),
            "{text}"
        );
        let stored = in_extension(
            &client,
            "return (await chrome.storage.local.get('sourcePosts')).sourcePosts",
        )
        .await?;
        assert_eq!(stored.as_array().map(Vec::len), Some(1), "{stored}");
        assert_eq!(stored[0]["id"], json!(added_id), "{stored}");

        // "Make carousel from this thread" on a post that is not the open status page: the tab
        // goes to that post and collects its thread there.
        js(
            &client,
            "document.querySelector('.cs-carousel-panel')?.remove()",
        )
        .await?;
        let target = js(
            &client,
            "const a = [...document.querySelectorAll('article[data-testid=\"tweet\"][tabindex=\"0\"]')]\
               .find((a) => a.querySelector('a[href*=\"/status/\"] > time')); \
             a.dispatchEvent(new MouseEvent('contextmenu', {bubbles: true, cancelable: true})); \
             return a.querySelector('a[href*=\"/status/\"] > time').parentElement.getAttribute('href')",
        )
        .await?;
        let reply = in_extension(
            &client,
            "return chrome.runtime.sendMessage({type: 'test:menu-click', menuItemId: 'carousel-make-thread'})",
        )
        .await?;
        assert_eq!(reply["ok"], json!(true), "{reply}");
        wait_for(
            &client,
            &format!("return location.pathname === {target}", target = target),
            10,
            "the navigation to the right-clicked post",
        )
        .await?;
        let (state, text) = toast(&client, 45).await?;
        assert_eq!(state, "saved", "{text}");
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }

    let files = saved_files(&downloads);
    let pdf = downloads.join(format!("{AUTHOR}-{FIRST}.pdf"));
    let zip = downloads.join(format!("{AUTHOR}-{FIRST}-instagram.zip"));
    assert!(pdf.is_file() && zip.is_file(), "saved: {files:?}");
    assert!(
        files.contains(&format!("{AUTHOR}-{FIRST} (2).pdf")),
        "the context-menu render saved a second PDF: {files:?}"
    );
    let pages = pdf_pages(&pdf);
    assert!(pages >= POSTS, "{pages} PDF pages for {POSTS} posts");
    let entries = zip_entries(&zip);
    assert!(
        entries.len() >= POSTS,
        "{} ZIP entries: {entries:?}",
        entries.len()
    );
    let text = pdf_text(&pdf);
    let squashed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squashed.contains("zanzibar quokka"),
        "expanded Show more text in the PDF: {squashed}"
    );
    // 2024's "Show more" link: the post was opened in a background tab, read there in full.
    assert!(
        squashed.contains("walrus zeppelin harbour"),
        "the link form of Show more expanded in the PDF: {squashed}"
    );
    assert!(!squashed.contains("An older post") && !squashed.contains("Great thread"));
    let images = setup.fake.images.lock().unwrap().clone();
    assert!(
        images
            .iter()
            .any(|path| path.starts_with("/media/") && path.contains("name=large")),
        "photos fetched at name=large: {images:?}"
    );
}

/// Opens a page of the fake x.com and waits for its Make carousel button.
async fn open_page(client: &Client, path: &str) -> Result<(), String> {
    client
        .goto(&format!("https://x.com{path}"))
        .await
        .map_err(err)?;
    wait_for(
        client,
        "return document.body.dataset.ready === 'true'",
        10,
        "the fake app",
    )
    .await?;
    wait_for(
        client,
        "return document.querySelector('article[tabindex=\"-1\"] .cs-carousel-button') !== null",
        10,
        &format!("the Make carousel button on {path}"),
    )
    .await?;
    Ok(())
}

/// Clicks the page's "Make carousel" button.
async fn click_button(client: &Client) -> Result<(), String> {
    let button = client.find(Locator::XPath(BUTTON)).await.map_err(err)?;
    button.click().await.map_err(err)
}

/// Clicks the button and waits for the toast to say the carousel was saved.
async fn make_carousel(client: &Client, what: &str) -> Result<String, String> {
    click_button(client).await?;
    let (state, text) = toast(client, 45).await?;
    if state != "saved" {
        return Err(format!("{what}: the toast says {state}: {text}"));
    }
    // Close it, so the next page's toast is its own.
    js(
        client,
        "document.querySelector('.cs-carousel-panel .cs-carousel-close').click()",
    )
    .await?;
    Ok(text)
}

/// The shapes of real pages beyond a plain thread: an edited focal post (its permalink row
/// links to `/history`), an X Article (no tweetText: the read view), and a post opened in the
/// photo viewer (no primaryColumn, the photos outside the post). One click on each saves its
/// carousel.
#[test]
fn edited_posts_articles_and_the_photo_viewer_make_carousels() {
    if !carousel_tests::browser_available() {
        return;
    }
    const EDITED: &str = "1950000000000100001";
    const ARTICLE: &str = "1950000000000200001";
    const VIEWER: &str = "1950000000000300001";
    let setup = setup(true);
    let downloads = setup.downloads.clone();
    let images = setup.fake.images.clone();
    let pdf_of = |id: &str| -> Result<String, String> {
        let pdf = downloads.join(format!("erin_edits-{id}.pdf"));
        if !pdf.exists() {
            return Err(format!(
                "no {} in {:?}",
                pdf.display(),
                saved_files(&downloads)
            ));
        }
        Ok(pdf_text(&pdf)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "))
    };
    let result = with_client(&setup, |client| async move {
        open_page(&client, &format!("/erin_edits/status/{EDITED}")).await?;
        make_carousel(&client, "the edited post").await?;
        let text = pdf_of(EDITED)?;
        if !(text.contains("Edited focal post") && text.contains("Second post of the edited"))
            || text.contains("Thanks for the fix")
        {
            return Err(format!("the edited post's thread: {text}"));
        }

        open_page(&client, &format!("/erin_edits/status/{ARTICLE}")).await?;
        make_carousel(&client, "the article").await?;
        let text = pdf_of(ARTICLE)?;
        for words in [
            "An article in slides",
            "Why it matters",
            "carousel of the article quokka",
        ] {
            if !text.contains(words) {
                return Err(format!("the article's slides lack \"{words}\": {text}"));
            }
        }

        open_page(&client, &format!("/erin_edits/status/{VIEWER}/photo/1")).await?;
        make_carousel(&client, "the photo viewer").await?;
        let text = pdf_of(VIEWER)?;
        if !text.contains("Two photos, opened in the viewer")
            || !text.contains("The end of the photo")
        {
            return Err(format!("the photo viewer's thread: {text}"));
        }
        let asked = images.lock().unwrap().clone();
        for media in ["VwPhOtO001", "VwPhOtO002"] {
            if !asked
                .iter()
                .any(|path| path.contains(media) && path.contains("name=large"))
            {
                return Err(format!(
                    "the viewer's photo {media} was not fetched: {asked:?}"
                ));
            }
        }
        Ok(())
    });
    result.unwrap();
}

#[test]
fn without_the_companion_the_toast_says_how_to_install_it_and_the_thread_is_kept() {
    if !carousel_tests::browser_available() {
        return;
    }
    let setup = setup(false);
    let result = with_client(&setup, |client| async move {
        open_status(&client, FOCAL).await?;
        click_button(&client).await?;
        let (state, text) = toast(&client, 45).await?;
        assert_eq!(state, "error", "{text}");
        assert!(text.contains("carousel-studio install"), "{text}");
        let kept = in_extension(
            &client,
            "return (await chrome.storage.local.get('lastThread')).lastThread",
        )
        .await?;
        let posts = kept["thread"]["posts"]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0);
        assert!(
            posts >= POSTS,
            "lastThread keeps the thread: {}",
            short(&kept)
        );
        assert!(kept["savedAt"].is_string(), "{}", short(&kept));
        // The options page's "Test companion" says the same.
        let shown = in_extension_page(
            &client,
            "options.html",
            "document.getElementById('test').click(); \
             const result = document.getElementById('companion'); \
             while (['idle', 'pending'].includes(result.dataset.state)) \
               await new Promise((r) => setTimeout(r, 100)); \
             return [result.dataset.state, result.textContent, \
                     document.getElementById('command').hidden, \
                     document.querySelector('#command code').textContent]",
        )
        .await?;
        assert_eq!(shown[0], json!("error"), "{shown}");
        assert_eq!(
            shown[2],
            json!(false),
            "the install command is shown: {shown}"
        );
        assert_eq!(shown[3], json!("carousel-studio install"), "{shown}");
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}
