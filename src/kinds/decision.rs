//! A decision record: a product or architecture decision, who took it, what it
//! affects and which earlier decisions it replaces.

use super::Item;
use super::decl::{Field, FieldType, KindDecl, PageDecl};
use super::reader::FieldReader;
use super::{Date, IdRef, Kind, Meta};
use crate::base::Code;
use crate::base::Spanned;

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Decision,
    name: "decision",
    slug: "decision",
    article: "a decision",
    plural: "Decisions",
    table: true,
    folder: Some("decisions"),
    title: "title",
    common: true,
    fields: &[
        Field::optional(
            "status",
            FieldType::Status,
            "Where it stands, from [workflow].decision.",
        )
        .aka(&["state"]),
        Field::optional("date", FieldType::Date, "When it was decided.").aka(&[
            "decided",
            "decided_on",
            "when",
        ]),
        Field::optional(
            "deciders",
            FieldType::Ids(&[Kind::Role, Kind::Person]),
            "Who took it: role ids such as \"pm\", or person ids where the site has people.",
        ),
        Field::optional(
            "affects",
            FieldType::Ids(&[Kind::Goal, Kind::KeyResult, Kind::Initiative, Kind::Epic]),
            "The goals, key results, initiatives or epics it affects.",
        ),
        Field::optional(
            "supersedes",
            FieldType::Ids(&[Kind::Decision]),
            "The earlier decisions it replaces.",
        )
        .aka(&["replaces", "obsoletes"]),
        Field::optional(
            "superseded_by",
            FieldType::Ids(&[Kind::Decision]),
            "The later decisions that replace it; each must name it in its `supersedes`.",
        )
        .aka(&["replaced_by", "obsoleted_by"]),
    ],
    page: Some(PageDecl {
        folder: "decisions",
        template: "decision.html",
        section: "decisions",
    }),
    decode: Some(|f, meta, statuses| {
        vec![Item::Decision(Decision::decode(f, meta, statuses).into())]
    }),
    aka: &["decisions", "adr", "adrs", "decision_record"],
    by_id: true,
    digit_ids: false,
};

/// A decision and its context, options and consequences (the Markdown body).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Decision {
    #[serde(flatten)]
    pub meta: Meta,
    pub status: Option<Spanned<String>>,
    pub date: Option<Spanned<Date>>,
    pub deciders: Vec<IdRef>,
    pub affects: Vec<IdRef>,
    pub supersedes: Vec<IdRef>,
    pub superseded_by: Vec<IdRef>,
}

impl Decision {
    /// Reads a decision; `statuses` are `[workflow].decision`.
    pub fn decode(f: &mut dyn FieldReader, meta: Meta, statuses: &[String]) -> Decision {
        Decision {
            status: f.one_of("status", statuses, Code::InvalidStatus),
            date: f.date("date"),
            deciders: f.strings("deciders"),
            affects: f.strings("affects"),
            supersedes: f.strings("supersedes"),
            superseded_by: f.strings("superseded_by"),
            meta,
        }
    }
}

impl super::Record for Decision {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }

    fn text(&self) -> Vec<&str> {
        self.status.iter().map(|s| s.value.as_str()).collect()
    }

    fn links(&self) -> Vec<(&'static str, &IdRef)> {
        self.deciders
            .iter()
            .map(|d| ("deciders", d))
            .chain(self.affects.iter().map(|a| ("affects", a)))
            .chain(self.supersedes.iter().map(|s| ("supersedes", s)))
            .chain(self.superseded_by.iter().map(|s| ("superseded_by", s)))
            .collect()
    }
}
