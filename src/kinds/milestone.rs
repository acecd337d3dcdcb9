//! A milestone: a point on the roadmap, dated once it is scheduled.

use super::Item;
use super::Kind;
use super::decl::{Field, FieldType, KindDecl, PageDecl};
use super::reader::FieldReader;
use super::{Date, Meta};
use crate::base::Spanned;

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Milestone,
    name: "milestone",
    slug: "milestone",
    article: "a milestone",
    plural: "Milestones",
    table: true,
    folder: None,
    title: "title",
    common: true,
    fields: &[Field::optional(
        "date",
        FieldType::Date,
        "The day of the milestone; leave it out while it is planned but not scheduled.",
    )
    .aka(&["due", "due_date", "deadline", "on", "when"])],
    page: Some(PageDecl {
        folder: "milestones",
        template: "milestone.html",
        section: "roadmap",
    }),
    decode: Some(|f, meta, _| vec![Item::Milestone(Milestone::decode(f, meta).into())]),
    aka: &["milestones", "release", "releases"],
    by_id: true,
    digit_ids: false,
};

/// A point on the roadmap that initiatives aim at. Without a date it is
/// planned but not scheduled: listed beside the timeline, not drawn on it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Milestone {
    #[serde(flatten)]
    pub meta: Meta,
    pub date: Option<Spanned<Date>>,
}

impl Milestone {
    pub fn decode(f: &mut dyn FieldReader, meta: Meta) -> Milestone {
        Milestone {
            date: f.date("date"),
            meta,
        }
    }
}

impl super::Record for Milestone {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }
}
