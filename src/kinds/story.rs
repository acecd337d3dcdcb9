//! A user story with its acceptance criteria.

use super::Item;
use super::Kind;
use super::decl::{Field, FieldType, KindDecl, PageDecl};
use super::reader::FieldReader;
use super::{IdRef, Meta};
use crate::base::Spanned;
use crate::base::{Code, Diagnostic};

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Story,
    name: "story",
    slug: "story",
    article: "a story",
    plural: "Stories",
    table: true,
    folder: Some("backlog/stories"),
    title: "title",
    common: true,
    fields: &[
        Field::optional(
            "epic",
            FieldType::Id(&[Kind::Epic]),
            "The epic it belongs to.",
        )
        .aka(&["parent", "feature", "epic_id"]),
        Field::optional("as_a", FieldType::Text, "As a … (who wants it)."),
        Field::optional("i_want", FieldType::Text, "I want … (what they want)."),
        Field::optional("so_that", FieldType::Text, "So that … (why)."),
        Field::optional(
            "status",
            FieldType::Status,
            "Where it stands, from [workflow].story.",
        )
        .aka(&["state", "stage"]),
        Field::optional("points", FieldType::Count, "The estimate, a whole number.").aka(&[
            "estimate",
            "estimation",
            "story_points",
            "storypoints",
            "sp",
            "size",
            "effort",
        ]),
        Field::optional(
            "priority",
            FieldType::Integer,
            "Its rank in the backlog, lower first.",
        ),
        Field::optional(
            "sprint",
            FieldType::Id(&[Kind::Sprint]),
            "The sprint it is planned in.",
        )
        .aka(&["iteration", "sprint_id"]),
        Field::optional(
            "depends_on",
            FieldType::Ids(&[Kind::Story]),
            "Stories that must be done first.",
        )
        .aka(&["depends", "dependencies", "blocked_by", "requires", "after"]),
        Field::optional("labels", FieldType::Texts, "Free labels for filtering.").aka(&[
            "tags",
            "label",
            "tag",
            "categories",
        ]),
        Field::optional(
            "acceptance",
            FieldType::Acceptance,
            "Acceptance criteria: sentences, or given/when/then tables.",
        )
        .aka(&[
            "acceptance_criteria",
            "acceptancecriteria",
            "criteria",
            "ac",
            "acs",
        ]),
    ],
    page: Some(PageDecl {
        folder: "stories",
        template: "story.html",
        section: "backlog",
    }),
    decode: Some(|f, meta, statuses| vec![Item::Story(Story::decode(f, meta, statuses).into())]),
    aka: &[
        "stories",
        "user_story",
        "user_stories",
        "userstory",
        "userstories",
    ],
    by_id: true,
    digit_ids: false,
};

/// A user story: "As a …, I want …, so that …", with its acceptance criteria.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Story {
    #[serde(flatten)]
    pub meta: Meta,
    pub epic: Option<IdRef>,
    pub as_a: Option<String>,
    pub i_want: Option<String>,
    pub so_that: Option<String>,
    pub status: Option<Spanned<String>>,
    pub points: Option<u32>,
    pub priority: Option<i64>,
    pub sprint: Option<IdRef>,
    pub depends_on: Vec<IdRef>,
    pub labels: Vec<String>,
    pub acceptance: Vec<Acceptance>,
}

/// One acceptance criterion: a sentence, or Given / When / Then.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Acceptance {
    Text(String),
    Scenario {
        given: String,
        when: String,
        then: String,
    },
}

impl Story {
    /// Reads a story; `statuses` are `[workflow].story`.
    pub fn decode(f: &mut dyn FieldReader, meta: Meta, statuses: &[String]) -> Story {
        Story {
            epic: f.string("epic"),
            as_a: f.plain_string("as_a"),
            i_want: f.plain_string("i_want"),
            so_that: f.plain_string("so_that"),
            status: f.one_of("status", statuses, Code::InvalidStatus),
            points: points(f),
            priority: f.integer("priority").map(|p| p.value),
            sprint: f.string("sprint"),
            depends_on: f.strings("depends_on"),
            labels: f.plain_strings("labels"),
            acceptance: f.acceptance("acceptance"),
            meta,
        }
    }
}

/// An estimate: a whole number of zero or more.
fn points(f: &mut dyn FieldReader) -> Option<u32> {
    let p = f.integer("points")?;
    match u32::try_from(p.value) {
        Ok(n) => Some(n),
        Err(_) => {
            f.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`points` is {}, which is not an estimate", p.value),
                )
                .at(p.span)
                .help("an estimate is a whole number of zero or more, such as points = 3"),
            );
            None
        }
    }
}

impl super::Record for Story {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }

    fn text(&self) -> Vec<&str> {
        let mut text: Vec<&str> = [&self.as_a, &self.i_want, &self.so_that]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        for a in &self.acceptance {
            match a {
                Acceptance::Text(t) => text.push(t),
                Acceptance::Scenario { given, when, then } => {
                    text.extend([given, when, then].map(String::as_str))
                }
            }
        }
        text.extend(self.status.iter().map(|s| s.value.as_str()));
        text.extend(self.labels.iter().map(String::as_str));
        text
    }

    fn links(&self) -> Vec<(&'static str, &IdRef)> {
        let epic = self.epic.iter().map(|e| ("epic", e));
        epic.chain(self.sprint.iter().map(|s| ("sprint", s)))
            .chain(self.depends_on.iter().map(|d| ("depends_on", d)))
            .collect()
    }
}
