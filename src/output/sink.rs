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
use super::{cannot_write, failure};
use crate::render::{OutputFile, PageSink};

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Build into a folder that holds files of others and no manifest, and let
    /// the site's files replace others' files of the same name.
    pub force: bool,
}

/// How the staged site is put in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// A full tree beside the output, exchanged with it in one step.
    Swap,
    /// Changed files inside the output, renamed into place from a journal.
    InPlace,
}

/// Where `build` puts each file as soon as it is rendered. Nothing reaches the
/// output folder before [`Sink::finish`]; dropped unfinished, it leaves no trace.
pub struct Sink {
    /// The output folder as the user named it, for messages.
    pub(super) shown: PathBuf,
    /// Its real path.
    pub(super) out: PathBuf,
    pub(super) layout: Layout,
    /// The staging folder; the new files are in its `tree/`.
    pub(super) staging: PathBuf,
    pub(super) tree: PathBuf,
    /// Whether the output folder existed, and what its last build wrote.
    pub(super) existed: bool,
    pub(super) owned: Manifest,
    pub(super) force: bool,
    pub(super) written: Mutex<Vec<String>>,
    pub(super) unchanged: Mutex<Vec<String>>,
    pub(super) error: Mutex<Option<String>>,
    /// Folders above the output that this build made, removed if it fails.
    pub(super) made_parents: Vec<PathBuf>,
    pub(super) done: bool,
    /// Set once an in-place replacement has begun: from then on the staging
    /// folder holds the journal that the next build needs to finish it.
    pub(super) touched: std::sync::atomic::AtomicBool,
    /// Released (and its file removed) before the folders above are cleaned up.
    pub(super) lock: Option<Lock>,
}

impl Sink {
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
        self.restore_folders(&plan.foreign)?;
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
    /// (its mode, owner and times are restored by [`Sink::restore_folders`]).
    fn carry(&self, foreign: &plan::Foreign) -> Result<(), String> {
        let from = self.out.join(&foreign.rel);
        let to = self.tree.join(&foreign.rel);
        let result = if foreign.is_dir {
            match std::fs::create_dir(&to) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
                _ => Ok(()),
            }
        } else {
            let parent = to.parent().map_or(Ok(()), std::fs::create_dir_all);
            parent.and_then(|()| std::fs::hard_link(&from, &to))
        };
        result.map_err(|e| self.cannot_keep(foreign, &e))
    }

    /// Gives others' folders in the staged tree the mode, owner (where allowed)
    /// and modification time they had; deepest first, so that neither a
    /// read-only folder nor a later change inside undoes it.
    fn restore_folders(&self, foreign: &[plan::Foreign]) -> Result<(), String> {
        for folder in foreign.iter().rev().filter(|f| f.is_dir) {
            let Some(meta) = &folder.meta else { continue };
            let path = self.tree.join(&folder.rel);
            restore(&path, meta).map_err(|e| self.cannot_keep(folder, &e))?;
        }
        Ok(())
    }

    fn cannot_keep(&self, foreign: &plan::Foreign, e: &io::Error) -> String {
        format!(
            "cannot keep {}, which Roadbook did not write, in the new site: {e}; move it out of {} or make it your own (chown), then build again",
            foreign.rel.display(),
            self.shown.display()
        )
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
        self.touched
            .store(true, std::sync::atomic::Ordering::SeqCst);
        journal.apply(&self.staging, &self.out).map_err(|e| {
            format!(
                "the site was put in place only in part: {e}; fix that, and the next build finishes it"
            )
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

    /// A failed build's message, which says that the output folder was not
    /// changed (unless an in-place replacement was cut short).
    fn not_changed(&self, message: String) -> String {
        if self.touched.load(std::sync::atomic::Ordering::SeqCst) {
            return message;
        }
        format!("{message}\n{} was not changed.", self.shown.display())
    }
}

impl PageSink for Sink {
    /// Stages the file at once; gives nothing back, because the file no longer
    /// needs to be kept in memory.
    fn offer(&self, file: OutputFile) -> Option<OutputFile> {
        self.take(&file);
        None
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if self.done || self.touched.load(std::sync::atomic::Ordering::SeqCst) {
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

#[cfg(unix)]
fn writable(folder: &Path) -> bool {
    use rustix::fs::{Access, access};
    access(folder, Access::WRITE_OK | Access::EXEC_OK).is_ok()
}

#[cfg(not(unix))]
fn writable(_folder: &Path) -> bool {
    true
}

/// Mode, owner (only root may give a file away; otherwise it stays the
/// builder's) and times of `meta`, on the folder at `path`.
#[cfg(unix)]
fn restore(path: &Path, meta: &std::fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::chown(path, Some(meta.uid()), Some(meta.gid()));
    let times = std::fs::FileTimes::new()
        .set_accessed(meta.accessed()?)
        .set_modified(meta.modified()?);
    std::fs::File::open(path)?.set_times(times)?;
    std::fs::set_permissions(path, meta.permissions())
}

#[cfg(not(unix))]
fn restore(_path: &Path, _meta: &std::fs::Metadata) -> io::Result<()> {
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
