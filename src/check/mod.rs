//! Every check of SPEC §2. Each family of checks lives in its own file and returns
//! diagnostics; this module applies `[checks]` severities and item waivers.

mod backlog;
mod decisions;
mod history;
mod links;
mod people;
mod raci;
mod references;

mod roadmap;

use std::collections::HashMap;
use std::path::Path;

use crate::base::did_you_mean;
use crate::base::{Diagnostic, FieldNote, Severity, Span};
use crate::history::{History, Known};
use crate::site::Site;

use crate::base::Code;
use Severity::{Error, Warning};

/// A site loaded, resolved and checked.
pub struct Checked {
    pub site: Site,
    pub report: Report,
    /// Its history, when it has one, and what to tell the user about it once.
    pub history: Known,
}

/// Reads the site at `root`, every item included, and runs every check.
pub fn check_site(root: &Path) -> Result<Checked, crate::source::LoadError> {
    check_published(root, true)
}

/// Reads the site at `root` as it will be published, and runs every check. Without
/// `drafts`, items marked `draft = true` are left out, and a link to one is an
/// error that says so.
pub fn check_published(root: &Path, drafts: bool) -> Result<Checked, crate::source::LoadError> {
    crate::base::timings::phase("start");
    // Code blocks are checked against the syntax definitions; load them on another
    // thread while the files are read.
    let syntaxes = std::thread::spawn(crate::markup::highlight::Highlighter::get);
    // The history is read from git on a thread of its own too.
    let history = {
        let root = root.to_path_buf();
        std::thread::spawn(move || Known::read(&root))
    };
    let loaded = crate::source::load(root)?;
    crate::base::timings::phase("sources read and parsed");
    let _ = syntaxes.join();
    let history = history
        .join()
        .unwrap_or_else(|_| Ok(Known::default()))
        .map_err(crate::source::LoadError)?;
    Ok(check_loaded(root, loaded, drafts, history))
}

/// Resolves and checks what was read from the site at `root`, as it will be
/// published (see [`check_published`]).
pub fn check_loaded(
    root: &Path,
    mut loaded: crate::source::Loaded,
    drafts: bool,
    history: Known,
) -> Checked {
    let found = std::mem::take(&mut loaded.diagnostics);
    let mut unpublished = std::collections::HashSet::new();
    if !drafts {
        // A goal's key results follow it, and are left out with it.
        loaded.items.retain(|item| match (item, item.meta()) {
            (_, Some(meta)) if meta.draft => {
                unpublished.insert(meta.id.value.clone());
                false
            }
            (crate::kinds::Item::KeyResult(kr), _) => !unpublished.contains(&kr.goal_id),
            _ => true,
        });
    }
    let (mut site, duplicates) = Site::new(root.to_path_buf(), loaded);
    crate::base::timings::phase("items resolved");
    site.unpublished = unpublished;
    for d in &found {
        if let (Some(id), Some(FieldNote::Unreadable(field))) = (&d.item, d.field) {
            site.broken
                .unread
                .entry(id.to_string())
                .or_default()
                .push(field);
        }
    }
    let mut found = found;
    found.extend(duplicates);
    let report = run(&site, found, history.history.as_deref());
    crate::base::timings::phase("checks run");
    Checked {
        site,
        report,
        history,
    }
}

/// A waived warning and the reason given for it.
#[derive(Clone, Debug)]
pub struct Waived {
    pub diagnostic: Diagnostic,
    pub reason: String,
}

/// The outcome of checking a site.
#[derive(Debug, Default)]
pub struct Report {
    /// What to show, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings an item waived, shown on the traceability page.
    pub waived: Vec<Waived>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Adds what layers above the checks found (templates that do not compile),
    /// with the severities of `[checks]`, in the order of the others.
    pub fn add(&mut self, site: &Site, found: Vec<Diagnostic>) {
        if found.is_empty() {
            return;
        }
        let overrides = Overrides::of(site);
        self.diagnostics
            .extend(found.into_iter().filter_map(|d| overrides.apply(d)));
        sort(site, &mut self.diagnostics);
    }

    /// Reports every warning as an error, for `--deny-warnings` (SPEC §3): done
    /// once, before printing, so every format shows the same severities.
    pub fn deny_warnings(&mut self) {
        for d in &mut self.diagnostics {
            d.severity = Error;
        }
    }

    /// Whether the site fails: errors, or any diagnostic under `--deny-warnings`.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.errors() > 0 || (deny_warnings && !self.diagnostics.is_empty())
    }
}

/// Runs every check over a loaded site. `found` holds what loading already found.
pub fn run(site: &Site, found: Vec<Diagnostic>, history: Option<&History>) -> Report {
    use rayon::prelude::*;
    /// The families of checks, which read the site and nothing else: they run
    /// side by side, and what they find is put together in this order.
    const FAMILIES: [fn(&Site, &mut Vec<Diagnostic>); 6] = [
        links::check,
        raci::check,
        backlog::check,
        decisions::check,
        roadmap::check,
        references::check,
    ];
    let mut diags = found;
    let by_family: Vec<Vec<Diagnostic>> = FAMILIES
        .par_iter()
        .map(|check| {
            let mut out = Vec::new();
            check(site, &mut out);
            out
        })
        .collect();
    diags.extend(by_family.into_iter().flatten());
    if let Some(history) = history {
        history::check(site, history, &mut diags);
    }
    finish(site, diags)
}

/// Applies severities and waivers, and sorts.
fn finish(site: &Site, diags: Vec<Diagnostic>) -> Report {
    let overrides = Overrides::of(site);
    let mut report = Report::default();
    let mut used_waivers = std::collections::HashSet::new();
    let mut extra = Vec::new();
    for d in diags {
        if held_back(site, &d) {
            continue;
        }
        let Some(d) = overrides.apply(d) else {
            continue;
        };
        let waiver = d.item.as_deref().and_then(|id| {
            let meta = site.lookup(id).and_then(|k| site.meta(k))?;
            meta.waivers.iter().find(|w| w.code.value == d.code.name())
        });
        match waiver {
            Some(w) if d.severity == Warning => {
                used_waivers.insert(w.code.span);
                report.waived.push(Waived {
                    reason: w.reason.clone(),
                    diagnostic: d,
                });
            }
            Some(w) => {
                used_waivers.insert(w.code.span);
                extra.push(
                    Diagnostic::new(
                        Code::InvalidWaiver,
                        format!("`{}` is an error here and cannot be waived", d.code),
                    )
                    .at(w.code.span)
                    .help("fix the error, or make the check a warning under [checks] in roadbook.toml"),
                );
                report.diagnostics.push(d);
            }
            None => report.diagnostics.push(d),
        }
    }
    extra.extend(unused_waivers(site, &used_waivers));
    report
        .diagnostics
        .extend(extra.into_iter().filter_map(|d| overrides.apply(d)));
    sort(site, &mut report.diagnostics);
    report
        .waived
        .sort_by_cached_key(|w| order(site, &w.diagnostic));
    report
}

/// The severities `[checks]` of roadbook.toml sets, by code.
struct Overrides(HashMap<Code, Option<Severity>>);

impl Overrides {
    fn of(site: &Site) -> Overrides {
        Overrides(
            site.config
                .checks
                .iter()
                .map(|(code, level)| (code.value, *level))
                .collect(),
        )
    }

    /// The diagnostic with the severity its code is set to; `None` when the
    /// check is turned off.
    fn apply(&self, mut d: Diagnostic) -> Option<Diagnostic> {
        match self.0.get(&d.code) {
            Some(None) => return None,
            Some(Some(level)) => d.severity = *level,
            None => {}
        }
        Some(d)
    }
}

/// Where a diagnostic sorts: by file, place, code and message.
fn order(site: &Site, d: &Diagnostic) -> (Option<std::path::PathBuf>, u32, Code, String) {
    let (path, start) = d.span.map_or((None, 0), |s| {
        (Some(site.sources.get(s.file).path.clone()), s.start)
    });
    (path, start, d.code, d.message.clone())
}

/// Sorts diagnostics by file and place, each once.
fn sort(site: &Site, diags: &mut Vec<Diagnostic>) {
    diags.sort_by_cached_key(|d| order(site, d));
    diags.dedup_by(|a, b| a.span == b.span && a.code == b.code && a.message == b.message);
}

/// Whether a diagnostic follows only from a mistake reported already: a field
/// missing that was written but cannot be read, or an item named by nothing
/// while a file that may name it does not parse.
fn held_back(site: &Site, d: &Diagnostic) -> bool {
    let Some(id) = d.item.as_deref() else {
        return false;
    };
    match d.field {
        Some(FieldNote::Missing(field)) => site.broken.explains_missing(id, field),
        Some(FieldNote::Unreferenced) => site.broken.named.contains(id),
        _ => false,
    }
}

/// Waivers that waived nothing: of unknown codes, or of warnings the item lacks.
fn unused_waivers(site: &Site, used: &std::collections::HashSet<Span>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for key in site.keys() {
        let Some(meta) = site.meta(key) else { continue };
        for w in &meta.waivers {
            if used.contains(&w.code.span) {
                continue;
            }
            let code = w.code.value.as_str();
            if Code::from_name(code).is_some() {
                out.push(
                    Diagnostic::new(
                        Code::UnusedWaiver,
                        format!(
                            "{} `{}` waives `{code}`, but has no such warning",
                            key.kind.name(),
                            meta.id.value
                        ),
                    )
                    .at(w.code.span)
                    .help("remove the waiver"),
                );
            } else {
                let help = did_you_mean(code, Code::names()).map_or_else(
                    || "waive one of the codes `roadbook check` prints".to_owned(),
                    |s| format!("did you mean `{s}`?"),
                );
                out.push(
                    Diagnostic::new(Code::InvalidWaiver, format!("`{code}` is not a check"))
                        .at(w.code.span)
                        .help(help),
                );
            }
        }
    }
    out
}
