//! The native-messaging protocol between the extension and the companion: framing (pure
//! functions over `Read`/`Write`), the message types, and the identities both sides agree on.
//!
//! ```text
//! extension ── [len: u32 native-endian][UTF-8 JSON] ──▶ companion (stdin)
//! extension ◀── [len][JSON] ── companion (stdout: frames only)
//! ```

mod frame;
mod message;

pub use frame::{FrameError, MAX_FROM_BROWSER, MAX_TO_BROWSER, read_frame, write_frame};
pub use message::{
    Capability, ErrorCode, MAX_ID_BYTES, MAX_POSTS, Platform, REQUEST_TYPES, RenderOptions,
    RenderSource, Reply, Request, RequestError, RequestType, parse_request, request_id,
};

/// The name the host is registered under (the host manifest's `name`).
pub const HOST_NAME: &str = "studio.carousel.companion";

/// The extension's id in Chromium-family browsers. It is fixed by the `"key"` in the
/// repository's `manifest.json` (the first 32 hex digits of the SHA-256 of the public key,
/// mapped `0-9a-f` → `a-p`); a test recomputes it so the two cannot drift.
pub const EXTENSION_ID: &str = "oihcooljcpglkolmmcbgfkkggfkpnplf";

/// The extension's add-on id in Firefox (`browser_specific_settings.gecko.id`).
pub const FIREFOX_ADDON_ID: &str = "carousel-studio@carousel.studio";

/// The origin Chromium-family browsers pass to the host: `chrome-extension://<id>/`.
pub fn chrome_origin() -> String {
    format!("chrome-extension://{EXTENSION_ID}/")
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use sha2::Digest;

    use super::*;

    /// The extension id Chromium derives from a manifest `"key"` (the DER public key, decoded
    /// from base64), given the key's SHA-256.
    fn extension_id_from_sha256(digest: &[u8]) -> String {
        digest
            .iter()
            .take(16)
            .flat_map(|byte| [byte >> 4, byte & 0xf])
            .map(|nibble| char::from(b'a' + nibble))
            .collect()
    }

    #[test]
    fn the_extension_id_matches_the_manifest_key() {
        let manifest: serde_json::Value =
            serde_json::from_str(include_str!("../../../manifest.json")).unwrap();
        let key = manifest["key"]
            .as_str()
            .expect("manifest.json has a \"key\"");
        let der = base64::engine::general_purpose::STANDARD
            .decode(key)
            .unwrap();
        let id = extension_id_from_sha256(&sha2::Sha256::digest(&der));
        assert_eq!(id, EXTENSION_ID, "update EXTENSION_ID to the key's id");
        assert_eq!(
            manifest["version"].as_str(),
            Some(env!("CARGO_PKG_VERSION")),
            "manifest.json's version follows the workspace version"
        );
        assert_eq!(
            manifest["browser_specific_settings"]["gecko"]["id"].as_str(),
            Some(FIREFOX_ADDON_ID)
        );
    }
}
