//! Reaching the companion: the host's name, the command that installs it, and what to tell a
//! user when the studio's port to it closes.

/// The native-messaging host's name, as `carousel-studio install` registers it.
pub const HOST: &str = protocol::HOST_NAME;

/// The command that installs (or repairs) the companion.
pub const INSTALL_COMMAND: &str = "carousel-studio install";

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
