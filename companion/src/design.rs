//! The second stage of a render: which design it is rendered with. A design starts from the
//! defaults (a deck's from its own design), then the store's default preset, a named preset and
//! a named profile apply in that order. The CLI's design flags apply last, on top of what this
//! returns (see `cli::flags`); the host has no flags.

use model::Design;

use crate::store::{Store, StoreError};

/// Which stored settings apply on top of a render's starting design.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources<'a> {
    /// A preset by name (`--preset`, or the preset the extension asked for).
    pub preset: Option<&'a str>,
    /// A brand profile by name (`--profile`).
    pub profile: Option<&'a str>,
    /// Whether the store's default preset applies when no preset is named (not for a deck,
    /// which carries its own design).
    pub use_default_preset: bool,
}

/// Applies the stored settings `sources` names to `design`: the store's default preset (when
/// no preset is named and it is allowed) < the named preset < the named profile.
///
/// The store is only read when it is needed. A store that cannot be read stops the render only
/// when something in it was asked for by name; otherwise `warn` hears why the default preset
/// was not used.
pub fn resolve(
    mut design: Design,
    sources: Sources<'_>,
    store: impl FnOnce() -> Result<Store, StoreError>,
    mut warn: impl FnMut(String),
) -> Result<Design, StoreError> {
    let named = sources.preset.is_some() || sources.profile.is_some();
    if !named && !sources.use_default_preset {
        return Ok(design);
    }
    let store = match store() {
        Ok(store) => store,
        Err(err) if named => return Err(err),
        Err(err) => {
            warn(format!("not using the default preset: {err}"));
            return Ok(design);
        }
    };
    let preset = match sources.preset {
        Some(name) => Some(store.require(name)?),
        None if sources.use_default_preset => store.default_preset(),
        None => None,
    };
    if let Some(preset) = preset {
        store.apply_preset_entry(preset, &mut design, sources.profile.is_some())?;
    }
    if let Some(name) = sources.profile {
        store.apply_profile(name, &mut design)?;
    }
    Ok(design)
}

/// The store in its usual place.
pub fn load_store() -> Result<Store, StoreError> {
    Store::default_path().and_then(|path| Store::load(&path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Preset, Profile};
    use model::design::Ratio;

    fn store() -> Store {
        let mut store = Store::default();
        let mut preset = Preset::from_design(
            "p",
            &Design {
                theme: model::ThemeName::from_name("midnight").unwrap(),
                ratio: Ratio::Story,
                ..Design::default()
            },
        );
        preset.profile = Some("a".into());
        store.add(preset, false).unwrap();
        for name in ["a", "b"] {
            let profile = Profile {
                name: name.into(),
                handle: Some(name.into()),
                ..Profile::default()
            };
            store.add(profile, false).unwrap();
        }
        store.default_preset = Some("p".into());
        store
    }

    #[test]
    fn a_named_profile_wins_over_the_default_presets_own() {
        let sources = Sources {
            profile: Some("b"),
            use_default_preset: true,
            ..Sources::default()
        };
        let design = resolve(
            Design::default(),
            sources,
            || Ok(store()),
            |w| panic!("{w}"),
        )
        .unwrap();
        assert_eq!(design.ratio, Ratio::Story, "from the default preset");
        assert_eq!(design.theme, "midnight", "from the default preset");
        assert_eq!(
            design.brand.handle.as_deref(),
            Some("b"),
            "the named profile"
        );

        let without = Sources {
            use_default_preset: true,
            ..Sources::default()
        };
        let design = resolve(
            Design::default(),
            without,
            || Ok(store()),
            |w| panic!("{w}"),
        )
        .unwrap();
        assert_eq!(
            design.brand.handle.as_deref(),
            Some("a"),
            "the preset's profile"
        );
    }

    #[test]
    fn a_deck_keeps_its_design_unless_a_preset_is_named() {
        let deck_design = Design {
            theme: model::ThemeName::from_name("paper").unwrap(),
            ..Design::default()
        };
        let design = resolve(
            deck_design.clone(),
            Sources::default(),
            || panic!("the store is not read"),
            |w| panic!("{w}"),
        )
        .unwrap();
        assert_eq!(design, deck_design);
        let named = Sources {
            preset: Some("p"),
            ..Sources::default()
        };
        let design = resolve(deck_design, named, || Ok(store()), |w| panic!("{w}")).unwrap();
        assert_eq!(design.theme, "midnight");
    }

    #[test]
    fn a_broken_store_only_stops_a_render_that_names_something_in_it() {
        let broken = || Err(StoreError::NoHome("HOME"));
        let mut warned = Vec::new();
        let default_only = Sources {
            use_default_preset: true,
            ..Sources::default()
        };
        let design = resolve(Design::default(), default_only, broken, |w| warned.push(w)).unwrap();
        assert_eq!(design, Design::default());
        assert_eq!(warned.len(), 1, "{warned:?}");

        let named = Sources {
            preset: Some("p"),
            use_default_preset: true,
            ..Sources::default()
        };
        let err = resolve(Design::default(), named, broken, |w| panic!("{w}")).unwrap_err();
        assert!(matches!(err, StoreError::NoHome(_)), "{err}");
        let missing = resolve(
            Design::default(),
            named,
            || Ok(Store::default()),
            |w| panic!("{w}"),
        );
        assert!(
            missing.is_err(),
            "a preset that is not there stops the render"
        );
    }
}
