//! Diagnostics as a compiler prints them: the code, the message, the quoted
//! line with carets under the problem, secondary places and the help.

use std::fmt::Write as _;
use std::path::Path;

use super::display_path;
use crate::base::diagnostic::Diagnostic;
use crate::base::span::{SourceFile, Sources, Span};

pub(super) fn render_human(d: &Diagnostic, sources: &Sources, root: &Path) -> String {
    let mut out = format!(
        "{}[{}]: {}\n",
        d.severity.as_str(),
        d.code.name(),
        d.message
    );
    // One gutter for every snippet, as wide as the largest line number shown.
    let gutter = d
        .span
        .iter()
        .chain(d.labels.iter().map(|l| &l.span))
        .map(|s| sources.get(s.file).line_col(s.start).0.to_string().len())
        .max()
        .unwrap_or(0);
    let quote = Quote {
        sources,
        root,
        gutter,
    };
    if let Some(span) = d.span {
        quote.snippet(&mut out, span, "-->", '^', "");
    }
    for label in &d.labels {
        let arrow = if d.span.is_some() { ":::" } else { "-->" };
        quote.snippet(&mut out, label.span, arrow, '-', &label.message);
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{} = help: {help}", " ".repeat(gutter));
    }
    out.push('\n');
    out
}

/// Quotes lines of the sources under one gutter.
struct Quote<'a> {
    sources: &'a Sources,
    root: &'a Path,
    /// The width of the line numbers.
    gutter: usize,
}

impl Quote<'_> {
    /// One quoted line with its place above and marks under the span: `^` for
    /// the problem, `-` and a message for a secondary place.
    fn snippet(&self, out: &mut String, span: Span, arrow: &str, mark: char, message: &str) {
        let src = self.sources.get(span.file);
        let (line, col) = src.line_col(span.start);
        let text = src.line_text(line);
        let gutter = self.gutter;
        let pad = " ".repeat(gutter);
        if arrow == ":::" {
            let _ = writeln!(out, "{pad} |");
        }
        let _ = writeln!(
            out,
            "{pad}{arrow} {}:{line}:{col}",
            display_path(self.root, &src.path)
        );
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line:>gutter$} | {}", text.replace('\t', " "));
        let width = caret_width(src, span, text, col);
        let marks: String = std::iter::repeat_n(mark, width).collect();
        let message = if message.is_empty() {
            String::new()
        } else {
            format!(" {message}")
        };
        let _ = writeln!(out, "{pad} | {}{marks}{message}", " ".repeat(col - 1));
    }
}

/// Carets under the span, cut at the end of its first line; at least one.
fn caret_width(src: &SourceFile, span: Span, line_text: &str, col: usize) -> usize {
    let start = span.start as usize;
    let end = (span.end as usize).min(src.text.len());
    let spanned = src.text.get(start..end).unwrap_or("");
    let first_line = spanned.split(['\n', '\r']).next().unwrap_or("");
    let available = line_text.chars().count().saturating_sub(col - 1);
    first_line.chars().count().min(available).max(1)
}
