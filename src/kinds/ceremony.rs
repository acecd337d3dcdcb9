//! A ceremony (event) and who attends it (`[[ceremony]]` in roles/ceremonies.toml).

use super::Item;
use super::Kind;
use super::decl::{Cells, Field, FieldType, KindDecl};
use super::reader::FieldReader;
use super::{IdRef, Meta};
use crate::base::did_you_mean;
use crate::base::{Code, Diagnostic};

/// What an attendance cell may say.
pub const ATTENDANCE: &[&str] = &["required", "optional", "facilitates", "informed", "no"];

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Ceremony,
    name: "ceremony",
    slug: "ceremony",
    article: "a ceremony",
    plural: "Ceremonies",
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
            FieldType::RoleCells(Cells::OneOf(ATTENDANCE)),
            "Each role's attendance.",
        ),
        Field::optional(
            "description",
            FieldType::Text,
            "What happens in it and what comes out, in a sentence or two.",
        ),
    ],
    page: None,
    decode: Some(|f, meta, _| vec![Item::Ceremony(Ceremony::decode(f, meta).into())]),
    aka: &["ceremonies", "meeting", "meetings", "event", "events"],
    by_id: false,
    digit_ids: false,
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
    pub description: Option<String>,
}

impl Ceremony {
    pub fn decode(f: &mut dyn FieldReader, meta: Meta) -> Ceremony {
        let cadence = f.plain_string("cadence");
        let timebox = f.plain_string("timebox");
        let mut attendance = Vec::new();
        for (role, how) in f
            .role_cells("attendance")
            .map(|(c, _)| c)
            .unwrap_or_default()
        {
            if ATTENDANCE.contains(&how.value.as_str()) {
                attendance.push((role, how.value));
                continue;
            }
            let hint = did_you_mean(&how.value, ATTENDANCE.iter().copied())
                .map_or_else(String::new, |s| format!("did you mean `{s}`? "));
            f.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!(
                        "ceremony `{}` says `{}` attends it \"{}\", which is not an attendance",
                        meta.id.value, role.value, how.value
                    ),
                )
                .at(how.span)
                .help(format!("{hint}write one of: {}", ATTENDANCE.join(", "))),
            );
        }
        Ceremony {
            meta,
            cadence,
            timebox,
            attendance,
            description: f.plain_string("description"),
        }
    }
}

impl super::Record for Ceremony {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }

    fn text(&self) -> Vec<&str> {
        [&self.description, &self.cadence, &self.timebox]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect()
    }
}
