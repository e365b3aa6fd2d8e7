//! Carousel Studio's platform-neutral core: the thread model, the scraper, the design system,
//! the slide layout (deck → one SVG document per slide), the fonts it measures with and the
//! native-messaging protocol.
//!
//! This crate does no I/O and builds for `wasm32-unknown-unknown`, so that the studio preview
//! (WASM) and the companion's export run the very same layout. Fonts come in as bytes through
//! [`fonts::FontBook`]; images come in already resolved (usually as `data:` URLs).

pub mod deck;
pub mod design;
pub mod fonts;
pub mod layout;
pub mod model;
pub mod presets;
pub mod protocol;
pub mod scrape;
pub mod svg;
pub mod themes;

pub use deck::{Deck, DeckSlide};
pub use design::{Canvas, Design, Typography};
pub use fonts::FontBook;
pub use layout::{Carousel, LayoutError, layout_deck, layout_thread};
pub use model::{
    Article, ArticleBlock, Author, LeftOut, LinkCard, Poll, PollOption, Post, QuotedPost, Thread,
};
pub use themes::Theme;
