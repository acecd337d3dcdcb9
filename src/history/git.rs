//! Reading the site's history from git with gix (pure Rust: no `git` binary, no
//! C library): the first-parent chain of HEAD, the commits that touch the site
//! folder, and the files of the site folder at a commit, each blob read once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use gix::ObjectId;

/// Why there is no history to read, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// The site is not in a git repository (or the repository has no work tree).
    NotInGit,
    /// A shallow clone: the history stops early.
    Shallow,
    /// The repository has no commit yet.
    NoCommits,
    Error(String),
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unavailable::NotInGit => write!(f, "the site is not in a git repository"),
            Unavailable::Shallow => write!(
                f,
                "this is a shallow clone, so its history stops early; fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
            ),
            Unavailable::NoCommits => write!(f, "the repository has no commit yet"),
            Unavailable::Error(e) => write!(f, "its history cannot be read: {e}"),
        }
    }
}

impl Unavailable {
    /// Why a page shows no history, in words that are the same on every machine
    /// (`roadbook build` prints the details).
    pub fn on_page(&self) -> &'static str {
        match self {
            Unavailable::NotInGit => "the site is not in a git repository",
            Unavailable::Shallow => "it was built from a shallow clone, whose history stops early",
            Unavailable::NoCommits => "its git repository has no commit yet",
            Unavailable::Error(_) => "its git history could not be read (roadbook build says why)",
        }
    }
}

/// One commit that touches the site folder.
#[derive(Debug, Clone)]
pub struct Commit {
    pub id: ObjectId,
    /// Committer time, seconds since 1970 (UTC).
    pub time: i64,
    pub author: String,
    /// The first line of its message: why it changed.
    pub summary: String,
    /// The tree of the site folder in this commit.
    pub tree: ObjectId,
}

impl Commit {
    /// The short id shown on pages: seven hex digits.
    pub fn short(&self) -> String {
        self.id.to_hex_with_len(7).to_string()
    }
}

/// The git repository a site lives in.
pub struct Repo {
    repo: gix::Repository,
    /// The site folder relative to the work tree, with `/`; empty at its root.
    prefix: String,
    blobs: HashMap<ObjectId, std::sync::Arc<str>>,
}

/// The files that differ between two trees: path, and the new blob (`None`
/// when the file went away).
pub type Changed = Vec<(PathBuf, Option<ObjectId>)>;

/// Enough for the largest trees of a big site (a folder of 10,000 stories is a
/// tree of about 370 KB) to be read once per walk rather than once per commit.
const OBJECT_CACHE: usize = 16 << 20;

/// Reads blobs on the thread that made it (see [`Repo::reader`]).
pub struct Reader(gix::Repository);

impl Reader {
    /// The repository at `git_dir` opened again, with its own caches, for a
    /// thread of its own.
    pub fn open(git_dir: &Path) -> Result<Reader, String> {
        let mut repo = gix::open(git_dir).map_err(|e| e.to_string())?;
        caches(&mut repo);
        Ok(Reader(repo))
    }

    pub fn text(&self, blob: ObjectId) -> Result<Option<std::sync::Arc<str>>, String> {
        read_text(&self.0, blob)
    }
}

fn read_text(
    repo: &gix::Repository,
    blob: ObjectId,
) -> Result<Option<std::sync::Arc<str>>, String> {
    let data = repo.find_blob(blob).map_err(|e| e.to_string())?.take_data();
    Ok(String::from_utf8(data).ok().map(Into::into))
}

/// Caches for a walk: decoded objects, and the bases of deltas in packs (a
/// version of a large tree is mostly stored as a delta of another).
fn caches(repo: &mut gix::Repository) {
    repo.object_cache_size(OBJECT_CACHE);
    repo.objects
        .set_pack_cache(|| Box::<gix::odb::pack::cache::lru::StaticLinkedList<64>>::default());
}

/// The files that differ between two trees of the site folder: path relative
/// to the site folder, and the new blob (`None` when the file went away).
/// Subtrees with the same id are not entered, so the cost follows the change.
fn changed_files(
    repo: &gix::Repository,
    state: &mut gix::diff::tree::State,
    old: Option<ObjectId>,
    new: ObjectId,
) -> Result<Changed, String> {
    use gix::diff::tree::recorder::Change;
    let empty = repo.empty_tree();
    let old = match old {
        Some(id) => repo.find_tree(id).map_err(|e| e.to_string())?,
        None => empty,
    };
    let new = repo.find_tree(new).map_err(|e| e.to_string())?;
    let mut recorder = gix::diff::tree::Recorder::default();
    gix::diff::tree(
        gix::objs::TreeRefIter::from_bytes(&old.data, old.id.kind()),
        gix::objs::TreeRefIter::from_bytes(&new.data, new.id.kind()),
        state,
        &repo.objects,
        &mut recorder,
    )
    .map_err(|e| e.to_string())?;
    let path = |p: &gix::bstr::BString| PathBuf::from(p.to_string());
    Ok(recorder
        .records
        .iter()
        .filter_map(|change| match change {
            Change::Addition {
                entry_mode,
                oid,
                path: p,
                ..
            } if entry_mode.is_blob() => Some((path(p), Some(*oid))),
            Change::Deletion {
                entry_mode,
                path: p,
                ..
            } if entry_mode.is_blob() => Some((path(p), None)),
            Change::Modification {
                entry_mode,
                oid,
                path: p,
                ..
            } => Some((path(p), entry_mode.is_blob().then_some(*oid))),
            _ => None,
        })
        .collect())
}

/// The commit HEAD names in the repository that holds `root`, if any: what a
/// history read before is good for.
pub fn head(root: &Path) -> Option<ObjectId> {
    let repo = gix::discover(root).ok()?;
    repo.head_id().ok().map(|id| id.detach())
}

/// A commit's id, committer time and author name.
fn describe(commit: &gix::Commit<'_>, tree: ObjectId) -> Result<Commit, String> {
    Ok(Commit {
        id: commit.id,
        time: commit.time().map_err(|e| e.to_string())?.seconds,
        author: commit
            .author()
            .map(|a| a.name.to_string())
            .unwrap_or_default(),
        summary: commit
            .message()
            .map(|m| m.summary().to_string())
            .unwrap_or_default(),
        tree,
    })
}

fn error(e: impl std::fmt::Display) -> Unavailable {
    Unavailable::Error(e.to_string())
}

impl Repo {
    /// Opens the repository that holds the site folder `root`.
    pub fn open(root: &Path) -> Result<Repo, Unavailable> {
        let repo = gix::discover(root).map_err(|_| Unavailable::NotInGit)?;
        let workdir = repo.workdir().ok_or(Unavailable::NotInGit)?.to_path_buf();
        if repo.is_shallow().map_err(error)? {
            return Err(Unavailable::Shallow);
        }
        let site = root.canonicalize().map_err(error)?;
        let work = workdir.canonicalize().map_err(error)?;
        let rel: PathBuf = site.strip_prefix(&work).map_err(error)?.to_path_buf();
        let prefix = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if repo.head_id().is_err() {
            return Err(Unavailable::NoCommits);
        }
        let mut repo = repo;
        caches(&mut repo);
        Ok(Repo {
            repo,
            prefix,
            blobs: HashMap::new(),
        })
    }

    /// The commit a revision names (`v1.0`, `HEAD~3`, a hash).
    pub fn resolve(&self, revision: &str) -> Result<ObjectId, String> {
        let id = self
            .repo
            .rev_parse_single(revision)
            .map_err(|_| format!("`{revision}` names no revision of this repository"))?;
        let not_a_commit = |e: &dyn std::fmt::Display| format!("`{revision}` is not a commit: {e}");
        let object = id.object().map_err(|e| not_a_commit(&e))?;
        let commit = object.peel_to_commit().map_err(|e| not_a_commit(&e))?;
        Ok(commit.id)
    }

    /// The tree of the site folder at a commit; `None` where it does not exist.
    fn site_tree(&self, commit: ObjectId) -> Result<Option<ObjectId>, String> {
        let commit = self.repo.find_commit(commit).map_err(|e| e.to_string())?;
        self.site_tree_of(&commit)
    }

    fn site_tree_of(&self, commit: &gix::Commit<'_>) -> Result<Option<ObjectId>, String> {
        let tree = commit.tree().map_err(|e| e.to_string())?;
        if self.prefix.is_empty() {
            return Ok(Some(tree.id));
        }
        let entry = tree
            .lookup_entry_by_path(&self.prefix)
            .map_err(|e| e.to_string())?;
        Ok(entry.filter(|e| e.mode().is_tree()).map(|e| e.object_id()))
    }

    /// One commit, with the tree of the site folder in it (empty when absent).
    pub fn commit(&self, id: ObjectId) -> Result<Commit, String> {
        let commit = self.repo.find_commit(id).map_err(|e| e.to_string())?;
        let tree = self
            .site_tree_of(&commit)?
            .unwrap_or_else(|| ObjectId::empty_tree(gix::hash::Kind::Sha1));
        describe(&commit, tree)
    }

    /// The commits of HEAD's first-parent chain that change the site folder,
    /// newest first.
    pub fn commits(&self) -> Result<Vec<Commit>, String> {
        let find = |id| self.repo.find_commit(id).map_err(|e| e.to_string());
        let mut out = Vec::new();
        let mut commit = find(self.repo.head_id().map_err(|e| e.to_string())?.detach())?;
        let mut here = self.site_tree_of(&commit)?;
        loop {
            // Each commit's site tree is looked up once: as the parent's, then as its own.
            let parent = match commit.parent_ids().next() {
                Some(p) => Some(find(p.detach())?),
                None => None,
            };
            let before = match &parent {
                Some(p) => self.site_tree_of(p)?,
                None => None,
            };
            if let Some(tree) = here.filter(|_| here != before) {
                out.push(describe(&commit, tree)?);
            }
            let Some(parent) = parent else {
                return Ok(out);
            };
            commit = parent;
            here = before;
        }
    }

    /// What changed in the site folder at each of `trees` (the site trees of
    /// consecutive commits, oldest first) since the one before it: for each,
    /// the files that differ (see [`changed_files`]). The pairs are independent,
    /// so they are diffed in parallel, a run of consecutive pairs per thread, each
    /// with its own caches: the tree a pair reads as old, the next one finds as
    /// new.
    pub fn changes_along(&self, trees: &[ObjectId]) -> Result<Vec<Changed>, String> {
        use rayon::prelude::*;
        // Without gix's `parallel` feature a repository stays on its thread:
        // each thread opens its own.
        let git_dir = self.git_dir();
        let threads = rayon::current_num_threads().max(1);
        let per_thread = trees.len().div_ceil(threads).max(1);
        let indices: Vec<usize> = (0..trees.len()).collect();
        let runs: Vec<Result<Vec<Changed>, String>> = indices
            .par_chunks(per_thread)
            .map(|run| {
                let Reader(repo) = Reader::open(&git_dir)?;
                // One state for the run: its buffers grow to the largest tree once.
                let mut state = gix::diff::tree::State::default();
                // Newest first: git packs an old version as a delta of a newer
                // one, so the newer one, just decoded and cached, is its base.
                let mut changed = run
                    .iter()
                    .rev()
                    .map(|&i| {
                        let old = i.checked_sub(1).map(|p| trees[p]);
                        changed_files(&repo, &mut state, old, trees[i])
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                changed.reverse();
                Ok(changed)
            })
            .collect();
        let mut out = Vec::with_capacity(trees.len());
        for run in runs {
            out.extend(run?);
        }
        Ok(out)
    }

    /// The files of the site folder at a commit: path relative to the site
    /// folder, and the blob that holds it.
    pub fn files(&self, commit: ObjectId) -> Result<Vec<(PathBuf, ObjectId)>, String> {
        let Some(tree) = self.site_tree(commit)? else {
            return Ok(Vec::new());
        };
        let tree = self.repo.find_tree(tree).map_err(|e| e.to_string())?;
        let entries = tree
            .traverse()
            .breadthfirst
            .files()
            .map_err(|e| e.to_string())?;
        Ok(entries
            .into_iter()
            .filter(|e| e.mode.is_blob())
            .map(|e| (PathBuf::from(e.filepath.to_string()), e.oid))
            .collect())
    }

    /// A blob's text, read once however many revisions hold it; `None` when it
    /// is not UTF-8.
    pub fn text(&mut self, blob: ObjectId) -> Result<Option<std::sync::Arc<str>>, String> {
        if let Some(text) = self.blobs.get(&blob) {
            return Ok(Some(text.clone()));
        }
        let text = self.read_text(blob)?;
        if let Some(text) = &text {
            self.blobs.insert(blob, text.clone());
        }
        Ok(text)
    }

    /// A blob's text, not kept: for a walk that reads each blob once anyway.
    pub fn read_text(&self, blob: ObjectId) -> Result<Option<std::sync::Arc<str>>, String> {
        read_text(&self.repo, blob)
    }

    /// Where the repository's objects are, for a [`Reader`] on another thread.
    pub fn git_dir(&self) -> PathBuf {
        self.repo.git_dir().to_path_buf()
    }

    /// A reader of blobs on this thread.
    pub fn reader(&self) -> Reader {
        Reader(self.repo.clone())
    }
}
