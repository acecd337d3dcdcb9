//! Files → model: walk the site, split front matter, parse TOML, keep spans.

mod broken;
pub mod config;
mod declared;
pub mod fields;
pub mod frontmatter;
mod items;
mod page;
mod reader;
mod root;
pub mod schema;
mod syntax;
mod values;
mod vision;
mod walk;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use toml::de::{DeTable, DeValue};

use crate::base::{Diagnostic, FileId, Sources, Span};
pub use crate::kinds::Item;
use crate::kinds::{Kind, Vision};
use crate::source::config::Config;
pub use broken::Broken;
pub use items::Found;
pub use root::find_root;
pub use walk::strip_bom;
use walk::{read_text, walk_folder};

/// Everything read from a site's files, before ids are resolved.
pub struct Loaded {
    pub config: Config,
    pub sources: Sources,
    pub vision: Option<Vision>,
    pub items: Vec<Item>,
    pub diagnostics: Vec<Diagnostic>,
    /// What files that do not parse would have defined.
    pub broken: Broken,
}

/// The site cannot be read at all (exit code 2).
#[derive(Debug)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

pub const CONFIG_FILE: &str = "roadbook.toml";
pub const VISION_FILE: &str = "vision.md";

/// Source folders and the kind of the Markdown files in them, from the table of
/// kinds, with `backlog/` (sprints and whole-backlog files). The backlog's
/// folders come first, then the others in the table's order: files are numbered
/// in this order, which decides which of two items with one id came first.
fn folders() -> Vec<(&'static str, Option<Kind>)> {
    let mut folders: Vec<(&'static str, Option<Kind>)> = crate::kinds::KINDS
        .iter()
        .filter_map(|d| d.folder.map(|f| (f, Some(d.kind))))
        .chain([("backlog", None)])
        .collect();
    folders.sort_by_key(|(f, _)| !f.starts_with("backlog"));
    folders
}

/// Whether a file at `rel` (relative to the site folder) is a source file, and
/// then the kind its folder says: as the walk of the site folder would find it.
/// For files read from elsewhere than the disk, such as an old revision.
pub fn source_file(rel: &Path) -> Option<Option<Kind>> {
    if rel == Path::new(VISION_FILE) {
        return Some(None);
    }
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
    let hidden = rel.components().any(|c| walk::is_hidden(c.as_os_str()));
    if !(ext == "md" || ext == "toml") || hidden {
        return None;
    }
    let mut folders = folders();
    folders.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
    let (folder, kind) = folders.into_iter().find(|(f, _)| rel.starts_with(f))?;
    // Files in folders below `backlog/` belong to its own source folders.
    let depth = rel
        .strip_prefix(folder)
        .map_or(0, |r| r.components().count());
    (folder != "backlog" || depth == 1).then_some(kind)
}

/// The configuration of the site at `root`, read on its own (before or beside
/// a full load); the defaults where roadbook.toml is missing or does not parse.
/// Problems in it are reported by the load.
pub fn config_at(root: &Path) -> Config {
    std::fs::read_to_string(root.join(CONFIG_FILE))
        .map_or_else(|_| Config::default(), |t| config_from_text(&t))
}

/// The configuration that `roadbook.toml`'s text gives; the defaults where it
/// does not parse.
pub fn config_from_text(text: &str) -> Config {
    match DeTable::parse(text) {
        Ok(table) => Config::from_table(table.get_ref(), FileId(0), text.len()).0,
        Err(_) => Config::default(),
    }
}

/// One file to read and what its folder says about it.
struct SourcePath {
    rel: PathBuf,
    folder_kind: Option<Kind>,
}

/// Reads every source file of the site at `root`.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    load_with(root, None)
}

/// What an earlier load parsed, kept by `serve` so that a rebuild re-reads only
/// the files that changed.
#[derive(Default)]
pub struct LoadCache {
    /// The `roadbook.toml` the files were parsed under: its workflow decides which
    /// statuses are valid, so a change to it re-reads everything.
    config_text: String,
    files: HashMap<PathBuf, CachedFile>,
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

/// Reads the site at `root` like [`load`], parsing again only the files that are
/// new, changed (by size or modification time) or named in `changed` (absolute
/// paths, as the watcher reports them); the rest comes from `cache`, which is
/// updated to this load.
pub fn load_incremental(
    root: &Path,
    cache: &mut LoadCache,
    changed: &HashSet<PathBuf>,
) -> Result<Loaded, LoadError> {
    load_with(root, Some((cache, changed)))
}

fn load_with(
    root: &Path,
    mut cache: Option<(&mut LoadCache, &HashSet<PathBuf>)>,
) -> Result<Loaded, LoadError> {
    root::readable_folder(root)?;
    let config_path = root.join(CONFIG_FILE);
    if !config_path.is_file() {
        return Err(LoadError(format!(
            "{} has no {CONFIG_FILE}, so it is not a Roadbook site; run `roadbook init {}` to start one",
            root.display(),
            root.display()
        )));
    }
    let mut sources = Sources::default();
    let mut diagnostics = Vec::new();

    let config_text = read_text(root, Path::new(CONFIG_FILE)).map_err(|u| {
        LoadError(format!(
            "cannot read {}: {}",
            config_path.display(),
            u.diagnostic.message
        ))
    })?;
    let config_id = sources.add(CONFIG_FILE.into(), config_text);
    let config = {
        let text = &sources.get(config_id).text;
        let recovered = syntax::parse(text, config_id, 0, &mut diagnostics);
        let (config, diags) = Config::from_table(recovered.table.get_ref(), config_id, text.len());
        diagnostics.extend(diags);
        config
    };

    let mut paths = Vec::new();
    if root.join(VISION_FILE).is_file() {
        paths.push(SourcePath {
            rel: VISION_FILE.into(),
            folder_kind: None,
        });
    }
    let mut unreadable = Vec::new();
    for (folder, kind) in folders() {
        walk_folder(root, folder, kind, &mut paths, &mut unreadable);
    }

    let first_id = sources.len() as u32;
    let outcomes: Vec<FileOutcome> = match cache.as_mut() {
        None => paths
            .par_iter()
            .enumerate()
            .map(|(i, p)| load_file(root, p, FileId(first_id + i as u32), &config))
            .collect(),
        Some((cache, changed)) => {
            let config_text = &sources.get(config_id).text;
            if cache.config_text != *config_text {
                cache.files.clear();
                cache.config_text.clone_from(config_text);
            }
            load_changed(root, &paths, first_id, &config, cache, changed)
        }
    };

    let mut vision = None;
    let mut items = Vec::new();
    let mut broken = Broken::default();
    for (p, outcome) in paths.into_iter().zip(outcomes) {
        sources.add(p.rel, outcome.text);
        diagnostics.extend(outcome.found.diagnostics);
        vision = vision.or(outcome.vision);
        items.extend(outcome.found.items);
        broken.extend(outcome.found.broken);
    }
    // Files and folders the walk could not read are named by a place of their
    // own, after every file read, so that every diagnostic has a file.
    for (rel, d) in unreadable {
        let file = sources.add(rel, String::new());
        diagnostics.push(d.at(Span::file_start(file)));
    }
    Ok(Loaded {
        config,
        sources,
        vision,
        items,
        diagnostics,
        broken,
    })
}

/// The outcomes of `paths`, from the cache where a file is unchanged and keeps its
/// id (ids are positions, so a file added or removed re-reads those after it).
fn load_changed(
    root: &Path,
    paths: &[SourcePath],
    first_id: u32,
    config: &Config,
    cache: &mut LoadCache,
    changed: &HashSet<PathBuf>,
) -> Vec<FileOutcome> {
    // The watcher names files by their absolute, canonical paths.
    let abs_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let fresh: Vec<(FileOutcome, Option<CachedFile>)> = paths
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let file = FileId(first_id + i as u32);
            let abs = abs_root.join(&p.rel);
            let stamp = Stamp::of(&abs);
            match cache.files.get(&p.rel) {
                Some(c)
                    if c.file == file
                        && c.stamp.is_some()
                        && c.stamp == stamp
                        && !changed.contains(&abs) =>
                {
                    (c.outcome.clone(), None)
                }
                _ => {
                    let outcome = load_file(root, p, file, config);
                    let entry = CachedFile {
                        file,
                        stamp,
                        outcome: outcome.clone(),
                    };
                    (outcome, Some(entry))
                }
            }
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

/// What one file yielded.
#[derive(Clone)]
struct FileOutcome {
    text: String,
    vision: Option<Vision>,
    found: Found,
}

fn load_file(root: &Path, p: &SourcePath, file: FileId, config: &Config) -> FileOutcome {
    let text = match read_text(root, &p.rel) {
        Ok(t) => t,
        Err(u) => {
            // Its items are left out; what it would define is held back from the
            // checks, as for a file that does not parse.
            let mut found = Found {
                diagnostics: vec![u.diagnostic.at(Span::new(file, u.at))],
                ..Found::default()
            };
            found.broken.scan(&u.text, file, 0..u.text.len());
            return FileOutcome {
                text: u.text,
                vision: None,
                found,
            };
        }
    };
    let (vision, found) = parse_source(&p.rel, p.folder_kind, &text, file, config);
    FileOutcome {
        text,
        vision,
        found,
    }
}

/// Reads the items of one source file's text, as found at `rel` in a site whose
/// folder says `folder_kind`. Public for the fuzz targets.
pub fn parse_source(
    rel: &Path,
    folder_kind: Option<Kind>,
    text: &str,
    file: FileId,
    config: &Config,
) -> (Option<Vision>, Found) {
    let mut vision = None;
    let mut found = Found::default();
    if rel.extension().is_some_and(|e| e == "toml") {
        items::from_toml_file(text, file, config, &mut found);
    } else if rel == Path::new(VISION_FILE) {
        vision = vision::vision(text, file, &mut found.diagnostics);
    } else {
        let ctx = items::MarkdownFile {
            text,
            file,
            folder_kind,
            page_path: page_path(rel),
        };
        items::from_markdown_file(&ctx, config, &mut found);
    }
    (vision, found)
}

/// `pages/guides/setup.md` → `guides/setup`.
fn page_path(rel: &Path) -> String {
    let below = rel.strip_prefix("pages").unwrap_or(rel);
    below
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Converts a TOML value to JSON for templates; dates become `YYYY-MM-DD` strings.
pub fn value_to_json(value: &DeValue<'_>) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        DeValue::String(s) => J::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).map_or(J::Null, J::from),
        DeValue::Float(f) => f.as_str().parse::<f64>().map_or(J::Null, J::from),
        DeValue::Boolean(b) => J::Bool(*b),
        DeValue::Datetime(d) => J::String(d.to_string()),
        DeValue::Array(a) => J::Array(a.iter().map(|v| value_to_json(v.get_ref())).collect()),
        DeValue::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.get_ref().to_string(), value_to_json(v.get_ref())))
                .collect(),
        ),
    }
}
