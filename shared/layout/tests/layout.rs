//! Layout behaviour with the real bundled fonts: structure of a carousel, text that is set
//! properly (wrapping, emoji clusters, right-to-left, CJK), shrink-then-continue, escaping.

mod common;

use common::{fonts, post, texts, thread, words};
use layout::layout_thread;
use layout::text::{ShapedText, TextPos};
use model::design::Template;
use model::{Author, Design, QuotedPost, Thread};

fn sample() -> Thread {
    let json = include_str!("../../../assets/sample/thread.json");
    serde_json::from_str(json).expect("sample parses")
}

/// All text of a slide without whitespace: a word cut across two lines is still found.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn sample_has_cover_one_slide_per_post_and_outro() {
    let thread = sample();
    let carousel = layout_thread(&thread, &Design::default(), fonts()).expect("layout");
    assert_eq!((carousel.width, carousel.height), (1080, 1350));
    assert_eq!(
        carousel.slides.len(),
        thread.posts.len() + 1,
        "cover + posts + outro"
    );
    let total = carousel.slides.len();
    for (index, svg) in carousel.slides.iter().enumerate() {
        let all = texts(svg);
        assert!(
            all.iter().any(|t| t == "vik"),
            "slide {index} (or the outro's identity) has the name"
        );
        assert!(
            all.iter().any(|t| t == "@vikhyatk"),
            "slide {index} header has the handle"
        );
        // The cover says how much follows instead of "1/9" (see the cue test below).
        let number = match index {
            0 => format!("{} more slides", total - 1),
            _ => format!("{}/{total}", index + 1),
        };
        assert!(
            all.contains(&number),
            "slide {index} shows {number}: {all:?}"
        );
        let swipe = all.iter().any(|t| t.starts_with("Swipe"));
        assert_eq!(
            swipe,
            index + 1 < total,
            "swipe hint on all but the last slide {index}"
        );
    }
    // Each post's words are on its own slide, in order, without the thread's scaffolding; the
    // cover shows the hook, and the link it ended with as its source line.
    let cover = compact(&texts(&carousel.slides[0]).concat());
    assert!(!cover.contains("(1/N)") && !cover.contains('⬇'), "{cover}");
    for (index, (post, svg)) in thread.posts.iter().zip(&carousel.slides).enumerate() {
        let slide = compact(&texts(svg).concat());
        let shown = match index {
            0 => {
                let hook = model::scaffold::hook(&post.text);
                assert!(hook.rest.is_empty(), "the sample's hook is one sentence");
                format!("{} {}", hook.headline, hook.source.unwrap_or_default())
            }
            _ => model::scaffold::strip(&post.text),
        };
        for word in shown.split_whitespace() {
            // Links show as X shows them: "x.com/mayfer/status/205…".
            let word = if word.starts_with("https://") {
                layout::display_link(word)
            } else {
                word.to_owned()
            };
            assert!(
                slide.contains(&word),
                "slide of post {} lacks {word:?}",
                post.id
            );
        }
    }
    let outro = words(carousel.slides.last().expect("outro"));
    assert!(outro.contains("Follow") && outro.contains("@vikhyatk") && outro.contains("for more"));
    // The Follow outro shows the author large; the page header would repeat it.
    assert_eq!(group_text(carousel.slides.last().unwrap(), "-header"), "");
    assert!(!group_text(&carousel.slides[1], "-header").is_empty());
    assert!(
        carousel
            .title
            .starts_with("how we implemented Moondream inference")
    );
    assert!(!carousel.title.contains("https://"));
    assert_eq!(carousel.author, "vik (@vikhyatk)");
    assert_eq!(carousel.language, "en");
}

#[test]
fn the_cover_says_what_follows_in_its_templates_words() {
    let thread = sample();
    let total = thread.posts.len() + 1;
    let cases = [
        (
            Template::Hook,
            Some((format!("{} more slides", total - 1), "Swipe →")),
        ),
        (
            Template::Numbered,
            Some((format!("{} points", total - 2), "Swipe →")),
        ),
        (
            Template::ImageFocus,
            Some((format!("{} more slides", total - 1), "See more →")),
        ),
        // Templates without a cover number their first slide like the others.
        (Template::Posts, None),
        (Template::TweetCard, None),
        (Template::BigQuote, None),
    ];
    for (template, cue) in cases {
        let design = Design {
            template,
            ..Design::default()
        };
        let carousel = layout_thread(&thread, &design, fonts()).expect("layout");
        let first = texts(&carousel.slides[0]);
        let footer = footer_texts(&carousel.slides[0]);
        match &cue {
            Some((count, swipe)) => {
                assert!(footer.contains(count.as_str()), "{template}: {footer}");
                assert!(footer.contains(swipe), "{template}: {footer}");
                assert!(
                    !first.iter().any(|t| t.starts_with("1/")),
                    "{template}: no slide number on the cover"
                );
                // The swipe is a button: a pill in the button colour behind on-accent text.
                let theme = design.theme.theme();
                let svg = &carousel.slides[0];
                let footer_svg = &svg[svg.find("-footer\"").unwrap()..];
                assert!(
                    footer_svg.contains(&format!("fill=\"{}\"", theme.button_fill()))
                        && footer_svg.contains(&format!("fill=\"{}\"", theme.on_accent)),
                    "{template}: the swipe is a button"
                );
            }
            None => {
                let number = format!("1/{}", carousel.slides.len());
                assert!(footer.contains(&number), "{template}: {footer}");
            }
        }
        // The second slide keeps its number and plain hint either way.
        let second = footer_texts(&carousel.slides[1]);
        assert!(
            second.contains(&format!("2/{}", carousel.slides.len())) && second.contains("Swipe"),
            "{template}: {second}"
        );
    }
}

/// The text of a slide's footer group, its `<text>` elements joined by " | ".
fn footer_texts(svg: &str) -> String {
    group_text(svg, "-footer")
}

/// The text of the slide's group whose id ends in `suffix` ("-header", "-footer").
fn group_text(svg: &str, suffix: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("slide is well-formed XML");
    let footer = doc
        .descendants()
        .find(|n| n.attribute("id").is_some_and(|id| id.ends_with(suffix)))
        .expect("the group");
    let texts: Vec<&str> = footer
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    texts.join(" | ")
}

#[test]
fn cover_sets_the_hook_larger_than_post_text() {
    let carousel = layout_thread(
        &thread(&[
            "A short hook",
            "A body post, long enough (over ninety characters) that the rules keep it at body size rather than setting it large.",
        ]),
        &Design::default(),
        fonts(),
    )
    .expect("layout");
    let size = |svg: &str, word: &str| -> f32 {
        let doc = roxmltree::Document::parse(svg).expect("xml");
        let node = doc
            .descendants()
            .find(|n| n.has_tag_name("text") && n.text().is_some_and(|t| t.contains(word)))
            .expect("word present");
        node.attribute("font-size")
            .expect("size")
            .parse()
            .expect("number")
    };
    assert_eq!(
        size(&carousel.slides[0], "hook"),
        108.0,
        "title 36 × scale 3"
    );
    assert_eq!(size(&carousel.slides[1], "body"), 54.0, "body 18 × scale 3");
}

#[test]
fn markup_in_posts_stays_text() {
    let evil = "<script>alert('x')</script> & \"quoted\" <b>bold</b>";
    let carousel = layout_thread(&thread(&[evil]), &Design::default(), fonts()).expect("layout");
    let svg = &carousel.slides[0];
    assert!(!svg.contains("<script>") && !svg.contains("<b>"));
    assert!(svg.contains("&lt;script&gt;"));
    let roundtrip = compact(&texts(svg).concat());
    for piece in [
        "<script>alert('x')</script>",
        "&",
        "\"quoted\"",
        "<b>bold</b>",
    ] {
        assert!(
            roundtrip.contains(&compact(piece)),
            "{piece} shows literally in {roundtrip}"
        );
    }
}

#[test]
fn each_emoji_cluster_is_its_own_text_element() {
    let emoji = ["👍🏽", "🇫🇷", "👩‍💻", "👨‍👩‍👧‍👦", "❤️", "1️⃣", "🏳️‍🌈", "🚀"];
    let text = format!("Emoji {} end", emoji.join(" "));
    let carousel =
        layout_thread(&thread(&["hook", &text]), &Design::default(), fonts()).expect("layout");
    let doc = roxmltree::Document::parse(&carousel.slides[1]).expect("xml");
    let emoji_elements: Vec<&str> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("text") && n.attribute("font-family") == Some("Noto Color Emoji")
        })
        .map(|n| n.text().unwrap_or(""))
        .collect();
    assert_eq!(emoji_elements, emoji);
}

#[test]
fn lines_never_exceed_the_width_and_cjk_wraps_between_characters() {
    let cjk = "我们在苹果芯片上实现了推理引擎速度非常快日本語のテキストも表示できます".repeat(4);
    let latin = "Supercalifragilisticexpialidocious-and-then-some https://example.com/a/very/long/path/that/cannot/fit/on/one/line/at/all ok";
    for text in [cjk.as_str(), latin] {
        let shaped = ShapedText::new(text, &[], fonts(), "Inter", 400).expect("shape");
        for width in [300.0, 500.0, 918.0] {
            let lines = shaped.lines(54.0, width, TextPos::default());
            assert!(lines.len() > 1, "{text} wraps at {width}");
            for line in &lines {
                let w = shaped.width(std::slice::from_ref(line), 54.0);
                assert!(
                    w <= width + 0.5,
                    "line {line:?} is {w} px, wider than {width}"
                );
            }
        }
    }
    // CJK has no spaces: it still wraps, and each full line is nearly full.
    let shaped = ShapedText::new(&cjk, &[], fonts(), "Inter", 400).expect("shape");
    let lines = shaped.lines(54.0, 918.0, TextPos::default());
    let first = shaped.width(&lines[..1], 54.0);
    assert!(
        first > 918.0 - 60.0,
        "a CJK line is filled to within one character: {first}"
    );
}

#[test]
fn body_text_leaves_no_word_alone_on_its_last_line_and_headings_are_balanced() {
    let body = "Day one: the ridge above the lake, 6 am. Worth every minute of the climb up there.";
    let shaped = ShapedText::new(body, &[], fonts(), "Inter", 400).expect("shape");
    let mut widths_checked = 0;
    for width in (300..=918).step_by(3).map(|w| w as f32) {
        let lines = shaped.lines(46.0, width, TextPos::default());
        if lines.len() < 2 {
            continue;
        }
        widths_checked += 1;
        let last = shaped.line_str(lines.last().unwrap()).trim();
        assert!(
            last.contains(' '),
            "at {width}: {last:?} alone on the last line"
        );
        for line in &lines {
            assert!(shaped.width(std::slice::from_ref(line), 46.0) <= width + 0.5);
        }
    }
    assert!(widths_checked > 100);

    for heading in [
        "Start with the hook",
        "The slide is the message: designing carousels people finish",
    ] {
        let plain = ShapedText::new(heading, &[], fonts(), "Inter", 700).expect("shape");
        let balanced = plain.clone().balanced();
        // The last two words on one line: possible only where they fit together.
        let words: Vec<&str> = heading.split_whitespace().collect();
        let pair = words[words.len() - 2..].join(" ");
        let pair = ShapedText::new(&pair, &[], fonts(), "Inter", 700).expect("shape");
        let pair_w = pair.width(&pair.lines(80.0, f32::MAX, TextPos::default()), 80.0);
        for width in (250..=900).step_by(5).map(|w| w as f32) {
            let greedy = plain.lines(80.0, width, TextPos::default());
            let even = balanced.lines(80.0, width, TextPos::default());
            assert_eq!(even.len(), greedy.len(), "no line added at {width}");
            for line in &even {
                assert!(balanced.width(std::slice::from_ref(line), 80.0) <= width + 0.5);
            }
            assert_eq!(balanced.text_of(&even), heading, "every word, in order");
            if even.len() >= 2 && !ShapedText::has_forced_breaks(&greedy) && pair_w < width {
                let shown: Vec<&str> = even.iter().map(|l| balanced.line_str(l).trim()).collect();
                assert!(
                    shown.last().unwrap().contains(' '),
                    "at {width}: {shown:?} leaves one word below"
                );
            }
        }
    }
}

#[test]
fn plain_text_of_wrapped_lines_keeps_words_whole() {
    // Alt text and the PDF's descriptions read the lines back: a word or link broken across
    // lines, and CJK broken between characters, must come back without a space inside.
    let cjk = "我们在苹果芯片上实现了推理引擎速度非常快日本語のテキストも表示できます".repeat(3);
    let latin =
        "Read supercalifragilisticexpialidociousandthensomemore now, and then some more words";
    for text in [cjk.as_str(), latin] {
        let shaped = ShapedText::new(text, &[], fonts(), "Inter", 400).expect("shape");
        let lines = shaped.lines(54.0, 300.0, TextPos::default());
        let broken = lines.iter().any(|line| {
            let shown = shaped.line_str(line).trim_end();
            !shown.is_empty() && !text.contains(&format!("{shown} ")) && !text.ends_with(shown)
        });
        assert!(broken, "a line of {text} ends inside a word");
        assert!(lines.len() > 2, "{text} wraps");
        assert_eq!(shaped.text_of(&lines), text);
    }
}

#[test]
fn arabic_is_right_aligned_and_in_the_arabic_font() {
    let text = "مرحبا بالعالم! هذا نص عربي طويل لاختبار الاتجاه من اليمين إلى اليسار، وهو أطول من منشور قصير";
    let carousel =
        layout_thread(&thread(&["hook", text]), &Design::default(), fonts()).expect("layout");
    let doc = roxmltree::Document::parse(&carousel.slides[1]).expect("xml");
    let arabic: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("text") && n.attribute("font-family") == Some("Noto Sans Arabic")
        })
        .collect();
    assert!(!arabic.is_empty());
    // The first line starts at the right margin: its x plus its width reaches 1080 - margin.
    let shaped = ShapedText::new(text, &[], fonts(), "Inter", 400).expect("shape");
    let lines = shaped.lines(54.0, 918.0, TextPos::default());
    let x: f32 = arabic[0]
        .attribute("x")
        .expect("x")
        .parse()
        .expect("number");
    let right = x + shaped.width(&lines[..1], 54.0);
    assert!(
        (right - 999.0).abs() < 2.0,
        "first Arabic line ends at the right margin: {right}"
    );
}

#[test]
fn a_latin_mention_in_arabic_reads_left_to_right_and_the_header_stays_together() {
    let text = "كتبت @leila_codes مقالاً جديداً عن العمل عن بعد";
    let mut thread = thread(&["hook", text]);
    for post in &mut thread.posts {
        post.author.name = "ليلى حداد".into();
    }
    let carousel = layout_thread(&thread, &Design::default(), fonts()).expect("layout");
    let shown = texts(&carousel.slides[1]);
    assert!(
        shown.iter().any(|t| t == "@leila_codes"),
        "the mention is one left-to-right run: {shown:?}"
    );
    // The Arabic name in the header starts beside the avatar, where the handle starts.
    let doc = roxmltree::Document::parse(&carousel.slides[1]).expect("xml");
    let header = doc
        .descendants()
        .find(|n| n.attribute("id").is_some_and(|id| id.ends_with("-header")))
        .unwrap();
    let xs: Vec<f32> = header
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.attribute("x").unwrap().parse().unwrap())
        .collect();
    // The last two are the name and the handle (before them, the avatar's initial).
    let [.., name, handle] = xs[..] else {
        panic!("{xs:?}")
    };
    assert!(
        (name - handle).abs() < 2.0,
        "name and handle start together: {xs:?}"
    );
}

#[test]
fn a_long_post_shrinks_then_continues_without_losing_words() {
    let long: String = (1..=60)
        .map(|i| format!("Sentence number {i} keeps going for a while to fill the slide."))
        .collect::<Vec<_>>()
        .join(" ");
    let carousel = layout_thread(
        &thread(&["hook", &long, "after"]),
        &Design::default(),
        fonts(),
    )
    .expect("layout");
    // cover, ≥2 slides for the long post, "after", outro
    assert!(
        carousel.slides.len() >= 5,
        "{} slides",
        carousel.slides.len()
    );
    let parts: Vec<&String> = carousel.slides[1..]
        .iter()
        .take_while(|svg| !words(svg).contains("after"))
        .collect();
    assert!(parts.len() >= 2);
    for svg in &parts[1..] {
        assert!(
            texts(svg).iter().any(|t| t == "continued"),
            "continuation is labelled"
        );
    }
    // Every sentence number appears exactly once, in order, across the parts.
    let joined: String = parts
        .iter()
        .map(|svg| words(svg))
        .collect::<Vec<_>>()
        .join(" ");
    let mut at = 0;
    for i in 1..=60 {
        let needle = format!("number {i} ");
        let found = joined[at..]
            .find(&needle)
            .unwrap_or_else(|| panic!("sentence {i} missing"));
        at += found + needle.len();
    }
}

#[test]
fn quoted_post_is_a_nested_card_with_its_author() {
    let mut t = thread(&["hook", "Look at this"]);
    t.posts[1].quoted = Some(QuotedPost {
        id: None,
        author: Author {
            name: "Bob".into(),
            handle: "bob".into(),
            avatar: None,
        },
        text: "Quoted words here".into(),
        links: vec![],
        images: vec![],
        unavailable: false,
    });
    let carousel = layout_thread(&t, &Design::default(), fonts()).expect("layout");
    let all = texts(&carousel.slides[1]);
    for expected in ["Bob", "@bob", "Quoted words here", "Look at this"] {
        assert!(all.iter().any(|t| t == expected), "{expected} in {all:?}");
    }
}

#[test]
fn photos_and_video_posters_are_placed_and_clipped() {
    let png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    for count in 1..=4 {
        let mut t = thread(&["hook", "With photos"]);
        t.posts[1].images = vec![png.to_owned(); count];
        let carousel = layout_thread(&t, &Design::default(), fonts()).expect("layout");
        let doc = roxmltree::Document::parse(&carousel.slides[1]).expect("xml");
        let images: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("image"))
            .collect();
        assert_eq!(images.len(), count);
        for image in images {
            let num = |node: roxmltree::Node<'_, '_>, name: &str| -> f32 {
                node.attribute(name).expect(name).parse().expect("a number")
            };
            // Clipped to its box, which stays on the slide…
            let clip_id = image.attribute("clip-path").expect("clipped");
            let clip_id = clip_id.trim_start_matches("url(#").trim_end_matches(')');
            let clip = doc
                .descendants()
                .find(|n| n.attribute("id") == Some(clip_id))
                .and_then(|n| n.first_element_child())
                .expect("its clip rect");
            let (cx, cy, cw, ch) = (
                num(clip, "x"),
                num(clip, "y"),
                num(clip, "width"),
                num(clip, "height"),
            );
            assert!(cx >= 0.0 && cx + cw <= 1080.0, "box on the slide");
            // …and a square photo fills it (cropped around its centre), whatever the box's shape.
            assert_eq!(image.attribute("preserveAspectRatio"), Some("none"));
            let (ix, iy, iw, ih) = (
                num(image, "x"),
                num(image, "y"),
                num(image, "width"),
                num(image, "height"),
            );
            assert!((iw - ih).abs() < 0.5, "kept square: {iw}x{ih}");
            assert!(
                ix <= cx + 0.01 && ix + iw >= cx + cw - 0.01,
                "covers the box across"
            );
            assert!(
                iy <= cy + 0.01 && iy + ih >= cy + ch - 0.01,
                "covers the box down"
            );
            assert!(
                ((ix + iw / 2.0) - (cx + cw / 2.0)).abs() < 0.5,
                "centred across"
            );
            assert!(
                ((iy + ih / 2.0) - (cy + ch / 2.0)).abs() < 0.5,
                "centred down"
            );
        }
    }
    let mut t = thread(&["hook", "A video"]);
    t.posts[1].video_poster = Some(png.to_owned());
    let carousel = layout_thread(&t, &Design::default(), fonts()).expect("layout");
    assert!(carousel.slides[1].contains("<image"), "poster shown");
    assert!(carousel.slides[1].contains("<path"), "play badge shown");
}

/// The `<image>` of a slide's first photo.
fn first_image(svg: &str) -> (String, [f32; 4]) {
    let doc = roxmltree::Document::parse(svg).expect("xml");
    let image = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("image")
                && n.attribute("clip-path")
                    .is_some_and(|c| c.contains("photo"))
        })
        .expect("a photo");
    let num = |name: &str| -> f32 {
        image
            .attribute(name)
            .expect(name)
            .parse()
            .expect("a number")
    };
    let fit = image
        .attribute("preserveAspectRatio")
        .unwrap_or("")
        .to_owned();
    (fit, [num("x"), num("y"), num("width"), num("height")])
}

#[test]
fn a_graphic_is_shown_whole_and_a_photo_is_cropped_around_its_focus() {
    use model::{Analysis, Fit, Focus, Framing};
    // Four times as wide as it is tall: a crop to any slide's box would lose most of it.
    let wide = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAABCAIAAAB2XpiaAAAADklEQVR4nGM8wcXFAAMACkwA3gPcgNEAAAAASUVORK5CYII=";
    let with = |framing: Framing| {
        let mut t = thread(&["hook", "With a chart"]);
        t.posts[1].images = vec![wide.to_owned()];
        t.posts[1].framing = vec![framing];
        let carousel = layout_thread(&t, &Design::default(), fonts()).expect("layout");
        first_image(&carousel.slides[1])
    };
    let graphic = Analysis {
        graphic: true,
        focus: Focus::default(),
    };
    // A chart, analysed as such: whole, at its own shape.
    let (fit, [_, _, w, h]) = with(Framing {
        analysis: Some(graphic),
        ..Framing::default()
    });
    assert_eq!(fit, "xMidYMid meet");
    assert!((w / h - 4.0).abs() < 0.01, "its own shape: {w}x{h}");
    // The user asked for a crop: it fills the box, cut at the left edge when the focus is there.
    let (fit, [x_left, _, w, h]) = with(Framing {
        fit: Fit::Fill,
        focus: Some(Focus { x: 0.0, y: 0.5 }),
        analysis: Some(graphic),
    });
    assert_eq!(fit, "none");
    assert!((w / h - 4.0).abs() < 0.01, "not stretched: {w}x{h}");
    let (_, [x_right, ..]) = with(Framing {
        fit: Fit::Fill,
        focus: Some(Focus { x: 1.0, y: 0.5 }),
        analysis: None,
    });
    assert!(
        x_right < x_left - 100.0,
        "the crop follows the focus: {x_left} vs {x_right}"
    );
    // A photo (not a graphic) under `auto` is cropped; the user can still ask for it whole.
    let (fit, _) = with(Framing::default());
    assert_eq!(fit, "none");
    let (fit, _) = with(Framing {
        fit: Fit::Whole,
        ..Framing::default()
    });
    assert_eq!(fit, "xMidYMid meet");
}

#[test]
fn clip_ids_are_unique_across_slides() {
    let mut t = thread(&["hook", "one", "two"]);
    for post in &mut t.posts {
        post.author.avatar = Some("data:image/png;base64,AAAA".into());
    }
    let carousel = layout_thread(&t, &Design::default(), fonts()).expect("layout");
    let mut ids = std::collections::HashSet::new();
    for svg in &carousel.slides {
        let doc = roxmltree::Document::parse(svg).expect("xml");
        for id in doc.descendants().filter_map(|n| n.attribute("id")) {
            assert!(ids.insert(id.to_owned()), "id {id} used twice");
        }
    }
}

/// Links, @mentions and #hashtags are `<a>` elements around their text, with the box the text
/// covers, for the PDF's link annotations; the text itself is unchanged.
#[test]
fn links_mentions_and_hashtags_lead_somewhere() {
    let thread = thread(&[
        "Read https://example.com/a-long/path/to/the/post?id=7 now, it is worth the time it takes and then some more",
        "Thanks @PyTorch for #AppleSilicon and $TSLA, which made this whole project possible",
    ]);
    let design = Design {
        template: Template::Posts,
        ..Design::default()
    };
    let carousel = layout_thread(&thread, &design, fonts()).unwrap();
    let anchors = |svg: &str| -> Vec<(String, Vec<f32>, String)> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("a"))
            .map(|a| {
                let b = a.attribute("data-box").unwrap();
                let text: String = a
                    .descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect();
                (
                    a.attribute("href").unwrap().to_owned(),
                    b.split(' ').map(|n| n.parse().unwrap()).collect(),
                    text,
                )
            })
            .collect()
    };
    // The header's handle leads to the author's profile.
    let first = anchors(&carousel.slides[0]);
    assert_eq!(first[0].0, "https://x.com/ada", "{first:?}");
    let link = first
        .iter()
        .find(|a| a.0 == "https://example.com/a-long/path/to/the/post?id=7")
        .unwrap_or_else(|| panic!("{first:?}"));
    assert_eq!(link.2, "example.com/a-long/path…", "shown as X shows it");
    let boxed = &link.1;
    assert!(
        boxed[2] > 100.0 && boxed[3] > 20.0,
        "a box around the text: {boxed:?}"
    );
    assert!(boxed[0] >= 0.0 && boxed[0] + boxed[2] <= 1080.0);
    let second: Vec<String> = anchors(&carousel.slides[1])
        .into_iter()
        .map(|a| a.0)
        .collect();
    assert_eq!(
        second,
        [
            "https://x.com/ada",
            "https://x.com/PyTorch",
            "https://x.com/hashtag/AppleSilicon"
        ],
        "a cashtag leads nowhere"
    );
    assert!(words(&carousel.slides[1]).contains("$TSLA"));
}

#[test]
fn empty_thread_is_an_error() {
    let err = layout_thread(&thread(&[]), &Design::default(), fonts()).expect_err("no posts");
    assert!(err.to_string().contains("no posts"));
}

#[test]
fn language_comes_from_lang_or_script() {
    let mut t = thread(&["مرحبا بالعالم"]);
    assert_eq!(
        layout_thread(&t, &Design::default(), fonts())
            .expect("layout")
            .language,
        "ar"
    );
    t.posts[0].lang = Some("fr".into());
    assert_eq!(
        layout_thread(&t, &Design::default(), fonts())
            .expect("layout")
            .language,
        "fr"
    );
    let t = thread(&["日本語のテキストです"]);
    assert_eq!(
        layout_thread(&t, &Design::default(), fonts())
            .expect("layout")
            .language,
        "ja"
    );
}

#[test]
fn a_post_that_stayed_cut_short_ends_in_an_ellipsis_and_the_export_says_so() {
    let mut t = thread(&["hook", "This post goes on but X cut it here"]);
    t.posts[1].truncated = true;
    let carousel = layout_thread(&t, &Design::default(), fonts()).expect("layout");
    assert!(
        words(&carousel.slides[1]).contains("cut it here…"),
        "{}",
        words(&carousel.slides[1])
    );
    assert!(
        carousel
            .warnings
            .iter()
            .any(|w| w.contains("1 post could not be expanded")),
        "{:?}",
        carousel.warnings
    );
}

#[test]
fn a_poll_shows_its_options_and_results_and_a_dead_quote_says_so() {
    let mut t = thread(&["hook", "Which one?", "Look"]);
    t.posts[1].poll = Some(model::Poll {
        options: vec![
            model::PollOption {
                label: "Tabs".into(),
                result: Some("70%".into()),
            },
            model::PollOption {
                label: "Spaces".into(),
                result: Some("30%".into()),
            },
        ],
        summary: "10 votes · Final results".into(),
    });
    t.posts[2].quoted = Some(QuotedPost {
        unavailable: true,
        ..QuotedPost::default()
    });
    let carousel = layout_thread(&t, &Design::default(), fonts()).expect("layout");
    let poll = words(&carousel.slides[1]);
    for expected in ["Tabs — 70%", "Spaces — 30%", "10 votes · Final results"] {
        assert!(poll.contains(expected), "{expected} in {poll}");
    }
    assert!(words(&carousel.slides[2]).contains("This post is unavailable."));
}

#[test]
fn an_x_article_becomes_a_title_slide_and_slides_of_its_sections() {
    use model::{Article, ArticleBlock};
    let mut t = thread(&[""]);
    let long = "A paragraph that is long enough to need its own slide. ".repeat(9);
    t.posts[0].article = Some(Article {
        title: "The article title".into(),
        cover: None,
        blocks: vec![
            ArticleBlock::Paragraph {
                text: "Opening words.".into(),
            },
            ArticleBlock::Heading {
                level: 2,
                text: "First section".into(),
            },
            ArticleBlock::ListItem {
                ordered: true,
                text: "one".into(),
            },
            ArticleBlock::ListItem {
                ordered: true,
                text: "two".into(),
            },
            ArticleBlock::Paragraph { text: long.clone() },
            ArticleBlock::Heading {
                level: 2,
                text: "Second section".into(),
            },
            ArticleBlock::Quote {
                text: "Quoted.".into(),
            },
        ],
    });
    let carousel = layout_thread(&t, &Design::default(), fonts()).expect("layout");
    let all: Vec<String> = carousel.slides.iter().map(|s| words(s)).collect();
    assert!(all[0].contains("The article title"), "{all:?}");
    assert!(all[1].contains("Opening words."), "{all:?}");
    assert!(
        all[2].contains("First section") && all[2].contains("1. one") && all[2].contains("2. two"),
        "{all:?}"
    );
    // The long paragraph did not fit with the list: it goes on the next slide.
    assert!(all[3].contains("A paragraph that is long"), "{all:?}");
    assert!(
        all[4].contains("Second section") && all[4].contains("“Quoted.”"),
        "{all:?}"
    );
    assert_eq!(
        carousel.slides.len(),
        6,
        "title, 4 body slides, outro: {all:?}"
    );
}

#[test]
fn the_outro_fits_above_the_footer_at_every_ratio_with_the_largest_type() {
    use model::design::{Ratio, Typography};
    let thread = thread(&["Hook sentence here.", "Second post."]);
    for &ratio in Ratio::ALL {
        let design = Design {
            ratio,
            typography: Typography {
                title: 64.0,
                body: 32.0,
                ..Typography::default()
            },
            ..Design::default()
        };
        let carousel = layout_thread(&thread, &design, fonts()).unwrap();
        let outro = carousel.slides.last().unwrap();
        let doc = roxmltree::Document::parse(outro).unwrap();
        let num = |n: &roxmltree::Node, a: &str| -> f32 {
            n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0)
        };
        let rects: Vec<(f32, f32)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("rx").is_some())
            .map(|n| (num(&n, "y"), num(&n, "height")))
            .collect();
        // The button is the tall rounded rect; the progress bar the thin ones under it.
        let button = rects
            .iter()
            .copied()
            .fold((0.0, 0.0), |a, r| match r.1 > a.1 {
                true => r,
                false => a,
            });
        let bar_top = rects
            .iter()
            .filter(|r| r.1 < button.1 / 4.0)
            .map(|r| r.0)
            .fold(f32::MAX, f32::min);
        assert!(
            button.0 + button.1 <= bar_top,
            "{ratio:?}: the button ({button:?}) runs into the footer at {bar_top}"
        );
        for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let y = num(&text, "y");
            assert!(
                y > 0.0 && y < carousel.height as f32,
                "{ratio:?}: text at y {y} is off the slide"
            );
        }
    }
}

/// Every `<text>` element of a slide as (text, font-size, fill, x, font-family).
fn text_runs(svg: &str) -> Vec<(String, f32, String, f32, String)> {
    let doc = roxmltree::Document::parse(svg).expect("xml");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let num = |a: &str| n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0);
            (
                n.text().unwrap_or("").to_owned(),
                num("font-size"),
                n.attribute("fill").unwrap_or("").to_owned(),
                num("x"),
                n.attribute("font-family").unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn posts_design() -> Design {
    Design {
        template: Template::Posts,
        ..Design::default()
    }
}

#[test]
fn an_enumerated_post_is_a_list_with_accent_markers_and_hanging_items() {
    let post = "Three habits:\n1. Write the test first, then the code, then delete the half of it you did not need\n2. Ship on Fridays\n- Read the logs";
    let carousel = layout_thread(&thread(&[post]), &posts_design(), fonts()).unwrap();
    let runs = text_runs(&carousel.slides[0]);
    let theme = model::ThemeName::default().theme();
    let accent = &theme.accent_text(false).to_owned();
    let markers: Vec<_> = runs
        .iter()
        .filter(|r| &r.2 == accent && !r.0.contains("Swipe"))
        .collect();
    let shown: Vec<&str> = markers.iter().map(|r| r.0.trim()).collect();
    assert_eq!(
        shown,
        ["1.", "2.", "•"],
        "markers in the accent, dash shown as a bullet"
    );
    let item_x = |word: &str| runs.iter().find(|r| r.0.contains(word)).unwrap().3;
    // The second line of item 1 hangs under its first line, not under the marker.
    let first = item_x("Write");
    let wrapped = runs
        .iter()
        .filter(|r| r.2 != *accent && r.1 > 0.0)
        .skip_while(|r| !r.0.contains("Write"))
        .nth(1)
        .unwrap();
    assert!(
        (wrapped.3 - first).abs() < 1.0,
        "hanging indent: {wrapped:?} vs x {first}"
    );
    assert!(
        first > markers[0].3 + 10.0,
        "items start right of their markers"
    );
    assert!(
        carousel.post.alt[0].contains("2. Ship on Fridays"),
        "{:?}",
        carousel.post.alt
    );
}

#[test]
fn lists_keep_the_numbered_templates_numeral_and_read_as_bullets_in_a_tweet_card() {
    let posts = [
        "A hook that opens the carousel.",
        "Write hooks first.\n- Lead with the result\n- Promise one specific thing\n- Cut every word",
    ];
    let numbered = Design {
        template: Template::Numbered,
        ..Design::default()
    };
    let carousel = layout_thread(&thread(&posts), &numbered, fonts()).expect("layout");
    let list = texts(&carousel.slides[1]);
    assert!(
        list.iter().any(|t| t == "01"),
        "the numeral stays: {list:?}"
    );
    assert!(list.iter().any(|t| t == "•"), "a list slide: {list:?}");
    let card = Design {
        template: Template::TweetCard,
        ..Design::default()
    };
    let carousel = layout_thread(&thread(&posts), &card, fonts()).expect("layout");
    let shown = words(&carousel.slides[1]);
    assert!(
        shown.contains("• Lead with the result") && !shown.contains("- Lead"),
        "{shown}"
    );
}

#[test]
fn a_short_post_alone_is_set_large_but_under_the_cover() {
    let long = "A body post, long enough (over ninety characters) that the rules keep it at body size rather than setting it large.";
    let design = Design::default();
    let carousel = layout_thread(
        &thread(&["The hook", "Nobody reads the docs.", long]),
        &design,
        fonts(),
    )
    .unwrap();
    let size = |slide: usize, word: &str| {
        text_runs(&carousel.slides[slide])
            .into_iter()
            .find(|r| r.0.contains(word))
            .unwrap()
            .1
    };
    let (cover, punchy, body) = (size(0, "hook"), size(1, "docs"), size(2, "body"));
    assert!(
        punchy > body * 1.3 && punchy < cover,
        "{cover} > {punchy} > {body}"
    );
}

#[test]
fn a_post_built_around_a_figure_shows_it_large_in_the_accent() {
    let carousel = layout_thread(
        &thread(&["p99 latency: 840ms → 120ms.\n\nSame hardware, same traffic."]),
        &posts_design(),
        fonts(),
    )
    .unwrap();
    let runs = text_runs(&carousel.slides[0]);
    let theme = model::ThemeName::default().theme();
    let accent = &theme.accent_text(true).to_owned();
    let figure = runs
        .iter()
        .find(|r| r.0.contains("840ms") && &r.2 == accent)
        .unwrap_or_else(|| panic!("no accent figure: {runs:?}"));
    let body = runs.iter().find(|r| r.0.contains("hardware")).unwrap();
    assert!(
        figure.1 > body.1 * 2.0,
        "figure {} vs body {}",
        figure.1,
        body.1
    );
    // The author's sentence is still there in full.
    assert!(compact(&words(&carousel.slides[0])).contains("p99latency:840ms→120ms."));
}

#[test]
fn code_is_set_in_the_mono_font_with_its_indentation() {
    let post = "```python\nfor row in rows:\n    cache.set(row.id, row)\n```";
    let carousel = layout_thread(&thread(&[post]), &posts_design(), fonts()).unwrap();
    let runs = text_runs(&carousel.slides[0]);
    let code: Vec<_> = runs.iter().filter(|r| r.0.contains("row")).collect();
    assert!(!code.is_empty());
    assert!(code.iter().all(|r| r.4 == "JetBrains Mono"), "{code:?}");
    assert!(
        !words(&carousel.slides[0]).contains("```"),
        "fences are left out"
    );
    let line = |word: &str| code.iter().find(|r| r.0.contains(word)).unwrap();
    assert!(
        line("cache").3 > line("for").3 + 20.0 || line("cache").0.starts_with("    "),
        "the indented line stays indented: {code:?}"
    );
}

#[test]
fn a_photo_without_text_fills_the_slide_and_a_deck_can_override_any_shape() {
    use model::deck::{DeckSlide, PostRef};
    use model::design::SlideShape;
    let mut photo_post = post("1", "");
    photo_post.images = vec!["https://pbs.twimg.com/media/a.jpg".into()];
    let thread = Thread {
        url: "https://x.com/ada/status/1".into(),
        posts: vec![photo_post, post("2", "Nobody reads the docs.")],
        ..Thread::default()
    };
    let design = posts_design();
    let carousel = layout_thread(&thread, &design, fonts()).unwrap();
    let doc = roxmltree::Document::parse(&carousel.slides[0]).unwrap();
    let image = doc.descendants().find(|n| n.has_tag_name("image")).unwrap();
    let h: f32 = image.attribute("height").unwrap().parse().unwrap();
    assert!(
        h > carousel.height as f32 * 0.6,
        "photo fills the slide: {h}"
    );

    // The same deck with the user's own choices: the punchy post as plain text.
    let mut deck = model::Deck::from_thread(&thread, &design);
    deck.slides[1] = DeckSlide::Post {
        posts: vec![PostRef::all("2")],
        text: None,
        shape: SlideShape::Text,
    };
    let overridden = layout::layout_deck(&deck, fonts()).unwrap();
    let size = |svg: &str| {
        text_runs(svg)
            .into_iter()
            .find(|r| r.0.contains("docs"))
            .unwrap()
            .1
    };
    assert_eq!(size(&overridden.slides[1]), 54.0, "body 18 × scale 3");
    assert!(size(&carousel.slides[1]) > 54.0, "auto sets it large");
    let json = serde_json::to_string(&deck).unwrap();
    assert!(json.contains(r#""shape":"text""#), "{json}");
    let back: model::Deck = serde_json::from_str(&json).unwrap();
    assert_eq!(back, deck);
}
