//! The readers' questions (SPEC §4), answered on the pages the binary writes for
//! a fixture site whose "today" is fixed with SOURCE_DATE_EPOCH: what is in the
//! current sprint and at what pace, what needs attention and why, when things
//! land, how the timeline draws it, graded scores, and who holds each role.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;

/// Seconds since 1970 at noon UTC of a `YYYY-MM-DD` date.
fn epoch(date: &str) -> String {
    let day = roadbook::kinds::Date::parse(date).expect("a date").days();
    (day * 86_400 + 43_200).to_string()
}

fn build_on(site: &Path, today: &str) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["build", ".", "-o", "public"])
        .current_dir(site)
        .env("SOURCE_DATE_EPOCH", epoch(today))
        .output()
        .expect("roadbook runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    out
}

fn page(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join("public").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The minimal fixture with three two-week sprints (S-1, 3 points, done in the
/// first; S-2, 2 points, planned into the second), I-1 at risk with a note and
/// due before the work can be done at the pace so far, and I-2 that depends on
/// it and I-3 without dates.
fn planned_site() -> tempfile::TempDir {
    let site = fixture("minimal");
    write(
        site.path(),
        "backlog/sprints.toml",
        r#"[[sprint]]
id = "SP-1"
title = "Sprint 1"
start = 2027-01-04
end = 2027-01-15
goal = "Stories link to epics"

[[sprint]]
id = "SP-2"
title = "Sprint 2"
start = 2027-01-18
end = 2027-01-29
goal = "Progress shows everywhere"

[[sprint]]
id = "SP-3"
title = "Sprint 3"
start = 2027-02-01
end = 2027-02-12
"#,
    );
    edit(
        site.path(),
        "backlog/backlog.toml",
        "priority = 2",
        "priority = 2\nsprint = \"SP-2\"",
    );
    edit(
        site.path(),
        "roadmap/I-1-tracing.md",
        "end = 2027-03-26",
        "end = 2027-01-25\nhealth = \"at-risk\"\nhealth_note = \"The graph library slipped a sprint\"",
    );
    write(
        site.path(),
        "roadmap/I-2-export.md",
        "+++\nid = \"I-2\"\ntitle = \"Export the trace to the wiki\"\ngoals = [\"G-1\"]\nhorizon = \"next\"\nstart = 2027-02-01\nend = 2027-03-12\nstatus = \"planned\"\ntheme = \"Core\"\ndepends_on = [\"I-1\"]\n+++\n",
    );
    write(
        site.path(),
        "roadmap/I-3-someday.md",
        "+++\nid = \"I-3\"\ntitle = \"Someday\"\ngoals = [\"G-1\"]\nhorizon = \"later\"\nstatus = \"exploring\"\n+++\n",
    );
    site
}

#[test]
fn the_current_sprint_and_the_pace_follow_today() {
    let site = planned_site();
    build_on(site.path(), "2027-01-20");
    let home = page(site.path(), "index.html");
    assert!(
        home.contains("Current sprint: <a href=\"sprints/SP-2.html\""),
        "{home}"
    );
    assert!(home.contains("Progress shows everywhere"));
    assert!(home.contains("velocity 3 points a sprint"));
    let sprints = page(site.path(), "sprints.html");
    assert!(sprints.contains(
        "Velocity: <strong>3 points a sprint</strong>, what the one finished sprint delivered."
    ));
    for (id, when) in [("SP-1", "past"), ("SP-2", "current"), ("SP-3", "coming")] {
        let row = &sprints[sprints.find(&format!("sprints/{id}.html")).unwrap()..];
        assert!(
            row.contains(&format!("<span class=\"when when-{when}\">{when}</span>")),
            "{id} is {when}"
        );
    }
    assert!(
        sprints.contains("<td class=\"num\" data-label=\"Velocity\">3 pts</td>"),
        "SP-1 delivered 3 points"
    );
    let sprint = page(site.path(), "sprints/SP-1.html");
    assert!(sprint.contains("delivered 3 points"));

    // A week later the second sprint has ended too; none is current.
    build_on(site.path(), "2027-01-31");
    let home = page(site.path(), "index.html");
    assert!(!home.contains("Current sprint:"));
}

#[test]
fn needs_attention_gives_reasons_and_notes_and_forecasts_come_from_velocity() {
    let site = planned_site();
    build_on(site.path(), "2027-01-20");
    let initiative = page(site.path(), "initiatives/I-1.html");
    // 2 points left at 3 a sprint: one twelve-day sprint from today.
    assert!(
        initiative.contains("ends <strong>2027-02-01</strong> at the recent velocity: 2 points left, 1 sprint <span class=\"health health-off-track\">forecast late</span>"),
        "{initiative}"
    );
    assert!(initiative.contains("<p class=\"health-note\">The graph library slipped a sprint</p>"));
    let home = page(site.path(), "index.html");
    let attention = &home[home
        .find("<h2>Needs attention</h2>")
        .expect("a Needs attention section")..];
    let entry = &attention[attention.find("initiatives/I-1.html").unwrap()..];
    let entry = &entry[..entry.find("</li>").unwrap()];
    assert!(
        entry.contains("<span class=\"reason reason-amber\">at risk</span>"),
        "{entry}"
    );
    assert!(
        entry.contains(
            "<span class=\"reason reason-amber\">forecast to end 2027-02-01 (planned 2027-01-25)</span>"
        ),
        "{entry}"
    );
    assert!(
        entry.contains("<p class=\"note\">The graph library slipped a sprint</p>"),
        "{entry}"
    );

    // After its end it is late, on its page and in the list.
    build_on(site.path(), "2027-01-27");
    let initiative = page(site.path(), "initiatives/I-1.html");
    assert!(initiative.contains("<span class=\"health health-off-track\">late</span>"));
    let home = page(site.path(), "index.html");
    assert!(
        home.contains("<span class=\"reason reason-red\">late: planned to end 2027-01-25</span>")
    );
}

#[test]
fn the_timeline_draws_progress_health_dependencies_milestones_and_today_in_range() {
    let site = planned_site();
    build_on(site.path(), "2027-01-20");
    let roadmap = page(site.path(), "roadmap.html");
    let svg = &roadmap[roadmap.find("<figure class=\"timeline-figure\"").unwrap()
        ..roadmap.find("</figure>").unwrap()];
    assert!(
        svg.contains("<g class=\"bar stage-open status-in-progress health-at-risk\">"),
        "{svg}"
    );
    assert!(
        svg.contains("<rect class=\"done\""),
        "progress fills the bar"
    );
    assert!(
        svg.contains("<path class=\"dependency"),
        "I-2 depends on I-1: {svg}"
    );
    assert!(svg.contains("<title>I-2 depends on I-1</title>"));
    assert!(svg.contains(">Beta</text>"), "the milestone's title");
    assert!(svg.contains(">Today 2027-01-20</text>"));
    assert!(roadmap.contains("the solid line marked Today is 2027-01-20"));
    assert!(roadmap.contains("arrows lead from an initiative to one that depends on it"));
    // I-3 has no dates: it is listed, not silently left out.
    let undated = &roadmap[roadmap.find("Not on the timeline").unwrap()..];
    assert!(undated.contains("initiatives/I-3.html"));

    // Today outside the range: no Today line, and the caption does not promise one.
    build_on(site.path(), "2030-06-01");
    let roadmap = page(site.path(), "roadmap.html");
    assert!(!roadmap.contains("Today 2030"));
    assert!(!roadmap.contains("line is today"));
}

#[test]
fn key_result_scores_are_graded_by_the_bands() {
    let site = fixture("minimal");
    build_on(site.path(), "2027-01-20");
    // KR-1: (70 − 40) / (100 − 40) = 0.5, between 0.4 and 0.7.
    assert!(page(site.path(), "goals/G-1.html").contains("<div class=\"score score-mid\">"));
    edit(
        site.path(),
        "roadbook.toml",
        "[build]",
        "[okr]\nbands = [0.6, 0.8]\n\n[build]",
    );
    build_on(site.path(), "2027-01-20");
    assert!(page(site.path(), "index.html").contains("<div class=\"score score-low\">"));
    edit(
        site.path(),
        "roadbook.toml",
        "bands = [0.6, 0.8]",
        "bands = [0.8, 0.6]",
    );
    let (code, diags) = check_json(site.path(), &[]);
    assert_eq!(code, 1);
    let d = expect_one(&diags, "invalid-value", "error", "roadbook.toml", 5, 10);
    assert_eq!(
        d["message"],
        "`bands` needs two scores between 0 and 1, the lower first"
    );
}

#[test]
fn roles_show_holders_ceremony_descriptions_and_attendance_is_checked() {
    let site = fixture("minimal");
    edit(
        site.path(),
        "roles/po.md",
        "title = \"Product Owner\"",
        "title = \"Product Owner\"\nholders = [\"Jonas Berg <jonas@example.com>\"]",
    );
    edit(
        site.path(),
        "roles/ceremonies.toml",
        "timebox = \"2h\"",
        "timebox = \"2h\"\ndescription = \"The team picks the sprint goal and the stories that serve it.\"",
    );
    build_on(site.path(), "2027-01-20");
    assert!(
        page(site.path(), "roles/po.html")
            .contains("Held by <a href=\"mailto:jonas@example.com\">Jonas Berg</a>")
    );
    assert!(page(site.path(), "roles.html").contains("<p class=\"ceremony-description\">The team picks the sprint goal and the stories that serve it.</p>"));
    let role = page(site.path(), "roles/po.html");
    assert!(
        role.contains(
            "Sprint planning</a>: <span class=\"attend attend-required\">required</span>"
        )
    );

    edit(
        site.path(),
        "roles/ceremonies.toml",
        "po = \"required\"",
        "po = \"mandatory\"",
    );
    let (code, diags) = check_json(site.path(), &[]);
    assert_eq!(code, 1);
    let d = expect_one(
        &diags,
        "invalid-value",
        "error",
        "roles/ceremonies.toml",
        7,
        38,
    );
    assert_eq!(
        d["help"],
        "write one of: required, optional, facilitates, informed, no"
    );
}
