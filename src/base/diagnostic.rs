//! One problem found in a site: its code, severity, message, place and fix.

use serde::Serialize;

use super::code::Code;
use super::span::Span;

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
    /// Stable code, such as `orphan-story`.
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    pub help: Option<Box<str>>,
    /// The id of the item the problem is about, which may waive it.
    pub item: Option<Box<str>>,
    /// Other places that explain it, as rustc's "first defined here".
    pub labels: Box<[Label]>,
    /// What it says of a field of its item, so that one mistake is reported once.
    pub field: Option<FieldNote>,
}

/// What a diagnostic says of its item's fields. A field that was written but
/// could not be read is not reported as missing too, and an item that a broken
/// file may name is not reported as named by nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldNote {
    /// The field was written, but its value could not be read.
    Unreadable(&'static str),
    /// The field is missing or empty.
    Missing(&'static str),
    /// No other item names this one: an epic without stories, a goal no
    /// initiative serves.
    Unreferenced,
}

/// A secondary place of a diagnostic and what it has to do with the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            span: None,
            help: None,
            item: None,
            labels: Box::default(),
            field: None,
        }
    }

    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into().into_boxed_str());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help.map(String::into_boxed_str);
        self
    }

    /// Adds a secondary place, such as where a duplicate id was first defined.
    pub fn label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        let mut labels = std::mem::take(&mut self.labels).into_vec();
        labels.push(Label {
            span,
            message: message.into(),
        });
        self.labels = labels.into_boxed_slice();
        self
    }

    /// Marks it as about a field written with a value that cannot be read.
    pub fn unreadable(mut self, field: &'static str) -> Diagnostic {
        self.field = Some(FieldNote::Unreadable(field));
        self
    }

    /// Marks it as about a missing field: held back when the field was written
    /// but could not be read, which another diagnostic reports.
    pub fn lacking(mut self, field: &'static str) -> Diagnostic {
        self.field = Some(FieldNote::Missing(field));
        self
    }

    /// Marks it as about an item that nothing names: held back while a file that
    /// names it does not parse.
    pub fn unreferenced(mut self) -> Diagnostic {
        self.field = Some(FieldNote::Unreferenced);
        self
    }

    pub fn about(mut self, id: &str) -> Diagnostic {
        self.item = Some(id.into());
        self
    }
}
