//! A ceremony (event) and who attends it (`[[ceremony]]` in roles/ceremonies.toml).

use super::Item;
use super::Kind;
use super::decl::{Field, FieldType, KindDecl};
use super::reader::FieldReader;
use super::{IdRef, Meta};

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Ceremony,
    name: "ceremony",
    slug: "ceremony",
    article: "a ceremony",
    table: true,
    folder: None,
    title: "name",
    common: true,
    fields: &[
        Field::optional(
            "cadence",
            FieldType::Text,
            "How often it happens, such as \"every sprint\".",
        ),
        Field::optional(
            "timebox",
            FieldType::Text,
            "How long it lasts, such as \"4h\".",
        ),
        Field::optional(
            "attendance",
            FieldType::RoleCells("required, optional, facilitates, informed, no"),
            "Each role's attendance.",
        ),
    ],
    page: None,
    decode: Some(|f, meta, _| vec![Item::Ceremony(Ceremony::decode(f, meta))]),
    by_id: false,
};

/// A ceremony (event) and who attends it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Ceremony {
    #[serde(flatten)]
    pub meta: Meta,
    pub cadence: Option<String>,
    pub timebox: Option<String>,
    #[serde(serialize_with = "super::meta::pairs")]
    pub attendance: Vec<(IdRef, String)>,
}

impl Ceremony {
    pub fn decode(f: &mut dyn FieldReader, meta: Meta) -> Ceremony {
        let cadence = f.plain_string("cadence");
        let timebox = f.plain_string("timebox");
        let attendance = f
            .role_cells("attendance")
            .map(|(cells, _)| {
                cells
                    .into_iter()
                    .map(|(role, how)| (role, how.value))
                    .collect()
            })
            .unwrap_or_default();
        Ceremony {
            meta,
            cadence,
            timebox,
            attendance,
        }
    }
}

impl super::Record for Ceremony {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }
}
