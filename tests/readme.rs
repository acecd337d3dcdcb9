//! Every TOML example of the README parses where it says it belongs: each
//! ```toml block (front matter between `+++` lines included) is written into a
//! fresh copy of the minimal fixture at the file named, in backticks, at the end
//! of the line just above it ("… in `backlog/backlog.toml`:"), and the real
//! `roadbook check` runs on it.
//!
//! What passes: no diagnostic that says the example's own text is wrong (it does
//! not parse, a field is unknown, missing or of the wrong type, a value, status,
//! date or id is invalid, a story lacks acceptance criteria, an id is taken).
//! Diagnostics about links are allowed: an example shows one file, so it may
//! name items, roles or epics that the fixture does not have.
//!
//! A file the fixture has is replaced, except `roadbook.toml`, to which the
//! example (a section of it) is added.

mod common;

use std::path::Path;

use common::*;

/// Codes that mean the example itself is wrong.
const DENIED: &[&str] = &[
    "parse-error",
    "unreadable-file",
    "invalid-utf8",
    "missing-field",
    "unknown-field",
    "wrong-type",
    "invalid-status",
    "invalid-value",
    "invalid-date",
    "invalid-id",
    "end-before-start",
    "unknown-kind",
    "raci-letter",
    "invalid-waiver",
    "story-without-acceptance",
    "duplicate-id",
];

/// One example: the file it belongs to, its text, and the README line it starts on.
struct Example {
    file: String,
    text: String,
    line: usize,
}

/// The file named at the end of `line`: "… in `goals/goals.toml`:".
fn named_file(line: &str) -> Option<&str> {
    let head = line.trim_end().strip_suffix("`:")?;
    Some(&head[head.rfind('`')? + 1..])
}

fn examples(readme: &str) -> Vec<Example> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(lang) = lines[i].strip_prefix("```") else {
            i += 1;
            continue;
        };
        let start = i;
        let end = (start + 1..lines.len())
            .find(|&j| lines[j].starts_with("```"))
            .unwrap_or_else(|| panic!("README.md:{}: a block that never ends", start + 1));
        i = end + 1;
        let body = &lines[start + 1..end];
        let front_matter = body.first() == Some(&"+++");
        if lang.trim() != "toml" && !front_matter {
            continue;
        }
        let above = lines[..start].iter().rev().find(|l| !l.trim().is_empty());
        let file = above.and_then(|l| named_file(l)).unwrap_or_else(|| {
            panic!(
                "README.md:{}: say which file this example belongs to, at the end of the line above it, as in \"in `backlog/backlog.toml`:\"",
                start + 1
            )
        });
        if front_matter {
            assert!(
                file.ends_with(".md"),
                "README.md:{}: front matter belongs in a Markdown file, not {file}",
                start + 1
            );
        }
        found.push(Example {
            file: file.to_owned(),
            text: body.join("\n") + "\n",
            line: start + 1,
        });
    }
    found
}

/// Whether the file an example belongs to is one a site reads; an editor's
/// settings (Helix's `languages.toml`, `.taplo.toml`) are not.
fn in_site(file: &str) -> bool {
    let folders = [
        "goals/",
        "roadmap/",
        "backlog/",
        "roles/",
        "decisions/",
        "pages/",
    ];
    file == "roadbook.toml" || file == "vision.md" || folders.iter().any(|f| file.starts_with(f))
}

/// The denied diagnostics of `roadbook check` on the fixture with `example`;
/// for an editor's settings, whether the TOML parses.
fn denied(example: &Example) -> Vec<String> {
    if !in_site(&example.file) {
        return match example.text.parse::<toml::Table>() {
            Ok(_) => Vec::new(),
            Err(e) => vec![format!("{}: does not parse: {e}", example.file)],
        };
    }
    let site = fixture("minimal");
    let path = site.path().join(&example.file);
    if example.file == "roadbook.toml" {
        let config = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{config}\n{}", example.text)).unwrap();
    } else {
        write(site.path(), &example.file, &example.text);
    }
    let (_, diags) = check_json(site.path(), &[]);
    diags
        .iter()
        .filter(|d| DENIED.contains(&d["code"].as_str().unwrap_or("")))
        .map(|d| {
            format!(
                "{}:{}: {}[{}] {}",
                d["file"].as_str().unwrap_or("?"),
                d["line"],
                d["severity"].as_str().unwrap_or("?"),
                d["code"].as_str().unwrap_or("?"),
                d["message"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

#[test]
fn every_toml_example_of_the_readme_parses_where_it_belongs() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let examples = examples(&readme);
    let files: Vec<&str> = examples.iter().map(|e| e.file.as_str()).collect();
    for needed in ["backlog/backlog.toml", "goals/goals.toml", "roadbook.toml"] {
        assert!(files.contains(&needed), "an example of {needed}: {files:?}");
    }
    assert!(
        examples
            .iter()
            .any(|e| e.text.contains("[[story]]") && e.text.contains("acceptance")),
        "a [[story]] with its acceptance criteria"
    );
    assert!(
        examples
            .iter()
            .any(|e| e.text.contains("[[goal.key_results]]"))
    );
    let mut wrong = Vec::new();
    for example in &examples {
        for d in denied(example) {
            wrong.push(format!(
                "README.md:{} ({}): {d}",
                example.line, example.file
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "README examples that are wrong:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn a_wrong_example_is_caught() {
    let example = |file: &str, text: &str| Example {
        file: file.into(),
        text: text.into(),
        line: 1,
    };
    // The example this README had: front matter pasted into backlog.toml.
    let pasted = example(
        "backlog/backlog.toml",
        "+++\nid = \"S-12\"\ntitle = \"A story\"\n+++\n",
    );
    assert!(!denied(&pasted).is_empty());
    let typo = example(
        "backlog/backlog.toml",
        "[[storie]]\nid = \"S-12\"\ntitle = \"A story\"\n",
    );
    assert!(!denied(&typo).is_empty());
    let field = example(
        "goals/goals.toml",
        "[[goal]]\nid = \"G-2\"\ntitle = \"A goal\"\n[[goal.key_results]]\nid = \"KR-3\"\nmetrc = \"x\"\n",
    );
    assert!(denied(&field).iter().any(|d| d.contains("unknown-field")));
    assert_eq!(
        named_file("its epic in `backlog/backlog.toml`:"),
        Some("backlog/backlog.toml")
    );
    assert_eq!(named_file("in `roadbook.toml`, say"), None);
    let settings = example(
        "~/.config/helix/languages.toml",
        "[language-server.roadbook\n",
    );
    assert!(
        !denied(&settings).is_empty(),
        "an editor's settings must parse"
    );
}
