//! Export: the working deck goes to the companion over the studio's port (see
//! [`crate::companion`]); progress and the saved files come back on the same port.

use std::cell::RefCell;

use leptos::prelude::*;
use protocol::{ErrorCode, RenderOptions, RenderSource, Reply, Request};

use crate::app::Studio;
use crate::companion::{self, disconnect_problem};

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
        /// What the companion says the user should know (an image left out, …).
        warnings: Vec<String>,
    },
    Failed {
        message: String,
        /// The companion is missing (or not allowed): show how to install it.
        install: bool,
    },
}

thread_local! {
    /// The id of the render in flight.
    static PENDING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The ids of this module's requests start with one of these.
const RENDER_PREFIX: &str = "studio-";
const REVEAL_PREFIX: &str = "reveal-";

/// The port closed: a render in flight failed.
pub fn on_disconnect(studio: Studio, last_error: Option<&str>) {
    if PENDING.with_borrow_mut(Option::take).is_some() {
        let (problem, install) = disconnect_problem(last_error);
        studio.export.set(ExportState::Failed {
            message: format!("{problem} Nothing was saved; your carousel is kept here."),
            install,
        });
    }
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
    let id = format!("{RENDER_PREFIX}{}", js_sys::Date::now() as u64);
    let request = Request::Render {
        id: id.clone(),
        source: RenderSource::Deck(Box::new(deck)),
        options: RenderOptions {
            platform: studio.platform.get_untracked(),
            ..RenderOptions::default()
        },
    };
    PENDING.with_borrow_mut(|p| *p = Some(id));
    studio.export.set(ExportState::Starting);
    if let Err(err) = companion::send(studio, &request) {
        PENDING.with_borrow_mut(|p| *p = None);
        let (problem, install) = disconnect_problem(Some(&err));
        studio.export.set(ExportState::Failed {
            message: format!("{problem} Nothing was saved; your carousel is kept here."),
            install,
        });
    }
}

/// Asks the companion to show a saved file in the file manager.
pub fn reveal(studio: Studio, path: &str) {
    let request = Request::Reveal {
        id: format!("{REVEAL_PREFIX}{}", js_sys::Date::now() as u64),
        path: path.to_owned(),
    };
    if let Err(err) = companion::send(studio, &request) {
        studio
            .announce
            .set(format!("Could not show the file: {err}"));
    }
}

/// Handles the replies to renders and reveals; others are left to their owners.
pub fn on_reply(studio: Studio, reply: &Reply) {
    let pending = PENDING.with_borrow(Clone::clone);
    let mine = |id: &str| pending.as_deref() == Some(id);
    match reply {
        Reply::Progress {
            id, done, total, ..
        } if mine(id) => {
            studio.export.set(ExportState::Rendering {
                done: *done,
                total: *total,
            });
        }
        Reply::Saved {
            id,
            files,
            warnings,
        } if mine(id) => {
            PENDING.with_borrow_mut(|p| *p = None);
            let mut said = format!("Saved {} file(s)", files.len());
            for warning in warnings {
                said.push(' ');
                said.push_str(warning);
            }
            studio.announce.set(said);
            studio.export.set(ExportState::Saved {
                files: files.clone(),
                warnings: warnings.clone(),
            });
        }
        // An error without an id answers a message the host could not read: while a render
        // is in flight, that can only be the render.
        Reply::Error {
            id, code, message, ..
        } if id.as_deref().map_or(pending.is_some(), mine) => {
            PENDING.with_borrow_mut(|p| *p = None);
            let install = *code == ErrorCode::ForbiddenOrigin;
            studio.export.set(ExportState::Failed {
                message: format!("The companion could not save the carousel: {message}"),
                install,
            });
        }
        Reply::Error {
            id: Some(id),
            message,
            ..
        } if id.starts_with(REVEAL_PREFIX) => {
            studio
                .announce
                .set(format!("Could not show the file: {message}"));
        }
        _ => {}
    }
}
