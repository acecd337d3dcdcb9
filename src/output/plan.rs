//! What a build does to what is already in the output folder: which of its
//! entries are Roadbook's and stale, which belong to others and are kept, and
//! which stand in the way of a page.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::manifest::{self, Manifest};

/// Names Roadbook keeps for itself at the top of the output folder.
pub const RESERVED: &[&str] = &[manifest::NAME, ".roadbook-lock", ".roadbook-staging"];

/// An entry of the output folder that Roadbook did not write.
#[derive(Debug)]
pub struct Foreign {
    pub rel: PathBuf,
    pub is_dir: bool,
    /// A folder's metadata, to make it again as it was.
    pub meta: Option<std::fs::Metadata>,
}

#[derive(Debug, Default)]
pub struct Plan {
    /// Entries of others, parents before children: kept as they are.
    pub foreign: Vec<Foreign>,
    /// Roadbook's files that no longer belong: removed.
    pub stale: Vec<String>,
    /// Roadbook's folders: removed when they end up empty.
    pub own_dirs: Vec<String>,
    /// Folders that were there and are not Roadbook's, so never listed as its own.
    pub foreign_dirs: HashSet<String>,
}

/// Compares the output folder `out` with the files of the new site (`files`, and
/// the folders that hold them, `dirs`). `owned` is what earlier builds wrote.
pub fn plan(
    out: &Path,
    owned: &Manifest,
    files: &HashSet<String>,
    dirs: &HashSet<String>,
    force: bool,
) -> Result<Plan, String> {
    let mut plan = Plan::default();
    let mut conflicts = Vec::new();
    let walker = walkdir::WalkDir::new(out)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() != 1
                || !RESERVED
                    .iter()
                    .any(|r| e.file_name() == std::ffi::OsStr::new(r))
        });
    for entry in walker {
        let entry = entry.map_err(|e| format!("cannot read the output folder: {e}"))?;
        let rel_path = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let rel = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let is_dir = entry.file_type().is_dir();
        let ours = if is_dir {
            owned.dirs.contains(&rel)
        } else {
            owned.files.contains(&rel)
        };
        if ours {
            if is_dir {
                plan.own_dirs.push(rel);
            } else if !files.contains(&rel) {
                plan.stale.push(rel);
            }
            continue;
        }
        if let Some(page) = ancestors(&rel).find(|a| files.contains(*a)) {
            conflicts.push(format!(
                "{rel} was not written by Roadbook and lies where the page {page} goes"
            ));
            continue;
        }
        if is_dir {
            if files.contains(&rel) {
                conflicts.push(format!(
                    "{rel}/ is a folder Roadbook did not make, where the page {rel} goes"
                ));
                continue;
            }
            plan.foreign_dirs.insert(rel);
        } else if dirs.contains(&rel) {
            conflicts.push(format!(
                "{rel} was not written by Roadbook and is where Roadbook needs a folder for its pages"
            ));
            continue;
        } else if files.contains(&rel) {
            // Under --force the site's file replaces it.
            if !force {
                conflicts.push(format!(
                    "{rel} was not written by Roadbook, and the site now has a file of that name"
                ));
            }
            continue;
        }
        plan.foreign.push(Foreign {
            rel: rel_path.to_path_buf(),
            is_dir,
            meta: if is_dir { entry.metadata().ok() } else { None },
        });
    }
    if conflicts.is_empty() {
        return Ok(plan);
    }
    let shown = conflicts.len();
    conflicts.truncate(10);
    Err(format!(
        "the output folder {} holds {shown} entr{} that Roadbook did not write and that the new site would overwrite:\n  {}\nmove them out of the output folder; or pass --force to let the site's files replace those of the same name",
        out.display(),
        if shown == 1 { "y" } else { "ies" },
        conflicts.join("\n  ")
    ))
}

/// `a/b/c` → `a/b`, `a`.
fn ancestors(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(|(i, _)| &rel[..i]).rev()
}

/// Every folder that holds one of `files`.
pub fn folders_of(files: &HashSet<String>) -> HashSet<String> {
    let mut dirs = HashSet::new();
    for file in files {
        for dir in ancestors(file) {
            if !dirs.insert(dir.to_owned()) {
                break;
            }
        }
    }
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_of_every_depth() {
        let files: HashSet<String> = ["a/b/c.html", "a/d.html", "e.html"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut dirs: Vec<String> = folders_of(&files).into_iter().collect();
        dirs.sort();
        assert_eq!(dirs, ["a", "a/b"]);
    }
}
