//! End to end: the studio page of the built extension (`dist/extension-test` from `cargo xtask
//! build --test-hooks`) in headless Chromium, with the real companion registered as its native-messaging
//! host. A collected thread is put into `chrome.storage.local` as the service worker does; the
//! test then drives every control, the board (drag and keyboard), export, reload, and checks
//! that the preview SVG is exactly what `carousel-studio render --svg` makes of the same deck.
//! It also takes the screenshots of the docs, into the target folder's `tmp/screenshots/` (a
//! test run changes no tracked file); `cargo xtask screenshots` copies them into `docs/`.
//!
//! Needs `chromium`, `chromium-driver` and `poppler-utils` (Debian); CHROMIUM / CHROMEDRIVER
//! override the paths.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use carousel_tests::{Driver, companion, install_companion, pdf_pages};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use protocol::EXTENSION_ID;
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(30);

/// The sample thread with its images inlined as `data:` URLs, as the service worker stores it.
fn sample_thread() -> Value {
    serde_json::to_value(carousel_tests::ThreadFile::sample().resolved()).unwrap()
}

/// A browser with the extension, a temp HOME (so Downloads is a temp folder) and, optionally,
/// the companion installed for its profile.
struct Browser {
    client: Client,
    runtime: tokio::runtime::Runtime,
    home: tempfile::TempDir,
    _driver: Driver,
}

impl Browser {
    fn start(install: bool, dark: bool) -> Browser {
        let home = tempfile::tempdir().unwrap();
        let profile = home.path().join("profile");
        std::fs::create_dir_all(home.path().join(".config")).unwrap();
        if install {
            install_companion(&profile, home.path());
        }
        // Chromium, and the companion it starts, inherit the driver's HOME: Downloads is temp.
        let driver = Driver::start(home.path());
        let mut args = vec!["--window-size=1440,900".to_owned()];
        if dark {
            args.push("--force-dark-mode".to_owned());
            args.push("--blink-settings=preferredColorScheme=0".to_owned());
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = runtime.block_on(driver.connect(&profile, &args));
        Browser {
            client,
            runtime,
            home,
            _driver: driver,
        }
    }

    /// The companion's store (`store.json`), as the CLI and one-click read it.
    fn store(&self) -> Value {
        let path = self.home.path().join(".config/carousel-studio/store.json");
        std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(Value::Null)
    }

    /// Runs the companion's CLI with this browser's HOME (so it edits the same store).
    fn cli(&self, args: &[&str]) {
        let mut command = Command::new(companion());
        command.args(args);
        carousel_tests::home_env(&mut command, self.home.path());
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// The text of the first element matching `css` ("" when there is none).
    fn text(&self, css: &str) -> String {
        self.js(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';",
            vec![json!(css)],
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// The options of the profile select, after the "Thread author" one.
    fn profile_options(&self) -> Vec<String> {
        let value = self.js(
            "return [...document.querySelectorAll('#profile option')].slice(1).map(o => o.value);",
            vec![],
        );
        serde_json::from_value(value).unwrap()
    }

    fn downloads(&self) -> PathBuf {
        self.home.path().join("Downloads")
    }

    fn run<T>(&self, future: impl Future<Output = Result<T, fantoccini::error::CmdError>>) -> T {
        self.runtime.block_on(future).expect("WebDriver command")
    }

    fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.run(self.client.execute(script, args))
    }

    fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.run(self.client.execute_async(script, args))
    }

    /// Opens the studio with `thread` as the collected thread and no saved work.
    fn open_studio(&self, thread: &Value) {
        let url = format!("chrome-extension://{EXTENSION_ID}/studio.html");
        self.run(self.client.goto(&url));
        self.js_async(
            "const [thread, done] = arguments;
             chrome.storage.local.clear()
               .then(() => chrome.storage.local.set({lastThread: {thread, savedAt: 'now'}}))
               .then(() => done(true));",
            vec![thread.clone()],
        );
        self.run(self.client.refresh());
        self.wait_preview();
    }

    /// Waits until the preview shows slide SVGs.
    fn wait_preview(&self) {
        self.wait("the preview", || {
            let n = self.js(
                "return document.querySelectorAll('#preview .preview-frame svg').length;",
                vec![],
            );
            n.as_u64().unwrap_or(0) > 0
        });
    }

    fn wait(&self, what: &str, mut ready: impl FnMut() -> bool) {
        let start = Instant::now();
        while !ready() {
            if start.elapsed() > TIMEOUT {
                eprintln!("chips: {:?}", self.chips());
                let panic = self.js("const p = document.getElementById('panic'); return p.hidden ? '' : p.textContent;", vec![]);
                panic!("timed out waiting for {what}; page problem: {panic}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn click(&self, css: &str) {
        let element = self.run(self.client.find(Locator::Css(css)));
        self.run(element.click());
    }

    /// The outer SVG markup of preview slide `i` (0-based).
    fn preview(&self, i: usize) -> String {
        self.js(
            "const f = document.querySelector(`#preview-${arguments[0]} svg`); return f ? f.outerHTML : '';",
            vec![json!(i)],
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    fn preview_count(&self) -> usize {
        self.js(
            "return document.querySelectorAll('#preview .preview-frame svg').length;",
            vec![],
        )
        .as_u64()
        .unwrap_or(0) as usize
    }

    /// Waits until preview slide `i` satisfies `check`, returning it.
    fn preview_until(&self, what: &str, i: usize, check: impl Fn(&str) -> bool) -> String {
        let mut svg = String::new();
        self.wait(what, || {
            svg = self.preview(i);
            check(&svg)
        });
        svg
    }

    /// The kinds of the board's slides, in order ("Cover", "Post", …).
    fn kinds(&self) -> Vec<String> {
        let value = self.js(
            "return [...document.querySelectorAll('#slides .slide-card')].map(s => s.dataset.kind);",
            vec![],
        );
        serde_json::from_value(value).unwrap()
    }

    /// The chips (post cards) of each slide, as text.
    fn chips(&self) -> Vec<Vec<String>> {
        let value = self.js(
            "return [...document.querySelectorAll('#slides .slide-card')].map(s =>
               [...s.querySelectorAll('.chip-text')].map(c => c.textContent));",
            vec![],
        );
        serde_json::from_value(value).unwrap()
    }

    /// Focuses an element and presses Enter on it (a real key press, through WebDriver actions).
    fn press_enter(&self, css: &str) {
        self.js(
            "const el = document.querySelector(arguments[0]); el.scrollIntoView({block: 'center'}); el.focus();",
            vec![json!(css)],
        );
        let enter = char::from(Key::Enter);
        let keys = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: enter })
            .then(KeyAction::Up { value: enter });
        self.run(self.client.perform_actions(keys));
    }

    /// Sets an input's value as typing would (an `input` event).
    fn set_value(&self, css: &str, value: &str) {
        self.js(
            "const el = document.querySelector(arguments[0]);
             el.value = arguments[1];
             el.dispatchEvent(new Event('input', {bubbles: true}));
             el.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![json!(css), json!(value)],
        );
    }

    /// An HTML5 drag from `from` to `to` (synthetic drag events with a DataTransfer).
    fn drag(&self, from: &str, to: &str) {
        self.js(
            "const [from, to] = [...arguments].map(s => document.querySelector(s));
             const dt = new DataTransfer();
             from.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));
             return new Promise(r => setTimeout(r, 50)).then(() => {
               const target = document.querySelector(arguments[1]);
               target.dispatchEvent(new DragEvent('dragenter', {bubbles: true, dataTransfer: dt}));
               target.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));
               target.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));
               from.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: dt}));
             });",
            vec![json!(from), json!(to)],
        );
    }

    /// The working deck as the studio autosaved it.
    fn saved_deck(&self) -> Value {
        let board = self.js_async(
            "const done = arguments[0];
             chrome.storage.local.get('studioBoard').then(r => done(r.studioBoard ?? null));",
            vec![],
        );
        board["deck"].clone()
    }

    fn wait_saved(&self) {
        self.wait("the autosave", || {
            self.js(
                "return document.getElementById('save-status').textContent;",
                vec![],
            ) == json!("All changes saved")
        });
    }

    fn screenshot(&self, name: &str, width: u32, height: u32) {
        self.run(self.client.set_window_size(width, height));
        // WebDriver's Set Window Rect returns once the window has its new size; the page has
        // laid itself out at that size when two frames have been drawn since.
        self.js_async(
            "const done = arguments[arguments.length - 1]; \
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        );
        let png = self.run(self.client.screenshot());
        // Tests change no tracked file: `cargo xtask screenshots` copies these into docs/.
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("screenshots")
            .join(format!("studio-{name}.png"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, png).unwrap();
        self.run(self.client.set_window_size(1440, 900));
    }

    fn close(self) {
        let _ = self.runtime.block_on(self.client.close());
    }
}

fn attr(svg: &str, name: &str) -> String {
    let text = xml(svg);
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {svg:.300}"));
    doc.root_element()
        .attribute(name)
        .unwrap_or_default()
        .to_owned()
}

/// The text of an inline SVG without whitespace: words wrapped over lines still read whole.
fn words(svg: &str) -> String {
    let text = xml(svg);
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {svg:.300}"));
    doc.descendants()
        .filter(|n| n.is_text())
        .flat_map(|n| n.text().unwrap_or_default().chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The HTML serialisation of an inline SVG as XML (`&nbsp;` is the one HTML-only entity).
fn xml(svg: &str) -> String {
    svg.replace("&nbsp;", "&#160;")
}

/// A canonical form of an SVG document: elements, sorted attributes and text, so the DOM's
/// serialisation and the layout's string compare equal when they are the same document.
fn canonical(svg: &str) -> String {
    fn walk(node: roxmltree::Node<'_, '_>, out: &mut String) {
        if node.is_text() {
            let text = node.text().unwrap_or_default();
            if !text.trim().is_empty()
                || node
                    .parent()
                    .is_some_and(|p| p.has_tag_name("text") || p.has_tag_name("tspan"))
            {
                out.push_str(&format!("{text:?}"));
            }
            return;
        }
        if !node.is_element() {
            return;
        }
        let mut attributes: Vec<String> = node
            .attributes()
            .map(|a| {
                format!(
                    "{}:{}={:?}",
                    a.namespace().unwrap_or(""),
                    a.name(),
                    a.value()
                )
            })
            .collect();
        attributes.sort();
        out.push_str(&format!(
            "<{} {}>",
            node.tag_name().name(),
            attributes.join(" ")
        ));
        for child in node.children() {
            walk(child, out);
        }
        out.push_str("</>");
    }
    let text = xml(svg);
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {svg:.300}"));
    let mut out = String::new();
    walk(doc.root_element(), &mut out);
    out
}

#[test]
fn the_studio_designs_arranges_exports_and_keeps_the_work() {
    if !carousel_tests::browser_available() {
        return;
    }
    let browser = Browser::start(true, false);
    // A profile made with the CLI: the studio lists it from the companion's store.
    browser.cli(&[
        "profile", "add", "Seeded", "--name", "Seed Co", "--handle", "seedco",
    ]);
    let mut thread = sample_thread();
    // As the service worker stores it: photos inlined but not yet looked at (the studio
    // analyses them itself, below).
    for post in thread["posts"].as_array_mut().unwrap() {
        post.as_object_mut().unwrap().remove("framing");
    }
    let posts = thread["posts"].as_array().unwrap().len();
    browser.open_studio(&thread);
    browser.wait("the store's profiles", || {
        browser.profile_options() == ["Seeded"]
    });
    assert!(
        browser
            .text("#library-status")
            .contains("kept by the companion"),
        "{}",
        browser.text("#library-status")
    );

    // The board is the default template's deck: cover, one slide per further post, outro.
    let mut expected = vec!["Cover".to_owned()];
    expected.extend(std::iter::repeat_n("Post".to_owned(), posts - 1));
    expected.push("Outro".to_owned());
    assert_eq!(browser.kinds(), expected);
    let first = browser.preview(0);
    assert_eq!(
        (attr(&first, "width"), attr(&first, "height")),
        ("1080".into(), "1350".into())
    );
    browser.screenshot("wide-light", 1440, 900);
    browser.screenshot("narrow-light", 420, 900);
    // A narrow window shows one column at a time, switched with the tabs.
    browser.run(browser.client.set_window_size(420, 900));
    browser.click(".pane-tabs [data-pane='preview']");
    let display = |id: &str| {
        browser.js(
            "return getComputedStyle(document.getElementById(arguments[0])).display;",
            vec![json!(id)],
        )
    };
    browser.wait("the preview pane alone", || {
        display("pane-design") == json!("none") && display("pane-preview") != json!("none")
    });
    browser.screenshot("narrow-preview-light", 420, 900);
    // Wide again: all three columns, whatever the tab, and no tabs.
    browser.wait("three columns", || display("pane-design") != json!("none"));
    let tabs = browser.js(
        "return getComputedStyle(document.querySelector('.pane-tabs')).display;",
        vec![],
    );
    assert_eq!(tabs, json!("none"), "the tabs are for narrow windows only");

    // Canvas & ratio.
    browser.click("[data-ratio='linkedin-square']");
    let svg = browser.preview_until("a square preview", 0, |s| attr(s, "height") == "1080");
    assert_eq!(attr(&svg, "width"), "1080");

    // Theme: the background rect takes the theme's colour.
    browser.click("[data-theme='midnight']");
    browser.preview_until("the midnight background", 0, |s| {
        s.contains("fill=\"#0f172a\"")
    });

    // Typography: header & footer 12 → 16 reference px is 36 → 48 px on a 1080 canvas.
    assert!(browser.preview(0).contains("font-size=\"36\""));
    browser.set_value("#chrome-size", "16");
    browser.preview_until("48 px handles", 0, |s| s.contains("font-size=\"48\""));
    let value = browser.js(
        "return document.querySelector('#chrome-size + output').textContent;",
        vec![],
    );
    assert_eq!(value, json!("16px"));

    // Line height: the body's lines move apart (the line advance is in the text's y values).
    // (Slide 2 holds one short line: slide 3 shows it.)
    let before = browser.preview(2);
    browser.set_value("#line-height", "1.8");
    browser.preview_until("a taller line height", 2, |s| s != before);
    assert_eq!(browser.text("#line-height + output"), "1.80×");

    // Override the rules for one post slide: shown as code, its preview switches to the mono
    // font, and the autosaved deck keeps the choice.
    let shaped = browser
        .js(
            "return Number(document.querySelector('.slide-card .slide-shape').closest('.slide-card').dataset.slide);",
            vec![],
        )
        .as_u64()
        .expect("a post slide offers a shape") as usize;
    let mono = |browser: &Browser| {
        (0..browser.preview_count()).any(|i| {
            browser
                .preview(i)
                .contains("font-family=\"JetBrains Mono\"")
        })
    };
    assert!(!mono(&browser), "no slide of the sample is code by itself");
    browser.set_value(
        &format!(".slide-card[data-slide='{shaped}'] .slide-shape"),
        "code",
    );
    browser.wait("the slide shown as code", || mono(&browser));
    browser.wait("the shape saved", || {
        browser.saved_deck()["slides"][shaped]["shape"] == json!("code")
    });
    // Back to the rules: the slide is as the thread made it again (so the template switch
    // below still rebuilds the untouched slides).
    browser.set_value(
        &format!(".slide-card[data-slide='{shaped}'] .slide-shape"),
        "auto",
    );
    browser.wait("the slide back to its own shape", || !mono(&browser));
    browser.wait("the automatic shape saved", || {
        browser.saved_deck()["slides"][shaped]
            .get("shape")
            .is_none()
    });

    // Pattern.
    let before = browser.preview(1);
    browser.click("[data-pattern='grid']");
    browser.preview_until("a pattern", 1, |s| s != before && s.contains("s1-"));

    // Outro CTA #3 with its own headline.
    // The outro is the last slide (long posts may continue on extra slides).
    let last = browser.preview_count() - 1;
    browser.click("[data-cta='link']");
    browser.set_value("#cta-headline", "Read more");
    browser.preview_until("the CTA headline", last, |s| s.contains("Read more"));

    // The store's profile applies its identity.
    browser.set_value("#profile", "Seeded");
    browser.preview_until("the seeded profile", 1, |s| s.contains("@seedco"));

    // Brand kit: identity, font, an accent and a pattern colour (confetti shows it).
    browser.set_value("#brand-name", "Acme Studio");
    browser.set_value("#brand-handle", "acmestudio");
    browser.preview_until("the brand handle", 1, |s| s.contains("@acmestudio"));
    browser.set_value("#brand-font", "JetBrains Mono");
    browser.preview_until("the brand font", 1, |s| {
        s.contains("font-family=\"JetBrains Mono\"")
    });
    browser.set_value("#brand-color-0", "#ff5500");
    browser.preview_until("the brand accent", 1, |s| s.contains("#ff5500"));
    browser.click("#add-brand-color");
    browser.wait("a second colour", || {
        browser.js("return !!document.getElementById('brand-color-1');", vec![]) == json!(true)
    });
    browser.set_value("#brand-color-1", "#00aa55");
    browser.click("[data-pattern='confetti']");
    browser.preview_until("the pattern colour", 1, |s| s.contains("#00aa55"));

    // Save it as a profile: it lands in the companion's store, then switch away and back.
    browser.set_value("#profile-name", "Acme");
    browser.click("#save-profile");
    browser.wait("the profile in store.json", || {
        browser.store()["profiles"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p["name"] == "Acme"))
    });
    let acme = browser.store()["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Acme")
        .cloned()
        .unwrap();
    assert_eq!(acme["display_name"], "Acme Studio", "{acme}");
    assert_eq!(acme["font"], "JetBrains Mono", "{acme}");
    assert_eq!(acme["colors"], json!(["#ff5500", "#00aa55"]), "{acme}");
    browser.wait("both profiles listed", || {
        browser.profile_options() == ["Seeded", "Acme"]
    });
    browser.set_value("#profile", "");
    browser.preview_until("the author's handle", 1, |s| !s.contains("@acmestudio"));
    browser.set_value("#profile", "Acme");
    browser.preview_until("the profile again", 1, |s| s.contains("@acmestudio"));

    // A preset, made the one-click default: the store has it with its profile.
    browser.set_value("#preset-name", "Client look");
    browser.js("document.getElementById('preset-default').click();", vec![]);
    browser.click("#save-preset");
    browser.wait("the default preset in store.json", || {
        browser.store()["default_preset"] == "Client look"
    });
    let store = browser.store();
    let preset = &store["presets"][0];
    assert_eq!(
        (&preset["profile"], &preset["theme"], &preset["pattern"]),
        (&json!("Acme"), &json!("midnight"), &json!("confetti")),
        "{preset}"
    );
    assert_eq!(preset["typography"]["line_height"], json!(1.8), "{preset}");
    browser.wait("the default badge", || {
        browser.text("[data-preset='Client look'] .badge") == "One-click default"
    });
    // The CLI sees the same presets.
    browser.cli(&["preset", "list"]);
    // Applying the preset brings its look back.
    browser.click("[data-theme='paper']");
    browser.preview_until("another theme", 0, |s| !s.contains("fill=\"#0f172a\""));
    browser.click("[data-preset='Client look'] [data-action='apply']");
    browser.preview_until("the preset's theme", 0, |s| s.contains("fill=\"#0f172a\""));
    // A profile a preset uses cannot be deleted: the studio says why and keeps it.
    browser.set_value("#profile", "Acme");
    browser.click("#delete-profile");
    browser.wait("the refusal", || {
        browser.text("#library-error").contains("Client look")
    });
    assert!(browser.profile_options().contains(&"Acme".to_owned()));
    // The seeded profile can go, from the store too.
    browser.set_value("#profile", "Seeded");
    browser.click("#delete-profile");
    browser.wait("the seeded profile gone from store.json", || {
        browser.store()["profiles"]
            .as_array()
            .is_some_and(|p| p.len() == 1 && p[0]["name"] == "Acme")
    });
    browser.set_value("#profile", "Acme");
    browser.preview_until("the kept profile", 1, |s| s.contains("@acmestudio"));
    browser.js(
        "document.getElementById('brand-colors').scrollIntoView({block: 'start'});",
        vec![],
    );
    browser.screenshot("brand-kit-light", 1440, 900);

    // Template: tweet cards have no cover (the slides were not rearranged, so they follow).
    browser.click("[data-template='tweet-card']");
    browser.wait("the tweet-card structure", || {
        browser.kinds().first().map(String::as_str) == Some("Post")
    });
    assert!(!browser.kinds().contains(&"Cover".to_owned()));

    // Drag a card onto slide 1 (append), then drag slide 3 to the top.
    let card = thread["posts"][posts - 1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let chips_before = browser.chips();
    browser.drag(
        &format!(".card[data-post='{card}']"),
        ".slide-card[data-slide='0'] [data-drop='append']",
    );
    browser.wait("the dropped card", || {
        browser.chips()[0].len() == chips_before[0].len() + 1
    });
    let chips = browser.chips();
    browser.drag(".slide-card[data-slide='2']", ".slide-card[data-slide='0']");
    browser.wait("the reordered slides", || browser.chips()[0] == chips[2]);
    assert_eq!(browser.chips()[1], chips[0]);

    // The keyboard path: select a card, add it to slide 2, move slide 2 down, with keys only.
    // (Slide 2 now holds posts 1 and the last one: add post 2, which it does not hold.)
    let card = thread["posts"][1]["id"].as_str().unwrap().to_owned();
    browser.press_enter(&format!(".card[data-post='{card}'] .select-card"));
    let chips = browser.chips();
    browser.press_enter(".slide-card[data-slide='1'] [data-action='add-here']");
    browser.wait("the card added by keyboard", || {
        browser.chips()[1].len() == chips[1].len() + 1
    });
    let with_card = browser.chips()[1].clone();
    browser.press_enter(".slide-card[data-slide='1'] [data-action='down']");
    browser.wait("the slide moved by keyboard", || {
        browser.chips()[2] == with_card
    });

    // Undo (Ctrl+Z) puts the slide back; redo moves it again.
    browser.js("document.activeElement.blur();", vec![]);
    browser.js(
        "window.dispatchEvent(new KeyboardEvent('keydown', {key: 'z', ctrlKey: true}));",
        vec![],
    );
    browser.wait("undo", || browser.chips()[1] == with_card);
    browser.click("#redo");
    browser.wait("redo", || browser.chips()[2] == with_card);

    // Edit a slide's text in place.
    browser.set_value(".slide-card[data-slide='0'] .slide-text", "Edited here");
    browser.preview_until("the edited text", 0, |s| s.contains("Edited here"));

    browser.screenshot("wide-edited-light", 1440, 900);

    // Photos: the studio looks at each one itself, so its preview frames them as the export
    // will. The sample's photo is a chart: shown whole, not cropped.
    let (slide, post_id) = {
        let found = browser.js(
            "const el = document.querySelector('.slide-card .slide-photo');
             return el ? [Number(el.closest('.slide-card').dataset.slide), el.dataset.post] : null;",
            vec![],
        );
        let found: (usize, String) = serde_json::from_value(found).expect("a slide with a photo");
        found
    };
    // The board's slide may be shown on a later preview page (a post before it can continue).
    let card = format!(".slide-card[data-slide='{slide}']");
    let framing = |browser: &Browser| {
        let deck = browser.saved_deck();
        let post = deck["posts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == json!(post_id))
            .cloned()
            .unwrap();
        post["framing"][0].clone()
    };
    browser.wait("the chart analysed", || {
        framing(&browser)["analysis"]["graphic"] == json!(true)
    });
    let whole = r#"preserveAspectRatio="xMidYMid meet""#;
    let mut page = None;
    browser.wait("the chart shown whole", || {
        page = (0..browser.preview_count()).find(|&i| browser.preview(i).contains(whole));
        page.is_some()
    });
    let slide = page.unwrap();
    // The user asks for a crop, then centres it on the photo's left edge.
    browser.set_value(&format!("{card} .photo-fit"), "fill");
    let centred = browser.preview_until("the chart cropped", slide, |s| {
        !s.contains(whole) && s.contains(r#"preserveAspectRatio="none""#)
    });
    browser.js(
        "const el = document.querySelector(arguments[0]);
         el.scrollIntoView({block: 'center'});
         const r = el.getBoundingClientRect();
         el.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + 1, clientY: r.top + r.height / 2}));",
        vec![json!(format!("{card} .photo-focus"))],
    );
    browser.preview_until("the crop moved", slide, |s| s != centred);
    browser.wait("the framing saved", || {
        let framing = framing(&browser);
        framing["fit"] == json!("fill") && framing["focus"]["x"].as_f64().is_some_and(|x| x < 0.05)
    });
    browser.set_value(&format!("{card} .photo-fit"), "auto");
    browser.preview_until("the chart whole again", slide, |s| s.contains(whole));

    // The post text: written from the deck, copied with one click, edited and kept.
    browser.click("#post-text > summary");
    let value = |id: &str| {
        browser
            .js(
                "return document.getElementById(arguments[0]).value;",
                vec![json!(id)],
            )
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let instagram = value("post-text-instagram");
    assert!(
        instagram.contains("From a thread by @"),
        "the caption credits the thread: {instagram}"
    );
    let alt = value("post-text-alt");
    assert_eq!(alt.lines().count(), browser.preview_count(), "{alt}");
    assert!(alt.starts_with("01: "), "{alt}");
    browser.click("#post-text-linkedin-copy");
    browser.wait("the caption copied", || {
        browser.text("#post-text-linkedin-copy") == "Copied"
    });
    let own = "My own caption for this carousel.";
    browser.set_value("#post-text-linkedin", own);
    browser.wait("the edited caption saved", || {
        browser.saved_deck()["post_text"]["linkedin"] == json!(own)
    });
    browser.wait("the way back to the written caption", || {
        browser.text("#post-text-linkedin-reset") == "Use the written text"
    });

    // Export: the PDF has one page per preview slide.
    browser.wait_saved();
    let slides = browser.preview_count();
    browser.set_value("#platform", "linkedin");
    browser.click("#export");
    // LinkedIn's PDF and the post text that goes with it.
    browser.wait("the saved files", || {
        browser.js(
            "return document.querySelectorAll('#export-files li').length;",
            vec![],
        ) == json!(2)
    });
    let mut files: Vec<PathBuf> = std::fs::read_dir(browser.downloads())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    let pdf = files
        .iter()
        .find(|f| f.extension().is_some_and(|e| e == "pdf"))
        .unwrap_or_else(|| panic!("a PDF among {files:?}"));
    let post_text = files
        .iter()
        .find(|f| f.to_string_lossy().ends_with("-post.txt"))
        .unwrap_or_else(|| panic!("a post text among {files:?}"));
    let post_text = std::fs::read_to_string(post_text).unwrap();
    assert!(
        post_text.starts_with(&format!(
            "LinkedIn caption\n\n{own}\n\nInstagram caption\n\n"
        )),
        "the edited caption is what was saved: {post_text}"
    );
    assert!(post_text.contains(&instagram), "{post_text}");
    assert_eq!(pdf_pages(pdf), slides);

    // The preview is the export: the companion's SVG of the saved deck equals the page's.
    let deck = browser.saved_deck();
    let previews: Vec<String> = (0..slides).map(|i| browser.preview(i)).collect();
    let work = tempfile::tempdir().unwrap();
    let deck_path = work.path().join("deck.json");
    std::fs::write(&deck_path, serde_json::to_vec(&deck).unwrap()).unwrap();
    let svg_dir = work.path().join("svg");
    let output = Command::new(companion())
        .arg("render")
        .arg(&deck_path)
        .args(["--platform", "linkedin", "--out"])
        .arg(work.path().join("out"))
        .arg("--svg")
        .arg(&svg_dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "render: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    for (i, preview) in previews.iter().enumerate() {
        let file = svg_dir.join(format!("{:02}.svg", i + 1));
        let exported =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(
            canonical(preview),
            canonical(&exported),
            "slide {} differs",
            i + 1
        );
    }
    assert!(!svg_dir.join(format!("{:02}.svg", slides + 1)).exists());

    // Reload: the deck comes back intact.
    let kinds = browser.kinds();
    let chips = browser.chips();
    browser.run(browser.client.refresh());
    browser.wait_preview();
    browser.wait("the restored board", || browser.kinds() == kinds);
    assert_eq!(browser.chips(), chips);
    // The brand kit knows the board's brand is profile Acme.
    browser.wait("the profile selected again", || {
        browser.js("return document.getElementById('profile').value;", vec![]) == json!("Acme")
    });
    for (i, preview) in previews.iter().enumerate() {
        assert_eq!(
            canonical(&browser.preview(i)),
            canonical(preview),
            "slide {} after reload",
            i + 1
        );
    }

    // Another thread collected while the studio is open: the board stays, a banner offers it.
    let mut other = thread.clone();
    other["url"] = json!("https://x.com/someone/status/42");
    let other_posts: Vec<Value> = other["posts"].as_array().unwrap()[..3]
        .iter()
        .enumerate()
        .map(|(i, post)| {
            let mut post = post.clone();
            post["id"] = json!(format!("42{i}"));
            post["text"] = json!(format!("A different thread, post {}", i + 1));
            post
        })
        .collect();
    other["posts"] = json!(other_posts);
    let collect = |thread: &Value| {
        browser.js_async(
            "const [thread, done] = arguments;
             chrome.storage.local.set({lastThread: {thread, savedAt: 'later'}}).then(() => done(true));",
            vec![thread.clone()],
        );
    };
    collect(&other);
    browser.wait("the new-thread banner", || {
        browser.js("return !!document.getElementById('new-thread');", vec![]) == json!(true)
    });
    assert_eq!(browser.kinds(), kinds, "the board is untouched");
    browser.click("#start-new-thread");
    browser.preview_until("the new thread", 0, |s| s.contains("A different thread"));
    // Undo brings the previous carousel back.
    browser.click("#undo");
    browser.wait("the previous board", || browser.chips() == chips);

    // Opened after collecting another thread, the studio starts from it (one Undo away).
    collect(&thread);
    browser.wait_saved();
    collect(&other);
    browser.run(browser.client.refresh());
    browser.wait_preview();
    browser.preview_until("the collected thread", 0, |s| {
        s.contains("A different thread")
    });
    assert!(
        browser.text("#notice").contains("Undo"),
        "{}",
        browser.text("#notice")
    );
    browser.click("#undo");
    browser.wait("the previous board again", || browser.chips() == chips);
    browser.close();
}

#[test]
fn without_the_companion_export_explains_the_install_and_keeps_the_work() {
    if !carousel_tests::browser_available() {
        return;
    }
    let browser = Browser::start(false, true);
    let thread = sample_thread();
    browser.open_studio(&thread);
    browser.screenshot("wide-dark", 1440, 900);
    browser.screenshot("narrow-dark", 420, 900);
    browser.set_value(
        ".slide-card[data-slide='1'] .slide-text",
        "Kept while the companion is away",
    );
    browser.wait_saved();
    browser.click("#export");
    browser.wait("the install message", || {
        browser
            .js(
                "const e = document.getElementById('export-error'); return e ? e.textContent : '';",
                vec![],
            )
            .as_str()
            .is_some_and(|t| t.contains("carousel-studio install"))
    });
    let text = browser.js(
        "return document.getElementById('export-error').textContent;",
        vec![],
    );
    assert!(text.as_str().unwrap().contains("not installed"), "{text}");
    browser.screenshot("export-missing-dark", 1440, 900);
    // Profiles and presets say where they are kept, and a profile saved now waits its turn.
    browser.wait("the library's install note", || {
        browser
            .text("#library-status")
            .contains("carousel-studio install")
    });
    browser.set_value("#brand-name", "Offline Co");
    browser.set_value("#profile-name", "Offline");
    browser.click("#save-profile");
    browser.wait("the waiting profile", || {
        browser.profile_options() == ["Offline"]
    });
    browser.wait("the waiting count", || {
        browser.text("#library-status").contains("1 change(s)")
    });
    // Nothing was lost.
    browser.run(browser.client.refresh());
    browser.wait_preview();
    // (Set large as a short post, the text may wrap: compare it without spaces.)
    browser.preview_until("the kept text", 1, |s| {
        words(s).contains("Keptwhilethecompanionisaway")
    });
    browser.wait("the profile still waiting", || {
        browser.profile_options() == ["Offline"]
    });
    let queue = browser.js_async(
        "const done = arguments[0];
         chrome.storage.local.get('studioLibraryQueue').then(r => done(r.studioLibraryQueue ?? null));",
        vec![],
    );
    assert_eq!(queue[0]["profile"]["name"], "Offline", "{queue}");
    browser.close();
}
