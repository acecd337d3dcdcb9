//! The words for each kind of TOML syntax error: what went wrong, in the terms
//! of the value the writer typed, and the fix that fits it.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::opens_nested;
use crate::base::Code;

/// One syntax error as the parser gave it.
pub(super) struct SyntaxError<'a> {
    pub text: &'a str,
    pub message: &'a str,
    pub span: Range<usize>,
}

/// What to tell the writer: the problem, where, and how to fix it.
pub(super) struct Explained {
    /// `parse-error`, or `invalid-date` for a date that is not one.
    pub code: Code,
    pub message: String,
    pub at: Range<usize>,
    pub help: String,
    pub label: Option<(Range<usize>, String)>,
}

const GENERIC_HELP: &str = "text goes in quotes (title = \"…\"), a date is written 2027-03-31, a number 3, a list [\"a\", \"b\"]";

impl SyntaxError<'_> {
    pub fn explain(&self, table: &DeTable<'_>) -> Explained {
        let m = self.message;
        let mut out = Explained {
            code: Code::ParseError,
            message: format!("invalid TOML: {m}"),
            at: self.span.clone(),
            help: format!("fix the TOML here: {GENERIC_HELP}"),
            label: None,
        };
        let key = self.key_on_line();
        if m.starts_with("string values must be quoted") || m.starts_with("missing opening quote") {
            self.unquoted(&key, &mut out);
        } else if m.starts_with("invalid basic string") || m.starts_with("invalid literal string") {
            let quote = if m.contains("literal") { "'" } else { "\"" };
            let (line, start) = self.line();
            if let Some(open) = line.find(quote).filter(|&i| start + i < self.span.start) {
                out.at = start + open..start + line.len();
            }
            out.message = format!("invalid TOML: the text of `{key}` is not closed");
            out.help = format!(
                "end it with {quote} on the same line; text over several lines goes between \"\"\" and \"\"\""
            );
        } else if m.starts_with("invalid multi-line") {
            let opening = self.text[..self.span.start.min(self.text.len())]
                .rfind("\"\"\"")
                .or_else(|| self.text[..self.span.start.min(self.text.len())].rfind("'''"));
            if let Some(open) = opening {
                out.at = open..open + 3;
            }
            out.message = "invalid TOML: the text opened here is never closed".to_owned();
            out.help = "close it with \"\"\" after its last line".to_owned();
        } else if m.contains("date") || m.contains("time") {
            let raw = self.raw_value();
            let reason = m.split_once(", ").map_or("", |(_, r)| r);
            out.code = Code::InvalidDate;
            out.message = format!("`{raw}` is not a date: {reason}");
            out.help = format!(
                "a date is written year-month-day without quotes, such as {key} = 2027-03-31"
            );
        } else if m == "duplicate key" {
            self.duplicate(table, &mut out);
        } else if m.starts_with("key with no value") || m.starts_with("invalid unquoted key") {
            self.key_without_value(&mut out);
        } else if opens_nested(m) {
            out.help = if m.contains("inline table") {
                "an inline table is written on one line: { pm = \"C\", po = \"A\" }".to_owned()
            } else {
                "a list is written [\"a\", \"b\"]: a comma between values and ] at its end"
                    .to_owned()
            };
        } else if m.starts_with("unclosed") && m.contains("table") {
            let (line, _) = self.line();
            let name = line.trim().trim_matches(['[', ']']).trim();
            out.help = if line.trim_start().starts_with("[[") {
                format!("close the header with two brackets: [[{name}]]")
            } else {
                format!("close the header with a bracket: [{name}]")
            };
        } else if m.starts_with("unexpected key or value") {
            self.trailing(&mut out);
        } else if m.contains("escape") {
            out.help = "a backslash in text starts an escape such as \\n: write \\\\ for a backslash, or put the text in single quotes"
                .to_owned();
        } else if m.contains("float")
            || m.contains("fraction")
            || m.contains("leading zero")
            || m.contains("integer")
            || m.contains("exponent")
        {
            self.number(&key, &mut out);
        }
        out
    }

    /// The line the error is on, and where that line starts.
    fn line(&self) -> (&str, usize) {
        let at = self.span.start.min(self.text.len());
        let start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i);
        (self.text[start..end].trim_end_matches('\r'), start)
    }

    /// The key written before `=` on the error's line.
    fn key_on_line(&self) -> String {
        let (line, _) = self.line();
        line.split_once('=')
            .map_or("…", |(k, _)| k.trim())
            .trim_matches(['"', '\''])
            .to_owned()
    }

    /// The value as written, from the error to the end of its line, without a
    /// comment or stray quotes.
    fn raw_value(&self) -> String {
        let (line, start) = self.line();
        let from = self.span.start.saturating_sub(start).min(line.len());
        let rest = line[from..].split(" #").next().unwrap_or("").trim();
        rest.trim_matches(['"', '\'']).to_owned()
    }

    fn unquoted(&self, key: &str, out: &mut Explained) {
        let raw = self.raw_value();
        let word = raw.to_ascii_lowercase();
        if looks_like_date(&raw) {
            out.message = format!("invalid TOML: `{raw}` is not written as a date");
            out.help = format!(
                "a date is written year-month-day without quotes, such as {key} = 2027-03-31"
            );
        } else if matches!(word.as_str(), "yes" | "no" | "on" | "off" | "y" | "n") {
            let value = matches!(word.as_str(), "yes" | "on" | "y");
            out.message = format!("invalid TOML: `{raw}` is not a TOML value");
            out.help = format!("write true or false without quotes: {key} = {value}");
        } else if raw.starts_with(|c: char| c.is_ascii_digit()) {
            out.message = format!("invalid TOML: `{raw}` is neither a number nor text");
            let number: String = raw
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            out.help = format!(
                "write the number alone, such as {key} = {number}, or put text in quotes: {key} = \"{raw}\""
            );
        } else {
            out.message = format!("invalid TOML: the text of `{key}` needs quotes");
            out.help = format!("write {key} = \"{}\"", shorten(&raw));
        }
    }

    fn number(&self, key: &str, out: &mut Explained) {
        let raw = self.raw_value();
        if looks_like_date(&raw) {
            self.unquoted(key, out);
            return;
        }
        out.message = format!("invalid TOML: `{raw}` is not a number");
        out.help = format!("a number is written like {key} = 3 or {key} = 2.5; put text in quotes");
    }

    fn duplicate(&self, table: &DeTable<'_>, out: &mut Explained) {
        let name = self.text[self.span.clone()]
            .trim_matches(['"', '\''])
            .to_owned();
        let (line, _) = self.line();
        if line.trim_start().starts_with('[') {
            out.message = format!("invalid TOML: the table [{name}] is written twice");
            out.help = format!(
                "a [name] table may appear once; for a list of items write [[{name}]] above each"
            );
            return;
        }
        out.message = format!("invalid TOML: `{name}` is written twice in one table");
        out.help = "a key may appear once in each table; remove one of the two".to_owned();
        let mut first = None;
        earlier_key(table, &name, self.span.start, &mut first);
        if let Some(range) = first {
            out.label = Some((range, "first written here".to_owned()));
        }
    }

    fn key_without_value(&self, out: &mut Explained) {
        let (line, _) = self.line();
        let trimmed = line.trim();
        if let Some((key, value)) = trimmed.split_once(':')
            && !key.contains('=')
        {
            let key = key.trim().trim_start_matches("- ").trim();
            let value = value.trim();
            out.message = format!("invalid TOML: `{key}:` is YAML; TOML writes `key = value`");
            out.help = if value.is_empty() {
                format!("write {key} = \"…\"")
            } else if value.starts_with(['"', '\'', '[', '{']) || value.parse::<f64>().is_ok() {
                format!("write {key} = {value}")
            } else {
                format!("write {key} = \"{}\"", shorten(value))
            };
        } else if let Some(key) = trimmed.split('=').next().map(str::trim)
            && key.contains(' ')
        {
            out.message = format!("invalid TOML: the key `{key}` has a space in it");
            out.help = format!(
                "write {} = … (keys are letters, digits, - and _)",
                key.replace(' ', "_")
            );
        } else {
            out.help = "write each field as key = value on a line of its own".to_owned();
        }
    }

    fn trailing(&self, out: &mut Explained) {
        let (line, start) = self.line();
        let at = self.span.start.saturating_sub(start).min(line.len());
        let (before, rest) = line.split_at(at);
        let rest = rest.trim_start();
        if rest.starts_with(',') {
            out.message = "invalid TOML: a comma after the value".to_owned();
            out.help = "write one key = value per line, with no comma at its end".to_owned();
        } else if rest.starts_with(']') {
            out.message = "invalid TOML: one `]` too many".to_owned();
            out.help = "a table header is written [[story]], two brackets on each side".to_owned();
        } else if before.trim_end().ends_with('"') && rest.contains('"') {
            out.message = "invalid TOML: a quote inside the text ends it early".to_owned();
            out.help = format!(
                "write a quote inside text as \\\", or put the text in single quotes: {}",
                single_quoted(line)
            );
        } else {
            out.message = format!(
                "invalid TOML: unexpected `{}` after the value",
                shorten(rest)
            );
            out.help = "write one key = value per line; put text with spaces in quotes".to_owned();
        }
    }
}

/// `key = 'the "whole" text'` from a line whose text holds double quotes.
fn single_quoted(line: &str) -> String {
    match line.split_once('=') {
        Some((key, value)) => {
            let value = value.trim();
            let inner = value.strip_prefix('"').unwrap_or(value);
            let inner = inner.strip_suffix('"').unwrap_or(inner);
            format!("{} = '{}'", key.trim(), shorten(inner))
        }
        None => line.to_owned(),
    }
}

/// The latest key named `name` written before `before`, at any depth.
fn earlier_key(table: &DeTable<'_>, name: &str, before: usize, found: &mut Option<Range<usize>>) {
    for (key, value) in table.iter() {
        let span = key.span();
        if key.get_ref().as_ref() == name
            && span.start < before
            && found.as_ref().is_none_or(|f| f.start < span.start)
        {
            *found = Some(span);
        }
        match value.get_ref() {
            DeValue::Table(t) => earlier_key(t, name, before, found),
            DeValue::Array(a) => {
                for element in a.iter() {
                    if let DeValue::Table(t) = element.get_ref() {
                        earlier_key(t, name, before, found);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `2027/03/31`, `31.03.2027`, `2027-3-31`: a date written some other way.
fn looks_like_date(raw: &str) -> bool {
    let parts: Vec<&str> = raw.split(['-', '/', '.']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
        && parts.iter().any(|p| p.len() == 4)
}

/// At most 40 characters of what was written, for a help line.
fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}
