//! A goal (objective) and its key results.

use super::Kind;
use super::decl::{Field, FieldType, KindDecl, OWNER, PageDecl};
use super::reader::FieldReader;
use super::{Date, IdRef, Item, Meta};
use crate::base::{Code, Spanned};

/// The statuses of a goal.
pub const STATUSES: &[&str] = &["on-track", "at-risk", "off-track", "achieved", "dropped"];
/// Which way a key result's metric should move.
pub const DIRECTIONS: &[&str] = &["increase", "decrease"];

pub const KEY_RESULT_FIELDS: &[Field] = &[
    Field::required(
        "id",
        FieldType::Text,
        "Unique across the site, such as KR-1.",
    ),
    Field::required(
        "metric",
        FieldType::Text,
        "What is measured, such as \"Median time to plan a week\".",
    ),
    Field::optional(
        "unit",
        FieldType::Text,
        "The unit of the figures, such as \"min\" or \"%\".",
    ),
    Field::optional(
        "direction",
        FieldType::OneOf(DIRECTIONS),
        "Whether the metric should increase or decrease.",
    ),
    Field::optional(
        "baseline",
        FieldType::Number,
        "The figure when the goal was set.",
    ),
    Field::optional(
        "target",
        FieldType::Number,
        "The figure that achieves the key result.",
    ),
    Field::optional("current", FieldType::Number, "The figure now."),
    Field::optional(
        "measured",
        FieldType::Date,
        "When `current` was taken, such as 2027-02-01.",
    ),
];

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Goal,
    name: "goal",
    slug: "goal",
    article: "a goal",
    plural: "Goals",
    table: true,
    folder: Some("goals"),
    title: "title",
    common: true,
    fields: &[
        OWNER,
        Field::optional(
            "timeframe",
            FieldType::Text,
            "When the goal is for, such as \"2027-H1\".",
        ),
        Field::optional(
            "status",
            FieldType::OneOf(STATUSES),
            "How the goal is going.",
        )
        .aka(&["state", "health"]),
        Field::optional(
            "health_note",
            FieldType::Text,
            "One sentence on why the goal stands where it does.",
        ),
        Field::optional(
            "key_results",
            FieldType::Tables(KEY_RESULT_FIELDS),
            "How progress towards the goal is measured.",
        )
        .aka(&["key_result", "kr", "krs", "keyresults", "results", "okrs"]),
    ],
    page: Some(PageDecl {
        folder: "goals",
        template: "goal.html",
        section: "home",
    }),
    decode: Some(|f, meta, _| Goal::decode(f, meta)),
    aka: &["goals", "objective", "objectives", "okr"],
    by_id: true,
    digit_ids: false,
};

/// A key result is written inside its goal and shown on the goal's page.
pub const KEY_RESULT_DECL: KindDecl = KindDecl {
    kind: Kind::KeyResult,
    name: "key result",
    slug: "key-result",
    article: "a key result",
    plural: "Key results",
    table: false,
    folder: None,
    title: "metric",
    common: false,
    fields: KEY_RESULT_FIELDS,
    page: None,
    decode: None,
    aka: &["key_results", "kr", "krs", "keyresult"],
    by_id: false,
    digit_ids: false,
};

/// An objective the product serves, measured by its key results.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Goal {
    #[serde(flatten)]
    pub meta: Meta,
    pub owner: Option<IdRef>,
    pub timeframe: Option<String>,
    pub status: Option<String>,
    pub health_note: Option<String>,
    /// Indices into the site's key results, in the order written.
    #[serde(skip)]
    pub key_results: Vec<usize>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct KeyResult {
    pub id: IdRef,
    pub metric: String,
    pub unit: Option<String>,
    pub direction: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    /// When `current` was taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<Spanned<Date>>,
    /// Index of the goal it belongs to, set by the site.
    #[serde(skip)]
    pub goal: usize,
    /// The id of the goal it was written in.
    #[serde(rename = "goal")]
    pub goal_id: String,
}

impl KeyResult {
    /// (current − baseline) / (target − baseline), clamped to 0..1; `None` when a
    /// figure is missing or target equals baseline.
    pub fn score(&self) -> Option<f64> {
        let (baseline, target, current) = (self.baseline?, self.target?, self.current?);
        let span = target - baseline;
        if span == 0.0 || !span.is_finite() {
            return None;
        }
        let score = (current - baseline) / span;
        score.is_finite().then(|| score.clamp(0.0, 1.0))
    }
}

impl Goal {
    /// Reads a goal, then its key results.
    pub fn decode(f: &mut dyn FieldReader, meta: Meta) -> Vec<Item> {
        let goal = Goal {
            owner: f.string("owner"),
            timeframe: f.plain_string("timeframe"),
            status: f
                .choice("status", STATUSES, Code::InvalidStatus)
                .map(|s| s.value),
            health_note: f.plain_string("health_note"),
            key_results: Vec::new(),
            meta,
        };
        let goal_id = goal.meta.id.value.clone();
        let what = format!("a key result of goal `{goal_id}`");
        let mut items = vec![Item::Goal(goal.into())];
        f.each_table("key_results", "key result", &what, &mut |k, span| {
            if let Some(kr) = KeyResult::decode(k, span, &goal_id) {
                items.push(Item::KeyResult(kr.into()));
            }
        });
        items
    }
}

impl KeyResult {
    /// Reads a key result; `None` without an id. `span` is its table's.
    pub fn decode(
        k: &mut dyn FieldReader,
        span: crate::base::Span,
        goal_id: &str,
    ) -> Option<KeyResult> {
        let id = k.required_string("id");
        if let Some(id) = &id {
            k.describe_as(format!("key result `{}`", id.value), Some(&id.value));
            k.check_id(id, false);
        }
        let kr = KeyResult {
            metric: k
                .required_string("metric")
                .map(|m| m.value)
                .unwrap_or_default(),
            unit: k.plain_string("unit"),
            direction: k
                .choice("direction", DIRECTIONS, Code::InvalidValue)
                .map(|s| s.value),
            baseline: k.number("baseline"),
            target: k.number("target"),
            current: k.number("current"),
            measured: k.date("measured"),
            goal: 0,
            goal_id: goal_id.to_owned(),
            id: id.unwrap_or_else(|| Spanned::new(String::new(), span)),
        };
        (!kr.id.value.is_empty()).then_some(kr)
    }
}

impl super::Record for Goal {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }

    fn text(&self) -> Vec<&str> {
        [&self.timeframe, &self.status, &self.health_note]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect()
    }

    fn links(&self) -> Vec<(&'static str, &IdRef)> {
        self.owner.iter().map(|o| ("owner", o)).collect()
    }
}

impl super::Record for KeyResult {
    fn meta(&self) -> Option<&Meta> {
        None
    }

    fn id(&self) -> &IdRef {
        &self.id
    }

    fn title(&self) -> &str {
        &self.metric
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::{FileId, Span, Spanned};

    fn kr(baseline: f64, target: f64, current: f64) -> KeyResult {
        KeyResult {
            id: Spanned::new("KR-1".into(), Span::file_start(FileId(0))),
            metric: "m".into(),
            unit: None,
            direction: None,
            baseline: Some(baseline),
            target: Some(target),
            current: Some(current),
            measured: None,
            goal: 0,
            goal_id: "G-1".into(),
        }
    }

    #[test]
    fn score_works_in_both_directions_and_clamps() {
        assert_eq!(
            kr(45.0, 10.0, 22.0).score().map(|s| (s * 1000.0).round()),
            Some(657.0)
        );
        assert_eq!(kr(0.0, 100.0, 25.0).score(), Some(0.25));
        assert_eq!(kr(0.0, 100.0, 150.0).score(), Some(1.0));
        assert_eq!(kr(0.0, 100.0, -5.0).score(), Some(0.0));
        assert_eq!(kr(5.0, 5.0, 5.0).score(), None);
    }
}
