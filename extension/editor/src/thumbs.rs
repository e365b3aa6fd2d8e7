//! Small renders of the real layout for the template and pattern pickers: each is one slide of
//! `layout_deck`, shown scaled down, so a thumbnail is exactly what that choice produces.

use layout::{FontBook, layout_deck};
use model::deck::DeckSlide;
use model::design::{BrandPlacement, Pattern, Template};
use model::{Deck, Design, Post, Thread};

/// Which slide of a template's deck shows it best (the cover for the hook, the first numbered
/// post for the numbered list).
fn showcase_slide(template: Template) -> usize {
    match template {
        Template::Numbered => 1,
        Template::Hook | Template::Posts | Template::BigQuote | Template::TweetCard => 0,
        Template::ImageFocus => 1,
    }
}

/// The posts a thumbnail shows: the first few of the working deck, preferring a post with a
/// photo for the image-focus template.
fn sample_posts(posts: &[Post]) -> Vec<Post> {
    posts.iter().take(3).cloned().collect()
}

/// One SVG per template (in [`Template::ALL`] order) for `design` with `posts`; a template
/// whose slide cannot be laid out gets `None`.
pub fn templates(design: &Design, posts: &[Post], fonts: &FontBook) -> Vec<Option<String>> {
    let posts = sample_posts(posts);
    Template::ALL
        .iter()
        .map(|&template| {
            let mut design = design.clone();
            design.template = template;
            let thread = Thread {
                url: String::new(),
                posts: if template == Template::ImageFocus {
                    image_first(&posts)
                } else {
                    posts.clone()
                },
                ..Thread::default()
            };
            let mut deck = Deck::from_thread(&thread, &design);
            let index = showcase_slide(template).min(deck.slides.len().saturating_sub(1));
            let slide = deck.slides.get(index).cloned()?;
            deck.slides = vec![slide];
            first_slide(&deck, fonts, &format!("tt-{}-", template.name()))
        })
        .collect()
}

/// The posts with one that has photos moved to the second place (the first after the cover).
fn image_first(posts: &[Post]) -> Vec<Post> {
    let mut posts = posts.to_vec();
    if let Some(at) = posts.iter().skip(1).position(|p| !p.images.is_empty()) {
        let post = posts.remove(at + 1);
        posts.insert(1.min(posts.len()), post);
    }
    posts
}

/// One SVG per pattern (in [`Pattern::ALL`] order): an empty slide of the design's theme with
/// that pattern and no header or footer.
pub fn patterns(design: &Design, posts: &[Post], fonts: &FontBook) -> Vec<Option<String>> {
    Pattern::ALL
        .iter()
        .map(|&pattern| {
            let mut design = design.clone();
            design.pattern = pattern;
            design.brand.placement = BrandPlacement::None;
            design.brand.slide_numbers = false;
            design.brand.swipe_hint = false;
            let deck = Deck {
                deck_version: model::deck::DECK_VERSION,
                url: String::new(),
                design,
                posts: posts.iter().take(1).cloned().collect(),
                slides: vec![DeckSlide::Text {
                    title: String::new(),
                    text: String::new(),
                }],
                left_out: Default::default(),
                post_text: Default::default(),
            };
            first_slide(&deck, fonts, &format!("tp-{}-", pattern.name()))
        })
        .collect()
}

/// The first slide of `deck`, its ids renamed with `prefix` (they must not collide with the
/// preview's, which share the page).
fn first_slide(deck: &Deck, fonts: &FontBook, prefix: &str) -> Option<String> {
    let svg = layout_deck(deck, fonts).ok()?.slides.into_iter().next()?;
    Some(rename_ids(&svg, prefix))
}

/// Renames slide 0's ids (`s0-…`) and the references to them. Only attribute contexts are
/// touched: text is escaped by the layout, so `id="` and `url(#` cannot come from it verbatim
/// except inside text, where a rename changes nothing that matters in a thumbnail.
pub fn rename_ids(svg: &str, prefix: &str) -> String {
    svg.replace("id=\"s0-", &format!("id=\"{prefix}"))
        .replace("url(#s0-", &format!("url(#{prefix}"))
        .replace("href=\"#s0-", &format!("href=\"#{prefix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_renamed_with_their_references() {
        let svg = r##"<clipPath id="s0-a"/><image clip-path="url(#s0-a)"/><use href="#s0-a"/>"##;
        assert_eq!(
            rename_ids(svg, "tt-hook-"),
            r##"<clipPath id="tt-hook-a"/><image clip-path="url(#tt-hook-a)"/><use href="#tt-hook-a"/>"##
        );
    }
}
