//! A milestone: a dated point on the roadmap.

use super::{Date, Meta};
use crate::base::Spanned;

/// A dated point on the roadmap that initiatives aim at.
#[derive(Clone, Debug)]
pub struct Milestone {
    pub meta: Meta,
    pub date: Option<Spanned<Date>>,
}
