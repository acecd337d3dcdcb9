//! The loader's [`FieldReader`]: the kinds read their fields through it from a
//! TOML table, with every problem kept as a diagnostic.

use toml::de::DeValue;

use super::fields::{Fields, describe};
use crate::base::{Code, Diagnostic, Span, Spanned};
use crate::kinds::reader::{FieldReader, RoleCells};
use crate::kinds::{Acceptance, Date};

impl FieldReader for Fields<'_, '_> {
    fn string(&mut self, key: &'static str) -> Option<Spanned<String>> {
        Fields::string(self, key)
    }

    fn required_string(&mut self, key: &'static str) -> Option<Spanned<String>> {
        Fields::required_string(self, key)
    }

    fn strings(&mut self, key: &'static str) -> Vec<Spanned<String>> {
        Fields::strings(self, key)
    }

    fn strings_or_one(&mut self, key: &'static str) -> Vec<Spanned<String>> {
        Fields::strings_or_one(self, key)
    }

    fn integer(&mut self, key: &'static str) -> Option<Spanned<i64>> {
        Fields::integer(self, key)
    }

    fn number(&mut self, key: &'static str) -> Option<f64> {
        Fields::number(self, key)
    }

    fn date(&mut self, key: &'static str) -> Option<Spanned<Date>> {
        Fields::date(self, key)
    }

    fn one_of(
        &mut self,
        key: &'static str,
        allowed: &[String],
        code: Code,
    ) -> Option<Spanned<String>> {
        Fields::one_of(self, key, allowed, code)
    }

    fn acceptance(&mut self, key: &'static str) -> Vec<Acceptance> {
        let mut out = Vec::new();
        for element in self.array(key).unwrap_or_default() {
            let span = self.span(element.span());
            match element.get_ref() {
                DeValue::String(s) => out.push(Acceptance::Text(s.to_string())),
                DeValue::Table(t) => {
                    let mut c = self.nested(t, span, "an acceptance criterion");
                    let given = Fields::required_string(&mut c, "given");
                    let when = Fields::required_string(&mut c, "when");
                    let then = Fields::required_string(&mut c, "then");
                    self.extend(c.finish());
                    if let (Some(given), Some(when), Some(then)) = (given, when, then) {
                        out.push(Acceptance::Scenario {
                            given: given.value,
                            when: when.value,
                            then: then.value,
                        });
                    }
                }
                other => Fields::push(
                    self,
                    Diagnostic::new(
                        Code::WrongType,
                        format!(
                            "an acceptance criterion must be a string or a table, not {}",
                            describe(other)
                        ),
                    )
                    .at(span)
                    .help("write \"…\" or { given = \"…\", when = \"…\", then = \"…\" }"),
                ),
            }
        }
        out
    }

    fn role_cells(&mut self, key: &'static str) -> Option<RoleCells> {
        let field = key;
        let (table, span) = self.table(field)?;
        let mut cells = Vec::new();
        for (key, value) in table.iter() {
            let role = Spanned::new(key.get_ref().to_string(), self.span(key.span()));
            match value.get_ref() {
                DeValue::String(s) => {
                    cells.push((role, Spanned::new(s.to_string(), self.span(value.span()))))
                }
                other => {
                    let d = Diagnostic::new(
                        Code::WrongType,
                        format!(
                            "the cell of role `{}` must be a string, not {}",
                            role.value,
                            describe(other)
                        ),
                    )
                    .at(self.span(value.span()))
                    .help("write the letters in quotes, such as dev = \"R\"")
                    .unreadable(field);
                    Fields::push(self, d);
                }
            }
        }
        Some((cells, span))
    }

    fn each_table(
        &mut self,
        key: &'static str,
        noun: &str,
        what: &str,
        read: &mut dyn FnMut(&mut dyn FieldReader, Span),
    ) {
        for element in self.array(key).unwrap_or_default() {
            let span = self.span(element.span());
            let DeValue::Table(t) = element.get_ref() else {
                let d = Diagnostic::new(Code::WrongType, format!("each {noun} must be a table"))
                    .at(span)
                    .help(format!("write each {noun} under its own [[{key}]] line"));
                Fields::push(self, d);
                continue;
            };
            let mut nested = self.nested(t, span, what);
            read(&mut nested, span);
            self.extend(nested.finish());
        }
    }

    fn has(&self, key: &str) -> bool {
        Fields::has(self, key)
    }

    fn missing(&mut self, key: &'static str, example: &str) {
        Fields::missing(self, key, example)
    }

    fn push(&mut self, diag: Diagnostic) {
        Fields::push(self, diag)
    }

    fn describe_as(&mut self, what: String, item: Option<&str>) {
        self.set_what(what, item)
    }
}
