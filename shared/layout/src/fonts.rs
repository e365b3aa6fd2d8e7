//! The fonts the layout measures with: the same files the companion renders with and the studio
//! registers by `@font-face`, so that measured and drawn text agree everywhere.

use rustybuzz::ttf_parser::name_id;

/// Calls `$callback! { "File.otf", … }` with the bundled font files (in `fonts/` at the
/// workspace root), in the order a [`FontBook`] gets them: the one list of them. The companion
/// embeds them with `include_bytes!` through it, the studio fetches [`BUNDLED_FILES`] from the
/// extension package, and the extension build copies the whole folder.
#[macro_export]
macro_rules! bundled_fonts {
    ($callback:ident) => {
        $callback! {
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
        }
    };
}

/// The bundled font files' names ([`bundled_fonts!`]).
pub const BUNDLED_FILES: &[&str] = {
    macro_rules! names {
        ($($file:literal),* $(,)?) => {
            &[$($file),*]
        };
    }
    bundled_fonts!(names)
};

/// One font face, parsed once.
pub struct FontFace {
    /// The family name the SVG refers to (`font-family`).
    pub family: String,
    /// The OS/2 weight class (400 regular, 700 bold).
    pub weight: u16,
    pub(crate) face: rustybuzz::Face<'static>,
}

impl std::fmt::Debug for FontFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontFace")
            .field("family", &self.family)
            .field("weight", &self.weight)
            .finish()
    }
}

impl FontFace {
    /// Whether the face has a glyph for `ch`.
    pub fn covers(&self, ch: char) -> bool {
        self.face.glyph_index(ch).is_some()
    }
}

/// The set of fonts available to layout. Faces are looked up by family and weight.
#[derive(Debug, Default)]
pub struct FontBook {
    faces: Vec<FontFace>,
}

/// A font file that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("font {index} could not be parsed as OpenType")]
pub struct FontError {
    pub index: usize,
}

impl FontBook {
    pub fn new() -> Self {
        FontBook::default()
    }

    /// Adds every face of a font file (an OTF/TTF, or each face of a TTC). The bytes must live
    /// for the rest of the program: the companion embeds them, the studio leaks its fetched copy.
    pub fn add(&mut self, data: &'static [u8]) -> Result<(), FontError> {
        let count = rustybuzz::ttf_parser::fonts_in_collection(data).unwrap_or(1);
        for index in 0..count {
            let face = rustybuzz::Face::from_slice(data, index).ok_or(FontError {
                index: index as usize,
            })?;
            let family = family_name(&face).ok_or(FontError {
                index: index as usize,
            })?;
            let weight = face.weight().to_number();
            self.faces.push(FontFace {
                family,
                weight,
                face,
            });
        }
        Ok(())
    }

    /// Every face, in the order added.
    pub fn faces(&self) -> &[FontFace] {
        &self.faces
    }

    /// The face of `family` closest to `weight`, if the family is known.
    pub fn find(&self, family: &str, weight: u16) -> Option<&FontFace> {
        self.index_of(family, weight)
            .map(|index| &self.faces[index])
    }

    /// The index (in [`FontBook::faces`]) of the face of `family` closest to `weight`.
    pub fn index_of(&self, family: &str, weight: u16) -> Option<usize> {
        self.faces
            .iter()
            .enumerate()
            .filter(|(_, face)| face.family.eq_ignore_ascii_case(family))
            .min_by_key(|(_, face)| face.weight.abs_diff(weight))
            .map(|(index, _)| index)
    }
}

/// The typographic family name (name id 16) when present, else the legacy family name (id 1),
/// which is how `fontdb` (and so usvg) and browsers match `font-family`.
fn family_name(face: &rustybuzz::Face<'_>) -> Option<String> {
    let names = face.names();
    let find = |id: u16| {
        names
            .into_iter()
            .filter(|name| name.name_id == id && name.is_unicode())
            .find_map(|name| name.to_string())
    };
    find(name_id::TYPOGRAPHIC_FAMILY).or_else(|| find(name_id::FAMILY))
}
