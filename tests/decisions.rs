//! Decision records (SPEC §1): their pages, the index, the decisions listed on
//! the pages of the items they affect, search, trace.json, and their checks.

mod common;

use std::path::Path;

use common::*;

/// The minimal fixture with three decisions: D-2 replaced by D-3, written in both
/// source forms.
fn with_decisions() -> tempfile::TempDir {
    let site = fixture("minimal");
    write(
        site.path(),
        "decisions/D-1-trace-everything.md",
        "+++\nid = \"D-1\"\ntitle = \"Every story names its epic\"\nstatus = \"accepted\"\ndate = 2027-01-12\ndeciders = [\"pm\", \"po\"]\naffects = [\"G-1\", \"I-1\"]\n+++\nStories without an epic cannot be traced, so we do not keep any.\n",
    );
    write(
        site.path(),
        "decisions/log.toml",
        r#"[[decision]]
id = "D-2"
title = "Estimate in hours"
status = "superseded"
date = 2026-11-02
deciders = ["sm"]
affects = ["E-1"]

[[decision]]
id = "D-3"
title = "Estimate in points"
status = "accepted"
date = 2027-02-01
deciders = ["dev"]
affects = ["E-1", "KR-1"]
supersedes = ["D-2"]
body = "Points compare across people; hours do not."
"#,
    );
    site
}

#[test]
fn decisions_have_pages_an_index_and_appear_where_they_apply() {
    let site = with_decisions();
    let built = roadbook_build(site.path(), &[]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let out = site.path().join("public");
    let page =
        |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));

    let d1 = page("decisions/D-1.html");
    assert!(d1.contains("Every story names its epic") && d1.contains("decided 2027-01-12"));
    assert!(
        d1.contains("Product Manager") && d1.contains("Product Owner"),
        "deciders"
    );
    assert!(
        d1.contains("../goals/G-1.html") && d1.contains("../initiatives/I-1.html"),
        "affects"
    );
    assert!(d1.contains("cannot be traced"), "the body");

    let d2 = page("decisions/D-2.html");
    assert!(d2.contains("Superseded by") && d2.contains("../decisions/D-3.html"));
    let d3 = page("decisions/D-3.html");
    assert!(d3.contains("Supersedes") && d3.contains("../decisions/D-2.html"));

    // Newest first.
    let index = page("decisions.html");
    let at = |id: &str| {
        index
            .find(&format!(">{id}<"))
            .unwrap_or_else(|| panic!("{id} in the index"))
    };
    assert!(at("D-3") < at("D-1") && at("D-1") < at("D-2"), "{index}");
    assert!(index.contains("superseded by"));

    // Each affected item lists its decisions; a goal also those of its key results.
    let goal = page("goals/G-1.html");
    assert!(goal.contains("<h2>Decisions</h2>") && goal.contains("D-1") && goal.contains("D-3"));
    assert!(page("initiatives/I-1.html").contains("../decisions/D-1.html"));
    let epic = page("epics/E-1.html");
    assert!(epic.contains("../decisions/D-2.html") && epic.contains("../decisions/D-3.html"));
    assert!(!page("stories/S-1.html").contains("<h2>Decisions</h2>"));

    assert!(
        page("index.html").contains("href=\"decisions.html\""),
        "a nav link"
    );
    assert_eq!(
        common::search::Index::read(&out).doc("D-3").kind,
        "decision"
    );
    let trace: serde_json::Value = serde_json::from_str(&page("trace.json")).unwrap();
    let d3 = trace["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "D-3")
        .expect("D-3 in trace.json");
    assert_eq!(d3["kind"], "decision");
    assert_eq!(d3["url"], "decisions/D-3.html");
    assert_eq!(d3["parents"], serde_json::json!(["E-1", "KR-1"]));
    assert_eq!(d3["fields"]["supersedes"], serde_json::json!(["D-2"]));
    assert_eq!(d3["fields"]["deciders"], serde_json::json!(["dev"]));
}

#[test]
fn a_site_without_decisions_has_no_decisions_page() {
    let site = fixture("minimal");
    let built = roadbook_build(site.path(), &[]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let out = site.path().join("public");
    assert!(!out.join("decisions.html").exists());
    assert!(!file_has(&out.join("index.html"), "decisions.html"));
}

#[test]
fn decisions_are_checked() {
    let site = with_decisions();
    edit(
        site.path(),
        "decisions/log.toml",
        "deciders = [\"sm\"]",
        "deciders = [\"sm\", \"cto\"]",
    );
    edit(
        site.path(),
        "decisions/log.toml",
        "affects = [\"E-1\"]",
        "affects = [\"S-1\"]",
    );
    edit(
        site.path(),
        "decisions/log.toml",
        "supersedes = [\"D-2\"]",
        "supersedes = []",
    );
    edit(
        site.path(),
        "decisions/D-1-trace-everything.md",
        "status = \"accepted\"",
        "status = \"approved\"",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1);
    let unknown = expect_one(&diags, "unknown-id", "error", "decisions/log.toml", 6, 19);
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("decision `D-2` names `cto` in `deciders`"),
        "{unknown:#}"
    );
    let wrong = expect_one(&diags, "wrong-kind", "error", "decisions/log.toml", 7, 12);
    assert!(
        wrong["help"]
            .as_str()
            .unwrap()
            .contains("a goal or a key result or an initiative or an epic"),
        "{wrong:#}"
    );
    expect_one(
        &diags,
        "superseded-without-successor",
        "error",
        "decisions/log.toml",
        4,
        10,
    );
    let status = expect_one(
        &diags,
        "invalid-status",
        "error",
        "decisions/D-1-trace-everything.md",
        4,
        10,
    );
    assert!(
        status["help"].as_str().unwrap().contains("\"accepted\""),
        "{status:#}"
    );
    assert_eq!(diags.len(), 4, "{diags:#?}");
}

#[test]
fn a_decision_file_outside_decisions_needs_its_kind() {
    let site = fixture("minimal");
    write(
        site.path(),
        "pages/D-9.md",
        "+++\nkind = \"decision\"\nid = \"D-9\"\ntitle = \"Kept with the pages\"\nstatus = \"proposed\"\n+++\n",
    );
    let built = roadbook_build(site.path(), &[]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    assert!(Path::new(&site.path().join("public/decisions/D-9.html")).is_file());
}

/// `with_decisions()` with two people; D-1 taken by the role `pm` and the
/// person `ana`, D-3 by `ana` alone.
fn with_decisions_and_people() -> tempfile::TempDir {
    let site = with_decisions();
    write(
        site.path(),
        "people/team.toml",
        "[[person]]\nid = \"ana\"\nname = \"Ana Ruiz\"\n\n[[person]]\nid = \"bo\"\nname = \"Bo Lind\"\n",
    );
    edit(
        site.path(),
        "decisions/D-1-trace-everything.md",
        "deciders = [\"pm\", \"po\"]",
        "deciders = [\"pm\", \"ana\"]",
    );
    edit(
        site.path(),
        "decisions/log.toml",
        "deciders = [\"dev\"]",
        "deciders = [\"ana\"]",
    );
    site
}

#[test]
fn deciders_are_roles_or_people_and_their_pages_list_what_they_took() {
    let site = with_decisions_and_people();
    let built = roadbook_build(site.path(), &[]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let out = site.path().join("public");
    let page =
        |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));

    let d1 = page("decisions/D-1.html");
    assert!(
        d1.contains("by <a href=\"../roles/pm.html\">Product Manager</a>, <a href=\"../people/ana.html\">Ana Ruiz</a>"),
        "{d1}"
    );
    // A person's page and a role's page list the decisions they took, newest first.
    let ana = page("people/ana.html");
    let (at3, at1) = (
        ana.find("../decisions/D-3.html").expect("D-3"),
        ana.find("../decisions/D-1.html").expect("D-1"),
    );
    assert!(at3 < at1, "newest first: {ana}");
    assert!(page("people/bo.html").contains("is named as a decider of no decision"));
    let pm = page("roles/pm.html");
    assert!(
        pm.contains("<h2>Decisions</h2>") && pm.contains("../decisions/D-1.html"),
        "{pm}"
    );
    assert!(!pm.contains("../decisions/D-3.html"));
    assert!(page("roles/sm.html").contains("../decisions/D-2.html"));
    assert!(!page("roles/po.html").contains("<h2>Decisions</h2>"));

    // The index filters by decider, people among them, as rows' data say.
    let index = page("decisions.html");
    assert!(
        index.contains("<select name=\"decider\" id=\"filter-decider\">"),
        "{index}"
    );
    assert!(
        index.contains(
            "<optgroup label=\"People\"><option value=\"ana\">Ana Ruiz</option></optgroup>"
        ),
        "only the people who took a decision: {index}"
    );
    assert!(index.contains("<option value=\"sm\">Scrum Master</option>"));
    assert!(index.contains("data-id=\"D-1\" data-status=\"accepted\" data-decider=\"pm\nana\" data-affects=\"G-1\nI-1\""));
    assert!(index.contains("<select name=\"affects\" id=\"filter-affects\">"));
    assert!(index.contains("<select name=\"status\" id=\"filter-status\">"));

    let trace: serde_json::Value = serde_json::from_str(&page("trace.json")).unwrap();
    assert_eq!(
        trace_item(&trace, "D-1")["fields"]["deciders"],
        serde_json::json!(["pm", "ana"])
    );
}

#[test]
fn an_unknown_decider_names_both_roles_and_people() {
    let site = with_decisions_and_people();
    edit(
        site.path(),
        "decisions/log.toml",
        "deciders = [\"sm\"]",
        "deciders = [\"Ana\", \"cto\"]",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    let helps: Vec<&str> = diags.iter().map(|d| d["help"].as_str().unwrap()).collect();
    assert!(
        helps[0].starts_with("did you mean `ana`? The roles and people are"),
        "{helps:?}"
    );
    assert!(
        helps[1].contains("`deciders` must name a role or a person: `ana`, `bo`, `dev`"),
        "{helps:?}"
    );
    for (d, column) in diags.iter().zip([13, 20]) {
        assert_eq!(d["code"], "unknown-id");
        assert_eq!(d["file"], "decisions/log.toml");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(6), Some(column))
        );
    }
}

#[test]
fn superseded_by_must_agree_with_the_other_decisions_supersedes() {
    // Both ends written and agreeing: D-2 names D-3, D-3 names D-2.
    let site = with_decisions();
    edit(
        site.path(),
        "decisions/log.toml",
        "deciders = [\"sm\"]",
        "deciders = [\"sm\"]\nsuperseded_by = [\"D-3\"]",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:#?}");
    let built = roadbook_build(site.path(), &[]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let d2 = std::fs::read_to_string(site.path().join("public/decisions/D-2.html")).unwrap();
    assert!(
        d2.contains("Superseded by <a href=\"../decisions/D-3.html\""),
        "{d2}"
    );

    // D-1 says D-3 replaces it, and D-3 does not say so: one error, at the entry.
    edit(
        site.path(),
        "decisions/D-1-trace-everything.md",
        "affects = [\"G-1\", \"I-1\"]",
        "affects = [\"G-1\", \"I-1\"]\nsuperseded_by = [\"D-3\"]",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1);
    let d = expect_one(
        &diags,
        "supersede-mismatch",
        "error",
        "decisions/D-1-trace-everything.md",
        8,
        18,
    );
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains(
            "decision `D-1` says `D-3` supersedes it, but `D-3` does not name `D-1` in `supersedes`"
        ),
        "{message}"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("add \"D-1\" to the supersedes of `D-3`")
    );
    // D-1 is accepted and superseded (by its own word): a warning of its own.
    expect_one(
        &diags,
        "superseded-not-dropped",
        "warning",
        "decisions/D-1-trace-everything.md",
        4,
        10,
    );
    assert_eq!(diags.len(), 2, "{diags:#?}");
}

#[test]
fn supersedes_must_agree_with_a_superseded_by_that_is_written() {
    let site = with_decisions();
    // D-2 names D-1 as its successor, while D-3 is the one that supersedes it.
    edit(
        site.path(),
        "decisions/log.toml",
        "deciders = [\"sm\"]",
        "deciders = [\"sm\"]\nsuperseded_by = [\"D-1\"]",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1);
    let mismatches: Vec<(u64, &str)> = diags
        .iter()
        .filter(|d| d["code"] == "supersede-mismatch")
        .map(|d| (d["line"].as_u64().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(mismatches.len(), 2, "{diags:#?}");
    assert!(
        mismatches[0].1.contains("`D-2` says `D-1` supersedes it"),
        "{mismatches:?}"
    );
    assert_eq!(mismatches[0].0, 7);
    assert!(
        mismatches[1].1.contains(
            "decision `D-3` supersedes `D-2`, but the superseded_by of `D-2` does not name `D-3`"
        ),
        "{mismatches:?}"
    );
    assert_eq!(mismatches[1].0, 17);
}

#[test]
fn a_superseded_decision_whose_status_still_holds_is_a_warning() {
    let site = with_decisions();
    edit(
        site.path(),
        "decisions/log.toml",
        "status = \"superseded\"",
        "status = \"proposed\"",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 0, "{diags:#?}");
    let d = expect_one(
        &diags,
        "superseded-not-dropped",
        "warning",
        "decisions/log.toml",
        4,
        10,
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("decision `D-2` is superseded by `D-3`, but its status `proposed` is not one of [workflow] dropped"),
        "{d:#?}"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .starts_with("set status = \"superseded\"")
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");

    // What dropped means comes from the workflow: a status it lists is fine.
    edit(
        site.path(),
        "roadbook.toml",
        "output_dir = \"public\"",
        "output_dir = \"public\"\n[workflow]\ndecision = [\"proposed\", \"accepted\", \"replaced\"]\ndone = [\"shipped\", \"done\", \"accepted\"]\ndropped = [\"dropped\", \"replaced\"]",
    );
    edit(
        site.path(),
        "decisions/log.toml",
        "status = \"proposed\"",
        "status = \"replaced\"",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:#?}");
}

/// A decision still open is not "decided" on its date, whatever its workflow
/// calls its statuses; a finished one (done or dropped) is.
#[test]
fn only_a_finished_decision_reads_as_decided() {
    let site = with_decisions();
    write(
        site.path(),
        "decisions/D-4.md",
        "+++\nid = \"D-4\"\ntitle = \"Keep allergy data on the device\"\nstatus = \"proposed\"\ndate = 2027-02-20\n+++\n",
    );
    let page = |site: &Path, p: &str| {
        std::fs::read_to_string(site.join("public").join(p)).unwrap_or_else(|e| panic!("{p}: {e}"))
    };
    let built = roadbook_build(site.path(), &[]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let d4 = page(site.path(), "decisions/D-4.html");
    assert!(
        d4.contains("<span>dated 2027-02-20</span>") && !d4.contains("decided"),
        "{d4}"
    );
    assert!(page(site.path(), "decisions/D-1.html").contains("<span>decided 2027-01-12</span>"));
    assert!(
        page(site.path(), "decisions/D-2.html").contains("<span>decided 2026-11-02</span>"),
        "superseded is decided"
    );

    // Renamed statuses keep their meaning.
    edit(
        site.path(),
        "roadbook.toml",
        "output_dir = \"public\"",
        "output_dir = \"public\"\n[workflow]\ndecision = [\"draft\", \"in-review\", \"approved\", \"superseded\"]\ndone = [\"shipped\", \"done\", \"approved\"]\ndropped = [\"dropped\", \"superseded\"]",
    );
    edit(
        site.path(),
        "decisions/D-4.md",
        "\"proposed\"",
        "\"in-review\"",
    );
    edit(
        site.path(),
        "decisions/D-1-trace-everything.md",
        "\"accepted\"",
        "\"approved\"",
    );
    edit(
        site.path(),
        "decisions/log.toml",
        "status = \"accepted\"",
        "status = \"approved\"",
    );
    let built = roadbook_build(site.path(), &[]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    assert!(page(site.path(), "decisions/D-4.html").contains("<span>dated 2027-02-20</span>"));
    assert!(page(site.path(), "decisions/D-1.html").contains("<span>decided 2027-01-12</span>"));
}
