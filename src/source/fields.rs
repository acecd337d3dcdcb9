//! A typed reader over one parsed TOML table that records every problem instead of
//! stopping at the first: wrong types, missing fields, unknown keys, bad values.

use std::ops::Range;

use toml::Spanned as TomlSpanned;
use toml::de::{DeTable, DeValue};

pub use super::values::{as_number, describe};
use super::values::{is_date, meant, unquote};
use crate::base::Code;
use crate::base::did_you_mean;
use crate::base::{Diagnostic, FileId, Span, Spanned};
use crate::kinds::Date;

type Value<'i> = TomlSpanned<DeValue<'i>>;

/// Reads the fields of one table. Every key asked for is remembered, so that
/// [`Fields::finish`] can report the keys nobody asked for as unknown.
pub struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    file: FileId,
    base: usize,
    whole: Span,
    /// What the table describes, for messages: "story `S-1`", "roadbook.toml".
    what: String,
    asked: Vec<&'static str>,
    diags: Vec<Diagnostic>,
    /// The item the diagnostics are about, for waivers.
    item: Option<String>,
    /// Whether a syntax error lies in the table's text: a field it swallowed is
    /// not reported as missing.
    damaged: bool,
}

impl<'t, 'i> Fields<'t, 'i> {
    /// `base` is the offset of the TOML text in its file; `whole` the table's span
    /// in the TOML text.
    pub fn new(
        table: &'t DeTable<'i>,
        file: FileId,
        base: usize,
        whole: Range<usize>,
        what: impl Into<String>,
    ) -> Fields<'t, 'i> {
        Fields {
            table,
            file,
            base,
            whole: shift(file, base, whole),
            what: what.into(),
            asked: Vec::new(),
            diags: Vec::new(),
            item: None,
            damaged: false,
        }
    }

    /// Marks the table as read in spite of a syntax error in its text.
    pub fn damaged(mut self, damaged: bool) -> Fields<'t, 'i> {
        self.damaged = damaged;
        self
    }

    /// Reads a table nested in this one with the same file and offset.
    pub fn nested<'u>(
        &self,
        table: &'u DeTable<'i>,
        span: Span,
        what: impl Into<String>,
    ) -> Fields<'u, 'i> {
        Fields {
            table,
            file: self.file,
            base: self.base,
            whole: span,
            what: what.into(),
            asked: Vec::new(),
            diags: Vec::new(),
            item: self.item.clone(),
            damaged: self.damaged,
        }
    }

    /// Sets the span that stands for the whole table, for "missing field" errors.
    pub fn with_whole(mut self, whole: Span) -> Fields<'t, 'i> {
        self.whole = whole;
        self
    }

    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// Returns the diagnostics without judging unread keys (when reading stopped early).
    pub fn finish_known(self) -> Vec<Diagnostic> {
        self.diags
    }

    pub fn set_what(&mut self, what: impl Into<String>, item: Option<&str>) {
        self.what = what.into();
        self.item = item.map(str::to_owned);
    }

    pub fn whole(&self) -> Span {
        self.whole
    }

    pub fn file(&self) -> FileId {
        self.file
    }

    pub fn span(&self, range: Range<usize>) -> Span {
        shift(self.file, self.base, range)
    }

    pub fn push(&mut self, diag: Diagnostic) {
        let diag = match (&self.item, &diag.item) {
            (Some(id), None) => diag.about(id),
            _ => diag,
        };
        self.diags.push(diag);
    }

    pub fn extend(&mut self, diags: Vec<Diagnostic>) {
        for d in diags {
            self.push(d);
        }
    }

    fn get(&mut self, key: &'static str) -> Option<&'t Value<'i>> {
        self.asked.push(key);
        self.table.get(key)
    }

    /// Marks a key as known without reading it (read elsewhere, such as `kind`).
    pub fn allow(&mut self, key: &'static str) {
        self.asked.push(key);
    }

    fn wrong_type(
        &mut self,
        key: &'static str,
        value: &Value<'i>,
        expected: &str,
        help: Option<String>,
    ) {
        let d = Diagnostic::new(
            Code::WrongType,
            format!(
                "`{key}` of {} must be {expected}, not {}",
                self.what,
                describe(value.get_ref())
            ),
        )
        .at(self.span(value.span()))
        .maybe_help(help)
        .unreadable(key);
        self.push(d);
    }

    /// Reports a required field as missing, unless a syntax error in the table
    /// may have swallowed it (the syntax error is reported).
    pub fn missing(&mut self, key: &'static str, example: &str) {
        if self.damaged {
            return;
        }
        let d = Diagnostic::new(Code::MissingField, format!("{} has no `{key}`", self.what))
            .at(self.whole)
            .help(format!("add `{key} = {example}`"))
            .lacking(key);
        self.push(d);
    }

    pub fn string(&mut self, key: &'static str) -> Option<Spanned<String>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(Spanned::new(s.to_string(), self.span(value.span()))),
            _ => {
                let help = Some(format!("write it in quotes: {key} = \"…\""));
                self.wrong_type(key, value, "a string", help);
                None
            }
        }
    }

    pub fn required_string(&mut self, key: &'static str) -> Option<Spanned<String>> {
        if !self.table.contains_key(key) {
            self.allow(key);
            self.missing(key, "\"…\"");
            return None;
        }
        self.string(key)
    }

    pub fn plain_string(&mut self, key: &'static str) -> Option<String> {
        self.string(key).map(|s| s.value)
    }

    /// An array of strings; a missing key is an empty list.
    pub fn strings(&mut self, key: &'static str) -> Vec<Spanned<String>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let Some(array) = value.get_ref().as_array() else {
            let help = Some(format!("write a list: {key} = [\"…\"]"));
            self.wrong_type(key, value, "a list of strings", help);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(array.len());
        for element in array.iter() {
            match element.get_ref() {
                DeValue::String(s) => {
                    out.push(Spanned::new(s.to_string(), self.span(element.span())))
                }
                _ => self.wrong_type(key, element, "a list of strings", None),
            }
        }
        out
    }

    /// A list of strings, or one string as a list of one; a missing key is an
    /// empty list.
    pub fn strings_or_one(&mut self, key: &'static str) -> Vec<Spanned<String>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        match value.get_ref() {
            DeValue::String(s) => vec![Spanned::new(s.to_string(), self.span(value.span()))],
            DeValue::Array(_) => self.strings(key),
            _ => {
                let help = Some(format!(
                    "write {key} = \"…\", or a list: {key} = [\"…\", \"…\"]"
                ));
                self.wrong_type(key, value, "a string or a list of strings", help);
                Vec::new()
            }
        }
    }

    pub fn plain_strings(&mut self, key: &'static str) -> Vec<String> {
        self.strings(key).into_iter().map(|s| s.value).collect()
    }

    pub fn integer(&mut self, key: &'static str) -> Option<Spanned<i64>> {
        let value = self.get(key)?;
        let parsed = value
            .get_ref()
            .as_integer()
            .and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok());
        match parsed {
            Some(n) => Some(Spanned::new(n, self.span(value.span()))),
            None => {
                let help = Some(unquote(key, value.get_ref()).unwrap_or_else(|| {
                    format!("write a number without quotes, such as {key} = 3")
                }));
                self.wrong_type(key, value, "a whole number", help);
                None
            }
        }
    }

    /// A number; integers are accepted where a float is expected.
    pub fn number(&mut self, key: &'static str) -> Option<f64> {
        let value = self.get(key)?;
        let parsed = as_number(value.get_ref());
        if parsed.is_none() {
            let help =
                Some(unquote(key, value.get_ref()).unwrap_or_else(|| {
                    format!("write a number without quotes, such as {key} = 10.0")
                }));
            self.wrong_type(key, value, "a number", help);
        }
        parsed
    }

    pub fn boolean(&mut self, key: &'static str) -> Option<bool> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, value, "true or false", None);
                None
            }
        }
    }

    pub fn date(&mut self, key: &'static str) -> Option<Spanned<Date>> {
        let value = self.get(key)?;
        let span = self.span(value.span());
        let date = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.date,
            _ => None,
        };
        match date {
            Some(d) => Some(Spanned::new(
                Date {
                    year: d.year,
                    month: d.month,
                    day: d.day,
                },
                span,
            )),
            None => {
                let shown = match value.get_ref() {
                    DeValue::String(s) => format!("the string \"{s}\""),
                    other => describe(other).to_owned(),
                };
                let d = Diagnostic::new(
                    Code::InvalidDate,
                    format!("`{key}` of {} must be a date, not {shown}", self.what),
                )
                .at(span)
                .help(match value.get_ref() {
                    DeValue::String(s) if is_date(s) => {
                        format!("remove the quotes: {key} = {s}")
                    }
                    _ => format!("write a TOML date without quotes, such as {key} = 2027-03-31"),
                })
                .unreadable(key);
                self.push(d);
                None
            }
        }
    }

    /// A sub-table, with its span.
    pub fn table(&mut self, key: &'static str) -> Option<(&'t DeTable<'i>, Span)> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some((t, self.span(value.span()))),
            _ => {
                let help = Some(format!("write a table: {key} = {{ … }}"));
                self.wrong_type(key, value, "a table", help);
                None
            }
        }
    }

    /// An array of values for callers that decode each element themselves.
    pub fn array(&mut self, key: &'static str) -> Option<&'t [Value<'i>]> {
        let value = self.get(key)?;
        match value.get_ref().as_array() {
            Some(a) => Some(a.as_ref()),
            None => {
                self.wrong_type(key, value, "a list", None);
                None
            }
        }
    }

    /// A string that must be one of `allowed`.
    pub fn one_of(
        &mut self,
        key: &'static str,
        allowed: &[String],
        code: Code,
    ) -> Option<Spanned<String>> {
        let value = self.string(key)?;
        if allowed.contains(&value.value) {
            return Some(value);
        }
        let list = allowed
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match did_you_mean(&value.value, allowed.iter().map(String::as_str)) {
            Some(s) => format!("did you mean \"{s}\"? The allowed values are {list}"),
            None => format!("the allowed values are {list}"),
        };
        let d = Diagnostic::new(
            code,
            format!(
                "`{key}` of {} is \"{}\", which is not an allowed value",
                self.what, value.value
            ),
        )
        .at(value.span)
        .help(help)
        .unreadable(key);
        self.push(d);
        None
    }

    /// Reports every key that was never asked for, and returns all diagnostics.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        let unknown: Vec<(String, Range<usize>)> = self
            .table
            .iter()
            .filter(|(k, _)| !self.asked.contains(&k.get_ref().as_ref()))
            .map(|(k, _)| (k.get_ref().to_string(), k.span()))
            .collect();
        for (key, range) in unknown {
            let d = Diagnostic::new(
                Code::UnknownField,
                format!("{} has an unknown field `{key}`", self.what),
            )
            .at(self.span(range));
            let d = match meant(&key, &self.asked) {
                // Written under another name: not missing as well.
                Ok(field) => d.help(format!("did you mean `{field}`?")).unreadable(field),
                Err(help) => d.help(help),
            };
            self.push(d);
        }
        self.diags
    }
}

fn shift(file: FileId, base: usize, range: Range<usize>) -> Span {
    Span::new(file, range.start + base..range.end + base)
}
