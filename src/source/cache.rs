//! What an earlier load parsed, kept by `serve` and the language server so that a
//! rebuild re-reads only the files that changed, and the text of files open in an
//! editor, which stands in for what is on disk.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{FileOutcome, Listing, LoadError, Loaded, SourcePath, load_file, load_with};
use crate::base::FileId;
use crate::source::config::Config;

/// What an earlier load parsed, and the files open in an editor.
#[derive(Default)]
pub struct LoadCache {
    /// The `roadbook.toml` the files were parsed under: its workflow decides which
    /// statuses are valid, so a change to it re-reads everything.
    pub(super) config_text: String,
    files: HashMap<PathBuf, CachedFile>,
    /// The text of files open in an editor, by path relative to the site folder:
    /// read instead of the disk, saved or not.
    open: HashMap<PathBuf, String>,
    /// The source files of the last load, unless some were reached through a
    /// symbolic link.
    listing: Option<Listing>,
}

/// What changed since the last load, as a watcher saw it.
#[derive(Debug, Default)]
pub struct Changes {
    /// The files it named (absolute, canonical paths): read again.
    pub paths: HashSet<PathBuf>,
    /// Whether only the contents of `paths` changed: no file was created,
    /// removed or renamed, and the watcher lost no event. The files of the last
    /// load then stand as they were, and only `paths` are looked at; otherwise
    /// the folders are listed again and every file's size and modification time
    /// compared.
    pub contents_only: bool,
}

impl Changes {
    /// Anything may have changed, and `paths` did.
    pub fn anything(paths: HashSet<PathBuf>) -> Changes {
        Changes {
            paths,
            contents_only: false,
        }
    }
}

impl LoadCache {
    /// Reads `rel` (relative to the site folder) as `text` from now on, until
    /// [`LoadCache::close`].
    pub fn open(&mut self, rel: PathBuf, text: String) {
        self.open.insert(rel, text);
    }

    /// Reads `rel` from the disk again.
    pub fn close(&mut self, rel: &Path) {
        self.open.remove(rel);
    }

    /// The text of an open file.
    pub fn open_text(&self, rel: &Path) -> Option<&str> {
        self.open.get(rel).map(String::as_str)
    }

    pub(super) fn open_files(&self) -> impl Iterator<Item = &Path> {
        self.open.keys().map(PathBuf::as_path)
    }

    pub(super) fn clear_parsed(&mut self) {
        self.files.clear();
        self.listing = None;
    }

    /// The source files for a load after `changes`, and whether the folders
    /// were listed for it. The last load's files stand when `changes` cannot
    /// have changed which files there are: only known files' contents changed,
    /// no file is open in an editor, and none was reached through a symbolic
    /// link (the last listing is not kept then). Otherwise the folders are
    /// listed again, and that listing kept for the next load.
    pub(super) fn listing(&mut self, root: &Path, changes: &Changes) -> (Listing, bool) {
        if let Some(kept) = self.listing.as_ref()
            && changes.contents_only
            && self.open.is_empty()
            && let Ok(root) = root.canonicalize()
            && changes.paths.iter().all(|p| {
                p.strip_prefix(&root).is_ok_and(|rel| {
                    self.files.contains_key(rel) || super::source_file(rel).is_none()
                })
            })
        {
            return (kept.clone(), false);
        }
        let listing = super::list_files(root);
        self.listing = (!listing.through_links).then(|| listing.clone());
        (listing, true)
    }
}

struct CachedFile {
    file: FileId,
    stamp: Option<Stamp>,
    outcome: FileOutcome,
}

/// Size and modification time: a file whose stamp is unchanged and that the
/// watcher did not name is taken from the cache.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: std::time::SystemTime,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
        })
    }
}

/// Reads the site at `root` like [`super::load`], parsing again only the files
/// that are new, changed (by size or modification time), named in `changed`
/// (absolute paths, as the watcher reports them) or edited in an open editor;
/// the rest comes from `cache`, which is updated to this load.
pub fn load_incremental(
    root: &Path,
    cache: &mut LoadCache,
    changes: &Changes,
) -> Result<Loaded, LoadError> {
    load_with(root, Some((cache, changes)))
}

/// The outcomes of `paths`, from the cache where a file is unchanged and keeps its
/// id (ids are positions, so a file added or removed re-reads those after it).
/// When `listed` is false, the paths are the last load's (see
/// [`LoadCache::listing`]) and only those named in `changes` are looked at.
pub(super) fn load_changed(
    root: &Path,
    (paths, listed): (&[SourcePath], bool),
    first_id: u32,
    config: &Config,
    cache: &mut LoadCache,
    changes: &Changes,
) -> Vec<FileOutcome> {
    let changed = &changes.paths;
    // The watcher names files by their absolute, canonical paths.
    let abs_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let open = &cache.open;
    let fresh: Vec<(FileOutcome, Option<CachedFile>)> = paths
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let file = FileId(first_id + i as u32);
            let cached = cache.files.get(&p.rel).filter(|c| c.file == file);
            let abs = abs_root.join(&p.rel);
            // An open file is known by its text, a file on disk by its stamp.
            let open_text = open.get(&p.rel);
            let named = changed.contains(&abs);
            let stamp = match open_text {
                Some(_) => None,
                // Without a new listing, a file the watcher did not name is
                // taken to be as it was, and not looked at.
                None if !listed && !named => cached.and_then(|c| c.stamp),
                None => Stamp::of(&abs),
            };
            let unchanged = cached.filter(|c| match open_text {
                Some(text) => c.stamp.is_none() && *c.outcome.text == **text,
                None => c.stamp.is_some() && c.stamp == stamp && !named,
            });
            if let Some(c) = unchanged {
                return (c.outcome.clone(), None);
            }
            let outcome = load_file(root, p, file, config, open_text);
            let entry = CachedFile {
                file,
                stamp,
                outcome: outcome.clone(),
            };
            (outcome, Some(entry))
        })
        .collect();
    let present: HashSet<&Path> = paths.iter().map(|p| p.rel.as_path()).collect();
    cache.files.retain(|rel, _| present.contains(rel.as_path()));
    let mut outcomes = Vec::with_capacity(fresh.len());
    for (p, (outcome, entry)) in paths.iter().zip(fresh) {
        if let Some(entry) = entry {
            cache.files.insert(p.rel.clone(), entry);
        }
        outcomes.push(outcome);
    }
    outcomes
}
