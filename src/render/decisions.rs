//! Decision records: the index page, each decision's page, and the decisions
//! listed on the pages of the items they affect.

use serde::Serialize;

use super::views::LinkView;
use crate::kinds::{Decision, Kind};
use crate::site::{ItemKey, Site};

/// One decision in a list.
#[derive(Serialize)]
pub struct DecisionRow<'a> {
    link: LinkView<'a>,
    status: Option<&'a str>,
    date: Option<String>,
    deciders: Vec<LinkView<'a>>,
    affects: Vec<LinkView<'a>>,
    superseded_by: Vec<LinkView<'a>>,
}

impl<'a> DecisionRow<'a> {
    pub fn new(site: &'a Site, d: usize) -> DecisionRow<'a> {
        let x = &site.items.decisions[d];
        DecisionRow {
            link: LinkView::of(site, Kind::Decision, d),
            status: x.status.as_ref().map(|s| s.value.as_str()),
            date: x.date.as_ref().map(|d| d.value.to_string()),
            deciders: LinkView::by_ids(site, &x.deciders),
            affects: LinkView::by_ids(site, &x.affects),
            superseded_by: LinkView::all_of(
                site,
                Kind::Decision,
                &site.trace.decision_superseded_by[d],
            ),
        }
    }
}

/// A decision's own page.
#[derive(Serialize)]
pub struct DecisionView<'a> {
    status: Option<&'a str>,
    date: Option<String>,
    /// Whether its status is a finished one (done or dropped): only then was it
    /// decided on its date; an open decision is only dated.
    decided: bool,
    deciders: Vec<LinkView<'a>>,
    affects: Vec<LinkView<'a>>,
    supersedes: Vec<LinkView<'a>>,
    superseded_by: Vec<LinkView<'a>>,
}

pub fn decision_view(site: &Site, d: usize) -> DecisionView<'_> {
    let x: &Decision = &site.items.decisions[d];
    let row = DecisionRow::new(site, d);
    DecisionView {
        decided: site.config.workflow.is_finished(row.status),
        status: row.status,
        date: row.date,
        deciders: row.deciders,
        affects: row.affects,
        supersedes: LinkView::by_ids(site, &x.supersedes),
        superseded_by: row.superseded_by,
    }
}

/// `decisions.html`: every decision, newest first, and the choices of its
/// filters (query keys `status`, `decider` and `affects`).
#[derive(Serialize)]
pub struct DecisionIndex<'a> {
    rows: Vec<IndexRow<'a>>,
    statuses: &'a [String],
    /// The roles and the people that took a decision, in the site's order of
    /// roles and by name.
    roles: Vec<LinkView<'a>>,
    people: Vec<LinkView<'a>>,
    affected: Vec<LinkView<'a>>,
}

/// A row of the index, with what its filters match: ids, one per line.
#[derive(Serialize)]
pub struct IndexRow<'a> {
    #[serde(flatten)]
    row: DecisionRow<'a>,
    decider_ids: String,
    affect_ids: String,
}

pub fn index(site: &Site) -> DecisionIndex<'_> {
    let rows: Vec<IndexRow<'_>> = newest_first(site, (0..site.items.decisions.len()).collect())
        .into_iter()
        .map(|row| IndexRow {
            decider_ids: lines(&row.deciders),
            affect_ids: lines(&row.affects),
            row,
        })
        .collect();
    let took = |kind| {
        let mut took: Vec<usize> = site
            .trace
            .decisions_by
            .keys()
            .filter(|k| k.kind == kind)
            .map(|k| k.index)
            .collect();
        took.sort_unstable();
        took
    };
    let mut people = LinkView::all_of(site, Kind::Person, &took(Kind::Person));
    people.sort_by_cached_key(|p| (p.title.to_lowercase(), p.id));
    let mut affected: Vec<ItemKey> = site.trace.decisions_of.keys().copied().collect();
    affected.sort_by_cached_key(|&k| (k.kind, crate::site::natural_key(&site.id_ref(k).value)));
    DecisionIndex {
        rows,
        statuses: &site.config.workflow.decision,
        roles: LinkView::all_of(site, Kind::Role, &took(Kind::Role)),
        people,
        affected: affected
            .into_iter()
            .map(|k| LinkView::new(site, k))
            .collect(),
    }
}

/// Ids one per line, as the filters read them.
fn lines(links: &[LinkView<'_>]) -> String {
    let ids: Vec<&str> = links.iter().map(|l| l.id).collect();
    ids.join("\n")
}

/// The decisions a role or a person took, newest first.
pub fn taken_by(site: &Site, kind: Kind, index: usize) -> Vec<DecisionRow<'_>> {
    let taken = site.trace.decisions_by.get(&ItemKey { kind, index });
    newest_first(site, taken.cloned().unwrap_or_default())
}

/// Rows of these decisions, newest first (undated last), then by id.
fn newest_first(site: &Site, mut order: Vec<usize>) -> Vec<DecisionRow<'_>> {
    order.sort_by(|&a, &b| {
        let (x, y) = (&site.items.decisions[a], &site.items.decisions[b]);
        let date = |d: &Decision| d.date.as_ref().map(|d| d.value);
        date(y).cmp(&date(x)).then_with(|| {
            crate::site::natural_key(&x.meta.id.value)
                .cmp(&crate::site::natural_key(&y.meta.id.value))
        })
    });
    order
        .into_iter()
        .map(|d| DecisionRow::new(site, d))
        .collect()
}

/// The decisions that affect an item; for a goal, also those that affect one of
/// its key results.
pub fn affecting(site: &Site, key: ItemKey) -> Vec<DecisionRow<'_>> {
    let of = |key: &ItemKey| {
        site.trace
            .decisions_of
            .get(key)
            .into_iter()
            .flatten()
            .copied()
    };
    let mut found: Vec<usize> = of(&key).collect();
    if key.kind == Kind::Goal {
        for &kr in &site.items.goals[key.index].key_results {
            found.extend(of(&ItemKey {
                kind: Kind::KeyResult,
                index: kr,
            }));
        }
    }
    found.sort_unstable();
    found.dedup();
    found
        .into_iter()
        .map(|d| DecisionRow::new(site, d))
        .collect()
}
