//! Files → model: walk the site, split front matter, parse TOML, keep spans.

mod broken;
mod cache;
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
pub mod workflow;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use toml::de::{DeTable, DeValue};

use crate::base::{Diagnostic, FileId, Sources, Span};
pub use crate::kinds::Item;
use crate::kinds::{Kind, Vision};
use crate::source::config::Config;
pub use broken::Broken;
pub use cache::{Changes, LoadCache, load_incremental};
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
#[derive(Clone)]
struct SourcePath {
    rel: PathBuf,
    folder_kind: Option<Kind>,
}

/// The source files of a site, in the order they are numbered, and the files
/// and folders that could not be read.
#[derive(Clone)]
struct Listing {
    paths: Vec<SourcePath>,
    unreadable: Vec<(PathBuf, Diagnostic)>,
    /// Whether a file was reached through a symbolic link, where a watcher of
    /// the site's folder may not see it change.
    through_links: bool,
}

/// Lists the source files of the site at `root`: vision.md, then each source
/// folder's files in the order of [`folders`].
fn list_files(root: &Path) -> Listing {
    let mut listing = Listing {
        paths: Vec::new(),
        unreadable: Vec::new(),
        through_links: false,
    };
    if root.join(VISION_FILE).is_file() {
        listing.paths.push(SourcePath {
            rel: VISION_FILE.into(),
            folder_kind: None,
        });
    }
    for (folder, kind) in folders() {
        walk_folder(root, folder, kind, &mut listing);
    }
    listing
}

/// Reads every source file of the site at `root`.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    load_with(root, None)
}

fn load_with(
    root: &Path,
    mut cache: Option<(&mut LoadCache, &Changes)>,
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

    let open_config = cache
        .as_ref()
        .and_then(|(c, _)| c.open_text(Path::new(CONFIG_FILE)));
    let config_text = match open_config {
        Some(text) => strip_bom(text).to_owned(),
        None => read_text(root, Path::new(CONFIG_FILE)).map_err(|u| {
            LoadError(format!(
                "cannot read {}: {}",
                config_path.display(),
                u.diagnostic.message
            ))
        })?,
    };
    let config_id = sources.add(CONFIG_FILE.into(), config_text);
    let config = {
        let text = &sources.get(config_id).text;
        let recovered = syntax::parse(text, config_id, 0, &mut diagnostics);
        let (config, diags) = Config::from_table(recovered.table.get_ref(), config_id, text.len());
        diagnostics.extend(diags);
        config
    };

    // The files of the last load stand when the watcher saw only their
    // contents change; otherwise the folders are listed again.
    let (listing, listed) = match cache.as_mut() {
        Some((cache, changes)) => {
            let config_text = &sources.get(config_id).text;
            if cache.config_text.as_str() != &**config_text {
                cache.clear_parsed();
                cache.config_text = config_text.to_string();
            }
            cache.listing(root, changes)
        }
        None => (list_files(root), true),
    };
    let Listing {
        mut paths,
        unreadable,
        ..
    } = listing;
    // A file an editor has open but that was never saved is read too.
    if let Some((cache, _)) = &cache {
        let mut unsaved: Vec<&Path> = cache.open_files().collect();
        unsaved.sort();
        for rel in unsaved {
            if let Some(folder_kind) = source_file(rel)
                && !root.join(rel).exists()
            {
                paths.push(SourcePath {
                    rel: rel.to_path_buf(),
                    folder_kind,
                });
            }
        }
    }

    let first_id = sources.len() as u32;
    let outcomes: Vec<FileOutcome> = match cache.as_mut() {
        None => paths
            .par_iter()
            .enumerate()
            .map(|(i, p)| load_file(root, p, FileId(first_id + i as u32), &config, None))
            .collect(),
        Some((cache, changed)) => {
            cache::load_changed(root, (&paths, listed), first_id, &config, cache, changed)
        }
    };

    let mut vision = None;
    let mut items = Vec::with_capacity(outcomes.iter().map(|o| o.found.items.len()).sum());
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

/// What one file yielded.
#[derive(Clone)]
struct FileOutcome {
    /// Shared with the bodies of its items.
    text: Arc<str>,
    vision: Option<Vision>,
    found: Found,
}

/// Reads and parses one file: `open`, the text of an editor's buffer, stands in
/// for what is on disk.
fn load_file(
    root: &Path,
    p: &SourcePath,
    file: FileId,
    config: &Config,
    open: Option<&String>,
) -> FileOutcome {
    let read = match open {
        Some(text) => Ok(strip_bom(text).to_owned()),
        None => read_text(root, &p.rel),
    };
    let text = match read {
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
                text: u.text.into(),
                vision: None,
                found,
            };
        }
    };
    let text: Arc<str> = text.into();
    let (vision, found) = parse(&p.rel, p.folder_kind, &text, Some(&text), file, config);
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
    parse(rel, folder_kind, text, None, file, config)
}

/// [`parse_source`], with the bodies of Markdown files sharing `shared`, the
/// same text as kept in [`Sources`].
fn parse(
    rel: &Path,
    folder_kind: Option<Kind>,
    text: &str,
    shared: Option<&Arc<str>>,
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
            shared,
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
