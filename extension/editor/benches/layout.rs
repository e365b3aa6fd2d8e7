//! How long the studio's preview takes to lay out one slide: `layout_deck` for a one-slide deck
//! of the bundled sample thread, natively, median of many runs (the target is ≤ 4 ms: a control
//! change must update the preview at once). Run with `cargo bench -p carousel-editor`.

use std::time::{Duration, Instant};

use layout::{FontBook, layout_deck};
use model::deck::DeckSlide;
use model::design::{Pattern, Ratio, Template};
use model::{Deck, Design, Thread};

macro_rules! embed {
    ($($file:literal),* $(,)?) => {
        &[$(include_bytes!(concat!("../../../fonts/", $file))),*]
    };
}

/// The bundled fonts, as the companion embeds them.
const FONTS: &[&[u8]] = layout::bundled_fonts!(embed);

const SAMPLE: &str = include_str!("../../../assets/sample/thread.json");
const RUNS: usize = 200;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

#[allow(clippy::print_stdout)]
fn main() {
    let mut fonts = FontBook::new();
    for font in FONTS {
        fonts.add(font).expect("bundled fonts parse");
    }
    let thread: Thread = serde_json::from_str(SAMPLE).expect("the sample parses");
    let cases = [
        ("cover, hook template, paper", Design::default(), 0),
        (
            "post with photo, hook template, paper",
            Design::default(),
            1,
        ),
        (
            "post, tweet card, midnight, dots, square",
            Design {
                template: Template::TweetCard,
                theme: model::ThemeName::from_name("midnight").unwrap(),
                pattern: Pattern::Dots,
                ratio: Ratio::LinkedinSquare,
                ..Design::default()
            },
            2,
        ),
        ("outro, hook template, paper", Design::default(), usize::MAX),
    ];
    let mut worst = Duration::ZERO;
    for (name, design, index) in cases {
        let mut deck = Deck::from_thread(&thread, &design);
        let index = index.min(deck.slides.len() - 1);
        let slide: DeckSlide = deck.slides[index].clone();
        deck.slides = vec![slide];
        // Warm up (first use of each face parses its tables).
        for _ in 0..5 {
            layout_deck(&deck, &fonts).expect("layout");
        }
        let samples = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let carousel = layout_deck(&deck, &fonts).expect("layout");
                std::hint::black_box(carousel);
                start.elapsed()
            })
            .collect();
        let median = median(samples);
        worst = worst.max(median);
        println!("layout of one slide ({name}): median {median:.2?} over {RUNS} runs");
    }
    println!("slowest median: {worst:.2?} (target ≤ 4 ms)");
}
