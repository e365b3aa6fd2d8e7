//! The look of a carousel: canvas, theme and typography.
//!
//! All sizes are reference px on a 360-px-short-side canvas; [`Canvas::scale`] turns them into
//! canvas px (`min(width, height) / 360`), so a title of 36 is 108 px on a 1080-wide slide.

use serde::{Deserialize, Serialize};

/// The size of one slide in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
}

impl Canvas {
    /// LinkedIn portrait, 4:5: the default.
    pub const LINKEDIN_PORTRAIT: Canvas = Canvas {
        width: 1080,
        height: 1350,
    };

    /// Canvas px per reference px.
    pub fn scale(&self) -> f32 {
        self.width.min(self.height) as f32 / 360.0
    }
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas::LINKEDIN_PORTRAIT
    }
}

/// A colour palette. Colours are CSS hex strings (`#rrggbb`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Theme {
    pub name: String,
    /// Slide background.
    pub background: String,
    /// Body text.
    pub text: String,
    /// Secondary text: handles, slide numbers, hints.
    pub muted: String,
    /// Links, @mentions, #hashtags, and accents such as the CTA button.
    pub accent: String,
    /// Text on an accent-coloured surface.
    pub on_accent: String,
    /// Nested cards (quoted posts).
    pub card: String,
    /// Hairlines: card borders, dividers.
    pub line: String,
    /// Family of headings and the cover hook.
    pub heading_font: String,
    /// Family of body text.
    pub body_font: String,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            name: "paper".to_owned(),
            background: "#ffffff".to_owned(),
            text: "#0f1419".to_owned(),
            muted: "#536471".to_owned(),
            accent: "#1d9bf0".to_owned(),
            on_accent: "#ffffff".to_owned(),
            card: "#f7f9f9".to_owned(),
            line: "#cfd9de".to_owned(),
            heading_font: "Inter".to_owned(),
            body_font: "Inter".to_owned(),
        }
    }
}

/// Type sizes in reference px, and the line height as a multiple of the font size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Typography {
    /// The cover hook and other headings.
    pub title: f32,
    /// Post text.
    pub body: f32,
    /// Header (avatar, name, handle) and footer (slide number, swipe hint).
    pub chrome: f32,
    pub line_height: f32,
}

impl Default for Typography {
    fn default() -> Self {
        Typography {
            title: 36.0,
            body: 18.0,
            chrome: 12.0,
            line_height: 1.35,
        }
    }
}

/// Everything that decides how slides look.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Design {
    pub canvas: Canvas,
    pub theme: Theme,
    pub typography: Typography,
}
