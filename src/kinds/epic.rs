//! An epic: a body of work that serves an initiative.

use super::Item;
use super::Kind;
use super::decl::{Field, FieldType, KindDecl, OWNER, PageDecl};
use super::reader::FieldReader;
use super::{IdRef, Meta};
use crate::base::Code;
use crate::base::Spanned;

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Epic,
    name: "epic",
    slug: "epic",
    article: "an epic",
    plural: "Epics",
    table: true,
    folder: Some("backlog/epics"),
    title: "title",
    common: true,
    fields: &[
        Field::optional(
            "initiative",
            FieldType::Id(&[Kind::Initiative]),
            "The initiative it serves.",
        )
        .aka(&["parent", "roadmap", "initiative_id"]),
        Field::optional(
            "status",
            FieldType::Status,
            "Where it stands, from [workflow].epic.",
        )
        .aka(&["state", "stage"]),
        OWNER,
    ],
    page: Some(PageDecl {
        folder: "epics",
        template: "epic.html",
        section: "backlog",
    }),
    decode: Some(|f, meta, statuses| vec![Item::Epic(Epic::decode(f, meta, statuses).into())]),
    aka: &["epics", "feature", "features"],
    by_id: true,
    digit_ids: false,
};

/// A body of work, delivered by its stories.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Epic {
    #[serde(flatten)]
    pub meta: Meta,
    pub initiative: Option<IdRef>,
    pub status: Option<Spanned<String>>,
    pub owner: Option<IdRef>,
}

impl Epic {
    /// Reads an epic; `statuses` are `[workflow].epic`.
    pub fn decode(f: &mut dyn FieldReader, meta: Meta, statuses: &[String]) -> Epic {
        Epic {
            initiative: f.string("initiative"),
            status: f.one_of("status", statuses, Code::InvalidStatus),
            owner: f.string("owner"),
            meta,
        }
    }
}

impl super::Record for Epic {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }

    fn text(&self) -> Vec<&str> {
        self.status.iter().map(|s| s.value.as_str()).collect()
    }

    fn links(&self) -> Vec<(&'static str, &IdRef)> {
        let initiative = self.initiative.iter().map(|i| ("initiative", i));
        initiative
            .chain(self.owner.iter().map(|o| ("owner", o)))
            .collect()
    }
}
