//! One row of the RACI matrix (`[[activity]]` in roles/raci.toml).

use super::Kind;
use super::decl::{Field, FieldType, KindDecl};
use super::{IdRef, Meta};
use crate::base::{Span, Spanned};

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Activity,
    name: "activity",
    slug: "activity",
    article: "a RACI activity",
    table: true,
    folder: None,
    title: "name",
    common: true,
    fields: &[
        Field::optional(
            "area",
            FieldType::Text,
            "The group of activities it belongs to.",
        ),
        Field::required(
            "raci",
            FieldType::RoleCells("R, A, C, I"),
            "Each role's letters: { pm = \"C\", po = \"AR\" }.",
        ),
    ],
    page: None,
};

/// One row of the RACI matrix.
#[derive(Clone, Debug)]
pub struct Activity {
    pub meta: Meta,
    pub area: Option<String>,
    pub raci: Vec<RaciCell>,
    /// Where the `raci` table was written, for row-level diagnostics.
    pub raci_span: Span,
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
