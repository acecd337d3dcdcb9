//! JSON Schemas (draft 2020-12) of the source files, made from the field
//! declarations the loader reads, so that an editor completes and checks what
//! `roadbook check` accepts: a valid source validates, and an unknown field, a
//! value of the wrong type or a status not in the workflow does not.
//!
//! Each file stands alone (no references between files), and a property's
//! schema never sits beside a `$ref`: Taplo reads schemas as draft 7, where
//! keywords beside a `$ref` (its description, for hovers) are ignored.

use serde_json::{Map, Value, json};

use super::config::{self, SEVERITIES, Workflow};
use super::vision;
use crate::base::Code;
use crate::kinds::{Cells, Field, FieldType, KINDS, Kind, KindDecl, activity};
use crate::markup::MAX_ID_LEN;

mod taplo;
#[cfg(test)]
mod tests;

pub use taplo::taplo_config;

/// The dialect of every schema written.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// An id (SPEC §1): a letter, then letters, digits, `_`, `.` or `-`.
pub const ID_PATTERN: &str = "^[A-Za-z][A-Za-z0-9_.-]*$";

/// A person's id, which may start with a digit as a login does.
pub const LOGIN_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9_.-]*$";

/// A TOML date reaches a JSON validator as text (Taplo and [`super::value_to_json`]
/// write it `YYYY-MM-DD`).
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// The check codes, which a waiver names: shared, as every item may waive.
const CODE_REF: &str = "#/$defs/check-code";

/// The RACI matrix's file and the ceremonies' file, which have schemas of
/// their own; every other `.toml` of a source folder holds items.
pub const RACI_FILE: &str = "roles/raci.toml";
pub const CEREMONIES_FILE: &str = "roles/ceremonies.toml";

/// How an item is written: front matter of a Markdown file, whose body is the
/// text after it, or an entry of a `[[kind]]` array, whose body is `body`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    FrontMatter,
    Table,
}

/// Every schema file, by name: roadbook.toml, vision.md, the front matter of
/// each kind that has pages, `.toml` files of items, the RACI matrix and the
/// ceremonies. `workflow` gives the statuses of initiatives, epics and stories.
pub fn schemas(workflow: &Workflow) -> Vec<(String, Value)> {
    let mut files = vec![
        root(
            "roadbook",
            "roadbook.toml",
            "The configuration of a Roadbook site; its folder is the site's root.",
            table(config::FIELDS),
        ),
        root(
            "vision",
            "vision.md",
            "The front matter of vision.md: the vision statement, positioning and product vision board.",
            table(vision::FIELDS),
        ),
    ];
    for decl in KINDS.iter().filter(|d| d.page.is_some()) {
        let written = match decl.folder {
            Some(folder) => format!(
                "a Markdown file in {folder}/, or one with kind = \"{}\"",
                decl.name
            ),
            None => format!("a Markdown file with kind = \"{}\"", decl.name),
        };
        files.push(root(
            decl.name,
            &format!("{} front matter", crate::base::capitalised(decl.name)),
            &format!(
                "The TOML front matter of {}: {written}, between +++ lines.",
                decl.article
            ),
            item(decl, Form::FrontMatter, workflow),
        ));
    }
    let table_kinds: Vec<Kind> = Kind::ALL
        .iter()
        .copied()
        .filter(|k| k.decl().table)
        .collect();
    files.push(items_file(
        "items",
        "Items in a .toml file",
        "A .toml file of a source folder: items written as [[kind]] arrays of tables.",
        &table_kinds,
        workflow,
    ));
    files.push(items_file(
        "raci",
        RACI_FILE,
        "The RACI matrix: its columns, then one [[activity]] per row.",
        &[Kind::Activity],
        workflow,
    ));
    files.push(items_file(
        "ceremonies",
        CEREMONIES_FILE,
        "The ceremonies (events) and who attends them, one [[ceremony]] each.",
        &[Kind::Ceremony],
        workflow,
    ));
    files
}

/// The file name of the schema called `name`: `story.schema.json`.
pub fn file_name(name: &str) -> String {
    format!("{name}.schema.json")
}

/// A schema file: `$schema`, `$id`, title and description over `body`.
fn root(name: &str, title: &str, description: &str, body: Value) -> (String, Value) {
    let file = file_name(name);
    let mut schema = Map::new();
    schema.insert("$schema".into(), DRAFT.into());
    // An absolute id: Taplo refuses a schema whose `$id` is relative.
    schema.insert("$id".into(), format!("urn:roadbook:schema:{file}").into());
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    if let Value::Object(body) = body {
        schema.extend(body);
    }
    let mut schema = Value::Object(schema);
    if refers_to(&schema, CODE_REF) {
        let codes: Vec<&str> = Code::names().collect();
        schema["$defs"]["check-code"] = json!({ "type": "string", "enum": codes });
    }
    (file, schema)
}

/// Whether `schema` has a `$ref` to `target` anywhere in it.
fn refers_to(schema: &Value, target: &str) -> bool {
    match schema {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| (k == "$ref" && v == target) || refers_to(v, target)),
        Value::Array(values) => values.iter().any(|v| refers_to(v, target)),
        _ => false,
    }
}

/// A `.toml` file of `[[kind]]` arrays of the `kinds`; the RACI matrix's
/// `roles = [...]` is read in any of them, so it is allowed where activities are.
fn items_file(
    name: &str,
    title: &str,
    description: &str,
    kinds: &[Kind],
    workflow: &Workflow,
) -> (String, Value) {
    let mut properties: Vec<(&str, Value, bool)> = Vec::new();
    let mut defs = Map::new();
    for kind in kinds {
        let decl = kind.decl();
        let help = format!(
            "{}, each under its own [[{}]] line.",
            decl.plural, decl.name
        );
        let array = json!({
            "type": "array",
            "items": { "$ref": format!("#/$defs/{}", decl.name) },
        });
        properties.push((decl.name, described(array, &help), false));
        defs.insert(decl.name.into(), item(decl, Form::Table, workflow));
    }
    if kinds.contains(&Kind::Activity) {
        let columns = &activity::COLUMNS;
        properties.push((columns.name, field(columns, &[]), false));
    }
    let mut body = object(properties);
    body["$defs"] = Value::Object(defs);
    root(name, title, description, body)
}

/// The schema of an item of `decl`'s kind in the given form.
fn item(decl: &KindDecl, form: Form, workflow: &Workflow) -> Value {
    let statuses = workflow.statuses(decl.kind);
    let properties = decl.written_fields().filter_map(|(key, f)| {
        let (name, schema) = match key {
            "body" if form == Form::FrontMatter => return None,
            "id" => ("id", described(id(decl.digit_ids), f.help)),
            "kind" => {
                let mut schema = field(f, statuses);
                schema["const"] = decl.name.into();
                ("kind", schema)
            }
            _ => (key, field(f, statuses)),
        };
        // A page's id defaults to its file name, its title to its first heading.
        let required = f.required && !(decl.kind == Kind::Page && form == Form::FrontMatter);
        Some((name, schema, required))
    });
    object(properties)
}

/// An object of exactly these properties: (name, schema, whether required).
fn object<'a>(properties: impl IntoIterator<Item = (&'a str, Value, bool)>) -> Value {
    let mut map = Map::new();
    let mut required = Vec::new();
    for (name, schema, is_required) in properties {
        if is_required {
            required.push(name);
        }
        map.insert(name.into(), schema);
    }
    let mut schema = json!({ "type": "object", "properties": map, "additionalProperties": false });
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    schema
}

/// A table of these fields, outside any kind (no workflow).
fn table(fields: &[Field]) -> Value {
    object(fields.iter().map(|f| (f.name, field(f, &[]), f.required)))
}

/// The schema of a field with its help; `statuses` are its kind's workflow.
fn field(f: &Field, statuses: &[String]) -> Value {
    let schema = if f.name == "id" {
        id(false)
    } else {
        of_type(&f.ty, statuses)
    };
    described(schema, f.help)
}

/// The help as a plain description; where it has Markdown (`code`), the
/// Markdown too, for VS Code (`markdownDescription`) and Taplo (`x-taplo`).
fn described(mut schema: Value, help: &str) -> Value {
    let plain = help.replace('`', "");
    if plain != help {
        schema["markdownDescription"] = help.into();
        schema["x-taplo"] = json!({ "docs": { "main": help } });
    }
    schema["description"] = plain.into();
    schema
}

/// An id; with `digit_first`, one that may start with a digit (a person's).
fn id(digit_first: bool) -> Value {
    let pattern = if digit_first {
        LOGIN_PATTERN
    } else {
        ID_PATTERN
    };
    json!({ "type": "string", "pattern": pattern, "maxLength": MAX_ID_LEN })
}

/// An id naming an item of one of `kinds`.
fn id_of(kinds: &[Kind]) -> Value {
    id(kinds.iter().any(|k| k.decl().digit_ids))
}

fn list(items: Value) -> Value {
    json!({ "type": "array", "items": items })
}

/// A value of the type as the loader reads it: an integer is a number, a date
/// is a TOML date (text in JSON), a status is one of the workflow's.
fn of_type(ty: &FieldType, statuses: &[String]) -> Value {
    match ty {
        FieldType::Text => json!({ "type": "string" }),
        FieldType::Markdown => json!({ "type": "string", "contentMediaType": "text/markdown" }),
        FieldType::Texts => list(json!({ "type": "string" })),
        FieldType::TextOrTexts => {
            json!({ "anyOf": [{ "type": "string" }, list(json!({ "type": "string" }))] })
        }
        FieldType::Id(kinds) => id_of(kinds),
        FieldType::Ids(kinds) => list(id_of(kinds)),
        // Names as written until the site has items of those kinds.
        FieldType::IdsOrNames(_) => list(json!({ "type": "string" })),
        FieldType::Integer => json!({ "type": "integer" }),
        FieldType::Count => json!({ "type": "integer", "minimum": 0, "maximum": u32::MAX }),
        FieldType::Number => json!({ "type": "number" }),
        FieldType::Numbers => list(json!({ "type": "number" })),
        FieldType::Bool => json!({ "type": "boolean" }),
        FieldType::Date => json!({ "type": "string", "format": "date", "pattern": DATE_PATTERN }),
        FieldType::OneOf(values) => json!({ "type": "string", "enum": values }),
        FieldType::Status => json!({ "type": "string", "enum": statuses }),
        FieldType::Acceptance => {
            let text = |name: &'static str| (name, json!({ "type": "string" }), true);
            let scenario = object([text("given"), text("when"), text("then")]);
            list(json!({ "anyOf": [{ "type": "string" }, scenario] }))
        }
        FieldType::RoleCells(cells) => {
            let cell = match cells {
                Cells::Letters(letters) => {
                    let pattern = format!("^[{letters}]{{1,{}}}$", letters.len());
                    json!({ "type": "string", "pattern": pattern })
                }
                Cells::OneOf(values) => json!({ "type": "string", "enum": values }),
            };
            json!({ "type": "object", "propertyNames": id(false), "additionalProperties": cell })
        }
        FieldType::Waivers => json!({
            "type": "object",
            "propertyNames": { "$ref": CODE_REF },
            "additionalProperties": { "type": "string", "pattern": "\\S" },
        }),
        FieldType::Severities => object(Code::ALL.iter().map(|code| {
            let level = json!({ "type": "string", "enum": SEVERITIES });
            (code.name(), described(level, code.summary()), false)
        })),
        FieldType::FreeTable => json!({ "type": "object" }),
        FieldType::Table(fields) => table(fields),
        FieldType::Tables(fields) => list(table(fields)),
    }
}
