//! The scraper on saved x.com pages: the shared `thread-photon` fixture plus one fixture per trap
//! of `docs/x-dom.md` (see `tests/fixtures/x/make-fixtures.py`), compared field by field with their
//! `.expected.json`, and the collector fed overlapping windows of cells as a scrolling page gives.

use std::path::PathBuf;

use model::{Post, QuotedPost, Thread};
use scrape::{Item, ScrapeError, ThreadCollector, parse_snapshot, photo_media_id, scrape_html};

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/x")
        .join(name)
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn expected(name: &str) -> Thread {
    serde_json::from_str(&fixture(&format!("{name}.expected.json"))).expect("expected JSON parses")
}

/// Photos compare by media id: the scraper asks for `name=large`, the page showed `name=small`.
/// Paths of a saved page compare as they are.
fn photo_keys(images: &[String]) -> Vec<String> {
    images
        .iter()
        .map(|src| photo_media_id(src).unwrap_or(src).to_owned())
        .collect()
}

/// Avatars compare at the size the scraper asks for.
fn avatar_key(avatar: &Option<String>) -> Option<String> {
    avatar.as_ref().map(|a| a.replace("_normal.", "_400x400."))
}

fn assert_quoted_eq(id: &str, actual: &Option<QuotedPost>, expected: &Option<QuotedPost>) {
    match (actual, expected) {
        (None, None) => {}
        (Some(a), Some(e)) => {
            assert_eq!(a.unavailable, e.unavailable, "{id}: quoted unavailable");
            assert_eq!(a.id, e.id, "{id}: quoted id");
            assert_eq!(a.author.name, e.author.name, "{id}: quoted author name");
            assert_eq!(a.author.handle, e.author.handle, "{id}: quoted handle");
            assert_eq!(
                avatar_key(&a.author.avatar),
                avatar_key(&e.author.avatar),
                "{id}: quoted avatar"
            );
            assert_eq!(a.text, e.text, "{id}: quoted text");
            assert_eq!(a.links, e.links, "{id}: quoted links");
            assert_eq!(
                photo_keys(&a.images),
                photo_keys(&e.images),
                "{id}: quoted images"
            );
        }
        _ => panic!("{id}: quoted is {actual:?}, expected {expected:?}"),
    }
}

fn assert_post_eq(a: &Post, e: &Post) {
    let id = &e.id;
    assert_eq!(a.id, e.id);
    assert_eq!(a.author.name, e.author.name, "{id}: author name");
    assert_eq!(a.author.handle, e.author.handle, "{id}: handle");
    assert_eq!(
        avatar_key(&a.author.avatar),
        avatar_key(&e.author.avatar),
        "{id}: avatar"
    );
    assert_eq!(a.created_at, e.created_at, "{id}: created_at");
    assert_eq!(a.text, e.text, "{id}: text");
    if e.lang.is_some() {
        assert_eq!(a.lang, e.lang, "{id}: lang");
    }
    assert_eq!(a.truncated, e.truncated, "{id}: truncated");
    assert_eq!(a.links, e.links, "{id}: links");
    assert_eq!(photo_keys(&a.images), photo_keys(&e.images), "{id}: images");
    assert_eq!(a.video_poster, e.video_poster, "{id}: video_poster");
    assert_eq!(a.gif, e.gif, "{id}: gif");
    assert_eq!(a.card, e.card, "{id}: card");
    assert_eq!(a.poll, e.poll, "{id}: poll");
    assert_eq!(a.article, e.article, "{id}: article");
    assert_quoted_eq(id, &a.quoted, &e.quoted);
}

fn assert_thread_eq(actual: &Thread, expected: &Thread) {
    let ids = |t: &Thread| t.posts.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(actual), ids(expected), "post ids");
    assert_eq!(actual.url, expected.url, "url");
    for (a, e) in actual.posts.iter().zip(&expected.posts) {
        assert_post_eq(a, e);
    }
    assert_eq!(actual.left_out, expected.left_out, "left_out");
}

/// Every fixture page with a thread, the old ones and those of real pages' other shapes
/// (`make-real-shapes.py`).
const THREADS: [&str; 10] = [
    "thread-photon",
    "thread-traps",
    "thread-middle",
    "reply-to-other",
    "edited-long",
    "tombstones",
    "media-kinds",
    "photo-viewer",
    "x-article",
    "saved-complete",
];

#[test]
fn every_fixture_matches_its_expected_json() {
    for name in THREADS {
        assert_thread_eq(&scrape_fixture(name), &expected(name));
    }
}

fn scrape_fixture(name: &str) -> Thread {
    scrape_html(&fixture(&format!("{name}.html")), None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn thread_photon_matches_expected() {
    let thread = scrape_fixture("thread-photon");
    assert_thread_eq(&thread, &expected("thread-photon"));
    // Photos are asked for at a size fit for a 1080 px slide, avatars at 400×400.
    assert_eq!(
        thread.posts[0].images,
        ["https://pbs.twimg.com/media/HKkX6T67DJfj8Et?format=jpg&name=large"]
    );
    assert_eq!(
        thread.posts[0].author.avatar.as_deref(),
        Some("https://pbs.twimg.com/profile_images/1856371243123470336/Lq8Wd0mP_400x400.jpg")
    );
    assert_eq!(thread.posts[0].lang.as_deref(), Some("en"));
}

#[test]
fn thread_traps_matches_expected() {
    assert_thread_eq(&scrape_fixture("thread-traps"), &expected("thread-traps"));
}

#[test]
fn thread_middle_matches_expected() {
    assert_thread_eq(&scrape_fixture("thread-middle"), &expected("thread-middle"));
}

#[test]
fn reply_to_other_matches_expected() {
    assert_thread_eq(
        &scrape_fixture("reply-to-other"),
        &expected("reply-to-other"),
    );
}

#[test]
fn ads_are_skipped_without_ending_the_thread() {
    let snapshot = parse_snapshot(&fixture("thread-traps.html"), "").unwrap();
    let ads = snapshot
        .items
        .iter()
        .filter(|item| matches!(item, Item::Ad))
        .count();
    assert_eq!(ads, 2);
    let thread = scrape_fixture("thread-traps");
    assert!(
        thread
            .posts
            .iter()
            .all(|p| p.author.handle == "mara_builds")
    );
    assert!(!thread.posts.iter().any(|p| p.text.contains("Acme")));
    assert_eq!(
        thread.posts.len(),
        7,
        "the ads sit between posts 1–2 and 3–4"
    );
}

#[test]
fn video_placement_tracking_is_not_an_ad_and_its_poster_is_not_a_photo() {
    let thread = scrape_fixture("thread-traps");
    let video = thread
        .posts
        .iter()
        .find(|p| p.id == "1900000000000000103")
        .unwrap();
    assert_eq!(
        video.video_poster.as_deref(),
        Some("https://pbs.twimg.com/amplify_video_thumb/1900000000000000103/img/VidPoster01.jpg")
    );
    assert!(video.images.is_empty());
}

#[test]
fn quote_post_belongs_to_the_quoting_post() {
    let thread = scrape_fixture("thread-traps");
    let quoting = thread
        .posts
        .iter()
        .find(|p| p.id == "1900000000000000102")
        .unwrap();
    let quoted = quoting.quoted.as_ref().expect("quoted post");
    assert_eq!(quoted.author.handle, "theo_k");
    assert!(quoted.text.starts_with("Hot take"));
    assert!(
        !quoting.text.contains("Hot take"),
        "quote text leaked: {}",
        quoting.text
    );
    assert!(
        quoting.images.is_empty(),
        "the quote's photo is not the quoting post's"
    );
    assert!(!thread.posts.iter().any(|p| p.author.handle == "theo_k"));
}

#[test]
fn photos_only_and_image_only_posts() {
    let thread = scrape_fixture("thread-traps");
    let four = thread
        .posts
        .iter()
        .find(|p| p.id == "1900000000000000104")
        .unwrap();
    assert_eq!(
        photo_keys(&four.images),
        [
            "MaRaPhOtO0001",
            "MaRaPhOtO0002",
            "MaRaPhOtO0003",
            "MaRaPhOtO0004"
        ]
    );
    let only = thread
        .posts
        .iter()
        .find(|p| p.id == "1900000000000000105")
        .unwrap();
    assert_eq!(only.text, "");
    assert_eq!(only.lang, None);
    assert_eq!(photo_keys(&only.images), ["MaRaOnLyImG01"]);
    let card = thread
        .posts
        .iter()
        .find(|p| p.id == "1900000000000000107")
        .unwrap();
    assert!(
        card.images.is_empty(),
        "a link card's image is not a photo: {:?}",
        card.images
    );
}

#[test]
fn show_more_marks_the_post_truncated() {
    let thread = scrape_fixture("thread-traps");
    let long = thread
        .posts
        .iter()
        .find(|p| p.id == "1900000000000000106")
        .unwrap();
    assert!(long.truncated);
    assert!(!long.text.contains("Show more"));
    assert!(
        long.text
            .contains(r#"<script>alert("x")</script> & 'quotes'"#),
        "{}",
        long.text
    );
}

#[test]
fn text_keeps_emoji_newlines_mentions_and_full_links() {
    let thread = scrape_fixture("thread-traps");
    let first = &thread.posts[0];
    assert_eq!(
        first.text,
        "Shipping a tiny Rust renderer in 7 posts 🧵\n\nWhy? Slides from threads, no browser \
         needed. Code: https://github.com/mara-builds/slides/tree/main/renderer\n@rustlang #RustLang"
    );
    assert_eq!(
        first.links,
        ["https://github.com/mara-builds/slides/tree/main/renderer"]
    );
    assert_eq!(
        first.author.name, "Mara Okafor 🛠️",
        "emoji in names keep U+FE0F"
    );
}

#[test]
fn the_thread_stops_at_a_commenter_and_at_discover_more() {
    let thread = scrape_fixture("thread-traps");
    let ids: Vec<&str> = thread.posts.iter().map(|p| p.id.as_str()).collect();
    assert!(
        !ids.contains(&"1900000000000000202"),
        "the author's reply to a commenter"
    );
    assert!(
        !ids.contains(&"1800000000000000999"),
        "the same author's post under Discover more"
    );
    let snapshot = parse_snapshot(&fixture("thread-traps.html"), "").unwrap();
    assert!(
        snapshot
            .items
            .contains(&Item::Heading("Discover more".into()))
    );
}

#[test]
fn focal_post_in_the_middle_keeps_its_ancestors_rtl_and_cjk() {
    let thread = scrape_fixture("thread-middle");
    assert_eq!(
        thread.url,
        "https://x.com/layla_h/status/1900000000000000303"
    );
    assert_eq!(thread.posts.len(), 5);
    assert_eq!(
        thread.posts[0].text,
        "سلسلة عن الخطوط العربية في الشرائح 👇\n(١/٥)"
    );
    assert_eq!(thread.posts[0].lang.as_deref(), Some("ar"));
    assert!(
        thread.posts[2]
            .text
            .starts_with("日本語と中文も同じスレッドで：「縦書きは未対応」。한국어도 됩니다.")
    );
    // A "Webpage, Complete" save: images are paths next to the page, kept as they are.
    assert_eq!(
        thread.posts[2].images,
        [
            "thread-middle_files/LaYlAcJk0001.jpg",
            "thread-middle_files/LaYlAcJk0002.jpg"
        ]
    );
    assert_eq!(
        thread.posts[0].author.avatar.as_deref(),
        Some("thread-middle_files/laylAv_normal.jpg")
    );
    // The sidebar's "Relevant people" card of the same author is not read.
    assert!(thread.posts.iter().all(|p| p.author.name == "ليلى 🌙"));
}

#[test]
fn focal_reply_to_another_author_leaves_that_post_out() {
    let thread = scrape_fixture("reply-to-other");
    assert_eq!(thread.posts[0].id, "1900000000000000402");
    assert!(thread.posts.iter().all(|p| p.author.handle == "ben_ships"));
    // A link without the hidden "…" span (short enough to show whole).
    assert_eq!(thread.posts[1].links, ["https://ben.example/measure"]);
}

#[test]
fn twitter_com_and_mobile_urls_name_the_focal_post() {
    let html = fixture("reply-to-other.html");
    for url in [
        "https://twitter.com/ben_ships/status/1900000000000000402",
        "https://mobile.twitter.com/ben_ships/status/1900000000000000402?s=20",
        "https://mobile.x.com/ben_ships/status/1900000000000000402/photo/1",
    ] {
        let thread = scrape_html(&html, Some(url)).unwrap();
        assert_thread_eq(&thread, &expected("reply-to-other"));
    }
    // The page URL wins over the focal article: opening Alice's post gives no thread of Ben's.
    let snapshot =
        parse_snapshot(&html, "https://x.com/alice_w/status/1900000000000000401").unwrap();
    assert_eq!(snapshot.focal_id.as_deref(), Some("1900000000000000401"));
}

#[test]
fn html_only_save_says_how_to_resave() {
    let err = scrape_html(&fixture("shell-html-only.html"), None).unwrap_err();
    assert_eq!(err, ScrapeError::EmptyShell);
    let message = err.to_string();
    assert!(message.contains("Webpage, Complete"), "{message}");
    assert!(message.contains("Ctrl+S"), "{message}");
}

#[test]
fn a_page_without_a_thread_is_an_error() {
    let err = scrape_html(&fixture("not-a-thread.html"), None).unwrap_err();
    assert_eq!(err, ScrapeError::NoConversation);
    assert!(err.to_string().contains("x.com"));
    assert_eq!(
        scrape_html("", None).unwrap_err(),
        ScrapeError::NoConversation
    );
}

#[test]
fn without_url_or_focal_article_the_focal_post_is_unknown() {
    let html = fixture("thread-photon.html")
        .replace(
            r#"tabindex="-1" class="css-175oi2r r-18u37iz"#,
            r#"tabindex="0" class="css-175oi2r r-18u37iz"#,
        )
        .replace("<link rel=\"canonical\"", "<link rel=\"alternate\"");
    let err = scrape_html(&html, None).unwrap_err();
    assert_eq!(err, ScrapeError::NoFocalPost { id: None });
    // Naming the post restores the thread.
    let thread = scrape_html(
        &html,
        Some("https://x.com/vikhyatk/status/2050335759004905655"),
    )
    .unwrap();
    assert_thread_eq(&thread, &expected("thread-photon"));
}

#[test]
fn conversation_outer_html_alone_is_enough() {
    let html = fixture("thread-photon.html");
    let start = html
        .find(r#"<div aria-label="Timeline: Conversation">"#)
        .unwrap();
    let end = html.find("</div></div></section>").unwrap() + "</div></div>".len();
    let url = "https://x.com/vikhyatk/status/2050335759004905655";
    let snapshot = parse_snapshot(&html[start..end], url).unwrap();
    let mut collector = ThreadCollector::new();
    collector.add(&snapshot);
    assert!(collector.is_top_reached());
    assert!(collector.is_complete());
    assert_thread_eq(&collector.thread().unwrap(), &expected("thread-photon"));
}

#[path = "support/cells.rs"]
mod cells;
use cells::Cells;

#[test]
fn collector_over_overlapping_windows_gives_the_whole_page_thread() {
    for name in THREADS {
        let html = fixture(&format!("{name}.html"));
        let cells = Cells::of(&html);
        for (size, step) in [(3, 2), (4, 3), (4, 2)] {
            let mut collector = ThreadCollector::new();
            for window in cells.windows(size, step) {
                // Live snapshots carry the page URL; the canonical link stands in for it.
                let snapshot = parse_snapshot(&window, "").unwrap();
                collector.add(&snapshot);
            }
            collector.mark_bottom_reached();
            assert!(collector.is_top_reached(), "{name} {size}/{step}");
            assert!(collector.is_complete(), "{name} {size}/{step}");
            assert_thread_eq(&collector.thread().unwrap(), &expected(name));
        }
    }
}

#[test]
fn collector_is_incomplete_until_the_end_is_seen() {
    let cells = Cells::of(&fixture("thread-photon.html"));
    let url = "https://x.com/vikhyatk/status/2050335759004905655";
    let mut collector = ThreadCollector::new();
    assert!(!collector.is_complete());
    assert!(collector.thread().is_err());
    // Cells 0–3: the focal post, the reply box, posts 2 and 3.
    collector.add(&parse_snapshot(&cells.window(0..4), url).unwrap());
    assert!(
        collector.is_top_reached(),
        "the first cell is at translateY(0)"
    );
    assert!(!collector.is_complete());
    assert_eq!(collector.thread().unwrap().posts.len(), 3);
    collector.add(&parse_snapshot(&cells.window(3..7), url).unwrap());
    collector.add(&parse_snapshot(&cells.window(6..9), url).unwrap());
    assert!(
        !collector.is_complete(),
        "the last thread post is the last cell seen"
    );
    assert_eq!(collector.thread().unwrap().posts.len(), 8);
    // Dana's reply comes into view: the thread has ended.
    collector.add(&parse_snapshot(&cells.window(8..11), url).unwrap());
    assert!(collector.is_complete());
    assert_thread_eq(&collector.thread().unwrap(), &expected("thread-photon"));
}

#[test]
fn collector_finds_ancestors_scrolling_up_from_the_focal_post() {
    // X opens a reply deep in a thread scrolled to the focal post; the ancestors load above.
    let cells = Cells::of(&fixture("thread-middle.html"));
    let url = "https://x.com/layla_h/status/1900000000000000303";
    let mut collector = ThreadCollector::new();
    collector.add(&parse_snapshot(&cells.window(2..6), url).unwrap());
    assert!(!collector.is_top_reached());
    assert_eq!(
        collector.thread().unwrap().posts[0].id,
        "1900000000000000303"
    );
    collector.mark_bottom_reached();
    assert!(collector.is_complete());
    collector.add(&parse_snapshot(&cells.window(1..3), url).unwrap());
    assert!(!collector.is_top_reached());
    collector.add(&parse_snapshot(&cells.window(0..2), url).unwrap());
    assert!(collector.is_top_reached());
    assert_thread_eq(&collector.thread().unwrap(), &expected("thread-middle"));
}

#[test]
fn collector_takes_the_expanded_text_of_a_show_more_post() {
    let html = fixture("thread-traps.html");
    let url = "https://x.com/mara_builds/status/1900000000000000101";
    let mut collector = ThreadCollector::new();
    collector.add(&parse_snapshot(&html, url).unwrap());
    assert_eq!(collector.truncated_ids(), ["1900000000000000106"]);
    // The page-side script clicked "Show more": the button is gone and the text is whole.
    let cells = Cells::of(&html);
    let index = cells
        .cells
        .iter()
        .position(|c| c.contains("1900000000000000106"))
        .unwrap();
    let expanded = cells.cells[index]
        .replace(
            "must come out literally.",
            "must come out literally. The rest of it.",
        )
        .replace(
            r#"data-testid="tweet-text-show-more-link""#,
            r#"data-testid="not-show-more""#,
        );
    let window = format!("{}{}{}", cells.head, expanded, cells.tail);
    collector.add(&parse_snapshot(&window, url).unwrap());
    assert!(collector.truncated_ids().is_empty());
    let thread = collector.thread().unwrap();
    let post = thread
        .posts
        .iter()
        .find(|p| p.id == "1900000000000000106")
        .unwrap();
    assert!(!post.truncated);
    assert!(post.text.contains("The rest of it."));
    assert_eq!(thread.posts.len(), 7, "merging kept the order");
}

#[test]
fn an_edited_focal_post_is_found_from_its_history_url() {
    let html = fixture("edited-long.html");
    let url = "https://x.com/nia_writes/status/1960000000000000101/history";
    let thread = scrape_html(&html, Some(url)).unwrap();
    assert_thread_eq(&thread, &expected("edited-long"));
    // The 2024 "Show more" link to the post is not its permalink, and it stays truncated.
    assert!(thread.posts[2].truncated);
    assert!(!thread.posts[2].text.contains("Show more"));
    assert!(thread.posts[2].text.chars().count() > 280);
    assert_eq!(
        thread.left_out_notes(),
        ["1 post could not be expanded (\"Show more\") and ends in \"…\"."]
    );
}

#[test]
fn the_photo_viewer_gives_the_focal_post_its_photos_from_the_viewer() {
    let html = fixture("photo-viewer.html");
    let url = "https://x.com/nia_writes/status/1960000000000000601/photo/2";
    let snapshot = parse_snapshot(&html, url).unwrap();
    let focal = snapshot.posts().find(|p| p.focal).expect("the focal post");
    assert_eq!(
        photo_keys(&focal.post.images),
        ["NiAvIeWeR001", "NiAvIeWeR002"]
    );
    // Other posts keep their own (none): the viewer's photos are the focal post's.
    assert!(
        snapshot
            .posts()
            .filter(|p| !p.focal)
            .all(|p| p.post.images.is_empty())
    );
}

#[test]
fn the_dm_drawer_is_not_the_conversation_even_without_a_timeline_label() {
    // Another UI language labels the timeline differently, and the photo viewer has no
    // primaryColumn: the whole page is the scope, and the DM drawer's cells must stay out.
    let html = fixture("photo-viewer.html").replace(
        r#"aria-label="Timeline: Conversation""#,
        r#"aria-label="Zeitleiste: Unterhaltung""#,
    );
    let thread = scrape_html(&html, None).unwrap();
    assert_thread_eq(&thread, &expected("photo-viewer"));
    assert!(
        thread.posts.iter().all(|p| p.id != "1960000000000000699"),
        "the DM drawer's post"
    );
}

#[test]
fn what_was_left_out_is_said() {
    let thread = scrape_fixture("tombstones");
    assert_eq!(
        thread.left_out_notes(),
        ["2 posts were unavailable (deleted or withheld) and are left out."]
    );
    // Someone else's deleted reply after the thread is not one of the thread's.
    assert_eq!(thread.posts.last().unwrap().id, "1960000000000000306");
    let thread = scrape_fixture("media-kinds");
    assert_eq!(thread.left_out_notes().len(), 1);
    assert!(
        thread.left_out_notes()[0].starts_with("A sensitive photo was not revealed"),
        "{:?}",
        thread.left_out_notes()
    );
    // A community note is X's words, not the author's: neither its text nor its link.
    let thread = scrape_fixture("tombstones");
    let noted = &thread.posts[2];
    assert_eq!(noted.text, "After the gap: the chart below is from 2026.");
    assert!(noted.links.is_empty(), "{:?}", noted.links);
}

#[test]
fn a_tombstone_seen_from_both_sides_counts_once() {
    let html = fixture("tombstones.html");
    let cells = Cells::of(&html);
    // Cells: 0 focal, 1 reply box, 2 post, 3 tombstone, 4 post, 5 tombstone, 6 post, …
    let mut collector = ThreadCollector::new();
    for range in [0..4, 3..5, 2..7, 5..cells.cells.len()] {
        collector.add(&parse_snapshot(&cells.window(range), "").unwrap());
    }
    collector.mark_bottom_reached();
    assert_eq!(collector.thread().unwrap().left_out.unavailable_posts, 2);
}
