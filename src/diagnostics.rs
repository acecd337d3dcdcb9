//! Diagnostics: what is wrong, where, and how to fix it, printed like a compiler's.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Span {
        Span {
            file,
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    /// A span for a whole file, when nothing narrower is known.
    pub fn file_start(file: FileId) -> Span {
        Span {
            file,
            start: 0,
            end: 0,
        }
    }
}

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// One source file: its path relative to the site root and its text, kept for snippets.
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Offsets of line starts, worked out the first time a diagnostic needs them.
    line_starts: std::sync::OnceLock<Vec<u32>>,
}

impl SourceFile {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[line] as usize;
        let end = (offset as usize).min(self.text.len());
        let col = self.text.get(start..end).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(
                self.text
                    .bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i as u32 + 1),
            );
            starts
        })
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let start = starts[line - 1] as usize;
        let end = starts.get(line).map_or(self.text.len(), |&e| e as usize);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Every file read while loading a site, so diagnostics can quote them.
#[derive(Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile {
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
        });
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem found in a site.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Stable code, such as `orphan-story`; see [`crate::check::CODES`].
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    pub help: Option<String>,
    /// The id of the item the problem is about, which may waive it.
    pub item: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: crate::check::default_severity(code),
            message: message.into(),
            span: None,
            help: None,
            item: None,
        }
    }

    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    pub fn about(mut self, id: &str) -> Diagnostic {
        self.item = Some(id.to_owned());
        self
    }
}

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
        code: d.code,
        message: &d.message,
        file,
        line,
        column,
        help: d.help.as_deref(),
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
    let mut out = format!("{}[{}]: {}\n", d.severity.as_str(), d.code, d.message);
    if let Some(span) = d.span {
        let src = sources.get(span.file);
        let (line, col) = src.line_col(span.start);
        let text = src.line_text(line);
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(
            out,
            "{pad}--> {}:{line}:{col}",
            display_path(root, &src.path)
        );
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line} | {}", text.replace('\t', " "));
        let width = caret_width(src, span, text, col);
        let _ = writeln!(out, "{pad} | {}{}", " ".repeat(col - 1), "^".repeat(width));
    }
    if let Some(help) = &d.help {
        let pad = d.span.map_or(0, |s| {
            let (line, _) = sources.get(s.file).line_col(s.start);
            line.to_string().len()
        });
        let _ = writeln!(out, "{} = help: {help}", " ".repeat(pad));
    }
    out.push('\n');
    out
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
    fn line_col_counts_characters_from_one() {
        let mut sources = Sources::default();
        let id = sources.add("a.md".into(), "ab\ncé d\n".into());
        let src = sources.get(id);
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(3), (2, 1));
        // "é" is two bytes but one column.
        assert_eq!(src.line_col(7), (2, 4));
        assert_eq!(src.line_text(2), "cé d");
    }

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
        };
        assert_eq!(
            render_github(&l),
            "::error file=a%2Cb.md,line=3,col=2,title=unknown-id::[unknown-id] 50%25 done%0Anext\n"
        );
    }
}
