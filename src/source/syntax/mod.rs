//! TOML that does not parse: each mistake reported once, in words that fit it,
//! and the rest of the table read around it, so that one missing quote costs one
//! value and not every item of the file.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::base::{Diagnostic, FileId, Span};

mod hints;
use hints::SyntaxError;

/// A table read in spite of syntax errors; every value an error touched is left
/// out, so that nothing half-read is taken for what the writer meant.
pub struct Recovered<'i> {
    pub table: Spanned<DeTable<'i>>,
    /// Where each syntax error was found, as offsets into the text.
    pub errors: Vec<usize>,
}

impl Recovered<'_> {
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Parses `text`, found at offset `base` of file `file`, and reports each of its
/// syntax mistakes once.
pub fn parse<'i>(
    text: &'i str,
    file: FileId,
    base: usize,
    diags: &mut Vec<Diagnostic>,
) -> Recovered<'i> {
    let (mut table, mut errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Recovered {
            table,
            errors: Vec::new(),
        };
    }
    errors.sort_by_key(|e| e.span().map_or(0, |s| s.start));
    let starts: Vec<usize> = errors
        .iter()
        .map(|e| e.span().map_or(0, |s| s.start))
        .collect();
    for e in one_per_mistake(text, &errors) {
        let error = SyntaxError {
            text,
            message: e.message().trim().trim_end_matches('.'),
            span: e.span().unwrap_or(0..0),
        };
        let found = error.explain(table.get_ref());
        let mut d = Diagnostic::new(found.code, found.message)
            .at(shift(file, base, found.at))
            .help(found.help);
        if let Some((range, message)) = found.label {
            d = d.label(shift(file, base, range), message);
        }
        diags.push(d);
    }
    prune(table.get_mut(), &starts);
    Recovered {
        table,
        errors: starts,
    }
}

fn shift(file: FileId, base: usize, range: Range<usize>) -> Span {
    Span::new(file, range.start + base..range.end + base)
}

/// The errors that stand for a mistake each: the first on a line, and for a list
/// or inline table left open, the first of those the parser found until it gave up.
fn one_per_mistake<'e>(text: &str, errors: &'e [toml::de::Error]) -> Vec<&'e toml::de::Error> {
    let mut kept: Vec<&toml::de::Error> = Vec::new();
    let mut last_line = None;
    let mut swallow_until: Option<usize> = None;
    for (n, e) in errors.iter().enumerate() {
        let start = e.span().map_or(0, |s| s.start);
        if swallow_until.is_some_and(|until| n <= until) {
            continue;
        }
        let line = text[..start.min(text.len())].matches('\n').count();
        if last_line == Some(line) {
            continue;
        }
        last_line = Some(line);
        let message = e.message();
        if opens_nested(message) {
            swallow_until = errors
                .iter()
                .enumerate()
                .skip(n + 1)
                .find(|(_, later)| later.message().starts_with("unclosed"))
                .map(|(i, _)| i);
        }
        kept.push(e);
    }
    kept
}

/// Whether an error is inside a list or an inline table, where one mistake leads
/// the parser to find several.
pub(super) fn opens_nested(message: &str) -> bool {
    (message.contains("array") && !message.contains("array table"))
        || message.contains("inline table")
}

/// Leaves out every value that an error lies in, at any depth.
fn prune(table: &mut DeTable<'_>, errors: &[usize]) {
    let mut doomed = Vec::new();
    for (key, value) in table.iter_mut() {
        prune_value(value.get_mut(), errors);
        let span = value.span();
        if errors.iter().any(|&e| span.start <= e && e <= span.end) {
            doomed.push(key.clone());
        }
    }
    for key in doomed {
        table.remove(&key);
    }
}

fn prune_value(value: &mut DeValue<'_>, errors: &[usize]) {
    match value {
        DeValue::Table(t) => prune(t, errors),
        DeValue::Array(a) => {
            for element in a.iter_mut() {
                if let DeValue::Table(t) = element.get_mut() {
                    prune(t, errors);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explain(text: &str) -> Vec<(String, String)> {
        let mut diags = Vec::new();
        parse(text, FileId(0), 0, &mut diags);
        diags
            .into_iter()
            .map(|d| (d.message, d.help.unwrap_or_default().into_string()))
            .collect()
    }

    #[test]
    fn a_hint_that_fits_each_mistake() {
        let cases = [
            (
                "title = Sprint 1: a plan\"\n",
                "invalid TOML: the text of `title` needs quotes",
                "write title = \"Sprint 1: a plan\"",
            ),
            (
                "points = 3 3\n",
                "invalid TOML: `3 3` is neither a number nor text",
                "write the number alone, such as points = 3, or put text in quotes: points = \"3 3\"",
            ),
            (
                "start = 2027-13-45\n",
                "`2027-13-45` is not a date: expected month between 01 and 12",
                "a date is written year-month-day without quotes, such as start = 2027-03-31",
            ),
            (
                "start = 2027/02/03\n",
                "invalid TOML: `2027/02/03` is not written as a date",
                "a date is written year-month-day without quotes, such as start = 2027-03-31",
            ),
            (
                "start = 03.02.2027\n",
                "invalid TOML: `03.02.2027` is not written as a date",
                "a date is written year-month-day without quotes, such as start = 2027-03-31",
            ),
            (
                "draft = yes\n",
                "invalid TOML: `yes` is not a TOML value",
                "write true or false without quotes: draft = true",
            ),
            (
                "title: \"x\"\n",
                "invalid TOML: `title:` is YAML; TOML writes `key = value`",
                "write title = \"x\"",
            ),
            (
                "due date = 2027-01-01\n",
                "invalid TOML: the key `due date` has a space in it",
                "write due_date = … (keys are letters, digits, - and _)",
            ),
            (
                "title = \"x\",\n",
                "invalid TOML: a comma after the value",
                "write one key = value per line, with no comma at its end",
            ),
            (
                "title = \"a \"quoted\" word\"\n",
                "invalid TOML: a quote inside the text ends it early",
                "write a quote inside text as \\\", or put the text in single quotes: title = 'a \"quoted\" word'",
            ),
            (
                "title = \"It's\n",
                "invalid TOML: the text of `title` is not closed",
                "end it with \" on the same line; text over several lines goes between \"\"\" and \"\"\"",
            ),
        ];
        for (text, message, help) in cases {
            assert_eq!(
                explain(text),
                vec![(message.to_owned(), help.to_owned())],
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_list_left_open_is_one_mistake() {
        let found = explain("labels = [\"a\", \"b\"\ntitle = \"x\"\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.starts_with("a list is written"));
    }

    #[test]
    fn a_duplicate_key_points_at_the_first() {
        let mut diags = Vec::new();
        let recovered = parse("title = \"x\"\ntitle = \"y\"\n", FileId(0), 10, &mut diags);
        assert_eq!(
            diags[0].message,
            "invalid TOML: `title` is written twice in one table"
        );
        assert_eq!(diags[0].span, Some(Span::new(FileId(0), 22..27)));
        assert_eq!(diags[0].labels[0].span, Span::new(FileId(0), 10..15));
        // The first value stays.
        assert!(recovered.table.get_ref().contains_key("title"));
    }

    #[test]
    fn values_an_error_touches_are_left_out() {
        let mut diags = Vec::new();
        let recovered = parse(
            "id = \"S-1\"\npoints = 3 3\ntitle = \"x\"\n",
            FileId(0),
            0,
            &mut diags,
        );
        let table = recovered.table.get_ref();
        assert!(table.contains_key("id") && table.contains_key("title"));
        assert!(!table.contains_key("points"));
    }
}
