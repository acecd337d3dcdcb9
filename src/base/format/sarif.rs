//! Diagnostics as one SARIF 2.1.0 log, for code scanning (GitHub's among
//! others): one run of the tool `roadbook`, one rule per check code with its
//! page as help, and one result per diagnostic with its places.

use std::path::Path;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

use super::display_path;
use crate::base::code::Code;
use crate::base::diagnostic::{Diagnostic, Severity};
use crate::base::span::{Sources, Span};

/// The schema of SARIF 2.1.0 as OASIS publishes it, errata included.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Relative paths keep their slashes and the characters a URI allows unescaped.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// In an absolute `file:` URI a drive letter's colon may stay (`file:///C:/…`).
const ABSOLUTE_PATH: &AsciiSet = &PATH.remove(b':');

/// The log, pretty-printed, with a final line break.
pub(super) fn render_sarif(diags: &[Diagnostic], sources: &Sources, root: &Path) -> String {
    let results: Vec<Value> = diags.iter().map(|d| result(d, sources, root)).collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver() },
            // `SourceFile::line_col` counts columns in characters.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("a SARIF log serialises");
    out.push('\n');
    out
}

/// The tool, with one rule per code, in the order of [`Code::ALL`].
fn driver() -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.name(),
                "shortDescription": { "text": code.summary() },
                "fullDescription": { "text": code.intro() },
                "help": { "text": code.docs(), "markdown": code.docs() },
                "defaultConfiguration": { "level": level(code.default_severity()) },
            })
        })
        .collect();
    let mut driver = json!({
        "name": "roadbook",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    if let Some(uri) = information_uri() {
        driver["informationUri"] = uri.into();
    }
    driver
}

/// Where to read about Roadbook: the homepage or repository Cargo.toml names, if any.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty())
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn result(d: &Diagnostic, sources: &Sources, root: &Path) -> Value {
    let index = Code::ALL
        .iter()
        .position(|c| *c == d.code)
        .expect("every code is in Code::ALL");
    let text = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let mut result = json!({
        "ruleId": d.code.name(),
        "ruleIndex": index,
        "level": level(d.severity),
        "message": { "text": text },
    });
    // Without a span there is no place to give. SARIF allows that, but GitHub's
    // upload refuses a log with such a result (github/codeql-action#1738).
    if let Some(span) = d.span {
        result["locations"] = json!([{ "physicalLocation": physical(span, sources, root) }]);
    }
    if !d.labels.is_empty() {
        let related: Vec<Value> = d
            .labels
            .iter()
            .zip(1..)
            .map(|(label, id)| {
                json!({
                    "id": id,
                    "physicalLocation": physical(label.span, sources, root),
                    "message": { "text": label.message },
                })
            })
            .collect();
        result["relatedLocations"] = related.into();
    }
    result
}

/// The file and the region of a span. Columns count characters from 1, and the
/// end column is the one just past the span, as SARIF's regions have it; an
/// empty span gives only its start, which SARIF reads as the rest of the line.
fn physical(span: Span, sources: &Sources, root: &Path) -> Value {
    let src = sources.get(span.file);
    let (start_line, start_column) = src.line_col(span.start);
    let start = span.start as usize;
    let end = (span.end as usize).clamp(start, src.text.len().max(start));
    let spanned = src.text.get(start..end).unwrap_or("");
    let trimmed = spanned.trim_end_matches(['\n', '\r']).len();
    let region = if trimmed == 0 {
        json!({ "startLine": start_line, "startColumn": start_column })
    } else {
        let (end_line, end_column) = src.line_col((start + trimmed) as u32);
        json!({
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
        })
    };
    json!({
        "artifactLocation": artifact(&display_path(root, &src.path)),
        "region": region,
    })
}

/// A path as printed, as a URI: relative to `%SRCROOT%` (where the command ran,
/// the checkout in CI), or a `file:` URI when it is absolute.
fn artifact(path: &str) -> Value {
    let drive = matches!(path.as_bytes(), [letter, b':', b'/', ..] if letter.is_ascii_alphabetic());
    if Path::new(path).is_absolute() || drive {
        let slash = if path.starts_with('/') { "" } else { "/" };
        let uri = format!("file://{slash}{}", utf8_percent_encode(path, ABSOLUTE_PATH));
        json!({ "uri": uri })
    } else {
        json!({
            "uri": utf8_percent_encode(path, PATH).to_string(),
            "uriBaseId": "%SRCROOT%",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uris() {
        assert_eq!(
            artifact("backlog/S-1 draft#2.md"),
            json!({ "uri": "backlog/S-1%20draft%232.md", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(artifact("a:b.md")["uri"], "a%3Ab.md");
        assert_eq!(
            artifact("/srv/é.md"),
            json!({ "uri": "file:///srv/%C3%A9.md" })
        );
        assert_eq!(
            artifact("C:/site/a.md"),
            json!({ "uri": "file:///C:/site/a.md" })
        );
    }

    #[test]
    fn a_region_ends_past_its_last_character_and_before_a_line_break() {
        let mut sources = Sources::default();
        let file = sources.add("a.md".into(), "id = \"é\"\nx\n");
        let region =
            |range| physical(Span::new(file, range), &sources, Path::new("."))["region"].clone();
        assert_eq!(
            region(5..10),
            json!({ "startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 9 })
        );
        assert_eq!(
            region(5..13),
            json!({ "startLine": 1, "startColumn": 6, "endLine": 2, "endColumn": 2 })
        );
        assert_eq!(region(0..0), json!({ "startLine": 1, "startColumn": 1 }));
    }
}
