//! Machine-readable exports: trace.json, raci.csv, backlog.csv, sitemap.xml, and
//! the search index.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::views::status;
use crate::history::History;
use crate::kinds::{Date, Kind};
use crate::site::trace::Progress;
use crate::site::{ItemKey, Site, natural_key};

/// The head of `trace.json`; its `items` follow.
#[derive(Serialize)]
struct TraceHead<'a> {
    title: &'a str,
    base_url: &'a str,
    progress: Progress,
}

/// Items of `trace.json` serialised by one task: a large site's are made in
/// parallel, each run into a buffer of its own, and never all held as values.
const TRACE_RUN: usize = 1024;

#[derive(Serialize)]
struct TraceItem<'a> {
    id: &'a str,
    kind: &'static str,
    title: &'a str,
    url: String,
    parents: Vec<&'a str>,
    children: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    progress: Option<Progress>,
    fields: serde_json::Value,
    /// The date of the last commit that changed the item itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<Date>,
    /// A key result's `current` over the whole history.
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<Vec<Measured>>,
}

#[derive(Serialize)]
struct Measured {
    date: Date,
    current: f64,
}

/// `trace.json`: every item with its fields, parents, children and rollups,
/// as `serde_json`'s pretty printer writes the whole, made a run of items at a
/// time and put together in one buffer of the exact size.
pub fn trace_json(site: &Site, history: Option<&History>, base_url: &str) -> Arc<[u8]> {
    let keys: Vec<ItemKey> = site
        .keys()
        .filter(|k| !matches!(k.kind, Kind::Page))
        .collect();
    let head = TraceHead {
        title: &site.config.title,
        base_url,
        progress: site.trace.total,
    };
    let head = serde_json::to_vec_pretty(&head).expect("trace serialises");
    let head = head
        .strip_suffix(b"\n}")
        .expect("an object ends in a brace");
    // Each item alone, indented to its place in the array: serde_json writes
    // no raw line break inside a string, so every line break starts a line.
    let runs: Vec<Vec<u8>> = keys
        .par_chunks(TRACE_RUN)
        .map(|run| {
            let mut out = Vec::new();
            for &key in run {
                let item = serde_json::to_vec_pretty(&traced(site, history, key))
                    .expect("trace serialises");
                out.extend_from_slice(b",\n    ");
                for &b in &item {
                    out.push(b);
                    if b == b'\n' {
                        out.extend_from_slice(b"    ");
                    }
                }
            }
            out
        })
        .collect();
    let (open, close): (&[u8], &[u8]) = if keys.is_empty() {
        (b",\n  \"items\": []", b"\n}\n")
    } else {
        (b",\n  \"items\": [", b"\n  ]\n}\n")
    };
    let mut parts = vec![head, open];
    // The first item's comma is the array's business.
    parts.extend(
        runs.iter()
            .enumerate()
            .map(|(n, r)| if n == 0 { &r[1..] } else { &r[..] }),
    );
    parts.push(close);
    // Written straight into the file's shared bytes: a Vec would be copied
    // into them, and trace.json is the largest file of a site.
    let size = parts.iter().map(|p| p.len()).sum();
    let mut out: Arc<[u8]> = std::iter::repeat_n(0, size).collect();
    let bytes = Arc::get_mut(&mut out).expect("the bytes are not shared yet");
    let mut at = 0;
    for part in parts {
        bytes[at..at + part.len()].copy_from_slice(part);
        at += part.len();
    }
    out
}

/// One item of `trace.json`, with its history when there is one.
fn traced<'s>(site: &'s Site, history: Option<&History>, key: ItemKey) -> TraceItem<'s> {
    let mut item = trace_item(site, key);
    if let Some(h) = history {
        item.updated = h.updated(item.id).map(|c| c.date());
        if key.kind == Kind::KeyResult {
            let points = h
                .series
                .measured
                .get(item.id)
                .map_or(&[][..], Vec::as_slice);
            item.history = Some(
                points
                    .iter()
                    .map(|&(at, current)| Measured {
                        date: h.commits[at].date(),
                        current,
                    })
                    .collect(),
            );
        }
    }
    item
}

fn ids<'a>(site: &'a Site, kind: Kind, indices: &[usize]) -> Vec<&'a str> {
    let mut v: Vec<&str> = indices
        .iter()
        .map(|&i| site.id_ref(ItemKey { kind, index: i }).value.as_str())
        .collect();
    sort_natural(&mut v);
    v
}

/// Ids in the order people count them: S-8, S-9, S-10.
fn sort_natural(ids: &mut [&str]) {
    ids.sort_by_cached_key(|id| (natural_key(id), *id));
}

/// A fraction to 4 decimal places: 0.16, not 0.15999999999999998.
fn rounded(fraction: f64) -> f64 {
    (fraction * 10_000.0).round() / 10_000.0
}

fn trace_item(site: &Site, key: ItemKey) -> TraceItem<'_> {
    let t = &site.trace;
    let i = key.index;
    let one = |kind, idx: Option<usize>| idx.map(|x| ids(site, kind, &[x])).unwrap_or_default();
    let date = |d: &Option<crate::base::Spanned<crate::kinds::Date>>| {
        d.as_ref().map(|d| d.value.to_string())
    };
    let (parents, children, progress, fields) = match key.kind {
        Kind::Goal => {
            let g = &site.items.goals[i];
            let krs: Vec<usize> = g.key_results.clone();
            let mut children = ids(site, Kind::Initiative, &t.goal_initiatives[i]);
            children.extend(ids(site, Kind::KeyResult, &krs));
            let fields = json!({"owner": g.owner.as_ref().map(|o| &o.value), "timeframe": g.timeframe, "status": g.status});
            (Vec::new(), children, Some(t.goal_progress[i]), fields)
        }
        Kind::KeyResult => {
            let k = &site.items.key_results[i];
            let fields = json!({
                "metric": k.metric, "unit": k.unit, "direction": k.direction,
                "baseline": k.baseline, "target": k.target, "current": k.current, "score": k.score().map(rounded),
            });
            (
                ids(site, Kind::Goal, &[k.goal]),
                ids(site, Kind::Initiative, &t.key_result_initiatives[i]),
                Some(t.key_result_progress[i]),
                fields,
            )
        }
        Kind::Initiative => {
            let x = &site.items.initiatives[i];
            let mut parents = ids(site, Kind::Goal, &t.initiative_goals[i]);
            parents.extend(ids(site, Kind::KeyResult, &t.initiative_key_results[i]));
            let fields = json!({
                "horizon": x.horizon.as_ref().map(|v| &v.value), "status": x.status.as_ref().map(|v| &v.value),
                "health": x.health, "confidence": x.confidence, "theme": x.theme,
                "start": date(&x.start), "end": date(&x.end), "owner": x.owner.as_ref().map(|o| &o.value),
                "depends_on": x.depends_on.iter().map(|d| &d.value).collect::<Vec<_>>(),
                "milestones": x.milestones.iter().map(|d| &d.value).collect::<Vec<_>>(),
            });
            (
                parents,
                ids(site, Kind::Epic, &t.initiative_epics[i]),
                Some(t.initiative_progress[i]),
                fields,
            )
        }
        Kind::Milestone => {
            let fields = json!({"date": date(&site.items.milestones[i].date)});
            (
                ids(site, Kind::Initiative, &t.milestone_initiatives[i]),
                Vec::new(),
                None,
                fields,
            )
        }
        Kind::Epic => {
            let x = &site.items.epics[i];
            let fields = json!({"status": x.status.as_ref().map(|v| &v.value), "owner": x.owner.as_ref().map(|o| &o.value)});
            (
                one(Kind::Initiative, t.epic_initiative[i]),
                ids(site, Kind::Story, &t.epic_stories[i]),
                Some(t.epic_progress[i]),
                fields,
            )
        }
        Kind::Story => {
            let x = &site.items.stories[i];
            let fields = json!({
                "status": status(site, x), "points": x.points, "priority": x.priority,
                "sprint": x.sprint.as_ref().map(|s| &s.value),
                "as_a": x.as_a, "i_want": x.i_want, "so_that": x.so_that,
                "depends_on": x.depends_on.iter().map(|d| &d.value).collect::<Vec<_>>(),
                "labels": x.labels, "acceptance_criteria": x.acceptance.len(),
            });
            (one(Kind::Epic, t.story_epic[i]), Vec::new(), None, fields)
        }
        Kind::Sprint => {
            let x = &site.items.sprints[i];
            let fields = json!({"start": date(&x.start), "end": date(&x.end), "goal": x.goal});
            (
                Vec::new(),
                ids(site, Kind::Story, &t.sprint_stories[i]),
                Some(t.sprint_progress[i]),
                fields,
            )
        }
        Kind::Role => {
            let r = &site.items.roles[i];
            // Person ids where the site has people, else the names as written.
            let holders: Vec<&str> = r.holders.iter().map(|h| h.value.as_str()).collect();
            let fields = json!({"summary": r.summary, "holders": holders});
            (Vec::new(), Vec::new(), None, fields)
        }
        Kind::Activity => {
            let a = &site.items.activities[i];
            let raci: serde_json::Map<String, serde_json::Value> = a
                .raci
                .iter()
                .map(|c| (c.role.value.clone(), json!(c.letters.value)))
                .collect();
            (
                Vec::new(),
                Vec::new(),
                None,
                json!({"area": a.area, "raci": raci}),
            )
        }
        Kind::Ceremony => {
            let c = &site.items.ceremonies[i];
            let attendance: serde_json::Map<String, serde_json::Value> = c
                .attendance
                .iter()
                .map(|(r, how)| (r.value.clone(), json!(how)))
                .collect();
            (
                Vec::new(),
                Vec::new(),
                None,
                json!({"cadence": c.cadence, "timebox": c.timebox, "attendance": attendance}),
            )
        }
        Kind::Decision => {
            let d = &site.items.decisions[i];
            let mut affects: Vec<&str> = d
                .affects
                .iter()
                .filter(|a| site.lookup(a).is_some())
                .map(|a| a.value.as_str())
                .collect();
            sort_natural(&mut affects);
            let fields = json!({
                "status": d.status.as_ref().map(|s| &s.value),
                "date": date(&d.date),
                "deciders": d.deciders.iter().map(|r| &r.value).collect::<Vec<_>>(),
                "supersedes": d.supersedes.iter().map(|r| &r.value).collect::<Vec<_>>(),
                "superseded_by": ids(site, Kind::Decision, &t.decision_superseded_by[i]),
            });
            (affects, Vec::new(), None, fields)
        }
        // People, and any kind without an arm of its own: what it links to, and
        // its own fields as written.
        _ => {
            let mut parents: Vec<&str> = site
                .links(key)
                .into_iter()
                .filter(|(_, id)| site.lookup(id).is_some())
                .map(|(_, id)| id.value.as_str())
                .collect();
            sort_natural(&mut parents);
            (parents, Vec::new(), None, own_fields(site, key))
        }
    };
    TraceItem {
        id: &site.id_ref(key).value,
        kind: key.kind.slug(),
        title: site.title(key),
        url: super::urls::item_url(site, key),
        parents,
        children,
        progress,
        fields,
        updated: None,
        history: None,
    }
}

/// The fields a kind declares beyond those of every item, as written.
fn own_fields(site: &Site, key: ItemKey) -> serde_json::Value {
    let decl = key.kind.decl();
    let mut values = site.items.values(key.kind, key.index);
    if let Some(map) = values.as_object_mut() {
        map.retain(|name, _| decl.fields.iter().any(|f| f.name == name));
    }
    values
}

/// The CSV of `rows`, each written as it is made.
fn csv_bytes(rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.write_record(&row).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// `raci.csv`: one row per activity, one column per role.
pub fn raci_csv(roles: &super::roles::RolesView<'_>) -> Vec<u8> {
    let mut header = vec!["activity".to_owned(), "name".to_owned(), "area".to_owned()];
    header.extend(roles.columns.iter().map(|c| c.id.to_owned()));
    let mut rows = vec![header];
    for a in &roles.activities {
        let mut row = vec![
            a.id.to_owned(),
            a.name.to_owned(),
            a.area.unwrap_or("").to_owned(),
        ];
        row.extend(a.cells.iter().map(|c| c.text.to_owned()));
        rows.push(row);
    }
    csv_bytes(rows)
}

/// `backlog.csv`: the stories in priority order.
pub fn backlog_csv(site: &Site, order: &[usize]) -> Vec<u8> {
    let header = [
        "priority",
        "id",
        "title",
        "status",
        "points",
        "epic",
        "sprint",
        "labels",
        "acceptance_criteria",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows = order.iter().map(|&s| {
        let x = &site.items.stories[s];
        vec![
            x.priority.map(|p| p.to_string()).unwrap_or_default(),
            x.meta.id.value.clone(),
            x.meta.title.clone(),
            status(site, x).to_owned(),
            x.points.map(|p| p.to_string()).unwrap_or_default(),
            x.epic.as_ref().map(|e| e.value.clone()).unwrap_or_default(),
            x.sprint
                .as_ref()
                .map(|e| e.value.clone())
                .unwrap_or_default(),
            x.labels.join(";"),
            x.acceptance.len().to_string(),
        ]
    });
    csv_bytes(std::iter::once(header).chain(rows))
}

/// `sitemap.xml` with absolute URLs when `base_url` is one, else site paths.
pub fn sitemap(base_url: &str, paths: &[(String, Option<Date>)]) -> Vec<u8> {
    let base = base_url.trim_end_matches('/');
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (p, lastmod) in paths
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && p.as_str() != "404.html")
    {
        let loc = crate::markup::escape(&format!("{base}/{p}"));
        match lastmod {
            Some(date) => out.push_str(&format!(
                "  <url><loc>{loc}</loc><lastmod>{date}</lastmod></url>\n"
            )),
            None => out.push_str(&format!("  <url><loc>{loc}</loc></url>\n")),
        }
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}
