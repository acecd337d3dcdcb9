//! Every place an id is written: where items are defined, the link fields that
//! name them, role keys in the RACI matrix and attendance, and `[[ID]]` and
//! `[text](ID)` in Markdown. Definition, references, rename and hover read it.

use std::collections::HashMap;

use crate::base::{FileId, Span};
use crate::kinds::IdRef;
use crate::markup::{event_reference, events};
use crate::site::Site;

/// How an id is written at a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// `id = "S-1"`: the item is defined here.
    Definition,
    /// A field that names the item: `epic = "E-1"`, a RACI role key, `roles = [...]`.
    Link(&'static str),
    /// `[[S-1]]` or `[text](S-1)` in Markdown.
    Reference,
}

/// One place an id is written; `span` covers the id and nothing else.
#[derive(Clone, Debug)]
pub struct Occurrence {
    pub id: String,
    pub span: Span,
    pub role: Role,
}

/// Every id written in a site.
pub struct Occurrences {
    all: Vec<Occurrence>,
    /// Indexes into `all` of each file, by position.
    by_file: HashMap<FileId, Vec<usize>>,
}

impl Occurrences {
    pub fn of(site: &Site) -> Occurrences {
        let mut all = Vec::new();
        let mut add = |r: &IdRef, role: Role| {
            if let Some(span) = exact(site, r) {
                all.push(Occurrence {
                    id: r.value.clone(),
                    span,
                    role,
                });
            }
        };
        for key in site.keys() {
            add(site.id_ref(key), Role::Definition);
            for (field, r) in site.links(key) {
                add(r, Role::Link(field));
            }
        }
        for activity in &site.items.activities {
            for cell in &activity.raci {
                add(&cell.role, Role::Link("raci"));
            }
        }
        for ceremony in &site.items.ceremonies {
            for (role, _) in &ceremony.attendance {
                add(role, Role::Link("attendance"));
            }
        }
        for column in &site.raci_columns {
            add(column, Role::Link("roles"));
        }
        let bodies = site
            .keys()
            .filter_map(|k| site.meta(k))
            .map(|m| (m.body.as_str(), m.body_span))
            .chain(
                site.vision
                    .iter()
                    .filter_map(|v| Some((v.body.as_str(), v.body_span?))),
            );
        for (body, span) in bodies {
            references(site, body, span, &mut all);
        }
        let mut by_file: HashMap<FileId, Vec<usize>> = HashMap::new();
        for (i, o) in all.iter().enumerate() {
            by_file.entry(o.span.file).or_default().push(i);
        }
        for list in by_file.values_mut() {
            list.sort_by_key(|&i| all[i].span.start);
        }
        Occurrences { all, by_file }
    }

    /// The id written at `offset` of `file`: the cursor may stand just after it.
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let offset = offset as u32;
        self.by_file
            .get(&file)?
            .iter()
            .map(|&i| &self.all[i])
            .find(|o| o.span.start <= offset && offset <= o.span.end)
    }

    /// Every place `id` is written, its definition first.
    pub fn of_id<'s>(&'s self, id: &'s str) -> impl Iterator<Item = &'s Occurrence> + 's {
        let definition = self
            .all
            .iter()
            .filter(move |o| o.id == id && o.role == Role::Definition);
        definition.chain(
            self.all
                .iter()
                .filter(move |o| o.id == id && o.role != Role::Definition),
        )
    }

    /// Where `id` is defined.
    pub fn definition(&self, id: &str) -> Option<&Occurrence> {
        self.all
            .iter()
            .find(|o| o.id == id && o.role == Role::Definition)
    }
}

/// The span of the id itself inside the value written for it (which may hold
/// quotes); `None` when the text there is not the id as written.
fn exact(site: &Site, r: &IdRef) -> Option<Span> {
    let text = &site.sources.get(r.span.file).text;
    let written = text.get(r.span.start as usize..r.span.end as usize)?;
    let at = written.find(r.value.as_str())?;
    let start = r.span.start as usize + at;
    Some(Span::new(r.span.file, start..start + r.value.len()))
}

/// The references in a Markdown body that stands as written in its file (a
/// Markdown file's body, or a TOML string without escapes).
fn references(site: &Site, body: &str, span: Span, out: &mut Vec<Occurrence>) {
    if !body.contains('[') {
        return;
    }
    let text = &site.sources.get(span.file).text;
    let from = span.start as usize;
    let base = if text.get(from..from + body.len()) == Some(body) {
        from
    } else {
        let Some(at) = text
            .get(from..(span.end as usize).max(from))
            .and_then(|s| s.find(body))
        else {
            return;
        };
        from + at
    };
    for (event, range) in events(body) {
        let Some(reference) = event_reference(&event, |id| site.lookup(id).is_some()) else {
            continue;
        };
        let id = reference.id;
        // `[[S-1]]` holds the id after its brackets; `[text](S-1#x)` ends with
        // its destination, which starts with the id.
        let written = &body[range.clone()];
        let found = match reference.fragment {
            Some(fragment) => written.rfind(&format!("{id}#{fragment}")),
            None => written.rfind(id),
        };
        let Some(at) = found else {
            continue;
        };
        let start = base + range.start + at;
        out.push(Occurrence {
            id: id.to_owned(),
            span: Span::new(span.file, start..start + id.len()),
            role: Role::Reference,
        });
    }
}
