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
pub mod person;
pub mod reader;
pub mod role;
pub mod sprint;
pub mod story;
pub mod vision;

pub use activity::{Activity, RaciCell};
pub use ceremony::Ceremony;
pub use decision::Decision;
pub use decl::{Cells, Decode, Field, FieldType, KindDecl, PageDecl};
pub use epic::Epic;
pub use goal::{Goal, KeyResult};
pub use initiative::Initiative;
pub use meta::{Date, IdRef, Meta, Waiver};
pub use milestone::Milestone;
pub use page::Page;
pub use person::Person;
pub use role::Role;
pub use sprint::Sprint;
pub use story::{Acceptance, Story};
pub use vision::{Positioning, Vision, VisionBoard};

use std::sync::Arc;

/// The table of kinds, one line each: the kind, where a site keeps its items, their
/// type and the declaration. It makes [`Kind`], [`Kind::ALL`], [`KINDS`] and
/// [`Items`], so a new kind is one line here.
macro_rules! kinds {
    ($($kind:ident => $store:ident: $ty:ty = $decl:expr;)*) => {
        /// Every kind of item, in the order the site lists them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            $($kind,)*
        }

        /// Every kind's declaration, in the order of [`Kind::ALL`].
        pub const KINDS: &[&KindDecl] = &[$(&$decl,)*];

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$kind,)*];
        }

        /// Every item of a site, kind by kind, in the order loaded.
        #[derive(Debug, Default)]
        pub struct Items {
            $(pub $store: Vec<Arc<$ty>>,)*
        }

        /// One item as read from a file, before ids are resolved.
        #[derive(Clone, Debug)]
        pub enum Item {
            $($kind(Arc<$ty>),)*
            /// `roles = [...]` in a RACI file: the column order of the matrix.
            RaciColumns(Vec<IdRef>),
        }

        impl Item {
            /// The item, for what every kind answers; `None` for RACI columns.
            pub fn record(&self) -> Option<&dyn Record> {
                match self {
                    $(Item::$kind(x) => Some(&**x),)*
                    Item::RaciColumns(_) => None,
                }
            }

            pub fn kind(&self) -> Option<Kind> {
                match self {
                    $(Item::$kind(_) => Some(Kind::$kind),)*
                    Item::RaciColumns(_) => None,
                }
            }

            /// The common fields, for the kinds that have them.
            pub fn meta(&self) -> Option<&Meta> {
                self.record().and_then(|r| r.meta())
            }
        }

        impl Items {
            /// Adds an item to the store of its kind; gives RACI columns back.
            pub fn push(&mut self, item: Item) -> Option<Vec<IdRef>> {
                match item {
                    $(Item::$kind(x) => self.$store.push(x),)*
                    Item::RaciColumns(columns) => return Some(columns),
                }
                None
            }

            pub fn count(&self, kind: Kind) -> usize {
                match kind {
                    $(Kind::$kind => self.$store.len(),)*
                }
            }

            /// The fields of the item of `kind` at `index` as written (no spans),
            /// for comparing revisions.
            pub fn values(&self, kind: Kind, index: usize) -> serde_json::Value {
                let value = match kind {
                    $(Kind::$kind => serde_json::to_value(&*self.$store[index]),)*
                };
                value.unwrap_or_default()
            }

            /// The item of `kind` at `index`.
            pub fn get(&self, kind: Kind, index: usize) -> &dyn Record {
                match kind {
                    $(Kind::$kind => &*self.$store[index],)*
                }
            }
        }
    };
}

kinds! {
    Goal => goals: Goal = goal::DECL;
    KeyResult => key_results: KeyResult = goal::KEY_RESULT_DECL;
    Initiative => initiatives: Initiative = initiative::DECL;
    Milestone => milestones: Milestone = milestone::DECL;
    Epic => epics: Epic = epic::DECL;
    Story => stories: Story = story::DECL;
    Sprint => sprints: Sprint = sprint::DECL;
    Role => roles: Role = role::DECL;
    Activity => activities: Activity = activity::DECL;
    Ceremony => ceremonies: Ceremony = ceremony::DECL;
    Page => pages: Page = page::DECL;
    Decision => decisions: Decision = decision::DECL;
    Person => people: Person = person::DECL;
}

/// What every kind of item answers, whatever its kind.
pub trait Record {
    /// Its id, title, body and waivers; a key result has none of its own.
    fn meta(&self) -> Option<&Meta>;

    fn id(&self) -> &IdRef {
        &self.meta().expect("an item with meta, or its own id").id
    }

    fn title(&self) -> &str {
        &self
            .meta()
            .expect("an item with meta, or its own title")
            .title
    }

    /// Every id it names, with the declared field that names it.
    fn links(&self) -> Vec<(&'static str, &IdRef)> {
        Vec::new()
    }

    /// What a reader may search for beyond its title and body: its sentences,
    /// notes, labels and states, in the order its page shows them.
    fn text(&self) -> Vec<&str> {
        Vec::new()
    }
}

impl Kind {
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
            .iter()
            .copied()
            .find(|k| *k != Kind::KeyResult && k.name() == name)
    }

    /// The article-prefixed name, for sentences.
    pub fn a(self) -> &'static str {
        self.decl().article
    }

    /// The kind a writer meant by a name that is not one: its plural
    /// (`stories`) or a synonym its declaration lists (`user_story`).
    pub fn from_synonym(name: &str) -> Option<Kind> {
        let name = normalise(name);
        Kind::ALL.iter().copied().find(|k| {
            let decl = k.decl();
            *k != Kind::KeyResult
                && (decl.aka.contains(&name.as_str())
                    || normalise(decl.plural) == name
                    || decl.name == name)
        })
    }
}

/// The fields a writer may mean by `name`: fields of that name, and fields whose
/// declarations list it among the names writers reach for (`estimate` →
/// `points`), each with the kind that has it.
pub fn fields_meant(name: &str) -> Vec<(&'static str, &'static KindDecl)> {
    let name = normalise(name);
    let mut meant = Vec::new();
    for decl in KINDS {
        for field in decl.all_fields() {
            let nested: &'static [Field] = match field.ty {
                FieldType::Tables(fields) => fields,
                _ => &[],
            };
            for f in std::iter::once(field).chain(nested) {
                if f.name == name || f.aka.contains(&name.as_str()) {
                    meant.push((f.name, *decl));
                }
            }
        }
    }
    meant
}

/// Lower case, with `_` for `-` and spaces: `Acceptance-Criteria` → `acceptance_criteria`.
fn normalise(name: &str) -> String {
    name.trim().to_lowercase().replace(['-', ' '], "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_kind_in_order() {
        assert_eq!(KINDS.len(), Kind::ALL.len());
        for (decl, kind) in KINDS.iter().zip(Kind::ALL) {
            assert_eq!(decl.kind, *kind);
        }
    }

    #[test]
    fn links_name_declared_kinds_and_fields_are_unique() {
        for decl in KINDS {
            let mut names: Vec<&str> = decl.written_fields().map(|(key, _)| key).collect();
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
