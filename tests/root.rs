//! Like git and cargo, every command that reads a site finds it from any folder
//! inside it by looking upward for roadbook.toml (SPEC §3), and names its files
//! so that they open from where the command ran.

mod common;

use std::path::Path;

use common::git::{has_git, minimal_repository};
use common::http::get;
use common::served::serve_in;
use common::*;
use serde_json::Value;

const S1: &str = "backlog/stories/S-1-link-story.md";

/// The minimal fixture with S-1 naming an epic that does not exist.
fn broken() -> tempfile::TempDir {
    let site = fixture("minimal");
    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    site
}

#[test]
fn check_from_a_folder_inside_the_site() {
    let site = broken();
    let out = roadbook(&["check"], &site.path().join("backlog"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(" --> ../backlog/stories/S-1-link-story.md:4:8\n"),
        "{}",
        text(&out.stderr)
    );

    let out = roadbook(
        &["check", "--format", "json"],
        &site.path().join("backlog/stories"),
    );
    assert_eq!(out.status.code(), Some(1));
    let diags: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(diags[0]["file"], "../../backlog/stories/S-1-link-story.md");

    // DIR given: the site is named the way DIR was, as short as it goes.
    let out = roadbook(&["check", "backlog/stories"], site.path());
    assert!(
        text(&out.stderr).contains(" --> backlog/stories/S-1-link-story.md:4:8\n"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_of_a_folder_inside_a_site_below_the_current_one() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("minimal"), &dir.path().join("mysite"));
    edit(
        &dir.path().join("mysite"),
        S1,
        "epic = \"E-1\"",
        "epic = \"E-9\"",
    );
    let out = roadbook(&["check", "mysite/backlog/epics"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(" --> mysite/backlog/stories/S-1-link-story.md:4:8\n"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn build_from_a_folder_inside_the_site_writes_public_at_its_root() {
    let site = fixture("minimal");
    let roles = site.path().join("roles");
    let out = roadbook_build(&roles, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(site.path().join("public/index.html").is_file());
    assert!(!roles.join("public").exists());
    assert!(
        text(&out.stderr).contains("into ../public in"),
        "{}",
        text(&out.stderr)
    );

    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    let out = roadbook_build(&roles, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(" --> ../backlog/stories/S-1-link-story.md:4:8\n"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn serve_from_a_folder_inside_the_site() {
    let site = broken();
    let served = serve_in(&site.path().join("backlog/epics"), &[]);
    let page = get(served.port, "/stories/S-1.html");
    assert!(
        page.body
            .contains("../../backlog/stories/S-1-link-story.md:4:8"),
        "{}",
        page.body
    );
    drop(served);

    let site = fixture("minimal");
    let served = serve_in(&site.path().join("goals"), &[]);
    let page = get(served.port, "/stories/S-1.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Link a story to its epic"));
}

#[test]
fn diff_from_a_folder_inside_the_site() {
    if !has_git() {
        return;
    }
    let site = minimal_repository();
    let args = ["diff", ".", "HEAD~1", "HEAD", "--format", "json"];
    let at_root = roadbook(&args, site.path());
    let inside = roadbook(&args, &site.path().join("backlog"));
    assert_eq!(inside.status.code(), Some(0), "{}", text(&inside.stderr));
    assert_eq!(text(&inside.stdout), text(&at_root.stdout));
    assert!(text(&inside.stdout).contains("\"S-3\""));
}

#[test]
fn outside_any_site_every_command_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("notes/drafts");
    std::fs::create_dir_all(&inner).unwrap();
    let looked = inner.canonicalize().unwrap();
    for command in [&["check"][..], &["build"], &["serve", "-p", "0"], &["diff"]] {
        let out = roadbook(command, &inner);
        assert_eq!(out.status.code(), Some(2), "{command:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!(
                "{} has no roadbook.toml, and neither has any folder above it",
                looked.display()
            )) && err.contains("run `roadbook init .` to start one there"),
            "{command:?}: {err}"
        );
    }
    let out = roadbook(&["check", "notes"], dir.path());
    assert!(
        text(&out.stderr).contains("run `roadbook init notes`"),
        "{}",
        text(&out.stderr)
    );
    assert!(!Path::new(&inner).join("public").exists());
}
