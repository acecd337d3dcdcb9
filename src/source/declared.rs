//! The loader and the field declarations agree: an item, a roadbook.toml or a
//! vision.md with every declared field loads without a diagnostic, and the
//! fields the loader knows (those it lists for an unknown one) are exactly the
//! declared ones. JSON Schemas and editor completion read the declarations, so
//! they describe what the loader accepts.

#[cfg(test)]
pub(super) mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use toml::de::DeTable;

    use crate::base::{Code, Diagnostic, FileId};
    use crate::kinds::{Cells, Field, FieldType, KINDS, Kind, KindDecl};
    use crate::source::config::{self, Config};
    use crate::source::parse_source;

    /// A TOML value of the field's type.
    pub fn sample(field: &Field, config: &Config) -> String {
        match &field.ty {
            FieldType::Text | FieldType::Markdown => "\"A\"".into(),
            // `[workflow] dropped` may not repeat what `done` holds.
            FieldType::Texts if field.name == "dropped" => "[]".into(),
            FieldType::Texts | FieldType::IdsOrNames(_) => "[\"A\"]".into(),
            FieldType::TextOrTexts => "\"A\"".into(),
            FieldType::Id(_) => "\"X-1\"".into(),
            FieldType::Ids(_) => "[\"X-1\"]".into(),
            FieldType::Integer | FieldType::Count => "1".into(),
            FieldType::Number => "1.5".into(),
            FieldType::Numbers => "[0.4, 0.7]".into(),
            FieldType::Bool => "false".into(),
            FieldType::Date => "2027-01-04".into(),
            FieldType::OneOf(values) => format!("\"{}\"", values[0]),
            FieldType::Status => format!("\"{}\"", config.workflow.story[1]),
            FieldType::Acceptance => {
                "[\"A\", { given = \"g\", when = \"w\", then = \"t\" }]".into()
            }
            FieldType::RoleCells(Cells::Letters(letters)) => format!("{{ pm = \"{letters}\" }}"),
            FieldType::RoleCells(Cells::OneOf(values)) => format!("{{ pm = \"{}\" }}", values[0]),
            FieldType::Waivers => "{ orphan-story = \"A reason\" }".into(),
            FieldType::Severities => "{ orphan-story = \"error\", unknown-id = \"off\" }".into(),
            FieldType::FreeTable => "{ anything = [1, \"two\"], deep = { x = 1 } }".into(),
            FieldType::Table(fields) => {
                format!("{{ {} }}", assignments(fields, config, None).join(", "))
            }
            FieldType::Tables(_) => unreachable!("written as [[…]] tables"),
        }
    }

    /// `key = value` for every field, with `zzz = 1` added to the table at
    /// `unknown_at`: `Some("")` for these fields, `Some(name)` for a nested table.
    pub fn assignments(fields: &[Field], config: &Config, unknown_at: Option<&str>) -> Vec<String> {
        let mut out: Vec<String> = fields
            .iter()
            .map(|f| match &f.ty {
                FieldType::Table(nested) if unknown_at == Some(f.name) => {
                    let inner = assignments(nested, config, Some(""));
                    format!("{} = {{ {} }}", f.name, inner.join(", "))
                }
                _ => format!("{} = {}", f.name, sample(f, config)),
            })
            .collect();
        if unknown_at == Some("") {
            out.push("zzz = 1".into());
        }
        out
    }

    /// The status of a kind's items that comes first in the default workflow.
    fn first_status(decl: &KindDecl, config: &Config) -> String {
        format!("\"{}\"", config.workflow.statuses(decl.kind)[0])
    }

    /// `[[kind]]` with every declared field, plus `extra` lines.
    pub fn item_with_every_field(decl: &KindDecl, config: &Config, extra: &str) -> String {
        let mut text = format!("[[{}]]\n", decl.name);
        let mut nested = String::new();
        for (key, field) in decl.written_fields() {
            let value = match (key, &field.ty) {
                ("id", _) => "\"X-1\"".to_owned(),
                ("kind", _) => format!("\"{}\"", decl.name),
                ("status", FieldType::Status) => first_status(decl, config),
                (name, FieldType::Tables(fields)) => {
                    nested.push_str(&format!("[[{}.{name}]]\n", decl.name));
                    for f in fields.iter() {
                        nested.push_str(&format!("{} = {}\n", f.name, sample(f, config)));
                    }
                    continue;
                }
                _ => sample(field, config),
            };
            text.push_str(&format!("{key} = {value}\n"));
        }
        text.push_str(extra);
        text.push_str(&nested);
        text
    }

    /// A Markdown file of `decl`'s kind whose front matter has every declared
    /// field but `body` (which is the text after it), plus `extra` lines.
    pub fn file_with_every_field(decl: &KindDecl, config: &Config, extra: &str) -> String {
        let toml = item_with_every_field(decl, config, extra);
        let front: String = toml
            .lines()
            .skip(1)
            .filter(|l| !l.starts_with("body = "))
            .map(|l| l.replace(&format!("[[{}.", decl.name), "[[") + "\n")
            .collect();
        format!("+++\n{front}+++\nThe body.\n")
    }

    fn table_kinds() -> impl Iterator<Item = &'static KindDecl> {
        KINDS.iter().copied().filter(|d| d.table)
    }

    /// The kinds a Markdown file can hold: every kind but key results.
    fn file_kinds() -> impl Iterator<Item = &'static KindDecl> {
        KINDS.iter().copied().filter(|d| d.kind != Kind::KeyResult)
    }

    /// Reads a source file's text as found at `rel`, as the loader does.
    fn load(rel: &str, decl: &KindDecl, text: &str) -> (Vec<Kind>, Vec<Diagnostic>) {
        let config = Config::default();
        let folder_kind = Some(decl.kind).filter(|_| rel.ends_with(".md"));
        let (_, found) = parse_source(Path::new(rel), folder_kind, text, FileId(0), &config);
        let kinds = found.items.iter().filter_map(|i| i.kind()).collect();
        (kinds, found.diagnostics)
    }

    /// The fields an unknown-field diagnostic lists as known.
    fn listed(d: &Diagnostic) -> BTreeSet<String> {
        let help = d.help.as_deref().unwrap_or_default();
        help.strip_prefix("the known fields are ")
            .unwrap_or_else(|| panic!("{help}"))
            .split(", ")
            .map(str::to_owned)
            .collect()
    }

    fn the_unknown(diags: &[Diagnostic], what: &str) -> Diagnostic {
        let unknown: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.code == Code::UnknownField)
            .collect();
        assert_eq!(unknown.len(), 1, "{what}: {diags:#?}");
        unknown[0].clone()
    }

    fn names(fields: &[Field]) -> BTreeSet<String> {
        fields.iter().map(|f| f.name.to_owned()).collect()
    }

    /// A kind's declared fields, `title` under the name the kind gives it.
    fn declared(decl: &KindDecl, body: bool) -> BTreeSet<String> {
        decl.written_fields()
            .filter(|(key, _)| body || *key != "body")
            .map(|(key, _)| key.to_owned())
            .collect()
    }

    #[test]
    fn an_item_with_every_declared_field_loads_cleanly() {
        let config = Config::default();
        for decl in table_kinds() {
            let text = item_with_every_field(decl, &config, "");
            let (kinds, diags) = load("x.toml", decl, &text);
            let nested = usize::from(decl.kind == Kind::Goal);
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
            let (_, diags) = load("x.toml", decl, &text);
            let unknown = the_unknown(&diags, decl.name);
            assert_eq!(listed(&unknown), declared(decl, true), "{}", decl.name);
        }
    }

    /// The front matter form: every declared field but `body` (the text after
    /// the front matter), and no other.
    #[test]
    fn front_matter_has_the_declared_fields_but_body() {
        let config = Config::default();
        for decl in file_kinds() {
            let rel = format!("{}/x.md", decl.folder.unwrap_or("pages"));
            let text = file_with_every_field(decl, &config, "");
            let (kinds, diags) = load(&rel, decl, &text);
            assert_eq!(kinds.first(), Some(&decl.kind), "{text}");
            assert!(diags.is_empty(), "{}:\n{text}\n{diags:#?}", decl.name);

            let text = file_with_every_field(decl, &config, "zzz = 1\n");
            let (_, diags) = load(&rel, decl, &text);
            let unknown = the_unknown(&diags, decl.name);
            assert_eq!(listed(&unknown), declared(decl, false), "{}", decl.name);
        }
    }

    fn read_config(text: &str) -> Vec<Diagnostic> {
        let table = DeTable::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        Config::from_table(table.get_ref(), FileId(0), text.len()).1
    }

    /// Every declared key of roadbook.toml reads cleanly; an undeclared one, at
    /// the top or in any of its tables, is unknown, and the loader then lists
    /// exactly the declared keys of that table.
    #[test]
    fn roadbook_toml_has_exactly_the_declared_keys() {
        let config = Config::default();
        let text = assignments(config::FIELDS, &config, None).join("\n");
        assert!(
            read_config(&text).is_empty(),
            "{text}\n{:#?}",
            read_config(&text)
        );
        let tables = config::FIELDS.iter().filter_map(|f| match f.ty {
            FieldType::Table(nested) => Some((f.name, nested)),
            _ => None,
        });
        for (at, fields) in [("", config::FIELDS)].into_iter().chain(tables) {
            let text = assignments(config::FIELDS, &config, Some(at)).join("\n");
            let unknown = the_unknown(&read_config(&text), at);
            assert_eq!(listed(&unknown), names(fields), "[{at}]");
        }
        // [checks] knows every code; anything else is not a check.
        let every = Code::names()
            .map(|c| format!("{c} = \"warning\""))
            .collect::<Vec<_>>()
            .join("\n");
        let text = format!("title = \"A\"\n[checks]\n{every}\n");
        assert!(read_config(&text).is_empty());
        let diags = read_config("title = \"A\"\n[checks]\nzzz = \"off\"\n");
        the_unknown(&diags, "[checks]");
    }

    fn read_vision(front: &str) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let text = format!("+++\n{front}\n+++\nText.\n");
        super::super::vision::vision(&text, FileId(0), &mut diags);
        diags
    }

    #[test]
    fn vision_md_has_exactly_the_declared_fields() {
        let config = Config::default();
        let fields = super::super::vision::FIELDS;
        let text = assignments(fields, &config, None).join("\n");
        assert!(read_vision(&text).is_empty(), "{text}");
        let tables = fields.iter().filter_map(|f| match f.ty {
            FieldType::Table(nested) => Some((f.name, nested)),
            _ => None,
        });
        for (at, declared) in [("", fields)].into_iter().chain(tables) {
            let text = assignments(fields, &config, Some(at)).join("\n");
            let unknown = the_unknown(&read_vision(&text), at);
            assert_eq!(listed(&unknown), names(declared), "[{at}]");
        }
    }
}
