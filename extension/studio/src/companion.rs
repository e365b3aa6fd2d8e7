//! The studio's one native-messaging port to the companion (`chrome.runtime.connectNative`,
//! which extension pages may open, so the service worker stays out of it). Export and the
//! profile/preset library share it: each sends requests with ids of its own and picks its
//! replies out of the stream.

use std::cell::RefCell;

use protocol::{Reply, Request};

use crate::app::Studio;
use crate::chrome::NativePort;
use crate::{export, library};

/// The native-messaging host's name, as `carousel-studio install` registers it.
pub const HOST: &str = "studio.carousel.companion";

/// The command that installs (or repairs) the companion.
pub const INSTALL_COMMAND: &str = "carousel-studio install";

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

/// What a disconnect means for the user, and whether to show the install command.
pub fn disconnect_problem(last_error: Option<&str>) -> (String, bool) {
    match last_error {
        Some(error) if error.contains("not found") => (
            "The Carousel Studio companion is not installed.".to_owned(),
            true,
        ),
        Some(error) if error.contains("forbidden") => (
            "The companion is installed for another extension id; run the install command again."
                .to_owned(),
            true,
        ),
        Some(error) => (format!("The companion stopped: {error}."), true),
        None => ("The companion closed the connection.".to_owned(), false),
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
