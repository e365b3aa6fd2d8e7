//! The studio's one native-messaging port to the companion (`chrome.runtime.connectNative`,
//! which extension pages may open, so the service worker stays out of it). Export and the
//! profile/preset library share it: each sends requests with ids of its own and picks its
//! replies out of the stream.

use std::cell::RefCell;

use protocol::{Reply, Request};

use crate::app::Studio;
use crate::chrome::NativePort;
use crate::{export, library};

pub use editor::connection::{HOST, INSTALL_COMMAND, disconnect_problem};

thread_local! {
    static PORT: RefCell<Option<NativePort>> = const { RefCell::new(None) };
}

/// Sends one request, connecting first if no port is open. A missing companion is only known
/// later, when the port disconnects: see [`export::on_disconnect`] and
/// [`library::on_disconnect`].
pub fn send(studio: Studio, request: &Request) -> Result<(), String> {
    if PORT.with_borrow(Option::is_none) {
        let port = NativePort::connect(
            HOST,
            move |text| {
                // A reply this version cannot read is skipped, not fatal: the host may be newer.
                if let Ok(reply) = serde_json::from_str::<Reply>(&text) {
                    export::on_reply(studio, &reply);
                    library::on_reply(studio, &reply);
                }
            },
            move |error| {
                PORT.with_borrow_mut(|p| *p = None);
                export::on_disconnect(studio, error.as_deref());
                library::on_disconnect(studio, error.as_deref());
            },
        )?;
        PORT.with_borrow_mut(|p| *p = Some(port));
    }
    PORT.with_borrow(|p| match p {
        Some(port) => port.send(request),
        None => Err("the connection to the companion closed".to_owned()),
    })
}
