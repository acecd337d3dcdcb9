//! `roadbook init [DIR] [--force]`: a small but complete starter site.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::exit;
use crate::source::config::Workflow;

/// Where Taplo and Even Better TOML look for their configuration.
const TAPLO_CONFIG: &str = ".taplo.toml";
/// The folder of the JSON Schemas that `.taplo.toml` names.
const SCHEMAS: &str = "schemas";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder to create the site in
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Write into a folder that is not empty, replacing files of the same name
    #[arg(long)]
    force: bool,
}

/// The starter site, compiled into the binary: path and contents.
const STARTER: &[(&str, &str)] = &[
    (
        "decisions/D-1-guided-onboarding.md",
        include_str!("../../starter/decisions/D-1-guided-onboarding.md"),
    ),
    (
        "backlog/epics/E-1-first-run.md",
        include_str!("../../starter/backlog/epics/E-1-first-run.md"),
    ),
    (
        "backlog/epics/E-2-reminder-emails.md",
        include_str!("../../starter/backlog/epics/E-2-reminder-emails.md"),
    ),
    (
        "backlog/sprints.toml",
        include_str!("../../starter/backlog/sprints.toml"),
    ),
    (
        "backlog/stories/S-1-welcome.md",
        include_str!("../../starter/backlog/stories/S-1-welcome.md"),
    ),
    (
        "backlog/stories/S-2-sample-data.md",
        include_str!("../../starter/backlog/stories/S-2-sample-data.md"),
    ),
    (
        "backlog/stories/S-3-checklist.md",
        include_str!("../../starter/backlog/stories/S-3-checklist.md"),
    ),
    (
        "backlog/stories/S-4-skip.md",
        include_str!("../../starter/backlog/stories/S-4-skip.md"),
    ),
    (
        "backlog/stories/S-5-weekly-email.md",
        include_str!("../../starter/backlog/stories/S-5-weekly-email.md"),
    ),
    (
        "backlog/stories/S-6-unsubscribe.md",
        include_str!("../../starter/backlog/stories/S-6-unsubscribe.md"),
    ),
    (".gitignore", include_str!("../../starter/gitignore")),
    (
        "goals/G-1-activation.md",
        include_str!("../../starter/goals/G-1-activation.md"),
    ),
    (
        "goals/G-2-retention.md",
        include_str!("../../starter/goals/G-2-retention.md"),
    ),
    (
        "pages/how-we-work.md",
        include_str!("../../starter/pages/how-we-work.md"),
    ),
    ("roadbook.toml", include_str!("../../starter/roadbook.toml")),
    (
        "roadmap/I-1-onboarding.md",
        include_str!("../../starter/roadmap/I-1-onboarding.md"),
    ),
    (
        "roadmap/I-2-reminders.md",
        include_str!("../../starter/roadmap/I-2-reminders.md"),
    ),
    (
        "roadmap/I-3-sharing.md",
        include_str!("../../starter/roadmap/I-3-sharing.md"),
    ),
    (
        "roles/ceremonies.toml",
        include_str!("../../starter/roles/ceremonies.toml"),
    ),
    ("roles/dev.md", include_str!("../../starter/roles/dev.md")),
    ("roles/pm.md", include_str!("../../starter/roles/pm.md")),
    ("roles/po.md", include_str!("../../starter/roles/po.md")),
    (
        "roles/raci.toml",
        include_str!("../../starter/roles/raci.toml"),
    ),
    ("roles/sm.md", include_str!("../../starter/roles/sm.md")),
    ("vision.md", include_str!("../../starter/vision.md")),
];

pub fn run(args: Args) -> ExitCode {
    match init(&args.dir, args.force) {
        Ok(written) => {
            let shown = args.dir.display();
            println!("Created a Roadbook site with {written} files in {shown}.\n");
            println!("Next:");
            println!("  roadbook check {shown} --deny-warnings   run every check");
            println!(
                "  roadbook build {shown}                   build the site into {shown}/public"
            );
            println!("  roadbook serve {shown}                   preview it while you edit");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(exit::UNUSABLE)
        }
    }
}

/// Writes the starter site, with `.taplo.toml` and the JSON Schemas it names
/// (so that editors check the `.toml` files offline); refuses a non-empty
/// folder and existing files unless `force`.
fn init(dir: &Path, force: bool) -> Result<usize, String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{} is a file, not a folder", dir.display()));
    }
    let non_empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty && !force {
        return Err(format!(
            "{} is not empty; choose an empty or new folder, or pass --force to add the starter files to it (files of the same name are replaced)",
            dir.display()
        ));
    }
    let taplo = crate::source::schema::taplo_config();
    let files = STARTER
        .iter()
        .copied()
        .chain([(TAPLO_CONFIG, taplo.as_str())]);
    for (path, text) in files {
        let target = dir.join(path);
        if target.exists() && !force {
            return Err(format!(
                "{} already exists; pass --force to replace it",
                target.display()
            ));
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, text)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    let schemas = super::schema::write_schemas(&dir.join(SCHEMAS), &Workflow::default())?;
    Ok(STARTER.len() + 1 + schemas.len())
}
