//! `roadbook diff [DIR] [FROM] [TO] [--format human|json|markdown]`: what changed
//! in the site's items between two revisions (SPEC §5).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::exit;
use crate::history::git::Repo;
use crate::history::{change, report, revision};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The site folder or any folder inside it
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The revision to compare from (default: [history] baseline of roadbook.toml,
    /// else the newest commit at least 30 days older than the newest one that
    /// touches the site)
    from: Option<String>,
    /// The revision to compare to (default: the working tree, uncommitted changes included)
    to: Option<String>,
    /// How to print the changes
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
}

pub fn run(args: Args) -> ExitCode {
    let root = match super::site_root(&args.dir) {
        Ok(root) => root,
        Err(code) => return code,
    };
    match diff(&root, &args) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(exit::UNUSABLE)
        }
    }
}

fn diff(root: &Path, args: &Args) -> Result<String, String> {
    let mut repo = Repo::open(root).map_err(|why| format!("no history to compare: {why}"))?;
    let settings = crate::source::config_at(root).history;
    let (from_name, from_id) = match (&args.from, &settings.baseline) {
        (Some(rev), _) => (rev.clone(), repo.resolve(rev)?),
        (None, Some(rev)) => (
            rev.value.clone(),
            repo.resolve(&rev.value)
                .map_err(|e| format!("[history] baseline in roadbook.toml: {e}"))?,
        ),
        (None, None) => {
            let commits = repo.commits()?;
            let base = revision::baseline(&commits).ok_or(
                "no commit touches the site folder yet, so there is no baseline to compare from",
            )?;
            (base.short(), base.id)
        }
    };
    let from = revision::at_commit(&mut repo, from_id)?;
    let (to_name, to) = match &args.to {
        Some(rev) => {
            let id = repo.resolve(rev)?;
            (rev.clone(), revision::at_commit(&mut repo, id)?)
        }
        None => ("worktree".to_owned(), revision::working_tree(root)?),
    };
    for (name, skipped) in [(&from_name, &from.skipped), (&to_name, &to.skipped)] {
        if !skipped.is_empty() {
            eprintln!(
                "note: left out of {name}, because they did not parse there: {}",
                skipped.join(", ")
            );
        }
    }
    let changes = change::changes(&from.snapshot, &to.snapshot);
    Ok(match args.format {
        DiffFormat::Human => report::human(&from_name, &to_name, &changes),
        DiffFormat::Markdown => report::markdown(&from_name, &to_name, &changes),
        DiffFormat::Json => {
            let json = report::DiffReport {
                from: &from_name,
                to: &to_name,
                changes: &changes,
            };
            let mut text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
            text.push('\n');
            text
        }
    })
}
