//! Plain data: every kind of item a product site holds, as loaded from its files.

mod backlog;
mod roadmap;
mod roles;
mod strategy;

pub use backlog::{Acceptance, Epic, Sprint, Story};
pub use roadmap::{Initiative, Milestone};
pub use roles::{Activity, Ceremony, RaciCell, Role};
pub use strategy::{Goal, KeyResult, Positioning, Vision, VisionBoard};

use crate::base::{Span, Spanned};

/// Every kind of item, in the order the site lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Goal,
    KeyResult,
    Initiative,
    Milestone,
    Epic,
    Story,
    Sprint,
    Role,
    Activity,
    Ceremony,
    Page,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Goal,
        Kind::KeyResult,
        Kind::Initiative,
        Kind::Milestone,
        Kind::Epic,
        Kind::Story,
        Kind::Sprint,
        Kind::Role,
        Kind::Activity,
        Kind::Ceremony,
        Kind::Page,
    ];

    /// The name used in `kind = "..."`, in `[[name]]` tables and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Goal => "goal",
            Kind::KeyResult => "key result",
            Kind::Initiative => "initiative",
            Kind::Milestone => "milestone",
            Kind::Epic => "epic",
            Kind::Story => "story",
            Kind::Sprint => "sprint",
            Kind::Role => "role",
            Kind::Activity => "activity",
            Kind::Ceremony => "ceremony",
            Kind::Page => "page",
        }
    }

    /// The name in machine-readable output (`trace.json`, CSS classes): `key-result`.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::KeyResult => "key-result",
            kind => kind.name(),
        }
    }

    /// Kinds that can be written as `[[name]]` in a `.toml` file or as `kind = "name"`.
    pub fn from_table_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| *k != Kind::KeyResult && k.name() == name)
    }

    /// The article-prefixed name, for sentences.
    pub fn a(self) -> &'static str {
        match self {
            Kind::Goal => "a goal",
            Kind::KeyResult => "a key result",
            Kind::Initiative => "an initiative",
            Kind::Milestone => "a milestone",
            Kind::Epic => "an epic",
            Kind::Story => "a story",
            Kind::Sprint => "a sprint",
            Kind::Role => "a role",
            Kind::Activity => "a RACI activity",
            Kind::Ceremony => "a ceremony",
            Kind::Page => "a page",
        }
    }
}

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

/// A free Markdown page from `pages/`.
#[derive(Clone, Debug)]
pub struct Page {
    pub meta: Meta,
    /// Path below `pages/` without extension, with `/` separators.
    pub path: String,
    pub weight: Option<i64>,
}
