//! `vision.md`: one per site, not an item with an id.

use crate::base::Span;

/// `vision.md`: the statement, positioning and product vision board.
#[derive(Clone, Debug, Default)]
pub struct Vision {
    pub title: String,
    pub statement: Option<String>,
    pub positioning: Positioning,
    pub board: VisionBoard,
    pub body: String,
    pub body_span: Option<Span>,
}

/// Geoffrey Moore's positioning statement; every part optional.
#[derive(Clone, Debug, Default)]
pub struct Positioning {
    pub for_whom: Option<String>,
    pub who: Option<String>,
    pub category: Option<String>,
    pub benefit: Option<String>,
    pub unlike: Option<String>,
    pub differentiator: Option<String>,
}

/// Roman Pichler's product vision board.
#[derive(Clone, Debug, Default)]
pub struct VisionBoard {
    pub target_group: Vec<String>,
    pub needs: Vec<String>,
    pub product: Vec<String>,
    pub business_goals: Vec<String>,
}
