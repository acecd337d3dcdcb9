//! The schemas and the loader agree on the samples the loader's own tests use
//! (`declared.rs`): an item, a front matter, a roadbook.toml and a vision.md
//! with every declared field validate; an undeclared field fails, named.

use serde_json::Value;
use toml::de::{DeTable, DeValue};

use super::{DRAFT, schemas};
use crate::kinds::{FieldType, KINDS};
use crate::source::config::{self, Config};
use crate::source::declared::tests::{assignments, file_with_every_field, item_with_every_field};
use crate::source::{frontmatter, value_to_json, vision};

fn schema(name: &str) -> Value {
    let file = super::file_name(name);
    let all = schemas(&Config::default().workflow);
    all.into_iter()
        .find(|(f, _)| *f == file)
        .unwrap_or_else(|| panic!("{file}"))
        .1
}

fn json(toml: &str) -> Value {
    let table = DeTable::parse(toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    value_to_json(&DeValue::Table(table.into_inner()))
}

/// The errors of `instance` against `schema`, as "path: message".
fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::draft202012::new(schema).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Valid as it is; with `zzz = 1` added, invalid, and the error names it.
fn accepts_exactly(schema: &Value, valid: &str, with_unknown: &str, what: &str) {
    let found = errors(schema, &json(valid));
    assert!(found.is_empty(), "{what}:\n{valid}\n{found:#?}");
    let found = errors(schema, &json(with_unknown));
    assert!(
        found.iter().any(|e| e.contains("zzz")),
        "{what}: {found:#?}"
    );
}

fn front_matter(text: &str) -> &str {
    frontmatter::split(text).unwrap().front.unwrap()
}

#[test]
fn every_schema_is_a_valid_draft_2020_12_schema() {
    for (file, schema) in schemas(&Config::default().workflow) {
        assert_eq!(schema["$schema"], DRAFT, "{file}");
        if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
            panic!("{file}: {e}");
        }
    }
}

#[test]
fn items_in_toml_files_validate_with_every_declared_field_and_no_other() {
    let config = Config::default();
    let items = schema("items");
    for decl in KINDS.iter().filter(|d| d.table) {
        let valid = item_with_every_field(decl, &config, "");
        let unknown = item_with_every_field(decl, &config, "zzz = 1\n");
        accepts_exactly(&items, &valid, &unknown, decl.name);
    }
    let raci = item_with_every_field(&crate::kinds::activity::DECL, &config, "");
    assert!(errors(&schema("raci"), &json(&format!("roles = [\"pm\"]\n{raci}"))).is_empty());
}

#[test]
fn front_matter_validates_with_every_declared_field_but_body_and_no_other() {
    let config = Config::default();
    for decl in KINDS.iter().filter(|d| d.page.is_some()) {
        let valid = file_with_every_field(decl, &config, "");
        let unknown = file_with_every_field(decl, &config, "zzz = 1\n");
        let (valid, unknown) = (front_matter(&valid), front_matter(&unknown));
        accepts_exactly(&schema(decl.name), valid, unknown, decl.name);
        let with_body = format!("body = \"B\"\n{valid}");
        assert!(!errors(&schema(decl.name), &json(&with_body)).is_empty());
    }
}

#[test]
fn roadbook_toml_and_vision_md_validate_with_their_declared_keys() {
    let config = Config::default();
    for (name, fields) in [("roadbook", config::FIELDS), ("vision", vision::FIELDS)] {
        let valid = assignments(fields, &config, None).join("\n");
        let tables = fields.iter().filter_map(|f| match f.ty {
            FieldType::Table(_) => Some(f.name),
            _ => None,
        });
        for at in std::iter::once("").chain(tables) {
            let unknown = assignments(fields, &config, Some(at)).join("\n");
            accepts_exactly(&schema(name), &valid, &unknown, &format!("{name} [{at}]"));
        }
    }
}
