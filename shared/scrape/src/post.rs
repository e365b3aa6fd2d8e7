//! One `article[data-testid="tweet"]` → a [`Post`]: author, text with full links and emoji,
//! photos, video poster, quoted post. Selects on `data-testid`, roles, `href` shapes and
//! structure only, never on class names (they rotate).

use std::collections::HashSet;

use ego_tree::iter::Edge;
use scraper::{ElementRef, Selector, node::Node};

use super::ancestry::{Inherited, any_ancestor, selector_ancestor, test_id};
use super::urls::{self, StatusView};
use model::{
    Article as LongForm, ArticleBlock, Author, LinkCard, Poll, PollOption, Post, QuotedPost,
};

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
    card: Selector,
    poll: Selector,
    read_view: Selector,
    article_title: Selector,
    rich_text: Selector,
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
            card: parse(r#"[data-testid="card.wrapper"]"#),
            poll: parse(r#"[data-testid="cardPoll"]"#),
            read_view: parse(r#"[data-testid="twitterArticleReadView"]"#),
            article_title: parse(r#"[data-testid="twitter-article-title"]"#),
            rich_text: parse(
                r#"[data-testid="twitterArticleRichTextView"], [data-testid="longformRichTextComponent"]"#,
            ),
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
    /// Inside a video player, a link card or an X Article's read view, whose images are not
    /// the post's photos.
    in_other_media: Inherited,
    /// Inside what is not one of X's notices about the post: the author's text and name, a link
    /// card, a poll, an article, a community note. Notices ("This post is unavailable", a
    /// sensitive-media warning) are looked for everywhere else in the post.
    in_authored: Inherited,
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
            in_other_media: Inherited::new(any_ancestor(|element| {
                test_id(element).is_some_and(|id| {
                    id == "videoPlayer"
                        || id == "videoComponent"
                        || id.starts_with("card.")
                        || id == "twitterArticleReadView"
                })
            })),
            in_authored: Inherited::new(any_ancestor(|element| {
                test_id(element).is_some_and(|id| {
                    matches!(
                        id,
                        "tweetText"
                            | "User-Name"
                            | "card.wrapper"
                            | "cardPoll"
                            | "twitterArticleReadView"
                            | "birdwatch-pivot"
                    )
                }) || matches!(element.name(), "script" | "style")
            })),
        }
    }
}

/// What an article turned out to be.
pub(crate) enum Article {
    Post {
        post: Box<Post>,
        /// Photos behind a sensitive-media warning that was not revealed, left out.
        hidden_sensitive: u32,
    },
    /// A promoted post, or an article without a permalink (which only ads lack).
    Ad,
    /// "This post is unavailable", deleted, withheld: a post that is not there.
    Tombstone,
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
        return if is_tombstone(article) {
            Article::Tombstone
        } else {
            Article::Ad
        };
    };

    let author = article
        .select(&sel.user_name)
        .find(own)
        .map(|user_name| author(user_name, sel))
        .unwrap_or_default();
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
    let notices = notices(article, ancestry, &own);
    let mut images = photos(article, sel, ancestry, &own);
    let mut hidden_sensitive = 0;
    if notices.sensitive {
        // Shown blurred (or not at all) behind the warning: not the photo the user sees.
        hidden_sensitive = u32::try_from(images.len().max(1)).unwrap_or(u32::MAX);
        images.clear();
    }
    let (video_poster, gif) = video(article, sel, ancestry, &own);
    let quoted = match quotes.first() {
        Some(quote) => Some(quoted_post(quote, sel, ancestry)),
        None if notices.unavailable => Some(QuotedPost {
            unavailable: true,
            ..QuotedPost::default()
        }),
        None => None,
    };
    let text = text.trim().to_owned();
    let poll = article
        .select(&sel.poll)
        .find(own)
        .map(poll)
        .filter(|poll| !poll.options.is_empty());
    let card = if poll.is_some() {
        None
    } else {
        article
            .select(&sel.card)
            .find(own)
            .and_then(|card| link_card(card, &links))
    };
    let article_body = article
        .select(&sel.read_view)
        .find(own)
        .map(|view| read_article(view, sel, ancestry));

    Article::Post {
        post: Box::new(Post {
            id,
            author: Author {
                name,
                handle,
                avatar,
            },
            created_at,
            text,
            lang,
            truncated,
            links,
            images,
            framing: Vec::new(),
            video_poster,
            gif,
            quoted,
            card,
            poll,
            article: article_body,
        }),
        hidden_sensitive,
    }
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
/// from a bare permalink when the time is missing. An edited post's permalink row links to
/// `…/status/<id>/history` instead, and counts as well. Links to a post's photos or its
/// analytics do not: a promoted post has those and no permalink.
fn permalink(
    article: ElementRef<'_>,
    sel: &Selectors,
    own: &impl Fn(&ElementRef<'_>) -> bool,
) -> Option<(String, String, Option<String>)> {
    let names_the_post = |href: &str| match urls::status_link(href)? {
        (handle, id, StatusView::Post | StatusView::History) => Some((handle, id)),
        _ => None,
    };
    for time in article.select(&sel.time).filter(own) {
        let Some(parent) = time.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        if parent.value().name() != "a" {
            continue;
        }
        if let Some((handle, id)) = parent.value().attr("href").and_then(names_the_post) {
            let datetime = time.value().attr("datetime").map(str::to_owned);
            return Some((handle, id, datetime));
        }
    }
    article
        .select(&sel.link)
        .filter(own)
        .find_map(|a| a.value().attr("href").and_then(names_the_post))
        .map(|(handle, id)| (handle, id, None))
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
        let in_other_media = ancestry.in_other_media.above(img);
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
        if is_photo && !in_other_media && !urls::is_video_thumbnail(src) {
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
        .unwrap_or_default();
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
        unavailable: false,
        text: text.trim().to_owned(),
        links,
        images: photos(quote, sel, ancestry, &everything),
    }
}

/// What X says about a post outside the text its author wrote.
#[derive(Debug, Default)]
struct Notices {
    /// A sensitive-media warning over the post's media: the photos were not revealed.
    sensitive: bool,
    /// "This post is unavailable" where a quoted post would be.
    unavailable: bool,
}

/// Looks through the article's own text outside what its author wrote (see
/// [`Ancestry::in_authored`]) for X's notices. English phrases: other UI languages fall back to
/// the test ids X gives tombstones.
fn notices(
    article: ElementRef<'_>,
    ancestry: &Ancestry,
    own: &impl Fn(&ElementRef<'_>) -> bool,
) -> Notices {
    let mut found = Notices::default();
    for node in article.descendants() {
        let Some(parent) = node.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        match node.value() {
            Node::Text(text) => {
                if ancestry.in_authored.at(*parent) || !own(&parent) {
                    continue;
                }
                let text = text.trim().to_lowercase();
                if text.is_empty() {
                    continue;
                }
                found.sensitive |= is_sensitive_warning(&text);
                found.unavailable |= is_unavailable_notice(&text);
            }
            Node::Element(element) => {
                if let Some(id) = test_id(element).map(str::to_ascii_lowercase)
                    && !ancestry.in_authored.at(*parent)
                    && own(&parent)
                {
                    found.unavailable |= id.contains("tombstone");
                    found.sensitive |= id.contains("sensitive");
                }
            }
            _ => {}
        }
    }
    found
}

/// X's warning over media it hides: "The following media includes potentially sensitive
/// content", "Content warning: …".
fn is_sensitive_warning(lowercase: &str) -> bool {
    lowercase.contains("potentially sensitive content") || lowercase.starts_with("content warning")
}

/// X's tombstone texts, for a post or a quoted post that is not there.
fn is_unavailable_notice(lowercase: &str) -> bool {
    let text = lowercase.replace("tweet", "post");
    [
        "this post is unavailable",
        "this post was deleted",
        "this post has been deleted",
        "this post is from an account that no longer exists",
        "this post is from a suspended account",
        "this post has been withheld",
        "post withheld",
        "you're unable to view this post",
        "you\u{2019}re unable to view this post",
    ]
    .iter()
    .any(|phrase| text.contains(phrase))
}

/// A cell or an article that stands for a post that is not there: a tombstone test id
/// (`Withheld_Tombstone`, `tombstone`…) or one of X's tombstone texts.
pub(crate) fn is_tombstone(el: ElementRef<'_>) -> bool {
    let mut text = String::new();
    for node in el.descendants() {
        match node.value() {
            Node::Element(element)
                if test_id(element)
                    .is_some_and(|id| id.to_ascii_lowercase().contains("tombstone")) =>
            {
                return true;
            }
            // Tombstones are a line or two: a cell with more text is something else.
            Node::Text(run) if text.len() < 400 => text.push_str(run),
            _ => {}
        }
    }
    is_unavailable_notice(&text.to_lowercase())
}

/// The video's poster, and whether the video is an animated GIF. Logged out, X may leave the
/// `<video>` out and show only its thumbnail image.
fn video(
    article: ElementRef<'_>,
    sel: &Selectors,
    ancestry: &Ancestry,
    own: &impl Fn(&ElementRef<'_>) -> bool,
) -> (Option<String>, bool) {
    let poster = article
        .select(&sel.video)
        .find(own)
        .and_then(|video| video.value().attr("poster"))
        .or_else(|| {
            article
                .select(&sel.img)
                .filter(|img| ancestry.in_photo.above(*img) && own(img))
                .filter_map(|img| img.value().attr("src"))
                .find(|src| urls::is_video_thumbnail(src))
        })
        .map(str::to_owned);
    let Some(poster) = poster else {
        return (None, false);
    };
    // GIFs are served as videos, with their thumbnail under `tweet_video_thumb` and a "GIF" badge.
    let gif = poster.contains("/tweet_video_thumb/")
        || article.descendants().any(|node| {
            node.value().as_text().is_some_and(|t| t.trim() == "GIF")
                && node
                    .parent()
                    .and_then(ElementRef::wrap)
                    .is_some_and(|parent| ancestry.in_photo.at(*parent) && own(&parent))
        });
    (Some(poster), gif)
}

/// The text runs of `el` in order, trimmed, empty ones left out; emoji images as their `alt`.
/// Scripts, styles and icons are not text. One pass, whatever the nesting.
fn text_runs(el: ElementRef<'_>) -> Vec<String> {
    let mut runs = Vec::new();
    walk_text(el, &["script", "style", "svg"], |run| {
        let run = run.trim();
        if !run.is_empty() {
            runs.push(run.to_owned());
        }
    });
    runs
}

/// Calls `each` with every text run of `el` in order (and emoji `img`s' `alt`), leaving out
/// the subtrees of the `skipped` elements.
fn walk_text(el: ElementRef<'_>, skipped: &[&str], mut each: impl FnMut(&str)) {
    let mut inside_skipped: Option<ego_tree::NodeId> = None;
    for edge in el.traverse() {
        match edge {
            Edge::Open(node) if inside_skipped.is_none() => match node.value() {
                Node::Text(text) => each(text),
                Node::Element(element) if skipped.contains(&element.name()) => {
                    inside_skipped = Some(node.id());
                }
                Node::Element(element) if element.name() == "img" => {
                    each(element.attr("alt").unwrap_or_default());
                }
                _ => {}
            },
            Edge::Close(node) if inside_skipped == Some(node.id()) => inside_skipped = None,
            _ => {}
        }
    }
}

/// A poll's options with their results (as displayed, "42.1%") when shown, and its footer.
fn poll(el: ElementRef<'_>) -> Poll {
    let mut poll = Poll::default();
    let mut summary = Vec::new();
    for run in text_runs(el) {
        if is_percentage(&run) {
            if let Some(option) = poll.options.iter_mut().rev().find(|o| o.result.is_none()) {
                option.result = Some(run);
            }
        } else if is_poll_footer(&run) {
            summary.push(run);
        } else if run != "·" && summary.is_empty() {
            poll.options.push(PollOption {
                label: run,
                result: None,
            });
        }
    }
    poll.summary = summary.join(" · ");
    poll
}

fn is_percentage(run: &str) -> bool {
    let Some(number) = run.strip_suffix('%') else {
        return false;
    };
    let number = number.trim();
    !number.is_empty()
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// "1,204 votes", "Final results", "2 days left".
fn is_poll_footer(run: &str) -> bool {
    let lower = run.to_lowercase();
    let leading_number = lower.chars().next().is_some_and(|c| c.is_ascii_digit());
    lower == "final results"
        || (leading_number && (lower.ends_with(" votes") || lower.ends_with(" vote")))
        || (leading_number && lower.ends_with(" left"))
}

/// A link card: where it links, the site, the title and description, and its image. The link is
/// X's `t.co` one; when the post's text has a full link to the card's site, that one is used.
fn link_card(card: ElementRef<'_>, text_links: &[String]) -> Option<LinkCard> {
    let href = card
        .descendants()
        .filter_map(ElementRef::wrap)
        .find_map(|el| {
            (el.value().name() == "a")
                .then(|| el.value().attr("href"))
                .flatten()
        })
        .map(|href| href.trim().to_owned())
        .unwrap_or_default();
    let image = card
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|el| el.value().name() == "img")
        .and_then(|img| img.value().attr("src"))
        .filter(|src| !src.trim().is_empty())
        .map(str::to_owned);
    let runs = text_runs(card);
    let mut domain = String::new();
    let mut rest = Vec::new();
    for run in runs {
        if domain.is_empty() {
            if let Some(site) = run.strip_prefix("From ") {
                domain = site.trim().to_owned();
                continue;
            }
            if looks_like_domain(&run) {
                domain = run;
                continue;
            }
        }
        rest.push(run);
    }
    let mut rest = rest.into_iter();
    let title = rest.next().unwrap_or_default();
    let description = rest.next().unwrap_or_default();
    if title.is_empty() && domain.is_empty() && image.is_none() {
        return None;
    }
    let site = domain.trim_start_matches("www.").to_ascii_lowercase();
    let url = text_links
        .iter()
        .find(|link| !site.is_empty() && link_host(link).is_some_and(|host| host == site))
        .cloned()
        .unwrap_or(href);
    Some(LinkCard {
        url,
        domain,
        title,
        description,
        image,
    })
}

fn looks_like_domain(run: &str) -> bool {
    run.contains('.')
        && !run.contains(char::is_whitespace)
        && !run.ends_with('.')
        && run
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
}

/// The host of an http(s) URL, lowercase, without `www.`.
fn link_host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    Some(host.trim_start_matches("www.").to_ascii_lowercase())
}

/// An X Article's read view: the title, the cover image (above the body) and the body's
/// blocks in order. The body is X's rich-text (Draft.js) markup: each block is an element with
/// `data-block="true"` whose tag says what it is; code blocks are
/// `[data-testid="markdown-code-block"]`; images sit in `tweetPhoto` containers.
fn read_article(view: ElementRef<'_>, sel: &Selectors, ancestry: &Ancestry) -> LongForm {
    let title = view
        .select(&sel.article_title)
        .next()
        .map(plain_text)
        .unwrap_or_default();
    let body = view.select(&sel.rich_text).next();
    let in_body = Inherited::below(
        view,
        any_ancestor(|element| {
            test_id(element).is_some_and(|id| {
                id == "twitterArticleRichTextView" || id == "longformRichTextComponent"
            })
        }),
    );
    let cover = view
        .select(&sel.img)
        .filter(|img| !in_body.above(*img) && !ancestry.in_avatar.above(*img))
        .filter_map(|img| img.value().attr("src"))
        .find(|src| is_photo_src(src))
        .map(urls::large_photo);
    let mut blocks = Vec::new();
    if let Some(body) = body {
        let mut inside: Option<ego_tree::NodeId> = None;
        for edge in body.traverse() {
            match edge {
                Edge::Open(node) if inside.is_none() => {
                    let Some(el) = ElementRef::wrap(node) else {
                        continue;
                    };
                    let element = el.value();
                    if test_id(element) == Some("markdown-code-block") {
                        blocks.push(ArticleBlock::Code {
                            text: code_text(el),
                        });
                        inside = Some(node.id());
                    } else if element.attr("data-block") == Some("true") {
                        article_block(el, &mut blocks);
                        inside = Some(node.id());
                    } else if element.name() == "img"
                        && let Some(src) = element.attr("src").filter(|src| is_photo_src(src))
                    {
                        blocks.push(ArticleBlock::Image {
                            src: urls::large_photo(src),
                        });
                    }
                }
                Edge::Close(node) if inside == Some(node.id()) => inside = None,
                _ => {}
            }
        }
    }
    LongForm {
        title,
        cover,
        blocks,
    }
}

/// A photo in an article: pbs.twimg.com media, a `data:` image or a saved page's file.
fn is_photo_src(src: &str) -> bool {
    let src = src.trim();
    if urls::is_absolute(src) {
        src.contains("pbs.twimg.com/media/") || src.starts_with("data:image/")
    } else {
        !src.is_empty()
    }
}

/// One Draft.js block (`data-block="true"`) as article blocks: its tag says its kind; a block of
/// images only (an atomic block) gives its images.
fn article_block(el: ElementRef<'_>, blocks: &mut Vec<ArticleBlock>) {
    let element = el.value();
    if el
        .descendants()
        .filter_map(ElementRef::wrap)
        .any(|d| test_id(d.value()) == Some("markdown-code-block"))
        || element.name() == "pre"
    {
        blocks.push(ArticleBlock::Code {
            text: code_text(el),
        });
        return;
    }
    // Draft keeps text as text (emoji included); its images are photos, not words.
    let mut text = String::new();
    walk_text(el, &["script", "style", "svg", "button", "img"], |run| {
        text.push_str(run);
    });
    let text = text.trim().to_owned();
    if text.is_empty() {
        for img in el.descendants().filter_map(ElementRef::wrap) {
            if img.value().name() == "img"
                && let Some(src) = img.value().attr("src").filter(|src| is_photo_src(src))
            {
                blocks.push(ArticleBlock::Image {
                    src: urls::large_photo(src),
                });
            }
        }
        return;
    }
    let block = match element.name() {
        "h1" => ArticleBlock::Heading { level: 1, text },
        "h2" => ArticleBlock::Heading { level: 2, text },
        "h3" | "h4" | "h5" | "h6" => ArticleBlock::Heading { level: 3, text },
        "li" => ArticleBlock::ListItem {
            ordered: el
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| matches!(a.value().name(), "ol" | "ul"))
                .is_some_and(|list| list.value().name() == "ol"),
            text,
        },
        "blockquote" => ArticleBlock::Quote { text },
        _ => ArticleBlock::Paragraph { text },
    };
    blocks.push(block);
}

/// A code block's text exactly as shown: newlines and indentation kept, the trailing newline
/// dropped. Buttons (X's "Copy") are not code.
fn code_text(el: ElementRef<'_>) -> String {
    let code = el
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|d| matches!(d.value().name(), "pre" | "code"))
        .unwrap_or(el);
    let mut out = String::new();
    walk_text(code, &["button", "script", "style", "svg", "img"], |run| {
        out.push_str(run);
    });
    out.trim_end_matches('\n').to_owned()
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
/// [`render`] is; the loop is written twice on purpose, since `render` also turns links,
/// mentions and line breaks into the post's text and this must not.
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
