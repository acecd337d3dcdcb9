//! `roadbook check --format sarif|markdown|github` and `--deny-warnings` in every
//! format, on a fixture site with errors, a warning, a duplicate id (which has a
//! related place) and a file that cannot be read (which has no place). The SARIF
//! log is validated against OASIS's schemas (`tests/schemas/`).

mod common;

use std::path::Path;

use common::*;
use roadbook::base::{Code, Severity};
use serde_json::{Value, json};
use tempfile::TempDir;

const S1: &str = "backlog/stories/S-1-link-story.md";
const BACKLOG: &str = "backlog/backlog.toml";
const G1: &str = "goals/G-1-clarity.md";

/// The minimal fixture with a duplicate id (S-2 renamed S-1, which also breaks
/// S-1's reference to S-2), an unknown epic, a key result without a unit, a
/// page in Latin-1 (reported at its first line) and, on Unix, a link to no file
/// (reported with no place at all).
fn broken_site() -> TempDir {
    let site = fixture("minimal");
    let s = site.path();
    edit(s, BACKLOG, "id = \"S-2\"", "id = \"S-1\"");
    edit(s, S1, "epic = \"E-1\"", "epic = \"E-9\"");
    edit(s, G1, "unit = \"%\"\n", "");
    write(s, "pages/latin1.md", b"+++\ntitle = \"Caf\xe9\"\n+++\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink("nowhere.md", s.join("pages/gone.md")).unwrap();
    site
}

/// The minimal fixture whose only problem is a warning: a key result without a unit.
fn warning_site() -> TempDir {
    let site = fixture("minimal");
    edit(site.path(), G1, "unit = \"%\"\n", "");
    site
}

/// `roadbook check ARGS` in `site`: exit code and standard output.
fn check(site: &Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = roadbook(&all, site);
    (out.status.code().expect("exit code"), text(&out.stdout))
}

fn sarif(site: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--format", "sarif"];
    args.extend_from_slice(extra);
    let (exit, stdout) = check(site, &args);
    let log = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}\n{stdout}"));
    (exit, log)
}

fn schema(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every way `log` breaks the schema, as "path: error" lines.
fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn sarif_log_is_valid_against_the_oasis_schemas() {
    let draft7 = schema("sarif-schema-2.1.0.json");
    assert_eq!(draft7["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(
        draft7["$id"]
            .as_str()
            .unwrap()
            .ends_with("/sarif-schema-2.1.0.json")
    );
    assert_eq!(draft7["properties"]["version"]["enum"], json!(["2.1.0"]));
    let errata = schema("sarif-schema-2.1.0-errata01.json");
    assert_eq!(
        errata["id"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    let draft7 = with_corrected_patterns(draft7, &errata);
    let validators = [
        jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&draft7)
            .expect("the draft-07 schema compiles"),
        jsonschema::draft4::options()
            .should_validate_formats(true)
            .build(&errata)
            .expect("the errata schema compiles"),
    ];
    // Not vacuous: a log without runs is refused.
    for v in &validators {
        assert!(!schema_errors(v, &json!({ "version": "2.1.0" })).is_empty());
    }

    let site = broken_site();
    let (exit, log) = sarif(site.path(), &[]);
    assert_eq!(exit, 1);
    let (_, clean) = sarif(fixture("minimal").path(), &[]);
    assert_eq!(clean["runs"][0]["results"], json!([]));
    // A site named by its absolute path gives `file:` URIs.
    let absolute = site.path().to_str().unwrap();
    let out = roadbook(&["check", absolute, "--format", "sarif"], Path::new("/"));
    let elsewhere: Value = serde_json::from_slice(&out.stdout).unwrap();
    let duplicate = elsewhere["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "duplicate-id")
        .unwrap();
    let uri = &duplicate["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        *uri,
        json!({ "uri": format!("file://{absolute}/{BACKLOG}") })
    );
    for v in &validators {
        for log in [&log, &clean, &elsewhere] {
            let errors = schema_errors(v, log);
            assert!(errors.is_empty(), "{}", errors.join("\n"));
        }
        // A level SARIF does not know is caught.
        let mut wrong = log.clone();
        wrong["runs"][0]["results"][0]["level"] = "fatal".into();
        assert_eq!(
            schema_errors(v, &wrong).len(),
            1,
            "{:?}",
            schema_errors(v, &wrong)
        );
    }
}

/// The 2020 text writes the two `language` patterns with a stray `]`, which is
/// no regex to this validator (nor to ECMA-262 in Unicode mode): it refuses to
/// compile the schema. Errata 01 corrected both; this applies that correction
/// in memory, after checking that nothing else is touched. Roadbook's logs have
/// no `language`.
fn with_corrected_patterns(mut draft7: Value, errata: &Value) -> Value {
    for kind in ["run", "toolComponent"] {
        let pointer = format!("/definitions/{kind}/properties/language/pattern");
        let pattern = draft7.pointer_mut(&pointer).expect("a language pattern");
        assert_eq!(*pattern, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *pattern = errata
            .pointer(&pointer)
            .expect("a corrected pattern")
            .clone();
        assert_eq!(*pattern, "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    }
    draft7
}

/// A result's place: the file relative to `%SRCROOT%` and the region.
fn place(uri: &str, line: u64, start: u64, end: u64) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
            "region": { "startLine": line, "startColumn": start, "endLine": line, "endColumn": end },
        }
    })
}

#[test]
fn sarif_log_has_every_result_with_its_places() {
    let site = broken_site();
    let (_, log) = sarif(site.path(), &[]);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let index = |code: Code| Code::ALL.iter().position(|c| *c == code).unwrap();
    let mut first = place(S1, 2, 6, 11);
    first["id"] = 1.into();
    first["message"] = json!({ "text": "first defined here" });
    let mut expected = json!([
        {
            "ruleId": "duplicate-id",
            "ruleIndex": index(Code::DuplicateId),
            "level": "error",
            "message": { "text": "the id `S-1` is already used by a story\nhelp: ids are unique across the whole site; give one of the two items a new id" },
            "locations": [place(BACKLOG, 2, 6, 11)],
            "relatedLocations": [first],
        },
        {
            "ruleId": "unknown-id",
            "ruleIndex": index(Code::UnknownId),
            "level": "error",
            "message": { "text": "story `S-1` names `E-9` in `epic`, but no item has that id\nhelp: did you mean `E-1`?" },
            "locations": [place(S1, 4, 8, 13)],
        },
        {
            "ruleId": "broken-reference",
            "ruleIndex": index(Code::BrokenReference),
            "level": "error",
            "message": { "text": "the reference to `S-2` names no item\nhelp: did you mean `S-1`?" },
            "locations": [place(S1, 17, 32, 39)],
        },
        {
            "ruleId": "key-result-incomplete",
            "ruleIndex": index(Code::KeyResultIncomplete),
            "level": "warning",
            "message": { "text": "key result `KR-1` has no unit\nhelp: a key result is measurable with a baseline, a target and a unit" },
            "locations": [place(G1, 9, 6, 12)],
        },
        {
            "ruleId": "invalid-utf8",
            "ruleIndex": index(Code::InvalidUtf8),
            "level": "error",
            "message": { "text": "pages/latin1.md is not UTF-8 text\nhelp: save the file as UTF-8 in your editor, and check the letter shown here" },
            "locations": [place("pages/latin1.md", 2, 13, 14)],
        },
    ]);
    if cfg!(unix) {
        // A file the walk cannot read is named at its start (an empty span:
        // SARIF reads the start alone as the rest of the line), sorted by path.
        let unreadable = json!({
            "ruleId": "unreadable-file",
            "ruleIndex": index(Code::UnreadableFile),
            "level": "error",
            "message": { "text": "cannot read pages/gone.md: no such file or folder" },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": "pages/gone.md", "uriBaseId": "%SRCROOT%" },
                    "region": { "startLine": 1, "startColumn": 1 },
                }
            }],
        });
        expected.as_array_mut().unwrap().insert(4, unreadable);
    }
    assert_eq!(run["results"], expected, "{:#}", run["results"]);
}

#[test]
fn sarif_log_has_one_rule_per_code_with_its_page() {
    let (_, log) = sarif(fixture("minimal").path(), &[]);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "roadbook");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Code::ALL.len());
    for (rule, code) in rules.iter().zip(Code::ALL) {
        let level = match code.default_severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        assert_eq!(
            *rule,
            json!({
                "id": code.name(),
                "shortDescription": { "text": code.summary() },
                "fullDescription": { "text": code.intro() },
                "help": { "text": code.docs(), "markdown": code.docs() },
                "defaultConfiguration": { "level": level },
            })
        );
    }
    let duplicate = &rules[Code::ALL
        .iter()
        .position(|c| *c == Code::DuplicateId)
        .unwrap()];
    assert!(
        duplicate["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Two items have the same id. Links, pages")
    );
    assert!(
        duplicate["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("\n## Fix\n")
    );
}

/// The snapshot has the row of `pages/gone.md`, a link made on Unix only.
#[cfg(unix)]
#[test]
fn markdown_summary_is_a_table() {
    let site = broken_site();
    let (exit, summary) = check(site.path(), &["--format", "markdown"]);
    assert_eq!(exit, 1);
    insta::assert_snapshot!("markdown_summary", summary);
}

#[test]
fn markdown_summary_of_a_clean_site_says_so() {
    let (exit, summary) = check(fixture("minimal").path(), &["--format", "markdown"]);
    assert_eq!(exit, 0);
    assert_eq!(
        summary,
        "## Roadbook check passed: 0 errors and 0 warnings\n\nNothing to report: every check passed.\n"
    );
}

#[test]
fn github_annotations_name_the_related_places() {
    let site = broken_site();
    let (exit, stdout) = check(site.path(), &["--format", "github"]);
    assert_eq!(exit, 1);
    assert_eq!(
        stdout.lines().find(|l| l.contains("duplicate-id")).unwrap(),
        "::error file=backlog/backlog.toml,line=2,col=6,title=duplicate-id::[duplicate-id] the id \
         `S-1` is already used by a story; first defined here: backlog/stories/S-1-link-story.md:2:6 \
         (help: ids are unique across the whole site; give one of the two items a new id)"
    );
    if cfg!(unix) {
        assert!(
            stdout.contains(
                "::error file=pages/gone.md,line=1,col=1,title=unreadable-file::[unreadable-file] \
                 cannot read pages/gone.md: no such file or folder\n"
            ),
            "{stdout}"
        );
    }
}

#[test]
fn deny_warnings_reports_warnings_as_errors_in_every_format() {
    let site = warning_site();
    let s = site.path();

    let human = |args: &[&str]| {
        let out = roadbook(args, s);
        (out.status.code().unwrap(), text(&out.stderr))
    };
    let (exit, stderr) = human(&["check"]);
    assert_eq!(exit, 0);
    assert!(
        stderr.contains("warning[key-result-incomplete]: "),
        "{stderr}"
    );
    let (exit, stderr) = human(&["check", "--deny-warnings"]);
    assert_eq!(exit, 1);
    assert!(
        stderr.contains("error[key-result-incomplete]: "),
        "{stderr}"
    );
    assert!(!stderr.contains("warning["), "{stderr}");
    assert!(
        stderr.contains("check failed: ") && stderr.contains("1 error and 0 warnings"),
        "{stderr}"
    );

    let (exit, diags) = check_json(s, &[]);
    assert_eq!((exit, diags[0]["severity"].as_str()), (0, Some("warning")));
    let (exit, diags) = check_json(s, &["--deny-warnings"]);
    assert_eq!((exit, diags.len()), (1, 1));
    expect_one(&diags, "key-result-incomplete", "error", G1, 9, 6);

    let annotation = "file=goals/G-1-clarity.md,line=9,col=6,title=key-result-incomplete::\
        [key-result-incomplete] key result `KR-1` has no unit (help: a key result is measurable \
        with a baseline, a target and a unit)\n";
    let (exit, stdout) = check(s, &["--format", "github"]);
    assert_eq!((exit, stdout), (0, format!("::warning {annotation}")));
    let (exit, stdout) = check(s, &["--format", "github", "--deny-warnings"]);
    assert_eq!((exit, stdout), (1, format!("::error {annotation}")));

    let (exit, log) = sarif(s, &[]);
    assert_eq!(
        (exit, &log["runs"][0]["results"][0]["level"]),
        (0, &json!("warning"))
    );
    let (exit, log) = sarif(s, &["--deny-warnings"]);
    let result = &log["runs"][0]["results"][0];
    assert_eq!((exit, &result["level"]), (1, &json!("error")));
    let rule =
        &log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["defaultConfiguration"]["level"], "warning");

    let row =
        "| `key-result-incomplete` | `goals/G-1-clarity.md:9:6` | key result `KR-1` has no unit";
    let (exit, summary) = check(s, &["--format", "markdown"]);
    assert_eq!(exit, 0);
    assert!(
        summary.starts_with("## Roadbook check passed: 0 errors and 1 warning\n"),
        "{summary}"
    );
    assert!(summary.contains(&format!("| warning {row}")), "{summary}");
    let (exit, summary) = check(s, &["--format", "markdown", "--deny-warnings"]);
    assert_eq!(exit, 1);
    assert!(
        summary.starts_with("## Roadbook check failed: 1 error and 0 warnings\n"),
        "{summary}"
    );
    assert!(summary.contains(&format!("| error {row}")), "{summary}");
}

#[test]
fn build_with_deny_warnings_prints_warnings_as_errors() {
    let site = warning_site();
    let out = roadbook_build(site.path(), &["--deny-warnings"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[key-result-incomplete]: key result `KR-1` has no unit\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("warning["), "{stderr}");
    assert!(
        stderr.contains("build failed: 1 error and 0 warnings; the output folder was not touched"),
        "{stderr}"
    );
    assert!(!site.path().join("public").exists());

    let out = roadbook_build(site.path(), &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning[key-result-incomplete]: "),
        "{stderr}"
    );
}
