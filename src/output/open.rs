//! Opening an output folder for a build: its real path, its lock, what a killed
//! build left, and whether it is Roadbook's to build into.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::commit;
use super::lock::Lock;
use super::manifest::Manifest;
use super::plan::RESERVED;
use super::sink::{Layout, Options, Sink};
use super::{cannot_write, failure};

impl Sink {
    /// Opens the output folder `out` for a build: resolves it, takes its lock,
    /// cleans up after a killed build, and refuses a folder of others.
    pub fn open(out: &Path, options: Options) -> Result<Sink, String> {
        let shown = out.to_path_buf();
        let real = super::guard::real_path(out)
            .map_err(|e| format!("cannot use the output folder {}: {e}", out.display()))?;
        let (parent, name) = match (real.parent(), real.file_name()) {
            (Some(p), Some(n)) => (p.to_path_buf(), n.to_string_lossy().into_owned()),
            _ => {
                return Err(format!(
                    "cannot build into {}; choose a folder such as public/",
                    out.display()
                ));
            }
        };
        let seen = is_folder(&real, out)?;
        let made_parents = if seen {
            Vec::new()
        } else {
            make_parents(&parent)?
        };
        let beside = parent.join(format!(".{name}.roadbook-staging"));
        let inside = real.join(".roadbook-staging");
        let what = out.display().to_string();
        let lock_beside = || Lock::acquire(&parent.join(format!(".{name}.roadbook-lock")), &what);
        let swappable = cfg!(target_os = "linux") && !(seen && commit::is_mount_point(&real));
        let (layout, lock) = if swappable || !seen {
            match lock_beside() {
                Ok(lock) => (Layout::Swap, lock),
                Err(e) if seen && cannot_write(&e) => (Layout::InPlace, lock_inside(&real, out)?),
                Err(e) => return Err(failure("cannot lock", &parent, &e)),
            }
        } else {
            (Layout::InPlace, lock_inside(&real, out)?)
        };
        // Another build may have made the folder while this one waited.
        let existed = is_folder(&real, out)?;
        for staging in [&beside, &inside] {
            commit::recover(staging, &real)
                .map_err(|e| failure("cannot clean up after an earlier build in", staging, &e))?;
        }
        remove_old_staging(&parent, &name);
        let owned = if existed {
            match Manifest::read(&real)? {
                Some(m) => m,
                None => refuse_foreign(&real, out, options.force)?,
            }
        } else {
            Manifest::default()
        };
        let staging = if layout == Layout::Swap {
            beside
        } else {
            inside
        };
        let tree = staging.join("tree");
        let make = || -> io::Result<()> {
            std::fs::create_dir(&staging)?;
            std::fs::create_dir(&tree)?;
            #[cfg(unix)]
            if existed && layout == Layout::Swap {
                // The new tree becomes the output folder: it keeps that folder's mode.
                let mode = std::fs::metadata(&real)?.permissions();
                std::fs::set_permissions(&tree, mode)?;
            }
            Ok(())
        };
        if let Err(e) = make() {
            let _ = commit::remove_tree(&staging);
            return Err(failure("cannot make the staging folder", &staging, &e));
        }
        Ok(Sink {
            shown,
            out: real,
            layout,
            staging,
            tree,
            existed,
            owned,
            force: options.force,
            written: Mutex::default(),
            unchanged: Mutex::default(),
            error: Mutex::default(),
            made_parents,
            done: false,
            touched: Default::default(),
            lock: Some(lock),
        })
    }
}

/// Whether the output folder exists; an error when something else is there.
fn is_folder(real: &Path, shown: &Path) -> Result<bool, String> {
    match std::fs::metadata(real) {
        Ok(meta) if meta.is_dir() => Ok(true),
        Ok(_) => Err(format!(
            "the output folder {} exists and is not a folder; remove it or choose another path with -o",
            shown.display()
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(failure("cannot read", shown, &e)),
    }
}

/// Makes the missing folders above a new output folder; returns them, top first.
fn make_parents(parent: &Path) -> Result<Vec<PathBuf>, String> {
    let missing: Vec<PathBuf> = parent
        .ancestors()
        .take_while(|p| std::fs::symlink_metadata(p).is_err())
        .map(Path::to_path_buf)
        .collect();
    for dir in missing.iter().rev() {
        if let Err(e) = std::fs::create_dir(dir) {
            for made in missing.iter().skip_while(|d| *d != dir).skip(1) {
                let _ = std::fs::remove_dir(made);
            }
            return Err(failure("cannot make the folder", dir, &e));
        }
    }
    Ok(missing.into_iter().rev().collect())
}

fn lock_inside(real: &Path, shown: &Path) -> Result<Lock, String> {
    Lock::acquire(&real.join(".roadbook-lock"), &shown.display().to_string())
        .map_err(|e| failure("cannot lock", shown, &e))
}

/// A folder of others is built into only with `--force`; then everything in it
/// counts as theirs.
fn refuse_foreign(real: &Path, shown: &Path, force: bool) -> Result<Manifest, String> {
    let mut entries: Vec<String> = std::fs::read_dir(real)
        .map_err(|e| failure("cannot read", shown, &e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !RESERVED.contains(&n.as_str()))
        .collect();
    if entries.is_empty() || force {
        return Ok(Manifest::default());
    }
    entries.sort();
    let count = entries.len();
    let mut named = entries.into_iter().take(5).collect::<Vec<_>>().join(", ");
    if count > 5 {
        named.push_str(&format!(" and {} more", count - 5));
    }
    Err(format!(
        "the output folder {} is not empty and has no .roadbook-manifest, so Roadbook cannot tell its own files from others' (it holds {named}; Roadbook 0.1 kept no manifest). Pass --force to build into it: every file there is kept, except those named like one of the site's files, which are replaced. Or choose an empty folder with -o.",
        shown.display()
    ))
}

/// Roadbook 0.1 staged a first build in `.NAME.roadbook-PID` beside the output
/// and left it there when killed; such folders are removed.
fn remove_old_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.roadbook-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        if !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
            && entry.file_type().is_ok_and(|t| t.is_dir())
        {
            let _ = commit::remove_tree(&entry.path());
        }
    }
}
