//! End-to-end tests of `carousel-studio render`: files on disk, stdout and stderr contracts,
//! error handling, and the PDF/ZIP contents (checked with poppler's `pdfinfo`/`pdftotext`).

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

mod common;
use common::{entries, studio};

const STEM: &str = "vikhyatk-2050335759004905655";

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the binary runs")
}

fn stdout_lines(output: &Output) -> Vec<PathBuf> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(PathBuf::from)
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_ok(output: &Output) {
    assert!(output.status.success(), "failed: {}", stderr(output));
}

fn tool(name: &str, args: &[&Path]) -> String {
    let output = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("{name} (poppler-utils) must be installed: {err}"));
    assert!(
        output.status.success(),
        "{name} failed: {}",
        stderr(&output)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn pdf_pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf]);
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap();
    line["Pages:".len()..].trim().parse().unwrap()
}

fn pdf_text(pdf: &Path) -> String {
    tool("pdftotext", &[pdf, Path::new("-")])
}

/// Words as `pdftotext` gives them back: line breaks may fall anywhere between words and
/// inside URLs, so text is compared as a set of alphanumeric words.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// Each PNG in the ZIP, by name, in archive order.
fn zip_pngs(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut entries = zip_entries(zip);
    entries.retain(|(name, _)| name.ends_with(".png"));
    entries
}

/// Each file in the ZIP, by name, in archive order.
fn zip_entries(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(zip).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    (0..archive.len())
        .map(|index| {
            let mut entry = archive.by_index(index).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().to_owned(), data)
        })
        .collect()
}

fn png_info(data: &[u8]) -> png::OutputInfo {
    let mut reader = png::Decoder::new(Cursor::new(data)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut buf).unwrap()
}

/// A tiny solid-colour PNG, different for each `shade`.
fn tiny_png(shade: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 4, 4);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[shade; 4 * 4 * 3]).unwrap();
    writer.finish().unwrap();
    out
}

fn base64(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// Writes a one-post thread JSON with `text` and `images` into `dir`.
fn write_thread(dir: &Path, text: &str, images: &[&str]) -> PathBuf {
    let thread = serde_json::json!({
        "url": "https://x.com/tester/status/1",
        "posts": [{
            "id": "1",
            "author": {"name": "Test Er", "handle": "tester"},
            "text": text,
            "links": [],
            "images": images,
            "quoted": null
        }, {
            "id": "2",
            "author": {"name": "Test Er", "handle": "tester"},
            "text": "second post",
            "links": [],
            "images": []
        }]
    });
    let path = dir.join("thread.json");
    std::fs::write(&path, serde_json::to_string_pretty(&thread).unwrap()).unwrap();
    path
}

#[test]
fn render_sample_saves_a_pdf_and_a_zip_of_every_slide() {
    let home = TempDir::new().unwrap();
    let out = TempDir::new().unwrap();
    let svg = TempDir::new().unwrap();
    let output = run(studio(home.path())
        .args(["render", "--sample", "--out"])
        .arg(out.path())
        .arg("--svg")
        .arg(svg.path()));
    assert_ok(&output);
    let pdf = out.path().join(format!("{STEM}.pdf"));
    let zip = out.path().join(format!("{STEM}-instagram.zip"));
    let post = out.path().join(format!("{STEM}-post.txt"));
    assert_eq!(
        stdout_lines(&output),
        [pdf.clone(), zip.clone(), post.clone()]
    );
    assert!(pdf.is_absolute() && pdf.is_file() && zip.is_file());
    assert_eq!(entries(out.path()).len(), 3, "no temporary files left");

    let slides = entries(svg.path()).len();
    assert!(slides >= 8, "one slide per post at least, got {slides}");
    assert_eq!(pdf_pages(&pdf), slides);

    let text = words(&pdf_text(&pdf));
    let sample: serde_json::Value =
        serde_json::from_str(include_str!("../../assets/sample/thread.json")).unwrap();
    for post in sample["posts"].as_array().unwrap() {
        // Links are on the slides as X shows them ("x.com/mayfer/status/205…").
        let shown: Vec<String> = post["text"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .map(|word| match word.starts_with("https://") {
                true => layout::display_link(word),
                false => word.to_owned(),
            })
            .collect();
        for word in words(&shown.join(" ")) {
            assert!(
                text.contains(&word),
                "PDF text lacks {word:?} of post {}",
                post["id"]
            );
        }
    }
    let info = tool("pdfinfo", &[&pdf]);
    assert!(
        info.contains("Title:           how we implemented Moondream"),
        "{info}"
    );
    assert!(info.contains("Author:          vik (@vikhyatk)"), "{info}");
    assert!(info.contains("Creator:         Carousel Studio"), "{info}");

    // A tagged PDF: each page is a section whose figure carries the slide's alt text line,
    // followed by its links.
    assert!(info.contains("Tagged:          yes"), "{info}");
    let structure = tool("pdfinfo", &[Path::new("-struct"), &pdf]);
    let figures = structure.lines().filter(|l| l.trim() == "Figure").count();
    assert_eq!(figures, slides, "one figure per slide:\n{structure}");
    assert!(structure.contains("Link"), "{structure}");
    let bytes = std::fs::read(&pdf).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert_eq!(raw.matches("/Alt").count(), slides, "an alt text per slide");
    assert!(
        raw.contains("/Alt(Photon, our inference engine, isn't fast"),
        "slide 2 is described by its alt text line, without its number"
    );

    // Links on the slides are link annotations: the post's link, a mention, a hashtag.
    let urls = tool("pdfinfo", &[Path::new("-url"), &pdf]);
    for url in [
        "https://moondream.ai/p/photon",
        "https://x.com/PyTorch",
        "https://x.com/hashtag/AppleSilicon",
    ] {
        assert!(
            urls.lines()
                .any(|l| l.contains("Annotation") && l.trim_end().ends_with(url)),
            "{url} is not a link annotation:\n{urls}"
        );
    }

    let pngs = zip_pngs(&zip);
    let names: Vec<_> = pngs.iter().map(|(name, _)| name.clone()).collect();
    let expected: Vec<_> = (1..=slides).map(|n| format!("{n:02}.png")).collect();
    assert_eq!(names, expected);
    assert_post_text(&post, &zip, slides);
    for (name, data) in &pngs {
        let info = png_info(data);
        assert_eq!((info.width, info.height), (1080, 1350), "{name}");
        assert_eq!(
            info.color_type,
            png::ColorType::Rgb,
            "{name} must be opaque"
        );
        assert_eq!(info.bit_depth, png::BitDepth::Eight, "{name}");
    }
}

/// `<stem>-post.txt` has the two captions and one alt line per slide, and the ZIP's
/// `alt-text.txt` the same alt lines.
fn assert_post_text(post: &Path, zip: &Path, slides: usize) {
    let text = std::fs::read_to_string(post).unwrap();
    let section = |heading: &str| -> String {
        let start = text
            .find(&format!("{heading}\n\n"))
            .unwrap_or_else(|| panic!("no {heading:?} section:\n{text}"));
        let body = &text[start + heading.len() + 2..];
        let end = ["\n\nInstagram caption\n", "\n\nAlt text\n"]
            .iter()
            .filter_map(|h| body.find(h))
            .min()
            .unwrap_or(body.len());
        body[..end].to_owned()
    };
    for heading in ["LinkedIn caption", "Instagram caption"] {
        let caption = section(heading);
        assert!(
            caption.starts_with("how we implemented Moondream inference on Apple Silicon"),
            "{heading} opens with the hook, without \"(1/N)\": {caption}"
        );
        assert!(
            !caption.contains("(1/N)") && !caption.contains('⬇'),
            "{caption}"
        );
        assert!(
            caption.contains("From a thread by @vikhyatk on X: https://x.com/vikhyatk/status/"),
            "{caption}"
        );
        assert!(
            caption.contains("#AppleSilicon"),
            "the thread's own hashtag: {caption}"
        );
        assert!(caption.chars().count() <= 2200, "{heading}");
    }
    let alt_section = section("Alt text");
    let alt: Vec<&str> = alt_section.lines().collect();
    assert_eq!(alt.len(), slides, "{alt:?}");
    for (index, line) in alt.iter().enumerate() {
        let prefix = format!("{:02}: ", index + 1);
        assert!(
            line.starts_with(&prefix) && line.len() > prefix.len(),
            "{line}"
        );
        assert!(line.chars().count() <= 1000, "{line}");
    }
    assert!(
        alt[0].contains("how we implemented Moondream"),
        "{}",
        alt[0]
    );
    let in_zip = zip_entries(zip)
        .into_iter()
        .find(|(name, _)| name == "alt-text.txt")
        .expect("alt-text.txt in the ZIP");
    let in_zip = String::from_utf8(in_zip.1).unwrap();
    assert_eq!(in_zip.lines().collect::<Vec<_>>(), alt);
}

#[test]
fn rendering_twice_never_overwrites() {
    let home = TempDir::new().unwrap();
    let out = TempDir::new().unwrap();
    let render = || {
        let output = run(studio(home.path())
            .args(["render", "--sample", "--platform", "linkedin", "--out"])
            .arg(out.path()));
        assert_ok(&output);
        stdout_lines(&output)
    };
    let first = render();
    let before = std::fs::read(&first[0]).unwrap();
    let modified = std::fs::metadata(&first[0]).unwrap().modified().unwrap();
    let second = render();
    let dir = out.path();
    assert_eq!(
        first,
        [
            dir.join(format!("{STEM}.pdf")),
            dir.join(format!("{STEM}-post.txt"))
        ]
    );
    assert_eq!(
        second,
        [
            dir.join(format!("{STEM} (2).pdf")),
            dir.join(format!("{STEM}-post (2).txt"))
        ]
    );
    assert_eq!(std::fs::read(&first[0]).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&first[0]).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn platform_chooses_the_files() {
    let home = TempDir::new().unwrap();
    for (platform, file) in [
        ("linkedin", format!("{STEM}.pdf")),
        ("instagram", format!("{STEM}-instagram.zip")),
    ] {
        let out = TempDir::new().unwrap();
        let output = run(studio(home.path())
            .args(["render", "--sample", "--platform", platform, "--out"])
            .arg(out.path()));
        assert_ok(&output);
        // The post text goes with every platform's files.
        let post = format!("{STEM}-post.txt");
        assert_eq!(
            stdout_lines(&output),
            [out.path().join(&file), out.path().join(&post)]
        );
        let mut saved = vec![file, post];
        saved.sort();
        assert_eq!(entries(out.path()), saved);
    }
}

#[test]
fn saves_into_downloads_without_out() {
    let home = TempDir::new().unwrap();
    let output = run(studio(home.path()).args(["render", "--sample"]));
    assert_ok(&output);
    let downloads = home.path().join("Downloads");
    assert_eq!(
        stdout_lines(&output),
        [
            downloads.join(format!("{STEM}.pdf")),
            downloads.join(format!("{STEM}-instagram.zip")),
            downloads.join(format!("{STEM}-post.txt"))
        ]
    );

    let home = TempDir::new().unwrap();
    let config = home.path().join(".config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("user-dirs.dirs"),
        "# written by xdg-user-dirs-update\nXDG_DOWNLOAD_DIR=\"$HOME/Stuff\"\n",
    )
    .unwrap();
    let output = run(studio(home.path()).args(["render", "--sample", "--platform", "linkedin"]));
    assert_ok(&output);
    let stuff = home.path().join("Stuff");
    assert_eq!(
        stdout_lines(&output),
        [
            stuff.join(format!("{STEM}.pdf")),
            stuff.join(format!("{STEM}-post.txt"))
        ]
    );
}

/// Runs a failing render into a fresh out folder: exit code, one stderr line, nothing written.
fn assert_fails(input: &Path, expect: &[&str]) {
    let home = TempDir::new().unwrap();
    let out = TempDir::new().unwrap();
    let output = run(studio(home.path())
        .arg("render")
        .arg(input)
        .arg("--out")
        .arg(out.path()));
    assert!(!output.status.success());
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "one line on stderr: {err}");
    assert!(err.starts_with("error: "), "{err}");
    for part in expect {
        assert!(err.contains(part), "{err:?} should mention {part:?}");
    }
    assert!(output.stdout.is_empty());
    assert!(
        entries(out.path()).is_empty(),
        "nothing written: {:?}",
        entries(out.path())
    );
}

#[test]
fn bad_inputs_fail_cleanly() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("missing.json");
    assert_fails(&missing, &["missing.json", "does not exist"]);

    // A folder is a batch of the files in it; this one has none.
    assert_fails(dir.path(), &["nothing to render", "holds no saved page"]);

    let malformed = dir.path().join("malformed.json");
    std::fs::write(&malformed, "{\n  \"posts\": [\n    {\"id\": }\n  ]\n}\n").unwrap();
    assert_fails(&malformed, &["malformed.json", "line 3, column"]);

    let empty = dir.path().join("empty.json");
    std::fs::write(
        &empty,
        r#"{"url": "https://x.com/a/status/1", "posts": []}"#,
    )
    .unwrap();
    assert_fails(&empty, &["empty.json", "no posts"]);

    let page = dir.path().join("page.html");
    std::fs::write(&page, "<!DOCTYPE html><html><body></body></html>").unwrap();
    assert_fails(
        &page,
        &["page.html", "no X conversation", "Webpage, Complete"],
    );
}

#[test]
fn unwritable_output_folder_fails_cleanly() {
    let home = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "in the way").unwrap();
    let out = blocker.join("sub");
    let output = run(studio(home.path())
        .args(["render", "--sample", "--out"])
        .arg(&out));
    assert!(!output.status.success());
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: ") && err.contains("--out"), "{err}");
    assert!(output.stdout.is_empty());
    assert_eq!(entries(dir.path()), ["file"]);
}

#[test]
fn images_from_data_urls_and_paths_are_kept_and_unreachable_ones_left_out() {
    let home = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let out = TempDir::new().unwrap();
    let svg = TempDir::new().unwrap();
    let inline = tiny_png(10);
    let on_disk = tiny_png(200);
    std::fs::create_dir(dir.path().join("img")).unwrap();
    std::fs::write(dir.path().join("img/pic.png"), &on_disk).unwrap();
    let data_url = format!("data:image/png;base64,{}", base64(&inline));
    let unreachable = "https://127.0.0.1:9/x.png";
    let input = write_thread(
        dir.path(),
        "photos",
        &[&data_url, "img/pic.png", unreachable],
    );

    let output = run(studio(home.path())
        .arg("render")
        .arg(&input)
        .arg("--out")
        .arg(out.path())
        .arg("--svg")
        .arg(svg.path()));
    assert_ok(&output);
    let err = stderr(&output);
    let warnings: Vec<_> = err.lines().collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].starts_with(&format!("warning: left out image {unreachable}: ")),
        "{err}"
    );
    // Refused for its address before any connection is tried (so it cannot hang), not after
    // a timeout.
    assert!(
        warnings[0].contains("is a local or private network address"),
        "{err}"
    );
    assert_eq!(stdout_lines(&output).len(), 3);

    let slide = std::fs::read_to_string(svg.path().join("01.svg")).unwrap();
    assert!(
        slide.contains(&base64(&inline)),
        "the data: image is on the slide"
    );
    assert!(
        slide.contains(&base64(&on_disk)),
        "the file image is on the slide"
    );
    assert!(!slide.contains("127.0.0.1"));
}

#[test]
fn markup_in_text_stays_text() {
    let home = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let out = TempDir::new().unwrap();
    let svg = TempDir::new().unwrap();
    let text = r#"<script>alert(1)</script> Tom & Jerry say "hi" and 'bye'"#;
    let input = write_thread(dir.path(), text, &[]);
    let output = run(studio(home.path())
        .arg("render")
        .arg(&input)
        .args(["--platform", "linkedin", "--out"])
        .arg(out.path())
        .arg("--svg")
        .arg(svg.path()));
    assert_ok(&output);

    let slide = std::fs::read_to_string(svg.path().join("01.svg")).unwrap();
    assert!(!slide.contains("<script"), "markup escaped");
    assert!(slide.contains("&lt;script&gt;"), "{slide}");
    assert!(slide.contains("&amp;"));
    assert!(slide.contains("&quot;hi&quot;") || slide.contains("&#34;hi&#34;"));
    assert!(slide.contains("&#39;bye&#39;") || slide.contains("&apos;bye&apos;"));

    let pdf = &stdout_lines(&output)[0];
    let extracted = pdf_text(pdf);
    // Lines may break anywhere (even inside `</script>`), so compare without white space.
    let flat: String = extracted.split_whitespace().collect();
    for part in ["<script>alert(1)</script>", "Tom&Jerry", "\"hi\"", "'bye'"] {
        assert!(flat.contains(part), "{part:?} not in {extracted:?}");
    }
}

#[test]
fn help_documents_every_command_and_flag() {
    // Walks the command line's own definition, so a new subcommand or flag is checked without
    // editing this test: each must be listed by its parent's --help and described in its own.
    // (With no arguments the binary prints help only when stdin is a terminal; piped, it is
    // the native-messaging host: see tests/host.rs.)
    use clap::CommandFactory;
    let home = TempDir::new().unwrap();
    let mut checked = 0;
    let mut pending = vec![(Vec::<String>::new(), carousel_studio::cli::Cli::command())];
    while let Some((path, command)) = pending.pop() {
        let mut args = path.clone();
        args.push("--help".to_owned());
        let output = run(studio(home.path()).args(&args));
        assert_ok(&output);
        let help = String::from_utf8_lossy(&output.stdout).into_owned();
        let shown = if path.is_empty() {
            "carousel-studio".to_owned()
        } else {
            path.join(" ")
        };
        for arg in command.get_arguments().filter(|arg| !arg.is_hide_set()) {
            let name = match (arg.get_long(), arg.get_value_names()) {
                (Some(long), _) => format!("--{long}"),
                (None, Some(names)) => names[0].to_string(),
                (None, None) => arg.get_id().to_string().to_uppercase(),
            };
            assert!(
                help.contains(&name),
                "`{shown} --help` lacks {name}:\n{help}"
            );
            assert!(
                arg.get_help()
                    .is_some_and(|text| !text.to_string().trim().is_empty()),
                "{shown} {name} has no description"
            );
            let values = match arg.get_action().takes_values() {
                true => arg.get_possible_values(),
                false => Vec::new(), // a switch's implicit true/false
            };
            for value in values.iter().filter(|v| !v.is_hide_set()) {
                assert!(
                    help.contains(value.get_name()),
                    "`{shown} --help` lacks {name}'s value {}",
                    value.get_name()
                );
            }
            checked += 1;
        }
        for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
            if sub.get_name() == "help" {
                continue;
            }
            assert!(
                help.contains(sub.get_name()),
                "`{shown} --help` lacks {}",
                sub.get_name()
            );
            assert!(
                sub.get_about().is_some(),
                "{shown} {} has no description",
                sub.get_name()
            );
            let mut sub_path = path.clone();
            sub_path.push(sub.get_name().to_owned());
            pending.push((sub_path, sub.clone()));
        }
    }
    assert!(
        checked > 60,
        "only {checked} arguments were found: is the walk broken?"
    );
}
