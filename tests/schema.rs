//! `roadbook schema` (SPEC §7): the JSON Schemas it writes are valid draft
//! 2020-12 schemas; every source of the example, of the starter site and of the
//! minimal fixture validates against the schema that applies to it (a `.toml`
//! file by the rules of `.taplo.toml`, a Markdown file's front matter by its
//! kind, converted to JSON as Taplo and the loader convert TOML); and the
//! mistakes that `roadbook check` reports as `unknown-field`, `wrong-type` and
//! `invalid-status` fail validation at the field. The example's `.taplo.toml`
//! and `schemas/` are what `roadbook init` and `roadbook schema` write today.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use roadbook::kinds::KINDS;
use roadbook::source::{frontmatter, value_to_json};
use serde_json::Value;
use tempfile::TempDir;
use toml::de::{DeTable, DeValue};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The files SPEC §7 names, `decision` for decision records and `person` for
/// people (SPEC §8).
const SPEC_FILES: &[&str] = &[
    "roadbook",
    "goal",
    "initiative",
    "milestone",
    "epic",
    "story",
    "sprint",
    "role",
    "page",
    "vision",
    "decision",
    "person",
    "items",
    "raci",
    "ceremonies",
];

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site")
}

/// `roadbook schema -o DIR` run in `cwd`: the schemas by file name, as written.
fn write_schemas(cwd: &Path) -> BTreeMap<String, String> {
    let out_dir = tempfile::tempdir().unwrap();
    let out = roadbook(&["schema", "-o", out_dir.path().to_str().unwrap()], cwd);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    read_folder(out_dir.path())
}

fn read_folder(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The schemas in a site's `schemas/`, parsed.
fn site_schemas(site: &Path) -> BTreeMap<String, Value> {
    read_folder(&site.join("schemas"))
        .into_iter()
        .map(|(name, text)| (name, serde_json::from_str(&text).unwrap()))
        .collect()
}

fn toml_to_json(toml: &str) -> Value {
    let table = DeTable::parse(toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    value_to_json(&DeValue::Table(table.into_inner()))
}

/// Where `instance` fails `schema` (draft 2020-12, formats checked): (the JSON
/// pointer of the value, the message).
fn errors(schema: &Value, instance: &Value) -> Vec<(String, String)> {
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| (e.instance_path().to_string(), e.to_string()))
        .collect()
}

/// A glob of Taplo's `.taplo.toml` (`**` any folders, `*` within a name).
fn glob(pattern: &str, path: &str) -> bool {
    fn name(pattern: &str, name: &str) -> bool {
        match pattern.split_once('*') {
            None => pattern == name,
            Some((head, tail)) => {
                name.len() >= head.len() + tail.len()
                    && name.starts_with(head)
                    && name.ends_with(tail)
            }
        }
    }
    fn parts(pattern: &[&str], path: &[&str]) -> bool {
        match (pattern.first(), path.first()) {
            (None, None) => true,
            (Some(&"**"), _) => {
                parts(&pattern[1..], path) || (!path.is_empty() && parts(pattern, &path[1..]))
            }
            (Some(p), Some(n)) => name(p, n) && parts(&pattern[1..], &path[1..]),
            _ => false,
        }
    }
    let pattern: Vec<&str> = pattern.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    parts(&pattern, &path)
}

fn strings(value: Option<&toml::Value>) -> Vec<String> {
    value
        .and_then(|v| v.as_array())
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// The schema file `.taplo.toml` gives the `.toml` file at `rel`: that of the
/// one rule that includes and does not exclude it, under the top `include`.
fn taplo_schema(site: &Path, rel: &str) -> String {
    let config: toml::Table = std::fs::read_to_string(site.join(".taplo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let included = strings(config.get("include"));
    assert!(
        included.iter().any(|p| glob(p, rel)),
        "{rel} is not included"
    );
    let rules = config["rule"].as_array().unwrap();
    let matching: Vec<String> = rules
        .iter()
        .filter(|r| strings(r.get("include")).iter().any(|p| glob(p, rel)))
        .filter(|r| !strings(r.get("exclude")).iter().any(|p| glob(p, rel)))
        .map(|r| r["schema"]["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(matching.len(), 1, "{rel}: {matching:?}");
    matching[0]
        .strip_prefix("schemas/")
        .expect("a schema in schemas/")
        .to_owned()
}

/// The schema and the JSON of a source file at `rel`; `None` for a Markdown
/// page without front matter.
fn applies(site: &Path, rel: &str) -> Option<(String, Value)> {
    let text = std::fs::read_to_string(site.join(rel)).unwrap();
    if rel.ends_with(".toml") {
        return Some((taplo_schema(site, rel), toml_to_json(&text)));
    }
    let front = frontmatter::split(&text).unwrap().front?;
    let json = toml_to_json(front);
    let kind = if rel == "vision.md" {
        "vision".to_owned()
    } else if let Some(kind) = json["kind"].as_str() {
        kind.to_owned()
    } else {
        let decl = KINDS
            .iter()
            .filter(|d| d.folder.is_some_and(|f| rel.starts_with(&format!("{f}/"))))
            .max_by_key(|d| d.folder.map(str::len))
            .unwrap_or_else(|| panic!("{rel}: no kind"));
        decl.name.to_owned()
    };
    Some((format!("{kind}.schema.json"), json))
}

/// The site's `.md` and `.toml` sources, but the output, the schemas and hidden files.
fn sources(site: &Path) -> Vec<String> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || name == "public" || name == "schemas")
        })
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|rel| rel.ends_with(".md") || rel.ends_with(".toml"))
        .collect()
}

/// Every source of `site` validates against the schema in its `schemas/`
/// that applies; how many were validated.
fn assert_sources_validate(site: &Path) -> usize {
    let schemas = site_schemas(site);
    let mut validated = 0;
    let mut failures = Vec::new();
    for rel in sources(site) {
        let Some((schema, json)) = applies(site, &rel) else {
            continue;
        };
        let schema = schemas
            .get(&schema)
            .unwrap_or_else(|| panic!("{rel}: {schema}"));
        for (at, message) in errors(schema, &json) {
            failures.push(format!("{rel}: {at}: {message}"));
        }
        validated += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    validated
}

#[test]
fn schema_writes_every_file_of_the_spec_as_a_valid_draft_2020_12_schema() {
    let dir = tempfile::tempdir().unwrap();
    let written = write_schemas(dir.path());
    let expected: Vec<String> = SPEC_FILES
        .iter()
        .map(|n| format!("{n}.schema.json"))
        .collect();
    let mut names: Vec<&String> = written.keys().collect();
    names.sort();
    let mut expected_sorted: Vec<&String> = expected.iter().collect();
    expected_sorted.sort();
    assert_eq!(names, expected_sorted);
    for (name, text) in &written {
        assert!(text.ends_with("}\n"), "{name} ends with a newline");
        let schema: Value = serde_json::from_str(text).unwrap();
        assert_eq!(schema["$schema"], DRAFT, "{name}");
        assert!(schema["title"].is_string() && schema["description"].is_string());
        if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
            panic!("{name} is not a valid draft 2020-12 schema: {e}");
        }
    }

    // By default into schemas/ of the current folder, saying what it wrote.
    let out = roadbook(&["schema"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("schemas/story.schema.json"));
    assert_eq!(read_folder(&dir.path().join("schemas")), written);
}

#[test]
fn schema_says_why_it_cannot_write_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "taken", "a file");
    for (target, says) in [("taken", "is a file"), ("taken/schemas", "cannot create")] {
        let out = roadbook(&["schema", "-o", target], dir.path());
        assert_eq!(out.status.code(), Some(2), "{target}");
        assert!(text(&out.stderr).contains(says), "{}", text(&out.stderr));
    }
}

#[test]
fn every_source_of_the_example_validates() {
    let site = example();
    let validated = assert_sources_validate(&site);
    assert!(validated > 60, "only {validated} files validated");
}

#[test]
fn the_example_has_the_taplo_config_and_schemas_of_today() {
    let site = example();
    let fix = "in example-site/, run `cargo run -q -- schema`, and copy .taplo.toml from a \
               site that `cargo run -q -- init` made";
    let committed = read_folder(&site.join("schemas"));
    assert!(
        committed == write_schemas(&site),
        "example-site/schemas/ is stale: {fix}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = roadbook(&["init", "fresh"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let taplo = |site: &Path| std::fs::read_to_string(site.join(".taplo.toml")).unwrap();
    assert!(
        taplo(&site) == taplo(&dir.path().join("fresh")),
        "example-site/.taplo.toml is stale: {fix}"
    );
}

#[test]
fn init_writes_taplo_config_and_schemas_that_its_sources_and_checks_pass() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("handbook");
    let out = roadbook(&["init", "handbook"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(site.join(".taplo.toml").is_file());
    assert_eq!(
        read_folder(&site.join("schemas")),
        write_schemas(dir.path())
    );
    assert!(assert_sources_validate(&site) > 15);

    // Neither source nor output: the site checks and builds as before, and the
    // schemas are not published.
    let check = roadbook(&["check", "--deny-warnings"], &site);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let build = roadbook_build(&site, &["--deny-warnings"]);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    assert!(site.join("public/index.html").is_file());
    assert!(!site.join("public/schemas").exists());
    assert!(!site.join("public/.taplo.toml").exists());
}

#[test]
fn every_source_of_the_minimal_fixture_validates() {
    let site = minimal_with_schemas();
    assert!(assert_sources_validate(site.path()) > 10);
}

/// A mistake in the minimal fixture: the file, the text replaced, the code
/// `check` gives, and the field the schema must name (its JSON pointer for a
/// value, its name for an unknown field).
struct Mistake {
    file: &'static str,
    from: &'static str,
    to: &'static str,
    code: &'static str,
    at: &'static str,
}

const S1: &str = "backlog/stories/S-1-link-story.md";
const BACKLOG: &str = "backlog/backlog.toml";

const MISTAKES: &[Mistake] = &[
    // Front matter.
    Mistake {
        file: S1,
        from: "points = 3",
        to: "estimate = 3",
        code: "unknown-field",
        at: "estimate",
    },
    Mistake {
        file: S1,
        from: "points = 3",
        to: "points = \"3\"",
        code: "wrong-type",
        at: "/points",
    },
    Mistake {
        file: S1,
        from: "\"done\"",
        to: "\"finished\"",
        code: "invalid-status",
        at: "/status",
    },
    Mistake {
        file: S1,
        from: "epic = \"E-1\"",
        to: "epic = [\"E-1\"]",
        code: "wrong-type",
        at: "/epic",
    },
    Mistake {
        file: "goals/G-1-clarity.md",
        from: "target = 100.0",
        to: "target = \"100%\"",
        code: "wrong-type",
        at: "/key_results/0/target",
    },
    Mistake {
        file: "goals/G-1-clarity.md",
        from: "\"on-track\"",
        to: "\"fine\"",
        code: "invalid-status",
        at: "/status",
    },
    // [[story]] in a .toml file.
    Mistake {
        file: BACKLOG,
        from: "points = 2",
        to: "estimate = 2",
        code: "unknown-field",
        at: "estimate",
    },
    Mistake {
        file: BACKLOG,
        from: "priority = 2",
        to: "priority = \"high\"",
        code: "wrong-type",
        at: "/story/0/priority",
    },
    Mistake {
        file: BACKLOG,
        from: "\"ready\"",
        to: "\"wip\"",
        code: "invalid-status",
        at: "/story/0/status",
    },
    // roadbook.toml.
    Mistake {
        file: "roadbook.toml",
        from: "description = ",
        to: "colour = \"blue\"\ndescription = ",
        code: "unknown-field",
        at: "colour",
    },
    Mistake {
        file: "roadbook.toml",
        from: "output_dir = \"public\"",
        to: "output_dir = \"public\"\nsanitize_html = \"yes\"",
        code: "wrong-type",
        at: "/build/sanitize_html",
    },
];

/// The minimal fixture with `.taplo.toml` and `schemas/` as `init` writes them.
fn minimal_with_schemas() -> TempDir {
    let site = fixture("minimal");
    let out = roadbook(&["schema"], site.path());
    assert_eq!(out.status.code(), Some(0));
    let starter = tempfile::tempdir().unwrap();
    roadbook(&["init", "s"], starter.path());
    std::fs::copy(
        starter.path().join("s/.taplo.toml"),
        site.path().join(".taplo.toml"),
    )
    .unwrap();
    site
}

#[test]
fn what_check_reports_as_unknown_wrong_type_or_invalid_status_fails_at_the_field() {
    for m in MISTAKES {
        let site = minimal_with_schemas();
        let what = format!("{} in {}", m.to, m.file);
        edit(site.path(), m.file, m.from, m.to);
        let (_, diags) = check_json(site.path(), &[]);
        assert!(
            diags
                .iter()
                .any(|d| d["code"] == m.code && d["file"] == m.file),
            "{what}: no {} in {diags:#?}",
            m.code
        );
        let (schema, json) = applies(site.path(), m.file).unwrap();
        let schema = &site_schemas(site.path())[&schema];
        let found = errors(schema, &json);
        let named = found
            .iter()
            .any(|(at, message)| match m.at.strip_prefix('/') {
                Some(_) => at == m.at,
                None => {
                    message.contains(&format!("'{}'", m.at))
                        || message.contains(&format!("\"{}\"", m.at))
                }
            });
        assert!(named, "{what}: {} not named in {found:#?}", m.at);
    }
}
