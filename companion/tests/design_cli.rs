//! End-to-end tests of the design-system commands: `render`'s design flags, presets and
//! profiles, deck input, `list`, `profile …`, `preset …`, `contact-sheet`, and their errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use model::{Deck, Design, Thread};
use tempfile::TempDir;

const PNG_1PX: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44, 0x41, 0x54,
    0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0, 5, 0, 1, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0, 0,
    0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A temporary home (with its config folder) for one test.
struct Home {
    dir: TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn store(&self) -> PathBuf {
        self.path().join(".config/carousel-studio/store.json")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_carousel-studio"))
            .args(args)
            .current_dir(self.path())
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join(".config"))
            .env_remove("USERPROFILE")
            .output()
            .expect("the binary runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "{args:?} failed: {}",
            stderr(&output)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs a command expected to fail; returns its one-line error.
    fn fails(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(output.stdout.is_empty(), "{args:?} printed on stdout");
        let err = stderr(&output);
        let errors: Vec<_> = err.lines().filter(|l| l.starts_with("error")).collect();
        assert_eq!(errors.len(), 1, "{args:?}: {err}");
        errors[0].to_owned()
    }

    /// Renders into `out/` with `--svg svg/` and returns the slides' SVGs.
    fn render_svgs(&self, args: &[&str]) -> (Vec<String>, String) {
        let svg_dir = self.path().join("svg");
        let _ = std::fs::remove_dir_all(&svg_dir);
        let mut all = vec![
            "render",
            "--out",
            "out",
            "--svg",
            "svg",
            "--platform",
            "linkedin",
        ];
        all.extend_from_slice(args);
        let output = self.run(&all);
        assert!(output.status.success(), "{all:?}: {}", stderr(&output));
        let mut files: Vec<_> = std::fs::read_dir(&svg_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let svgs = files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect();
        (svgs, stderr(&output))
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn list_prints_one_accepted_name_per_line() {
    let home = Home::new();
    let themes = home.ok(&["list", "themes"]);
    let themes: Vec<&str> = themes.lines().collect();
    assert!(themes.len() >= 10 && themes.contains(&"paper") && themes.contains(&"x"));
    for (what, expect) in [
        ("templates", "tweet-card"),
        ("ratios", "story"),
        ("patterns", "topographic"),
        ("fonts", "JetBrains Mono"),
        ("ctas", "engage"),
    ] {
        let out = home.ok(&["list", what]);
        assert!(out.lines().any(|l| l == expect), "{what}: {out}");
        assert!(out.lines().all(|l| !l.trim().is_empty() && l.trim() == l));
    }
    assert_eq!(home.ok(&["list", "ctas"]), "follow\nengage\nlink\n");
    let err = home.fails(&["list", "colours"]);
    assert!(
        err.contains("\"colours\"") && err.contains("themes, templates"),
        "{err}"
    );
}

#[test]
fn design_flags_change_the_slides() {
    let home = Home::new();
    let (svgs, err) = home.render_svgs(&[
        "--sample",
        "--ratio",
        "story",
        "--theme",
        "midnight",
        "--template",
        "tweet-card",
        "--pattern",
        "dots",
        "--font",
        "serif",
        "--align",
        "center",
        "--cta",
        "link",
        "--cta-headline",
        "Read the docs",
        "--cta-button",
        "Open",
        "--cta-url",
        "https://example.com/docs",
        "--brand-placement",
        "footer",
        "--no-slide-numbers",
        "--no-swipe-hint",
        "--title-size",
        "99",
    ]);
    assert!(
        svgs[0].contains(r#"width="1080" height="1920""#),
        "story size"
    );
    assert!(svgs[0].contains("#0f172a"), "midnight background");
    assert!(svgs[1].contains("Noto Serif"), "the serif font");
    let outro = svgs.last().unwrap();
    // Lines may wrap anywhere between words.
    assert!(
        outro.contains(">Read") && outro.contains(">Open<"),
        "{outro}"
    );
    assert!(!svgs[1].contains("Swipe"), "no swipe hint");
    assert!(
        err.contains("warning: title size 99 is outside 20–64; using 64"),
        "{err}"
    );
    // The template makes the slides: tweet cards have no cover.
    let (default_svgs, _) = home.render_svgs(&["--sample"]);
    assert_ne!(svgs.len(), 0);
    assert_ne!(svgs[0], default_svgs[0]);
}

#[test]
fn a_deck_of_text_slides_only_renders_without_a_profile() {
    let home = Home::new();
    let deck = home.path().join("notes.json");
    std::fs::write(
        &deck,
        r#"{"deck_version": 1, "posts": [], "slides": [
            {"kind": "text", "title": "Three rules", "body": "Ship small. Measure. Repeat."},
            {"kind": "outro"}]}"#,
    )
    .unwrap();
    let (svgs, _) = home.render_svgs(&[deck.to_str().unwrap()]);
    assert_eq!(svgs.len(), 2);
    assert!(svgs[0].contains("Three"), "the slide's own text");
    assert!(
        !svgs[0].contains("header-avatar"),
        "no one to show in the header"
    );
}

#[test]
fn bad_design_values_name_the_value_and_the_list() {
    let home = Home::new();
    for (flag, value, list) in [
        ("--theme", "neon", "themes"),
        ("--ratio", "a4", "ratios"),
        ("--template", "grid", "templates"),
        ("--pattern", "plaid", "patterns"),
        ("--font", "Comic Sans", "fonts"),
        ("--cta", "buy", "ctas"),
    ] {
        let args = ["render", "--sample", "--out", "out", flag, value];
        let err = home.fails(&args);
        assert!(
            err.contains(&format!("\"{value}\"")) && err.contains(&format!("list {list}")),
            "{flag}: {err}"
        );
        // A usage error, as the README says (and as clap's own are).
        assert_eq!(home.run(&args).status.code(), Some(2), "{flag}");
    }
    let err = home.fails(&["render", "--sample", "--brand-placement", "top"]);
    assert!(err.contains("header, footer, both, none"), "{err}");
    let err = home.fails(&["render", "--sample", "--align", "justify"]);
    assert!(err.contains("start, center"), "{err}");
    assert!(!home.path().join("out").exists(), "nothing written");
}

#[test]
fn profiles_and_presets_are_stored_and_used() {
    let home = Home::new();
    std::fs::write(home.path().join("logo.png"), PNG_1PX).unwrap();
    home.ok(&[
        "profile",
        "add",
        "acme",
        "--name",
        "Acme Studio",
        "--handle",
        "@acme",
        "--avatar",
        "logo.png",
        "--website",
        "acme.example",
        "--color",
        "#FF5500",
        "--brand-placement",
        "both",
    ]);
    let store = std::fs::read_to_string(home.store()).unwrap();
    assert!(store.contains("\"schema\": 1"), "{store}");
    assert!(store.contains("data:image/png;base64,"), "avatar embedded");
    assert!(store.contains("#ff5500"));
    assert_eq!(home.ok(&["profile", "list"]), "acme\n");
    let err = home.fails(&["profile", "add", "ACME"]);
    assert!(
        err.contains("already exists") && err.contains("--replace"),
        "{err}"
    );
    let err = home.fails(&["profile", "add", "bad", "--avatar", "missing.png"]);
    assert!(err.contains("--avatar missing.png"), "{err}");

    home.ok(&[
        "preset",
        "add",
        "night",
        "--theme",
        "midnight",
        "--ratio",
        "linkedin-square",
        "--profile",
        "acme",
    ]);
    home.ok(&["preset", "add", "plain", "--theme", "editorial"]);
    let err = home.fails(&["preset", "add", "other", "--profile", "nobody"]);
    assert!(err.contains("no profile named \"nobody\""), "{err}");
    let err = home.fails(&["preset", "default", "nope"]);
    assert!(err.contains("preset list"), "{err}");
    home.ok(&["preset", "default", "night"]);
    assert_eq!(home.ok(&["preset", "list"]), "night (default)\nplain\n");

    // The default preset applies with no --preset: its theme, ratio and profile.
    let (svgs, _) = home.render_svgs(&["--sample"]);
    assert!(svgs[0].contains(r#"width="1080" height="1080""#));
    assert!(svgs[0].contains("#0f172a") && svgs[0].contains("@acme"));
    assert!(
        svgs[0].contains("Thread by"),
        "the profile credits the author"
    );
    // --preset replaces the default; --profile and flags come on top.
    let (svgs, _) = home.render_svgs(&["--sample", "--preset", "plain"]);
    assert!(svgs[0].contains("#faf7f2") && !svgs[0].contains("@acme"));
    let (svgs, _) = home.render_svgs(&["--sample", "--preset", "plain", "--profile", "acme"]);
    assert!(svgs[0].contains("#faf7f2") && svgs[0].contains("@acme"));
    let (svgs, _) = home.render_svgs(&["--sample", "--theme", "x"]);
    assert!(svgs[0].contains("#000000") && svgs[0].contains("@acme"));
    let err = home.fails(&["render", "--sample", "--preset", "nope"]);
    assert!(err.contains("no preset named \"nope\""), "{err}");

    // Export, remove, import, clash.
    let json = home.ok(&["preset", "export", "night"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["theme"], "midnight");
    assert_eq!(value["profile"], "acme");
    let file = home.ok(&["profile", "export", "acme", "--out", "acme.json"]);
    assert!(Path::new(file.trim()).is_absolute());
    std::fs::write(home.path().join("night.json"), &json).unwrap();
    home.ok(&["preset", "remove", "night"]);
    assert_eq!(home.ok(&["preset", "list"]), "plain\n", "default unset");
    home.ok(&["preset", "import", "night.json"]);
    let err = home.fails(&["preset", "import", "night.json"]);
    assert!(err.contains("already exists"), "{err}");
    home.ok(&["preset", "import", "night.json", "--replace"]);
    let output = home.run(&["profile", "remove", "acme"]);
    assert!(output.status.success());
    assert!(
        stderr(&output).contains("night"),
        "warns about presets using it"
    );
    home.ok(&["profile", "import", "acme.json"]);
    assert_eq!(home.ok(&["profile", "list"]), "acme\n");
    assert!(home.store().with_file_name("store.json.bak").exists());
}

#[test]
fn a_corrupt_store_is_never_replaced() {
    let home = Home::new();
    std::fs::create_dir_all(home.store().parent().unwrap()).unwrap();
    let text = "{\"schema\": 1, \"profiles\": [\n  {\"name\": \"a\"\n]}";
    std::fs::write(home.store(), text).unwrap();
    for args in [
        &["profile", "add", "b"][..],
        &["preset", "add", "p"],
        &["preset", "default", "p"],
        &["profile", "list"],
    ] {
        let err = home.fails(args);
        assert!(
            err.contains("store.json") && err.contains("line 3"),
            "{err}"
        );
        // No save ever made a backup, so none is named.
        assert!(!err.contains("store.json.bak"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(home.store()).unwrap(), text);
    // Rendering without stored settings goes on, with a warning.
    let (_, err) = home.render_svgs(&["--sample"]);
    assert!(
        err.contains("warning: not using the default preset"),
        "{err}"
    );
    let err = home.fails(&["render", "--sample", "--profile", "a"]);
    assert!(err.contains("not a valid store"), "{err}");
}

#[test]
fn unknown_store_fields_survive_cli_edits() {
    let home = Home::new();
    std::fs::create_dir_all(home.store().parent().unwrap()).unwrap();
    std::fs::write(
        home.store(),
        r#"{"schema": 1, "future": [1, 2], "profiles": [{"name": "a", "mood": "calm"}]}"#,
    )
    .unwrap();
    home.ok(&["profile", "add", "b", "--handle", "b"]);
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(home.store()).unwrap()).unwrap();
    assert_eq!(saved["future"][1], 2);
    assert_eq!(saved["profiles"][0]["mood"], "calm");
}

fn write_deck(dir: &Path, deck: &Deck) -> PathBuf {
    let path = dir.join("deck.json");
    std::fs::write(&path, serde_json::to_string_pretty(deck).unwrap()).unwrap();
    path
}

fn two_post_thread() -> Thread {
    serde_json::from_value(serde_json::json!({
        "url": "https://x.com/ada_l/status/11",
        "posts": [
            {"id": "11", "author": {"name": "Ada", "handle": "ada_l", "avatar": "img/avatar.png"},
             "text": "A deck's first post, with a photo.", "links": [], "images": ["img/photo.png"]},
            {"id": "12", "author": {"name": "Ada", "handle": "ada_l"},
             "text": "And a second one.", "links": [], "images": []}
        ]
    }))
    .unwrap()
}

#[test]
fn decks_render_with_their_design_and_relative_images() {
    let home = Home::new();
    let dir = home.path().join("decks");
    std::fs::create_dir_all(dir.join("img")).unwrap();
    std::fs::write(dir.join("img/avatar.png"), PNG_1PX).unwrap();
    std::fs::write(dir.join("img/photo.png"), PNG_1PX).unwrap();
    let mut design = Design {
        theme: model::ThemeName::from_name("forest").unwrap(),
        ..Design::default()
    };
    design.brand.logo = Some("img/avatar.png".into());
    design.brand.name = Some("Forest Co".into());
    let mut deck = Deck::from_thread(&two_post_thread(), &design);
    deck.slides.insert(
        1,
        model::DeckSlide::Text {
            title: "Interlude".into(),
            text: "Words of my own".into(),
        },
    );
    let path = write_deck(&dir, &deck);
    let path = path.to_str().unwrap();
    let (svgs, err) = home.render_svgs(&[path]);
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(svgs.len(), deck.slides.len());
    assert!(svgs[0].contains("#0b3d2e"), "the deck's theme");
    assert!(svgs[1].contains("Interlude"));
    assert!(
        svgs[0].contains("data:image/png;base64,"),
        "images resolved"
    );
    // Flags override the deck's design; a stored default preset does not.
    home.ok(&["preset", "add", "p", "--theme", "citrus"]);
    home.ok(&["preset", "default", "p"]);
    let (svgs, _) = home.render_svgs(&[path]);
    assert!(svgs[0].contains("#0b3d2e"));
    let (svgs, _) = home.render_svgs(&[path, "--theme", "x"]);
    assert!(svgs[0].contains("#000000"));
    // Files are named after the first post, as for threads.
    let out = home.ok(&["render", path, "--out", "files"]);
    let names: Vec<_> = out
        .lines()
        .map(|l| {
            Path::new(l)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "ada_l-11.pdf",
            "ada_l-11-instagram.zip",
            "ada_l-11-post.txt"
        ]
    );
}

#[test]
fn bad_decks_fail_with_the_reason() {
    let home = Home::new();
    let mut deck = Deck::from_thread(&two_post_thread(), &Design::default());
    deck.slides
        .push(model::DeckSlide::of_posts(vec![model::deck::PostRef::all(
            "404",
        )]));
    let path = write_deck(home.path(), &deck);
    let err = home.fails(&["render", path.to_str().unwrap(), "--out", "out"]);
    assert!(err.contains("slide 4") && err.contains("404"), "{err}");
    std::fs::write(
        &path,
        r#"{"deck_version": 9, "slides": [{"kind": "outro"}]}"#,
    )
    .unwrap();
    let err = home.fails(&["render", path.to_str().unwrap(), "--out", "out"]);
    assert!(err.contains("deck_version 9"), "{err}");
    std::fs::write(
        &path,
        r#"{"deck_version": 1, "slides": [{"kind": "poster"}]}"#,
    )
    .unwrap();
    let err = home.fails(&["render", path.to_str().unwrap(), "--out", "out"]);
    assert!(err.contains("line 1") && err.contains("deck JSON"), "{err}");
    assert!(!home.path().join("out").exists());
}

#[test]
fn the_contact_sheet_is_saved_without_overwriting() {
    let home = Home::new();
    let first = home.ok(&["contact-sheet", "--out", "sheets/sheet.png"]);
    let second = home.ok(&["contact-sheet", "--out", "sheets/sheet.png"]);
    assert!(first.trim().ends_with("sheets/sheet.png"));
    assert!(second.trim().ends_with("sheets/sheet (2).png"));
    let png = std::fs::read(first.trim()).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    // Downloads by default.
    let third = home.ok(&["contact-sheet"]);
    assert_eq!(
        PathBuf::from(third.trim()),
        home.path().join("Downloads/contact-sheet.png")
    );
}

#[test]
fn the_gallery_shows_each_thread_in_each_theme_and_writes_every_slide() {
    let home = Home::new();
    let gallery = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/gallery");
    let hook = gallery.join("1-hook.json");
    let world = gallery.join("6-world.json");
    let (hook, world) = (hook.to_str().unwrap(), world.to_str().unwrap());
    let out = home.ok(&[
        "gallery", hook, world, "--theme", "paper", "--theme", "midnight", "--out", "g.png",
        "--slides", "slides",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    // One folder per thread and theme, then the sheet.
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[4].ends_with("g.png"));
    for (line, name) in lines[..4].iter().zip([
        "1-hook-paper",
        "1-hook-midnight",
        "6-world-paper",
        "6-world-midnight",
    ]) {
        assert!(line.ends_with(name), "{line}");
        let mut slides: Vec<String> = std::fs::read_dir(line)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        slides.sort();
        // Cover, four posts, outro.
        assert!(slides.len() >= 5, "{name}: {slides:?}");
        assert_eq!(slides[0], "01.png");
        let png = std::fs::read(Path::new(line).join("01.png")).unwrap();
        let info = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        assert_eq!((info.info().width, info.info().height), (1080, 1350));
    }
    let sheet = std::fs::read(home.path().join("g.png")).unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(sheet))
        .read_info()
        .unwrap();
    let (w, h) = (reader.info().width, reader.info().height);
    // Two themes of three thumbnails side by side, two rows of threads.
    assert!(w > 1000 && w < 1400 && h > 500 && h < 900, "{w}×{h}");

    let err = home.fails(&["gallery", hook, "--theme", "neon"]);
    assert!(err.contains("neon") && err.contains("theme"), "{err}");
    let err = home.fails(&["gallery"]);
    assert!(err.contains("required"), "{err}");
}

fn long_thread(dir: &Path, posts: usize) -> PathBuf {
    let posts: Vec<_> = (1..=posts)
        .map(|i| {
            serde_json::json!({"id": format!("{}", 100 + i),
                "author": {"name": "Ada", "handle": "ada_l"},
                "text": format!("Point number {i}."), "links": [], "images": []})
        })
        .collect();
    let path = dir.join("long.json");
    std::fs::write(
        &path,
        serde_json::json!({"url": "", "posts": posts}).to_string(),
    )
    .unwrap();
    path
}

#[test]
fn platform_limits_warn_or_refuse() {
    let home = Home::new();
    let path = long_thread(home.path(), 21);
    let output = home.run(&[
        "render",
        path.to_str().unwrap(),
        "--out",
        "out",
        "--platform",
        "instagram",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("warning: the Instagram carousel has 22 slides") && err.contains("at most 20"),
        "{err}"
    );
    let path = long_thread(home.path(), 300);
    let err = home.fails(&["render", path.to_str().unwrap(), "--out", "out2"]);
    assert!(
        err.contains("301 pages") && err.contains("at most 300") && err.contains("split"),
        "{err}"
    );
    assert!(
        !home.path().join("out2").read_dir().unwrap().any(|_| true),
        "nothing saved"
    );
}

/// Background patterns stay vectors in the PDF: a thread without photos, avatars or emoji
/// gives a PDF with no raster image at all, whatever the pattern.
#[test]
fn patterns_stay_vectors_in_the_pdf() {
    let home = Home::new();
    let thread = serde_json::json!({"url": "", "posts": [
        {"id": "1", "author": {"name": "Ada", "handle": "ada"}, "text": "Patterns are paths."},
        {"id": "2", "author": {"name": "Ada", "handle": "ada"}, "text": "Even the mesh."}]});
    let input = home.path().join("thread.json");
    std::fs::write(&input, thread.to_string()).unwrap();
    for pattern in model::design::Pattern::ALL {
        let out = home.path().join(format!("out-{}", pattern.name()));
        let saved = home.ok(&[
            "render",
            input.to_str().unwrap(),
            "--platform",
            "linkedin",
            "--pattern",
            pattern.name(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let pdf = saved.lines().next().expect("a saved PDF");
        let listing = Command::new("pdfimages")
            .args(["-list", pdf])
            .output()
            .expect("pdfimages runs (poppler-utils)");
        let listing = String::from_utf8_lossy(&listing.stdout);
        // pdfimages prints two header lines, then one line per image.
        assert_eq!(
            listing.lines().count(),
            2,
            "{pattern}: raster images in the PDF:\n{listing}"
        );
    }
}
