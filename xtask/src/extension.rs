//! `cargo xtask build`: the companion, the scraper compiled to WASM, and the loadable unpacked
//! extension in `dist/extension/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::{cargo, run, target_dir};

/// The wasm-bindgen CLI this build installs and runs. The `wasm-bindgen` crate is pinned to the
/// same version with `=` in the workspace's `Cargo.toml`, and [`check_pins`] fails when the two
/// differ: the CLI refuses a module built by another version.
pub const WASM_BINDGEN_VERSION: &str = "0.2.129";

/// The scraper crate, its library name (the `pkg/` file names) and where its manifest lives.
const SCRAPER_PACKAGE: &str = "carousel-scraper-wasm";
const SCRAPER_LIB: &str = "carousel_scraper";
/// The studio page's crate and library name (`pkg/carousel_studio_ui.js`, loaded by studio.js).
const STUDIO_PACKAGE: &str = "carousel-studio-ui";
const STUDIO_LIB: &str = "carousel_studio_ui";
/// The Cargo profile the WASM modules are built with (`[profile.wasm-release]` in the
/// workspace's `Cargo.toml`: tuned for size).
const WASM_PROFILE: &str = "wasm-release";
/// binaryen's version whose `wasm-opt` shrinks the modules: the npm package `binaryen` at this
/// version ships it (Debian's binaryen is too old for what rustc emits).
pub const BINARYEN_VERSION: u32 = 132;
/// `wasm-opt`'s arguments: size first. The features are what rustc's wasm32 target emits by
/// default; wasm-opt must accept them to read the module.
const WASM_OPT_ARGS: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--strip-debug",
    "--strip-producers",
];
/// Where the `wasm-bindgen` crate is pinned (`[workspace.dependencies]`).
const WORKSPACE_MANIFEST: &str = "Cargo.toml";

/// Whether the built extension keeps its test hooks: code that only the end-to-end tests use
/// (e.g. a message that clicks the context menu, which headless Chromium cannot). The sources
/// mark it between `// test-hooks: begin` and `// test-hooks: end` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hooks {
    /// What users load: the hooks are left out.
    None,
    /// What `cargo xtask test` loads.
    ForTests,
}

/// The files that may hold test hooks.
const HOOKED_FILES: &[&str] = &["service-worker.js", "content.js"];

/// Builds everything and assembles `dist/extension/` (`dist/extension-test/` with the test
/// hooks); returns that folder.
pub fn build(root: &Path, hooks: Hooks) -> Result<PathBuf> {
    check_pins(root)?;
    run(
        "building the companion (release)",
        cargo().args(["build", "--release", "-p", "carousel-studio"]),
        root,
    )?;
    crate::setup::rust_target("wasm32-unknown-unknown")?;
    run(
        "building the scraper for wasm32-unknown-unknown (wasm-release: for size)",
        cargo().args([
            "build",
            "--profile",
            WASM_PROFILE,
            "--lib",
            "-p",
            SCRAPER_PACKAGE,
            "--target",
            "wasm32-unknown-unknown",
        ]),
        root,
    )?;
    run(
        "building the studio for wasm32-unknown-unknown (wasm-release: for size)",
        cargo().args([
            "build",
            "--profile",
            WASM_PROFILE,
            "--lib",
            "-p",
            STUDIO_PACKAGE,
            "--target",
            "wasm32-unknown-unknown",
        ]),
        root,
    )?;
    ensure_wasm_bindgen()?;
    let wasm_opt = ensure_wasm_opt(root)?;

    // The test build has a folder of its own, so the README's command (which the tests run)
    // rebuilding the user's build never swaps the extension under a running test.
    let dist = root.join("dist").join(match hooks {
        Hooks::None => "extension",
        Hooks::ForTests => "extension-test",
    });
    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("cannot clear {}", dist.display()))?;
    }
    let pkg = dist.join("pkg");
    let libs = [SCRAPER_LIB, STUDIO_LIB];
    for lib in libs {
        let wasm = target_dir(root)
            .join("wasm32-unknown-unknown")
            .join(WASM_PROFILE)
            .join(format!("{lib}.wasm"));
        run(
            &format!("generating the JavaScript glue of {lib}"),
            Command::new("wasm-bindgen")
                .args(["--target", "web", "--no-typescript", "--out-name", lib])
                .arg("--out-dir")
                .arg(&pkg)
                .arg(&wasm),
            root,
        )?;
    }
    // The two modules are optimised side by side (wasm-opt from npm runs on one core).
    let cache = target_dir(root).join("tools").join("wasm-opt-cache");
    std::thread::scope(|scope| {
        let jobs: Vec<_> = libs
            .iter()
            .map(|lib| {
                let module = pkg.join(format!("{lib}_bg.wasm"));
                let (wasm_opt, cache) = (&wasm_opt, &cache);
                scope.spawn(move || optimise(wasm_opt, &module, cache))
            })
            .collect();
        jobs.into_iter()
            .try_for_each(|job| job.join().expect("the wasm-opt thread does not panic"))
    })?;

    copy_file(&root.join("manifest.json"), &dist.join("manifest.json"))?;
    copy_tree(&root.join("extension").join("static"), &dist)?;
    if hooks == Hooks::None {
        for file in HOOKED_FILES {
            let path = dist.join(file);
            let text = read(&path)?;
            fs::write(&path, without_test_hooks(&text))
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    let facts = dist.join("facts.js");
    fs::write(&facts, facts_js()).with_context(|| format!("cannot write {}", facts.display()))?;
    copy_fonts(&root.join("fonts"), &dist.join("fonts"))?;
    report_sizes(&dist, &libs)?;
    Ok(dist)
}

/// Prints what the extension weighs: each WASM module raw and gzipped (what a store serves and
/// the browser compiles), and the unpacked folder in all.
fn report_sizes(dist: &Path, libs: &[&str]) -> Result<()> {
    for lib in libs {
        let module = dist.join("pkg").join(format!("{lib}_bg.wasm"));
        let raw = fs::metadata(&module)
            .with_context(|| format!("cannot read {}", module.display()))?
            .len();
        let gzipped = gzip_size(&module)
            .map(|size| format!(", {} gzipped", kilobytes(size)))
            .unwrap_or_default();
        eprintln!("xtask: size: {lib}_bg.wasm {}{gzipped}", kilobytes(raw));
    }
    eprintln!(
        "xtask: size: the unpacked extension {} ({})",
        kilobytes(tree_size(dist)?),
        dist.display()
    );
    Ok(())
}

/// `bytes` in kB (1000 bytes), as the stores and the issue's targets count them.
fn kilobytes(bytes: u64) -> String {
    format!("{:.0} kB", bytes as f64 / 1000.0)
}

/// The size of `file` compressed by `gzip -9`, when gzip is installed.
fn gzip_size(file: &Path) -> Option<u64> {
    let output = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|output| output.status.success())?;
    Some(output.stdout.len() as u64)
}

/// The bytes of every file under `dir`.
fn tree_size(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry?;
        total += if entry.file_type()?.is_dir() {
            tree_size(&entry.path())?
        } else {
            entry.metadata()?.len()
        };
    }
    Ok(total)
}

/// `text` without the lines from each `// test-hooks: begin` line to the next
/// `// test-hooks: end` line, both included.
fn without_test_hooks(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let marker = line.trim_start();
        if marker.starts_with("// test-hooks: begin") {
            inside = true;
        } else if marker.starts_with("// test-hooks: end") {
            inside = false;
        } else if !inside {
            kept.push_str(line);
        }
    }
    kept
}

/// `facts.js`: what the extension's JavaScript must know exactly as the Rust scraper does,
/// written from the scraper's own constants. The content script loads it first (manifest.json
/// lists it before `content.js`), the service worker imports it; both read
/// `globalThis.CAROUSEL_FACTS`.
fn facts_js() -> String {
    let handle = format!("[A-Za-z0-9_]{{1,{}}}", scrape::MAX_HANDLE_LEN);
    let strings = |list: &[&str]| {
        let quoted: Vec<String> = list.iter().map(|s| format!("{s:?}")).collect();
        format!("[{}]", quoted.join(", "))
    };
    format!(
        "// Written by `cargo xtask build` from the Rust scraper's constants (shared/scrape/src/urls.rs):\n\
         // edit those, not this file.\n\
         globalThis.CAROUSEL_FACTS = Object.freeze({{\n\
         \x20 // `/<handle>/status/<id>` at the start of a path: [1] the handle, [2] the id.\n\
         \x20 statusPath: /^\\/({handle})\\/status(?:es)?\\/(\\d+)/,\n\
         \x20 // A profile link: exactly `/<handle>`.\n\
         \x20 handlePath: /^\\/({handle})$/,\n\
         \x20 // First path segments that look like handles but are x.com's own pages.\n\
         \x20 notHandles: Object.freeze({not_handles}),\n\
         \x20 // Hosts whose status URLs name a post.\n\
         \x20 hosts: Object.freeze({hosts}),\n\
         }});\n",
        not_handles = strings(scrape::NOT_HANDLES),
        hosts = strings(scrape::X_HOSTS),
    )
}

/// `wasm-opt` from binaryen [`BINARYEN_VERSION`]: the npm package installed into
/// `<target>/tools/binaryen-<version>/` (once; npm is how binaryen ships a current build), or a
/// `wasm-opt` on PATH at that version or newer.
fn ensure_wasm_opt(root: &Path) -> Result<PathBuf> {
    let prefix = target_dir(root)
        .join("tools")
        .join(format!("binaryen-{BINARYEN_VERSION}"));
    let local = prefix.join("node_modules").join(".bin").join("wasm-opt");
    if binaryen_version(&local).is_some_and(|version| version >= BINARYEN_VERSION) {
        return Ok(local);
    }
    let on_path = PathBuf::from("wasm-opt");
    if binaryen_version(&on_path).is_some_and(|version| version >= BINARYEN_VERSION) {
        return Ok(on_path);
    }
    eprintln!(
        "xtask: installing wasm-opt (npm install binaryen@{BINARYEN_VERSION} into {}; once)",
        prefix.display()
    );
    fs::create_dir_all(&prefix).with_context(|| format!("cannot create {}", prefix.display()))?;
    let status = Command::new("npm")
        .args([
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(&prefix)
        .arg(format!("binaryen@{BINARYEN_VERSION}"))
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => bail!(
            "`npm install binaryen@{BINARYEN_VERSION}` failed ({status}); run it by hand with \
             `npm install --prefix {} binaryen@{BINARYEN_VERSION}`",
            prefix.display()
        ),
        Err(_) => bail!(
            "the build shrinks its WASM with binaryen's wasm-opt {BINARYEN_VERSION}, installed \
             with npm, and npm is not here: install Node.js and npm (`apt-get install npm`), or \
             put wasm-opt {BINARYEN_VERSION} or newer on PATH"
        ),
    }
    match binaryen_version(&local) {
        Some(_) => Ok(local),
        None => bail!(
            "npm installed binaryen@{BINARYEN_VERSION}, but {} does not run",
            local.display()
        ),
    }
}

/// The version `wasm-opt --version` prints ("wasm-opt version 132 (version_132)"), if it runs.
fn binaryen_version(wasm_opt: &Path) -> Option<u32> {
    let output = Command::new(wasm_opt)
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|output| output.status.success())?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.split_whitespace()
        .skip_while(|word| *word != "version")
        .nth(1)?
        .parse()
        .ok()
}

/// Shrinks `module` in place with `wasm-opt` ([`WASM_OPT_ARGS`]). The result is kept in `cache`
/// under a hash of the input, the arguments and the version: the same module (e.g. the tests'
/// build, then the README's) is optimised once, as wasm-opt takes most of a minute on the studio.
fn optimise(wasm_opt: &Path, module: &Path, cache: &Path) -> Result<()> {
    use std::hash::{Hash, Hasher};
    let input = fs::read(module).with_context(|| format!("cannot read {}", module.display()))?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (&input, WASM_OPT_ARGS, BINARYEN_VERSION).hash(&mut hasher);
    let name = module
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cached = cache.join(format!("{name}-{:016x}.wasm", hasher.finish()));
    if cached.is_file() {
        eprintln!(
            "xtask: {name}: wasm-opt output cached ({})",
            cached.display()
        );
        return copy_file(&cached, module);
    }
    eprintln!("xtask: {name}: wasm-opt {}", WASM_OPT_ARGS.join(" "));
    fs::create_dir_all(cache).with_context(|| format!("cannot create {}", cache.display()))?;
    // Written beside the cache entry, then renamed: an interrupted run leaves no broken entry.
    let partial = cached.with_extension("partial");
    let status = Command::new(wasm_opt)
        .args(WASM_OPT_ARGS)
        .arg(module)
        .arg("-o")
        .arg(&partial)
        .status()
        .context("could not start wasm-opt")?;
    if !status.success() {
        bail!("wasm-opt failed ({status}) on {}", module.display());
    }
    fs::rename(&partial, &cached).with_context(|| format!("cannot write {}", cached.display()))?;
    copy_file(&cached, module)
}

/// Makes sure `wasm-bindgen` (and `wasm-bindgen-test-runner`, from the same package) is the
/// pinned version, installing it with cargo when it is missing or another version.
pub fn ensure_wasm_bindgen() -> Result<()> {
    let wanted = format!("wasm-bindgen {WASM_BINDGEN_VERSION}");
    let found = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned());
    if found.as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    match &found {
        Some(other) => eprintln!(
            "xtask: found {other}, but the scraper needs {wanted}: installing \
             wasm-bindgen-cli {WASM_BINDGEN_VERSION} (takes a few minutes, once)"
        ),
        None => eprintln!(
            "xtask: wasm-bindgen not found: installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} \
             (takes a few minutes, once)"
        ),
    }
    let status = cargo()
        .args(["install", "wasm-bindgen-cli", "--locked", "--version"])
        .arg(format!("={WASM_BINDGEN_VERSION}"))
        .status()
        .context("could not start cargo install")?;
    if !status.success() {
        bail!(
            "installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} failed ({status}); run \
             `cargo install wasm-bindgen-cli --version ={WASM_BINDGEN_VERSION} --locked` by hand"
        );
    }
    Ok(())
}

/// Fails unless the workspace's `wasm-bindgen = "=X"` says [`WASM_BINDGEN_VERSION`].
pub fn check_pins(root: &Path) -> Result<()> {
    let manifest = read(&root.join(WORKSPACE_MANIFEST))?;
    let pin = manifest
        .lines()
        .find_map(|line| line.trim().strip_prefix("wasm-bindgen = \"="))
        .and_then(|rest| rest.split('"').next());
    if pin != Some(WASM_BINDGEN_VERSION) {
        bail!(
            "{WORKSPACE_MANIFEST} pins wasm-bindgen {}, xtask's WASM_BINDGEN_VERSION is \
             {WASM_BINDGEN_VERSION}: make them the same exact version",
            pin.unwrap_or("to nothing")
        );
    }
    Ok(())
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    fs::copy(from, to)
        .map(drop)
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))
}

/// Copies everything under `from` into `to`, keeping the folder structure.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let entries = fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", from.display()))?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            copy_file(&path, &target)?;
        }
    }
    Ok(())
}

/// Copies the font files (`*.otf`, `*.ttf`) the studio page will load with `@font-face`, and
/// their licences (the OFL asks that they travel with the fonts).
fn copy_fonts(from: &Path, to: &Path) -> Result<()> {
    let entries = fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))?;
    for entry in entries {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        let wanted = lower.ends_with(".otf")
            || lower.ends_with(".ttf")
            || (lower.starts_with("license") && lower.ends_with(".txt"));
        if wanted {
            copy_file(&path, &to.join(name))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_users_build_leaves_the_test_hooks_out() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        for file in HOOKED_FILES {
            let source = read(&root.join("extension/static").join(file)).unwrap();
            assert!(
                source.contains("// test-hooks: begin"),
                "{file} has no hooks to leave out"
            );
            let built = without_test_hooks(&source);
            assert!(
                !built.contains("test:menu-click")
                    && !built.contains("csTest")
                    && !built.contains("test-hooks"),
                "{file}"
            );
            // Everything else is kept, line for line.
            let hook_lines = source.lines().count() - built.lines().count();
            assert!(
                (3..40).contains(&hook_lines),
                "{file}: {hook_lines} lines left out"
            );
        }
        assert_eq!(
            without_test_hooks("a\n  // test-hooks: begin\nb\n  // test-hooks: end\nc\n"),
            "a\nc\n"
        );
    }

    #[test]
    fn facts_js_carries_the_scrapers_handle_rule_and_hosts() {
        let js = facts_js();
        let handle = format!("[A-Za-z0-9_]{{1,{}}}", scrape::MAX_HANDLE_LEN);
        assert!(
            js.contains(&format!(
                r"statusPath: /^\/({handle})\/status(?:es)?\/(\d+)/,"
            )),
            "{js}"
        );
        assert!(
            js.contains(&format!(r"handlePath: /^\/({handle})$/,")),
            "{js}"
        );
        assert!(
            js.contains(r#""mobile.twitter.com""#) && js.contains(r#""explore""#),
            "{js}"
        );
    }

    #[test]
    fn wasm_bindgen_is_pinned_to_one_version_everywhere() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        check_pins(root).unwrap();
    }
}
