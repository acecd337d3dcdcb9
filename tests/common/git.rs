//! Git repositories for the history tests, built commit by commit with a fixed
//! author and fixed dates, so that the same commits have the same ids.

use std::path::Path;
use std::process::{Command, Output};

use super::{delete_s2, edit, fixture, skip, text, write};

/// Runs git in `dir` with a fixed author and dates.
pub fn git(dir: &Path, args: &[&str], date: &str) -> Output {
    let out = Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Ana Ruiz")
        .env("GIT_AUTHOR_EMAIL", "ana@example.com")
        .env("GIT_COMMITTER_NAME", "Ana Ruiz")
        .env("GIT_COMMITTER_EMAIL", "ana@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    out
}

pub fn commit(dir: &Path, message: &str, date: &str) {
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "-m", message], date);
}

pub fn has_git() -> bool {
    if Command::new("git").arg("--version").output().is_ok() {
        return true;
    }
    skip("git is not installed");
    false
}

/// The minimal fixture as a repository with two commits seven weeks apart.
pub fn minimal_repository() -> tempfile::TempDir {
    let site = fixture("minimal");
    git(site.path(), &["init", "-q"], "2027-01-04T10:00:00Z");
    commit(site.path(), "The first handbook", "2027-01-04T10:00:00Z");
    edit(
        site.path(),
        "roadmap/I-1-tracing.md",
        "horizon = \"now\"",
        "horizon = \"next\"",
    );
    edit(
        site.path(),
        "roadmap/I-1-tracing.md",
        "end = 2027-03-26",
        "end = 2027-04-16",
    );
    edit(
        site.path(),
        "roles/raci.toml",
        "raci = { pm = \"C\", po = \"AR\"",
        "raci = { pm = \"AR\", po = \"C\"",
    );
    delete_s2(site.path());
    write(
        site.path(),
        "backlog/stories/S-3-export.md",
        "+++\nid = \"S-3\"\ntitle = \"Export the trace\"\nepic = \"E-1\"\nstatus = \"draft\"\n+++\n",
    );
    commit(site.path(), "Replan", "2027-02-22T10:00:00Z");
    site
}
