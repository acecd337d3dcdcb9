//! A revision of the site as a [`Snapshot`] of its items: from the files of a
//! commit, or from the working tree.

use std::path::Path;

use gix::ObjectId;

use super::change::Snapshot;
use super::git::Repo;
use crate::base::{Code, FileId};
use crate::kinds::Items;
use crate::source::{config_from_text, parse_source, source_file, strip_bom};

/// A revision's items, and the files of it that were skipped because they did
/// not parse (or were not text): history never fails over an old mistake.
pub struct Revision {
    pub snapshot: Snapshot,
    pub skipped: Vec<String>,
}

/// The site as it was at `commit`.
pub fn at_commit(repo: &mut Repo, commit: ObjectId) -> Result<Revision, String> {
    let files = repo.files(commit)?;
    let config = match files.iter().find(|(p, _)| p == Path::new("roadbook.toml")) {
        Some((_, blob)) => repo
            .text(*blob)?
            .map(|t| config_from_text(&t))
            .unwrap_or_default(),
        None => Default::default(),
    };
    let mut items = Items::default();
    let mut skipped = Vec::new();
    for (n, (rel, blob)) in files.iter().enumerate() {
        let Some(folder_kind) = source_file(rel) else {
            continue;
        };
        let shown = rel.to_string_lossy().into_owned();
        let Some(text) = repo.text(*blob)? else {
            skipped.push(shown);
            continue;
        };
        let file = FileId(n as u32);
        let (_, parsed) = parse_source(rel, folder_kind, strip_bom(&text), file, &config);
        if parsed
            .diagnostics
            .iter()
            .any(|d| d.code == Code::ParseError)
        {
            skipped.push(shown);
            continue;
        }
        for item in parsed.items {
            items.push(item);
        }
    }
    Ok(Revision {
        snapshot: Snapshot::of(&items),
        skipped,
    })
}

/// The site as it is on disk, uncommitted changes included.
pub fn working_tree(root: &Path) -> Result<Revision, String> {
    let loaded = crate::source::load(root).map_err(|e| e.to_string())?;
    let mut items = Items::default();
    for item in loaded.items {
        items.push(item);
    }
    Ok(Revision {
        snapshot: Snapshot::of(&items),
        skipped: Vec::new(),
    })
}

/// The default baseline (SPEC §5): the newest commit that touches the site and
/// is at least 30 days older than the newest one that does; the oldest such
/// commit when the history is shorter than that.
pub fn baseline(commits: &[super::git::Commit]) -> Option<&super::git::Commit> {
    const DAYS_30: i64 = 30 * 86_400;
    let newest = commits.first()?;
    commits
        .iter()
        .find(|c| c.time <= newest.time - DAYS_30)
        .or(commits.last())
}
