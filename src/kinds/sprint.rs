//! A sprint: a timebox with a goal.

use super::{Date, Meta};
use crate::base::Spanned;

/// A timebox in which stories are delivered.
#[derive(Clone, Debug)]
pub struct Sprint {
    pub meta: Meta,
    pub start: Option<Spanned<Date>>,
    pub end: Option<Spanned<Date>>,
    pub goal: Option<String>,
}
