//! The walk along the commits that touch the site folder, oldest first. Between
//! two commits only the files whose blobs differ are read and parsed, each blob
//! once, so the cost follows the changes, not commits × files. Items are matched
//! by id whatever file holds them: a renamed file, or an id moved from one file
//! to another, is no change of the item.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gix::ObjectId;
use rayon::prelude::*;

use super::change::{Change, ItemState, Snapshot, compare, sort};
use super::git::{self, Changed, Repo};
use crate::base::{Code, FileId};
use crate::kinds::{Items, Kind};
use crate::source::config::Config;
use crate::source::{config_from_text, parse_source, source_file, strip_bom};

/// The items of one version of one file, by id.
type Parsed = Arc<Vec<(String, Arc<ItemState>)>>;

const CONFIG_FILE: &str = "roadbook.toml";

/// The site as of the last commit walked.
#[derive(Default)]
pub struct Walker {
    config: Config,
    /// Every file of the site folder and its blob.
    files: BTreeMap<PathBuf, ObjectId>,
    /// The items of each source file, as last parsed.
    parsed: HashMap<PathBuf, Parsed>,
    /// Every id and the files that define it; the first file's item counts.
    defs: HashMap<String, BTreeMap<PathBuf, Arc<ItemState>>>,
    /// The blobs of the current step, parsed; `None` when one did not parse.
    /// Emptied after each step, so memory follows the site, not its history.
    cache: HashMap<ObjectId, Option<Parsed>>,
    /// The goal of every key result ever seen, kept after it is removed.
    goal_of: HashMap<String, String>,
}

impl Walker {
    /// An item as it is now.
    pub fn current(&self, id: &str) -> Option<&Arc<ItemState>> {
        self.defs.get(id)?.values().next()
    }

    /// The goal a key result is written in, as it is now or was last.
    pub fn goal_of(&self, key_result: &str) -> Option<String> {
        self.goal_of.get(key_result).cloned()
    }

    /// Every item as it is now.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            items: self
                .defs
                .iter()
                .filter_map(|(id, defs)| Some((id.clone(), defs.values().next()?.clone())))
                .collect(),
        }
    }

    /// Moves to the next commit, whose site folder is `tree`. Returns what it
    /// changed, and the files that did not parse there (their previous version
    /// stands in for them, so an old mistake is not read as items removed).
    /// `changed` are the files that differ from the previous commit's.
    pub fn step(
        &mut self,
        repo: &mut Repo,
        changed: Changed,
    ) -> Result<(Vec<Change>, Vec<PathBuf>), String> {
        let mut config_changed = false;
        for (path, blob) in &changed {
            match blob {
                Some(b) => self.files.insert(path.clone(), *b),
                None => self.files.remove(path),
            };
            config_changed |= path == Path::new(CONFIG_FILE);
        }
        let touched: BTreeSet<PathBuf> = if config_changed {
            self.config = match self.files.get(Path::new(CONFIG_FILE)) {
                Some(blob) => repo
                    .text(*blob)?
                    .map(|t| config_from_text(&t))
                    .unwrap_or_default(),
                None => Config::default(),
            };
            self.cache.clear();
            // Statuses and RACI columns may differ now: read every file again.
            self.files
                .keys()
                .chain(self.parsed.keys())
                .cloned()
                .collect()
        } else {
            changed.into_iter().map(|(p, _)| p).collect()
        };
        let touched: Vec<(PathBuf, Option<Kind>)> = touched
            .into_iter()
            .filter_map(|p| source_file(&p).map(|k| (p, k)))
            .collect();
        self.parse_new(repo, &touched)?;

        let mut skipped = Vec::new();
        let mut affected = BTreeSet::new();
        let mut updates = Vec::new();
        for (path, _) in touched {
            let new = match self.files.get(&path) {
                None => Some(Parsed::default()),
                Some(blob) => self.cache.get(blob).cloned().flatten(),
            };
            let Some(new) = new else {
                skipped.push(path);
                continue;
            };
            let old = self.parsed.get(&path).cloned().unwrap_or_default();
            affected.extend(old.iter().chain(new.iter()).map(|(id, _)| id.clone()));
            updates.push((path, old, new));
        }
        let before: Vec<(String, Option<Arc<ItemState>>)> = affected
            .into_iter()
            .map(|id| {
                let was = self.current(&id).cloned();
                (id, was)
            })
            .collect();
        for (path, old, new) in updates {
            for (id, _) in old.iter() {
                if let Some(defs) = self.defs.get_mut(id) {
                    defs.remove(&path);
                    if defs.is_empty() {
                        self.defs.remove(id);
                    }
                }
            }
            for (id, item) in new.iter() {
                if let Some(goal) = item.text("goal").filter(|_| item.kind == Kind::KeyResult) {
                    self.goal_of.insert(id.clone(), goal.to_owned());
                }
                self.defs
                    .entry(id.clone())
                    .or_default()
                    .insert(path.clone(), item.clone());
            }
            if new.is_empty() {
                self.parsed.remove(&path);
            } else {
                self.parsed.insert(path, new);
            }
        }
        self.cache.clear();
        let mut changes = Vec::new();
        for (id, was) in &before {
            changes.extend(compare(id, was.as_ref(), self.current(id)));
        }
        sort(&mut changes);
        Ok((changes, skipped))
    }

    /// Reads and parses, in parallel, the blobs of `touched` not parsed before.
    fn parse_new(
        &mut self,
        repo: &mut Repo,
        touched: &[(PathBuf, Option<Kind>)],
    ) -> Result<(), String> {
        let mut todo = Vec::new();
        let mut seen = BTreeSet::new();
        for (path, folder_kind) in touched {
            let Some(&blob) = self.files.get(path) else {
                continue;
            };
            if !self.cache.contains_key(&blob) && seen.insert(blob) {
                todo.push((blob, path, *folder_kind));
            }
        }
        let config = &self.config;
        type Todo<'p> = (ObjectId, &'p PathBuf, Option<Kind>);
        let read = |reader: &mut Result<git::Reader, String>, (blob, path, kind): &Todo<'_>| {
            let reader = reader.as_ref().map_err(Clone::clone)?;
            let parsed = reader
                .text(*blob)?
                .and_then(|text| parse(path, *kind, &text, config));
            Ok::<_, String>((*blob, parsed))
        };
        let parsed: Vec<Result<(ObjectId, Option<Parsed>), String>> = if todo.len() < 16 {
            let mut reader = Ok(repo.reader());
            todo.iter().map(|t| read(&mut reader, t)).collect()
        } else {
            let dir = repo.git_dir();
            todo.par_iter()
                .map_init(|| git::Reader::open(&dir), read)
                .collect()
        };
        for p in parsed {
            let (blob, parsed) = p?;
            self.cache.insert(blob, parsed);
        }
        Ok(())
    }
}

/// The items of one file; `None` when it does not parse.
fn parse(rel: &Path, folder_kind: Option<Kind>, text: &str, config: &Config) -> Option<Parsed> {
    let (_, parsed) = parse_source(rel, folder_kind, strip_bom(text), FileId(0), config);
    if parsed
        .diagnostics
        .iter()
        .any(|d| d.code == Code::ParseError)
    {
        return None;
    }
    let mut items = Items::default();
    for item in parsed.items {
        items.push(item);
    }
    Some(Arc::new(Snapshot::of(&items).items.into_iter().collect()))
}
