//! Roadbook: a static site generator for product documentation.
//!
//! Data flows one way: read ([`load`]) → resolve ([`site`], [`trace`]) → check
//! ([`check`]) → render → write.

pub mod base;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod load;
pub mod markup;
pub mod model;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod trace;
pub mod watch;

use std::path::Path;

pub use check::Report;
pub use load::LoadError;
pub use site::Site;

/// A site loaded, resolved and checked.
pub struct Checked {
    pub site: Site,
    pub report: Report,
}

/// Reads the site at `root`, every item included, and runs every check.
pub fn check_site(root: &Path) -> Result<Checked, LoadError> {
    check_published(root, true)
}

/// Reads the site at `root` as it will be published, and runs every check. Without
/// `drafts`, items marked `draft = true` are left out, and a link to one is an
/// error that says so.
pub fn check_published(root: &Path, drafts: bool) -> Result<Checked, LoadError> {
    // Code blocks are checked against the syntax definitions; load them on another
    // thread while the files are read.
    let syntaxes = std::thread::spawn(markup::highlight::Highlighter::get);
    let loaded = load::load(root)?;
    let _ = syntaxes.join();
    Ok(check_loaded(root, loaded, drafts))
}

/// Resolves and checks what was read from the site at `root`, as it will be
/// published (see [`check_published`]).
pub fn check_loaded(root: &Path, mut loaded: load::Loaded, drafts: bool) -> Checked {
    let found = std::mem::take(&mut loaded.diagnostics);
    let mut unpublished = std::collections::HashSet::new();
    if !drafts {
        loaded.items.retain(|item| match item.meta() {
            Some(meta) if meta.draft => {
                unpublished.insert(meta.id.value.clone());
                false
            }
            _ => true,
        });
    }
    let (mut site, duplicates) = Site::new(root.to_path_buf(), loaded);
    site.unpublished = unpublished;
    let mut found = found;
    found.extend(duplicates);
    let report = check::run(&site, found);
    Checked { site, report }
}
