//! The design library's commands: `list`, `profile …`, `preset …` (the store),
//! `contact-sheet` and `gallery`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use model::Design;

use super::flags::{self, BrandArgs, DesignArgs};
use super::print_lines;
use crate::Error;
use crate::input;
use crate::store::{Entry, Preset, Profile, Store};
use export::images;
use export::{contact_sheet, save};

/// `list WHAT`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// themes, templates, ratios, patterns, fonts or ctas.
    #[arg(value_name = "WHAT")]
    pub what: String,
}

/// `profile export` and `preset export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The name of the entry to write.
    pub name: String,
    /// Save into FILE instead (never overwriting: "name (2).json").
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `profile import` and `preset import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A JSON file written by `export`.
    pub file: PathBuf,
    /// Replace an entry of the same name.
    #[arg(long)]
    pub replace: bool,
}

/// `profile …`: brand profiles, one per client. Its verbs are `preset …`'s (list, add, remove,
/// export, import) in an enum of its own, so each `--help` speaks of profiles or presets: the
/// twin variants are deliberate.
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Print the profiles' names, one per line.
    List,
    /// Add a profile (image files are embedded into the store).
    Add {
        /// The profile's name, as given to --profile.
        name: String,
        #[command(flatten)]
        brand: BrandArgs,
        /// Replace a profile of the same name.
        #[arg(long)]
        replace: bool,
    },
    /// Remove a profile.
    Remove {
        /// The profile's name.
        name: String,
    },
    /// Write one profile as JSON (stdout unless --out).
    Export(ExportArgs),
    /// Add a profile from a JSON file written by `profile export`.
    Import(ImportArgs),
}

/// `preset …`: named designs, one of them the default.
#[derive(Debug, Subcommand)]
pub enum PresetCommand {
    /// Print the presets' names, one per line; the default is marked " (default)".
    List,
    /// Save a preset: the defaults changed by the design flags, and optionally a profile.
    Add {
        /// The preset's name, as given to --preset.
        name: String,
        #[command(flatten)]
        design: Box<DesignArgs>,
        /// The profile this preset presents with.
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
        /// Replace a preset of the same name.
        #[arg(long)]
        replace: bool,
    },
    /// Remove a preset.
    Remove {
        /// The preset's name.
        name: String,
    },
    /// Write one preset as JSON (stdout unless --out).
    Export(ExportArgs),
    /// Add a preset from a JSON file written by `preset export`.
    Import(ImportArgs),
    /// Make NAME the preset that one-click (and `render` without --preset) uses.
    Default {
        /// The preset's name.
        name: String,
    },
}

/// `contact-sheet`.
#[derive(Debug, Args)]
pub struct ContactSheetArgs {
    /// Save as FILE (never overwriting: "name (2).png"); default: contact-sheet.png in Downloads.
    #[arg(long, value_name = "FILE.png")]
    pub out: Option<PathBuf>,
}

/// `gallery`.
#[derive(Debug, Args)]
pub struct GalleryArgs {
    /// Thread JSON files or saved pages, one row each (e.g. assets/gallery/*.json).
    #[arg(required = true, value_name = "THREAD")]
    pub inputs: Vec<PathBuf>,
    /// A theme to show each thread in (repeat it; `list themes`); default: paper, midnight,
    /// cobalt.
    #[arg(long = "theme", value_name = "NAME")]
    pub themes: Vec<String>,
    /// Save as FILE (never overwriting: "name (2).png"); default: gallery.png in Downloads.
    #[arg(long, value_name = "FILE.png")]
    pub out: Option<PathBuf>,
    /// Also write every slide of every carousel, full size, into DIR/<thread>-<theme>/01.png, …
    /// to look at each one.
    #[arg(long, value_name = "DIR")]
    pub slides: Option<PathBuf>,
}

/// `list WHAT`.
pub fn list(args: &ListArgs, stdout: &mut dyn Write) -> Result<(), Error> {
    let names = flags::list(&args.what).ok_or_else(|| {
        Error::Usage(format!(
            "unknown list \"{}\"; choose one of: {}",
            args.what,
            flags::LISTS.join(", ")
        ))
    })?;
    print_lines(stdout, names);
    Ok(())
}

fn store_path() -> Result<PathBuf, Error> {
    Ok(Store::default_path()?)
}

/// Loads the store, changes it and saves it; a store that cannot be read is never replaced.
fn update(change: impl FnOnce(&mut Store) -> Result<(), Error>) -> Result<PathBuf, Error> {
    let path = store_path()?;
    Store::update(&path, change)?;
    Ok(path)
}

fn export_entry<E: Entry>(
    name: &str,
    out: Option<&Path>,
    stdout: &mut dyn Write,
) -> Result<(), Error> {
    let store = Store::load(&store_path()?)?;
    let entry: &E = store.require(name)?;
    let mut json = serde_json::to_string_pretty(entry).expect("entries serialise");
    json.push('\n');
    match out {
        None => print_lines(stdout, [json.trim_end().to_owned()]),
        Some(file) => {
            let saved = save_as(file, json.as_bytes(), "json")?;
            print_lines(stdout, [saved.display().to_string()]);
        }
    }
    Ok(())
}

fn read_entry<E: Entry>(file: &Path) -> Result<E, Error> {
    let text = std::fs::read_to_string(file).map_err(|source| {
        Error::Usage(format!(
            "cannot read {}: {source}; pass a file written by `carousel-studio {} export`",
            file.display(),
            E::KIND
        ))
    })?;
    serde_json::from_str(&text).map_err(|err| {
        Error::Usage(format!(
            "{} is not a {} JSON: {err}; pass a file written by `carousel-studio {} export`",
            file.display(),
            E::KIND,
            E::KIND
        ))
    })
}

/// `profile …`.
pub fn profile(command: &ProfileCommand, stdout: &mut dyn Write) -> Result<(), Error> {
    match command {
        ProfileCommand::List => {
            let store = Store::load(&store_path()?)?;
            print_lines(stdout, store.profiles.iter().map(|p| p.name.clone()));
        }
        ProfileCommand::Add {
            name,
            brand,
            replace,
        } => {
            let cwd = std::env::current_dir().unwrap_or_default();
            let profile = brand.to_profile(name, &cwd)?;
            let path = update(|store| Ok(store.add(profile, *replace)?))?;
            eprintln!("saved profile \"{}\" in {}", name.trim(), path.display());
        }
        ProfileCommand::Remove { name } => {
            let mut users = Vec::new();
            update(|store| {
                let removed = store.remove::<Profile>(name)?;
                users = store
                    .presets_using(&removed.name)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                Ok(())
            })?;
            if !users.is_empty() {
                eprintln!(
                    "warning: preset(s) {} still use profile \"{name}\"; give them another with `preset add … --profile NAME --replace`",
                    users.join(", ")
                );
            }
        }
        ProfileCommand::Export(ExportArgs { name, out }) => {
            export_entry::<Profile>(name, out.as_deref(), stdout)?;
        }
        ProfileCommand::Import(ImportArgs { file, replace }) => {
            let profile: Profile = read_entry(file)?;
            let name = profile.name.clone();
            update(|store| Ok(store.add(profile, *replace)?))?;
            eprintln!("imported profile \"{name}\"");
        }
    }
    Ok(())
}

/// `preset …`.
pub fn preset(command: &PresetCommand, stdout: &mut dyn Write) -> Result<(), Error> {
    match command {
        PresetCommand::List => {
            let store = Store::load(&store_path()?)?;
            let default = store.default_preset().map(|p| p.name.clone());
            print_lines(
                stdout,
                store.presets.iter().map(|p| match &default {
                    Some(d) if *d == p.name => format!("{} (default)", p.name),
                    _ => p.name.clone(),
                }),
            );
        }
        PresetCommand::Add {
            name,
            design,
            profile,
            replace,
        } => {
            let mut chosen = Design::default();
            design.apply(&mut chosen)?;
            for warning in chosen.typography.clamp() {
                eprintln!("warning: {warning}");
            }
            let mut preset = Preset::from_design(name.trim(), &chosen);
            let path = update(|store| {
                if let Some(profile) = profile {
                    preset.profile = Some(store.require::<Profile>(profile)?.name.clone());
                }
                Ok(store.add(preset, *replace)?)
            })?;
            eprintln!("saved preset \"{}\" in {}", name.trim(), path.display());
        }
        PresetCommand::Remove { name } => {
            update(|store| store.remove::<Preset>(name).map(drop).map_err(Error::from))?;
        }
        PresetCommand::Export(ExportArgs { name, out }) => {
            export_entry::<Preset>(name, out.as_deref(), stdout)?;
        }
        PresetCommand::Import(ImportArgs { file, replace }) => {
            // Reading it checked every name in it (themes and fonts are typed).
            let preset: Preset = read_entry(file)?;
            let name = preset.name.clone();
            update(|store| {
                if let Some(profile) = &preset.profile
                    && store.profile(profile).is_none()
                {
                    eprintln!(
                        "warning: preset \"{name}\" uses profile \"{profile}\", which is not in the store; import or add it before rendering with this preset"
                    );
                }
                Ok(store.add(preset, *replace)?)
            })?;
            eprintln!("imported preset \"{name}\"");
        }
        PresetCommand::Default { name } => {
            update(|store| Ok(store.set_default_preset(name)?))?;
        }
    }
    Ok(())
}

/// Saves `bytes` as `file` (its folder created if missing), never overwriting.
fn save_as(file: &Path, bytes: &[u8], default_ext: &str) -> Result<PathBuf, Error> {
    let dir = match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("carousel.{default_ext}"));
    let mut saved = save::save_files(&dir, &[(name, bytes)])?;
    Ok(saved.remove(0))
}

/// `contact-sheet`.
pub fn contact_sheet(args: &ContactSheetArgs, stdout: &mut dyn Write) -> Result<(), Error> {
    let file = match &args.out {
        Some(file) => file.clone(),
        None => save::downloads_dir()?.join("contact-sheet.png"),
    };
    let sample = input::sample();
    let mut thread = sample.thread.clone();
    images::resolve_thread(&mut thread, sample.image_base(), |_, _| {});
    let png = contact_sheet::contact_sheet(&thread)?;
    let saved = save_as(&file, &png, "png")?;
    print_lines(stdout, [saved.display().to_string()]);
    Ok(())
}

/// The themes a gallery shows when none is named: light, dark and colourful.
const GALLERY_THEMES: [&str; 3] = ["paper", "midnight", "cobalt"];

/// `gallery`.
pub fn gallery(args: &GalleryArgs, stdout: &mut dyn Write) -> Result<(), Error> {
    let names: Vec<&str> = match args.themes.is_empty() {
        true => GALLERY_THEMES.to_vec(),
        false => args.themes.iter().map(String::as_str).collect(),
    };
    let themes = names
        .iter()
        .map(|name| flags::theme(name))
        .collect::<Result<Vec<_>, _>>()?;
    let mut threads = Vec::new();
    for path in &args.inputs {
        let input::Input::Thread(mut loaded) = input::read_input_file(path)? else {
            return Err(Error::Usage(format!(
                "{} is a deck; the gallery shows threads (thread JSON or a saved page)",
                path.display()
            )));
        };
        images::resolve_thread(&mut loaded.thread, loaded.images.base(), |_, _| {});
        let name = path
            .file_stem()
            .map_or_else(|| "thread".to_owned(), |s| s.to_string_lossy().into_owned());
        threads.push(contact_sheet::GalleryThread {
            name,
            thread: loaded.thread,
        });
    }
    let made = contact_sheet::gallery(&threads, &themes)?;
    let mut lines = Vec::new();
    if let Some(dir) = &args.slides {
        for (thread, theme, slides) in &made.carousels {
            let folder = dir.join(save::sanitize_stem(&format!("{thread}-{theme}")));
            let mut files = Vec::new();
            for (index, svg) in slides.iter().enumerate() {
                let (png, _, _) =
                    contact_sheet::thumbnail_png(svg, 1.0).map_err(export::RenderError::from)?;
                files.push((format!("{:02}.png", index + 1), png));
            }
            let named: Vec<(String, &[u8])> = files
                .iter()
                .map(|(name, png)| (name.clone(), png.as_slice()))
                .collect();
            save::save_files(&folder, &named)?;
            let folder = std::path::absolute(&folder).unwrap_or(folder);
            lines.push(folder.display().to_string());
        }
    }
    let file = match &args.out {
        Some(file) => file.clone(),
        None => save::downloads_dir()?.join("gallery.png"),
    };
    lines.push(save_as(&file, &made.png, "png")?.display().to_string());
    print_lines(stdout, lines);
    Ok(())
}
