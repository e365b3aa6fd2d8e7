//! The design flags of `render` and `preset add` (`--ratio`, `--theme`, …), the brand flags of
//! `profile add`, and the names they accept (what `list` prints). Flags apply last, over what
//! [`design::resolve`](crate::design::resolve) made of the store.

use std::path::Path;

use clap::{ArgAction, Args};
use model::design::{BrandPlacement, CtaKind, FONT_FAMILIES, Pattern, Ratio, Template, TextAlign};
use model::{Design, FontName, Theme, ThemeName};

use crate::store::Profile;
use export::images::{self, ImageBase};

/// A flag value that is not one of the choices.
#[derive(Debug, thiserror::Error)]
pub enum DesignError {
    #[error("unknown {what} \"{value}\"; `carousel-studio list {list}` shows the choices")]
    Unknown {
        what: &'static str,
        value: String,
        list: &'static str,
    },
    #[error("{flag} must be one of: {choices} (got \"{value}\")")]
    NotOneOf {
        flag: &'static str,
        value: String,
        choices: String,
    },
    #[error("\"{0}\" is not a colour; use #rrggbb, e.g. --color #0a66c2")]
    Color(String),
    #[error(
        "cannot use {flag} {value}: {source}; pass a PNG, JPEG, GIF or WebP file or an https:// URL"
    )]
    Image {
        flag: &'static str,
        value: String,
        source: images::ImageError,
    },
}

/// Every flag that changes the look, shared by `render` and `preset add`.
#[derive(Debug, Clone, Default, Args)]
pub struct DesignArgs {
    /// Canvas and ratio (`carousel-studio list ratios`), e.g. linkedin-portrait, story.
    #[arg(long, value_name = "NAME", help_heading = "Design")]
    pub ratio: Option<String>,
    /// Layout template (`list templates`), e.g. hook, tweet-card.
    #[arg(long, value_name = "NAME", help_heading = "Design")]
    pub template: Option<String>,
    /// Preset theme (`list themes`), e.g. paper, midnight.
    #[arg(long, value_name = "NAME", help_heading = "Design")]
    pub theme: Option<String>,
    /// Background pattern (`list patterns`), e.g. dots, waves.
    #[arg(long, value_name = "NAME", help_heading = "Design")]
    pub pattern: Option<String>,
    /// Font family for all text (`list fonts`), or a role: sans, serif, display, mono.
    #[arg(long, value_name = "FAMILY", help_heading = "Design")]
    pub font: Option<String>,
    /// Alignment of post text: start or center.
    #[arg(long, value_name = "start|center", help_heading = "Design")]
    pub align: Option<String>,
    /// Title size in reference px (default 36; 20–64).
    #[arg(long, value_name = "N", help_heading = "Design")]
    pub title_size: Option<f32>,
    /// Body size in reference px (default 18; 10–32).
    #[arg(long, value_name = "N", help_heading = "Design")]
    pub body_size: Option<f32>,
    /// Header and footer size in reference px (default 12; 8–20).
    #[arg(long, value_name = "N", help_heading = "Design")]
    pub chrome_size: Option<f32>,
    /// Line height as a multiple of the font size (default 1.35; 1–2).
    #[arg(long, value_name = "X", help_heading = "Design")]
    pub line_height: Option<f32>,
    /// Outro call to action (`list ctas`): follow, engage or link.
    #[arg(long, value_name = "follow|engage|link", help_heading = "Design")]
    pub cta: Option<String>,
    /// The call to action's headline.
    #[arg(long, value_name = "TEXT", help_heading = "Design")]
    pub cta_headline: Option<String>,
    /// The call to action's sub-line.
    #[arg(long, value_name = "TEXT", help_heading = "Design")]
    pub cta_sub: Option<String>,
    /// The call to action's button text.
    #[arg(long, value_name = "TEXT", help_heading = "Design")]
    pub cta_button: Option<String>,
    /// The link call to action's URL (default: the profile's website).
    #[arg(long, value_name = "URL", help_heading = "Design")]
    pub cta_url: Option<String>,
    /// Where the brand shows: header, footer, both or none.
    #[arg(long, value_name = "header|footer|both|none", help_heading = "Design")]
    pub brand_placement: Option<String>,
    /// Hide the slide numbers.
    #[arg(long, action = ArgAction::SetTrue, help_heading = "Design")]
    pub no_slide_numbers: bool,
    /// Hide the swipe hint.
    #[arg(long, action = ArgAction::SetTrue, help_heading = "Design")]
    pub no_swipe_hint: bool,
}

/// `found`, or the error naming the bad `value` and the `list` command that shows the choices.
fn known<T>(
    found: Option<T>,
    what: &'static str,
    value: &str,
    list: &'static str,
) -> Result<T, DesignError> {
    found.ok_or_else(|| DesignError::Unknown {
        what,
        value: value.to_owned(),
        list,
    })
}

pub fn ratio(name: &str) -> Result<Ratio, DesignError> {
    known(Ratio::from_name(name), "ratio", name, "ratios")
}

pub fn template(name: &str) -> Result<Template, DesignError> {
    known(Template::from_name(name), "template", name, "templates")
}

pub fn theme(name: &str) -> Result<ThemeName, DesignError> {
    known(ThemeName::from_name(name), "theme", name, "themes")
}

pub fn pattern(name: &str) -> Result<Pattern, DesignError> {
    known(Pattern::from_name(name), "pattern", name, "patterns")
}

pub fn cta(name: &str) -> Result<CtaKind, DesignError> {
    known(CtaKind::from_name(name), "call to action", name, "ctas")
}

/// A bundled family (a role such as "serif" is accepted too).
pub fn font(name: &str) -> Result<FontName, DesignError> {
    known(FontName::from_name(name), "font", name, "fonts")
}

/// `found`, or the error naming the bad `value` of `flag` and its few `choices`.
fn one_of<T>(
    found: Option<T>,
    flag: &'static str,
    value: &str,
    choices: impl Iterator<Item = &'static str>,
) -> Result<T, DesignError> {
    found.ok_or_else(|| DesignError::NotOneOf {
        flag,
        value: value.to_owned(),
        choices: choices.collect::<Vec<_>>().join(", "),
    })
}

pub fn placement(name: &str) -> Result<BrandPlacement, DesignError> {
    let choices = BrandPlacement::ALL.iter().map(|p| p.name());
    one_of(
        BrandPlacement::from_name(name),
        "--brand-placement",
        name,
        choices,
    )
}

pub fn align(name: &str) -> Result<TextAlign, DesignError> {
    let choices = TextAlign::ALL.iter().map(|p| p.name());
    one_of(TextAlign::from_name(name), "--align", name, choices)
}

/// A colour as `#rrggbb`.
pub fn color(value: &str) -> Result<String, DesignError> {
    model::themes::normalise_hex(value).ok_or_else(|| DesignError::Color(value.to_owned()))
}

impl DesignArgs {
    /// Applies the flags that were given to `design`, checking every name.
    pub fn apply(&self, design: &mut Design) -> Result<(), DesignError> {
        if let Some(name) = &self.ratio {
            design.ratio = ratio(name)?;
        }
        if let Some(name) = &self.template {
            design.template = template(name)?;
        }
        if let Some(name) = &self.theme {
            design.theme = theme(name)?;
        }
        if let Some(name) = &self.pattern {
            design.pattern = pattern(name)?;
        }
        let typography = &mut design.typography;
        if let Some(name) = &self.font {
            typography.font = Some(font(name)?);
        }
        if let Some(name) = &self.align {
            typography.align = align(name)?;
        }
        for (flag, slot) in [
            (self.title_size, &mut typography.title),
            (self.body_size, &mut typography.body),
            (self.chrome_size, &mut typography.chrome),
            (self.line_height, &mut typography.line_height),
        ] {
            if let Some(value) = flag {
                *slot = value;
            }
        }
        let cta_ = &mut design.cta;
        if let Some(name) = &self.cta {
            cta_.kind = cta(name)?;
        }
        for (flag, slot) in [
            (&self.cta_headline, &mut cta_.headline),
            (&self.cta_sub, &mut cta_.sub),
            (&self.cta_button, &mut cta_.button),
            (&self.cta_url, &mut cta_.url),
        ] {
            if let Some(text) = flag {
                *slot = Some(text.clone());
            }
        }
        if let Some(name) = &self.brand_placement {
            design.brand.placement = placement(name)?;
        }
        if self.no_slide_numbers {
            design.brand.slide_numbers = false;
        }
        if self.no_swipe_hint {
            design.brand.swipe_hint = false;
        }
        Ok(())
    }
}

/// The brand flags of `profile add`.
#[derive(Debug, Clone, Default, Args)]
pub struct BrandArgs {
    /// The brand's display name.
    #[arg(long = "name", value_name = "TEXT")]
    pub display_name: Option<String>,
    /// The brand's handle (without @).
    #[arg(long, value_name = "HANDLE")]
    pub handle: Option<String>,
    /// Avatar: an image file (embedded into the store) or an https:// URL.
    #[arg(long, value_name = "PATH|URL")]
    pub avatar: Option<String>,
    /// Logo: an image file (embedded into the store) or an https:// URL.
    #[arg(long, value_name = "PATH|URL")]
    pub logo: Option<String>,
    /// Website, shown in the frame and used by the link call to action.
    #[arg(long, value_name = "URL")]
    pub website: Option<String>,
    /// A brand colour as #rrggbb (repeatable); the first replaces the theme's accent.
    #[arg(long = "color", value_name = "#HEX")]
    pub colors: Vec<String>,
    /// A font family for all text (`list fonts`).
    #[arg(long, value_name = "FAMILY")]
    pub font: Option<String>,
    /// Where the brand shows: header, footer, both or none.
    #[arg(long, value_name = "header|footer|both|none")]
    pub brand_placement: Option<String>,
    /// Hide the slide numbers when this profile is used.
    #[arg(long)]
    pub no_slide_numbers: bool,
    /// Hide the swipe hint when this profile is used.
    #[arg(long)]
    pub no_swipe_hint: bool,
}

impl BrandArgs {
    /// The profile these flags describe. Image files are read relative to `cwd` and embedded as
    /// `data:` URLs, so the store is self-contained and the browser can use it too.
    pub fn to_profile(&self, name: &str, cwd: &Path) -> Result<Profile, DesignError> {
        let image = |flag: &'static str, value: &Option<String>| -> Result<_, DesignError> {
            let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
                return Ok(None);
            };
            let lower = value.to_ascii_lowercase();
            if lower.starts_with("https://") || lower.starts_with("http://") {
                return Ok(Some(value.to_owned()));
            }
            images::resolve_brand_image(value, ImageBase::Dir(cwd))
                .map(Some)
                .map_err(|source| DesignError::Image {
                    flag,
                    value: value.to_owned(),
                    source,
                })
        };
        let text = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Ok(Profile {
            name: name.trim().to_owned(),
            display_name: text(&self.display_name),
            handle: text(&self.handle).map(|h| h.trim_start_matches('@').to_owned()),
            avatar: image("--avatar", &self.avatar)?,
            logo: image("--logo", &self.logo)?,
            website: text(&self.website),
            colors: self
                .colors
                .iter()
                .map(|c| color(c))
                .collect::<Result<_, _>>()?,
            font: self.font.as_deref().map(font).transpose()?,
            placement: self.brand_placement.as_deref().map(placement).transpose()?,
            slide_numbers: self.no_slide_numbers.then_some(false),
            swipe_hint: self.no_swipe_hint.then_some(false),
            extra: Default::default(),
        })
    }
}

/// The names `carousel-studio list WHAT` prints, exactly as the flags accept them.
pub fn list(what: &str) -> Option<Vec<String>> {
    let owned = |names: &mut dyn Iterator<Item = &'static str>| names.map(str::to_owned).collect();
    Some(match what.trim().to_ascii_lowercase().as_str() {
        "themes" => owned(&mut Theme::names()),
        "templates" => owned(&mut Template::ALL.iter().map(|t| t.name())),
        "ratios" => owned(&mut Ratio::ALL.iter().map(|t| t.name())),
        "patterns" => owned(&mut Pattern::ALL.iter().map(|t| t.name())),
        "fonts" => owned(&mut FONT_FAMILIES.iter().map(|f| f.family)),
        "ctas" => owned(&mut CtaKind::ALL.iter().map(|t| t.name())),
        _ => return None,
    })
}

/// What `list` accepts.
pub const LISTS: &[&str] = &["themes", "templates", "ratios", "patterns", "fonts", "ctas"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_name_is_accepted_by_its_flag() {
        for name in list("themes").unwrap() {
            assert_eq!(theme(&name).unwrap().name(), name);
        }
        for name in list("templates").unwrap() {
            template(&name).unwrap();
        }
        for name in list("ratios").unwrap() {
            ratio(&name).unwrap();
        }
        for name in list("patterns").unwrap() {
            pattern(&name).unwrap();
        }
        for name in list("fonts").unwrap() {
            assert_eq!(font(&name).unwrap().name(), name);
        }
        for name in list("ctas").unwrap() {
            cta(&name).unwrap();
        }
        assert!(list("colours").is_none());
        assert!(LISTS.iter().all(|l| list(l).is_some()));
    }

    #[test]
    fn bad_names_say_where_to_look() {
        let err = theme("neon").unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown theme \"neon\"; `carousel-studio list themes` shows the choices"
        );
        let err = placement("top").unwrap_err().to_string();
        assert!(err.contains("header, footer, both, none") && err.contains("top"));
    }

    #[test]
    fn flags_override_the_stored_design() {
        let mut design = Design {
            theme: ThemeName::from_name("midnight").unwrap(),
            ..Design::default()
        };
        let flags = DesignArgs {
            theme: Some("paper".into()),
            ratio: Some("story".into()),
            no_swipe_hint: true,
            ..DesignArgs::default()
        };
        flags.apply(&mut design).unwrap();
        assert_eq!(design.theme, "paper");
        assert_eq!(design.ratio, Ratio::Story);
        assert!(!design.brand.swipe_hint);
        let bad = DesignArgs {
            theme: Some("neon".into()),
            ..DesignArgs::default()
        };
        assert!(matches!(
            bad.apply(&mut design),
            Err(DesignError::Unknown { what: "theme", .. })
        ));
    }
}
