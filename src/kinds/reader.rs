//! [`FieldReader`]: how a kind reads its fields. The loader implements it over
//! TOML and keeps every problem as a diagnostic; each kind decodes itself through
//! it, so a kind's decoding sits beside its declaration and knows nothing of TOML.

use super::{Acceptance, Date, IdRef};
use crate::base::{Code, Diagnostic, Span, Spanned};
use crate::markup::{MAX_ID_LEN, is_valid_id, is_valid_login};

/// The cells of a role table (`{ pm = "C", po = "AR" }`) and where it was written.
pub type RoleCells = (Vec<(IdRef, Spanned<String>)>, Span);

/// Reads the fields of one table. Every field read is known; the loader reports
/// the others as unknown.
pub trait FieldReader {
    fn string(&mut self, key: &'static str) -> Option<Spanned<String>>;
    fn required_string(&mut self, key: &'static str) -> Option<Spanned<String>>;
    /// A list of strings; a missing key is an empty list.
    fn strings(&mut self, key: &'static str) -> Vec<Spanned<String>>;
    /// A list of strings, or one string as a list of one.
    fn strings_or_one(&mut self, key: &'static str) -> Vec<Spanned<String>>;
    fn integer(&mut self, key: &'static str) -> Option<Spanned<i64>>;
    /// A number; integers are accepted.
    fn number(&mut self, key: &'static str) -> Option<f64>;
    fn date(&mut self, key: &'static str) -> Option<Spanned<Date>>;
    /// A string that must be one of `allowed`; `code` reports one that is not.
    fn one_of(
        &mut self,
        key: &'static str,
        allowed: &[String],
        code: Code,
    ) -> Option<Spanned<String>>;
    /// Acceptance criteria: strings, or tables with `given`, `when` and `then`.
    fn acceptance(&mut self, key: &'static str) -> Vec<Acceptance>;
    /// A table from role ids to strings, and where it was written.
    fn role_cells(&mut self, key: &'static str) -> Option<RoleCells>;
    /// Reads each table of an array of tables (each `noun` written `[[key]]`),
    /// described in messages as `what` until it says what it is.
    fn each_table(
        &mut self,
        key: &'static str,
        noun: &str,
        what: &str,
        read: &mut dyn FnMut(&mut dyn FieldReader, Span),
    );
    fn has(&self, key: &str) -> bool;
    /// Reports a required field that is missing, with an example value.
    fn missing(&mut self, key: &'static str, example: &str);
    fn push(&mut self, diag: Diagnostic);
    /// What the table is, for messages ("key result `KR-1`"), and the item's id.
    fn describe_as(&mut self, what: String, item: Option<&str>);

    fn plain_string(&mut self, key: &'static str) -> Option<String> {
        self.string(key).map(|s| s.value)
    }

    fn plain_strings(&mut self, key: &'static str) -> Vec<String> {
        self.strings(key).into_iter().map(|s| s.value).collect()
    }

    /// A date the kind cannot do without.
    fn required_date(&mut self, key: &'static str) -> Option<Spanned<Date>> {
        let missing = !self.has(key);
        let date = self.date(key);
        if missing {
            self.missing(key, "2027-03-31");
        }
        date
    }

    /// One of a fixed list of values.
    fn choice(
        &mut self,
        key: &'static str,
        allowed: &[&str],
        code: Code,
    ) -> Option<Spanned<String>> {
        let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
        self.one_of(key, &allowed, code)
    }

    /// Reports an id that is too long or not of the form of an id; with
    /// `digit_first`, it may start with a digit (a person's login).
    fn check_id(&mut self, id: &Spanned<String>, digit_first: bool) {
        let shown: String = id.value.chars().take(60).collect();
        if id.value.len() > MAX_ID_LEN {
            self.push(
                Diagnostic::new(
                    Code::InvalidId,
                    format!(
                        "the id \"{shown}…\" is {} characters long; an id has at most {MAX_ID_LEN}",
                        id.value.chars().count()
                    ),
                )
                .at(id.span)
                .help("use a short id such as \"S-12\" and put the words in the title"),
            );
        } else if digit_first && !is_valid_login(&id.value) {
            self.push(
                Diagnostic::new(Code::InvalidId, format!("\"{shown}\" is not a valid id"))
                    .at(id.span)
                    .help("a person's id is a short word such as a login, \"ana\" or \"1ana\": letters, digits, `_`, `.` and `-`"),
            );
        } else if !digit_first && !is_valid_id(&id.value) {
            self.push(
                Diagnostic::new(Code::InvalidId, format!("\"{shown}\" is not a valid id"))
                    .at(id.span)
                    .help("an id starts with a letter and has only letters, digits, `_`, `.` and `-`, such as \"S-12\""),
            );
        }
    }
}
