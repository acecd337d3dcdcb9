//! The loader and the kinds' field declarations agree: an item with every
//! declared field loads without a diagnostic, and the fields the loader knows
//! (those it lists for an unknown one) are exactly the declared ones. JSON
//! Schemas and editor completion read the declarations, so they describe what
//! the loader accepts.

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use crate::base::{Code, FileId};
    use crate::kinds::{Field, FieldType, KINDS, KindDecl};
    use crate::source::config::Config;
    use crate::source::parse_source;

    /// A TOML value of the field's type.
    fn sample(field: &Field, config: &Config) -> String {
        match &field.ty {
            FieldType::Text | FieldType::Markdown => "\"A\"".into(),
            FieldType::Texts => "[\"A\"]".into(),
            FieldType::Id(_) => "\"X-1\"".into(),
            FieldType::Ids(_) => "[\"X-1\"]".into(),
            FieldType::Integer | FieldType::Count => "1".into(),
            FieldType::Number => "1.5".into(),
            FieldType::Bool => "false".into(),
            FieldType::Date => "2027-01-04".into(),
            FieldType::OneOf(values) => format!("\"{}\"", values[0]),
            FieldType::Status => format!("\"{}\"", config.workflow.story[1]),
            FieldType::Acceptance => {
                "[\"A\", { given = \"g\", when = \"w\", then = \"t\" }]".into()
            }
            FieldType::RoleCells(allowed) => {
                let first = allowed.split(',').next().unwrap_or("").trim();
                format!("{{ pm = \"{first}\" }}")
            }
            FieldType::Waivers => "{ orphan-story = \"A reason\" }".into(),
            FieldType::Tables(_) => unreachable!("written as [[…]] tables"),
        }
    }

    /// `[[kind]]` with every declared field, plus `extra` lines.
    fn item_with_every_field(decl: &KindDecl, config: &Config, extra: &str) -> String {
        let mut text = format!("[[{}]]\n", decl.name);
        let mut nested = String::new();
        for field in decl.all_fields() {
            let value = match (field.name, &field.ty) {
                ("id", _) => "\"X-1\"".to_owned(),
                ("kind", _) => format!("\"{}\"", decl.name),
                ("title", _) => {
                    text.push_str(&format!("{} = \"A\"\n", decl.title));
                    continue;
                }
                ("status", FieldType::Status) => {
                    let workflow = match decl.name {
                        "initiative" => &config.workflow.initiative,
                        "epic" => &config.workflow.epic,
                        _ => &config.workflow.story,
                    };
                    format!("\"{}\"", workflow[0])
                }
                (name, FieldType::Tables(fields)) => {
                    nested.push_str(&format!("[[{}.{name}]]\n", decl.name));
                    for f in fields.iter() {
                        nested.push_str(&format!("{} = {}\n", f.name, sample(f, config)));
                    }
                    continue;
                }
                _ => sample(field, config),
            };
            text.push_str(&format!("{} = {value}\n", field.name));
        }
        text.push_str(extra);
        text.push_str(&nested);
        text
    }

    fn table_kinds() -> impl Iterator<Item = &'static KindDecl> {
        KINDS.iter().copied().filter(|d| d.table)
    }

    #[test]
    fn an_item_with_every_declared_field_loads_cleanly() {
        let config = Config::default();
        for decl in table_kinds() {
            let text = item_with_every_field(decl, &config, "");
            let (_, found) = parse_source(Path::new("x.toml"), None, &text, FileId(0), &config);
            let (items, diags) = (found.items, found.diagnostics);
            let kinds: Vec<_> = items.iter().filter_map(|i| i.kind()).collect();
            let nested = usize::from(decl.kind == crate::kinds::Kind::Goal);
            assert_eq!(kinds.len(), 1 + nested, "{text}");
            assert_eq!(kinds[0], decl.kind, "{text}");
            assert!(diags.is_empty(), "{}:\n{text}\n{diags:#?}", decl.name);
        }
    }

    #[test]
    fn the_loader_knows_exactly_the_declared_fields() {
        let config = Config::default();
        for decl in table_kinds() {
            let text = item_with_every_field(decl, &config, "zzz = 1\n");
            let (_, found) = parse_source(Path::new("x.toml"), None, &text, FileId(0), &config);
            let diags = found.diagnostics;
            let unknown = diags
                .iter()
                .find(|d| d.code == Code::UnknownField)
                .unwrap_or_else(|| panic!("{}: zzz is not reported", decl.name));
            let help = unknown.help.as_deref().unwrap_or_default();
            let listed: BTreeSet<&str> = help
                .strip_prefix("the known fields are ")
                .unwrap_or_else(|| panic!("{help}"))
                .split(", ")
                .collect();
            let declared: BTreeSet<&str> = decl
                .all_fields()
                .map(|f| {
                    if f.name == "title" {
                        decl.title
                    } else {
                        f.name
                    }
                })
                .collect();
            assert_eq!(listed, declared, "{}", decl.name);
        }
    }
}
