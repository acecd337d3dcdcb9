//! `scripts/example-history.sh` replays the example site's history into a
//! temporary repository and builds it: the README's way to see history pages.
//! This runs it with the binary under test and checks what a reader would see.

mod common;

use std::process::Command;

use common::git::has_git;
use common::*;

#[test]
fn the_example_history_builds_pages_with_changes_trends_and_burn_ups() {
    if !has_git() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("mealmate");
    let out = Command::new("bash")
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/example-history.sh"))
        .arg(&target)
        .env("ROADBOOK", env!("CARGO_BIN_EXE_roadbook"))
        .output()
        .expect("bash runs");
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{}\n{stderr}", text(&out.stdout));
    // Fourteen commits; the build warns about the reviews the late edits ask for.
    assert_eq!(
        stderr.matches("warning[suspect-link]").count(),
        3,
        "{stderr}"
    );
    assert!(
        !stderr.contains("error[") && !stderr.contains("error:"),
        "{stderr}"
    );
    let page = |path: &str| std::fs::read_to_string(target.join("public").join(path)).unwrap();
    let changes = page("changes.html");
    for fact in [
        "horizon next → now",
        "end 2027-04-02 → 2027-04-30 (slips 28 days)",
        "current 38 → 22 min",
        "<h3>RACI</h3>",
        "added to E-3",
        // Stories' status changes are counted in one line.
        "stories changed status: ",
    ] {
        assert!(changes.contains(fact), "changes.html lacks {fact:?}");
    }
    let goal = page("goals/G-1.html");
    assert_eq!(
        goal.matches("<svg class=\"chart\"").count(),
        2,
        "a trend per key result"
    );
    assert!(page("initiatives/I-1.html").contains("<h2>Burn-up</h2>"));
    assert!(page("epics/E-3.html").contains("<h2>History</h2>"));
}
