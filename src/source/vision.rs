//! `vision.md`: the vision statement, positioning and vision board, all optional.

use super::fields::Fields;
use super::frontmatter::{self, Unclosed};
use super::items::unclosed;
use super::syntax;
use crate::base::{Diagnostic, FileId, Span};
use crate::kinds::{Field, FieldType, Positioning, Vision, VisionBoard};

/// The fields of vision.md's front matter, for help texts, JSON Schemas and
/// editors; [`vision`] reads exactly these (tests in `declared.rs`).
pub const FIELDS: &[Field] = &[
    Field::optional(
        "title",
        FieldType::Text,
        "The title of the vision page, \"Vision\" by default.",
    ),
    Field::optional(
        "statement",
        FieldType::Text,
        "The vision in one sentence, such as \"Every household eats well without thinking about it.\"",
    ),
    Field::optional(
        "positioning",
        FieldType::Table(POSITIONING),
        "Geoffrey Moore's positioning statement: for … who …, the … is a … that …, unlike …, it ….",
    ),
    Field::optional(
        "board",
        FieldType::Table(BOARD),
        "Roman Pichler's product vision board.",
    ),
];

const POSITIONING: &[Field] = &[
    Field::optional(
        "for",
        FieldType::Text,
        "The target customers, such as \"busy families\".",
    ),
    Field::optional("who", FieldType::Text, "Their need or opportunity."),
    Field::optional(
        "category",
        FieldType::Text,
        "The product category, such as \"meal-planning app\".",
    ),
    Field::optional(
        "benefit",
        FieldType::Text,
        "The key benefit, the reason to buy.",
    ),
    Field::optional("unlike", FieldType::Text, "The main alternative."),
    Field::optional(
        "differentiator",
        FieldType::Text,
        "What sets the product apart from it.",
    ),
];

const BOARD: &[Field] = &[
    Field::optional(
        "target_group",
        FieldType::Texts,
        "The market or market segments the product serves.",
    ),
    Field::optional(
        "needs",
        FieldType::Texts,
        "The problems the product solves or the benefits it gives.",
    ),
    Field::optional(
        "product",
        FieldType::Texts,
        "The few features that make the product stand out.",
    ),
    Field::optional(
        "business_goals",
        FieldType::Texts,
        "How the product benefits the company.",
    ),
];

/// `vision.md`: optional fields, all under one roof.
pub fn vision(text: &str, file: FileId, diags: &mut Vec<Diagnostic>) -> Option<Vision> {
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(Unclosed) => {
            diags.push(unclosed(file));
            return None;
        }
    };
    let mut vision = Vision {
        title: "Vision".into(),
        body: split.body.to_owned(),
        body_span: Some(Span::new(file, split.body_offset..split.body_offset)),
        ..Vision::default()
    };
    let Some(front) = split.front else {
        return Some(vision);
    };
    let recovered = syntax::parse(front, file, split.front_offset, diags);
    let mut f = Fields::new(
        recovered.table.get_ref(),
        file,
        split.front_offset,
        0..0,
        "vision.md",
    )
    .damaged(!recovered.is_clean());
    if let Some(t) = f.plain_string("title") {
        vision.title = t;
    }
    vision.statement = f.plain_string("statement");
    if let Some((t, span)) = f.table("positioning") {
        let mut p = f.nested(t, span, "[positioning] of vision.md");
        vision.positioning = Positioning {
            for_whom: p.plain_string("for"),
            who: p.plain_string("who"),
            category: p.plain_string("category"),
            benefit: p.plain_string("benefit"),
            unlike: p.plain_string("unlike"),
            differentiator: p.plain_string("differentiator"),
        };
        f.extend(p.finish());
    }
    if let Some((t, span)) = f.table("board") {
        let mut b = f.nested(t, span, "[board] of vision.md");
        vision.board = VisionBoard {
            target_group: b.plain_strings("target_group"),
            needs: b.plain_strings("needs"),
            product: b.plain_strings("product"),
            business_goals: b.plain_strings("business_goals"),
        };
        f.extend(b.finish());
    }
    diags.extend(f.finish());
    Some(vision)
}
