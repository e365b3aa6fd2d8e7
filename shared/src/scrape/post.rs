//! One `article[data-testid="tweet"]` → a [`Post`]: author, text with full links and emoji,
//! photos, video poster, quoted post. Selects on `data-testid`, roles, `href` shapes and
//! structure only, never on class names (they rotate).

use std::collections::HashSet;

use scraper::{ElementRef, Selector, node::Node};

use super::ancestry::{Inherited, any_ancestor, selector_ancestor, test_id};
use super::urls;
use crate::model::{Author, Post, QuotedPost};

/// The selectors the extraction uses, parsed once per snapshot.
pub(crate) struct Selectors {
    pub article: Selector,
    pub cell: Selector,
    pub heading: Selector,
    user_name: Selector,
    /// `img[src]`: avatars and photos are told apart by their ancestors ([`Ancestry`]).
    img: Selector,
    tweet_text: Selector,
    show_more: Selector,
    video: Selector,
    time: Selector,
    link: Selector,
    role_link: Selector,
}

impl Selectors {
    pub fn new() -> Self {
        let parse = |s: &str| Selector::parse(s).expect("static selector parses");
        Self {
            article: parse(r#"article[data-testid="tweet"]"#),
            cell: parse(r#"[data-testid="cellInnerDiv"]"#),
            heading: parse(r#"[role="heading"]"#),
            user_name: parse(r#"[data-testid="User-Name"]"#),
            img: parse("img[src]"),
            tweet_text: parse(r#"[data-testid="tweetText"]"#),
            show_more: parse(r#"[data-testid="tweet-text-show-more-link"]"#),
            video: parse("video[poster]"),
            time: parse("time"),
            link: parse("a[href]"),
            role_link: parse(r#"div[role="link"]"#),
        }
    }
}

/// What the extraction asks about ancestors, answered once per node for a whole snapshot (see
/// [`Inherited`]) instead of by a walk to the root for every element asked about.
pub(crate) struct Ancestry {
    /// Inside an ad: a `placementTracking` ancestor below the nearest cell.
    promoted: Inherited,
    /// An avatar: `[data-testid^="UserAvatar-Container-"] img`.
    in_avatar: Inherited,
    /// A post photo: `[data-testid="tweetPhoto"] img`.
    in_photo: Inherited,
    /// Inside a video player or a link card, whose images are not photos.
    in_player_or_card: Inherited,
}

impl Ancestry {
    pub fn new() -> Self {
        Self {
            promoted: Inherited::new(|element, above| match element.and_then(test_id) {
                // The walk up stops at the cell: what wraps the cell is not this post's.
                Some("cellInnerDiv") => false,
                Some("placementTracking") => true,
                _ => above,
            }),
            in_avatar: Inherited::new(selector_ancestor(|element| {
                test_id(element).is_some_and(|id| id.starts_with("UserAvatar-Container-"))
            })),
            in_photo: Inherited::new(selector_ancestor(|element| {
                test_id(element) == Some("tweetPhoto")
            })),
            in_player_or_card: Inherited::new(any_ancestor(|element| {
                test_id(element).is_some_and(|id| {
                    id == "videoPlayer" || id == "videoComponent" || id.starts_with("card.")
                })
            })),
        }
    }
}

/// What an article turned out to be.
pub(crate) enum Article {
    Post(Box<Post>),
    /// A promoted post, or an article without a permalink (which only ads lack).
    Ad,
}

/// Extracts one article. `focal` posts keep their time in a separate permalink row; that row is
/// inside the article, so the same search finds it.
pub(crate) fn extract(article: ElementRef<'_>, sel: &Selectors, ancestry: &Ancestry) -> Article {
    // An ad is wrapped by a `placementTracking` element. The same test id also wraps video
    // players *inside* ordinary posts, so only ancestors count.
    if ancestry.promoted.above(article) {
        return Article::Ad;
    }
    let quotes = quote_blocks(article, sel);
    let own = |el: &ElementRef<'_>| !quotes.holds(*el);

    let Some((permalink_handle, id, created_at)) = permalink(article, sel, &own) else {
        return Article::Ad;
    };

    let author = article
        .select(&sel.user_name)
        .find(own)
        .map(|user_name| author(user_name, sel))
        .unwrap_or_else(no_author);
    let handle = if author.handle.is_empty() {
        permalink_handle
    } else {
        author.handle
    };
    let name = if author.name.is_empty() {
        handle.clone()
    } else {
        author.name
    };
    let avatar = avatar(article, sel, ancestry, &handle, &own);

    let mut text = String::new();
    let mut links = Vec::new();
    let mut lang = None;
    if let Some(tweet_text) = article.select(&sel.tweet_text).find(own) {
        render(tweet_text, &mut text, &mut links);
        lang = tweet_text.value().attr("lang").map(str::to_owned);
    }
    let truncated = article.select(&sel.show_more).any(|el| own(&el));
    let images = photos(article, sel, ancestry, &own);
    let video_poster = article
        .select(&sel.video)
        .find(own)
        .and_then(|video| video.value().attr("poster"))
        .map(str::to_owned);
    let quoted = quotes
        .first()
        .map(|quote| quoted_post(quote, sel, ancestry));

    Article::Post(Box::new(Post {
        id,
        author: Author {
            name,
            handle,
            avatar,
        },
        created_at,
        text: text.trim().to_owned(),
        lang,
        truncated,
        links,
        images,
        video_poster,
        quoted,
    }))
}

/// Quote posts: a `div[role="link"]` inside the article holding its own `User-Name`.
fn quote_blocks<'a>(article: ElementRef<'a>, sel: &Selectors) -> Blocks<'a> {
    let mut blocks = Blocks::new(article);
    // What holds a `User-Name`: found by walking up from each one to the first node already
    // marked, so blocks nested in blocks are not each searched through.
    let mut hold_user_names = HashSet::new();
    for user_name in article.select(&sel.user_name) {
        for node in std::iter::once(*user_name).chain(user_name.ancestors()) {
            if !hold_user_names.insert(node.id()) || node.id() == article.id() {
                break;
            }
        }
    }
    for block in article.select(&sel.role_link) {
        if hold_user_names.contains(&block.id()) && !blocks.holds(block) {
            blocks.push(block);
        }
    }
    blocks
}

/// Quote blocks in document order, and what lies inside them.
struct Blocks<'a> {
    in_order: Vec<ElementRef<'a>>,
    /// Whether a node is a block or inside one, up to the article.
    inside: Inherited,
}

impl<'a> Blocks<'a> {
    fn new(article: ElementRef<'_>) -> Self {
        Self {
            in_order: Vec::new(),
            inside: Inherited::below(article, |_, above| above),
        }
    }

    /// Blocks come in document order, so nothing inside `block` has been asked about yet.
    fn push(&mut self, block: ElementRef<'a>) {
        self.inside.set(block, true);
        self.in_order.push(block);
    }

    fn first(&self) -> Option<ElementRef<'a>> {
        self.in_order.first().copied()
    }

    /// True when `el` is one of the blocks or lies inside one (below the article).
    fn holds(&self, el: ElementRef<'_>) -> bool {
        !self.in_order.is_empty() && self.inside.at(*el)
    }
}

/// `(handle, id, datetime)` from the `a[href="/<handle>/status/<id>"] > time` of the post, or
/// from a bare permalink when the time is missing.
fn permalink(
    article: ElementRef<'_>,
    sel: &Selectors,
    own: &impl Fn(&ElementRef<'_>) -> bool,
) -> Option<(String, String, Option<String>)> {
    for time in article.select(&sel.time).filter(own) {
        let Some(parent) = time.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        if parent.value().name() != "a" {
            continue;
        }
        if let Some((handle, id)) = parent.value().attr("href").and_then(urls::permalink) {
            let datetime = time.value().attr("datetime").map(str::to_owned);
            return Some((handle, id, datetime));
        }
    }
    article
        .select(&sel.link)
        .filter(own)
        .find_map(|a| a.value().attr("href").and_then(urls::permalink))
        .map(|(handle, id)| (handle, id, None))
}

fn no_author() -> Author {
    Author {
        name: String::new(),
        handle: String::new(),
        avatar: None,
    }
}

/// Display name and handle from a `User-Name` block. In a post, the name and the `@handle` are
/// links; in a quoted post they are plain text, so the handle is the first `@…` text run and the
/// name the block's first child.
fn author(user_name: ElementRef<'_>, sel: &Selectors) -> Author {
    let handle = user_name
        .text()
        .map(str::trim)
        .find_map(|t| t.strip_prefix('@').filter(|h| !h.is_empty()))
        .map(str::to_owned)
        .or_else(|| {
            user_name
                .select(&sel.link)
                .find_map(|a| a.value().attr("href").and_then(urls::profile_handle))
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let name = user_name
        .select(&sel.link)
        .map(plain_text)
        .find(|t| !t.is_empty() && !t.starts_with('@'))
        .or_else(|| {
            user_name
                .children()
                .find_map(ElementRef::wrap)
                .map(plain_text)
                .filter(|t| !t.starts_with('@'))
        })
        .unwrap_or_default();
    Author {
        name,
        handle,
        avatar: None,
    }
}

/// The avatar of `handle` (`UserAvatar-Container-<handle>`), else the first avatar in scope.
/// The author's container is looked for inside `scope` (where X puts it), not above it.
fn avatar(
    scope: ElementRef<'_>,
    sel: &Selectors,
    ancestry: &Ancestry,
    handle: &str,
    own: &impl Fn(&ElementRef<'_>) -> bool,
) -> Option<String> {
    let candidates: Vec<ElementRef<'_>> = scope
        .select(&sel.img)
        .filter(|img| ancestry.in_avatar.above(*img) && own(img))
        .collect();
    let container = format!("UserAvatar-Container-{handle}");
    let in_container = Inherited::below(
        scope,
        any_ancestor(move |element| {
            test_id(element).is_some_and(|id| id.eq_ignore_ascii_case(&container))
        }),
    );
    let of_author = candidates.iter().find(|img| in_container.above(**img));
    of_author
        .or(candidates.first())
        .and_then(|img| img.value().attr("src"))
        .map(urls::large_avatar)
}

/// Photos only: `tweetPhoto` images that are post media. Video posters, link-card images,
/// avatars and emoji are not photos.
fn photos(
    scope: ElementRef<'_>,
    sel: &Selectors,
    ancestry: &Ancestry,
    own: &impl Fn(&ElementRef<'_>) -> bool,
) -> Vec<String> {
    let mut images: Vec<String> = Vec::new();
    // The photos so far, for a lookup that does not grow with them.
    let mut seen: HashSet<String> = HashSet::new();
    for img in scope
        .select(&sel.img)
        .filter(|img| ancestry.in_photo.above(*img) && own(img))
    {
        let in_player_or_card = ancestry.in_player_or_card.above(img);
        let Some(src) = img.value().attr("src") else {
            continue;
        };
        let is_photo = if urls::is_absolute(src) {
            src.contains("pbs.twimg.com/media/") || src.starts_with("data:image/")
        } else {
            // A "Webpage, Complete" save points into `<name>_files/`; structure already
            // told us it is a photo.
            !src.is_empty()
        };
        if is_photo && !in_player_or_card {
            let src = urls::large_photo(src);
            if seen.insert(src.clone()) {
                images.push(src);
            }
        }
    }
    images
}

fn quoted_post(quote: ElementRef<'_>, sel: &Selectors, ancestry: &Ancestry) -> QuotedPost {
    let everything = |_: &ElementRef<'_>| true;
    let mut author = quote
        .select(&sel.user_name)
        .next()
        .map(|user_name| author(user_name, sel))
        .unwrap_or_else(no_author);
    author.avatar = avatar(quote, sel, ancestry, &author.handle, &everything);
    let mut text = String::new();
    let mut links = Vec::new();
    if let Some(tweet_text) = quote.select(&sel.tweet_text).next() {
        render(tweet_text, &mut text, &mut links);
    }
    // The quote's id is not in X's markup today; take it if a permalink is there.
    let id = quote
        .value()
        .attr("href")
        .into_iter()
        .chain(
            quote
                .select(&sel.link)
                .filter_map(|a| a.value().attr("href")),
        )
        .find_map(urls::permalink)
        .map(|(_, id)| id);
    QuotedPost {
        id,
        author,
        text: text.trim().to_owned(),
        links,
        images: photos(quote, sel, ancestry, &everything),
    }
}

/// Appends the displayed text of `el`: text runs verbatim (newlines kept), emoji from `img[alt]`,
/// mentions and hashtags as displayed, and t.co links as their full URL (also pushed on `links`).
///
/// Depth first with a stack of sibling iterators rather than recursion: markup may nest as deep
/// as [`MAX_DEPTH`](super::MAX_DEPTH), and a WASM service worker's stack is small.
fn render(el: ElementRef<'_>, out: &mut String, links: &mut Vec<String>) {
    let mut stack = vec![el.children()];
    while let Some(children) = stack.last_mut() {
        let Some(child) = children.next() else {
            stack.pop();
            continue;
        };
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(element) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                match element.name() {
                    "img" => out.push_str(element.attr("alt").unwrap_or_default()),
                    "br" => out.push('\n'),
                    // Never post text: X escapes what people write, so these can only be markup.
                    "script" | "style" | "svg" | "button" => {}
                    "a" if element.attr("href").is_some_and(is_short_link) => {
                        let url = full_link(child);
                        out.push_str(&url);
                        links.push(url);
                    }
                    _ if element.attr("data-testid") == Some("tweet-text-show-more-link") => {}
                    _ => stack.push(child.children()),
                }
            }
            _ => {}
        }
    }
}

fn is_short_link(href: &str) -> bool {
    let href = href.trim();
    href.starts_with("https://t.co/") || href.starts_with("http://t.co/")
}

/// A t.co anchor holds an aria-hidden scheme span, the visible part, an aria-hidden rest and an
/// aria-hidden `…`: the full URL is everything but the ellipsis.
fn full_link(anchor: ElementRef<'_>) -> String {
    let mut url = String::new();
    for node in anchor.descendants() {
        let Node::Text(text) = node.value() else {
            continue;
        };
        let ellipsis = text.trim() == "\u{2026}" || text.trim() == "...";
        if ellipsis
            && node
                .parent()
                .and_then(ElementRef::wrap)
                .is_some_and(aria_hidden)
        {
            continue;
        }
        url.push_str(text);
    }
    let url = url.trim().trim_end_matches('\u{2026}').trim();
    if url.is_empty() {
        return anchor
            .value()
            .attr("href")
            .unwrap_or_default()
            .trim()
            .to_owned();
    }
    if url.contains("://") {
        url.to_owned()
    } else {
        format!("https://{url}")
    }
}

fn aria_hidden(el: ElementRef<'_>) -> bool {
    el.value().attr("aria-hidden") == Some("true")
}

/// Text of an element with emoji images as their `alt`, icons skipped, trimmed. Iterative, as
/// [`render`] is.
pub(crate) fn plain_text(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut stack = vec![el.children()];
    while let Some(children) = stack.last_mut() {
        let Some(child) = children.next() else {
            stack.pop();
            continue;
        };
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(element) => match element.name() {
                "img" => out.push_str(element.attr("alt").unwrap_or_default()),
                "svg" | "script" | "style" => {}
                _ => stack.push(child.children()),
            },
            _ => {}
        }
    }
    out.trim().to_owned()
}
