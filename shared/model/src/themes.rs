//! The preset themes: a named palette, a font pairing and an accent each. Body text, secondary
//! text and links meet WCAG AA (4.5:1) on their background — a test checks every theme.

use serde::{Deserialize, Serialize};

/// The name of a preset theme, spelled as the list spells it. Only a theme that exists can be
/// named, so a design never refers to a missing one: an unknown name is refused where it
/// arrives (a flag, a deck file, a message), with the list to choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ThemeName(&'static str);

impl ThemeName {
    /// The theme of the default design: clean and light.
    pub const DEFAULT: ThemeName = ThemeName("paper");

    /// The theme called `name` (case-insensitive, surrounding spaces ignored).
    pub fn from_name(name: &str) -> Option<ThemeName> {
        THEMES
            .iter()
            .find(|row| row.0.eq_ignore_ascii_case(name.trim()))
            .map(|row| ThemeName(row.0))
    }

    /// The canonical name, as `list themes` prints it.
    pub fn name(self) -> &'static str {
        self.0
    }

    /// Every preset theme, in the order the studio shows them.
    pub fn all() -> impl Iterator<Item = ThemeName> {
        THEMES.iter().map(|row| ThemeName(row.0))
    }

    /// The theme's palette and fonts.
    pub fn theme(self) -> Theme {
        Theme::named(self.0).expect("a ThemeName names a preset theme")
    }
}

impl Default for ThemeName {
    fn default() -> Self {
        ThemeName::DEFAULT
    }
}

listed_name!(ThemeName, "theme", Theme::names);

/// A resolved palette and font pairing. Colours are `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub name: String,
    pub label: String,
    /// Slide background.
    pub background: String,
    /// Body text.
    pub text: String,
    /// Secondary text: handles, slide numbers.
    pub muted: String,
    /// Decoration: bars, numerals, buttons, the swipe hint, patterns.
    pub accent: String,
    /// Text on an accent-coloured surface (large text only: buttons).
    pub on_accent: String,
    /// Links, @mentions, #hashtags inside text; AA on the background and on cards.
    pub link: String,
    /// Nested cards: quoted posts, tweet cards.
    pub card: String,
    /// Hairlines: card borders, the progress track, patterns.
    pub line: String,
    pub heading_font: String,
    pub body_font: String,
    pub dark: bool,
}

/// (name, label, background, text, muted, accent, on_accent, link, card, line, heading, body)
/// One row per theme: the rows share their shape because they are a table.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const THEMES: &[Row] = &[
    ("paper", "Paper: clean light", "#ffffff", "#0f1419", "#536471", "#1d9bf0", "#ffffff", "#0a6fc2", "#f7f9f9", "#cfd9de", "Inter", "Inter"),
    ("linkedin", "LinkedIn: the feed's look", "#f4f2ee", "#191919", "#5e5e5e", "#0a66c2", "#ffffff", "#0a66c2", "#ffffff", "#d9d6d0", "Inter", "Inter"),
    ("x", "X: lights out", "#000000", "#e7e9ea", "#8b98a5", "#1d9bf0", "#ffffff", "#1d9bf0", "#16181c", "#2f3336", "Inter", "Inter"),
    ("midnight", "Midnight: deep slate", "#0f172a", "#f1f5f9", "#94a3b8", "#38bdf8", "#0f172a", "#7dd3fc", "#1e293b", "#334155", "League Spartan", "Inter"),
    ("cobalt", "Cobalt: bold blue", "#1e40af", "#ffffff", "#c7d2fe", "#fde047", "#1e3a8a", "#fde047", "#1e3a8a", "#3b5bdb", "League Spartan", "Inter"),
    ("citrus", "Citrus: bold yellow", "#fde047", "#1c1917", "#44403c", "#c2410c", "#ffffff", "#9a3412", "#fef9c3", "#eab308", "League Spartan", "Inter"),
    ("coral", "Coral: bold warm", "#ff6f61", "#1a1a1a", "#3d1f1c", "#03045e", "#ffffff", "#03045e", "#ff8a7e", "#ff9a8f", "Noto Serif", "Inter"),
    ("forest", "Forest: dark green, serif", "#0b3d2e", "#ecfdf5", "#a7d7c5", "#34d399", "#0b3d2e", "#6ee7b7", "#0f4c3a", "#1f6b52", "Noto Serif", "Noto Serif"),
    ("editorial", "Editorial: cream and serif", "#faf7f2", "#1f1a17", "#6b5e55", "#b4532a", "#ffffff", "#9a3412", "#f1ebe2", "#e0d6c8", "Noto Serif", "Noto Serif"),
    ("terminal", "Terminal: dark, monospaced", "#0d1117", "#e6edf3", "#8b949e", "#3fb950", "#0d1117", "#58a6ff", "#161b22", "#30363d", "JetBrains Mono", "JetBrains Mono"),
    ("lavender", "Lavender: soft violet", "#f5f3ff", "#1e1b4b", "#5b5794", "#7c3aed", "#ffffff", "#6d28d9", "#ede9fe", "#ddd6fe", "Inter", "Inter"),
    ("poster", "Poster: black and red, display type", "#111111", "#ffffff", "#b3b3b3", "#ff3b30", "#ffffff", "#ff6961", "#1c1c1c", "#333333", "League Spartan", "Inter"),
    ("sand", "Sand: warm neutral", "#f5efe6", "#2d2a26", "#6f665c", "#d97706", "#ffffff", "#a14a05", "#ece3d6", "#e0d3bf", "Noto Serif", "Inter"),
];

impl Theme {
    /// Every preset theme, in the order the studio shows them.
    pub fn all() -> Vec<Theme> {
        THEMES.iter().map(Theme::from_row).collect()
    }

    /// Every preset theme's name.
    pub fn names() -> impl Iterator<Item = &'static str> {
        THEMES.iter().map(|row| row.0)
    }

    /// The preset theme with this name (case-insensitive).
    pub fn named(name: &str) -> Option<Theme> {
        THEMES
            .iter()
            .find(|row| row.0.eq_ignore_ascii_case(name.trim()))
            .map(Theme::from_row)
    }

    fn from_row(row: &Row) -> Theme {
        let (
            name,
            label,
            background,
            text,
            muted,
            accent,
            on_accent,
            link,
            card,
            line,
            heading,
            body,
        ) = *row;
        Theme {
            name: name.into(),
            label: label.into(),
            background: background.into(),
            text: text.into(),
            muted: muted.into(),
            accent: accent.into(),
            on_accent: on_accent.into(),
            link: link.into(),
            card: card.into(),
            line: line.into(),
            heading_font: heading.into(),
            body_font: body.into(),
            dark: relative_luminance(background).unwrap_or(1.0) < 0.2,
        }
    }

    /// Applies a brand colour as the accent: decorations take it; text on it becomes black or
    /// white, whichever contrasts more; links take it only where it stays readable (AA).
    pub fn with_accent(mut self, accent: &str) -> Theme {
        let Some(accent) = normalise_hex(accent) else {
            return self;
        };
        let on_white = contrast("#ffffff", &accent).unwrap_or(1.0);
        let on_black = contrast("#000000", &accent).unwrap_or(1.0);
        self.on_accent = if on_white >= on_black {
            "#ffffff"
        } else {
            "#000000"
        }
        .to_owned();
        let readable = |surface: &str| contrast(surface, &accent).is_some_and(|c| c >= 4.5);
        if readable(&self.background) && readable(&self.card) {
            self.link = accent.clone();
        }
        self.accent = accent;
        self
    }
}

impl Theme {
    /// The accent as a colour for text on the background: the accent where it is readable (AA:
    /// 4.5:1, or 3:1 for `large` text), else the link colour, the accent's readable cousin.
    pub fn accent_text(&self, large: bool) -> &str {
        let needed = if large { 3.0 } else { 4.5 };
        match contrast(&self.accent, &self.background) {
            Some(ratio) if ratio >= needed => &self.accent,
            _ => &self.link,
        }
    }

    /// The fill of a button (the outro's, the cover's swipe): the accent where its text
    /// (`on_accent`) reads on it at 4.5:1, else the link colour where that does better (X blue
    /// #1d9bf0 under white is only 3.0:1; the darker link blue is 5:1).
    pub fn button_fill(&self) -> &str {
        let on = |fill: &str| contrast(&self.on_accent, fill).unwrap_or(1.0);
        if on(&self.accent) >= 4.5 || on(&self.link) <= on(&self.accent) {
            &self.accent
        } else {
            &self.link
        }
    }

    /// The colours text is drawn in straight on the background: body, muted, links, and the
    /// accent as text takes it.
    pub fn text_colours(&self) -> [&str; 4] {
        [&self.text, &self.muted, &self.link, self.accent_text(false)]
    }
}

/// `fg` laid over `bg` at `alpha` (0 to 1), as `#rrggbb`.
pub fn blend(fg: &str, bg: &str, alpha: f32) -> Option<String> {
    let (fg, bg) = (normalise_hex(fg)?, normalise_hex(bg)?);
    let channel = |hex: &str, i: usize| u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).ok();
    let alpha = alpha.clamp(0.0, 1.0);
    let mut out = String::from("#");
    for i in 0..3 {
        let (f, b) = (channel(&fg, i)? as f32, channel(&bg, i)? as f32);
        out.push_str(&format!(
            "{:02x}",
            (f * alpha + b * (1.0 - alpha)).round() as u8
        ));
    }
    Some(out)
}

/// `#rgb` or `#rrggbb` (any case) as `#rrggbb`.
pub fn normalise_hex(color: &str) -> Option<String> {
    let hex = color.trim().strip_prefix('#')?;
    let full: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_owned(),
        _ => return None,
    };
    full.chars()
        .all(|c| c.is_ascii_hexdigit())
        .then(|| format!("#{}", full.to_ascii_lowercase()))
}

/// WCAG relative luminance of a `#rrggbb` colour.
pub fn relative_luminance(color: &str) -> Option<f32> {
    let hex = normalise_hex(color)?;
    let channel = |i: usize| {
        let c = u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).ok()? as f32 / 255.0;
        Some(if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(1)? + 0.0722 * channel(2)?)
}

/// WCAG contrast ratio between two colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> Option<f32> {
    let (la, lb) = (relative_luminance(a)?, relative_luminance(b)?);
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_ten_themes_with_unique_names() {
        let names: Vec<_> = Theme::names().collect();
        assert!(names.len() >= 10);
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert!(Theme::named(ThemeName::DEFAULT.name()).is_some());
        for name in Theme::names() {
            assert_eq!(ThemeName::from_name(name).unwrap().theme().name, name);
        }
        assert_eq!(ThemeName::from_name(" Midnight ").unwrap(), "midnight");
        let refused = serde_json::from_str::<ThemeName>("\"neon\"").unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("unknown theme \"neon\"; the themes are: paper")
        );
        assert!(Theme::named("LinkedIn").is_some() && Theme::named("x").is_some());
    }

    #[test]
    fn every_theme_meets_wcag_aa() {
        for theme in Theme::all() {
            let check = |what: &str, fg: &str, bg: &str, min: f32| {
                let ratio = contrast(fg, bg).expect("valid colours");
                assert!(
                    ratio >= min,
                    "{}: {what} {fg} on {bg} is {ratio:.2}:1 < {min}",
                    theme.name
                );
            };
            check("body text", &theme.text, &theme.background, 4.5);
            check("secondary text", &theme.muted, &theme.background, 4.5);
            check("links", &theme.link, &theme.background, 4.5);
            check("text on cards", &theme.text, &theme.card, 4.5);
            check("links on cards", &theme.link, &theme.card, 4.5);
            // Only large bold text sits on the accent (buttons): AA large is 3:1.
            check("button text", &theme.on_accent, &theme.accent, 3.0);
            check("button text", &theme.on_accent, theme.button_fill(), 3.0);
        }
        // Where the accent under its text falls short of 4.5:1, the button takes the link
        // colour: Paper's X blue (3.0:1 under white) becomes its darker link blue.
        let paper = ThemeName::DEFAULT.theme();
        assert_eq!(paper.button_fill(), paper.link);
        let button = contrast(&paper.on_accent, paper.button_fill()).unwrap();
        assert!(button >= 4.5, "{button}");
    }

    #[test]
    fn accent_as_text_is_always_readable_and_blends_are_exact() {
        for theme in Theme::all() {
            for (large, needed) in [(false, 4.5), (true, 3.0)] {
                let colour = theme.accent_text(large);
                let ratio = contrast(colour, &theme.background).unwrap();
                assert!(ratio >= needed, "{}: {colour} is {ratio:.2}:1", theme.name);
            }
        }
        assert_eq!(blend("#ffffff", "#000000", 0.5).as_deref(), Some("#808080"));
        assert_eq!(blend("#1d9bf0", "#ffffff", 0.0).as_deref(), Some("#ffffff"));
        assert_eq!(blend("nope", "#ffffff", 0.5), None);
    }

    #[test]
    fn contrast_matches_known_values() {
        let white_black = contrast("#fff", "#000000").expect("valid");
        assert!((white_black - 21.0).abs() < 0.01);
        assert!(contrast("#777", "#fff").expect("valid") > 4.47);
        assert_eq!(contrast("red", "#fff"), None);
    }

    #[test]
    fn brand_accent_keeps_text_readable() {
        let theme = Theme::named("paper").expect("paper").with_accent("#FFD400");
        assert_eq!(theme.accent, "#ffd400");
        assert_eq!(theme.on_accent, "#000000", "dark text on a yellow button");
        assert_eq!(
            theme.link, "#0a6fc2",
            "yellow links would be unreadable on white"
        );
        let theme = Theme::named("paper").expect("paper").with_accent("#0b3d2e");
        assert_eq!(theme.link, "#0b3d2e");
    }
}
