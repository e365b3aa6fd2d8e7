//! One HTML snapshot of a status page → the conversation's items in order.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Selector};

use super::ScrapeError;
use super::ancestry::{Inherited, any_ancestor, selector_ancestor, test_id};
use super::limits;
use super::post::{self, Ancestry, Article, Selectors};
use super::urls;
use model::Post;

/// What one snapshot of a status page shows of the conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The status id the page is about: from the page URL, else from the focal article
    /// (`tabindex="-1"`). `None` when neither is known.
    pub focal_id: Option<String>,
    /// The conversation's cells in document order (top to bottom), empty cells left out.
    pub items: Vec<Item>,
    /// True when the first cell of this snapshot is the first cell of the conversation
    /// (`translateY(0px)`): nothing is above it, so the top of the thread is in view.
    pub starts_at_top: bool,
}

/// One cell of the conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A post (boxed: it is far larger than the other variants).
    Post(Box<ScrapedPost>),
    /// A section heading such as "Discover more" (its text as displayed). Ends the thread.
    Heading(String),
    /// A promoted post. Skipped, and does not end the thread.
    Ad,
    /// A post that is not there ("This post is unavailable", deleted, withheld). Skipped
    /// without ending the thread; counted when it lies between the author's posts.
    Tombstone,
}

/// A post as one snapshot shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScrapedPost {
    /// The card data. `post.truncated` is true while the post still shows "Show more", i.e. its
    /// text is cut short in this snapshot.
    pub post: Post,
    /// True for the post the page is about (`tabindex="-1"`, or the page URL's status id).
    pub focal: bool,
    /// Photos behind a sensitive-media warning that was not revealed, left out of `post`.
    pub hidden_sensitive: u32,
}

impl Item {
    /// The post of a post item.
    pub fn post(&self) -> Option<&ScrapedPost> {
        match self {
            Item::Post(post) => Some(post),
            _ => None,
        }
    }
}

impl Snapshot {
    /// The posts of this snapshot, in order.
    pub fn posts(&self) -> impl Iterator<Item = &ScrapedPost> {
        self.items.iter().filter_map(Item::post)
    }
}

/// Parses one snapshot of an x.com (or twitter.com) status page.
///
/// `html` is a whole page or just the conversation element's `outerHTML`; `page_url` is the
/// page's address (`https://x.com/<handle>/status/<id>`, twitter.com and mobile hosts too), or
/// `""` when unknown. Only the conversation is read: the sidebar, the navigation and the reply
/// box are ignored.
///
/// # Errors
/// [`ScrapeError::EmptyShell`] for X's app shell without posts (an "HTML only" save),
/// [`ScrapeError::NoConversation`] for a page that is not an X conversation. A conversation
/// element whose cells are not rendered yet gives an empty snapshot, not an error.
/// [`ScrapeError::TooLarge`] and the other limits refuse markup far past any x.com page's (see
/// [`MAX_INPUT_BYTES`](super::MAX_INPUT_BYTES)) before it can cost much.
pub fn parse_snapshot(html: &str, page_url: &str) -> Result<Snapshot, ScrapeError> {
    read_snapshot(&limits::parse_document(html)?, page_url)
}

/// [`parse_snapshot`] of a parsed document.
pub(crate) fn read_snapshot(document: &Html, page_url: &str) -> Result<Snapshot, ScrapeError> {
    let sel = Selectors::new();
    let ancestry = Ancestry::new();
    let in_chrome = in_chrome();
    let (scope, is_conversation) = conversation_scope(document);

    let cells: Vec<ElementRef<'_>> = outermost(scope, &sel.cell)
        .into_iter()
        .filter(|cell| !in_chrome.above(*cell))
        .collect();
    let mut items = Vec::new();
    let mut focal_from_page = None;
    let starts_at_top = cells
        .first()
        .is_some_and(|cell| translate_y(*cell) == Some(0.0));
    if cells.is_empty() {
        // A fragment without the virtualised cells: every article is an item.
        for article in outermost(scope, &sel.article) {
            if !in_chrome.above(article) {
                push_article(article, &sel, &ancestry, &mut items, &mut focal_from_page);
            }
        }
    } else {
        for cell in cells {
            let articles = outermost(cell, &sel.article);
            if articles.is_empty() {
                if let Some(heading) = cell.select(&sel.heading).next() {
                    let text = post::plain_text(heading);
                    if !text.is_empty() {
                        items.push(Item::Heading(text));
                    }
                } else if post::is_tombstone(cell) {
                    items.push(Item::Tombstone);
                }
            }
            for article in articles {
                push_article(article, &sel, &ancestry, &mut items, &mut focal_from_page);
            }
        }
    }

    if items.is_empty() && !is_conversation {
        let any_article = Selector::parse(r#"article[data-testid="tweet"]"#).expect("static");
        return Err(
            if document.select(&any_article).next().is_none() && is_x_shell(document) {
                ScrapeError::EmptyShell
            } else {
                ScrapeError::NoConversation
            },
        );
    }

    let focal_id = urls::page_status(page_url)
        .map(|(_, id)| id)
        .or(focal_from_page);
    // Read only when the focal post shows no photo of its own (the photo viewer's case).
    let mut viewer: Option<Vec<String>> = None;
    if let Some(focal_id) = &focal_id {
        for item in &mut items {
            if let Item::Post(post) = item
                && &post.post.id == focal_id
            {
                post.focal = true;
                // The photo viewer shows the focal post's photos in its own carousel, outside
                // the post (which then shows none).
                if post.post.images.is_empty()
                    && (urls::is_media_route(page_url) || post.post.video_poster.is_none())
                {
                    let viewer = viewer.get_or_insert_with(|| viewer_photos(document));
                    post.post.images.clone_from(viewer);
                }
            }
        }
    }
    Ok(Snapshot {
        focal_id,
        items,
        starts_at_top,
    })
}

fn push_article(
    article: ElementRef<'_>,
    sel: &Selectors,
    ancestry: &Ancestry,
    items: &mut Vec<Item>,
    focal: &mut Option<String>,
) {
    match post::extract(article, sel, ancestry) {
        Article::Post {
            post,
            hidden_sensitive,
        } => {
            let is_focal = article.value().attr("tabindex") == Some("-1");
            if is_focal && focal.is_none() {
                *focal = Some(post.id.clone());
            }
            items.push(Item::Post(Box::new(ScrapedPost {
                post: *post,
                focal: is_focal,
                hidden_sensitive,
            })));
        }
        Article::Ad => items.push(Item::Ad),
        Article::Tombstone => items.push(Item::Tombstone),
    }
}

/// The conversation timeline, falling back to the primary column and then to the whole page.
/// The second value says whether a conversation element was found.
fn conversation_scope(document: &Html) -> (ElementRef<'_>, bool) {
    let parse = |s: &str| Selector::parse(s).expect("static selector parses");
    let timeline = parse(r#"[aria-label^="Timeline: Conversation"]"#);
    // `[data-testid="primaryColumn"] [aria-label^="Timeline: Conversation"]`, with the column
    // looked for once per node rather than once per timeline-like element.
    let in_column = Inherited::new(selector_ancestor(|element| {
        test_id(element) == Some("primaryColumn")
    }));
    if let Some(scope) = document.select(&timeline).find(|el| in_column.above(*el)) {
        return (scope, true);
    }
    if let Some(scope) = document.select(&timeline).next() {
        return (scope, true);
    }
    // Other UI languages label the timeline differently; the column still scopes it.
    if let Some(scope) = document
        .select(&parse(r#"[data-testid="primaryColumn"]"#))
        .next()
    {
        return (scope, false);
    }
    (document.root_element(), false)
}

/// The elements of `scope` (itself included) that `selector` matches and that are not inside
/// another one, in document order. X never nests cells in cells nor articles in articles;
/// markup that does would have each inner one read again for every one around it (its posts
/// repeated as often), so only the outermost count. One pass over the scope.
fn outermost<'a>(scope: ElementRef<'a>, selector: &Selector) -> Vec<ElementRef<'a>> {
    let mut found = Vec::new();
    // The found element whose subtree the traversal is in.
    let mut inside = None;
    for edge in scope.traverse() {
        match edge {
            Edge::Open(node) if inside.is_none() => {
                if let Some(el) = ElementRef::wrap(node)
                    && selector.matches_with_scope(&el, Some(scope))
                {
                    found.push(el);
                    inside = Some(node.id());
                }
            }
            Edge::Close(node) if inside == Some(node.id()) => inside = None,
            _ => {}
        }
    }
    found
}

/// Inside the sidebar, the navigation or the header: never part of the conversation. Asked of
/// an element's ancestors ([`Inherited::above`]).
fn in_chrome() -> Inherited {
    Inherited::new(any_ancestor(|element| {
        // The logged-in DM drawer is made of `cellInnerDiv`s too.
        matches!(test_id(element), Some("sidebarColumn" | "DMDrawer"))
            || matches!(element.name(), "nav" | "header")
            || matches!(
                element.attr("role"),
                Some("navigation" | "banner" | "complementary")
            )
    }))
}

/// The photos of the photo viewer (`/<handle>/status/<id>/photo/N`), in its carousel's order:
/// images of a dialog that are outside every post, and are post media (pbs.twimg.com `media/`)
/// or sit in the viewer's `swipe-to-dismiss` frames (a saved page's local copies).
fn viewer_photos(document: &Html) -> Vec<String> {
    let img = Selector::parse("img[src]").expect("static selector parses");
    let in_dialog = Inherited::new(any_ancestor(|element| {
        element.attr("aria-modal") == Some("true") || element.attr("role") == Some("dialog")
    }));
    let in_frame = Inherited::new(any_ancestor(|element| {
        test_id(element) == Some("swipe-to-dismiss")
    }));
    let in_post_or_avatar = Inherited::new(any_ancestor(|element| {
        element.name() == "article"
            || test_id(element).is_some_and(|id| id.starts_with("UserAvatar-Container-"))
    }));
    let mut photos: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for image in document.select(&img) {
        let Some(src) = image.value().attr("src").map(str::trim) else {
            continue;
        };
        if !in_dialog.above(image) || in_post_or_avatar.above(image) {
            continue;
        }
        let is_media = src.contains("pbs.twimg.com/media/")
            || (in_frame.above(image) && !src.is_empty() && !src.contains("profile_images"));
        if is_media && !urls::is_video_thumbnail(src) {
            let src = urls::large_photo(src);
            let id = urls::photo_media_id(&src).unwrap_or(&src).to_owned();
            if seen.insert(id) {
                photos.push(src);
            }
        }
    }
    photos
}

/// The `translateY(…px)` of a virtualised cell: its offset in the whole list.
fn translate_y(cell: ElementRef<'_>) -> Option<f32> {
    let style = cell.value().attr("style")?;
    let (_, rest) = style.split_once("translateY(")?;
    let number = rest.split_once(')')?.0.trim().trim_end_matches("px").trim();
    number.parse().ok()
}

/// X's app shell: the `react-root` mount point, X's scripts or X's site metadata.
fn is_x_shell(document: &Html) -> bool {
    let markers = [
        "#react-root",
        r#"script[src*="abs.twimg.com"]"#,
        r#"link[href*="abs.twimg.com"]"#,
        r#"meta[property="og:site_name"][content="X"]"#,
        r#"meta[content="@twitter"]"#,
    ];
    markers.iter().any(|marker| {
        let selector = Selector::parse(marker).expect("static selector parses");
        document.select(&selector).next().is_some()
    })
}

/// The page URL a saved page names for itself (`<link rel="canonical">`, else `og:url`).
pub(crate) fn canonical_url(document: &Html) -> Option<String> {
    for (selector, attr) in [
        (r#"link[rel="canonical"][href]"#, "href"),
        (r#"meta[property="og:url"][content]"#, "content"),
    ] {
        let selector = Selector::parse(selector).expect("static selector parses");
        if let Some(url) = document
            .select(&selector)
            .find_map(|el| el.value().attr(attr))
        {
            return Some(url.trim().to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(inner: &str, handle: &str, id: &str) -> String {
        format!(
            r#"<article data-testid="tweet" role="article" tabindex="0"><div data-testid="User-Name"><a href="/{handle}"><span>{handle} name</span></a><a href="/{handle}"><span>@{handle}</span></a><a href="/{handle}/status/{id}"><time datetime="2026-01-01T00:00:00.000Z">Jan 1</time></a></div><div data-testid="tweetText" lang="en"><span>text of {id}</span></div>{inner}</article>"#
        )
    }

    fn cell(inner: &str) -> String {
        format!(r#"<div data-testid="cellInnerDiv">{inner}</div>"#)
    }

    fn conversation(cells: &[String]) -> String {
        format!(
            r#"<div aria-label="Timeline: Conversation"><div>{}</div></div>"#,
            cells.concat()
        )
    }

    #[test]
    fn placement_tracking_around_an_article_is_an_ad_even_with_a_permalink() {
        let ad = format!(
            r#"<div data-testid="placementTracking">{}</div>"#,
            article("", "acme", "9")
        );
        let html = conversation(&[
            cell(&article("", "a", "1")),
            cell(&ad),
            cell(&article("", "a", "2")),
        ]);
        let snapshot = parse_snapshot(&html, "https://x.com/a/status/1").unwrap();
        assert!(matches!(snapshot.items[1], Item::Ad));
        assert_eq!(snapshot.posts().count(), 2);
    }

    #[test]
    fn placement_tracking_inside_an_article_is_a_video_not_an_ad() {
        let video = r#"<div data-testid="tweetPhoto"><div data-testid="placementTracking"><div data-testid="videoPlayer"><img src="https://pbs.twimg.com/media/NotAPhoto?format=jpg&amp;name=small"><video poster="https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/p.jpg"></video></div></div></div>"#;
        let html = conversation(&[cell(&article(video, "a", "1"))]);
        let snapshot = parse_snapshot(&html, "https://x.com/a/status/1").unwrap();
        let post = &snapshot.posts().next().expect("a post, not an ad").post;
        assert_eq!(
            post.video_poster.as_deref(),
            Some("https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/p.jpg")
        );
        assert!(post.images.is_empty(), "{:?}", post.images);
        assert!(snapshot.posts().next().unwrap().focal);
    }

    #[test]
    fn links_without_hidden_prefix_get_a_scheme_and_script_elements_are_not_text() {
        let text = r#"<div data-testid="tweetText"><span>see </span><a href="https://t.co/x">example.com/a…</a><script>evil()</script><span> &lt;b&gt;</span></div>"#;
        let html = conversation(&[cell(&article("", "a", "1").replace(
            r#"<div data-testid="tweetText" lang="en"><span>text of 1</span></div>"#,
            text,
        ))]);
        let snapshot = parse_snapshot(&html, "").unwrap();
        let post = &snapshot.posts().next().unwrap().post;
        assert_eq!(post.text, "see https://example.com/a <b>");
        assert_eq!(post.links, ["https://example.com/a"]);
        assert_eq!(snapshot.focal_id, None);
    }

    #[test]
    fn headings_and_empty_cells() {
        let heading = r#"<div><h2 role="heading"><span>Discover more</span></h2></div>"#;
        let html = conversation(&[
            cell(&article("", "a", "1")),
            cell("<div></div>"),
            cell(heading),
        ]);
        let snapshot = parse_snapshot(&html, "").unwrap();
        assert_eq!(snapshot.items.len(), 2);
        assert_eq!(snapshot.items[1], Item::Heading("Discover more".into()));
    }
}
