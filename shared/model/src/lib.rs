//! Carousel Studio's data, shared by every stage: the [`Thread`] a scrape yields, the [`Deck`] a
//! user arranges it into, the [`Design`] that styles it (themes, typography, brand kit), and the
//! saved presets and profiles.
//!
//! This crate does no I/O and builds for `wasm32-unknown-unknown`: the studio (WASM) and the
//! companion read and write the very same types.

/// Display, comparison with `&str`, and serde by name for a newtype over one name of a fixed
/// list ([`ThemeName`], [`FontName`]), which has `from_name` and `name`: deserialising checks
/// the name and names the choices, `$choices()`, when it is not one of them.
macro_rules! listed_name {
    ($type:ident, $what:literal, $choices:expr) => {
        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl PartialEq<&str> for $type {
            fn eq(&self, other: &&str) -> bool {
                self.name() == *other
            }
        }

        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.name())
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = String::deserialize(deserializer)?;
                $type::from_name(&name).ok_or_else(|| {
                    let choices: Vec<&str> = $choices().collect();
                    serde::de::Error::custom(format!(
                        concat!("unknown ", $what, " \"{}\"; the ", $what, "s are: {}"),
                        name,
                        choices.join(", ")
                    ))
                })
            }
        }
    };
}

pub mod deck;
pub mod design;
pub mod presets;
pub mod scaffold;
pub mod themes;
pub mod thread;

pub use deck::{Deck, DeckSlide};
pub use design::{Canvas, Design, FontName, Typography};
pub use themes::{Theme, ThemeName};
pub use thread::{
    Analysis, Article, ArticleBlock, Author, Fit, Focus, Framing, LeftOut, LinkCard, Poll,
    PollOption, Post, QuotedPost, Thread,
};
