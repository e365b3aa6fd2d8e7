//! Registering the companion as the browsers' native-messaging host: where each browser looks
//! for the host manifest on each OS (pure functions, unit-tested on every OS), and `install` /
//! `uninstall`, which write and remove exactly that manifest (and, on Windows, the registry
//! key that points at it).

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::ValueEnum;
use protocol::{FIREFOX_ADDON_ID, HOST_NAME, chrome_origin};
use serde_json::{Value, json};

/// The browsers the companion registers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum Browser {
    Chrome,
    Chromium,
    Brave,
    Edge,
    Vivaldi,
    Firefox,
}

impl Browser {
    pub const ALL: [Browser; 6] = [
        Browser::Chrome,
        Browser::Chromium,
        Browser::Brave,
        Browser::Edge,
        Browser::Vivaldi,
        Browser::Firefox,
    ];

    /// The name `--browser` takes.
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chrome => "chrome",
            Browser::Chromium => "chromium",
            Browser::Brave => "brave",
            Browser::Edge => "edge",
            Browser::Vivaldi => "vivaldi",
            Browser::Firefox => "firefox",
        }
    }
}

/// The operating systems whose conventions the paths follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Linux,
    MacOs,
    Windows,
}

impl Os {
    pub fn current() -> Os {
        if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::MacOs
        } else {
            Os::Linux
        }
    }
}

/// The user's folders the locations derive from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    pub home: PathBuf,
    /// `$XDG_CONFIG_HOME`, else `~/.config` (Linux).
    pub config: PathBuf,
    /// `%LOCALAPPDATA%` (Windows).
    pub local_app_data: PathBuf,
    /// `%APPDATA%` (Windows).
    pub app_data: PathBuf,
}

impl Dirs {
    /// From the environment; fails when the home folder is unknown.
    pub fn from_env() -> Result<Dirs, InstallError> {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let home =
            var(if cfg!(windows) { "USERPROFILE" } else { "HOME" }).ok_or(InstallError::NoHome)?;
        Ok(Dirs {
            config: var("XDG_CONFIG_HOME")
                .filter(|dir| dir.is_absolute())
                .unwrap_or_else(|| home.join(".config")),
            local_app_data: var("LOCALAPPDATA")
                .unwrap_or_else(|| home.join("AppData").join("Local")),
            app_data: var("APPDATA").unwrap_or_else(|| home.join("AppData").join("Roaming")),
            home,
        })
    }
}

/// Where one registration lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// What the output lines call it: a browser name, or the profile folder.
    pub label: String,
    /// The `--browser` value (`None` for a `--user-data-dir` profile).
    pub browser: Option<Browser>,
    /// The host manifest file.
    pub manifest: PathBuf,
    /// Windows: the key under `HKEY_CURRENT_USER` whose default value is the manifest path.
    pub registry_key: Option<String>,
    /// The browser's own folder: when it is missing, the browser is taken as not installed.
    pub browser_dir: PathBuf,
    /// Firefox manifests name the add-on (`allowed_extensions`), others the origin.
    pub firefox: bool,
}

/// The manifest file name every browser looks for.
pub fn manifest_file_name() -> String {
    format!("{HOST_NAME}.json")
}

/// Where `browser` looks for the host on `os`, for the user with these folders.
pub fn location(os: Os, browser: Browser, dirs: &Dirs) -> Location {
    let join = |base: &Path, parts: &[&str]| parts.iter().fold(base.to_owned(), |p, s| p.join(s));
    let (browser_dir, hosts_dir, registry_key) = match os {
        Os::Linux => {
            let (browser_dir, hosts) = match browser {
                Browser::Firefox => (dirs.home.join(".mozilla"), "native-messaging-hosts"),
                _ => (
                    join(&dirs.config, chromium_folder(Os::Linux, browser)),
                    "NativeMessagingHosts",
                ),
            };
            (browser_dir.clone(), browser_dir.join(hosts), None)
        }
        Os::MacOs => {
            let support = join(&dirs.home, &["Library", "Application Support"]);
            match browser {
                Browser::Firefox => (
                    support.join("Firefox"),
                    join(&support, &["Mozilla", "NativeMessagingHosts"]),
                    None,
                ),
                _ => {
                    let dir = join(&support, chromium_folder(Os::MacOs, browser));
                    (dir.clone(), dir.join("NativeMessagingHosts"), None)
                }
            }
        }
        Os::Windows => {
            let browser_dir = match browser {
                Browser::Firefox => join(&dirs.app_data, &["Mozilla", "Firefox"]),
                _ => join(&dirs.local_app_data, chromium_folder(Os::Windows, browser))
                    .join("User Data"),
            };
            let hosts = join(
                &dirs.local_app_data,
                &["CarouselStudio", "NativeMessagingHosts", browser.name()],
            );
            let key = format!(
                r"Software\{}\NativeMessagingHosts\{HOST_NAME}",
                registry_vendor(browser)
            );
            (browser_dir, hosts, Some(key))
        }
    };
    Location {
        label: browser.name().to_owned(),
        browser: Some(browser),
        manifest: hosts_dir.join(manifest_file_name()),
        registry_key,
        browser_dir,
        firefox: browser == Browser::Firefox,
    }
}

/// A Chromium profile folder given with `--user-data-dir`: `<dir>/NativeMessagingHosts/`.
pub fn profile_location(user_data_dir: &Path) -> Location {
    Location {
        label: format!("profile {}", user_data_dir.display()),
        browser: None,
        manifest: user_data_dir
            .join("NativeMessagingHosts")
            .join(manifest_file_name()),
        registry_key: None,
        browser_dir: user_data_dir.to_owned(),
        firefox: false,
    }
}

/// The browser's folder under the user's config (Linux), Application Support (macOS) or
/// `%LOCALAPPDATA%` (Windows). Not called for Firefox.
fn chromium_folder(os: Os, browser: Browser) -> &'static [&'static str] {
    match (os, browser) {
        (Os::Linux, Browser::Chrome) => &["google-chrome"],
        (Os::Linux, Browser::Chromium) => &["chromium"],
        (Os::Linux, Browser::Edge) => &["microsoft-edge"],
        (Os::Linux, Browser::Vivaldi) => &["vivaldi"],
        (Os::Windows, Browser::Edge) => &["Microsoft", "Edge"],
        (_, Browser::Chrome) => &["Google", "Chrome"],
        (_, Browser::Chromium) => &["Chromium"],
        (_, Browser::Brave) => &["BraveSoftware", "Brave-Browser"],
        (_, Browser::Vivaldi) => &["Vivaldi"],
        (_, Browser::Edge) => &["Microsoft Edge"],
        (_, Browser::Firefox) => &["Mozilla"],
    }
}

/// The vendor part of the Windows registry key, `HKCU\Software\<vendor>\NativeMessagingHosts`.
fn registry_vendor(browser: Browser) -> &'static str {
    match browser {
        Browser::Chrome => r"Google\Chrome",
        Browser::Chromium => "Chromium",
        Browser::Brave => r"BraveSoftware\Brave-Browser",
        Browser::Edge => r"Microsoft\Edge",
        Browser::Vivaldi => "Vivaldi",
        Browser::Firefox => "Mozilla",
    }
}

/// The host manifest for `exe`.
pub fn manifest(exe: &Path, firefox: bool) -> Value {
    let mut manifest = json!({
        "name": HOST_NAME,
        "description": "Carousel Studio companion: renders carousels and saves them to Downloads",
        "path": exe.display().to_string(),
        "type": "stdio",
    });
    if firefox {
        manifest["allowed_extensions"] = json!([FIREFOX_ADDON_ID]);
    } else {
        manifest["allowed_origins"] = json!([chrome_origin()]);
    }
    manifest
}

/// The canonical absolute path of the running binary: what manifests point at.
pub fn current_exe() -> Result<PathBuf, InstallError> {
    std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(InstallError::Exe)
}

/// Why registering failed.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("cannot find the home folder: set HOME (USERPROFILE on Windows)")]
    NoHome,
    #[error("cannot find this program's own path: {0}")]
    Exe(std::io::Error),
    #[error(
        "no supported browser found (looked for {0}); pass --browser NAME or --user-data-dir DIR"
    )]
    NoBrowser(String),
    #[error("cannot write {}: {source}; check that the folder is writable", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot remove {}: {source}", path.display())]
    Remove {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot {action} the registry key HKCU\\{key}: {message}")]
    Registry {
        action: &'static str,
        key: String,
        message: String,
    },
}

/// The locations `install`/`uninstall`/`doctor` act on: the profile folder when given, else
/// the named browsers, else all of them.
pub fn locations(
    browsers: &[Browser],
    user_data_dir: Option<&Path>,
) -> Result<Vec<Location>, InstallError> {
    if let Some(dir) = user_data_dir {
        return Ok(vec![profile_location(dir)]);
    }
    let dirs = Dirs::from_env()?;
    let browsers = if browsers.is_empty() {
        &Browser::ALL[..]
    } else {
        browsers
    };
    Ok(browsers
        .iter()
        .map(|&browser| location(Os::current(), browser, &dirs))
        .collect())
}

/// Writes the host manifest for each location (only for browsers that are present when none
/// was named) and returns one line per browser saying what was done.
pub fn install(
    browsers: &[Browser],
    user_data_dir: Option<&Path>,
    exe: &Path,
) -> Result<Vec<String>, InstallError> {
    let explicit = !browsers.is_empty() || user_data_dir.is_some();
    let mut lines = Vec::new();
    let mut installed = 0;
    for location in locations(browsers, user_data_dir)? {
        if !explicit && !location.browser_dir.is_dir() {
            lines.push(format!(
                "{}: skipped ({} not found)",
                location.label,
                location.browser_dir.display()
            ));
            continue;
        }
        lines.push(install_one(&location, exe)?);
        installed += 1;
    }
    if installed == 0 {
        let looked: Vec<String> = Browser::ALL.iter().map(|b| b.name().to_owned()).collect();
        return Err(InstallError::NoBrowser(looked.join(", ")));
    }
    Ok(lines)
}

fn install_one(location: &Location, exe: &Path) -> Result<String, InstallError> {
    let text = serde_json::to_string_pretty(&manifest(exe, location.firefox)).expect("JSON") + "\n";
    let path = &location.manifest;
    // A symlink is never "already installed", even to the right text: it is replaced by a file
    // of our own, so what the browser runs cannot be changed through a file elsewhere.
    let unchanged = std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file())
        && std::fs::read_to_string(path).is_ok_and(|old| old == text);
    if !unchanged {
        let err = |source| InstallError::Write {
            path: path.clone(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        // Atomically (a temporary file beside it, renamed over it): a symlink at the manifest's
        // place is replaced, never written through, and the browser never reads half a file.
        export::save::replace_file(path, text.as_bytes()).map_err(err)?;
    }
    if let Some(key) = &location.registry_key {
        registry_set(key, path)?;
    }
    Ok(format!(
        "{}: {} {}",
        location.label,
        if unchanged {
            "already installed"
        } else {
            "installed"
        },
        path.display()
    ))
}

/// Removes what `install` wrote, for every location where it is found; one line per browser.
pub fn uninstall(
    browsers: &[Browser],
    user_data_dir: Option<&Path>,
) -> Result<Vec<String>, InstallError> {
    let mut lines = Vec::new();
    for location in locations(browsers, user_data_dir)? {
        let path = &location.manifest;
        let removed = match std::fs::remove_file(path) {
            Ok(()) => true,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => false,
            Err(source) => {
                return Err(InstallError::Remove {
                    path: path.clone(),
                    source,
                });
            }
        };
        let key_removed = match &location.registry_key {
            Some(key) => registry_delete(key)?,
            None => false,
        };
        if location.registry_key.is_some() {
            // On Windows the folders under %LOCALAPPDATA%\CarouselStudio are ours alone.
            let mut dir = path.parent();
            for _ in 0..3 {
                match dir {
                    Some(d) if std::fs::remove_dir(d).is_ok() => dir = d.parent(),
                    _ => break,
                }
            }
        }
        lines.push(if removed || key_removed {
            format!("{}: removed {}", location.label, path.display())
        } else {
            format!("{}: not installed", location.label)
        });
    }
    Ok(lines)
}

/// `reg.exe` rather than a registry crate: nothing extra to build, and the same commands a
/// user would type (doctor prints them).
fn registry_set(key: &str, manifest: &Path) -> Result<(), InstallError> {
    let full = format!(r"HKCU\{key}");
    let output = Command::new("reg")
        .args(["add", &full, "/ve", "/t", "REG_SZ", "/d"])
        .arg(manifest)
        .arg("/f")
        .output();
    reg_result("set", key, output).map(|_| ())
}

fn registry_delete(key: &str) -> Result<bool, InstallError> {
    if registry_get(key).is_none() {
        return Ok(false);
    }
    let full = format!(r"HKCU\{key}");
    let output = Command::new("reg").args(["delete", &full, "/f"]).output();
    reg_result("delete", key, output).map(|_| true)
}

/// The default value of `HKCU\<key>`, if the key exists.
pub fn registry_get(key: &str) -> Option<String> {
    let full = format!(r"HKCU\{key}");
    let output = Command::new("reg")
        .args(["query", &full, "/ve"])
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    // `    (Default)    REG_SZ    C:\path\to\manifest.json`
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.split_once("REG_SZ").map(|(_, v)| v.trim().to_owned()))
}

fn reg_result(
    action: &'static str,
    key: &str,
    output: std::io::Result<std::process::Output>,
) -> Result<std::process::Output, InstallError> {
    let err = |message: String| InstallError::Registry {
        action,
        key: key.to_owned(),
        message,
    };
    let output = output.map_err(|e| err(format!("cannot run reg.exe: {e}")))?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(err(String::from_utf8_lossy(&output.stderr)
            .trim()
            .to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs() -> Dirs {
        Dirs {
            home: PathBuf::from("/home/u"),
            config: PathBuf::from("/home/u/.config"),
            local_app_data: PathBuf::from("/Users/u/AppData/Local"),
            app_data: PathBuf::from("/Users/u/AppData/Roaming"),
        }
    }

    fn manifest_of(os: Os, browser: Browser) -> PathBuf {
        location(os, browser, &dirs()).manifest
    }

    fn path(parts: &str) -> PathBuf {
        // Built with `join`, as the code does, so the test holds on every OS.
        parts.split('/').fold(PathBuf::from("/"), |p, s| p.join(s))
    }

    #[test]
    fn linux_locations() {
        let cases = [
            (
                Browser::Chrome,
                "home/u/.config/google-chrome/NativeMessagingHosts",
            ),
            (
                Browser::Chromium,
                "home/u/.config/chromium/NativeMessagingHosts",
            ),
            (
                Browser::Brave,
                "home/u/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
            ),
            (
                Browser::Edge,
                "home/u/.config/microsoft-edge/NativeMessagingHosts",
            ),
            (
                Browser::Vivaldi,
                "home/u/.config/vivaldi/NativeMessagingHosts",
            ),
            (Browser::Firefox, "home/u/.mozilla/native-messaging-hosts"),
        ];
        for (browser, dir) in cases {
            let expected = path(dir).join("studio.carousel.companion.json");
            assert_eq!(manifest_of(Os::Linux, browser), expected, "{browser:?}");
            assert!(location(Os::Linux, browser, &dirs()).registry_key.is_none());
        }
        assert_eq!(
            location(Os::Linux, Browser::Firefox, &dirs()).browser_dir,
            path("home/u/.mozilla")
        );
        assert!(location(Os::Linux, Browser::Firefox, &dirs()).firefox);
    }

    #[test]
    fn macos_locations() {
        let support = "home/u/Library/Application Support";
        let cases = [
            (Browser::Chrome, "Google/Chrome"),
            (Browser::Chromium, "Chromium"),
            (Browser::Brave, "BraveSoftware/Brave-Browser"),
            (Browser::Edge, "Microsoft Edge"),
            (Browser::Vivaldi, "Vivaldi"),
            (Browser::Firefox, "Mozilla"),
        ];
        for (browser, dir) in cases {
            let expected = path(&format!("{support}/{dir}/NativeMessagingHosts"))
                .join("studio.carousel.companion.json");
            assert_eq!(manifest_of(Os::MacOs, browser), expected, "{browser:?}");
        }
        assert_eq!(
            location(Os::MacOs, Browser::Firefox, &dirs()).browser_dir,
            path(&format!("{support}/Firefox"))
        );
    }

    #[test]
    fn windows_locations_use_the_registry() {
        let cases = [
            (
                Browser::Chrome,
                r"Software\Google\Chrome\NativeMessagingHosts\studio.carousel.companion",
            ),
            (
                Browser::Chromium,
                r"Software\Chromium\NativeMessagingHosts\studio.carousel.companion",
            ),
            (
                Browser::Brave,
                r"Software\BraveSoftware\Brave-Browser\NativeMessagingHosts\studio.carousel.companion",
            ),
            (
                Browser::Edge,
                r"Software\Microsoft\Edge\NativeMessagingHosts\studio.carousel.companion",
            ),
            (
                Browser::Vivaldi,
                r"Software\Vivaldi\NativeMessagingHosts\studio.carousel.companion",
            ),
            (
                Browser::Firefox,
                r"Software\Mozilla\NativeMessagingHosts\studio.carousel.companion",
            ),
        ];
        for (browser, key) in cases {
            let location = location(Os::Windows, browser, &dirs());
            assert_eq!(location.registry_key.as_deref(), Some(key));
            assert_eq!(
                location.manifest,
                path("Users/u/AppData/Local/CarouselStudio/NativeMessagingHosts")
                    .join(browser.name())
                    .join("studio.carousel.companion.json")
            );
        }
        assert_eq!(
            location(Os::Windows, Browser::Edge, &dirs()).browser_dir,
            path("Users/u/AppData/Local/Microsoft/Edge/User Data")
        );
        assert_eq!(
            location(Os::Windows, Browser::Firefox, &dirs()).browser_dir,
            path("Users/u/AppData/Roaming/Mozilla/Firefox")
        );
    }

    #[test]
    fn manifests_name_the_extension() {
        let exe = Path::new("/opt/carousel-studio");
        let chrome = manifest(exe, false);
        assert_eq!(chrome["name"], "studio.carousel.companion");
        assert_eq!(chrome["type"], "stdio");
        assert_eq!(chrome["path"], "/opt/carousel-studio");
        assert_eq!(chrome["allowed_origins"], json!([chrome_origin()]));
        assert!(chrome.get("allowed_extensions").is_none());
        let firefox = manifest(exe, true);
        assert_eq!(
            firefox["allowed_extensions"],
            json!(["carousel-studio@carousel.studio"])
        );
        assert!(firefox.get("allowed_origins").is_none());
    }
}
