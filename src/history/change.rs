//! Semantic changes between two revisions of a site: items are matched by id,
//! and a changed item lists each changed field with its old and new value. The
//! Markdown body counts as the field `body`; RACI cells, ceremony attendance and
//! waivers are fields of their own (`raci.po`, `attendance.dev`, `waive.orphan-story`).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::kinds::{Items, Kind};
use crate::site::natural_key;

/// What kind of change an item went through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One field that changed; a missing value is `null`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub from: Value,
    pub to: Value,
}

/// What happened to one item between two revisions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub id: String,
    /// The kind's slug, as in `trace.json`.
    pub kind: &'static str,
    pub change: ChangeKind,
    /// Empty for added and removed items.
    pub fields: Vec<FieldChange>,
}

/// One item as a revision has it: its kind and its fields by name.
#[derive(Debug, PartialEq)]
pub struct ItemState {
    pub kind: Kind,
    pub fields: BTreeMap<String, Value>,
}

impl ItemState {
    /// A field's text, if it is text.
    pub fn text(&self, field: &str) -> Option<&str> {
        self.fields.get(field).and_then(Value::as_str)
    }
}

/// Every item of one revision by id, with its kind and its fields.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    pub items: BTreeMap<String, Arc<ItemState>>,
}

impl Snapshot {
    /// Takes the fields of every item; of two items with one id, the first.
    pub fn of(items: &Items) -> Snapshot {
        let mut snapshot = Snapshot::default();
        for &kind in Kind::ALL {
            for index in 0..items.count(kind) {
                let id = items.get(kind, index).id().value.clone();
                if id.is_empty() || snapshot.items.contains_key(&id) {
                    continue;
                }
                let fields = spread(items.values(kind, index));
                snapshot
                    .items
                    .insert(id, Arc::new(ItemState { kind, fields }));
            }
        }
        snapshot
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The fields of an item, with tables spread into dotted fields: `raci.po`.
fn spread(value: Value) -> BTreeMap<String, Value> {
    let mut fields = BTreeMap::new();
    let Value::Object(map) = value else {
        return fields;
    };
    for (key, value) in map {
        match value {
            Value::Object(table) => {
                for (sub, v) in table {
                    fields.insert(format!("{key}.{sub}"), v);
                }
            }
            Value::Null => {}
            v => {
                fields.insert(key, v);
            }
        }
    }
    fields.remove("id");
    fields
}

/// The changes from `old` to `new`, items in kind order then id order (S-2
/// before S-10), fields in the order their kind declares them.
pub fn changes(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let mut out = Vec::new();
    for (id, before) in &old.items {
        out.extend(compare(id, Some(before), new.items.get(id)));
    }
    for (id, after) in &new.items {
        if !old.items.contains_key(id) {
            out.extend(compare(id, None, Some(after)));
        }
    }
    sort(&mut out);
    out
}

/// Kind order, then id order, then removed before added.
pub fn sort(changes: &mut [Change]) {
    let rank = |slug: &str| Kind::ALL.iter().position(|k| k.slug() == slug);
    changes.sort_by_cached_key(|c| (rank(c.kind), natural_key(&c.id), c.change as u8));
}

/// What happened to one item: nothing, one change, or (when its kind changed)
/// a removal and an addition.
pub fn compare(
    id: &str,
    before: Option<&Arc<ItemState>>,
    after: Option<&Arc<ItemState>>,
) -> Vec<Change> {
    match (before, after) {
        (None, None) => Vec::new(),
        (Some(b), None) => vec![whole(id, b.kind, ChangeKind::Removed)],
        (None, Some(a)) => vec![whole(id, a.kind, ChangeKind::Added)],
        (Some(b), Some(a)) if Arc::ptr_eq(b, a) => Vec::new(),
        (Some(b), Some(a)) if b.kind != a.kind => vec![
            whole(id, b.kind, ChangeKind::Removed),
            whole(id, a.kind, ChangeKind::Added),
        ],
        (Some(b), Some(a)) => {
            let fields = changed_fields(b.kind, &b.fields, &a.fields);
            if fields.is_empty() {
                return Vec::new();
            }
            vec![Change {
                id: id.to_owned(),
                kind: b.kind.slug(),
                change: ChangeKind::Changed,
                fields,
            }]
        }
    }
}

fn whole(id: &str, kind: Kind, change: ChangeKind) -> Change {
    Change {
        id: id.to_owned(),
        kind: kind.slug(),
        change,
        fields: Vec::new(),
    }
}

/// The fields whose values differ, in declared order; spread and undeclared
/// fields after the field they come from, by name.
fn changed_fields(
    kind: Kind,
    before: &BTreeMap<String, Value>,
    after: &BTreeMap<String, Value>,
) -> Vec<FieldChange> {
    let decl = kind.decl();
    let order = |field: &str| {
        let base = field.split('.').next().unwrap_or(field);
        // By the key it is written under (a person's `name`), else by its name
        // (a RACI row's title, serialised as `title`).
        decl.written_fields()
            .position(|(key, _)| key == base)
            .or_else(|| decl.all_fields().position(|f| f.name == base))
            .unwrap_or(usize::MAX)
    };
    let mut names: Vec<&String> = before.keys().chain(after.keys()).collect();
    names.sort_by_cached_key(|n| (order(n), n.to_string()));
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let from = before.get(name).cloned().unwrap_or(Value::Null);
            let to = after.get(name).cloned().unwrap_or(Value::Null);
            (from != to).then(|| FieldChange {
                field: name.clone(),
                from,
                to,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::base::FileId;
    use crate::source::config::Config;
    use crate::source::parse_source;

    /// The items of one `.toml` file, as a revision.
    fn revision(toml: &str) -> Snapshot {
        let config = Config::default();
        let (_, found) = parse_source(Path::new("x.toml"), None, toml, FileId(0), &config);
        assert!(found.diagnostics.is_empty(), "{:#?}", found.diagnostics);
        let mut items = Items::default();
        for item in found.items {
            items.push(item);
        }
        Snapshot::of(&items)
    }

    const BEFORE: &str = r#"
[[initiative]]
id = "I-2"
title = "Shopping list"
horizon = "next"
end = 2027-03-05

[[initiative]]
id = "I-3"
title = "Pantry"
horizon = "next"

[[activity]]
id = "release"
name = "Decide a release"
raci = { pm = "A", po = "R", dev = "C" }

[[story]]
id = "S-9"
title = "Gone soon"
"#;

    const AFTER: &str = r#"
[[initiative]]
id = "I-2"
title = "Shopping list"
horizon = "next"
end = 2027-03-26

[[initiative]]
id = "I-3"
title = "Pantry"
horizon = "now"
body = "Moved up."

[[activity]]
id = "release"
name = "Decide a release"
raci = { pm = "C", po = "AR", dev = "C" }

[[story]]
id = "S-10"
title = "New"
"#;

    #[test]
    fn each_kind_of_change_with_old_and_new_values() {
        let found = changes(&revision(BEFORE), &revision(AFTER));
        let as_json = serde_json::to_value(&found).unwrap();
        assert_eq!(
            as_json,
            json!([
                { "id": "I-2", "kind": "initiative", "change": "changed",
                  "fields": [{ "field": "end", "from": "2027-03-05", "to": "2027-03-26" }] },
                { "id": "I-3", "kind": "initiative", "change": "changed",
                  "fields": [
                    { "field": "body", "from": "", "to": "Moved up." },
                    { "field": "horizon", "from": "next", "to": "now" }
                  ] },
                { "id": "S-9", "kind": "story", "change": "removed", "fields": [] },
                { "id": "S-10", "kind": "story", "change": "added", "fields": [] },
                { "id": "release", "kind": "activity", "change": "changed",
                  "fields": [
                    { "field": "raci.pm", "from": "A", "to": "C" },
                    { "field": "raci.po", "from": "R", "to": "AR" }
                  ] }
            ])
        );
    }

    #[test]
    fn the_same_revision_has_no_changes() {
        assert!(changes(&revision(AFTER), &revision(AFTER)).is_empty());
        assert_eq!(revision(AFTER).len(), 4);
    }
}
