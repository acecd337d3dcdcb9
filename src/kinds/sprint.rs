//! A sprint: a timebox with a goal.

use super::Item;
use super::Kind;
use super::decl::{Field, FieldType, KindDecl, PageDecl};
use super::reader::FieldReader;
use super::{Date, Meta};
use crate::base::Spanned;

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Sprint,
    name: "sprint",
    slug: "sprint",
    article: "a sprint",
    plural: "Sprints",
    table: true,
    folder: None,
    title: "title",
    common: true,
    fields: &[
        Field::required("start", FieldType::Date, "The first day of the sprint.").aka(&[
            "start_date",
            "begin",
            "from",
            "starts",
        ]),
        Field::required("end", FieldType::Date, "The last day of the sprint.")
            .aka(&["end_date", "due", "due_date", "until", "finish", "ends"]),
        Field::optional("goal", FieldType::Text, "The sprint goal.")
            .aka(&["sprint_goal", "objective"]),
    ],
    page: Some(PageDecl {
        folder: "sprints",
        template: "sprint.html",
        section: "sprints",
    }),
    decode: Some(|f, meta, _| vec![Item::Sprint(Sprint::decode(f, meta).into())]),
    aka: &["sprints", "iteration", "iterations"],
    by_id: true,
    digit_ids: false,
};

/// A timebox in which stories are delivered.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Sprint {
    #[serde(flatten)]
    pub meta: Meta,
    pub start: Option<Spanned<Date>>,
    pub end: Option<Spanned<Date>>,
    pub goal: Option<String>,
}

impl Sprint {
    pub fn decode(f: &mut dyn FieldReader, meta: Meta) -> Sprint {
        Sprint {
            start: f.required_date("start"),
            end: f.required_date("end"),
            goal: f.plain_string("goal"),
            meta,
        }
    }
}

impl super::Record for Sprint {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }

    fn text(&self) -> Vec<&str> {
        self.goal.iter().map(String::as_str).collect()
    }
}
