//! The layout's font book in the browser: the very font files the companion embeds, fetched
//! from the extension package once and kept for the life of the page.
//!
//! Each face is also registered with the page (`document.fonts`) under the family name and
//! weight the layout read from the file, so the browser draws the preview SVG with the fonts the
//! layout measured with, and no stylesheet has to repeat the list.

use std::sync::OnceLock;

use layout::FontBook;

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
    for file in layout::fonts::BUNDLED_FILES {
        let url = crate::chrome::extension_url(&format!("fonts/{file}"))?;
        let bytes = crate::chrome::fetch_bytes(&url).await?;
        // FontBook keeps borrowed faces: the bytes must outlive the page, and they are loaded
        // exactly once.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let first = book.faces().len();
        book.add(bytes)
            .map_err(|err| format!("fonts/{file}: {err}"))?;
        for face in &book.faces()[first..] {
            register(&face.family, face.weight, bytes)
                .map_err(|err| format!("fonts/{file}: {err}"))?;
        }
    }
    Ok(BOOK.get_or_init(|| book))
}

/// Makes `bytes` the page's font for `family` at `weight`, as an `@font-face` rule would.
fn register(family: &str, weight: u16, bytes: &[u8]) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let descriptors = web_sys::FontFaceDescriptors::new();
    descriptors.set_weight(&weight.to_string());
    let face = web_sys::FontFace::new_with_u8_array_and_descriptors(family, bytes, &descriptors)
        .map_err(|err| crate::chrome::describe(&err))?;
    document
        .fonts()
        .add(&face)
        .map_err(|err| crate::chrome::describe(&err))
}
