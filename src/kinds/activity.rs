//! One row of the RACI matrix (`[[activity]]` in roles/raci.toml).

use super::Item;
use super::Kind;
use super::decl::{Cells, Field, FieldType, KindDecl};
use super::reader::FieldReader;
use super::{IdRef, Meta};
use crate::base::{Span, Spanned};

/// The letters of a RACI cell: responsible, accountable, consulted, informed.
pub const LETTERS: &str = "RACI";

/// `roles = [...]` in a RACI file: the order of its columns.
pub const COLUMNS: Field = Field::optional(
    "roles",
    FieldType::Ids(&[Kind::Role]),
    "The columns of the RACI matrix, in order: role ids such as [\"pm\", \"po\", \"sm\", \"dev\"].",
);

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Activity,
    name: "activity",
    slug: "activity",
    article: "a RACI activity",
    plural: "RACI activities",
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
            FieldType::RoleCells(Cells::Letters(LETTERS)),
            "Each role's letters: { pm = \"C\", po = \"AR\" }.",
        ),
    ],
    page: None,
    decode: Some(|f, meta, _| vec![Item::Activity(Activity::decode(f, meta).into())]),
    aka: &["activities", "raci", "row", "rows"],
    by_id: false,
    digit_ids: false,
};

/// One row of the RACI matrix.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Activity {
    #[serde(flatten)]
    pub meta: Meta,
    pub area: Option<String>,
    #[serde(serialize_with = "super::meta::cells")]
    pub raci: Vec<RaciCell>,
    /// Where the `raci` table was written, for row-level diagnostics.
    #[serde(skip)]
    pub raci_span: Span,
}

/// One cell of the RACI matrix: a role and its letters.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RaciCell {
    pub role: IdRef,
    pub letters: Spanned<String>,
}

impl RaciCell {
    pub fn has(&self, letter: char) -> bool {
        self.letters.value.contains(letter)
    }
}

impl Activity {
    /// `raci = { pm = "C", po = "AR" }`: one cell per role.
    pub fn decode(f: &mut dyn FieldReader, meta: Meta) -> Activity {
        let area = f.plain_string("area");
        let has_raci = f.has("raci");
        let (raci, raci_span) = match f.role_cells("raci") {
            Some(cells) => cells,
            None => {
                if !has_raci {
                    f.missing(
                        "raci",
                        "{ pm = \"C\", po = \"AR\", sm = \"I\", dev = \"R\" }",
                    );
                }
                (Vec::new(), meta.id.span)
            }
        };
        let raci = raci
            .into_iter()
            .map(|(role, letters)| RaciCell { role, letters })
            .collect();
        Activity {
            meta,
            area,
            raci,
            raci_span,
        }
    }
}

impl super::Record for Activity {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }

    fn text(&self) -> Vec<&str> {
        self.area.iter().map(String::as_str).collect()
    }
}
