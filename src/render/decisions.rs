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
    deciders: Vec<LinkView<'a>>,
    affects: Vec<LinkView<'a>>,
    supersedes: Vec<LinkView<'a>>,
    superseded_by: Vec<LinkView<'a>>,
}

pub fn decision_view(site: &Site, d: usize) -> DecisionView<'_> {
    let x: &Decision = &site.items.decisions[d];
    let row = DecisionRow::new(site, d);
    DecisionView {
        status: row.status,
        date: row.date,
        deciders: LinkView::by_ids(site, &x.deciders),
        affects: row.affects,
        supersedes: LinkView::by_ids(site, &x.supersedes),
        superseded_by: row.superseded_by,
    }
}

/// Every decision, newest first (undated last), then by id.
pub fn index(site: &Site) -> Vec<DecisionRow<'_>> {
    newest_first(site, (0..site.items.decisions.len()).collect())
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
