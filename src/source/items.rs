//! Decoding each kind of item from its TOML table, in either source form.

use toml::de::{DeTable, DeValue};

use super::fields::Fields;
use super::frontmatter::{self, Unclosed};
use super::toml_error;
use crate::base::Code;
use crate::base::did_you_mean;
use crate::base::{Diagnostic, FileId, Span, Spanned};
use crate::kinds::*;
use crate::markup::{MAX_ID_LEN, is_valid_id};
use crate::source::config::Config;

/// One item as read from a file, before ids are resolved.
#[derive(Clone, Debug)]
pub enum Item {
    /// A goal and its key results (the goal's `key_results` is filled in by the site).
    Goal(Goal, Vec<KeyResult>),
    Initiative(Initiative),
    Milestone(Milestone),
    Epic(Epic),
    Story(Story),
    Sprint(Sprint),
    Role(Role),
    Activity(Activity),
    Ceremony(Ceremony),
    Page(Page),
    Decision(Decision),
    /// `roles = [...]` in a RACI file: the column order of the matrix.
    RaciColumns(Vec<IdRef>),
}

impl Item {
    /// The common fields, for the kinds that have them.
    pub fn meta(&self) -> Option<&Meta> {
        Some(match self {
            Item::Goal(x, _) => &x.meta,
            Item::Initiative(x) => &x.meta,
            Item::Milestone(x) => &x.meta,
            Item::Epic(x) => &x.meta,
            Item::Story(x) => &x.meta,
            Item::Sprint(x) => &x.meta,
            Item::Role(x) => &x.meta,
            Item::Activity(x) => &x.meta,
            Item::Ceremony(x) => &x.meta,
            Item::Page(x) => &x.meta,
            Item::Decision(x) => &x.meta,
            Item::RaciColumns(_) => return None,
        })
    }
}

/// The kinds written as `[[name]]` tables in `.toml` files.
fn table_kinds() -> impl Iterator<Item = Kind> {
    Kind::ALL.into_iter().filter(|k| k.decl().table)
}

/// The kinds a Markdown file may name in `kind = "…"`.
fn named_kinds() -> impl Iterator<Item = Kind> {
    Kind::ALL.into_iter().filter(|k| *k != Kind::KeyResult)
}

/// `a, b or c`.
fn either(names: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = names.collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

fn list(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

/// The Markdown body of an item written as a file.
pub struct Body<'a> {
    pub text: &'a str,
    pub span: Span,
}

/// A Markdown file and what is known of it before it is parsed.
pub struct MarkdownFile<'a> {
    pub text: &'a str,
    pub file: FileId,
    pub folder_kind: Option<Kind>,
    pub page_path: String,
}

pub fn from_toml_file(
    text: &str,
    file: FileId,
    config: &Config,
    items: &mut Vec<Item>,
    diags: &mut Vec<Diagnostic>,
) {
    let table = match DeTable::parse(text) {
        Ok(t) => t,
        Err(e) => {
            diags.push(toml_error(&e, file, 0));
            return;
        }
    };
    let f = Fields::new(table.get_ref(), file, 0, 0..0, "this file");
    for (key, value) in table.get_ref().iter() {
        let name: &str = key.get_ref();
        let key_span = f.span(key.span());
        if name == "roles" {
            let mut columns = Fields::new(table.get_ref(), file, 0, 0..0, "the RACI file");
            items.push(Item::RaciColumns(columns.strings("roles")));
            diags.extend(columns.finish_known());
            continue;
        }
        let Some(kind) = Kind::from_table_name(name).filter(|k| k.decl().table) else {
            let names = table_kinds().map(|k| k.name());
            let help = match did_you_mean(name, names) {
                Some(s) => format!("did you mean `[[{s}]]`?"),
                None => format!(
                    "items are written as {} tables",
                    either(table_kinds().map(|k| format!("[[{}]]", k.name())))
                ),
            };
            diags.push(
                Diagnostic::new(
                    Code::UnknownField,
                    format!("`{name}` is not a kind of item"),
                )
                .at(key_span)
                .help(help),
            );
            continue;
        };
        let Some(array) = value.get_ref().as_array() else {
            diags.push(
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
                diags.push(
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
            let mut fields = Fields::new(t, file, 0, span, format!("this {}", kind.name()));
            if let Some(item) = decode(kind, &mut fields, None, config) {
                items.push(item);
            }
            diags.extend(fields.finish());
        }
    }
}

pub fn from_markdown_file(
    md: &MarkdownFile<'_>,
    config: &Config,
    items: &mut Vec<Item>,
    diags: &mut Vec<Diagnostic>,
) {
    let split = match frontmatter::split(md.text) {
        Ok(s) => s,
        Err(Unclosed) => {
            diags.push(unclosed(md.file));
            return;
        }
    };
    let body = Body {
        text: split.body,
        span: Span::new(md.file, split.body_offset..split.body_offset),
    };
    let Some(front) = split.front else {
        if md.folder_kind == Some(Kind::Page) {
            items.push(Item::Page(page_without_front_matter(md, body)));
        } else {
            diags.push(
                Diagnostic::new(Code::MissingField, "this file has no +++ front matter, so it has no id")
                    .at(Span::new(md.file, 0..0))
                    .help("start the file with a line +++, then id = \"…\" and title = \"…\", then a line +++"),
            );
        }
        return;
    };
    let table = match DeTable::parse(front) {
        Ok(t) => t,
        Err(e) => {
            diags.push(toml_error(&e, md.file, split.front_offset));
            return;
        }
    };
    // The opening `+++` is the place to point at for the file as a whole.
    let whole = Span::new(md.file, 0..3);
    let mut fields = Fields::new(
        table.get_ref(),
        md.file,
        split.front_offset,
        0..0,
        "this file",
    )
    .with_whole(whole);
    let kind = match fields.string("kind") {
        Some(k) => match Kind::from_table_name(&k.value) {
            Some(kind) => Some(kind),
            None => {
                let names = named_kinds().map(|k| k.name());
                let help = did_you_mean(&k.value, names).map_or_else(
                    || format!("use {}", either(named_kinds().map(|k| k.name().to_owned()))),
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
                diags.extend(fields.finish_known());
                return;
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
        diags.extend(fields.finish_known());
        return;
    };
    fields.set_what(format!("this {}", kind.name()), None);
    if let Some(item) = decode_markdown(kind, &mut fields, body, md, config) {
        items.push(item);
    }
    diags.extend(fields.finish());
}

fn unclosed(file: FileId) -> Diagnostic {
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
) -> Option<Item> {
    if kind == Kind::Page {
        return page(f, body, md);
    }
    decode(kind, f, Some(body), config)
}

/// Decodes an item of `kind`; `body` is the Markdown body of a file, `None` for an
/// entry of a `.toml` file (whose body is its `body` field).
fn decode(
    kind: Kind,
    f: &mut Fields<'_, '_>,
    body: Option<Body<'_>>,
    config: &Config,
) -> Option<Item> {
    let title_key = match kind {
        Kind::Activity | Kind::Ceremony => "name",
        _ => "title",
    };
    let meta = meta(f, kind, title_key, body)?;
    Some(match kind {
        Kind::Goal => goal(f, meta),
        Kind::Initiative => Item::Initiative(initiative(f, meta, config)),
        Kind::Milestone => Item::Milestone(Milestone {
            date: required_date(f, "date"),
            meta,
        }),
        Kind::Epic => Item::Epic(Epic {
            initiative: f.string("initiative"),
            status: f.one_of("status", &config.workflow.epic, Code::InvalidStatus),
            owner: f.string("owner"),
            meta,
        }),
        Kind::Story => Item::Story(story(f, meta, config)),
        Kind::Sprint => Item::Sprint(Sprint {
            start: required_date(f, "start"),
            end: required_date(f, "end"),
            goal: f.plain_string("goal"),
            meta,
        }),
        Kind::Role => Item::Role(Role {
            summary: f.plain_string("summary"),
            responsibilities: f.plain_strings("responsibilities"),
            decision_rights: f.plain_strings("decision_rights"),
            skills: f.plain_strings("skills"),
            meta,
        }),
        Kind::Activity => activity(f, meta),
        Kind::Ceremony => ceremony(f, meta),
        Kind::Decision => Item::Decision(Decision {
            status: f.one_of(
                "status",
                &list(crate::kinds::decision::STATUSES),
                Code::InvalidStatus,
            ),
            date: f.date("date"),
            deciders: f.strings("deciders"),
            affects: f.strings("affects"),
            supersedes: f.strings("supersedes"),
            meta,
        }),
        Kind::KeyResult | Kind::Page => unreachable!("not decoded here"),
    })
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
        check_id_syntax(f, id);
    }
    let title = f
        .required_string(title_key)
        .map(|t| t.value)
        .unwrap_or_default();
    let (body, body_span) = match body {
        Some(b) => (b.text.to_owned(), b.span),
        None => match f.string("body") {
            // Skip the opening quote(s) so references inside map close to their line.
            Some(s) => (s.value, s.span),
            None => (String::new(), f.whole()),
        },
    };
    let waivers = waivers(f);
    let draft = f.boolean("draft").unwrap_or(false);
    Some(Meta {
        id: id?,
        title,
        body,
        body_span,
        waivers,
        draft,
    })
}

fn check_id_syntax(f: &mut Fields<'_, '_>, id: &Spanned<String>) {
    let shown: String = id.value.chars().take(60).collect();
    if id.value.len() > MAX_ID_LEN {
        f.push(
            Diagnostic::new(
                Code::InvalidId,
                format!(
                    "the id \"{shown}…\" is {} characters long; an id has at most {MAX_ID_LEN}",
                    id.value.chars().count()
                ),
            )
            .at(id.span)
            .help("use a short id such as \"S-12\" and put the words in the title"),
        );
        return;
    }
    if is_valid_id(&id.value) {
        return;
    }
    f.push(
        Diagnostic::new(Code::InvalidId, format!("\"{shown}\" is not a valid id"))
            .at(id.span)
            .help("an id starts with a letter and has only letters, digits, `_`, `.` and `-`, such as \"S-12\""),
    );
}

fn waivers(f: &mut Fields<'_, '_>) -> Vec<Waiver> {
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

fn required_date(f: &mut Fields<'_, '_>, key: &'static str) -> Option<Spanned<Date>> {
    let missing = !f.has(key);
    let date = f.date(key);
    if missing {
        f.missing(key, "2027-03-31");
    }
    date
}

fn goal(f: &mut Fields<'_, '_>, meta: Meta) -> Item {
    let goal = Goal {
        owner: f.string("owner"),
        timeframe: f.plain_string("timeframe"),
        status: f
            .one_of(
                "status",
                &list(crate::kinds::goal::STATUSES),
                Code::InvalidStatus,
            )
            .map(|s| s.value),
        key_results: Vec::new(),
        meta,
    };
    let mut krs = Vec::new();
    for element in f.array("key_results").unwrap_or_default() {
        let span = f.span(element.span());
        let DeValue::Table(t) = element.get_ref() else {
            f.push(
                Diagnostic::new(Code::WrongType, "each key result must be a table")
                    .at(span)
                    .help("write each key result under its own [[key_results]] line"),
            );
            continue;
        };
        let mut k = f.nested(
            t,
            span,
            format!("a key result of goal `{}`", goal.meta.id.value),
        );
        let id = k.required_string("id");
        if let Some(id) = &id {
            k.set_what(format!("key result `{}`", id.value), Some(&id.value));
            check_id_syntax(&mut k, id);
        }
        let kr = KeyResult {
            metric: k
                .required_string("metric")
                .map(|m| m.value)
                .unwrap_or_default(),
            unit: k.plain_string("unit"),
            direction: k
                .one_of(
                    "direction",
                    &list(crate::kinds::goal::DIRECTIONS),
                    Code::InvalidValue,
                )
                .map(|s| s.value),
            baseline: k.number("baseline"),
            target: k.number("target"),
            current: k.number("current"),
            goal: 0,
            id: id.unwrap_or_else(|| Spanned::new(String::new(), span)),
        };
        f.extend(k.finish());
        if !kr.id.value.is_empty() {
            krs.push(kr);
        }
    }
    Item::Goal(goal, krs)
}

fn initiative(f: &mut Fields<'_, '_>, meta: Meta, config: &Config) -> Initiative {
    Initiative {
        goals: f.strings("goals"),
        horizon: f.one_of(
            "horizon",
            &list(crate::kinds::initiative::HORIZONS),
            Code::InvalidValue,
        ),
        start: f.date("start"),
        end: f.date("end"),
        status: f.one_of("status", &config.workflow.initiative, Code::InvalidStatus),
        health: f
            .one_of(
                "health",
                &list(crate::kinds::initiative::HEALTHS),
                Code::InvalidValue,
            )
            .map(|s| s.value),
        confidence: f
            .one_of(
                "confidence",
                &list(crate::kinds::initiative::CONFIDENCES),
                Code::InvalidValue,
            )
            .map(|s| s.value),
        theme: f.plain_string("theme"),
        owner: f.string("owner"),
        depends_on: f.strings("depends_on"),
        milestones: f.strings("milestones"),
        meta,
    }
}

fn story(f: &mut Fields<'_, '_>, meta: Meta, config: &Config) -> Story {
    Story {
        epic: f.string("epic"),
        as_a: f.plain_string("as_a"),
        i_want: f.plain_string("i_want"),
        so_that: f.plain_string("so_that"),
        status: f.one_of("status", &config.workflow.story, Code::InvalidStatus),
        points: points(f),
        priority: f.integer("priority").map(|p| p.value),
        sprint: f.string("sprint"),
        depends_on: f.strings("depends_on"),
        labels: f.plain_strings("labels"),
        acceptance: acceptance(f),
        meta,
    }
}

fn points(f: &mut Fields<'_, '_>) -> Option<u32> {
    let p = f.integer("points")?;
    match u32::try_from(p.value) {
        Ok(n) => Some(n),
        Err(_) => {
            f.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`points` is {}, which is not an estimate", p.value),
                )
                .at(p.span)
                .help("an estimate is a whole number of zero or more, such as points = 3"),
            );
            None
        }
    }
}

fn acceptance(f: &mut Fields<'_, '_>) -> Vec<Acceptance> {
    let mut out = Vec::new();
    for element in f.array("acceptance").unwrap_or_default() {
        let span = f.span(element.span());
        match element.get_ref() {
            DeValue::String(s) => out.push(Acceptance::Text(s.to_string())),
            DeValue::Table(t) => {
                let mut c = f.nested(t, span, "an acceptance criterion");
                let given = c.required_string("given");
                let when = c.required_string("when");
                let then = c.required_string("then");
                f.extend(c.finish());
                if let (Some(given), Some(when), Some(then)) = (given, when, then) {
                    out.push(Acceptance::Scenario {
                        given: given.value,
                        when: when.value,
                        then: then.value,
                    });
                }
            }
            other => f.push(
                Diagnostic::new(
                    Code::WrongType,
                    format!(
                        "an acceptance criterion must be a string or a table, not {}",
                        super::fields::describe(other)
                    ),
                )
                .at(span)
                .help("write \"…\" or { given = \"…\", when = \"…\", then = \"…\" }"),
            ),
        }
    }
    out
}

/// `raci = { pm = "C", po = "AR" }`: one cell per role.
fn activity(f: &mut Fields<'_, '_>, meta: Meta) -> Item {
    let area = f.plain_string("area");
    let has_raci = f.has("raci");
    let (raci, raci_span) = match f.table("raci") {
        Some((table, span)) => (role_cells(f, table), span),
        None => {
            if !has_raci {
                f.missing(
                    "raci",
                    "{ pm = \"C\", po = \"AR\", sm = \"I\", dev = \"R\" }",
                );
            }
            (Vec::new(), meta.id.span)
        }
    };
    let raci = raci
        .into_iter()
        .map(|(role, letters)| RaciCell { role, letters })
        .collect();
    Item::Activity(Activity {
        meta,
        area,
        raci,
        raci_span,
    })
}

fn ceremony(f: &mut Fields<'_, '_>, meta: Meta) -> Item {
    let cadence = f.plain_string("cadence");
    let timebox = f.plain_string("timebox");
    let attendance = match f.table("attendance") {
        Some((table, _)) => role_cells(f, table)
            .into_iter()
            .map(|(role, how)| (role, how.value))
            .collect(),
        None => Vec::new(),
    };
    Item::Ceremony(Ceremony {
        meta,
        cadence,
        timebox,
        attendance,
    })
}

/// The role → string cells of a RACI or attendance table.
fn role_cells(f: &mut Fields<'_, '_>, table: &DeTable<'_>) -> Vec<(IdRef, Spanned<String>)> {
    let mut cells = Vec::new();
    for (key, value) in table.iter() {
        let role = Spanned::new(key.get_ref().to_string(), f.span(key.span()));
        match value.get_ref() {
            DeValue::String(s) => {
                cells.push((role, Spanned::new(s.to_string(), f.span(value.span()))))
            }
            other => f.push(
                Diagnostic::new(
                    Code::WrongType,
                    format!(
                        "the cell of role `{}` must be a string, not {}",
                        role.value,
                        super::fields::describe(other)
                    ),
                )
                .at(f.span(value.span()))
                .help("write the letters in quotes, such as dev = \"R\""),
            ),
        }
    }
    cells
}

fn page(f: &mut Fields<'_, '_>, body: Body<'_>, md: &MarkdownFile<'_>) -> Option<Item> {
    let default_id = md
        .page_path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let id = match f.string("id") {
        Some(id) => id,
        None => Spanned::new(default_id, Span::new(md.file, 0..3)),
    };
    f.set_what(format!("page `{}`", id.value), Some(&id.value));
    check_id_syntax(f, &id);
    let title = f
        .plain_string("title")
        .unwrap_or_else(|| first_heading(body.text).unwrap_or_else(|| id.value.clone()));
    let waivers = waivers(f);
    let draft = f.boolean("draft").unwrap_or(false);
    f.allow("kind");
    Some(Item::Page(Page {
        weight: f.integer("weight").map(|w| w.value),
        path: md.page_path.clone(),
        meta: Meta {
            id,
            title,
            body: body.text.to_owned(),
            body_span: body.span,
            waivers,
            draft,
        },
    }))
}

fn page_without_front_matter(md: &MarkdownFile<'_>, body: Body<'_>) -> Page {
    let id = md
        .page_path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    Page {
        weight: None,
        path: md.page_path.clone(),
        meta: Meta {
            title: first_heading(body.text).unwrap_or_else(|| id.clone()),
            id: Spanned::new(id, Span::new(md.file, 0..0)),
            body: body.text.to_owned(),
            body_span: body.span,
            waivers: Vec::new(),
            draft: false,
        },
    }
}

fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|h| h.trim().to_owned())
}

/// `vision.md`: optional fields, all under one roof.
pub fn vision(text: &str, file: FileId, diags: &mut Vec<Diagnostic>) -> Option<Vision> {
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(Unclosed) => {
            diags.push(unclosed(file));
            return None;
        }
    };
    let mut vision = Vision {
        title: "Vision".into(),
        body: split.body.to_owned(),
        body_span: Some(Span::new(file, split.body_offset..split.body_offset)),
        ..Vision::default()
    };
    let Some(front) = split.front else {
        return Some(vision);
    };
    let table = match DeTable::parse(front) {
        Ok(t) => t,
        Err(e) => {
            diags.push(toml_error(&e, file, split.front_offset));
            return None;
        }
    };
    let mut f = Fields::new(table.get_ref(), file, split.front_offset, 0..0, "vision.md");
    if let Some(t) = f.plain_string("title") {
        vision.title = t;
    }
    vision.statement = f.plain_string("statement");
    if let Some((t, span)) = f.table("positioning") {
        let mut p = f.nested(t, span, "[positioning] of vision.md");
        vision.positioning = Positioning {
            for_whom: p.plain_string("for"),
            who: p.plain_string("who"),
            category: p.plain_string("category"),
            benefit: p.plain_string("benefit"),
            unlike: p.plain_string("unlike"),
            differentiator: p.plain_string("differentiator"),
        };
        f.extend(p.finish());
    }
    if let Some((t, span)) = f.table("board") {
        let mut b = f.nested(t, span, "[board] of vision.md");
        vision.board = VisionBoard {
            target_group: b.plain_strings("target_group"),
            needs: b.plain_strings("needs"),
            product: b.plain_strings("product"),
            business_goals: b.plain_strings("business_goals"),
        };
        f.extend(b.finish());
    }
    diags.extend(f.finish());
    Some(vision)
}
