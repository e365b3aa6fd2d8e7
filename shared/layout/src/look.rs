//! A design resolved for layout: names looked up, overrides applied, sizes clamped and scaled.

use model::Author;
use model::design::{Brand, Canvas, Cta, Design, FontName, Pattern, Template, TextAlign};
use model::themes::Theme;

/// Who the frame and the call to action present: the brand profile, or the thread's author.
#[derive(Debug, Clone)]
pub struct Identity {
    pub name: String,
    pub handle: String,
    pub avatar: Option<String>,
    pub logo: Option<String>,
    pub website: Option<String>,
}

impl Identity {
    /// Nobody to show: a deck of text slides with no posts and no brand profile. The header
    /// and the outro then show no avatar and no name rather than an empty circle.
    pub fn is_anonymous(&self) -> bool {
        self.name.trim().is_empty()
            && self.handle.trim().is_empty()
            && self.avatar.is_none()
            && self.logo.is_none()
            && self.website.is_none()
    }

    pub fn as_author(&self) -> Author {
        Author {
            name: self.name.clone(),
            handle: self.handle.clone(),
            avatar: self.avatar.clone(),
        }
    }
}

/// Everything layout needs to know about the design, in canvas px.
#[derive(Debug, Clone)]
pub struct Look {
    pub canvas: Canvas,
    pub template: Template,
    pub theme: Theme,
    pub pattern: Pattern,
    pub brand: Brand,
    pub cta: Cta,
    pub align: TextAlign,
    pub heading_font: String,
    pub body_font: String,
    /// Sizes in px.
    pub title: f32,
    pub body: f32,
    pub chrome: f32,
    pub line_height: f32,
    /// The thread's author (the first post's).
    pub author: Author,
    pub identity: Identity,
    /// Values that had to be changed, for the user to hear about.
    pub warnings: Vec<String>,
}

impl Look {
    pub fn new(design: &Design, author: &Author) -> Look {
        let mut theme = design.theme.theme();
        if let Some(color) = design.brand.colors.first() {
            theme = theme.with_accent(color);
        }
        let mut typography = design.typography.clone();
        let warnings = typography.clamp();
        let override_font = design.brand.font.or(typography.font).map(FontName::name);
        let heading_font = override_font.map_or(theme.heading_font.clone(), str::to_owned);
        let body_font = override_font.map_or(theme.body_font.clone(), str::to_owned);
        let canvas = design.canvas();
        let scale = canvas.scale();
        let brand = &design.brand;
        let identity = if brand.is_profile() {
            fn text(value: &Option<String>) -> Option<&str> {
                value.as_deref().map(str::trim).filter(|s| !s.is_empty())
            }
            let handle = text(&brand.handle).map(|h| h.trim_start_matches('@').to_owned());
            Identity {
                name: text(&brand.name)
                    .map(str::to_owned)
                    .or_else(|| handle.clone())
                    .unwrap_or_default(),
                handle: handle.unwrap_or_default(),
                avatar: text(&brand.avatar).map(str::to_owned),
                logo: text(&brand.logo).map(str::to_owned),
                website: text(&brand.website).map(str::to_owned),
            }
        } else {
            Identity {
                name: author.name.clone(),
                handle: author.handle.clone(),
                avatar: author.avatar.clone(),
                logo: None,
                website: None,
            }
        };
        Look {
            canvas,
            template: design.template,
            theme,
            pattern: design.pattern,
            brand: design.brand.clone(),
            cta: design.cta.clone(),
            align: typography.align,
            heading_font,
            body_font,
            title: typography.title * scale,
            body: typography.body * scale,
            chrome: typography.chrome * scale,
            line_height: typography.line_height,
            author: author.clone(),
            identity,
            warnings,
        }
    }

    /// The author to assume for a deck with no posts at all: the brand profile.
    pub fn profile_author(brand: &Brand) -> Author {
        let handle = brand
            .handle
            .clone()
            .unwrap_or_default()
            .trim_start_matches('@')
            .to_owned();
        Author {
            name: brand.name.clone().unwrap_or_else(|| handle.clone()),
            handle,
            avatar: brand.avatar.clone(),
        }
    }

    /// Whether a brand profile other than the thread's author presents the carousel, so the
    /// cover must credit the author.
    pub fn credits_author(&self) -> bool {
        self.brand.is_profile()
            && !self
                .identity
                .handle
                .eq_ignore_ascii_case(&self.author.handle)
    }

    pub fn landscape(&self) -> bool {
        self.canvas.width as f32 > self.canvas.height as f32 * 1.2
    }
}
