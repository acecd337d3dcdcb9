//! The writer's loop: what a product owner sees from `roadbook check` after the
//! mistakes people really make. One mistake gives one diagnostic, in words that
//! fit it, and a file that does not parse causes no false errors elsewhere.
//! Each test edits the `minimal` fixture and snapshots the whole report as the
//! writer reads it (insta; `cargo insta review` after a deliberate change).

mod common;

use common::*;

const S1: &str = "backlog/stories/S-1-link-story.md";
const BACKLOG: &str = "backlog/backlog.toml";
const SPRINTS: &str = "backlog/sprints.toml";
const MILESTONES: &str = "roadmap/milestones.toml";
const E1: &str = "backlog/epics/E-1-links.md";
const RACI: &str = "roles/raci.toml";

/// `roadbook check` on the minimal fixture after `change`: the exit code and the
/// report as printed, without the note about history (the fixture is no git
/// repository).
fn report(change: impl FnOnce(&std::path::Path)) -> String {
    let site = fixture("minimal");
    change(site.path());
    let out = roadbook(&["check"], site.path());
    let printed: String = text(&out.stderr)
        .lines()
        .filter(|l| !l.starts_with("note: "))
        .map(|l| format!("{l}\n"))
        .collect();
    format!("exit {}\n{printed}", out.status.code().unwrap_or(-1))
}

// A file that does not parse: one error, and nothing that follows from it.

#[test]
fn a_missing_quote_in_sprints_is_the_only_error() {
    // S-1 is in sprint SP-1: its link is not reported while sprints.toml is broken.
    insta::assert_snapshot!(report(|s| edit(
        s,
        SPRINTS,
        "title = \"Sprint 1\"",
        "title = Sprint 1\""
    )));
}

#[test]
fn a_broken_table_header_loses_only_its_item() {
    insta::assert_snapshot!(report(|s| edit(s, SPRINTS, "[[sprint]]", "[[sprint]")));
}

#[test]
fn the_other_mistakes_of_a_broken_file_are_still_reported() {
    insta::assert_snapshot!(report(|s| {
        write(
            s,
            "backlog/more.toml",
            "[[story]]\nid = \"S-3\"\ntitle = \"Broken\nepic = \"E-1\"\n\n[[story]]\nid = \"S-4\"\ntitle = \"Fine\"\nepic = \"E-1\"\npriorty = 3\n",
        );
    }));
}

#[test]
fn a_text_left_open_ends_at_the_next_item() {
    insta::assert_snapshot!(report(|s| {
        write(
            s,
            "backlog/more.toml",
            "[[story]]\nid = \"S-3\"\ntitle = \"Notes\"\nepic = \"E-1\"\nbody = \"\"\"\nSome notes\n\n[[story]]\nid = \"S-4\"\ntitle = \"Next\"\nepic = \"E-1\"\n",
        );
    }));
}

#[test]
fn an_epic_named_only_by_a_broken_story_is_not_called_empty() {
    // E-2's one story does not parse: "epic E-2 has no stories" would be false.
    insta::assert_snapshot!(report(|s| {
        write(
            s,
            "backlog/epics/E-2-more.md",
            "+++\nid = \"E-2\"\ntitle = \"More\"\ninitiative = \"I-1\"\n+++\n",
        );
        write(
            s,
            "backlog/stories/S-5.md",
            "+++\nid = \"S-5\"\ntitle = \"Half\nepic = \"E-2\"\n+++\n",
        );
    }));
}

#[test]
fn yaml_front_matter_is_named_as_such() {
    insta::assert_snapshot!(report(|s| {
        write(
            s,
            "backlog/stories/S-3.md",
            "---\nid: S-3\ntitle: Export\nepic: E-1\n---\nBody\n",
        );
        edit(
            s,
            S1,
            "Depends on nothing.",
            "Depends on nothing; see [[S-3]].",
        );
    }));
}

// Syntax errors, each with the hint that fits it.

#[test]
fn syntax_hints_fit_each_mistake() {
    insta::assert_snapshot!(report(|s| {
        write(
            s,
            "backlog/more.toml",
            "[[story]]\nid = \"S-3\"\ntitle = Export the backlog\nepic = \"E-1\"\n\n\
             [[story]]\nid = \"S-4\"\ntitle = \"Estimate\"\nepic = \"E-1\"\npoints = 3 3\n\n\
             [[story]]\nid = \"S-5\"\ntitle = \"Draft\"\nepic = \"E-1\"\ndraft = yes\n\n\
             [[story]]\nid = \"S-6\"\ntitle: \"YAML habit\"\nepic = \"E-1\"\n\n\
             [[story]]\nid = \"S-7\"\ntitle = \"Twice\"\ntitle = \"Again\"\nepic = \"E-1\"\n",
        );
        edit(s, MILESTONES, "date = 2027-02-15", "date = 2027-02-30");
    }));
}

// One mistake, one diagnostic.

#[test]
fn points_as_text_is_not_also_a_missing_estimate() {
    insta::assert_snapshot!(report(|s| edit(s, BACKLOG, "points = 2", "points = \"2\"")));
}

#[test]
fn an_end_date_in_quotes_is_not_also_a_missing_end() {
    insta::assert_snapshot!(report(|s| edit(
        s,
        SPRINTS,
        "end = 2027-01-15",
        "end = \"2027-01-15\""
    )));
}

// "Did you mean" by meaning as well as spelling.

#[test]
fn field_names_writers_reach_for() {
    insta::assert_snapshot!(report(|s| {
        edit(s, BACKLOG, "acceptance =", "acceptance_criteria =");
        edit(s, BACKLOG, "points = 2", "estimate = 2");
        edit(s, BACKLOG, "priority = 2", "assignee = \"po\"");
    }));
}

#[test]
fn stories_tables_are_read_as_stories() {
    // S-1 links to S-2, which is written under [[stories]]: no broken reference.
    insta::assert_snapshot!(report(|s| edit(s, BACKLOG, "[[story]]", "[[stories]]")));
}

#[test]
fn an_owner_that_is_no_role_lists_the_roles() {
    insta::assert_snapshot!(report(|s| edit(s, E1, "owner = \"po\"", "owner = \"P0\"")));
}

#[test]
fn an_unknown_role_points_at_the_raci_columns() {
    insta::assert_snapshot!(report(|s| edit(
        s,
        RACI,
        "raci = { po = \"C\", sm = \"AR\", dev = \"R\" }",
        "raci = { po = \"C\", sm = \"AR\", qa = \"R\" }"
    )));
}

// Secondary labels.

#[test]
fn a_duplicate_id_names_both_places() {
    insta::assert_snapshot!(report(|s| edit(s, BACKLOG, "id = \"S-2\"", "id = \"S-1\"")));
}

// Code blocks that ask for no highlighting.

#[test]
fn a_text_code_block_is_no_unknown_language() {
    let out = report(|s| {
        edit(
            s,
            S1,
            "```rust",
            "```text\nplain words\n```\n\n```mermaid\ngraph\n```\n\n```pyhton\nx\n```\n\n```rust",
        )
    });
    assert!(
        !out.contains("`text`") && !out.contains("`mermaid`"),
        "{out}"
    );
    assert!(
        out.contains("the code block's language `pyhton` is not known"),
        "{out}"
    );
}
