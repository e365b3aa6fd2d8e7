//! The layout's font book in the browser: the very font files the companion embeds, fetched
//! from the extension package once and kept for the life of the page.
//!
//! studio.css registers the same files by `@font-face` under the same family names, so the
//! browser draws the preview SVG with the fonts the layout measured with.

use std::sync::OnceLock;

use layout::FontBook;

/// The packaged font files (in `fonts/` of the extension), as the companion bundles them.
pub const FONT_FILES: &[&str] = &[
    "Inter-Regular.otf",
    "Inter-Bold.otf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoSansCJKsc-Regular-subset.otf",
    "NotoSerif-Regular.ttf",
    "NotoSerif-Bold.ttf",
    "LeagueSpartan-Regular.otf",
    "LeagueSpartan-Bold.otf",
    "JetBrainsMono-Regular.ttf",
    "JetBrainsMono-Bold.ttf",
    "NotoColorEmoji.ttf",
];

static BOOK: OnceLock<FontBook> = OnceLock::new();

/// The loaded font book, once [`load`] has finished.
pub fn book() -> Option<&'static FontBook> {
    BOOK.get()
}

/// Fetches every font file and builds the font book (once; later calls return it).
pub async fn load() -> Result<&'static FontBook, String> {
    if let Some(book) = BOOK.get() {
        return Ok(book);
    }
    let mut book = FontBook::new();
    for file in FONT_FILES {
        let url = crate::chrome::extension_url(&format!("fonts/{file}"))?;
        let bytes = crate::chrome::fetch_bytes(&url).await?;
        // FontBook keeps borrowed faces: the bytes must outlive the page, and they are loaded
        // exactly once.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        book.add(bytes)
            .map_err(|err| format!("fonts/{file}: {err}"))?;
    }
    Ok(BOOK.get_or_init(|| book))
}
