//! A role charter: what the role is for, decides and needs.

use super::Item;
use super::Kind;
use super::decl::{Field, FieldType, KindDecl, PageDecl};
use super::reader::FieldReader;
use super::{IdRef, Meta};

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Role,
    name: "role",
    slug: "role",
    article: "a role",
    plural: "Roles",
    table: true,
    folder: Some("roles"),
    title: "title",
    common: true,
    fields: &[
        Field::optional(
            "summary",
            FieldType::Text,
            "What the role is for, in one sentence.",
        ),
        Field::optional("responsibilities", FieldType::Texts, "What the role does."),
        Field::optional(
            "decision_rights",
            FieldType::Texts,
            "What the role decides.",
        ),
        Field::optional("skills", FieldType::Texts, "What the role needs."),
        Field::optional(
            "holders",
            FieldType::IdsOrNames(&[Kind::Person]),
            "Who holds the role: person ids such as [\"ana\"] where the site has people, else names such as [\"Ana Ruiz <ana@example.com>\"].",
        ),
    ],
    page: Some(PageDecl {
        folder: "roles",
        template: "role.html",
        section: "roles",
    }),
    decode: Some(|f, meta, _| vec![Item::Role(Role::decode(f, meta).into())]),
    aka: &["charter", "charters"],
    by_id: false,
    digit_ids: false,
};

/// A role charter.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Role {
    #[serde(flatten)]
    pub meta: Meta,
    pub summary: Option<String>,
    pub responsibilities: Vec<String>,
    pub decision_rights: Vec<String>,
    pub skills: Vec<String>,
    /// Who holds the role: person ids where the site has people, else names
    /// with an address where given.
    pub holders: Vec<IdRef>,
}

impl Role {
    pub fn decode(f: &mut dyn FieldReader, meta: Meta) -> Role {
        Role {
            summary: f.plain_string("summary"),
            responsibilities: f.plain_strings("responsibilities"),
            decision_rights: f.plain_strings("decision_rights"),
            skills: f.plain_strings("skills"),
            holders: f.strings("holders"),
            meta,
        }
    }
}

impl super::Record for Role {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }

    fn text(&self) -> Vec<&str> {
        self.summary
            .iter()
            .chain(&self.responsibilities)
            .chain(&self.decision_rights)
            .chain(&self.skills)
            .map(String::as_str)
            .chain(self.holders.iter().map(|h| h.value.as_str()))
            .collect()
    }

    /// Its holders, which the site reads as person ids where it has people.
    fn links(&self) -> Vec<(&'static str, &IdRef)> {
        self.holders.iter().map(|h| ("holders", h)).collect()
    }
}
