//! The look of a carousel: canvas ratio, layout template, theme, typography, background pattern,
//! brand kit and the outro's call to action. A [`Design`] is plain data with names, serialised
//! into deck JSON and presets; the layout resolves the names.
//!
//! All sizes are reference px on a 360-px-short-side canvas; [`Canvas::scale`] turns them into
//! canvas px (`min(width, height) / 360`), so a title of 36 is 108 px on a 1080-wide slide.

use crate::themes::ThemeName;
use serde::{Deserialize, Serialize};

/// The size of one slide in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
}

impl Canvas {
    /// Canvas px per reference px.
    pub fn scale(&self) -> f32 {
        self.width.min(self.height) as f32 / 360.0
    }
}

/// Implements name lookup, listing and serde-by-name for a fieldless enum. Each invocation
/// below is that enum's one list of names; the `label` matches beside some are the one place
/// each label is written (the repeats `duplicates` sees between them are that shape, on
/// purpose).
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the order the studio and `list` show them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used on the command line and in JSON.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The value with this name.
            pub fn from_name(name: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.name().eq_ignore_ascii_case(name.trim()))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

named_enum! {
    /// Canvas and ratio presets.
    Ratio {
        #[default]
        LinkedinPortrait = "linkedin-portrait",
        LinkedinSquare = "linkedin-square",
        LinkedinLandscape = "linkedin-landscape",
        InstagramPortrait = "instagram-portrait",
        InstagramSquare = "instagram-square",
        InstagramGrid = "instagram-grid",
        Story = "story",
    }
}

impl Ratio {
    pub fn canvas(self) -> Canvas {
        let (width, height) = match self {
            Ratio::LinkedinPortrait | Ratio::InstagramPortrait => (1080, 1350),
            Ratio::LinkedinSquare | Ratio::InstagramSquare => (1080, 1080),
            Ratio::LinkedinLandscape => (1920, 1080),
            Ratio::InstagramGrid => (1080, 1440),
            Ratio::Story => (1080, 1920),
        };
        Canvas { width, height }
    }

    /// A label for people, with the platform facts that matter when choosing.
    pub fn label(self) -> &'static str {
        match self {
            Ratio::LinkedinPortrait => "LinkedIn portrait 4:5 (1080×1350)",
            Ratio::LinkedinSquare => "LinkedIn square 1:1 (1080×1080)",
            Ratio::LinkedinLandscape => "LinkedIn landscape 16:9 (1920×1080)",
            Ratio::InstagramPortrait => "Instagram portrait 4:5 (1080×1350)",
            Ratio::InstagramSquare => "Instagram square 1:1 (1080×1080)",
            Ratio::InstagramGrid => {
                "Instagram grid 3:4 (1080×1440; reported, not confirmed by Meta)"
            }
            Ratio::Story => "Story 9:16 (1080×1920; for Stories, not the feed)",
        }
    }
}

named_enum! {
    /// Content structures: which slides a thread becomes, and how a post sits on its slide.
    Template {
        /// The hook as a large cover, one slide per following post, an outro.
        #[default]
        Hook = "hook",
        /// One post per slide, no cover.
        Posts = "posts",
        /// One striking line per slide, in large type.
        BigQuote = "big-quote",
        /// "1/ …": each post under a big numeral.
        Numbered = "numbered",
        /// Each post as an X-style card with avatar, name, handle and a subtle X mark.
        TweetCard = "tweet-card",
        /// The photo first, the text as its caption.
        ImageFocus = "image-focus",
    }
}

impl Template {
    pub fn label(self) -> &'static str {
        match self {
            Template::Hook => "Hook cover + one post per slide",
            Template::Posts => "One post per slide",
            Template::BigQuote => "Big quote",
            Template::Numbered => "Numbered list",
            Template::TweetCard => "Tweet card",
            Template::ImageFocus => "Image focus",
        }
    }

    /// Whether a thread's deck under this template opens with a cover slide made from the
    /// first post (the others start with that post as an ordinary slide).
    pub fn has_cover(self) -> bool {
        matches!(
            self,
            Template::Hook | Template::Numbered | Template::ImageFocus
        )
    }
}

named_enum! {
    /// How a post slide presents its content within the template. `auto` lets the layout's
    /// rules choose from what the post holds; the others are the user's choice for one slide.
    SlideShape {
        #[default]
        Auto = "auto",
        /// Running text at body size.
        Text = "text",
        /// Enumerated lines ("1.", "-", "•") as a list, an item to a line.
        List = "list",
        /// A short, punchy post in large type.
        Punchy = "punchy",
        /// The photo filling the slide's content area.
        Photo = "photo",
        /// A headline figure ("687µs → 130µs", "2.3x", "40k") set large above the text.
        Figure = "figure",
        /// Code in the monospaced font, its indentation kept.
        Code = "code",
    }
}

impl SlideShape {
    pub fn label(self) -> &'static str {
        match self {
            SlideShape::Auto => "Automatic",
            SlideShape::Text => "Text",
            SlideShape::List => "List",
            SlideShape::Punchy => "Large type",
            SlideShape::Photo => "Photo",
            SlideShape::Figure => "Figure",
            SlideShape::Code => "Code",
        }
    }

    pub fn is_auto(&self) -> bool {
        *self == SlideShape::Auto
    }
}

named_enum! {
    /// Vector background patterns, coloured by the theme.
    Pattern {
        #[default]
        None = "none",
        Dots = "dots",
        Grid = "grid",
        Diagonal = "diagonal",
        Waves = "waves",
        Topographic = "topographic",
        Confetti = "confetti",
        Mesh = "mesh",
    }
}

named_enum! {
    /// The outro slide's call to action.
    CtaKind {
        /// #1: avatar, name, "Follow for more".
        #[default]
        Follow = "follow",
        /// #2: "Repost 🔁 / Save 🔖 / Comment 💬".
        Engage = "engage",
        /// #3: a headline and a button with a URL.
        Link = "link",
    }
}

named_enum! {
    /// Where the brand identity (avatar or logo, name, handle or website) shows.
    BrandPlacement {
        #[default]
        Header = "header",
        Footer = "footer",
        Both = "both",
        None = "none",
    }
}

impl BrandPlacement {
    pub fn header(self) -> bool {
        matches!(self, BrandPlacement::Header | BrandPlacement::Both)
    }

    pub fn footer(self) -> bool {
        matches!(self, BrandPlacement::Footer | BrandPlacement::Both)
    }
}

named_enum! {
    /// Horizontal alignment of post text.
    TextAlign {
        /// Left for left-to-right text, right for right-to-left text.
        #[default]
        Start = "start",
        Center = "center",
    }
}

/// A bundled font family and its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FontFamily {
    pub family: &'static str,
    pub role: &'static str,
}

/// The families a design may choose for its text (others exist only as fallbacks: Arabic, CJK,
/// emoji). The companion bundles them and the studio registers them by `@font-face`.
pub const FONT_FAMILIES: &[FontFamily] = &[
    FontFamily {
        family: "Inter",
        role: "sans",
    },
    FontFamily {
        family: "Noto Serif",
        role: "serif",
    },
    FontFamily {
        family: "League Spartan",
        role: "display",
    },
    FontFamily {
        family: "JetBrains Mono",
        role: "mono",
    },
];

/// One of [`FONT_FAMILIES`], by its family name. As with [`ThemeName`], a design can only name
/// a family that is bundled; a role ("serif") is accepted where a name arrives and stored as
/// the family it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FontName(&'static str);

impl FontName {
    /// The family named `name` or its role (case-insensitive, surrounding spaces ignored).
    pub fn from_name(name: &str) -> Option<FontName> {
        let name = name.trim();
        FONT_FAMILIES
            .iter()
            .find(|f| f.family.eq_ignore_ascii_case(name) || f.role.eq_ignore_ascii_case(name))
            .map(|f| FontName(f.family))
    }

    /// The family name, as the slides' SVG and `list fonts` spell it.
    pub fn name(self) -> &'static str {
        self.0
    }
}

listed_name!(FontName, "font", || FONT_FAMILIES.iter().map(|f| f.family));

/// Type sizes in reference px, the line height as a multiple of the font size, an optional
/// font family for all text (else the theme's pairing) and the alignment of post text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Typography {
    /// The cover hook and other headings.
    pub title: f32,
    /// Post text.
    pub body: f32,
    /// Header (avatar, name, handle) and footer (slide number, swipe hint).
    pub chrome: f32,
    pub line_height: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font: Option<FontName>,
    pub align: TextAlign,
}

impl Default for Typography {
    fn default() -> Self {
        Typography {
            title: 36.0,
            body: 18.0,
            chrome: 12.0,
            line_height: 1.35,
            font: None,
            align: TextAlign::Start,
        }
    }
}

/// Sensible bounds for each size; values outside are clamped with a warning.
pub const TITLE_RANGE: (f32, f32) = (20.0, 64.0);
pub const BODY_RANGE: (f32, f32) = (10.0, 32.0);
pub const CHROME_RANGE: (f32, f32) = (8.0, 20.0);
pub const LINE_HEIGHT_RANGE: (f32, f32) = (1.0, 2.0);

impl Typography {
    /// Clamps every value into its bounds; returns one warning per value changed.
    pub fn clamp(&mut self) -> Vec<String> {
        let mut warnings = Vec::new();
        let mut one = |name: &str, value: &mut f32, (lo, hi): (f32, f32), default: f32| {
            let clamped = if value.is_finite() {
                value.clamp(lo, hi)
            } else {
                default
            };
            if clamped != *value {
                warnings.push(format!(
                    "{name} {value} is outside {lo}–{hi}; using {clamped}",
                    value = *value
                ));
                *value = clamped;
            }
        };
        let defaults = Typography::default();
        one("title size", &mut self.title, TITLE_RANGE, defaults.title);
        one("body size", &mut self.body, BODY_RANGE, defaults.body);
        one(
            "header & footer size",
            &mut self.chrome,
            CHROME_RANGE,
            defaults.chrome,
        );
        one(
            "line height",
            &mut self.line_height,
            LINE_HEIGHT_RANGE,
            defaults.line_height,
        );
        warnings
    }
}

/// A brand kit: who the carousel is presented by, and how the frame shows it. With no `name`
/// and `handle` the thread's author is shown instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Brand {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Without the leading `@`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// Image reference (`data:` URL, https URL or path), like a post's images.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Brand colours (`#rrggbb`); the first replaces the theme's accent, the others colour
    /// the background patterns (confetti, mesh).
    pub colors: Vec<String>,
    /// A font family for all text, overriding the theme's pairing and the typography's choice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font: Option<FontName>,
    pub placement: BrandPlacement,
    pub slide_numbers: bool,
    pub swipe_hint: bool,
}

impl Default for Brand {
    fn default() -> Self {
        Brand {
            name: None,
            handle: None,
            avatar: None,
            logo: None,
            website: None,
            colors: Vec::new(),
            font: None,
            placement: BrandPlacement::Header,
            slide_numbers: true,
            swipe_hint: true,
        }
    }
}

impl Brand {
    /// Whether a profile is active (rather than showing the thread's author).
    pub fn is_profile(&self) -> bool {
        self.name.as_deref().is_some_and(|s| !s.trim().is_empty())
            || self.handle.as_deref().is_some_and(|s| !s.trim().is_empty())
    }
}

/// The outro slide's call to action. Empty texts fall back to the variant's defaults.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Cta {
    pub kind: CtaKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub button: Option<String>,
    /// The link CTA's URL; defaults to the brand's website.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Everything that decides how slides look.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Design {
    pub ratio: Ratio,
    pub template: Template,
    /// A preset theme (`carousel-studio list themes`).
    pub theme: ThemeName,
    pub pattern: Pattern,
    pub typography: Typography,
    pub brand: Brand,
    pub cta: Cta,
}

impl Default for Design {
    fn default() -> Self {
        Design {
            ratio: Ratio::default(),
            template: Template::default(),
            theme: ThemeName::DEFAULT,
            pattern: Pattern::default(),
            typography: Typography::default(),
            brand: Brand::default(),
            cta: Cta::default(),
        }
    }
}

impl Design {
    pub fn canvas(&self) -> Canvas {
        self.ratio.canvas()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for ratio in Ratio::ALL {
            assert_eq!(Ratio::from_name(ratio.name()), Some(*ratio));
            let json = serde_json::to_string(ratio).expect("json");
            assert_eq!(json, format!("\"{}\"", ratio.name()));
        }
        assert_eq!(Template::from_name("Big-Quote"), Some(Template::BigQuote));
        assert_eq!(Pattern::from_name("nope"), None);
    }

    #[test]
    fn ratios_have_the_platform_sizes() {
        assert_eq!(
            Ratio::LinkedinPortrait.canvas(),
            Canvas {
                width: 1080,
                height: 1350
            }
        );
        assert_eq!(
            Ratio::LinkedinLandscape.canvas(),
            Canvas {
                width: 1920,
                height: 1080
            }
        );
        assert_eq!(
            Ratio::InstagramGrid.canvas(),
            Canvas {
                width: 1080,
                height: 1440
            }
        );
        assert_eq!(
            Ratio::Story.canvas(),
            Canvas {
                width: 1080,
                height: 1920
            }
        );
        assert_eq!(Ratio::LinkedinPortrait.canvas().scale(), 3.0);
    }

    #[test]
    fn typography_is_clamped_with_warnings() {
        let mut t = Typography {
            title: 500.0,
            body: 18.0,
            chrome: 2.0,
            line_height: f32::NAN,
            ..Default::default()
        };
        let warnings = t.clamp();
        assert_eq!(
            (t.title, t.body, t.chrome, t.line_height),
            (64.0, 18.0, 8.0, 1.35)
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].contains("title size 500"));
    }

    #[test]
    fn font_families_by_name_or_role() {
        assert_eq!(FontName::from_name("serif").unwrap(), "Noto Serif");
        assert_eq!(
            FontName::from_name(" jetbrains mono").unwrap(),
            "JetBrains Mono"
        );
        assert_eq!(FontName::from_name("Comic Sans"), None);
    }

    #[test]
    fn old_and_partial_design_json_loads() {
        let design: Design =
            serde_json::from_str(r#"{"theme":"midnight","typography":{"body":20}}"#)
                .expect("partial design");
        assert_eq!(design.theme, "midnight");
        assert_eq!(design.typography.body, 20.0);
        assert_eq!(design.typography.title, 36.0);
        assert_eq!(design.ratio, Ratio::LinkedinPortrait);
    }
}
