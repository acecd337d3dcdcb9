//! Workflows keep their meaning under any names (SPEC §1 `[workflow]`): progress,
//! lateness, forecasts, velocity and "needs attention" read `done` and `dropped`,
//! never status names. The example site is built as written and with every
//! status of every kind renamed; with the meanings declared, every page says the
//! same once the names are mapped back.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{copy_dir, edit};
use tempfile::TempDir;

/// Every default status and the name the renamed site gives it. The new names
/// appear nowhere else in the example, so mapping them back is exact.
const RENAMED: &[(&str, &str)] = &[
    ("exploring", "wf-idea"),
    ("planned", "wf-committed"),
    ("in-progress", "wf-building"),
    ("shipped", "wf-implemented"),
    ("dropped", "wf-withdrawn"),
    ("todo", "wf-open"),
    ("done", "wf-complete"),
    ("draft", "wf-backlog"),
    ("ready", "wf-groomed"),
    ("proposed", "wf-provisional"),
    ("accepted", "wf-approved"),
    ("superseded", "wf-replaced"),
    ("rejected", "wf-declined"),
];

const WORKFLOW: &str = r#"
[workflow]
initiative = ["wf-idea", "wf-committed", "wf-building", "wf-implemented", "wf-withdrawn"]
epic = ["wf-open", "wf-building", "wf-complete", "wf-withdrawn"]
story = ["wf-backlog", "wf-groomed", "wf-building", "wf-complete", "wf-withdrawn"]
decision = ["wf-provisional", "wf-approved", "wf-replaced", "wf-declined"]
"#;

const MEANINGS: &str = r#"done = ["wf-implemented", "wf-complete", "wf-approved"]
dropped = ["wf-withdrawn", "wf-declined", "wf-replaced"]
"#;

/// The example with I-2 shipped (so that its passed end is not late), outside
/// git (so that history, read from this repository, plays no part).
fn example() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        dir.path(),
    );
    edit(
        dir.path(),
        "roadmap/I-2-smart-shopping-list.md",
        "status = \"in-progress\"",
        "status = \"shipped\"",
    );
    dir
}

/// Every `status = "…"` of the sources renamed, and `[workflow]` added.
fn renamed(meanings: bool) -> TempDir {
    let dir = example();
    for entry in walkdir::WalkDir::new(dir.path()) {
        let path = entry.unwrap().into_path();
        let is_source = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("md" | "toml")
        );
        if !is_source {
            continue;
        }
        let mut text = std::fs::read_to_string(&path).unwrap();
        for (from, to) in RENAMED {
            text = text.replace(
                &format!("status = \"{from}\""),
                &format!("status = \"{to}\""),
            );
        }
        std::fs::write(&path, text).unwrap();
    }
    let config = dir.path().join("roadbook.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(WORKFLOW);
    if meanings {
        text.push_str(MEANINGS);
    }
    std::fs::write(&config, text).unwrap();
    dir
}

/// Builds `site` as of `today` and returns its pages and exports (search
/// shards left out: they index the words) with the renamed statuses mapped back.
fn build(site: &Path, today: &str) -> (BTreeMap<String, String>, String) {
    let out = site.join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["build", "-o"])
        .arg(&out)
        .current_dir(site)
        .env("SOURCE_DATE_EPOCH", today)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stderr}");
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let name = entry.path().strip_prefix(&out).unwrap().to_string_lossy();
        let kept = name.ends_with(".html") || name.ends_with(".json") || name.ends_with(".csv");
        if !kept || name.starts_with("search") {
            continue;
        }
        let mut text = std::fs::read_to_string(entry.path()).unwrap();
        // Badges write a status with spaces for its dashes ("in progress").
        for (from, to) in RENAMED {
            text = text
                .replace(to, from)
                .replace(&to.replace('-', " "), &from.replace('-', " "));
        }
        files.insert(name.into_owned(), text);
    }
    (files, stderr)
}

/// 2027-02-03, in the second sprint (forecasts from velocity), and 2027-06-01,
/// when I-1 is late and I-2, shipped, is not.
const DAYS: &[&str] = &["1801656000", "1811836800"];

#[test]
fn renamed_statuses_with_their_meanings_give_the_same_site() {
    let (plain, renamed) = (example(), renamed(true));
    for today in DAYS {
        let (want, _) = build(plain.path(), today);
        let (got, stderr) = build(renamed.path(), today);
        assert!(!stderr.contains("workflow-unfinished"), "{stderr}");
        assert_eq!(
            want.keys().collect::<Vec<_>>(),
            got.keys().collect::<Vec<_>>()
        );
        for (name, page) in &want {
            assert!(got[name] == *page, "{name} differs as of {today}");
        }
        // What the comparison rests on is really there.
        let home = &want["index.html"];
        if *today == DAYS[1] {
            assert!(home.contains("late: planned to end 2027-03-26"), "I-1 late");
            assert!(
                !home.contains("late: planned to end 2027-04-30"),
                "I-2 shipped"
            );
        }
    }
}

#[test]
fn renamed_statuses_without_their_meanings_are_warned_about_and_read_as_open() {
    let site = renamed(false);
    let run = common::roadbook(&["check"], site.path());
    let stderr = String::from_utf8_lossy(&run.stderr);
    for key in ["initiative", "epic", "story", "decision"] {
        let warning = format!("the last status of [workflow].{key}, `wf-");
        assert!(stderr.contains(&warning), "{key}: {stderr}");
    }
    assert!(stderr.contains("warning[workflow-unfinished]"), "{stderr}");
    let config = std::fs::read_to_string(site.path().join("roadbook.toml")).unwrap();
    let line = 1 + config
        .lines()
        .position(|l| l.starts_with("initiative = "))
        .unwrap();
    let at = format!("roadbook.toml:{line}:15");
    assert!(stderr.contains(&at), "points at the list ({at}): {stderr}");
    // A withdrawn story that nobody said is dropped is an open one, and open
    // stories past the first status need criteria.
    assert!(
        stderr.contains("story `S-37` is wf-withdrawn but has no acceptance criteria"),
        "{stderr}"
    );
    assert_eq!(run.status.code(), Some(1));
}

#[test]
fn a_meaning_that_names_no_status_is_an_error_with_did_you_mean() {
    let site = example();
    let config = site.path().join("roadbook.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[workflow]\ndone = [\"shipped\", \"doen\", \"accepted\"]\ndropped = [\"dropped\", \"rejected\", \"superseded\", \"shipped\"]\n");
    std::fs::write(&config, text).unwrap();
    let run = common::roadbook(&["check"], site.path());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("[workflow] done names `doen`, which is no kind's status"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `done`?"), "{stderr}");
    assert!(
        stderr.contains("`shipped` is in both [workflow] done and dropped"),
        "{stderr}"
    );
}
