//! `roadbook diff` (SPEC §5) on small git repositories built commit by commit
//! with fixed dates: each kind of change, the JSON, the Markdown for a pull
//! request, the default baseline, renames, old files that do not parse, and
//! repositories that have no history to give.

mod common;

use std::path::Path;
use std::process::Output;

use common::git::*;
use common::*;
use serde_json::{Value, json};

fn diff(site: &Path, args: &[&str]) -> Output {
    let mut all = vec!["diff", "."];
    all.extend_from_slice(args);
    roadbook(&all, site)
}

#[test]
fn each_kind_of_change_as_json() {
    if !has_git() {
        return;
    }
    let site = minimal_repository();
    let out = diff(site.path(), &["HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["from"], "HEAD~1");
    assert_eq!(report["to"], "HEAD");
    let raci_row = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "activity")
        .expect("the RACI row changed")
        .clone();
    assert_eq!(
        raci_row["fields"],
        json!([
            { "field": "raci.pm", "from": "C", "to": "AR" },
            { "field": "raci.po", "from": "AR", "to": "C" }
        ])
    );
    let others: Vec<&Value> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] != "activity")
        .collect();
    assert_eq!(
        others,
        [
            &json!({ "id": "I-1", "kind": "initiative", "change": "changed", "fields": [
                { "field": "horizon", "from": "now", "to": "next" },
                { "field": "end", "from": "2027-03-26", "to": "2027-04-16" }
            ]}),
            &json!({ "id": "S-1", "kind": "story", "change": "changed", "fields": [
                { "field": "body", "from": "Depends on nothing. Next comes [[S-2]], see also [the epic](E-1).\n\n```rust\nfn main() {}\n```\n",
                  "to": "Depends on nothing. See also [the epic](E-1).\n\n```rust\nfn main() {}\n```\n" }
            ]}),
            &json!({ "id": "S-2", "kind": "story", "change": "removed", "fields": [] }),
            &json!({ "id": "S-3", "kind": "story", "change": "added", "fields": [] }),
        ]
    );
}

#[test]
fn markdown_for_a_pull_request_names_moves_and_slips() {
    if !has_git() {
        return;
    }
    let site = minimal_repository();
    let out = diff(site.path(), &["HEAD~1", "HEAD", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(
        md.contains("From `HEAD~1` to `HEAD`: 3 changed, 1 added, 1 removed."),
        "{md}"
    );
    assert!(
        md.contains(
            "| initiative `I-1` | horizon now → next; end 2027-03-26 → 2027-04-16 (slips 21 days) |"
        ),
        "{md}"
    );
    assert!(md.contains("| story `S-3` | added |"), "{md}");
}

#[test]
fn the_default_compares_the_baseline_with_the_working_tree() {
    if !has_git() {
        return;
    }
    let site = minimal_repository();
    // Uncommitted: the working tree counts.
    edit(
        site.path(),
        "goals/G-1-clarity.md",
        "current = 70.0",
        "current = 85.0",
    );
    let out = diff(site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let human = text(&out.stdout);
    let first = text(
        &git(
            site.path(),
            &["rev-parse", "--short=7", "HEAD~1"],
            "2027-01-04T10:00:00Z",
        )
        .stdout,
    );
    // The newest commit is seven weeks after the first, so the first is the baseline.
    assert!(
        human.starts_with(&format!("changes from {} to worktree:", first.trim())),
        "{human}"
    );
    assert!(
        human.contains("changed  key-result KR-1\n           current 70 → 85"),
        "{human}"
    );
    assert!(human.contains("added    story S-3"), "{human}");
}

#[test]
fn a_renamed_file_or_a_moved_item_keeps_its_id() {
    if !has_git() {
        return;
    }
    let site = minimal_repository();
    git(
        site.path(),
        &[
            "mv",
            "backlog/stories/S-3-export.md",
            "backlog/stories/S-3-export-trace.md",
        ],
        "2027-02-23T10:00:00Z",
    );
    commit(site.path(), "Rename", "2027-02-23T10:00:00Z");
    std::fs::remove_file(site.path().join("backlog/stories/S-3-export-trace.md")).unwrap();
    write(
        site.path(),
        "backlog/backlog.toml",
        "[[story]]\nid = \"S-3\"\ntitle = \"Export the trace\"\nepic = \"E-1\"\nstatus = \"draft\"\n",
    );
    commit(site.path(), "Into the backlog file", "2027-02-24T10:00:00Z");
    let out = diff(site.path(), &["HEAD~2", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["changes"], json!([]), "{report:#}");
}

#[test]
fn an_old_file_that_does_not_parse_is_left_out_and_said_once() {
    if !has_git() {
        return;
    }
    let site = minimal_repository();
    write(
        site.path(),
        "backlog/stories/S-3-export.md",
        "+++\nid = \"S-3\nbroken\n+++\n",
    );
    commit(site.path(), "Oops", "2027-02-24T10:00:00Z");
    write(
        site.path(),
        "backlog/stories/S-3-export.md",
        "+++\nid = \"S-3\"\ntitle = \"Export the trace, fixed\"\nepic = \"E-1\"\nstatus = \"draft\"\n+++\n",
    );
    commit(site.path(), "Fixed", "2027-02-25T10:00:00Z");
    let out = diff(site.path(), &["HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr.matches("backlog/stories/S-3-export.md").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("did not parse"), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["changes"],
        json!([{ "id": "S-3", "kind": "story", "change": "added", "fields": [] }])
    );
}

#[test]
fn a_site_in_a_subfolder_of_the_repository() {
    if !has_git() {
        return;
    }
    let repo = tempfile::tempdir().unwrap();
    copy_dir(
        &fixtures().join("minimal"),
        &repo.path().join("docs/handbook"),
    );
    write(repo.path(), "src/main.rs", "fn main() {}\n");
    git(repo.path(), &["init", "-q"], "2027-01-04T10:00:00Z");
    commit(repo.path(), "Code and docs", "2027-01-04T10:00:00Z");
    write(repo.path(), "src/main.rs", "fn main() { println!(); }\n");
    commit(repo.path(), "Code only", "2027-03-01T10:00:00Z");
    let site = repo.path().join("docs/handbook");
    edit(
        &site,
        "roadmap/I-1-tracing.md",
        "horizon = \"now\"",
        "horizon = \"later\"",
    );
    let out = diff(&site, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The second commit does not touch the site, so the first is the baseline.
    assert_eq!(
        report["changes"][0]["fields"][0],
        json!({ "field": "horizon", "from": "now", "to": "later" })
    );
    assert_eq!(report["changes"].as_array().unwrap().len(), 1);
}

#[test]
fn no_history_is_a_clear_error() {
    if !has_git() {
        return;
    }
    let plain = fixture("minimal");
    let out = diff(plain.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("the site is not in a git repository"),
        "{}",
        text(&out.stderr)
    );

    let site = minimal_repository();
    let out = diff(site.path(), &["v9.9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`v9.9` names no revision"),
        "{}",
        text(&out.stderr)
    );

    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", site.path().display());
    git(
        shallow.path(),
        &["clone", "-q", "--depth", "1", &url, "clone"],
        "2027-03-01T10:00:00Z",
    );
    let out = diff(&shallow.path().join("clone"), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("shallow clone") && stderr.contains("fetch-depth: 0"),
        "{stderr}"
    );
}
