//! A person: someone who holds roles and takes decisions. Where a site has
//! people, role charters name their holders and decisions their deciders by
//! person id, so that each person's page can list both.

use serde::ser::Error as _;

use super::Item;
use super::decl::{Field, FieldType, KindDecl, PageDecl};
use super::reader::FieldReader;
use super::{Kind, Meta};
use crate::base::Spanned;

pub const DECL: KindDecl = KindDecl {
    kind: Kind::Person,
    name: "person",
    slug: "person",
    article: "a person",
    plural: "People",
    table: true,
    folder: Some("people"),
    // A person's `title` is their job title; what they are called is `name`.
    title: "name",
    common: true,
    fields: &[
        Field::optional(
            "email",
            FieldType::Text,
            "Where to reach them, such as \"ana@example.com\".",
        )
        .aka(&["mail", "e_mail", "address"]),
        Field::optional(
            "title",
            FieldType::Text,
            "Their job title, such as \"Head of product\".",
        )
        .aka(&["job_title", "position", "job"]),
        Field::optional(
            "teams",
            FieldType::TextOrTexts,
            "The teams they belong to, for the directory: a team key, or a list of them.",
        )
        .aka(&["team"]),
    ],
    page: Some(PageDecl {
        folder: "people",
        template: "person.html",
        section: "roles",
    }),
    decode: Some(|f, meta, _| vec![Item::Person(Person::decode(f, meta).into())]),
    aka: &[
        "persons", "member", "members", "author", "authors", "user", "users",
    ],
    by_id: true,
    digit_ids: true,
};

/// A person, with what they are called in `meta.title`.
#[derive(Clone, Debug)]
pub struct Person {
    pub meta: Meta,
    pub email: Option<String>,
    /// Their job title (`title` as written).
    pub job_title: Option<String>,
    /// The keys of the teams they belong to.
    pub teams: Vec<Spanned<String>>,
}

impl Person {
    pub fn decode(f: &mut dyn FieldReader, meta: Meta) -> Person {
        Person {
            email: f.plain_string("email"),
            job_title: f.plain_string("title"),
            teams: f.strings_or_one("teams"),
            meta,
        }
    }
}

/// The fields as written: the name under `name`, the job title under `title`.
impl serde::Serialize for Person {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut values = serde_json::to_value(&self.meta).map_err(S::Error::custom)?;
        if let Some(map) = values.as_object_mut() {
            let name = map.remove("title").unwrap_or_default();
            map.insert("name".into(), name);
            map.insert("email".into(), self.email.clone().into());
            map.insert("title".into(), self.job_title.clone().into());
            let teams: Vec<&str> = self.teams.iter().map(|t| t.value.as_str()).collect();
            map.insert("teams".into(), teams.into());
        }
        values.serialize(serializer)
    }
}

impl super::Record for Person {
    fn meta(&self) -> Option<&Meta> {
        Some(&self.meta)
    }

    fn text(&self) -> Vec<&str> {
        self.job_title
            .iter()
            .chain(&self.email)
            .map(String::as_str)
            .chain(self.teams.iter().map(|t| t.value.as_str()))
            .collect()
    }
}
