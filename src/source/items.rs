//! Decoding each kind of item from its TOML table, in either source form.

use toml::de::{DeTable, DeValue};

use super::broken::{self, Broken};
use super::fields::Fields;
use super::frontmatter::{self, Unclosed};
use super::syntax;
use crate::base::Code;
use std::sync::Arc;

use crate::base::{Diagnostic, FileId, Span, Spanned, Text};
use crate::base::{did_you_mean, either};
use crate::kinds::reader::FieldReader;
use crate::kinds::*;
use crate::source::config::Config;

/// The kinds written as `[[name]]` tables in `.toml` files.
fn table_kinds() -> impl Iterator<Item = Kind> {
    Kind::ALL.iter().copied().filter(|k| k.decl().table)
}

/// The kinds a Markdown file may name in `kind = "…"`.
fn named_kinds() -> impl Iterator<Item = Kind> {
    Kind::ALL.iter().copied().filter(|k| *k != Kind::KeyResult)
}

/// The Markdown body of an item written as a file.
pub struct Body<'a> {
    pub text: &'a str,
    pub span: Span,
    /// The same text, shared with the file's when the file is kept.
    pub shared: Text,
}

/// A Markdown file and what is known of it before it is parsed.
pub struct MarkdownFile<'a> {
    pub text: &'a str,
    /// The same text as kept in [`crate::base::Sources`], for bodies to share.
    pub shared: Option<&'a Arc<str>>,
    pub file: FileId,
    pub folder_kind: Option<Kind>,
    pub page_path: String,
}

/// Reads a `.toml` file of `[[kind]]` tables. Each item's part of the file is
/// parsed on its own, so that a syntax error costs only the values it touches;
/// what broken parts define and name goes to `broken`.
pub fn from_toml_file(text: &str, file: FileId, config: &Config, found: &mut Found) {
    let is_kind = |name: &str| Kind::from_table_name(name).is_some_and(|k| k.decl().table);
    for range in broken::item_parts(text, is_kind) {
        let part = &text[range.clone()];
        let recovered = syntax::parse(part, file, range.start, &mut found.diagnostics);
        let first = found.items.len();
        let lost = read_tables(
            recovered.table.get_ref(),
            Place {
                file,
                base: range.start,
                damaged: !recovered.is_clean(),
            },
            config,
            found,
        );
        if !recovered.is_clean() {
            found.damaged(first);
        }
        if lost || !recovered.is_clean() {
            found.broken.scan(text, file, range);
        }
    }
}

/// Where a parsed table came from: its file, the offset of its text, and whether
/// a syntax error lies in it.
#[derive(Clone, Copy)]
struct Place {
    file: FileId,
    base: usize,
    damaged: bool,
}

/// What one source file yields.
#[derive(Clone, Default)]
pub struct Found {
    pub items: Vec<Item>,
    pub diagnostics: Vec<Diagnostic>,
    pub broken: Broken,
}

impl Found {
    /// Marks the items read since `first` as read in spite of a syntax error.
    fn damaged(&mut self, first: usize) {
        for item in &self.items[first..] {
            if let Some(record) = item.record() {
                self.broken.damaged.insert(record.id().value.clone());
            }
        }
    }
}

/// Reads the `[[kind]]` tables of one part of a file; whether a table of no
/// known kind was left unread.
fn read_tables(table: &DeTable<'_>, at: Place, config: &Config, found: &mut Found) -> bool {
    let mut lost = false;
    let f = Fields::new(table, at.file, at.base, 0..0, "this file");
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        let key_span = f.span(key.span());
        if name == activity::COLUMNS.name {
            let mut columns = Fields::new(table, at.file, at.base, 0..0, "the RACI file");
            found
                .items
                .push(Item::RaciColumns(columns.strings(activity::COLUMNS.name)));
            found.diagnostics.extend(columns.finish_known());
            continue;
        }
        let kind = match Kind::from_table_name(name).filter(|k| k.decl().table) {
            Some(kind) => kind,
            None => {
                found.diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownField,
                        format!("`{name}` is not a kind of item"),
                    )
                    .at(key_span)
                    .help(kind_help(name)),
                );
                // `[[stories]]` are read as the stories they are meant to be, so
                // that links to them are not reported too; anything else is lost.
                match Kind::from_synonym(name).filter(|k| k.decl().table) {
                    Some(kind) => kind,
                    None => {
                        lost = true;
                        continue;
                    }
                }
            }
        };
        let Some(array) = value.get_ref().as_array() else {
            found.diagnostics.push(
                Diagnostic::new(
                    Code::WrongType,
                    format!("`{name}` must be an array of tables, written [[{name}]]"),
                )
                .at(key_span)
                .help(format!(
                    "write each {} under its own [[{name}]] line",
                    kind.name()
                )),
            );
            continue;
        };
        for element in array.iter() {
            let span = element.span();
            let DeValue::Table(t) = element.get_ref() else {
                found.diagnostics.push(
                    Diagnostic::new(
                        Code::WrongType,
                        format!("each `{name}` entry must be a table"),
                    )
                    .at(f.span(span))
                    .help(format!(
                        "write each {} under its own [[{name}]] line",
                        kind.name()
                    )),
                );
                continue;
            };
            let mut fields =
                Fields::new(t, at.file, at.base, span, format!("this {}", kind.name()))
                    .damaged(at.damaged);
            found.items.extend(decode(kind, &mut fields, None, config));
            found.diagnostics.extend(fields.finish());
        }
    }
    lost
}

/// "Did you mean" for a `[[table]]` that is not a kind: by spelling, and by the
/// names writers reach for (`[[stories]]`, `[[user_story]]`).
fn kind_help(name: &str) -> String {
    if let Some(kind) = Kind::from_synonym(name).filter(|k| k.decl().table) {
        return format!("did you mean `[[{}]]`?", kind.name());
    }
    match did_you_mean(name, table_kinds().map(|k| k.name())) {
        Some(s) => format!("did you mean `[[{s}]]`?"),
        None => format!(
            "items are written as {} tables",
            either(table_kinds().map(|k| format!("[[{}]]", k.name())))
        ),
    }
}

pub fn from_markdown_file(md: &MarkdownFile<'_>, config: &Config, found: &mut Found) {
    let split = match frontmatter::split(md.text) {
        Ok(s) => s,
        Err(Unclosed) => {
            found.diagnostics.push(unclosed(md.file));
            found.broken.scan(md.text, md.file, 0..md.text.len());
            return;
        }
    };
    let body = Body {
        text: split.body,
        span: Span::new(md.file, split.body_offset..split.body_offset),
        shared: match md.shared {
            Some(whole) => Text::part(whole, split.body_offset..whole.len()),
            None => Text::from(split.body),
        },
    };
    let Some(front) = split.front else {
        if let Some(yaml) = frontmatter::yaml(md.text) {
            found
                .diagnostics
                .push(yaml_front_matter(md.file, yaml.start));
            found.broken.scan(md.text, md.file, yaml);
        } else if md.folder_kind == Some(Kind::Page) {
            found.items.push(Item::Page(
                super::page::page_without_front_matter(md, body).into(),
            ));
        } else {
            found.diagnostics.push(
                Diagnostic::new(Code::MissingField, "this file has no +++ front matter, so it has no id")
                    .at(Span::new(md.file, 0..0))
                    .help("start the file with a line +++, then id = \"…\" and title = \"…\", then a line +++"),
            );
        }
        return;
    };
    let recovered = syntax::parse(front, md.file, split.front_offset, &mut found.diagnostics);
    let table = &recovered.table;
    let front_range = split.front_offset..split.front_offset + front.len();
    if !recovered.is_clean() {
        found.broken.scan(md.text, md.file, front_range.clone());
    }
    // The opening `+++` is the place to point at for the file as a whole.
    let whole = Span::new(md.file, 0..3);
    let mut fields = Fields::new(
        table.get_ref(),
        md.file,
        split.front_offset,
        0..0,
        "this file",
    )
    .with_whole(whole)
    .damaged(!recovered.is_clean());
    let kind = match fields.string("kind") {
        Some(k) => match Kind::from_table_name(&k.value) {
            Some(kind) => Some(kind),
            None => {
                let synonym = Kind::from_synonym(&k.value).filter(|k| *k != Kind::KeyResult);
                let names = named_kinds().map(|k| k.name());
                let meant = synonym
                    .map(|k| k.name())
                    .or_else(|| did_you_mean(&k.value, names));
                let help = meant.map_or_else(
                    || format!("use {}", either(named_kinds().map(|k| k.name()))),
                    |s| format!("did you mean \"{s}\"?"),
                );
                fields.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("\"{}\" is not a kind of item", k.value),
                    )
                    .at(k.span)
                    .help(help),
                );
                // `kind = "stories"` is read as the story it is meant to be.
                if synonym.is_none() {
                    found.diagnostics.extend(fields.finish_known());
                    found.broken.scan(md.text, md.file, front_range);
                    return;
                }
                synonym
            }
        },
        None => md.folder_kind,
    };
    let Some(kind) = kind else {
        fields.push(
            Diagnostic::new(
                Code::UnknownKind,
                "the kind of this file cannot be told from its folder",
            )
            .at(whole)
            .help("add `kind = \"story\"` (or epic, sprint, …) to its front matter, or move it into the folder of its kind"),
        );
        found.diagnostics.extend(fields.finish_known());
        found.broken.scan(md.text, md.file, front_range);
        return;
    };
    fields.set_what(format!("this {}", kind.name()), None);
    let first = found.items.len();
    // As decoded: an `extend` would leave spare room in each file's list.
    debug_assert_eq!(first, 0, "a Markdown file has a Found of its own");
    found.items = decode_markdown(kind, &mut fields, body, md, config);
    found.diagnostics.extend(fields.finish());
    if !recovered.is_clean() {
        found.damaged(first);
    }
}

/// Front matter between `---` lines, as Hugo and Jekyll write it.
fn yaml_front_matter(file: FileId, at: usize) -> Diagnostic {
    Diagnostic::new(
        Code::ParseError,
        "this front matter is YAML between --- lines; Roadbook reads TOML between +++ lines",
    )
    .at(Span::new(file, at..at + 3))
    .help("replace both --- lines with +++, and write each field as key = \"value\" instead of key: value")
}

pub(super) fn unclosed(file: FileId) -> Diagnostic {
    Diagnostic::new(
        Code::ParseError,
        "the front matter opened by +++ on line 1 is never closed",
    )
    .at(Span::new(file, 0..3))
    .help("add a line containing only +++ after the last front matter field")
}

fn decode_markdown(
    kind: Kind,
    f: &mut Fields<'_, '_>,
    body: Body<'_>,
    md: &MarkdownFile<'_>,
    config: &Config,
) -> Vec<Item> {
    if kind == Kind::Page {
        return super::page::page(f, body, md).into_iter().collect();
    }
    decode(kind, f, Some(body), config)
}

/// Decodes an item of `kind` as its declaration says; `body` is the Markdown body
/// of a file, `None` for an entry of a `.toml` file (whose body is its `body`
/// field). A goal comes with its key results.
fn decode(
    kind: Kind,
    f: &mut Fields<'_, '_>,
    body: Option<Body<'_>>,
    config: &Config,
) -> Vec<Item> {
    let decl = kind.decl();
    let Some(decode) = decl.decode else {
        unreachable!("{} is not read from its own table", decl.name)
    };
    let Some(meta) = meta(f, kind, decl.title, body) else {
        return Vec::new();
    };
    decode(f, meta, config.workflow.statuses(kind))
}

/// Reads what every item has. `None` when the item has no usable id.
fn meta(
    f: &mut Fields<'_, '_>,
    kind: Kind,
    title_key: &'static str,
    body: Option<Body<'_>>,
) -> Option<Meta> {
    f.allow("kind");
    let id = f.required_string("id");
    if let Some(id) = &id {
        f.set_what(format!("{} `{}`", kind.name(), id.value), Some(&id.value));
        f.check_id(id, kind.decl().digit_ids);
    }
    let title = f
        .required_string(title_key)
        .map(|t| t.value)
        .unwrap_or_default();
    let (body, body_span) = match body {
        Some(b) => (b.shared, b.span),
        None => match f.string("body") {
            // Skip the opening quote(s) so references inside map close to their line.
            Some(s) => (Text::from(s.value), s.span),
            None => (Text::default(), f.whole()),
        },
    };
    let waivers = waivers(f);
    let draft = f.boolean("draft").unwrap_or(false);
    let reviewed = f.date("reviewed");
    Some(Meta {
        id: id?,
        title,
        body,
        body_span,
        waivers,
        draft,
        reviewed,
    })
}

pub(super) fn waivers(f: &mut Fields<'_, '_>) -> Vec<Waiver> {
    let Some((table, _)) = f.table("waive") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in table.iter() {
        let code = Spanned::new(key.get_ref().to_string(), f.span(key.span()));
        match value.get_ref() {
            DeValue::String(reason) if !reason.trim().is_empty() => out.push(Waiver {
                code,
                reason: reason.to_string(),
            }),
            _ => f.push(
                Diagnostic::new(
                    Code::InvalidWaiver,
                    format!("the waiver of `{}` gives no reason", code.value),
                )
                .at(f.span(value.span()))
                .help(format!(
                    "say why, such as {} = \"A spike, kept apart on purpose\"",
                    code.value
                )),
            ),
        }
    }
    out
}
