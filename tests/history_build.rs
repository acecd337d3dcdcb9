//! History in the built site and in `check` (SPEC §5), on small repositories
//! built commit by commit with fixed dates: changes.html, each item's History
//! and Last updated, the sitemap's lastmod, trace.json, the trend line and the
//! burn-up, suspect links and stale items with their waivers and settings, and
//! repositories with no history to give.

mod common;

use std::path::Path;
use std::process::Output;

use common::git::*;
use common::*;
use serde_json::{Value, json};

fn build(site: &Path) -> Output {
    let out = roadbook(&["build", ".", "-o", "public"], site);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    out
}

fn page(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join("public").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn short(site: &Path, rev: &str) -> String {
    text(
        &git(
            site,
            &["rev-parse", "--short=7", rev],
            "2027-01-01T00:00:00Z",
        )
        .stdout,
    )
    .trim()
    .to_owned()
}

/// The minimal repository, then a third commit in March that measures KR-1
/// again and finishes S-3.
fn three_commits() -> tempfile::TempDir {
    let site = minimal_repository();
    edit(
        site.path(),
        "goals/G-1-clarity.md",
        "current = 70.0",
        "current = 82.0",
    );
    edit(
        site.path(),
        "backlog/stories/S-3-export.md",
        "status = \"draft\"",
        "status = \"done\"\npoints = 5\nacceptance = [\"The trace downloads\"]",
    );
    commit(site.path(), "March update", "2027-03-15T09:00:00Z");
    site
}

#[test]
fn changes_page_shows_what_stands_out_by_item_and_by_commit() {
    if !has_git() {
        return;
    }
    let site = three_commits();
    build(site.path());
    let changes = page(site.path(), "changes.html");
    let first = short(site.path(), "HEAD~2");
    // The newest commit is ten weeks after the first: the first is the baseline.
    assert!(
        changes.contains(&format!("Since <strong>{first}</strong>")),
        "{changes}"
    );
    for fact in [
        "<h3>Horizon</h3>",
        "horizon now → next",
        "<h3>Dates</h3>",
        "end 2027-03-26 → 2027-04-16 (slips 21 days)",
        "<h3>Key results</h3>",
        "current 70 → 82 %",
        "<h3>RACI</h3>",
        "Product Manager: C → AR",
        "<h3>Scope</h3>",
        "added to E-1",
    ] {
        assert!(changes.contains(fact), "changes.html lacks {fact:?}");
    }
    assert!(
        changes.contains("<span class=\"item-id\">S-2</span> <span class=\"muted\">story</span>")
    );
    assert!(changes.contains("<span class=\"change change-removed\">removed</span>"));
    // Commit by commit, newest first, with date, short id and author.
    let march = changes
        .find("2027-03-15</time> <code class=\"commit\">")
        .unwrap();
    let february = changes
        .find("2027-02-22</time> <code class=\"commit\">")
        .unwrap();
    assert!(march < february);
    assert!(changes.contains(&format!(
        "<code class=\"commit\">{}</code> <span class=\"author\">Ana Ruiz</span></p>\n      <p class=\"message\">March update</p>",
        short(site.path(), "HEAD")
    )));
}

#[test]
fn item_pages_have_history_and_last_updated_and_the_exports_follow() {
    if !has_git() {
        return;
    }
    let site = three_commits();
    build(site.path());
    let initiative = page(site.path(), "initiatives/I-1.html");
    assert!(initiative.contains(
        "<a href=\"#history\">last updated <time datetime=\"2027-02-22\">2027-02-22</time></a>"
    ));
    let history = &initiative[initiative
        .find("<h2>History</h2>")
        .expect("a History section")..];
    let replan = history
        .find("horizon now → next; end 2027-03-26 → 2027-04-16 (slips 21 days)")
        .unwrap();
    let added = history.find("2027-01-04</time>").unwrap();
    assert!(replan < added, "newest first");
    assert!(history.contains(&format!(
        "<code class=\"commit\">{}</code>",
        short(site.path(), "HEAD~1")
    )));
    let story = page(site.path(), "stories/S-3.html");
    assert!(
        story.contains("status draft → done; points set to 5; acceptance written"),
        "{story}"
    );
    assert!(
        history.contains("<span class=\"message\">Replan</span>"),
        "the commit's message says why"
    );
    // A key result is written in its goal: measuring it again updates the
    // goal, in one row per commit.
    let goal = page(site.path(), "goals/G-1.html");
    assert!(
        goal.contains("last updated <time datetime=\"2027-03-15\">"),
        "{goal}"
    );
    assert!(
        goal.contains("<span class=\"what\">KR-1: current 70 → 82"),
        "{goal}"
    );
    let goal_history = &goal[goal.find("<h2>History</h2>").unwrap()..];
    assert_eq!(goal_history.matches("<li>").count(), 2, "{goal_history}");
    assert!(
        goal_history.contains("<span class=\"what\">added<span"),
        "its key result is not repeated: {goal_history}"
    );

    let sitemap = page(site.path(), "sitemap.xml");
    assert!(
        sitemap.contains("/initiatives/I-1.html</loc><lastmod>2027-02-22</lastmod>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("/epics/E-1.html</loc><lastmod>2027-01-04</lastmod>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("/roadmap.html</loc><lastmod>2027-03-15</lastmod>"),
        "{sitemap}"
    );

    let trace: Value = serde_json::from_str(&page(site.path(), "trace.json")).unwrap();
    let item = |id: &str| trace_item(&trace, id);
    assert_eq!(item("I-1")["updated"], "2027-02-22");
    assert_eq!(item("E-1")["updated"], "2027-01-04");
    assert_eq!(
        item("KR-1")["history"],
        json!([{ "date": "2027-01-04", "current": 70.0 }, { "date": "2027-03-15", "current": 82.0 }])
    );
}

#[test]
fn goal_pages_draw_the_trend_and_epics_the_burn_up() {
    if !has_git() {
        return;
    }
    let site = three_commits();
    build(site.path());
    let goal = page(site.path(), "goals/G-1.html");
    let trend = &goal[goal.find("<svg class=\"chart\"").expect("a trend line")..];
    // Its label says what the chart shows, for screen readers.
    assert!(trend.starts_with(
        "<svg class=\"chart\" viewBox=\"0 0 640 220\" role=\"img\" aria-label=\"KR-1: Share of stories traced to a goal, 70 % on 2027-01-04 to 82 % on 2027-03-15; target 100 %\""
    ), "{trend}");
    assert!(trend.contains("target 100 %"), "the target is drawn");
    assert_eq!(
        trend[..trend.find("</svg>").unwrap()]
            .matches("<circle")
            .count(),
        2,
        "one dot per measurement"
    );
    assert!(trend.contains(">2027-01-04</text>") && trend.contains(">2027-03-15</text>"));

    let epic = page(site.path(), "epics/E-1.html");
    let burnup = &epic[epic.find("<h2>Burn-up</h2>").expect("a burn-up")..];
    assert!(burnup.contains("aria-label=\"E-1: points done and total scope over time\""));
    assert!(burnup.contains("chart-line chart-scope") && burnup.contains("chart-line chart-done"));
    let initiative = page(site.path(), "initiatives/I-1.html");
    assert!(initiative.contains("aria-label=\"I-1: points done and total scope over time\""));
}

#[test]
fn a_parent_changed_later_makes_its_children_suspect_until_reviewed() {
    if !has_git() {
        return;
    }
    let site = three_commits();
    let epic = std::fs::read_to_string(site.path().join("backlog/epics/E-1-links.md")).unwrap();
    write(
        site.path(),
        "backlog/epics/E-1-links.md",
        epic + "Only links inside the site count now.\n",
    );
    commit(site.path(), "Narrow E-1", "2027-03-20T09:00:00Z");
    let suspect = |site: &Path| {
        let (_, diags) = check_json(site, &[]);
        diags
            .into_iter()
            .filter(|d| d["code"] == "suspect-link")
            .collect::<Vec<_>>()
    };
    let found = suspect(site.path());
    assert_eq!(found.len(), 2, "S-1 and S-3: {found:#?}");
    let s1 = found
        .iter()
        .find(|d| d["file"] == "backlog/stories/S-1-link-story.md")
        .expect("S-1 is suspect");
    assert_eq!(
        s1["message"],
        format!(
            "story `S-1` may need a review: its epic `E-1` changed its body on 2027-03-20 ({}), after `S-1` last changed on 2027-02-22",
            short(site.path(), "HEAD")
        )
    );
    assert_eq!(
        (s1["line"].as_u64(), s1["column"].as_u64()),
        (Some(2), Some(6))
    );
    assert_eq!(
        s1["help"],
        "check `S-1` against `E-1`, then set reviewed = 2027-03-20 on `S-1`"
    );

    // A review on or after the change clears it; an older one does not.
    edit(
        site.path(),
        "backlog/stories/S-1-link-story.md",
        "points = 3",
        "points = 3\nreviewed = 2027-03-19",
    );
    assert!(
        suspect(site.path())
            .iter()
            .any(|d| d["file"] == "backlog/stories/S-1-link-story.md")
    );
    edit(
        site.path(),
        "backlog/stories/S-1-link-story.md",
        "reviewed = 2027-03-19",
        "reviewed = 2027-03-20",
    );
    assert!(
        !suspect(site.path())
            .iter()
            .any(|d| d["file"] == "backlog/stories/S-1-link-story.md")
    );
    // A waiver moves it to the traceability page with its reason.
    edit(
        site.path(),
        "backlog/stories/S-3-export.md",
        "status = \"done\"",
        "status = \"done\"\nwaive = { suspect-link = \"Shipped before the epic narrowed\" }",
    );
    assert!(suspect(site.path()).is_empty());
    build(site.path());
    assert!(page(site.path(), "traceability.html").contains("Shipped before the epic narrowed"));
}

#[test]
fn stale_items_count_from_the_newest_commit_and_follow_the_setting() {
    if !has_git() {
        return;
    }
    let site = minimal_repository();
    // I-1 and E-1 are in progress; E-1 has not changed since January, nor has KR-1.
    edit(
        site.path(),
        "roadmap/I-1-tracing.md",
        "theme = \"Core\"",
        "theme = \"Core platform\"",
    );
    commit(site.path(), "Rename the theme", "2027-04-01T09:00:00Z");
    let (_, diags) = check_json(site.path(), &[]);
    let stale: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "stale-item")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        stale,
        [
            "epic `E-1` is in progress but has not changed since 2027-01-04, 87 days before the newest commit (2027-04-01)",
            "key result `KR-1` has not been measured since 2027-01-04: its `current` has not changed for 87 days before the newest commit (2027-04-01)",
        ]
    );
    edit(
        site.path(),
        "roadbook.toml",
        "[build]",
        "[history]\nstale_after_days = 90\n\n[build]",
    );
    let (_, diags) = check_json(site.path(), &[]);
    assert!(
        !diags.iter().any(|d| d["code"] == "stale-item"),
        "{diags:#?}"
    );
}

#[test]
fn outside_git_and_in_a_shallow_clone_the_build_says_why_once() {
    if !has_git() {
        return;
    }
    let plain = fixture("minimal");
    let out = build(plain.path());
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr
            .matches("note: history is off: the site is not in a git repository")
            .count(),
        1,
        "{stderr}"
    );
    assert!(page(plain.path(), "changes.html").contains("This site shows no history"));
    assert!(!page(plain.path(), "initiatives/I-1.html").contains("<h2>History</h2>"));

    let site = three_commits();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", site.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
        "2027-04-01T00:00:00Z",
    );
    let shallow = clone.path().join("shallow");
    let out = build(&shallow);
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr
            .matches("note: history is off: this is a shallow clone")
            .count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("git fetch --unshallow"), "{stderr}");

    // Turned off: no history and nothing said.
    edit(
        plain.path(),
        "roadbook.toml",
        "[build]",
        "[history]\nenabled = false\n\n[build]",
    );
    let out = build(plain.path());
    assert!(
        !text(&out.stderr).contains("history"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_same_head_gives_byte_identical_output_in_any_clone() {
    if !has_git() {
        return;
    }
    let site = three_commits();
    build(site.path());
    let first = tree_state(&site.path().join("public"));
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", site.path().display());
    git(
        clone.path(),
        &["clone", "-q", &url, "again"],
        "2027-04-01T00:00:00Z",
    );
    let again = clone.path().join("again");
    // Detached at the same commit: HEAD names a commit, not a branch.
    let head = short(site.path(), "HEAD");
    git(
        &again,
        &["checkout", "-q", "--detach", &head],
        "2027-04-01T00:00:00Z",
    );
    build(&again);
    let second = tree_state(&again.join("public"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for path in first.keys().filter(|p| !p.starts_with(".roadbook")) {
        let a = std::fs::read(site.path().join("public").join(path)).ok();
        let b = std::fs::read(again.join("public").join(path)).ok();
        assert!(a == b, "{path} differs between two clones of one HEAD");
    }
}

#[test]
fn merges_count_along_the_first_parent_and_a_baseline_may_be_a_tag() {
    if !has_git() {
        return;
    }
    let site = three_commits();
    git(
        site.path(),
        &["tag", "v1", "HEAD~1"],
        "2027-03-16T00:00:00Z",
    );
    git(
        site.path(),
        &["checkout", "-q", "-b", "pantry"],
        "2027-03-16T00:00:00Z",
    );
    edit(
        site.path(),
        "roadmap/I-1-tracing.md",
        "status = \"in-progress\"",
        "status = \"shipped\"",
    );
    commit(site.path(), "Ship I-1", "2027-03-17T09:00:00Z");
    git(
        site.path(),
        &["checkout", "-q", "main"],
        "2027-03-18T00:00:00Z",
    );
    git(
        site.path(),
        &["merge", "-q", "--no-ff", "-m", "Merge pantry", "pantry"],
        "2027-03-18T09:00:00Z",
    );
    edit(
        site.path(),
        "roadbook.toml",
        "[build]",
        "[history]\nbaseline = \"v1\"\n\n[build]",
    );
    commit(site.path(), "Compare with v1", "2027-03-18T10:00:00Z");
    build(site.path());
    let changes = page(site.path(), "changes.html");
    assert!(
        changes.contains("Since <strong>v1</strong> (<time datetime=\"2027-02-22\">"),
        "{changes}"
    );
    assert!(changes.contains("status in-progress → shipped"));
    // The merge carries the change on main's first-parent chain, dated when merged.
    let initiative = page(site.path(), "initiatives/I-1.html");
    assert!(
        initiative.contains("last updated <time datetime=\"2027-03-18\">"),
        "{initiative}"
    );
    assert!(
        !initiative.contains("2027-03-17"),
        "the branch commit itself is not on main's chain"
    );

    edit(
        site.path(),
        "roadbook.toml",
        "baseline = \"v1\"",
        "baseline = \"v9\"",
    );
    let out = roadbook(&["build", ".", "-o", "public"], site.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "[history] baseline in roadbook.toml: `v9` names no revision of this repository"
        ),
        "{stderr}"
    );
}

#[test]
fn an_old_version_that_does_not_parse_is_left_out_of_the_pages_and_said_once() {
    if !has_git() {
        return;
    }
    let site = three_commits();
    write(
        site.path(),
        "backlog/stories/S-3-export.md",
        "+++\nid = \"S-3\nbroken\n+++\n",
    );
    commit(site.path(), "Oops", "2027-03-16T10:00:00Z");
    edit(
        site.path(),
        "roadbook.toml",
        "[build]",
        "[history]\nbaseline = \"HEAD~1\"\n\n[build]",
    );
    git(
        site.path(),
        &[
            "checkout",
            "-q",
            "HEAD~1",
            "--",
            "backlog/stories/S-3-export.md",
        ],
        "2027-03-17T00:00:00Z",
    );
    commit(site.path(), "Fixed", "2027-03-17T10:00:00Z");
    let out = build(site.path());
    let stderr = text(&out.stderr);
    let oops = short(site.path(), "HEAD~1");
    assert_eq!(
        stderr.matches("note: history: left out 1 old file version that did not parse: backlog/stories/S-3-export.md at ").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains(&oops), "{stderr}");
    // S-3 was neither removed nor added again by the broken version.
    let story = page(site.path(), "stories/S-3.html");
    let history = &story[story.find("<h2>History</h2>").unwrap()..];
    assert_eq!(
        history.matches("<li>").count(),
        2,
        "added, then the March update: {history}"
    );
    assert!(!history.contains("removed"));
}
