//! `carousel-studio scrape PAGE.html`: a page saved with "Webpage, Complete" → the thread JSON
//! (pretty) on stdout, with image paths left relative to the page as the save wrote them.
//!
//! The extraction is `scrape`, the same code the extension runs as WASM.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::Error;
use crate::input;

#[derive(Debug, Args)]
pub struct ScrapeArgs {
    /// An x.com status page saved with "Webpage, Complete" (Ctrl+S) while the thread was open.
    #[arg(value_name = "PAGE.html")]
    pub page: PathBuf,
    /// The page's address (https://x.com/<handle>/status/<id>), naming the post the thread is
    /// about; default: the page's canonical link, else its focal post.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

/// Prints the thread JSON of a saved page, and on stderr what the page showed but the thread
/// lacks (unavailable posts, unrevealed sensitive photos, posts cut short by "Show more").
pub fn scrape(args: &ScrapeArgs, stdout: &mut dyn Write) -> Result<(), Error> {
    let thread = input::read_saved_page(&args.page, args.url.as_deref())?;
    for note in thread.left_out_notes() {
        eprintln!("warning: {note}");
    }
    let json = serde_json::to_string_pretty(&thread)
        .map_err(|err| Error::Usage(format!("cannot write the thread as JSON: {err}")))?;
    super::print_lines(stdout, [json]);
    Ok(())
}
