//! The [`Sink`]: takes each file of the site as it renders, stages it, and puts
//! the whole site in place at the end (see the module doc of [`crate::output`]).

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::WriteStats;
use super::commit::{self, Journal};
use super::lock::Lock;
use super::manifest::{self, Manifest};
use super::plan::{self, RESERVED};
use crate::render::OutputFile;

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Build into a folder that holds files of others and no manifest, and let
    /// the site's files replace others' files of the same name.
    pub force: bool,
}

/// How the staged site is put in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// A full tree beside the output, exchanged with it in one step.
    Swap,
    /// Changed files inside the output, renamed into place from a journal.
    InPlace,
}

/// Where `build` puts each file as soon as it is rendered. Nothing reaches the
/// output folder before [`Sink::finish`]; dropped unfinished, it leaves no trace.
pub struct Sink {
    /// The output folder as the user named it, for messages.
    shown: PathBuf,
    /// Its real path.
    out: PathBuf,
    layout: Layout,
    /// The staging folder; the new files are in its `tree/`.
    staging: PathBuf,
    tree: PathBuf,
    /// Whether the output folder existed, and what its last build wrote.
    existed: bool,
    owned: Manifest,
    force: bool,
    written: Mutex<Vec<String>>,
    unchanged: Mutex<Vec<String>>,
    error: Mutex<Option<String>>,
    /// Folders above the output that this build made, removed if it fails.
    made_parents: Vec<PathBuf>,
    done: bool,
    /// Released (and its file removed) before the folders above are cleaned up.
    lock: Option<Lock>,
}

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
            lock: Some(lock),
        })
    }

    /// Takes a rendered file and stages it at once; returns nothing, because the
    /// file no longer needs to be kept in memory.
    pub fn offer(&self, file: OutputFile) -> Option<OutputFile> {
        self.take(&file);
        None
    }

    fn take(&self, file: &OutputFile) {
        let staged = safe_relative(&file.path).and_then(|rel| self.stage(&rel, &file.bytes));
        match staged {
            Ok(true) => lock(&self.written).push(file.path.clone()),
            Ok(false) => lock(&self.unchanged).push(file.path.clone()),
            Err(message) => {
                lock(&self.error).get_or_insert(message);
            }
        }
    }

    /// Stages one file; returns whether its bytes are new (else it is unchanged,
    /// and, when a whole tree is staged, hard-linked from the output).
    fn stage(&self, rel: &Path, bytes: &[u8]) -> Result<bool, String> {
        let old = self.out.join(rel);
        let target = self.tree.join(rel);
        let same = self.existed && same_bytes(&old, bytes);
        if same && self.layout == Layout::InPlace {
            return Ok(false);
        }
        let stage_error = |e: io::Error| {
            let what = format!("cannot stage {} in", rel.display());
            failure(&what, &self.staging, &e)
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(stage_error)?;
        }
        // A hard link keeps the file as it is; where links are not allowed the
        // bytes are copied, which changes only the modification time.
        if same && std::fs::hard_link(&old, &target).is_ok() {
            return Ok(false);
        }
        let mut file = std::fs::File::create_new(&target).map_err(stage_error)?;
        file.write_all(bytes).map_err(stage_error)?;
        Ok(true)
    }

    /// Stages the files not yet offered and puts the whole site in place.
    pub fn finish(mut self, files: &[OutputFile]) -> Result<WriteStats, String> {
        files.par_iter().for_each(|f| self.take(f));
        if let Some(message) = lock(&self.error).take() {
            return Err(self.not_changed(message));
        }
        let written = std::mem::take(&mut *lock(&self.written));
        let unchanged = std::mem::take(&mut *lock(&self.unchanged));
        let files: HashSet<String> = written.iter().chain(&unchanged).cloned().collect();
        let dirs = plan::folders_of(&files);
        let plan = if self.existed {
            plan::plan(&self.out, &self.owned, &files, &dirs, self.force)
                .map_err(|m| self.not_changed(m))?
        } else {
            plan::Plan::default()
        };
        let kept = plan.foreign.iter().filter(|f| !f.is_dir).count();
        // Roadbook's folders stay its own while they hold its files or others'.
        let mut own_dirs: HashSet<String> = dirs.difference(&plan.foreign_dirs).cloned().collect();
        own_dirs.extend(
            plan.own_dirs
                .iter()
                .filter(|d| plan.foreign.iter().any(|f| f.rel.starts_with(d.as_str())))
                .cloned(),
        );
        let new_manifest = Manifest {
            dirs: own_dirs,
            files,
        };
        let result = match self.layout {
            Layout::Swap => self.swap(&plan, &new_manifest),
            Layout::InPlace => self.in_place(&plan, &new_manifest, &written),
        };
        result.map_err(|m| self.not_changed(m))?;
        self.done = true;
        // The old tree (or the emptied staging folder) goes; should that fail, the
        // next build removes it.
        let _ = commit::remove_tree(&self.staging);
        Ok(WriteStats {
            written: written.len(),
            unchanged: unchanged.len(),
            removed: plan.stale.len(),
            kept,
        })
    }

    /// Carries others' entries into the staged tree, then exchanges it with the
    /// output folder.
    fn swap(&self, plan: &plan::Plan, manifest: &Manifest) -> Result<(), String> {
        for foreign in &plan.foreign {
            self.carry(foreign)?;
        }
        self.stage(Path::new(manifest::NAME), manifest.to_text().as_bytes())?;
        let put = if self.existed {
            commit::exchange(&self.tree, &self.out)
        } else {
            std::fs::rename(&self.tree, &self.out)
        };
        match put {
            Ok(()) => Ok(()),
            // The file system cannot exchange folders: rename file by file.
            Err(e) if self.existed && !cannot_write(&e) => {
                let moves: Vec<String> = manifest
                    .files
                    .iter()
                    .cloned()
                    .chain([manifest::NAME.to_owned()])
                    .collect();
                self.replace_in_place(plan, moves)
            }
            Err(e) => Err(failure(
                "cannot put the new site in place at",
                &self.shown,
                &e,
            )),
        }
    }

    /// A file of others, hard-linked into the staged tree; a folder, made again
    /// with its mode.
    fn carry(&self, foreign: &plan::Foreign) -> Result<(), String> {
        let from = self.out.join(&foreign.rel);
        let to = self.tree.join(&foreign.rel);
        let shown = foreign.rel.display();
        let result = if foreign.is_dir {
            match std::fs::create_dir(&to) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
                _ => set_mode(&to, foreign.mode),
            }
        } else {
            let parent = to.parent().map_or(Ok(()), std::fs::create_dir_all);
            parent.and_then(|()| std::fs::hard_link(&from, &to))
        };
        result.map_err(|e| {
            format!(
                "cannot keep {shown}, which Roadbook did not write, in the new site: {e}; move it out of {} or make it your own (chown), then build again",
                self.shown.display()
            )
        })
    }

    /// The in-place replacement, for outputs that cannot be exchanged.
    fn in_place(
        &self,
        plan: &plan::Plan,
        manifest: &Manifest,
        written: &[String],
    ) -> Result<(), String> {
        let mut moves = written.to_vec();
        if self.stage(Path::new(manifest::NAME), manifest.to_text().as_bytes())? {
            moves.push(manifest::NAME.to_owned());
        }
        self.replace_in_place(plan, moves)
    }

    fn replace_in_place(&self, plan: &plan::Plan, moves: Vec<String>) -> Result<(), String> {
        let journal = Journal {
            moves,
            removes: plan.stale.clone(),
            dirs: plan.own_dirs.clone(),
        };
        self.check_writable(&journal)?;
        journal
            .write(&self.staging)
            .map_err(|e| failure("cannot write the journal in", &self.staging, &e))?;
        journal.apply(&self.staging, &self.out).map_err(|e| {
            format!("the site was put in place only in part ({e}); the next build finishes it")
        })
    }

    /// Before the first rename: every folder a file goes to or leaves can be
    /// written, so that a permission error cannot stop the renames half-way.
    fn check_writable(&self, journal: &Journal) -> Result<(), String> {
        let mut checked = HashSet::new();
        for rel in journal.moves.iter().chain(&journal.removes) {
            let target = self.out.join(rel);
            let Some(folder) = target.parent().and_then(commit::nearest_existing) else {
                continue;
            };
            if checked.insert(folder.clone()) && !writable(&folder) {
                let shown = folder
                    .strip_prefix(&self.out)
                    .map_or(folder.clone(), |r| self.shown.join(r));
                return Err(format!(
                    "cannot write into {}: permission denied; give your user write access to it (chmod u+w) or build into another folder with -o",
                    shown.display()
                ));
            }
        }
        Ok(())
    }

    /// A failed build's message: the output folder was not changed.
    fn not_changed(&self, message: String) -> String {
        format!("{message}\n{} was not changed.", self.shown.display())
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let _ = commit::remove_tree(&self.staging);
        self.lock.take();
        for dir in self.made_parents.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A path of the output, checked to stay inside it and to leave Roadbook's own
/// names alone.
fn safe_relative(path: &str) -> Result<PathBuf, String> {
    let rel = PathBuf::from(path);
    let inside = !path.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Err(format!(
            "refusing to write outside the output folder: {path}"
        ));
    }
    if RESERVED.iter().any(|r| rel.starts_with(r)) {
        return Err(format!(
            "the site has a file named {path}, a name Roadbook keeps for itself in the output folder; rename it"
        ));
    }
    Ok(rel)
}

/// Whether the file at `path` (not a link) holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
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
        "the output folder {} is not empty and Roadbook did not build into it before (it holds {named}); Roadbook would keep these files and replace only those named like its pages: pass --force to build into it, or choose an empty folder with -o",
        shown.display()
    ))
}

/// A sentence naming the path and the cause, with a fix where one is likely.
fn failure(action: &str, path: &Path, e: &io::Error) -> String {
    let fix = match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            "; free some space on that disk, then build again"
        }
        io::ErrorKind::PermissionDenied => {
            "; give your user write access there, or build into another folder with -o"
        }
        io::ErrorKind::ReadOnlyFilesystem => {
            "; that disk is read-only: choose another folder with -o"
        }
        _ => "",
    };
    format!("{action} {}: {e}{fix}", path.display())
}

fn cannot_write(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

#[cfg(unix)]
fn writable(folder: &Path) -> bool {
    use rustix::fs::{Access, access};
    access(folder, Access::WRITE_OK | Access::EXEC_OK).is_ok()
}

#[cfg(not(unix))]
fn writable(_folder: &Path) -> bool {
    true
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape_or_take_reserved_names() {
        assert!(safe_relative("stories/S-1.html").is_ok());
        assert!(safe_relative("../x.html").is_err());
        assert!(safe_relative("/etc/passwd").is_err());
        assert!(safe_relative("a/./b").is_ok());
        assert!(safe_relative(".roadbook-manifest").is_err());
        assert!(safe_relative("x/.roadbook-manifest").is_ok());
    }
}
