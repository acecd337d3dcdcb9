//! Completion from what the cursor stands in: ids of the kinds a link field
//! names, statuses from `[workflow]`, role ids in RACI and attendance tables,
//! values a field allows, field names of the item's kind, `[[` table names, and
//! ids after `[[` in Markdown.

use std::path::Path;

use lsp_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, TextEdit};

use super::position::LineIndex;
use crate::kinds::{Cells, FieldType, Kind, KindDecl};
use crate::markup::opens_reference;
use crate::site::Site;

/// What may be written at `offset` of the file `rel` whose text is `text`.
pub fn complete(site: &Site, rel: &Path, text: &str, offset: usize) -> Vec<CompletionItem> {
    let offset = floor_char(text, offset.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];
    let partial_len = prefix.len()
        - prefix
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || "_.-".contains(c))
            .len();
    let before = &prefix[..prefix.len() - partial_len];
    let index = LineIndex::new(text);
    let edit_range = index.range(offset - partial_len..offset);
    let make = |label: String, kind: CompletionItemKind, detail: Option<String>, insert: String| {
        CompletionItem {
            label,
            kind: Some(kind),
            detail,
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(edit_range, insert))),
            ..Default::default()
        }
    };
    let is_toml = rel.extension().is_some_and(|e| e == "toml");
    let front_matter = (!is_toml).then(|| front_matter(text)).flatten();
    let in_toml = is_toml || front_matter.as_ref().is_some_and(|r| r.contains(&offset));

    // `[[S-1]]` in Markdown.
    if !in_toml {
        if opens_reference(before) {
            return all_ids(site)
                .map(|(id, kind, title)| {
                    make(
                        id.clone(),
                        CompletionItemKind::REFERENCE,
                        Some(format!("{kind} · {title}")),
                        id,
                    )
                })
                .collect();
        }
        return Vec::new();
    }
    // `[[story]]`: the kinds that can be written as tables.
    if before.trim_start() == "[[" && is_toml {
        return crate::kinds::KINDS
            .iter()
            .filter(|d| d.table)
            .map(|d| d.name.to_owned())
            .chain(["goal.key_results".to_owned()])
            .map(|name| {
                make(
                    name.clone(),
                    CompletionItemKind::MODULE,
                    None,
                    format!("{name}]]"),
                )
            })
            .collect();
    }
    let decl = decl_at(rel, text, offset, front_matter.is_some());
    let Some(context) = value_context(text, line_start, before) else {
        // A key at the start of a line: the fields of the item's kind.
        if !before.trim().is_empty() {
            return Vec::new();
        }
        let Some(decl) = decl else {
            return Vec::new();
        };
        return decl
            .written_fields()
            .map(|(key, f)| {
                let mut item = make(
                    key.to_owned(),
                    CompletionItemKind::FIELD,
                    Some(if f.required {
                        "required".into()
                    } else {
                        "optional".into()
                    }),
                    format!("{key} = "),
                );
                item.documentation = Some(Documentation::String(f.help.to_owned()));
                item
            })
            .collect();
    };
    let quote = |s: &str| {
        if context.in_string {
            s.to_owned()
        } else {
            format!("\"{s}\"")
        }
    };
    let field = decl.and_then(|d| d.field(context.key));
    let kind = decl.map(|d| d.kind);
    let values: Vec<(String, Option<String>, CompletionItemKind)> =
        match (field.map(|f| &f.ty), context.cell) {
            // `roles = ["pm", …]` in the RACI file.
            (None, None) if context.key == "roles" => role_ids(site),
            (
                Some(FieldType::Id(kinds) | FieldType::Ids(kinds) | FieldType::IdsOrNames(kinds)),
                None,
            ) => ids_of(site, kinds),
            (Some(FieldType::Status), None) => kind
                .map(|k| site.config.workflow.statuses(k).to_vec())
                .unwrap_or_default()
                .into_iter()
                .map(|s| (s, None, CompletionItemKind::ENUM_MEMBER))
                .collect(),
            (Some(FieldType::OneOf(values)), None) => values
                .iter()
                .map(|v| (v.to_string(), None, CompletionItemKind::ENUM_MEMBER))
                .collect(),
            (Some(FieldType::Bool), None) => {
                return ["true", "false"]
                    .map(|b| make(b.into(), CompletionItemKind::VALUE, None, b.into()))
                    .into();
            }
            (Some(FieldType::RoleCells(_)), Some(Cell::Key)) => {
                return role_ids(site)
                    .into_iter()
                    .map(|(id, detail, kind)| make(id.clone(), kind, detail, format!("{id} = ")))
                    .collect();
            }
            // Each letter, and `AR`: whoever does it and answers for it.
            (Some(FieldType::RoleCells(Cells::Letters(letters))), Some(Cell::Value)) => letters
                .chars()
                .map(String::from)
                .chain(["AR".to_owned()])
                .map(|v| (v, None, CompletionItemKind::ENUM_MEMBER))
                .collect(),
            (Some(FieldType::RoleCells(Cells::OneOf(words))), Some(Cell::Value)) => words
                .iter()
                .map(|v| (v.to_string(), None, CompletionItemKind::ENUM_MEMBER))
                .collect(),
            _ => Vec::new(),
        };
    values
        .into_iter()
        .map(|(label, detail, kind)| {
            let insert = quote(&label);
            make(label, kind, detail, insert)
        })
        .collect()
}

/// Where in a `key = value` the cursor stands.
struct ValueContext<'t> {
    /// The key whose value it is in: for `raci = { pm = "`, `raci`.
    key: &'t str,
    /// Inside an inline table of cells: at a key or at a value.
    cell: Option<Cell>,
    /// Inside quotes already.
    in_string: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    Key,
    Value,
}

/// The value the cursor is in, from the text `before` it on its line (which
/// starts at `line_start`); a list left open on lines above counts too.
fn value_context<'t>(
    text: &'t str,
    line_start: usize,
    before: &'t str,
) -> Option<ValueContext<'t>> {
    let (key_line, value) = match before.split_once('=') {
        Some((key, value)) => (key, value),
        None => {
            // `depends_on = [` on a line above, still open.
            let above = &text[..line_start];
            let mut open = 0i32;
            let mut found = None;
            for line in above.lines().rev().take(200) {
                open += line.matches(']').count() as i32 - line.matches('[').count() as i32;
                if let Some((key, _)) = line.split_once('=') {
                    if open < 0 {
                        found = Some(key);
                    }
                    break;
                }
            }
            let key = found?;
            return Some(ValueContext {
                key: key.trim(),
                cell: None,
                in_string: before.matches('"').count() % 2 == 1,
            });
        }
    };
    let key = key_line.trim();
    if key.is_empty() || key.starts_with('[') || key.contains(' ') {
        return None;
    }
    let in_string = value.matches('"').count() % 2 == 1;
    let cell = match value.rfind('{') {
        Some(open) if !value[open..].contains('}') => {
            let inner = &value[open + 1..];
            let last_part = inner.rsplit(',').next().unwrap_or("");
            Some(if last_part.contains('=') {
                Cell::Value
            } else {
                Cell::Key
            })
        }
        _ => None,
    };
    Some(ValueContext {
        key,
        cell,
        in_string,
    })
}

/// The byte range of a Markdown file's front matter, between its `+++` lines;
/// while the writer types, the closing line may not be there yet.
pub(super) fn front_matter(text: &str) -> Option<std::ops::Range<usize>> {
    use crate::source::frontmatter::{Split, split};
    match split(text) {
        Ok(Split {
            front: Some(front),
            front_offset,
            ..
        }) => Some(front_offset..front_offset + front.len()),
        Ok(_) => None,
        Err(_) => Some(text.find('\n').map_or(text.len(), |i| i + 1)..text.len()),
    }
}

/// The kind of the item the cursor is in: the last `[[kind]]` above it in a
/// `.toml` file; `kind = "…"` or the folder for a Markdown file.
pub(super) fn decl_at(
    rel: &Path,
    text: &str,
    offset: usize,
    markdown: bool,
) -> Option<&'static KindDecl> {
    let header = text[..offset]
        .lines()
        .rev()
        .take_while(|l| !(markdown && l.starts_with("+++")))
        .find_map(|l| l.trim().strip_prefix("[[")?.split("]]").next());
    if header.is_some_and(|h| h.ends_with("key_results")) {
        return Some(Kind::KeyResult.decl());
    }
    if markdown {
        let named = text[front_matter(text)?]
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("kind")?
                    .trim()
                    .strip_prefix('=')
                    .map(str::trim)
            })
            .and_then(|v| Kind::from_table_name(v.trim_matches('"')));
        let kind = named.or_else(|| crate::source::source_file(rel).flatten())?;
        return Some(kind.decl());
    }
    Kind::from_table_name(header?.trim()).map(Kind::decl)
}

fn all_ids(site: &Site) -> impl Iterator<Item = (String, &'static str, &str)> + '_ {
    site.keys()
        .map(move |k| (site.id_ref(k).value.clone(), k.kind.name(), site.title(k)))
}

fn ids_of(site: &Site, kinds: &[Kind]) -> Vec<(String, Option<String>, CompletionItemKind)> {
    kinds
        .iter()
        .flat_map(|&kind| {
            site.ids_of(kind).map(move |id| {
                let title = site.lookup(id).map_or("", |k| site.title(k));
                (
                    id.to_owned(),
                    Some(format!("{} · {title}", kind.name())),
                    CompletionItemKind::REFERENCE,
                )
            })
        })
        .collect()
}

fn role_ids(site: &Site) -> Vec<(String, Option<String>, CompletionItemKind)> {
    ids_of(site, &[Kind::Role])
}

/// The start of the character at or before `offset`.
fn floor_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
