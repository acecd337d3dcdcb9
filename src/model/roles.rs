use super::{IdRef, Meta};
use crate::base::Spanned;

/// A role charter.
#[derive(Clone, Debug)]
pub struct Role {
    pub meta: Meta,
    pub summary: Option<String>,
    pub responsibilities: Vec<String>,
    pub decision_rights: Vec<String>,
    pub skills: Vec<String>,
}

/// One row of the RACI matrix.
#[derive(Clone, Debug)]
pub struct Activity {
    pub meta: Meta,
    pub area: Option<String>,
    pub raci: Vec<RaciCell>,
    /// Where the `raci` table was written, for row-level diagnostics.
    pub raci_span: crate::base::Span,
}

/// One cell of the RACI matrix: a role and its letters.
#[derive(Clone, Debug)]
pub struct RaciCell {
    pub role: IdRef,
    pub letters: Spanned<String>,
}

impl RaciCell {
    pub fn has(&self, letter: char) -> bool {
        self.letters.value.contains(letter)
    }
}

/// A ceremony (event) and who attends it.
#[derive(Clone, Debug)]
pub struct Ceremony {
    pub meta: Meta,
    pub cadence: Option<String>,
    pub timebox: Option<String>,
    pub attendance: Vec<(IdRef, String)>,
}
