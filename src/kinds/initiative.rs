//! An initiative: a roadmap item that serves goals.

use super::{Date, IdRef, Meta};
use crate::base::Spanned;

/// A roadmap item: what the team will do to move goals.
#[derive(Clone, Debug)]
pub struct Initiative {
    pub meta: Meta,
    /// Goal ids and/or key-result ids this initiative serves.
    pub goals: Vec<IdRef>,
    pub horizon: Option<Spanned<String>>,
    pub start: Option<Spanned<Date>>,
    pub end: Option<Spanned<Date>>,
    pub status: Option<Spanned<String>>,
    pub health: Option<String>,
    pub confidence: Option<String>,
    pub theme: Option<String>,
    pub owner: Option<IdRef>,
    pub depends_on: Vec<IdRef>,
    pub milestones: Vec<IdRef>,
}
