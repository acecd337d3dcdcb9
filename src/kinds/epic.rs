//! An epic: a body of work that serves an initiative.

use super::{IdRef, Meta};
use crate::base::Spanned;

/// A body of work, delivered by its stories.
#[derive(Clone, Debug)]
pub struct Epic {
    pub meta: Meta,
    pub initiative: Option<IdRef>,
    pub status: Option<Spanned<String>>,
    pub owner: Option<IdRef>,
}
