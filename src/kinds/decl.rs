//! How a kind of item is declared: its names, its source folder, its fields
//! (name, type, whether required, help, allowed values), its links to parents
//! and its page. Declarations are data, so that loading, checks, pages, help
//! texts, JSON Schemas and editor completion can all read the same facts.

use super::reader::FieldReader;
use super::{Item, Kind, Meta};

/// Reads an item of a kind from its fields, after the fields every item has;
/// `statuses` are the kind's `[workflow]` values. A goal gives its key results too.
pub type Decode = fn(&mut dyn FieldReader, Meta, &[String]) -> Vec<Item>;

/// A declared kind of item.
#[derive(Debug)]
pub struct KindDecl {
    pub kind: Kind,
    /// In messages, in `kind = "…"` and in `[[…]]` tables: `story`.
    pub name: &'static str,
    /// In machine-readable output and CSS classes: `key-result`.
    pub slug: &'static str,
    /// With its article, for sentences: `a story`.
    pub article: &'static str,
    /// As a heading over a list of them: `Stories`.
    pub plural: &'static str,
    /// Whether items can be written as `[[name]]` tables and `kind = "name"`.
    pub table: bool,
    /// The folder whose Markdown files are of this kind, if any.
    pub folder: Option<&'static str>,
    /// The field that holds the title: `title`, or `name` for RACI rows and ceremonies.
    pub title: &'static str,
    /// Whether it has the fields every item has ([`COMMON`]); a key result,
    /// written inside its goal, has only its own.
    pub common: bool,
    /// The kind's own fields.
    pub fields: &'static [Field],
    /// Where its pages go; `None` when it is shown on another page.
    pub page: Option<PageDecl>,
    /// How its items are read from their fields; `None` for key results (read
    /// with their goal) and free pages (read by the loader itself).
    pub decode: Option<Decode>,
    /// Names writers reach for by mistake (`stories`, `user_story`), for "did
    /// you mean"; its name in the plural is known without being listed.
    pub aka: &'static [&'static str],
    /// Whether lists show its items in id order (S-2 before S-10) rather than in
    /// the order they were written.
    pub by_id: bool,
    /// Whether its ids may start with a digit, as logins do (`1ana`): people's
    /// ids are their logins; every other id starts with a letter.
    pub digit_ids: bool,
}

impl KindDecl {
    /// Its links to parents: every field that names other items, with the kinds
    /// it may name.
    pub fn links(&self) -> impl Iterator<Item = (&'static str, &'static [Kind])> + '_ {
        self.fields.iter().filter_map(|f| match f.ty {
            FieldType::Id(kinds) | FieldType::Ids(kinds) | FieldType::IdsOrNames(kinds) => {
                Some((f.name, kinds))
            }
            _ => None,
        })
    }

    /// Every field with the key it is written under: the item's title under the
    /// kind's title key (`name` for a RACI row or a person), which leaves `title`
    /// free for a field of the kind's own (a person's job title).
    pub fn written_fields(&self) -> impl Iterator<Item = (&'static str, &'static Field)> + '_ {
        self.all_fields().map(|f| (self.key_of(f), f))
    }

    /// The key a field of this kind is written under.
    fn key_of(&self, field: &'static Field) -> &'static str {
        if self.common && std::ptr::eq(field, &COMMON[TITLE]) {
            self.title
        } else {
            field.name
        }
    }

    /// Every field it may have, those of every item first.
    pub fn all_fields(&self) -> impl Iterator<Item = &'static Field> + '_ {
        let common: &'static [Field] = if self.common { COMMON } else { &[] };
        common.iter().chain(self.fields)
    }

    /// The field written under `name`.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.written_fields()
            .find(|(key, _)| *key == name)
            .map(|(_, f)| f)
    }
}

/// Where an item's page goes and how it is rendered.
#[derive(Debug)]
pub struct PageDecl {
    /// The folder of the pages in the output: `stories/S-1.html`.
    pub folder: &'static str,
    pub template: &'static str,
    /// The top navigation's section that the page belongs to.
    pub section: &'static str,
}

/// One field of a kind.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
    /// One sentence for help texts and editors.
    pub help: &'static str,
    /// Names writers reach for by mistake (`estimate` for `points`), for "did
    /// you mean".
    pub aka: &'static [&'static str],
}

impl Field {
    pub const fn optional(name: &'static str, ty: FieldType, help: &'static str) -> Field {
        Field {
            name,
            ty,
            required: false,
            help,
            aka: &[],
        }
    }

    pub const fn required(name: &'static str, ty: FieldType, help: &'static str) -> Field {
        Field {
            name,
            ty,
            required: true,
            help,
            aka: &[],
        }
    }

    /// The same field, with the names writers reach for by mistake.
    pub const fn aka(self, names: &'static [&'static str]) -> Field {
        Field { aka: names, ..self }
    }
}

/// The type of a field's value, as written in TOML.
#[derive(Debug)]
pub enum FieldType {
    /// A string.
    Text,
    /// A list of strings.
    Texts,
    /// A list of strings, where a single string counts as a list of one.
    TextOrTexts,
    /// Markdown text.
    Markdown,
    /// An id naming one item of these kinds.
    Id(&'static [Kind]),
    /// A list of ids naming items of these kinds.
    Ids(&'static [Kind]),
    /// Ids of items of these kinds wherever the site has any of them, and names
    /// as written where it has none: a role's `holders` are person ids once a
    /// site has people, and display strings (`Ana Ruiz <ana@example.com>`) before.
    IdsOrNames(&'static [Kind]),
    Integer,
    /// A whole number of zero or more.
    Count,
    Number,
    Bool,
    /// A TOML date: `2027-03-31`.
    Date,
    /// One of these values.
    OneOf(&'static [&'static str]),
    /// One of the kind's statuses in `[workflow]` of roadbook.toml.
    Status,
    /// Criteria: strings, or tables with `given`, `when` and `then`.
    Acceptance,
    /// A table from role ids to cells: `{ pm = "C", po = "AR" }`.
    RoleCells(Cells),
    /// `waive = { code = "reason" }`.
    Waivers,
    /// An array of tables, each with these fields.
    Tables(&'static [Field]),
    /// One table with these fields, such as `[build]` of roadbook.toml.
    Table(&'static [Field]),
    /// A list of numbers.
    Numbers,
    /// A table from check codes to a severity: `[checks]` of roadbook.toml.
    Severities,
    /// A table of anything, read by templates: `[extra]` of roadbook.toml.
    FreeTable,
}

/// What the cells of a role table hold.
#[derive(Debug)]
pub enum Cells {
    /// Some of these letters, each at most once: "AR" of "RACI".
    Letters(&'static str),
    /// One of these words.
    OneOf(&'static [&'static str]),
}

/// Where the title is among [`COMMON`].
const TITLE: usize = 1;

/// The fields every item has.
pub static COMMON: &[Field] = &[
    Field::required(
        "id",
        FieldType::Text,
        "Unique across the site: a letter, then letters, digits, `_`, `.` or `-`, such as S-12.",
    )
        .aka(&["key", "identifier", "ref"]),
    Field::required("title", FieldType::Text, "What the item is called.")
        .aka(&["name", "summary", "heading", "subject"]),
    Field::optional(
        "body",
        FieldType::Markdown,
        "Markdown text; in a Markdown file, the text after the front matter.",
    )
        .aka(&["description", "details", "text", "notes", "content"]),
    Field::optional(
        "kind",
        FieldType::Text,
        "The kind of a Markdown file outside its kind's folder, such as \"milestone\".",
    ),
    Field::optional(
        "waive",
        FieldType::Waivers,
        "Warnings this item accepts, each with the reason: { orphan-story = \"A spike\" }.",
    ),
    Field::optional(
        "draft",
        FieldType::Bool,
        "Left out of the built site unless roadbook build --drafts.",
    )
        .aka(&["wip", "hidden", "unpublished"]),
    Field::optional(
        "reviewed",
        FieldType::Date,
        "When someone last checked the item against its parents, such as 2027-02-01; clears suspect-link.",
    )
        .aka(&["reviewed_on", "last_reviewed", "review_date"]),
];

/// The owner field several kinds share.
pub const OWNER: Field = Field::optional(
    "owner",
    FieldType::Id(&[Kind::Role]),
    "The role that owns it: a role id such as \"po\".",
)
.aka(&[
    "assignee",
    "assigned_to",
    "assigned",
    "responsible",
    "lead",
    "driver",
    "dri",
]);
