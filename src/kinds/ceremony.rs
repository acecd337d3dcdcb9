//! A ceremony (event) and who attends it (`[[ceremony]]` in roles/ceremonies.toml).

use super::{IdRef, Meta};

/// A ceremony (event) and who attends it.
#[derive(Clone, Debug)]
pub struct Ceremony {
    pub meta: Meta,
    pub cadence: Option<String>,
    pub timebox: Option<String>,
    pub attendance: Vec<(IdRef, String)>,
}
