//! History (SPEC §5): what changed in the site's items, read from git along the
//! first-parent chain of HEAD. This layer sits above the site and below the
//! checks: the checks read it for suspect links and stale items, the pages for
//! `changes.html`, each item's History, the trend lines and the burn-ups.
//!
//! Nothing here is stored between runs: the same HEAD gives the same history.

pub mod change;
pub mod git;
pub mod report;
pub mod revision;
pub mod series;
mod timeline;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use change::{Change, ChangeKind, FieldChange, Snapshot};
pub use git::{Commit, Unavailable};
pub use series::Series;

use crate::kinds::Date;
use crate::source::config::{Config, HistoryConfig};
use crate::source::workflow::Workflow;

/// The revision `changes.html` compares with, and what changed since.
#[derive(Debug)]
pub struct Baseline {
    /// As configured (`v1.0`), or the commit's short id for the default.
    pub name: String,
    pub commit: Commit,
    /// Its place among [`History::commits`]; `None` when it is not on the
    /// first-parent chain of HEAD (a tag on another branch).
    pub index: Option<usize>,
    /// Every item's change from the baseline to HEAD.
    pub changes: Vec<Change>,
    /// Stories that joined or left an epic since: story, epic before, epic now.
    pub epic_moves: Vec<(String, Option<String>, Option<String>)>,
}

/// Stories whose epic differs between two revisions, in the order of the changes.
fn epic_moves(
    changes: &[Change],
    old: &Snapshot,
    new: &Snapshot,
) -> Vec<(String, Option<String>, Option<String>)> {
    let epic = |s: &Snapshot, id: &str| {
        s.items
            .get(id)
            .filter(|i| i.kind == crate::kinds::Kind::Story)
            .and_then(|i| i.text("epic"))
            .map(str::to_owned)
    };
    changes
        .iter()
        .filter(|c| c.kind == "story")
        .filter_map(|c| {
            let (from, to) = (epic(old, &c.id), epic(new, &c.id));
            (from != to).then(|| (c.id.clone(), from, to))
        })
        .collect()
}

/// The history of a site: every commit that touches it and what each changed.
#[derive(Debug)]
pub struct History {
    /// Oldest first.
    pub commits: Vec<Commit>,
    /// What each commit changed, by the index of the commit.
    pub log: Vec<Vec<Change>>,
    /// Each item's changes as (commit, index into that commit's log), oldest
    /// first; a goal's include those of its key results.
    entries: HashMap<String, Vec<(usize, usize)>>,
    pub series: Series,
    pub baseline: Option<Baseline>,
    /// Versions of files that did not parse, left out: path and commit.
    pub skipped: Vec<(PathBuf, usize)>,
}

/// Why a build has no history.
#[derive(Debug)]
pub enum LoadError {
    /// No history to read; the build goes on and says so once.
    Off(Unavailable),
    /// `[history] baseline` names no commit: the user must fix it (exit 2).
    Baseline(String),
}

impl History {
    /// Reads the history of the site at `root`; `Ok(None)` when `[history]
    /// enabled = false`.
    /// `site` gives `[history]` and the workflow, whose `done` and `dropped`
    /// decide the burn-ups.
    pub fn load(root: &Path, site: &Config) -> Result<Option<History>, LoadError> {
        let config = &site.history;
        if !config.enabled {
            return Ok(None);
        }
        let mut repo = git::Repo::open(root).map_err(LoadError::Off)?;
        let baseline = match &config.baseline {
            Some(rev) => Some(repo.resolve(&rev.value).map_err(|e| {
                LoadError::Baseline(format!(
                    "[history] baseline in roadbook.toml: {e}; name a tag, branch or commit that exists (`git tag --list`), or remove it to use the default"
                ))
            })?),
            None => None,
        };
        let mut commits = repo
            .commits()
            .map_err(|e| LoadError::Off(Unavailable::Error(e)))?;
        let baseline = baseline.or_else(|| revision::baseline(&commits).map(|c| c.id));
        commits.reverse();
        Self::walk(&mut repo, commits, baseline, config, &site.workflow)
            .map(Some)
            .map_err(|e| LoadError::Off(Unavailable::Error(e)))
    }

    fn walk(
        repo: &mut git::Repo,
        commits: Vec<Commit>,
        baseline: Option<gix::ObjectId>,
        config: &HistoryConfig,
        workflow: &Workflow,
    ) -> Result<History, String> {
        let mut walker = timeline::Walker::default();
        let mut log = Vec::with_capacity(commits.len());
        let mut entries: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut series = Series::new(workflow.clone());
        let mut skipped = Vec::new();
        let mut at_baseline = None;
        let trees: Vec<gix::ObjectId> = commits.iter().map(|c| c.tree).collect();
        let changed = repo.changes_along(&trees)?;
        for ((at, commit), changed) in commits.iter().enumerate().zip(changed) {
            let (changes, bad) = walker.step(repo, changed)?;
            skipped.extend(bad.into_iter().map(|p| (p, at)));
            series.record(at, &changes, |id| walker.current(id));
            for (k, change) in changes.iter().enumerate() {
                entries.entry(change.id.clone()).or_default().push((at, k));
                // Key results are written in their goal: a change of one is a
                // change of the goal too.
                if change.kind == "key-result"
                    && let Some(goal) = walker.goal_of(&change.id)
                {
                    entries.entry(goal).or_default().push((at, k));
                }
            }
            log.push(changes);
            if Some(commit.id) == baseline {
                at_baseline = Some((at, walker.snapshot()));
            }
        }
        let head = walker.snapshot();
        let baseline = match (baseline, at_baseline) {
            (None, _) => None,
            (Some(_), Some((at, snapshot))) => {
                let changes = change::changes(&snapshot, &head);
                Some(Baseline {
                    name: name(config, &commits[at]),
                    commit: commits[at].clone(),
                    index: Some(at),
                    epic_moves: epic_moves(&changes, &snapshot, &head),
                    changes,
                })
            }
            (Some(id), None) => {
                // Not on the first-parent chain: read that revision on its own.
                let old = revision::at_commit(repo, id)?;
                let commit = repo.commit(id)?;
                let changes = change::changes(&old.snapshot, &head);
                Some(Baseline {
                    name: name(config, &commit),
                    commit,
                    index: None,
                    epic_moves: epic_moves(&changes, &old.snapshot, &head),
                    changes,
                })
            }
        };
        Ok(History {
            commits,
            log,
            entries,
            series,
            baseline,
            skipped,
        })
    }

    /// An item's changes, oldest first, each with its commit.
    pub fn changes_of<'h>(
        &'h self,
        id: &str,
    ) -> impl DoubleEndedIterator<Item = (&'h Commit, &'h Change)> + 'h {
        self.entries
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|&(at, k)| (&self.commits[at], &self.log[at][k]))
    }

    /// The last commit that changed the item itself (a field or its body).
    pub fn updated(&self, id: &str) -> Option<&Commit> {
        self.changes_of(id)
            .rev()
            .find(|(_, c)| c.change != ChangeKind::Removed)
            .map(|(commit, _)| commit)
    }

    /// The newest commit that touches the site.
    pub fn newest(&self) -> Option<&Commit> {
        self.commits.last()
    }

    /// The commits after the baseline, newest first, with what each changed.
    pub fn since_baseline(&self) -> impl Iterator<Item = (&Commit, &[Change])> {
        let after = match &self.baseline {
            Some(Baseline {
                index: Some(at), ..
            }) => at + 1,
            Some(b) => self.commits.partition_point(|c| c.time <= b.commit.time),
            None => self.commits.len(),
        };
        (after..self.commits.len())
            .rev()
            .map(|at| (&self.commits[at], self.log[at].as_slice()))
    }

    /// One line for the user about old file versions left out, if any.
    pub fn skipped_note(&self) -> Option<String> {
        if self.skipped.is_empty() {
            return None;
        }
        let shown: Vec<String> = self
            .skipped
            .iter()
            .take(5)
            .map(|(path, at)| format!("{} at {}", path.display(), self.commits[*at].short()))
            .collect();
        let more = self.skipped.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        Some(format!(
            "history: left out {} old file version{} that did not parse: {}{more}",
            self.skipped.len(),
            if self.skipped.len() == 1 { "" } else { "s" },
            shown.join(", ")
        ))
    }
}

fn name(config: &HistoryConfig, commit: &Commit) -> String {
    config
        .baseline
        .as_ref()
        .map_or_else(|| commit.short(), |b| b.value.clone())
}

impl Commit {
    /// The committer date, in UTC.
    pub fn date(&self) -> Date {
        Date::of_time(self.time)
    }
}

/// What a run knows of the history: the history when there is one, and what
/// to tell the user once (why it is off, old files left out).
#[derive(Clone, Debug, Default)]
pub struct Known {
    pub history: Option<std::sync::Arc<History>>,
    pub notes: Vec<String>,
}

impl Known {
    /// Reads the history of the site at `root` with the `[history]` settings of
    /// its roadbook.toml. An error is a baseline that names no commit.
    pub fn read(root: &Path) -> Result<Known, String> {
        // Read apart from the load, so that git is read while the files load.
        Known::read_with(root, &crate::source::config_at(root))
    }

    pub fn read_with(root: &Path, config: &Config) -> Result<Known, String> {
        match History::load(root, config) {
            Ok(None) => Ok(Known::default()),
            Ok(Some(history)) => Ok(Known {
                notes: history.skipped_note().into_iter().collect(),
                history: Some(std::sync::Arc::new(history)),
            }),
            Err(LoadError::Off(why)) => Ok(Known {
                history: None,
                notes: vec![format!(
                    "history is off: {why}; pages show no changes and suspect-link and stale-item are not checked"
                )],
            }),
            Err(LoadError::Baseline(message)) => Err(message),
        }
    }
}

/// The history of a site kept between runs (`serve`, the language server): read
/// again only when HEAD or the `[history]` settings change.
#[derive(Default)]
pub struct KnownCache {
    kept: Option<(CacheKey, Known)>,
}

/// What a history read depends on: the commit HEAD names, the settings, and
/// which statuses mean done and dropped (burn-ups count them).
type CacheKey = (
    Option<gix::ObjectId>,
    bool,
    Option<String>,
    Vec<String>,
    Vec<String>,
);

impl KnownCache {
    /// The history of the site at `root` under `settings`, and whether it was
    /// read afresh (its notes are then new to the user).
    pub fn get(&mut self, root: &Path, config: &Config) -> Result<(Known, bool), String> {
        let settings = &config.history;
        let key: CacheKey = (
            git::head(root),
            settings.enabled,
            settings.baseline.as_ref().map(|b| b.value.clone()),
            config.workflow.done.clone(),
            config.workflow.dropped.clone(),
        );
        match &self.kept {
            Some((k, known)) if *k == key => Ok((known.clone(), false)),
            _ => {
                let known = Known::read_with(root, config)?;
                self.kept = Some((key, known.clone()));
                Ok((known, true))
            }
        }
    }
}
