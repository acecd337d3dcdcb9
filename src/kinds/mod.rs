//! The kinds of item a product site holds: one file per kind with its struct
//! and its declaration ([`KindDecl`]: fields, links, folder, page), and
//! [`KINDS`], the one table that lists them. Adding a kind is one file, one line
//! in the table and one template.

pub mod activity;
pub mod ceremony;
pub mod decision;
pub mod decl;
pub mod epic;
pub mod goal;
pub mod initiative;
mod meta;
pub mod milestone;
pub mod page;
pub mod reader;
pub mod role;
pub mod sprint;
pub mod story;
pub mod vision;

pub use activity::{Activity, RaciCell};
pub use ceremony::Ceremony;
pub use decision::Decision;
pub use decl::{Field, FieldType, KindDecl, PageDecl};
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
    Decision,
}

/// Every kind's declaration, in the order of [`Kind::ALL`]: the table of kinds.
pub const KINDS: [&KindDecl; 12] = [
    &goal::DECL,
    &goal::KEY_RESULT_DECL,
    &initiative::DECL,
    &milestone::DECL,
    &epic::DECL,
    &story::DECL,
    &sprint::DECL,
    &role::DECL,
    &activity::DECL,
    &ceremony::DECL,
    &page::DECL,
    &decision::DECL,
];

impl Kind {
    pub const ALL: [Kind; 12] = [
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
        Kind::Decision,
    ];

    /// The declaration of this kind: its names, fields, links, folder and page.
    pub fn decl(self) -> &'static KindDecl {
        KINDS[self as usize]
    }

    /// The name used in `kind = "..."`, in `[[name]]` tables and in messages.
    pub fn name(self) -> &'static str {
        self.decl().name
    }

    /// The name in machine-readable output (`trace.json`, CSS classes): `key-result`.
    pub fn slug(self) -> &'static str {
        self.decl().slug
    }

    /// Kinds that can be written as `[[name]]` in a `.toml` file or as `kind = "name"`.
    pub fn from_table_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| *k != Kind::KeyResult && k.name() == name)
    }

    /// The article-prefixed name, for sentences.
    pub fn a(self) -> &'static str {
        self.decl().article
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_kind_in_order() {
        assert_eq!(KINDS.len(), Kind::ALL.len());
        for (decl, kind) in KINDS.iter().zip(Kind::ALL) {
            assert_eq!(decl.kind, kind);
        }
    }

    #[test]
    fn links_name_declared_kinds_and_fields_are_unique() {
        for decl in KINDS {
            let mut names: Vec<&str> = decl.all_fields().map(|f| f.name).collect();
            names.sort();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "{} declares a field twice", decl.name);
            for (field, targets) in decl.links() {
                assert!(
                    !targets.is_empty(),
                    "{}.{field} links to nothing",
                    decl.name
                );
            }
        }
    }
}
