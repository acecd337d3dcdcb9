//! One site as the language server holds it: the text of its open files, what
//! the last check found, and which files were last sent diagnostics.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    PublishDiagnosticsParams, Uri,
};

use super::position::LineIndex;
use super::symbols::Occurrences;
use super::uri;
use crate::base::{Diagnostic, FileId, Severity, Span};
use crate::check::Checked;
use crate::history::KnownCache;
use crate::source::LoadCache;

/// A site, checked again after every change to one of its files.
pub struct Workspace {
    pub root: PathBuf,
    cache: LoadCache,
    history: KnownCache,
    /// The outcome of the last check; `None` before the first or when the site
    /// cannot be read at all.
    pub checked: Option<Checked>,
    /// Why the site cannot be read, when it cannot.
    pub unusable: Option<String>,
    /// Files by path relative to the root, for the last check.
    files: HashMap<PathBuf, FileId>,
    /// Every id written in the site, worked out the first time a request needs it.
    occurrences: Option<Occurrences>,
    /// Files that were last sent diagnostics, so they can be cleared.
    published: HashSet<PathBuf>,
    /// Whether a file changed since the last check.
    pub stale: bool,
    /// Files other programs changed, by absolute path: read again whatever
    /// their size and modification time say.
    changed: HashSet<PathBuf>,
}

impl Workspace {
    pub fn new(root: PathBuf) -> Workspace {
        Workspace {
            root,
            cache: LoadCache::default(),
            history: KnownCache::default(),
            checked: None,
            unusable: None,
            files: HashMap::new(),
            occurrences: None,
            published: HashSet::new(),
            stale: true,
            changed: HashSet::new(),
        }
    }

    /// Reads the file at `path` (absolute) again at the next check: another
    /// program changed it.
    pub fn changed_on_disk(&mut self, path: PathBuf) {
        self.changed.insert(path.canonicalize().unwrap_or(path));
        self.stale = true;
    }

    /// Reads `rel` as `text` from now on: an editor opened or changed it.
    pub fn edit(&mut self, rel: PathBuf, text: String) {
        self.cache.open(rel, text);
        self.stale = true;
    }

    /// Reads `rel` from the disk again: an editor closed it.
    pub fn close(&mut self, rel: &Path) {
        self.cache.close(rel);
        self.stale = true;
    }

    /// The text of an open file.
    pub fn open_text(&self, rel: &Path) -> Option<&str> {
        self.cache.open_text(rel)
    }

    /// Loads and checks the site again, re-reading only what changed, as `check`
    /// would: every item, drafts included, and the templates compiled.
    pub fn check(&mut self) {
        self.stale = false;
        self.occurrences = None;
        match self.load_and_check() {
            Ok(checked) => {
                let sources = &checked.site.sources;
                self.files = (0..sources.len() as u32)
                    .map(|i| (sources.get(FileId(i)).path.clone(), FileId(i)))
                    .collect();
                self.checked = Some(checked);
                self.unusable = None;
            }
            Err(why) => {
                self.checked = None;
                self.unusable = Some(why);
            }
        }
    }

    fn load_and_check(&mut self) -> Result<Checked, String> {
        // The client's notices of changed files may lag or be missing: every
        // file is looked at.
        let changes = crate::source::Changes::anything(std::mem::take(&mut self.changed));
        let loaded = crate::source::load_incremental(&self.root, &mut self.cache, &changes)
            .map_err(|e| e.to_string())?;
        let (history, _) = self.history.get(&self.root, &loaded.config)?;
        let mut checked = crate::check::check_loaded(&self.root, loaded, true, history);
        crate::render::templates::check(&self.root, &mut checked);
        Ok(checked)
    }

    /// The file at `rel` in the last check.
    pub fn file(&self, rel: &Path) -> Option<FileId> {
        self.files.get(rel).copied()
    }

    /// Every id written in the site, with where.
    pub fn occurrences(&mut self) -> Option<&Occurrences> {
        let checked = self.checked.as_ref()?;
        Some(
            self.occurrences
                .get_or_insert_with(|| Occurrences::of(&checked.site)),
        )
    }

    /// The diagnostics to send: one message per file that has some, and one
    /// that clears each file that had some before and has none now.
    pub fn diagnostics(&mut self) -> Vec<PublishDiagnosticsParams> {
        let mut by_file: HashMap<PathBuf, Vec<lsp_types::Diagnostic>> = HashMap::new();
        if let Some(checked) = &self.checked {
            let sources = &checked.site.sources;
            let fallback = self
                .files
                .get(Path::new(crate::source::CONFIG_FILE))
                .copied();
            let mut indexes = HashMap::new();
            for d in &checked.report.diagnostics {
                let Some(span) = d.span.or(fallback.map(Span::file_start)) else {
                    continue;
                };
                let path = sources.get(span.file).path.clone();
                let converted = self.convert(d, span, &mut indexes);
                by_file.entry(path).or_default().push(converted);
            }
        }
        let mut out = Vec::new();
        for rel in self.published.drain() {
            if !by_file.contains_key(&rel) {
                out.push(PublishDiagnosticsParams::new(
                    uri::of(&self.root.join(&rel)),
                    Vec::new(),
                    None,
                ));
            }
        }
        for (rel, diagnostics) in by_file {
            out.push(PublishDiagnosticsParams::new(
                uri::of(&self.root.join(&rel)),
                diagnostics,
                None,
            ));
            self.published.insert(rel);
        }
        out
    }

    /// A diagnostic as the protocol has it; `indexes` keeps the line starts of
    /// the files seen, for files with many diagnostics.
    fn convert<'s>(
        &'s self,
        d: &Diagnostic,
        span: Span,
        indexes: &mut HashMap<FileId, LineIndex<'s>>,
    ) -> lsp_types::Diagnostic {
        let sources = &self.checked.as_ref().expect("a checked site").site.sources;
        let range = indexes
            .entry(span.file)
            .or_insert_with(|| LineIndex::new(&sources.get(span.file).text))
            .range(span.start as usize..span.end as usize);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let related: Vec<DiagnosticRelatedInformation> = d
            .labels
            .iter()
            .filter_map(|l| {
                Some(DiagnosticRelatedInformation {
                    location: self.location(l.span)?,
                    message: l.message.clone(),
                })
            })
            .collect();
        lsp_types::Diagnostic {
            range,
            severity: Some(match d.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
            }),
            code: Some(NumberOrString::String(d.code.name().to_owned())),
            source: Some("roadbook".to_owned()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..Default::default()
        }
    }

    /// The range of a span in its file, as the protocol counts.
    pub fn range(&self, span: Span) -> Option<lsp_types::Range> {
        let sources = &self.checked.as_ref()?.site.sources;
        let text = &sources.get(span.file).text;
        Some(LineIndex::new(text).range(span.start as usize..span.end as usize))
    }

    pub fn location(&self, span: Span) -> Option<Location> {
        let sources = &self.checked.as_ref()?.site.sources;
        let path = self.root.join(&sources.get(span.file).path);
        Some(Location::new(uri::of(&path), self.range(span)?))
    }

    /// The uri of a file of the last check.
    pub fn uri(&self, file: FileId) -> Option<Uri> {
        let sources = &self.checked.as_ref()?.site.sources;
        Some(uri::of(&self.root.join(&sources.get(file).path)))
    }
}
