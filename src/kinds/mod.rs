//! The kinds of item a product site holds: one file per kind with its struct,
//! and the [`Kind`] that names them.

mod activity;
mod ceremony;
mod epic;
mod goal;
mod initiative;
mod meta;
mod milestone;
mod page;
mod role;
mod sprint;
mod story;
mod vision;

pub use activity::{Activity, RaciCell};
pub use ceremony::Ceremony;
pub use epic::Epic;
pub use goal::{Goal, KeyResult};
pub use initiative::Initiative;
pub use meta::{Date, IdRef, Meta, Waiver};
pub use milestone::Milestone;
pub use page::Page;
pub use role::Role;
pub use sprint::Sprint;
pub use story::{Acceptance, Story};
pub use vision::{Positioning, Vision, VisionBoard};

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
