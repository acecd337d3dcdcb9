//! What every item has (id, title, body, waivers), and the values items hold:
//! ids as written and dates.

use crate::base::{Span, Spanned};

/// What every item has: its id, title, body and waivers.
#[derive(Clone, Debug)]
pub struct Meta {
    pub id: Spanned<String>,
    pub title: String,
    /// Markdown body: the text after the front matter, or the `body` field.
    pub body: String,
    /// Where the body starts, so references in it can be located.
    pub body_span: Span,
    /// `waive = { code = "reason" }`: warnings this item accepts, with the reason.
    pub waivers: Vec<Waiver>,
    /// `draft = true`: left out of the built site unless `--drafts` is given.
    pub draft: bool,
}

#[derive(Clone, Debug)]
pub struct Waiver {
    pub code: Spanned<String>,
    pub reason: String,
}

/// A reference to another item by id, where it was written.
pub type IdRef = Spanned<String>;

/// A date as written in TOML (`2027-03-31`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}
