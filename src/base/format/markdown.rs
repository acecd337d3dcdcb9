//! Diagnostics as a Markdown summary, for `$GITHUB_STEP_SUMMARY` or a
//! pull-request comment: a heading with the verdict, then one table row each.

use std::fmt::Write as _;

use super::Located;
use crate::base::diagnostic::Severity;

/// The summary; `counts` is the closing line of a check ("1 error and 2 warnings").
pub(super) fn render_markdown(located: &[Located], counts: &str) -> String {
    let failed = located.iter().any(|l| l.severity == Severity::Error);
    let verdict = if failed { "failed" } else { "passed" };
    let mut out = format!("## Roadbook check {verdict}: {counts}\n\n");
    if located.is_empty() {
        out.push_str("Nothing to report: every check passed.\n");
        return out;
    }
    out.push_str("| Severity | Code | Where | Problem |\n| --- | --- | --- | --- |\n");
    for l in located {
        let place = match (&l.file, l.line, l.column) {
            (Some(file), Some(line), Some(column)) => code_span(&format!("{file}:{line}:{column}")),
            (Some(file), _, _) => code_span(file),
            _ => "—".to_owned(),
        };
        let mut problem = escape_text(l.message);
        for related in &l.related {
            let _ = write!(
                problem,
                "<br>{}: {}",
                escape_text(related.message),
                code_span(&related.place())
            );
        }
        if let Some(help) = l.help {
            let _ = write!(problem, "<br>help: {}", escape_text(help));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {place} | {problem} |",
            l.severity.as_str(),
            code_span(l.code)
        );
    }
    out.push_str("\n`roadbook explain CODE` tells what a code means and how to fix it.\n");
    out
}

/// Text for a table cell, in which `code spans` stay code: outside them,
/// Markdown's punctuation is escaped so that it prints as written; inside, only
/// the pipe, which would end the cell. Line breaks become `<br>`.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A backtick opens a code span only if another one closes it.
    let mut in_code = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '`' if in_code || rest.contains('`') => {
                in_code = !in_code;
                out.push(c);
            }
            '|' => out.push_str("\\|"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            _ if in_code => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A code span around any text: fenced with more backticks than it holds in a
/// row, its pipes escaped for the table, its line breaks made spaces.
fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let inner = text.replace(['\n', '\r'], " ").replace('|', "\\|");
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{inner}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_code_spans_and_escape_the_rest() {
        assert_eq!(
            escape_text("story `S-1` names `a|b` in *epic* <x>\nnext"),
            "story `S-1` names `a\\|b` in \\*epic\\* \\<x\\><br>next"
        );
        assert_eq!(escape_text("a lone ` tick"), "a lone \\` tick");
        assert_eq!(code_span("a.md:1:2"), "`a.md:1:2`");
        assert_eq!(code_span("we`ird|.md"), "``we`ird\\|.md``");
    }
}
