//! An initiative: a roadmap item that serves goals.

use super::Item;
use super::Kind;
use super::decl::{Field, FieldType, KindDecl, OWNER, PageDecl};
use super::reader::FieldReader;
use super::{Date, IdRef, Meta};
use crate::base::Code;
use crate::base::Spanned;

/// The roadmap's columns.
pub const HORIZONS: &[&str] = &["now", "next", "later"];
pub const HEALTHS: &[&str] = &["on-track", "at-risk", "off-track"];
pub const CONFIDENCES: &[&str] = &["high", "medium", "low"];

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Initiative,
    name: "initiative",
    slug: "initiative",
    article: "an initiative",
    plural: "Initiatives",
    table: true,
    folder: Some("roadmap"),
    title: "title",
    common: true,
    fields: &[
        Field::optional(
            "goals",
            FieldType::Ids(&[Kind::Goal, Kind::KeyResult]),
            "The goals or key results it serves.",
        )
        .aka(&["goal", "objective", "objectives", "serves"]),
        Field::optional(
            "horizon",
            FieldType::OneOf(HORIZONS),
            "The roadmap column: now, next or later.",
        ),
        Field::optional(
            "start",
            FieldType::Date,
            "When work starts; give both dates or neither.",
        )
        .aka(&["start_date", "begin", "from", "starts"]),
        Field::optional("end", FieldType::Date, "When it is planned to end.").aka(&[
            "end_date", "due", "due_date", "deadline", "until", "finish", "ends",
        ]),
        Field::optional(
            "status",
            FieldType::Status,
            "Where it stands, from [workflow].initiative.",
        )
        .aka(&["state", "stage"]),
        Field::optional(
            "health",
            FieldType::OneOf(HEALTHS),
            "Whether it is on track.",
        ),
        Field::optional(
            "health_note",
            FieldType::Text,
            "One sentence on why the health is what it is, such as \"Partner API slipped two weeks\".",
        ),
        Field::optional(
            "confidence",
            FieldType::OneOf(CONFIDENCES),
            "How sure the team is of the plan.",
        ),
        Field::optional("theme", FieldType::Text, "The roadmap swimlane."),
        OWNER,
        Field::optional(
            "depends_on",
            FieldType::Ids(&[Kind::Initiative]),
            "Initiatives that must come first.",
        )
        .aka(&["depends", "dependencies", "blocked_by", "requires", "after"]),
        Field::optional(
            "milestones",
            FieldType::Ids(&[Kind::Milestone]),
            "The milestones it aims at.",
        ),
    ],
    page: Some(PageDecl {
        folder: "initiatives",
        template: "initiative.html",
        section: "roadmap",
    }),
    decode: Some(|f, meta, statuses| {
        vec![Item::Initiative(
            Initiative::decode(f, meta, statuses).into(),
        )]
    }),
    aka: &["initiatives", "bet", "bets", "roadmap_item"],
    by_id: true,
    digit_ids: false,
};

/// A roadmap item: what the team will do to move goals.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Initiative {
    #[serde(flatten)]
    pub meta: Meta,
    /// Goal ids and/or key-result ids this initiative serves.
    pub goals: Vec<IdRef>,
    pub horizon: Option<Spanned<String>>,
    pub start: Option<Spanned<Date>>,
    pub end: Option<Spanned<Date>>,
    pub status: Option<Spanned<String>>,
    pub health: Option<String>,
    pub health_note: Option<String>,
    pub confidence: Option<String>,
    pub theme: Option<String>,
    pub owner: Option<IdRef>,
    pub depends_on: Vec<IdRef>,
    pub milestones: Vec<IdRef>,
}

impl Initiative {
    /// Reads an initiative; `statuses` are `[workflow].initiative`.
    pub fn decode(f: &mut dyn FieldReader, meta: Meta, statuses: &[String]) -> Initiative {
        Initiative {
            goals: f.strings("goals"),
            horizon: f.choice("horizon", HORIZONS, Code::InvalidValue),
            start: f.date("start"),
            end: f.date("end"),
            status: f.one_of("status", statuses, Code::InvalidStatus),
            health: f
                .choice("health", HEALTHS, Code::InvalidValue)
                .map(|s| s.value),
            health_note: f.plain_string("health_note"),
            confidence: f
                .choice("confidence", CONFIDENCES, Code::InvalidValue)
                .map(|s| s.value),
            theme: f.plain_string("theme"),
            owner: f.string("owner"),
            depends_on: f.strings("depends_on"),
            milestones: f.strings("milestones"),
            meta,
        }
    }
}

impl super::Record for Initiative {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }

    fn text(&self) -> Vec<&str> {
        let states = [&self.horizon, &self.status]
            .into_iter()
            .flatten()
            .map(|s| s.value.as_str());
        [
            &self.health,
            &self.health_note,
            &self.theme,
            &self.confidence,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .chain(states)
        .collect()
    }

    fn links(&self) -> Vec<(&'static str, &IdRef)> {
        fn named<'a>(
            field: &'static str,
            ids: &'a [IdRef],
        ) -> impl Iterator<Item = (&'static str, &'a IdRef)> {
            ids.iter().map(move |id| (field, id))
        }
        named("goals", &self.goals)
            .chain(named("depends_on", &self.depends_on))
            .chain(named("milestones", &self.milestones))
            .chain(self.owner.iter().map(|o| ("owner", o)))
            .collect()
    }
}
