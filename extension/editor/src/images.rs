//! Which image URLs the studio puts into its pages.

/// Only `data:` images and https images are shown (a scraped URL never becomes markup; this
/// only keeps odd schemes out of `src`).
pub fn safe_image(url: &str) -> Option<String> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("data:image/") || lower.starts_with("https://")).then(|| url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_data_and_https_images_are_shown() {
        assert!(safe_image("data:image/png;base64,AAAA").is_some());
        assert!(safe_image("https://pbs.twimg.com/a.jpg").is_some());
        assert!(safe_image("javascript:alert(1)").is_none());
        assert!(safe_image("file:///etc/passwd").is_none());
    }
}
