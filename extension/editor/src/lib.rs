//! What the studio edits, in plain Rust with no browser in it, so it is tested natively and the
//! studio's UI crate (`extension/studio`, Leptos, WASM only) stays a view over it:
//!
//! - [`board`]: the working deck, its edits (drops, moves, text overrides) and undo/redo;
//! - [`library`]: the profiles and presets as last read from the companion's store, and the
//!   changes made to them, applied as the store applies them;
//! - [`store`]: what the studio keeps in `chrome.storage.local`;
//! - [`thumbs`]: template and pattern thumbnails from the real layout;
//! - [`connection`]: reaching the companion, and what to say when it is missing;
//! - [`images`]: which image URLs may appear in the studio's pages.

pub mod board;
pub mod connection;
pub mod images;
pub mod library;
pub mod store;
pub mod thumbs;
