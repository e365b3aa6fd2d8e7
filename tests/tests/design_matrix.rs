//! Golden tests of the design space: every template in three ratios, every theme, every pattern,
//! the three calls to action, the brand kit in each placement with the slide-number and
//! swipe-hint toggles, and a profile presenting someone else's thread. Each case keeps
//! normalised SVG snapshots and reference PNGs rasterised at 1/4 scale (to keep the repository
//! light) under `tests/golden/design/<case>/`. `UPDATE_GOLDEN=1 cargo test -p carousel-tests
//! --test design_matrix` rewrites them; look at the PNGs before committing.

mod common;

use carousel_tests::ThreadFile;
use export::contact_sheet::thumbnail_png;
use export::{fonts, images};
use layout::layout_thread;
use model::design::{Brand, BrandPlacement, Cta, CtaKind, Pattern, Ratio, Template, TextAlign};
use model::{Design, Thread};

/// Reference PNGs are the slides at this scale.
const SCALE: f32 = 0.25;

/// The short fixture: a photo, a quoted post, hashtags and mentions; three posts.
fn fixture() -> Thread {
    ThreadFile::read(&common::root().join("fixtures/threads/design.json")).resolved()
}

/// A small PNG as a data URL, for brand avatars and logos.
fn fixture_image(name: &str) -> String {
    let data = std::fs::read(common::root().join("fixtures/threads").join(name)).expect("image");
    images::data_url(&data).expect("a png")
}

/// Lays out `design`, keeps the slides `pick` chooses (all when `None`; negative counts from the
/// end) and compares them; returns the failures and the slides' SVGs.
fn case(name: &str, design: &Design, pick: Option<&[isize]>) -> (Vec<String>, Vec<String>) {
    let carousel = layout_thread(&fixture(), design, fonts::font_book()).expect("layout");
    let count = carousel.slides.len() as isize;
    let indices: Vec<usize> = match pick {
        None => (0..carousel.slides.len()).collect(),
        Some(pick) => pick
            .iter()
            .map(|&i| if i < 0 { count + i } else { i } as usize)
            .collect(),
    };
    let slides: Vec<(String, Vec<u8>)> = indices
        .iter()
        .map(|&i| {
            let svg = carousel.slides[i].clone();
            let (png, _, _) = thumbnail_png(&svg, SCALE).expect("render");
            (svg, png)
        })
        .collect();
    let dir = common::root().join("golden/design").join(name);
    let failures = common::check_slides(&dir, &slides);
    (failures, slides.into_iter().map(|(svg, _)| svg).collect())
}

#[test]
fn every_template_in_three_ratios() {
    let mut failures = Vec::new();
    for &template in Template::ALL {
        for ratio in [
            Ratio::LinkedinPortrait,
            Ratio::LinkedinLandscape,
            Ratio::Story,
        ] {
            let design = Design {
                template,
                ratio,
                ..Design::default()
            };
            let name = format!("template-{}-{}", template.name(), ratio.name());
            let (mut f, svgs) = case(&name, &design, None);
            let canvas = ratio.canvas();
            let size = format!(r#"width="{}" height="{}""#, canvas.width, canvas.height);
            if !svgs[0].contains(&size) {
                f.push(format!("{name}: slide 1 is not {}", size));
            }
            failures.extend(f);
        }
    }
    common::assert_no_failures(&failures);
}

#[test]
fn every_theme() {
    let mut failures = Vec::new();
    for name in model::ThemeName::all() {
        let theme = name.theme();
        let design = Design {
            theme: name,
            ..Design::default()
        };
        // The cover and the slide with the quoted post.
        let (f, svgs) = case(&format!("theme-{}", theme.name), &design, Some(&[0, 2]));
        if !svgs[0].contains(&theme.background) {
            failures.push(format!("theme {}: background not used", theme.name));
        }
        failures.extend(f);
    }
    common::assert_no_failures(&failures);
}

#[test]
fn every_pattern() {
    let mut failures = Vec::new();
    // Light and dark themes alternate, so patterns are seen coloured by both.
    let themes = ["paper", "midnight", "editorial", "cobalt"];
    for (index, &pattern) in Pattern::ALL.iter().enumerate() {
        let design = Design {
            pattern,
            theme: model::ThemeName::from_name(themes[index % themes.len()]).unwrap(),
            ..Design::default()
        };
        let (f, _) = case(&format!("pattern-{}", pattern.name()), &design, Some(&[1]));
        failures.extend(f);
    }
    common::assert_no_failures(&failures);
}

#[test]
fn the_three_calls_to_action() {
    let mut failures = Vec::new();
    let brand = Brand {
        name: Some("Northwind Studio".into()),
        handle: Some("northwind".into()),
        website: Some("https://northwind.example".into()),
        avatar: Some(fixture_image("avatar.png")),
        ..Brand::default()
    };
    let ctas = [
        Cta::default(),
        Cta {
            kind: CtaKind::Engage,
            sub: Some("If this helped, pass it on".into()),
            ..Cta::default()
        },
        Cta {
            kind: CtaKind::Link,
            headline: Some("Get the checklist".into()),
            sub: Some("Five habits on one page".into()),
            button: Some("Download".into()),
            url: Some("https://northwind.example/checklist".into()),
        },
    ];
    for cta in ctas {
        let kind = cta.kind;
        let design = Design {
            cta,
            brand: brand.clone(),
            ..Design::default()
        };
        let (f, svgs) = case(&format!("cta-{}", kind.name()), &design, Some(&[-1]));
        if kind == CtaKind::Link && !svgs[0].contains("Download") {
            failures.push("the link CTA lost its button text".into());
        }
        failures.extend(f);
    }
    common::assert_no_failures(&failures);
}

#[test]
fn brand_placements_and_toggles() {
    let mut failures = Vec::new();
    let cases = [
        (BrandPlacement::Header, true, true),
        (BrandPlacement::Footer, false, true),
        (BrandPlacement::Both, true, false),
        (BrandPlacement::None, false, false),
    ];
    for (placement, slide_numbers, swipe_hint) in cases {
        let design = Design {
            brand: Brand {
                name: Some("Northwind Studio".into()),
                handle: Some("northwind".into()),
                website: Some("northwind.example".into()),
                avatar: Some(fixture_image("avatar.png")),
                logo: Some(fixture_image("photo2.png")),
                colors: vec!["#0f766e".into()],
                placement,
                slide_numbers,
                swipe_hint,
                ..Brand::default()
            },
            ..Design::default()
        };
        let (f, svgs) = case(
            &format!("brand-{}", placement.name()),
            &design,
            Some(&[0, 1, -1]),
        );
        failures.extend(f);
        let second = &svgs[1];
        if !slide_numbers && second.contains(">2/") {
            failures.push(format!("{placement}: slide numbers shown though off"));
        }
        if swipe_hint != second.contains("Swipe") {
            failures.push(format!("{placement}: swipe hint is not {swipe_hint}"));
        }
    }
    common::assert_no_failures(&failures);
}

#[test]
fn a_profile_credits_the_threads_author() {
    let design = Design {
        brand: Brand {
            name: Some("Northwind Studio".into()),
            handle: Some("northwind".into()),
            ..Brand::default()
        },
        theme: model::ThemeName::from_name("linkedin").unwrap(),
        ..Design::default()
    };
    let (mut failures, svgs) = case("profile-credit", &design, Some(&[0, -1]));
    // The credit's words are separate text runs.
    if !(svgs[0].contains(">Thread by<") && svgs[0].contains(">@ada_l<")) {
        failures.push("the cover does not credit the author".into());
    }
    if !svgs[0].contains("@northwind") {
        failures.push("the header does not show the profile".into());
    }
    common::assert_no_failures(&failures);
}

#[test]
fn typography_choices() {
    let mut design = Design {
        theme: model::ThemeName::from_name("sand").unwrap(),
        ..Design::default()
    };
    design.typography.font = model::FontName::from_name("JetBrains Mono");
    design.typography.align = TextAlign::Center;
    design.typography.title = 44.0;
    design.typography.body = 22.0;
    design.typography.chrome = 14.0;
    design.typography.line_height = 1.6;
    let (mut failures, svgs) = case("typography", &design, Some(&[0, 1]));
    if !svgs[1].contains("JetBrains Mono") {
        failures.push("the chosen font is not used".into());
    }
    common::assert_no_failures(&failures);
}
