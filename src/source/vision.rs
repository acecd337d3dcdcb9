//! `vision.md`: the vision statement, positioning and vision board, all optional.

use super::fields::Fields;
use super::frontmatter::{self, Unclosed};
use super::items::unclosed;
use super::syntax;
use crate::base::{Diagnostic, FileId, Span};
use crate::kinds::{Positioning, Vision, VisionBoard};

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
