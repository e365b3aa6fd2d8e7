//! `render A.json B.html C.json …` and `render FOLDER`: many threads in one process, one worker
//! per core, each input rendered exactly as `render INPUT` renders it
//! ([`render::prepare_job`], [`render::render_job`]) and saved under the same never-overwrite rule.
//!
//! Memory is bounded by the number of workers, not of inputs: each worker holds one render at a
//! time, and only the saved paths and the failures travel back. The workers share rayon's pool
//! for the slides of their render. On a terminal one progress bar counts the inputs; at the end
//! a summary says what was saved, skipped and failed (and why), and any failure makes the
//! command exit non-zero. Saved paths are printed on stdout as each input finishes.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::render::{self, RenderArgs};
use crate::Error;

/// The file kinds a folder's files are rendered from; other files in it are skipped.
const INPUT_EXTENSIONS: &[&str] = &["json", "html", "htm"];
/// Files a folder of threads holds beside them (their photos and avatars): skipped without a
/// line in the summary.
const ASSET_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "css", "js",
];
/// The summary lists at most this many skipped paths, then says how many more.
const LISTED_SKIPS: usize = 10;

/// What the batch does with one given path, decided before any render.
#[derive(Debug, PartialEq, Eq)]
enum Planned {
    Render(PathBuf),
    Skip { path: PathBuf, why: &'static str },
}

/// What one input came to.
enum Outcome {
    Saved(Vec<PathBuf>),
    Failed(String),
}

/// One finished input, sent from a worker to the main thread.
struct Finished {
    index: usize,
    outcome: Outcome,
    warnings: Vec<String>,
}

/// Renders every input of `args` (files, and the page and JSON files of folders).
pub fn render_many(args: &RenderArgs, stdout: &mut dyn Write) -> Result<(), Error> {
    // What would fail every input fails once, before any work: a bad flag, an unknown preset or
    // profile, a folder that cannot be written.
    render::validate_design(args)?;
    let dir = render::output_dir(args)?;
    let planned = plan(&args.inputs);
    let inputs: Vec<&Path> = planned
        .iter()
        .filter_map(|p| match p {
            Planned::Render(path) => Some(path.as_path()),
            Planned::Skip { .. } => None,
        })
        .collect();
    if inputs.is_empty() {
        let reasons: Vec<String> = planned
            .iter()
            .take(3)
            .map(|p| match p {
                Planned::Skip { path, why } => format!("{}: {why}", path.display()),
                Planned::Render(path) => path.display().to_string(),
            })
            .collect();
        return Err(Error::Usage(format!(
            "nothing to render ({}); give saved x.com pages (.html), thread or deck JSON files, \
             or folders holding them",
            reasons.join("; ")
        )));
    }
    let workers = args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, inputs.len().max(1));

    let bar = progress_bar(inputs.len() as u64);
    let mut saved_files = 0;
    let mut rendered = 0;
    let mut failures: Vec<(usize, String)> = Vec::new();
    let next = AtomicUsize::new(0);
    let (sender, finished) = mpsc::channel::<Finished>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, inputs, dir) = (&next, &inputs, &dir);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(index) else {
                        break;
                    };
                    let done = render_and_save(input, args, dir);
                    if sender
                        .send(Finished {
                            index,
                            outcome: done.0,
                            warnings: done.1,
                        })
                        .is_err()
                    {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // The main thread only reports: paths on stdout as each input finishes, warnings and
        // the bar on stderr.
        for one in finished {
            let name = display_name(inputs[one.index]);
            bar.suspend(|| {
                for warning in &one.warnings {
                    eprintln!("warning: {name}: {warning}");
                }
            });
            match one.outcome {
                Outcome::Saved(paths) => {
                    rendered += 1;
                    saved_files += paths.len();
                    super::print_lines(stdout, paths.iter().map(|path| path.display()));
                }
                Outcome::Failed(why) => failures.push((one.index, why)),
            }
            bar.set_message(name);
            bar.inc(1);
        }
    });
    bar.finish_and_clear();

    failures.sort_by_key(|(index, _)| *index);
    let skipped: Vec<(&Path, &str)> = planned
        .iter()
        .filter_map(|p| match p {
            Planned::Skip { path, why } => Some((path.as_path(), *why)),
            Planned::Render(_) => None,
        })
        .collect();
    eprintln!(
        "{}",
        summary(rendered, saved_files, &dir, skipped.len(), failures.len())
    );
    for (path, why) in skipped.iter().take(LISTED_SKIPS) {
        eprintln!("  skipped {}: {why}", path.display());
    }
    if skipped.len() > LISTED_SKIPS {
        eprintln!("  … and {} more skipped", skipped.len() - LISTED_SKIPS);
    }
    for (index, why) in &failures {
        eprintln!("  failed {}: {why}", inputs[*index].display());
    }
    match failures.len() {
        0 => Ok(()),
        failed => Err(Error::BatchFailed {
            failed,
            total: inputs.len(),
        }),
    }
}

/// Renders and saves one input, catching what goes wrong as a sentence for the summary.
fn render_and_save(input: &Path, args: &RenderArgs, dir: &Path) -> (Outcome, Vec<String>) {
    let mut warnings = Vec::new();
    let mut warn = |warning| warnings.push(warning);
    let outcome = render::prepare_job(Some(input), args, &mut warn)
        .and_then(|job| render::render_job(job, args, &|_, _| {}, &mut warn))
        .and_then(|rendered| Ok(rendered.save(dir)?));
    let outcome = match outcome {
        Ok(paths) => Outcome::Saved(paths),
        Err(err) => Outcome::Failed(err.to_string()),
    };
    (outcome, warnings)
}

/// The inputs in the order given, each folder replaced by its page and JSON files (by name;
/// not its subfolders, such as a saved page's `_files` folder). A path given twice, a file of
/// another kind in a folder, and a path that is not there are skipped, each with its reason.
fn plan(given: &[PathBuf]) -> Vec<Planned> {
    let mut planned = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |path: PathBuf, planned: &mut Vec<Planned>| {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            planned.push(Planned::Render(path));
        } else {
            planned.push(Planned::Skip {
                path,
                why: "given twice; rendered once",
            });
        }
    };
    for path in given {
        if !path.is_dir() {
            // A missing file is rendered, to fail with the read error's own words.
            add(path.clone(), &mut planned);
            continue;
        }
        let mut files: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(entries) => entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|file| file.is_file())
                .collect(),
            Err(_) => {
                planned.push(Planned::Skip {
                    path: path.clone(),
                    why: "the folder cannot be read",
                });
                continue;
            }
        };
        files.sort();
        let before = planned.len();
        for file in files {
            let kind = file
                .extension()
                .and_then(|ext| ext.to_str())
                .map(str::to_ascii_lowercase);
            let is = |kinds: &[&str]| kind.as_deref().is_some_and(|kind| kinds.contains(&kind));
            if is(INPUT_EXTENSIONS) {
                add(file, &mut planned);
            } else if !is(ASSET_EXTENSIONS) && !is_hidden(&file) {
                planned.push(Planned::Skip {
                    path: file,
                    why: "not a saved page (.html) or a thread or deck (.json)",
                });
            }
        }
        if planned.len() == before {
            planned.push(Planned::Skip {
                path: path.clone(),
                why: "the folder holds no saved page or JSON file",
            });
        }
    }
    planned
}

/// Dot files (`.DS_Store`, an editor's swap file) are not worth a line in the summary.
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with('.'))
}

/// The file name of `path`, for the bar and the warnings.
fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The summary's first line.
fn summary(rendered: usize, files: usize, dir: &Path, skipped: usize, failed: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "rendered {} ({} saved in {}); {} skipped, {} failed",
        plural(rendered, "thread", "threads"),
        plural(files, "file", "files"),
        dir.display(),
        skipped,
        failed
    )
}

/// One bar for the batch on a terminal; nothing drawn otherwise.
fn progress_bar(len: u64) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(len), target);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} threads  {elapsed}  {wide_msg}")
            .expect("the template is valid"),
    );
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_its_pages_and_json_files_and_the_rest_is_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("client");
        std::fs::create_dir_all(folder.join("thread_files")).unwrap();
        for name in [
            "b.json",
            "a.HTML",
            "notes.txt",
            ".DS_Store",
            "c.htm",
            "photo.JPG",
        ] {
            std::fs::write(folder.join(name), "x").unwrap();
        }
        let loose = dir.path().join("loose.json");
        std::fs::write(&loose, "x").unwrap();
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();

        let planned = plan(&[
            loose.clone(),
            folder.clone(),
            folder.join("b.json"),
            empty.clone(),
        ]);
        assert_eq!(
            planned,
            [
                Planned::Render(loose),
                Planned::Render(folder.join("a.HTML")),
                Planned::Render(folder.join("b.json")),
                Planned::Render(folder.join("c.htm")),
                Planned::Skip {
                    path: folder.join("notes.txt"),
                    why: "not a saved page (.html) or a thread or deck (.json)"
                },
                Planned::Skip {
                    path: folder.join("b.json"),
                    why: "given twice; rendered once"
                },
                Planned::Skip {
                    path: empty,
                    why: "the folder holds no saved page or JSON file"
                },
            ]
        );
    }

    #[test]
    fn the_summary_counts_in_words() {
        assert_eq!(
            summary(1, 3, Path::new("/d"), 0, 2),
            "rendered 1 thread (3 files saved in /d); 0 skipped, 2 failed"
        );
        assert_eq!(
            summary(20, 1, Path::new("/d"), 1, 0),
            "rendered 20 threads (1 file saved in /d); 1 skipped, 0 failed"
        );
    }
}
