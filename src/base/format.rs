//! Diagnostics as people and CI read them: like a compiler, as JSON, or as
//! GitHub workflow commands.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::diagnostic::{Diagnostic, Severity};
use super::span::{SourceFile, Sources, Span};

/// A diagnostic with its location worked out, as printed in every format.
#[derive(Serialize)]
pub struct Located<'a> {
    pub severity: Severity,
    pub code: &'a str,
    pub message: &'a str,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub help: Option<&'a str>,
    /// Other places that explain the problem, such as where an id was first defined.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related<'a>>,
}

/// A secondary place of a diagnostic, located.
#[derive(Serialize)]
pub struct Related<'a> {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
}

fn locate<'a>(d: &'a Diagnostic, sources: &Sources, root: &Path) -> Located<'a> {
    let (file, line, column) = match d.span {
        Some(span) => {
            let src = sources.get(span.file);
            let (line, col) = src.line_col(span.start);
            (Some(display_path(root, &src.path)), Some(line), Some(col))
        }
        None => (None, None, None),
    };
    Located {
        severity: d.severity,
        code: d.code.name(),
        message: &d.message,
        file,
        line,
        column,
        help: d.help.as_deref(),
        related: d
            .labels
            .iter()
            .map(|label| {
                let src = sources.get(label.span.file);
                let (line, column) = src.line_col(label.span.start);
                Related {
                    file: display_path(root, &src.path),
                    line,
                    column,
                    message: &label.message,
                }
            })
            .collect(),
    }
}

/// The path as the user can open it from where they ran the command.
pub fn display_path(root: &Path, rel: &Path) -> String {
    let joined = if root == Path::new(".") {
        rel.to_path_buf()
    } else {
        root.join(rel)
    };
    joined.to_string_lossy().replace('\\', "/")
}

/// The output formats of `roadbook check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Renders diagnostics in the chosen format.
pub fn render(diags: &[Diagnostic], sources: &Sources, root: &Path, format: Format) -> String {
    match format {
        Format::Human => diags
            .iter()
            .map(|d| render_human(d, sources, root))
            .collect(),
        Format::Json => {
            let located: Vec<Located> = diags.iter().map(|d| locate(d, sources, root)).collect();
            let mut out = serde_json::to_string_pretty(&located).expect("diagnostics serialise");
            out.push('\n');
            out
        }
        Format::Github => diags
            .iter()
            .map(|d| render_github(&locate(d, sources, root)))
            .collect(),
    }
}

/// Prints diagnostics to standard error as a compiler does; nothing for none.
pub fn eprint_human(diags: &[Diagnostic], sources: &Sources, root: &Path) {
    if !diags.is_empty() {
        eprint!("{}", render(diags, sources, root, Format::Human));
    }
}

fn render_human(d: &Diagnostic, sources: &Sources, root: &Path) -> String {
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
    let pad = " ".repeat(gutter);
    if let Some(span) = d.span {
        snippet(&mut out, sources, root, span, "-->", '^', "", gutter);
    }
    for label in &d.labels {
        let arrow = if d.span.is_some() { ":::" } else { "-->" };
        snippet(
            &mut out,
            sources,
            root,
            label.span,
            arrow,
            '-',
            &label.message,
            gutter,
        );
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{pad} = help: {help}");
    }
    out.push('\n');
    out
}

/// One quoted line with its place above and marks under the span:
/// `^` for the problem, `-` and a message for a secondary place.
#[allow(clippy::too_many_arguments)]
fn snippet(
    out: &mut String,
    sources: &Sources,
    root: &Path,
    span: Span,
    arrow: &str,
    mark: char,
    message: &str,
    gutter: usize,
) {
    let src = sources.get(span.file);
    let (line, col) = src.line_col(span.start);
    let text = src.line_text(line);
    let pad = " ".repeat(gutter);
    if arrow == ":::" {
        let _ = writeln!(out, "{pad} |");
    }
    let _ = writeln!(
        out,
        "{pad}{arrow} {}:{line}:{col}",
        display_path(root, &src.path)
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

/// Carets under the span, cut at the end of its first line; at least one.
fn caret_width(src: &SourceFile, span: Span, line_text: &str, col: usize) -> usize {
    let start = span.start as usize;
    let end = (span.end as usize).min(src.text.len());
    let spanned = src.text.get(start..end).unwrap_or("");
    let first_line = spanned.split(['\n', '\r']).next().unwrap_or("");
    let available = line_text.chars().count().saturating_sub(col - 1);
    first_line.chars().count().min(available).max(1)
}

fn render_github(l: &Located) -> String {
    let level = match l.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(file) = &l.file {
        props.push(format!("file={}", escape_property(file)));
    }
    if let Some(line) = l.line {
        props.push(format!("line={line}"));
    }
    if let Some(col) = l.column {
        props.push(format!("col={col}"));
    }
    props.push(format!("title={}", escape_property(l.code)));
    let mut message = format!("[{}] {}", l.code, l.message);
    if let Some(help) = l.help {
        message.push_str(" (help: ");
        message.push_str(help);
        message.push(')');
    }
    format!("::{level} {}::{}\n", props.join(","), escape_data(&message))
}

/// GitHub workflow command escaping for the message part.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub workflow command escaping for property values.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The closing line of a check: counts of errors and warnings.
pub fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} and {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_format_escapes_message_and_properties() {
        let l = Located {
            severity: Severity::Error,
            code: "unknown-id",
            message: "50% done\nnext",
            file: Some("a,b.md".into()),
            line: Some(3),
            column: Some(2),
            help: None,
            related: Vec::new(),
        };
        assert_eq!(
            render_github(&l),
            "::error file=a%2Cb.md,line=3,col=2,title=unknown-id::[unknown-id] 50%25 done%0Anext\n"
        );
    }
}
