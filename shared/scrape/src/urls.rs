//! Status URLs and image URLs: recognising `/<handle>/status/<id>` and asking pbs.twimg.com for
//! sizes fit for a 1080 px slide.
//!
//! Plain string work rather than the `url` crate, on purpose: what is read here is a handful of
//! ASCII shapes of x.com's own links (site-relative or on one of [`X_HOSTS`]), and this code runs
//! as WASM in the service worker on every click, where `url`'s IDNA tables would be dead
//! weight. Every address the companion actually fetches is parsed and checked with a real URI
//! parser (`http::Uri`, in `export::images`).

/// Hosts whose status URLs name a post.
pub const X_HOSTS: &[&str] = &[
    "x.com",
    "twitter.com",
    "mobile.x.com",
    "mobile.twitter.com",
    "www.x.com",
    "www.twitter.com",
];

/// `(handle, status id)` of a page URL such as `https://x.com/jack/status/20`,
/// `https://mobile.twitter.com/jack/status/20/photo/1?s=20` or a site-relative `/jack/status/20`.
/// Extra path segments after the id (`/photo/1`, `/analytics`) are allowed here: the page URL
/// names the post whatever sub-view is open.
pub fn page_status(url: &str) -> Option<(String, String)> {
    let path = site_path(url)?;
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let handle = segments.next()?;
    let kind = segments.next()?;
    let id = segments.next()?;
    (is_handle(handle) && (kind == "status" || kind == "statuses") && is_id(id))
        .then(|| (handle.to_owned(), id.to_owned()))
}

/// `(handle, status id)` of a post's permalink `href`: exactly `/<handle>/status/<id>`, so that
/// `/photo/1` and `/analytics` links inside a post are not taken for its permalink.
pub(crate) fn permalink(href: &str) -> Option<(String, String)> {
    match status_link(href)? {
        (handle, id, StatusView::Post) => Some((handle, id)),
        _ => None,
    }
}

/// Which view of a post a status link opens: the post itself or one of the sub-pages X appends
/// to its URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StatusView {
    /// `/<handle>/status/<id>`.
    Post,
    /// `…/history`: an edited post's permalink row links here instead of to the post.
    History,
    /// `…/analytics`: the views counter; a promoted post's only status link.
    Analytics,
    /// `…/photo/N` and `…/video/N`: the post's media.
    Media,
    /// `…/quotes`, `…/retweets`, `…/likes` (and their `/with_comments` forms).
    Engagement,
}

/// `(handle, status id, view)` of any status link X puts in a post: the post's own URL or one
/// of its known suffixes. Unknown suffixes are not status links.
pub(crate) fn status_link(href: &str) -> Option<(String, String, StatusView)> {
    let path = site_path(href)?;
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (handle, id, rest) = match segments.as_slice() {
        [handle, "status" | "statuses", id, rest @ ..] if is_handle(handle) && is_id(id) => {
            (*handle, *id, rest)
        }
        _ => return None,
    };
    let view = match rest {
        [] => StatusView::Post,
        ["history"] => StatusView::History,
        ["analytics"] => StatusView::Analytics,
        ["photo" | "video", n] if is_id(n) => StatusView::Media,
        ["quotes" | "retweets" | "likes"] | ["retweets", "with_comments"] => StatusView::Engagement,
        _ => return None,
    };
    Some((handle.to_owned(), id.to_owned(), view))
}

/// True for a page URL that opens a post's photo or video viewer (`…/status/<id>/photo/N`).
pub(crate) fn is_media_route(url: &str) -> bool {
    status_link(url).is_some_and(|(_, _, view)| view == StatusView::Media)
}

/// A video's or a GIF's thumbnail on pbs.twimg.com: a poster, never a photo.
pub(crate) fn is_video_thumbnail(src: &str) -> bool {
    [
        "/ext_tw_video_thumb/",
        "/amplify_video_thumb/",
        "/tweet_video_thumb/",
    ]
    .iter()
    .any(|path| src.contains(path))
}

/// The handle a profile link points at (`/jack` → `jack`).
pub(crate) fn profile_handle(href: &str) -> Option<&str> {
    let path = site_path(href)?;
    let trimmed = path.trim_matches('/');
    (is_handle(trimmed)).then_some(trimmed)
}

/// The path of a URL on x.com or twitter.com (or of a site-relative href), without query and
/// fragment. `None` for other hosts.
fn site_path(url: &str) -> Option<&str> {
    let url = url.trim();
    let url = url.split(['?', '#']).next().unwrap_or(url);
    if url.starts_with('/') && !url.starts_with("//") {
        return Some(url);
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))
        .unwrap_or(url);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    X_HOSTS.contains(&host.as_str()).then_some(path)
}

/// The longest handle accepted. X gives new accounts at most 15 characters, but some early
/// accounts have longer ones, and accepting them costs nothing.
pub const MAX_HANDLE_LEN: usize = 50;

/// First path segments of x.com that look like handles but are the site's own pages.
pub const NOT_HANDLES: &[&str] = &["i", "home", "search", "hashtag", "explore"];

/// A handle: 1 to [`MAX_HANDLE_LEN`] ASCII letters, digits and `_`, not one of [`NOT_HANDLES`].
/// The extension's content script gets the same rule as a regular expression written from these
/// constants at build time (`cargo xtask build` writes `facts.js`).
fn is_handle(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_HANDLE_LEN
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !NOT_HANDLES.contains(&s)
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// True for a URL with a scheme (`https:`, `data:` …) or a protocol-relative one; false for a
/// path relative to a saved page (`Thread_files/abc.jpg`).
pub(crate) fn is_absolute(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphabetic())
        })
}

/// A photo URL asking for `name=large` (`format=` and other parameters kept). Paths relative to a
/// saved page and `data:` URLs are returned unchanged: they are files, not requests.
pub(crate) fn large_photo(src: &str) -> String {
    if !src.contains("pbs.twimg.com/media/") {
        return src.to_owned();
    }
    let (base, query) = src.split_once('?').unwrap_or((src, ""));
    let mut params: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("name="))
        .map(str::to_owned)
        .collect();
    params.push("name=large".to_owned());
    format!("{base}?{}", params.join("&"))
}

/// An avatar URL at 400×400 instead of the 48 px `_normal` (or `_bigger`, `_mini`, `_x96`,
/// `_200x200`) variant.
/// Relative paths (saved pages) are kept as they are: the file on disk has its own name.
pub(crate) fn large_avatar(src: &str) -> String {
    if !src.contains("pbs.twimg.com/profile_images/") {
        return src.to_owned();
    }
    for small in ["_normal.", "_bigger.", "_mini.", "_x96.", "_200x200."] {
        if let Some(at) = src.rfind(small) {
            return format!("{}_400x400.{}", &src[..at], &src[at + small.len()..]);
        }
    }
    src.to_owned()
}

/// The media id of a photo URL (`…/media/HKkX6T67DJfj8Et?format=jpg` → `HKkX6T67DJfj8Et`), for
/// comparing photos whatever size they were asked for.
pub fn photo_media_id(src: &str) -> Option<&str> {
    let (_, rest) = src.split_once("/media/")?;
    let end = rest.find(['?', '.', '#', '/']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|id| !id.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_urls_on_every_host() {
        let want = Some(("jack".to_owned(), "20".to_owned()));
        for url in [
            "https://x.com/jack/status/20",
            "https://twitter.com/jack/status/20?s=20&t=abc",
            "https://mobile.x.com/jack/status/20",
            "https://mobile.twitter.com/jack/status/20/photo/1",
            "http://www.twitter.com/jack/statuses/20#x",
            "x.com/jack/status/20",
            "/jack/status/20",
        ] {
            assert_eq!(page_status(url), want, "{url}");
        }
        assert_eq!(page_status("https://example.com/jack/status/20"), None);
        assert_eq!(page_status("https://x.com/jack"), None);
        assert_eq!(page_status("https://x.com/i/status/abc"), None);
        assert_eq!(page_status(""), None);
    }

    #[test]
    fn permalinks_are_exact() {
        assert_eq!(
            permalink("/a_b/status/123"),
            Some(("a_b".into(), "123".into()))
        );
        assert_eq!(permalink("/a_b/status/123/photo/1"), None);
        assert_eq!(permalink("/a_b/status/123/analytics"), None);
        let view = |href: &str| status_link(href).map(|(_, id, view)| (id, view));
        assert_eq!(
            view("https://x.com/a_b/status/123/history"),
            Some(("123".into(), StatusView::History))
        );
        assert_eq!(
            view("/a_b/status/123/video/2"),
            Some(("123".into(), StatusView::Media))
        );
        assert_eq!(
            view("/a_b/status/123/quotes"),
            Some(("123".into(), StatusView::Engagement))
        );
        assert_eq!(
            view("/a_b/status/123/analytics"),
            Some(("123".into(), StatusView::Analytics))
        );
        assert_eq!(view("/a_b/status/123/photo/x"), None);
        assert_eq!(view("/a_b/status/123/unknown"), None);
        assert_eq!(profile_handle("/a_b"), Some("a_b"));
        assert_eq!(profile_handle("/hashtag/x"), None);
    }

    #[test]
    fn photo_sizes() {
        assert_eq!(
            large_photo("https://pbs.twimg.com/media/AbC?format=jpg&name=small"),
            "https://pbs.twimg.com/media/AbC?format=jpg&name=large"
        );
        assert_eq!(
            large_photo("https://pbs.twimg.com/media/AbC?format=png&name=900x900"),
            "https://pbs.twimg.com/media/AbC?format=png&name=large"
        );
        assert_eq!(
            large_photo("https://pbs.twimg.com/media/AbC.jpg"),
            "https://pbs.twimg.com/media/AbC.jpg?name=large"
        );
        assert_eq!(large_photo("Page_files/AbC.jpg"), "Page_files/AbC.jpg");
        assert_eq!(
            photo_media_id("https://pbs.twimg.com/media/AbC?format=jpg"),
            Some("AbC")
        );
        assert_eq!(
            photo_media_id("https://pbs.twimg.com/media/AbC.jpg"),
            Some("AbC")
        );
    }

    #[test]
    fn avatar_sizes() {
        assert_eq!(
            large_avatar("https://pbs.twimg.com/profile_images/1/Lq8_normal.jpg"),
            "https://pbs.twimg.com/profile_images/1/Lq8_400x400.jpg"
        );
        assert_eq!(
            large_avatar("https://pbs.twimg.com/profile_images/1/Lq8_200x200.png"),
            "https://pbs.twimg.com/profile_images/1/Lq8_400x400.png"
        );
        assert_eq!(
            large_avatar("Page_files/Lq8_normal.jpg"),
            "Page_files/Lq8_normal.jpg"
        );
        assert!(is_absolute("https://a"));
        assert!(is_absolute("data:image/png;base64,AA"));
        assert!(!is_absolute("Page_files/a.jpg"));
        assert!(!is_absolute("./Page_files/a.jpg"));
    }
}
