//! Brand profiles and saved presets: the entries of the companion's store, shared with the
//! studio so both read and write the same JSON. The store file itself (loading, atomic saving)
//! is the companion's; this module is only the data and how it applies to a [`Design`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::design::{
    Brand, BrandPlacement, Cta, Design, FontName, Pattern, Ratio, Template, Typography,
};
use crate::themes::ThemeName;

/// A brand profile: who a carousel is presented by. The fields mirror [`Brand`]; the frame
/// settings (`placement`, `slide_numbers`, `swipe_hint`) are only applied when set.
///
/// The field lists of `Brand`, `Profile` and `Preset` repeat on purpose: `Brand` is what the
/// layout reads, `Profile` and `Preset` are what the store keeps (optional frame settings,
/// unknown fields kept), and their JSON is a file format of its own (`profile export`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// The profile's name in the store (`--profile NAME`).
    pub name: String,
    /// The brand's display name (`Brand::name`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// An image reference; `data:` URLs keep the store self-contained.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub colors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font: Option<FontName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement: Option<BrandPlacement>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slide_numbers: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub swipe_hint: Option<bool>,
    /// Fields written by other versions, kept as they were.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Profile {
    /// A profile named `name` presenting `brand`: its identity and its frame settings.
    pub fn from_brand(name: &str, brand: &Brand) -> Profile {
        Profile {
            name: name.trim().to_owned(),
            display_name: brand.name.clone(),
            handle: brand.handle.clone(),
            avatar: brand.avatar.clone(),
            logo: brand.logo.clone(),
            website: brand.website.clone(),
            colors: brand.colors.clone(),
            font: brand.font,
            placement: Some(brand.placement),
            slide_numbers: Some(brand.slide_numbers),
            swipe_hint: Some(brand.swipe_hint),
            extra: Map::new(),
        }
    }

    /// Makes `brand` present this profile: the identity is replaced, the frame settings only
    /// where the profile sets them.
    pub fn apply(&self, brand: &mut Brand) {
        brand.name = self.display_name.clone();
        brand.handle = self.handle.clone();
        brand.avatar = self.avatar.clone();
        brand.logo = self.logo.clone();
        brand.website = self.website.clone();
        brand.colors = self.colors.clone();
        brand.font = self.font;
        if let Some(placement) = self.placement {
            brand.placement = placement;
        }
        if let Some(numbers) = self.slide_numbers {
            brand.slide_numbers = numbers;
        }
        if let Some(swipe) = self.swipe_hint {
            brand.swipe_hint = swipe;
        }
    }
}

/// A saved design: everything but the brand identity, plus the profile it uses (if any).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preset {
    pub name: String,
    pub ratio: Ratio,
    pub template: Template,
    pub theme: ThemeName,
    pub pattern: Pattern,
    pub typography: Kept<Typography>,
    pub cta: Kept<Cta>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement: Option<BrandPlacement>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slide_numbers: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub swipe_hint: Option<bool>,
    /// The profile this preset presents with (`--profile` overrides it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Default for Preset {
    fn default() -> Self {
        Preset::from_design("", &Design::default())
    }
}

impl Preset {
    /// A preset holding `design` (its brand's frame settings included, its identity not).
    pub fn from_design(name: &str, design: &Design) -> Preset {
        let defaults = Brand::default();
        let brand = &design.brand;
        Preset {
            name: name.to_owned(),
            ratio: design.ratio,
            template: design.template,
            theme: design.theme,
            pattern: design.pattern,
            typography: Kept::new(design.typography.clone()),
            cta: Kept::new(design.cta.clone()),
            placement: (brand.placement != defaults.placement).then_some(brand.placement),
            slide_numbers: (brand.slide_numbers != defaults.slide_numbers)
                .then_some(brand.slide_numbers),
            swipe_hint: (brand.swipe_hint != defaults.swipe_hint).then_some(brand.swipe_hint),
            profile: None,
            extra: Map::new(),
        }
    }

    /// Puts this preset's design into `design` (the profile is applied separately, see
    /// [`Store::apply_preset`]).
    pub fn apply(&self, design: &mut Design) {
        design.ratio = self.ratio;
        design.template = self.template;
        design.theme = self.theme;
        design.pattern = self.pattern;
        design.typography = self.typography.value.clone();
        design.cta = self.cta.value.clone();
        if let Some(placement) = self.placement {
            design.brand.placement = placement;
        }
        if let Some(numbers) = self.slide_numbers {
            design.brand.slide_numbers = numbers;
        }
        if let Some(swipe) = self.swipe_hint {
            design.brand.swipe_hint = swipe;
        }
    }
}

/// A value from `shared` plus the fields of it this version does not know, kept as they were.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Kept<T> {
    #[serde(flatten)]
    pub value: T,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<T> Kept<T> {
    pub fn new(value: T) -> Kept<T> {
        Kept {
            value,
            extra: Map::new(),
        }
    }
}

impl<T> std::ops::Deref for Kept<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Whether two profile or preset names are the same entry: names match ignoring case and
/// surrounding spaces, as the store's commands do.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// A profile or a preset: a named entry of the store. The rules below are the one place how
/// entries are named, added and removed, for the companion's store and the studio's copy of it.
pub trait Entry: Clone {
    /// `"profile"` or `"preset"`, as in the commands and messages.
    const KIND: &'static str;
    fn name(&self) -> &str;
}

impl Entry for Profile {
    const KIND: &'static str = "profile";
    fn name(&self) -> &str {
        &self.name
    }
}

impl Entry for Preset {
    const KIND: &'static str = "preset";
    fn name(&self) -> &str {
        &self.name
    }
}

/// What [`is_usable_name`] asks of a name, for the messages that refuse one.
pub const NAME_RULE: &str =
    "use 1–64 characters, not only spaces, without control or text-direction characters";

/// Whether `name` can name an entry: 1–64 characters, not blank, no control characters and no
/// bidirectional formatting characters.
pub fn is_usable_name(name: &str) -> bool {
    let trimmed = name.trim();
    !trimmed.is_empty()
        && trimmed.chars().count() <= 64
        && !name
            .chars()
            .any(|ch| ch.is_control() || is_bidi_control(ch))
}

/// The invisible characters that reorder the text around them (embeddings and overrides
/// U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E, U+200F and U+061C). In a name
/// they make it display as something else (`"acme\u{202E}gnp.exe"` shows as `acmeexe.png`),
/// so two names that look the same could be different entries, or a name could pose as
/// another in the studio's lists. `char::is_control` does not cover them (they are format
/// characters, not controls).
fn is_bidi_control(ch: char) -> bool {
    matches!(
        ch,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Why an entry was not added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAdded {
    /// The name is not usable ([`is_usable_name`]).
    BadName,
    /// An entry of the same name exists and replacing was not asked for.
    Exists,
}

/// Adds `entry` to `entries`, or replaces the one of the same name ([`same_name`]) in place
/// when `replace`.
pub fn add_entry<E: Entry>(entries: &mut Vec<E>, entry: E, replace: bool) -> Result<(), NotAdded> {
    if !is_usable_name(entry.name()) {
        return Err(NotAdded::BadName);
    }
    match entries
        .iter()
        .position(|e| same_name(e.name(), entry.name()))
    {
        Some(_) if !replace => Err(NotAdded::Exists),
        Some(index) => {
            entries[index] = entry;
            Ok(())
        }
        None => {
            entries.push(entry);
            Ok(())
        }
    }
}

/// Removes the entry named `name` from `entries` and returns it; clears `default_preset` when it
/// named the removed preset.
pub fn remove_entry<E: Entry>(
    entries: &mut Vec<E>,
    name: &str,
    default_preset: &mut Option<String>,
) -> Option<E> {
    let index = entries.iter().position(|e| same_name(e.name(), name))?;
    let removed = entries.remove(index);
    if E::KIND == Preset::KIND
        && default_preset
            .as_deref()
            .is_some_and(|d| same_name(d, removed.name()))
    {
        *default_preset = None;
    }
    Some(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_named_added_replaced_and_removed_by_one_rule() {
        let preset = |name: &str| Preset {
            name: name.to_owned(),
            ..Preset::default()
        };
        let mut presets = Vec::new();
        assert_eq!(add_entry(&mut presets, preset("Client A"), false), Ok(()));
        assert_eq!(
            add_entry(&mut presets, preset(" client a "), false),
            Err(NotAdded::Exists)
        );
        assert_eq!(add_entry(&mut presets, preset("CLIENT A"), true), Ok(()));
        assert_eq!(presets.len(), 1, "replaced in place");
        assert_eq!(presets[0].name, "CLIENT A");
        for bad in ["", "   ", "a\nb", "acme\u{202E}gnp.exe", &"x".repeat(65)] {
            assert_eq!(
                add_entry(&mut presets, preset(bad), true),
                Err(NotAdded::BadName),
                "{bad:?}"
            );
        }
        let mut default = Some("client a".to_owned());
        assert!(remove_entry(&mut presets, "nobody", &mut default).is_none());
        assert_eq!(default.as_deref(), Some("client a"));
        assert!(remove_entry(&mut presets, "Client A", &mut default).is_some());
        assert!(presets.is_empty());
        assert_eq!(default, None, "removing the default preset unsets it");
    }

    #[test]
    fn a_profile_made_from_a_brand_gives_the_brand_back() {
        let brand = Brand {
            name: Some("Acme".into()),
            handle: Some("acme".into()),
            colors: vec!["#ff5500".into(), "#0055ff".into()],
            font: FontName::from_name("Noto Serif"),
            placement: BrandPlacement::Both,
            slide_numbers: false,
            ..Brand::default()
        };
        let mut back = Brand::default();
        Profile::from_brand(" Acme ", &brand).apply(&mut back);
        assert_eq!(back, brand);
        assert_eq!(Profile::from_brand(" Acme ", &brand).name, "Acme");
    }

    #[test]
    fn a_preset_keeps_the_look_but_not_the_identity() {
        let mut design = Design {
            theme: ThemeName::from_name("midnight").unwrap(),
            ratio: Ratio::Story,
            ..Design::default()
        };
        design.typography.line_height = 1.6;
        design.brand.handle = Some("someone".into());
        design.brand.swipe_hint = false;
        let preset = Preset::from_design("p", &design);
        let mut back = Design::default();
        preset.apply(&mut back);
        assert_eq!(back.theme, "midnight");
        assert_eq!(back.ratio, Ratio::Story);
        assert_eq!(back.typography.line_height, 1.6);
        assert!(!back.brand.swipe_hint);
        assert_eq!(back.brand.handle, None);
        assert!(same_name(" P", "p"));
    }
}
