//! A user story with its acceptance criteria.

use super::{IdRef, Meta};
use crate::base::Spanned;

/// A user story: "As a …, I want …, so that …", with its acceptance criteria.
#[derive(Clone, Debug)]
pub struct Story {
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
#[derive(Clone, Debug, PartialEq)]
pub enum Acceptance {
    Text(String),
    Scenario {
        given: String,
        when: String,
        then: String,
    },
}
