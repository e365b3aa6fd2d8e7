//! Export: the deck goes to the companion over the studio's own native-messaging port
//! (`chrome.runtime.connectNative`, which extension pages may open), so the service worker
//! stays out of it. Progress and the saved files come back on the same port.

use std::cell::RefCell;

use leptos::prelude::*;
use shared::protocol::{ErrorCode, Platform, RenderOptions, Reply, Request};

use crate::app::Studio;
use crate::chrome::NativePort;

/// The native-messaging host's name, as `carousel-studio install` registers it.
pub const HOST: &str = "studio.carousel.companion";

/// The command that installs (or repairs) the companion.
pub const INSTALL_COMMAND: &str = "carousel-studio install";

/// Where an export is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportState {
    Idle,
    /// Sent; waiting for the first progress.
    Starting,
    Rendering {
        done: usize,
        total: usize,
    },
    Saved {
        files: Vec<String>,
    },
    Failed {
        message: String,
        /// The companion is missing (or not allowed): show how to install it.
        install: bool,
    },
}

thread_local! {
    static PORT: RefCell<Option<NativePort>> = const { RefCell::new(None) };
    static PENDING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// What a disconnect message means for the user.
pub fn disconnect_problem(last_error: Option<&str>) -> (String, bool) {
    match last_error {
        Some(error) if error.contains("not found") => (
            "The Carousel Studio companion is not installed, so nothing could be saved. \
             Your carousel is kept here."
                .to_owned(),
            true,
        ),
        Some(error) if error.contains("forbidden") => (
            "The companion is installed for another extension id. Run the install command \
             again; your carousel is kept here."
                .to_owned(),
            true,
        ),
        Some(error) => (
            format!("The companion stopped: {error}. Your carousel is kept here."),
            true,
        ),
        None => (
            "The companion closed the connection before saving. Your carousel is kept here."
                .to_owned(),
            false,
        ),
    }
}

fn port(studio: Studio) -> Result<(), String> {
    if PORT.with_borrow(Option::is_some) {
        return Ok(());
    }
    let port = NativePort::connect(
        HOST,
        move |text| on_reply(studio, &text),
        move |error| {
            PORT.with_borrow_mut(|p| *p = None);
            let pending = PENDING.with_borrow_mut(Option::take);
            if pending.is_some() {
                let (message, install) = disconnect_problem(error.as_deref());
                studio.export.set(ExportState::Failed { message, install });
            }
        },
    )?;
    PORT.with_borrow_mut(|p| *p = Some(port));
    Ok(())
}

fn send(studio: Studio, request: &Request) -> Result<(), String> {
    port(studio)?;
    PORT.with_borrow(|p| match p {
        Some(port) => port.send(request),
        None => Err("the connection to the companion closed".to_owned()),
    })
}

/// Sends the working deck for rendering.
pub fn start(studio: Studio) {
    let deck = studio.board.with_untracked(|b| b.deck.clone());
    if let Err(err) = deck.validate() {
        studio.export.set(ExportState::Failed {
            message: format!("This deck cannot be exported yet: {err}."),
            install: false,
        });
        return;
    }
    let id = format!("studio-{}", js_sys::Date::now() as u64);
    let request = Request::Render {
        id: id.clone(),
        thread: None,
        deck: Some(Box::new(deck)),
        options: RenderOptions {
            platform: studio.platform.get_untracked(),
            ..RenderOptions::default()
        },
    };
    PENDING.with_borrow_mut(|p| *p = Some(id));
    studio.export.set(ExportState::Starting);
    if let Err(err) = send(studio, &request) {
        PENDING.with_borrow_mut(|p| *p = None);
        let (message, install) = disconnect_problem(Some(&err));
        studio.export.set(ExportState::Failed { message, install });
    }
}

/// Asks the companion to show a saved file in the file manager.
pub fn reveal(studio: Studio, path: &str) {
    let request = Request::Reveal {
        id: format!("reveal-{}", js_sys::Date::now() as u64),
        path: path.to_owned(),
    };
    if let Err(err) = send(studio, &request) {
        studio
            .announce
            .set(format!("Could not show the file: {err}"));
    }
}

fn on_reply(studio: Studio, text: &str) {
    let Ok(reply) = serde_json::from_str::<Reply>(text) else {
        return;
    };
    let pending = PENDING.with_borrow(Clone::clone);
    let mine = |id: &str| pending.as_deref() == Some(id);
    match reply {
        Reply::Progress { id, done, total } if mine(&id) => {
            studio.export.set(ExportState::Rendering { done, total });
        }
        Reply::Saved { id, files } if mine(&id) => {
            PENDING.with_borrow_mut(|p| *p = None);
            studio
                .announce
                .set(format!("Saved {} file(s)", files.len()));
            studio.export.set(ExportState::Saved { files });
        }
        Reply::Error {
            id, code, message, ..
        } if id.as_deref().is_some_and(mine) || id.is_none() => {
            if id.is_some() {
                PENDING.with_borrow_mut(|p| *p = None);
            }
            let install = code == ErrorCode::ForbiddenOrigin;
            studio.export.set(ExportState::Failed {
                message: format!("The companion could not save the carousel: {message}"),
                install,
            });
        }
        Reply::Error { message, .. } => {
            studio.announce.set(message);
        }
        _ => {}
    }
}

/// A label for the platform choice.
pub fn platform_label(platform: Platform) -> &'static str {
    match platform {
        Platform::Both => "PDF + PNGs",
        Platform::Linkedin => "LinkedIn PDF",
        Platform::Instagram => "Instagram PNGs",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_host_asks_for_the_install_command() {
        let (message, install) =
            disconnect_problem(Some("Specified native messaging host not found."));
        assert!(install && message.contains("not installed"), "{message}");
        let (_, install) = disconnect_problem(None);
        assert!(!install);
    }
}
