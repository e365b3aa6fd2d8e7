//! Carousel Studio's data, shared by every stage: the [`Thread`] a scrape yields, the [`Deck`] a
//! user arranges it into, the [`Design`] that styles it (themes, typography, brand kit), and the
//! saved presets and profiles.
//!
//! This crate does no I/O and builds for `wasm32-unknown-unknown`: the studio (WASM) and the
//! companion read and write the very same types.

pub mod deck;
pub mod design;
pub mod presets;
pub mod themes;
pub mod thread;

pub use deck::{Deck, DeckSlide};
pub use design::{Canvas, Design, FontName, Typography};
pub use themes::{Theme, ThemeName};
pub use thread::{
    Article, ArticleBlock, Author, LeftOut, LinkCard, Poll, PollOption, Post, QuotedPost, Thread,
};
