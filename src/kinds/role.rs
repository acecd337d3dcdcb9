//! A role charter: what the role is for, decides and needs.

use super::Meta;

/// A role charter.
#[derive(Clone, Debug)]
pub struct Role {
    pub meta: Meta,
    pub summary: Option<String>,
    pub responsibilities: Vec<String>,
    pub decision_rights: Vec<String>,
    pub skills: Vec<String>,
}
