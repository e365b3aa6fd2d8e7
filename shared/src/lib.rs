//! Carousel Studio's platform-neutral core: the thread model, the design, the slide layout
//! (thread + design → one SVG document per slide) and the fonts it measures with.
//!
//! This crate does no I/O and builds for `wasm32-unknown-unknown`, so that the studio preview
//! (WASM) and the companion's export run the very same layout. Fonts come in as bytes through
//! [`fonts::FontBook`]; images come in already resolved (usually as `data:` URLs).

pub mod design;
pub mod fonts;
pub mod layout;
pub mod model;
pub mod svg;

pub use design::{Canvas, Design, Theme, Typography};
pub use fonts::FontBook;
pub use layout::{Carousel, LayoutError, layout_thread};
pub use model::{Author, Post, QuotedPost, Thread};
