//! End to end: headless Chromium with the extension loaded opens a `connectNative` port to the
//! real companion, registered with `carousel-studio install --user-data-dir`, and gets `pong`.
//!
//! Needs `chromium` and `chromium-driver` (Debian); CHROMIUM / CHROMEDRIVER override the paths.

use std::time::{Duration, Instant};

use carousel_tests::{Driver, install_companion};
use fantoccini::Locator;
use protocol::EXTENSION_ID;
use serde_json::Value;

#[test]
fn the_extension_pings_the_companion_through_native_messaging() {
    if !carousel_tests::browser_available() {
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let home = temp.path().join("home");
    let profile = temp.path().join("profile");
    std::fs::create_dir_all(home.join(".config")).unwrap();
    install_companion(&profile, &home);
    let driver = Driver::start(&home);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let text = runtime.block_on(async {
        let client = driver.connect(&profile, &[]).await;
        let result = async {
            client
                .goto(&format!(
                    "chrome-extension://{EXTENSION_ID}/diagnostics.html"
                ))
                .await?;
            let start = Instant::now();
            loop {
                let pre = client.find(Locator::Css("#result")).await?;
                let state = pre.attr("data-state").await?;
                if state.as_deref() != Some("pending") || start.elapsed() > Duration::from_secs(20)
                {
                    return pre.text().await;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        .await;
        let _ = client.close().await;
        result.expect("the diagnostics page shows a result")
    });
    let reply: Value = serde_json::from_str(&text)
        .unwrap_or_else(|err| panic!("the page shows JSON ({err}): {text}"));
    assert_eq!(reply["type"], "pong", "{reply}");
    assert_eq!(reply["version"], env!("CARGO_PKG_VERSION"), "{reply}");
}
