//! One render, the same for the CLI and the host: what to lay out (a thread with its design, or
//! a deck, which carries its own) and where its images may be read from. [`Job::render`] runs
//! the stages after the design: images are resolved, the slides laid out and exported
//! (`export::render`), and the caller saves the [`Rendered`] files where it wants them.
//!
//! ```text
//! input (cli / host) → design::resolve (+ the CLI's flags) → Job → images → layout → export → save
//! ```

use model::{Deck, Design, Thread};

use crate::input::{ImageFiles, Input};
use crate::{Formats, RenderError, Rendered};
use export::images::{self, ImageError};

/// What a render lays out, with where its images may come from.
#[derive(Debug, Clone)]
pub struct Job {
    content: Content,
    /// Where the thread's or deck's own image references may be read from.
    images: ImageFiles,
}

#[derive(Debug, Clone)]
enum Content {
    Thread {
        thread: Box<Thread>,
        design: Box<Design>,
        /// Where the brand images (avatar, logo) may be read from; a deck's brand images
        /// belong to the deck and are read like its other images.
        brand_images: ImageFiles,
    },
    Deck(Box<Deck>),
}

impl Job {
    /// A thread, rendered with `design`.
    pub fn thread(thread: Thread, design: Design, images: ImageFiles, brand: ImageFiles) -> Job {
        Job {
            content: Content::Thread {
                thread: Box::new(thread),
                design: Box::new(design),
                brand_images: brand,
            },
            images,
        }
    }

    /// A deck, rendered with its own design.
    pub fn deck(deck: Deck, images: ImageFiles) -> Job {
        Job {
            content: Content::Deck(Box::new(deck)),
            images,
        }
    }

    /// What `input` read, a thread starting from the default design. A thread's brand images
    /// come from the store or the flags, so they are read relative to `brand` (the working
    /// folder for the CLI).
    pub fn from_input(input: Input, brand: ImageFiles) -> Job {
        match input {
            Input::Thread(loaded) => {
                Job::thread(loaded.thread, Design::default(), loaded.images, brand)
            }
            Input::Deck(loaded) => Job::deck(loaded.deck, loaded.images),
        }
    }

    /// Whether this is a deck (which brings its design; a thread gets the default preset).
    pub fn is_deck(&self) -> bool {
        matches!(self.content, Content::Deck(_))
    }

    /// The design the job renders with, for the design stage to change.
    pub fn design_mut(&mut self) -> &mut Design {
        match &mut self.content {
            Content::Thread { design, .. } => design,
            Content::Deck(deck) => &mut deck.design,
        }
    }

    /// Resolves the images (an image that cannot be had is left out and reported to
    /// `left_out`), lays the slides out and exports `formats`, reporting each finished slide to
    /// `progress`.
    pub fn render(
        self,
        formats: Formats,
        progress: &(dyn Fn(usize, usize) + Sync),
        mut left_out: impl FnMut(&str, &ImageError),
    ) -> Result<Rendered, RenderError> {
        match self.content {
            Content::Thread {
                mut thread,
                mut design,
                brand_images,
            } => {
                images::resolve_thread(&mut thread, self.images.base(), &mut left_out);
                images::resolve_brand(&mut design.brand, brand_images.base(), left_out);
                export::render(&thread, &design, formats, progress)
            }
            Content::Deck(mut deck) => {
                images::resolve_deck(&mut deck, self.images.base(), left_out);
                export::render_deck(&deck, formats, progress)
            }
        }
    }
}

/// An image reference as a message shows it: `data:` URLs can be megabytes long, so only their
/// start.
pub fn shorten(reference: &str) -> String {
    const MAX: usize = 80;
    match reference.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &reference[..end]),
        None => reference.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_from_the_browser_reads_no_local_file() {
        let mut thread = crate::input::sample().thread;
        thread.posts[0].author.avatar = Some("/etc/hostname".to_owned());
        let design = Design {
            brand: model::design::Brand {
                logo: Some("/etc/hostname".to_owned()),
                ..Default::default()
            },
            ..Design::default()
        };
        let job = Job::thread(thread, design, ImageFiles::None, ImageFiles::None);
        let mut left_out = Vec::new();
        let rendered = job
            .render(Formats::BOTH, &|_, _| {}, |reference, _| {
                left_out.push(reference.to_owned())
            })
            .unwrap();
        assert!(!rendered.carousel.slides.is_empty());
        assert!(
            left_out.iter().filter(|r| *r == "/etc/hostname").count() >= 2,
            "the avatar and the logo are left out: {left_out:?}"
        );
    }

    #[test]
    fn shortened_references_keep_their_start() {
        let long = format!("data:image/png;base64,{}", "A".repeat(500));
        let short = shorten(&long);
        assert!(short.starts_with("data:image/png;base64,AAA") && short.ends_with('…'));
        assert_eq!(short.chars().count(), 81);
        assert_eq!(shorten("photo.jpg"), "photo.jpg");
    }
}
