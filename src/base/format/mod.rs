//! Diagnostics as people and CI read them: like a compiler, as JSON, as GitHub
//! workflow commands, as a SARIF log for code scanning, or as a Markdown summary.

mod github;
mod human;
mod markdown;
mod sarif;
mod statistics;

pub use statistics::{CodeCount, is_flood, statistics, statistics_table};

use std::path::Path;

use serde::Serialize;

use super::diagnostic::{Diagnostic, Severity};
use super::span::Sources;

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

impl Related<'_> {
    /// `file:line:column`, as the human format prints a place.
    pub fn place(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }
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
    /// Like a compiler, on standard error
    Human,
    /// One JSON array of diagnostics
    Json,
    /// GitHub workflow commands, which annotate a pull request
    Github,
    /// One SARIF 2.1.0 log, for code scanning
    Sarif,
    /// A summary table for a CI job summary or a pull-request comment
    Markdown,
}

impl Format {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Github => "github",
            Format::Sarif => "sarif",
            Format::Markdown => "markdown",
        }
    }
}

/// Renders diagnostics in the chosen format.
pub fn render(diags: &[Diagnostic], sources: &Sources, root: &Path, format: Format) -> String {
    match format {
        Format::Human => diags
            .iter()
            .map(|d| human::render_human(d, sources, root))
            .collect(),
        Format::Json => {
            let located: Vec<Located> = diags.iter().map(|d| locate(d, sources, root)).collect();
            let mut out = serde_json::to_string_pretty(&located).expect("diagnostics serialise");
            out.push('\n');
            out
        }
        Format::Github => diags
            .iter()
            .map(|d| github::render_github(&locate(d, sources, root)))
            .collect(),
        Format::Sarif => sarif::render_sarif(diags, sources, root),
        Format::Markdown => {
            let located: Vec<Located> = diags.iter().map(|d| locate(d, sources, root)).collect();
            markdown::render_markdown(&located, &summary(diags))
        }
    }
}

/// Prints diagnostics to standard error as a compiler does; nothing for none.
pub fn eprint_human(diags: &[Diagnostic], sources: &Sources, root: &Path) {
    if !diags.is_empty() {
        eprint!("{}", render(diags, sources, root, Format::Human));
    }
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
