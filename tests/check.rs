//! `roadbook check` on fixture sites: one test per diagnostic code, each asserting
//! the exit code, the code, the file, the line and the column.

mod common;

use common::*;

const S1: &str = "backlog/stories/S-1-link-story.md";
const BACKLOG: &str = "backlog/backlog.toml";
const I1: &str = "roadmap/I-1-tracing.md";
const G1: &str = "goals/G-1-clarity.md";
const E1: &str = "backlog/epics/E-1-links.md";
const RACI: &str = "roles/raci.toml";

#[test]
fn the_minimal_fixture_checks_clean() {
    let site = fixture("minimal");
    let (exit, diags) = check_json(site.path(), &["--deny-warnings"]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:#?}");
}

#[test]
fn example_site_checks_clean_with_deny_warnings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = roadbook(&["check", "example-site", "--deny-warnings"], root);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("0 errors and 0 warnings"));
}

// Errors by default.

#[test]
fn toml_error_in_front_matter_is_reported_at_its_line_in_the_file() {
    let d = assert_check(
        |s| {
            edit(
                s,
                S1,
                "title = \"Link a story to its epic\"",
                "title = \"Link a story",
            )
        },
        "parse-error",
        "error",
        (S1, 3, 9),
    );
    assert_eq!(
        d["message"],
        "invalid TOML: the text of `title` is not closed"
    );
}

#[test]
fn unclosed_front_matter() {
    assert_check(
        |s| {
            write(
                s,
                "backlog/stories/S-3.md",
                "+++\nid = \"S-3\"\ntitle = \"x\"\nBody\n",
            )
        },
        "parse-error",
        "error",
        ("backlog/stories/S-3.md", 1, 1),
    );
}

#[test]
fn toml_error_in_a_toml_file() {
    assert_check(
        |s| edit(s, BACKLOG, "points = 2", "points = = 2"),
        "parse-error",
        "error",
        (BACKLOG, 6, 10),
    );
}

#[test]
fn missing_required_field() {
    let d = assert_check(
        |s| edit(s, S1, "title = \"Link a story to its epic\"\n", ""),
        "missing-field",
        "error",
        (S1, 1, 1),
    );
    assert_eq!(d["help"], "add `title = \"…\"`");
}

#[test]
fn unknown_field_suggests_the_known_one() {
    let d = assert_check(
        |s| edit(s, S1, "title =", "titel ="),
        "unknown-field",
        "error",
        (S1, 3, 1),
    );
    assert_eq!(d["help"], "did you mean `title`?");
}

#[test]
fn unknown_check_name_in_config() {
    let d = assert_check(
        |s| {
            write(
                s,
                "roadbook.toml",
                "title = \"T\"\n[checks]\norphan-stories = \"error\"\n",
            )
        },
        "unknown-field",
        "error",
        ("roadbook.toml", 3, 1),
    );
    assert_eq!(d["help"], "did you mean `orphan-story`?");
}

#[test]
fn wrong_type() {
    assert_check(
        |s| edit(s, S1, "points = 3", "points = \"3\""),
        "wrong-type",
        "error",
        (S1, 9, 10),
    );
}

#[test]
fn status_not_in_the_workflow() {
    let d = assert_check(
        |s| edit(s, BACKLOG, "status = \"ready\"", "status = \"redy\""),
        "invalid-status",
        "error",
        (BACKLOG, 5, 10),
    );
    let help = d["help"].as_str().unwrap();
    assert!(help.starts_with("did you mean \"ready\"?"), "{help}");
    assert!(
        help.contains("\"draft\", \"ready\", \"in-progress\", \"done\", \"dropped\""),
        "{help}"
    );
}

#[test]
fn custom_workflow_statuses_are_allowed() {
    let site = fixture("minimal");
    edit(
        site.path(),
        "roadbook.toml",
        "[build]",
        "[workflow]\nstory = [\"draft\", \"ready\", \"review\", \"done\", \"dropped\"]\n\n[build]",
    );
    edit(
        site.path(),
        BACKLOG,
        "status = \"ready\"",
        "status = \"review\"",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:#?}");
}

#[test]
fn value_outside_its_set() {
    assert_check(
        |s| edit(s, I1, "horizon = \"now\"", "horizon = \"soon\""),
        "invalid-value",
        "error",
        (I1, 5, 11),
    );
}

#[test]
fn date_that_is_not_a_date() {
    let d = assert_check(
        |s| edit(s, I1, "start = 2027-01-04", "start = \"2027-01-04\""),
        "invalid-date",
        "error",
        (I1, 6, 9),
    );
    assert_eq!(d["help"], "remove the quotes: start = 2027-01-04");
}

#[test]
fn invalid_id() {
    assert_check(
        |s| edit(s, S1, "id = \"S-1\"", "id = \"1-bad\""),
        "invalid-id",
        "error",
        (S1, 2, 6),
    );
}

#[test]
fn end_before_start() {
    assert_check(
        |s| edit(s, I1, "end = 2027-03-26", "end = 2026-12-01"),
        "end-before-start",
        "error",
        (I1, 7, 7),
    );
}

#[test]
fn only_one_date_of_two() {
    assert_check(
        |s| edit(s, I1, "end = 2027-03-26\n", ""),
        "end-before-start",
        "error",
        (I1, 6, 9),
    );
}

#[test]
fn markdown_file_of_unknown_kind() {
    let d = assert_check(
        |s| {
            write(
                s,
                "backlog/notes.md",
                "+++\nid = \"N-1\"\ntitle = \"Notes\"\n+++\n",
            )
        },
        "unknown-kind",
        "error",
        ("backlog/notes.md", 1, 1),
    );
    assert!(d["help"].as_str().unwrap().contains("kind = \"story\""));
}

#[test]
fn kind_field_wins_over_the_folder() {
    let site = fixture("minimal");
    write(
        site.path(),
        "roadmap/M-2.md",
        "+++\nkind = \"milestone\"\nid = \"M-2\"\ntitle = \"GA\"\ndate = 2027-06-01\n+++\nGeneral availability.\n",
    );
    let (exit, diags) = check_json(site.path(), &["--deny-warnings"]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:#?}");
}

#[test]
fn duplicate_id_names_the_first_definition() {
    let d = assert_check(
        |s| edit(s, BACKLOG, "id = \"S-2\"", "id = \"S-1\""),
        "duplicate-id",
        "error",
        (BACKLOG, 2, 6),
    );
    assert_eq!(d["message"], "the id `S-1` is already used by a story");
    assert_eq!(
        d["related"],
        serde_json::json!([{ "file": S1, "line": 2, "column": 6, "message": "first defined here" }])
    );
}

#[test]
fn unknown_id_suggests_the_nearest() {
    let d = assert_check(
        |s| edit(s, S1, "epic = \"E-1\"", "epic = \"E-9\""),
        "unknown-id",
        "error",
        (S1, 4, 8),
    );
    assert_eq!(d["help"], "did you mean `E-1`?");
}

#[test]
fn link_to_the_wrong_kind() {
    let d = assert_check(
        |s| edit(s, S1, "epic = \"E-1\"", "epic = \"G-1\""),
        "wrong-kind",
        "error",
        (S1, 4, 8),
    );
    assert!(
        d["message"].as_str().unwrap().contains("`G-1` is a goal"),
        "{d}"
    );
}

#[test]
fn cycle_in_depends_on() {
    let d = assert_check(
        |s| {
            edit(
                s,
                S1,
                "priority = 1",
                "priority = 1\ndepends_on = [\"S-2\"]",
            )
        },
        "dependency-cycle",
        "error",
        (BACKLOG, 8, 15),
    );
    assert!(
        d["message"].as_str().unwrap().contains("S-1 → S-2 → S-1"),
        "{d}"
    );
}

#[test]
fn raci_activity_with_two_accountable_roles() {
    let d = assert_check(
        |s| {
            edit(
                s,
                RACI,
                "raci = { pm = \"C\", po = \"AR\"",
                "raci = { pm = \"A\", po = \"AR\"",
            )
        },
        "raci-accountable",
        "error",
        (RACI, 13, 8),
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("2 accountable roles (pm, po)"),
        "{d}"
    );
}

#[test]
fn raci_activity_without_responsible_role() {
    assert_check(
        |s| {
            edit(
                s,
                RACI,
                "raci = { po = \"C\", sm = \"AR\", dev = \"R\" }",
                "raci = { po = \"C\", sm = \"A\", dev = \"C\" }",
            )
        },
        "raci-responsible",
        "error",
        (RACI, 19, 8),
    );
}

#[test]
fn raci_cell_with_other_letters() {
    let d = assert_check(
        |s| {
            edit(
                s,
                RACI,
                "pm = \"AR\", po = \"C\"",
                "pm = \"AR\", po = \"c\"",
            )
        },
        "raci-letter",
        "error",
        (RACI, 7, 26),
    );
    assert_eq!(d["help"], "write the letters in capitals: \"C\"");
}

#[test]
fn raci_cell_naming_a_role_without_charter() {
    let d = assert_check(
        |s| {
            edit(
                s,
                RACI,
                "sm = \"I\", dev = \"AR\"",
                "sm = \"I\", dev = \"AR\", qa = \"C\"",
            )
        },
        "unknown-role",
        "error",
        (RACI, 25, 42),
    );
    assert!(d["help"].as_str().unwrap().contains("roles/qa.md"), "{d}");
}

#[test]
fn ceremony_naming_a_role_without_charter() {
    assert_check(
        |s| {
            edit(
                s,
                "roles/ceremonies.toml",
                "pm = \"optional\"",
                "pmm = \"optional\"",
            )
        },
        "unknown-role",
        "error",
        ("roles/ceremonies.toml", 6, 16),
    );
}

#[test]
fn ready_story_without_acceptance_criteria() {
    assert_check(
        |s| {
            edit(
                s,
                BACKLOG,
                "acceptance = [\"The epic shows 1 of 2 stories done\"]\n",
                "",
            )
        },
        "story-without-acceptance",
        "error",
        (BACKLOG, 5, 10),
    );
}

#[test]
fn draft_story_needs_no_acceptance_criteria() {
    let site = fixture("minimal");
    edit(
        site.path(),
        BACKLOG,
        "acceptance = [\"The epic shows 1 of 2 stories done\"]\n",
        "",
    );
    edit(
        site.path(),
        BACKLOG,
        "status = \"ready\"",
        "status = \"draft\"",
    );
    let (exit, diags) = check_json(site.path(), &["--deny-warnings"]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:#?}");
}

#[test]
fn broken_reference_in_a_markdown_body() {
    let d = assert_check(
        |s| edit(s, S1, "[[S-2]]", "[[S-22]]"),
        "broken-reference",
        "error",
        (S1, 17, 32),
    );
    assert_eq!(d["help"], "did you mean `S-2`?");
}

#[test]
fn broken_reference_with_own_text() {
    assert_check(
        |s| edit(s, S1, "[the epic](E-1)", "[the epic](E-7)"),
        "broken-reference",
        "error",
        (S1, 17, 50),
    );
}

#[test]
fn broken_reference_in_a_toml_body() {
    assert_check(
        |s| edit(s, BACKLOG, "[[S-1]]", "[[S-11]]"),
        "broken-reference",
        "error",
        (BACKLOG, 11, 11),
    );
}

#[test]
fn relative_links_and_code_are_not_references() {
    let site = fixture("minimal");
    edit(
        site.path(),
        S1,
        "Depends on nothing.",
        "See [setup](setup.html), [home](#top), `[[S-99]]`.",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:#?}");
}

#[test]
fn waiver_of_an_unknown_code() {
    let d = assert_check(
        |s| {
            edit(
                s,
                S1,
                "priority = 1",
                "priority = 1\nwaive = { orphan-stroy = \"spike\" }",
            )
        },
        "invalid-waiver",
        "error",
        (S1, 11, 11),
    );
    assert_eq!(d["help"], "did you mean `orphan-story`?");
}

#[test]
fn waiver_of_an_error_is_refused() {
    let site = fixture("minimal");
    edit(
        site.path(),
        S1,
        "epic = \"E-1\"",
        "epic = \"E-9\"\nwaive = { unknown-id = \"later\" }",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1);
    expect_one(&diags, "unknown-id", "error", S1, 4, 8);
    expect_one(&diags, "invalid-waiver", "error", S1, 5, 11);
}

// Warnings by default.

#[test]
fn orphan_story() {
    assert_check(
        |s| edit(s, S1, "epic = \"E-1\"\n", ""),
        "orphan-story",
        "warning",
        (S1, 2, 6),
    );
}

#[test]
fn orphan_epic() {
    assert_check(
        |s| edit(s, E1, "initiative = \"I-1\"\n", ""),
        "orphan-epic",
        "warning",
        (E1, 2, 6),
    );
}

#[test]
fn orphan_initiative() {
    assert_check(
        |s| edit(s, I1, "goals = [\"KR-1\"]", "goals = []"),
        "orphan-initiative",
        "warning",
        (I1, 2, 6),
    );
}

#[test]
fn goal_no_initiative_serves() {
    assert_check(
        |s| {
            write(
                s,
                "goals/G-2.md",
                "+++\nid = \"G-2\"\ntitle = \"Grow\"\n+++\n",
            )
        },
        "goal-unserved",
        "warning",
        ("goals/G-2.md", 2, 6),
    );
}

#[test]
fn epic_without_stories() {
    assert_check(
        |s| {
            write(
                s,
                "backlog/epics/E-2.md",
                "+++\nid = \"E-2\"\ntitle = \"Later\"\ninitiative = \"I-1\"\n+++\n",
            )
        },
        "epic-without-stories",
        "warning",
        ("backlog/epics/E-2.md", 2, 6),
    );
}

#[test]
fn key_result_without_unit() {
    let d = assert_check(
        |s| edit(s, G1, "unit = \"%\"\n", ""),
        "key-result-incomplete",
        "warning",
        (G1, 9, 6),
    );
    assert_eq!(d["message"], "key result `KR-1` has no unit");
}

#[test]
fn ready_story_without_estimate() {
    assert_check(
        |s| edit(s, BACKLOG, "points = 2\n", ""),
        "story-without-estimate",
        "warning",
        (BACKLOG, 5, 10),
    );
}

#[test]
fn now_initiative_depending_on_a_later_one() {
    assert_check(
        |s| {
            write(
                s,
                "roadmap/I-2.md",
                "+++\nid = \"I-2\"\ntitle = \"Later\"\ngoals = [\"G-1\"]\nhorizon = \"later\"\n+++\n",
            );
            edit(
                s,
                I1,
                "owner = \"pm\"",
                "owner = \"pm\"\ndepends_on = [\"I-2\"]",
            );
        },
        "now-depends-on-later",
        "warning",
        (I1, 11, 15),
    );
}

#[test]
fn role_accountable_or_responsible_for_nothing() {
    assert_check(
        |s| {
            edit(
                s,
                RACI,
                "raci = { po = \"C\", sm = \"AR\", dev = \"R\" }",
                "raci = { po = \"C\", sm = \"AR\", dev = \"C\" }",
            );
            edit(s, RACI, "dev = \"AR\"", "dev = \"C\", po = \"AR\"");
            edit(
                s,
                RACI,
                "raci = { po = \"C\", sm = \"I\", dev",
                "raci = { sm = \"I\", dev",
            );
        },
        "role-without-duty",
        "warning",
        ("roles/dev.md", 2, 6),
    );
}

#[test]
fn unused_waiver() {
    assert_check(
        |s| {
            edit(
                s,
                S1,
                "priority = 1",
                "priority = 1\nwaive = { orphan-story = \"spike\" }",
            )
        },
        "unused-waiver",
        "warning",
        (S1, 11, 11),
    );
}

// Severities, waivers and exit codes.

#[test]
fn a_waiver_silences_the_warning_of_its_item() {
    let site = fixture("minimal");
    edit(
        site.path(),
        S1,
        "epic = \"E-1\"",
        "waive = { orphan-story = \"A spike, kept apart on purpose\" }",
    );
    let (exit, diags) = check_json(site.path(), &["--deny-warnings"]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:#?}");
    let out = roadbook(&["check"], site.path());
    assert!(
        text(&out.stderr).contains("1 waived"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn checks_table_raises_lowers_and_turns_off() {
    let site = fixture("minimal");
    edit(site.path(), S1, "epic = \"E-1\"\n", "");
    edit(
        site.path(),
        "roadbook.toml",
        "[build]",
        "[checks]\norphan-story = \"error\"\n\n[build]",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1);
    expect_one(&diags, "orphan-story", "error", S1, 2, 6);

    edit(
        site.path(),
        "roadbook.toml",
        "orphan-story = \"error\"",
        "orphan-story = \"off\"",
    );
    let (exit, diags) = check_json(site.path(), &["--deny-warnings"]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:#?}");

    edit(
        site.path(),
        "roadbook.toml",
        "orphan-story = \"off\"",
        "story-without-estimate = \"error\"\norphan-story = \"warning\"",
    );
    edit(site.path(), BACKLOG, "points = 2\n", "");
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1);
    expect_one(&diags, "story-without-estimate", "error", BACKLOG, 5, 10);
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let site = fixture("minimal");
    edit(site.path(), S1, "epic = \"E-1\"\n", "");
    assert_eq!(check_json(site.path(), &[]).0, 0);
    assert_eq!(check_json(site.path(), &["--deny-warnings"]).0, 1);
}

#[test]
fn one_run_reports_every_problem() {
    let site = fixture("minimal");
    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    edit(
        site.path(),
        BACKLOG,
        "status = \"ready\"",
        "status = \"redy\"",
    );
    edit(site.path(), RACI, "dev = \"AR\"", "dev = \"R\"");
    edit(site.path(), G1, "unit = \"%\"\n", "");
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1);
    let mut codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        [
            "invalid-status",
            "key-result-incomplete",
            "raci-accountable",
            "unknown-id"
        ]
    );
}

#[test]
fn exit_code_2_when_the_site_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = roadbook(&["check", "no-such-site"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot read the site folder no-such-site"),
        "{}",
        text(&out.stderr)
    );

    let out = roadbook(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("has no roadbook.toml"),
        "{}",
        text(&out.stderr)
    );

    write(dir.path(), "file.md", "x");
    let out = roadbook(&["check", "file.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is a file, not a site folder"),
        "{}",
        text(&out.stderr)
    );

    let out = roadbook(&["check", "--format", "xml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = roadbook(&["check", "--no-such-flag"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn file_that_is_not_utf8() {
    let site = fixture("minimal");
    write(
        site.path(),
        "backlog/stories/S-3.md",
        b"+++\nid = \"S-3\"\ntitle = \"caf\xe9\"\n+++\n",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1);
    let d = expect_one(
        &diags,
        "invalid-utf8",
        "error",
        "backlog/stories/S-3.md",
        3,
        13,
    );
    assert_eq!(d["message"], "backlog/stories/S-3.md is not UTF-8 text");
}

#[test]
fn symlink_loop_is_reported_not_followed_forever() {
    let site = fixture("minimal");
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", site.path().join("goals/loop")).unwrap();
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1);
    let d = diags
        .iter()
        .find(|d| d["code"] == "unreadable-file")
        .expect("unreadable-file");
    assert!(d["message"].as_str().unwrap().contains("goals/loop"), "{d}");
}

#[test]
fn bom_and_crlf_files_load_with_right_lines() {
    let site = fixture("minimal");
    let path = site.path().join(S1);
    let crlf = std::fs::read_to_string(&path)
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(&path, format!("\u{feff}{crlf}")).unwrap();
    let (exit, diags) = check_json(site.path(), &["--deny-warnings"]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:#?}");
    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    let (_, diags) = check_json(site.path(), &[]);
    expect_one(&diags, "unknown-id", "error", S1, 4, 8);
}

// Output formats.

#[test]
fn human_format_shows_the_line_a_caret_and_help() {
    let site = fixture("minimal");
    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    let out = roadbook(&["check"], site.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let expected = format!(
        "error[unknown-id]: story `S-1` names `E-9` in `epic`, but no item has that id\n \
         --> {S1}:4:8\n  |\n4 | epic = \"E-9\"\n  |        ^^^^^\n  = help: did you mean `E-1`?\n"
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(stderr.contains("check failed: "), "{stderr}");
    assert!(stderr.contains("1 error and 0 warnings"), "{stderr}");
}

#[test]
fn github_format_prints_workflow_commands() {
    let site = fixture("minimal");
    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    edit(site.path(), G1, "unit = \"%\"\n", "");
    let out = roadbook(&["check", "--format", "github"], site.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "::error file=backlog/stories/S-1-link-story.md,line=4,col=8,title=unknown-id::[unknown-id] story `S-1` names `E-9` in `epic`, but no item has that id (help: did you mean `E-1`?)",
            "::warning file=goals/G-1-clarity.md,line=9,col=6,title=key-result-incomplete::[key-result-incomplete] key result `KR-1` has no unit (help: a key result is measurable with a baseline, a target and a unit)",
        ]
    );
}

#[test]
fn json_format_is_one_array_of_diagnostics() {
    let site = fixture("minimal");
    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    let out = roadbook(&["check", "--format", "json"], site.path());
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        value,
        serde_json::json!([{
            "severity": "error",
            "code": "unknown-id",
            "message": "story `S-1` names `E-9` in `epic`, but no item has that id",
            "file": S1,
            "line": 4,
            "column": 8,
            "help": "did you mean `E-1`?"
        }])
    );
}

#[test]
fn paths_are_shown_from_where_the_command_ran() {
    let site = fixture("minimal");
    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    let parent = site.path().parent().unwrap();
    let name = site.path().file_name().unwrap().to_str().unwrap();
    let out = roadbook(&["check", name, "--format", "github"], parent);
    assert!(
        text(&out.stdout).contains(&format!("file={name}/{S1},line=4")),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn code_block_in_an_unknown_language() {
    let d = assert_check(
        |s| edit(s, S1, "```rust", "```klingon"),
        "unknown-language",
        "warning",
        (S1, 19, 1),
    );
    assert!(d["message"].as_str().unwrap().contains("`klingon`"), "{d}");
}

#[test]
fn unknown_highlight_theme() {
    let d = assert_check(
        |s| {
            edit(
                s,
                "roadbook.toml",
                "output_dir = \"public\"",
                "output_dir = \"public\"\nhighlight_theme = \"InspiredGithub\"",
            )
        },
        "invalid-value",
        "error",
        ("roadbook.toml", 6, 19),
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean \"InspiredGitHub\"?"),
        "{d}"
    );
}
