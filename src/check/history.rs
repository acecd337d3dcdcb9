//! Checks that read the history (SPEC §5): suspect links, whose parent changed
//! after the item was last changed or reviewed, and stale items, that have not
//! moved for `[history] stale_after_days`.

use crate::base::{Code, Diagnostic, Span};
use crate::history::History;
use crate::kinds::{Date, Kind};
use crate::site::{ItemKey, Site};

pub fn check(site: &Site, history: &History, out: &mut Vec<Diagnostic>) {
    suspect_links(site, history, out);
    stale_items(site, history, out);
}

/// The items an item answers to: a story's epic, an epic's initiative, an
/// initiative's goals (directly or through one of their key results).
fn parents(site: &Site, key: ItemKey) -> Vec<ItemKey> {
    let t = &site.trace;
    let at = |kind, index| ItemKey { kind, index };
    match key.kind {
        Kind::Story => t.story_epic[key.index]
            .map(|e| at(Kind::Epic, e))
            .into_iter()
            .collect(),
        Kind::Epic => t.epic_initiative[key.index]
            .map(|i| at(Kind::Initiative, i))
            .into_iter()
            .collect(),
        Kind::Initiative => t.initiative_goals[key.index]
            .iter()
            .map(|&g| at(Kind::Goal, g))
            .collect(),
        _ => Vec::new(),
    }
}

fn suspect_links(site: &Site, history: &History, out: &mut Vec<Diagnostic>) {
    for key in site.keys() {
        let Some(meta) = site.meta(key) else { continue };
        let id = meta.id.value.as_str();
        // An item not committed yet was written against its parents as they are.
        let Some(updated) = history.updated(id) else {
            continue;
        };
        let reviewed = meta.reviewed.as_ref().map(|r| r.value);
        for parent in parents(site, key) {
            let parent_id = site.id_ref(parent).value.as_str();
            let Some((at, fields)) = history.series.content.get(parent_id) else {
                continue;
            };
            let changed = &history.commits[*at];
            if changed.time <= updated.time || reviewed.is_some_and(|r| r >= changed.date()) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::SuspectLink,
                    format!(
                        "{} `{id}` may need a review: its {} `{parent_id}` changed its {} on {} ({}), after `{id}` last changed on {}",
                        key.kind.name(),
                        parent.kind.name(),
                        words(fields),
                        changed.date(),
                        changed.short(),
                        updated.date(),
                    ),
                )
                .at(meta.id.span)
                .help(format!(
                    "check `{id}` against `{parent_id}`, then set reviewed = {} on `{id}`",
                    changed.date()
                ))
                .about(id),
            );
        }
    }
}

/// `title`, `body and title`, `title, body and target of KR-1`.
fn words(fields: &[String]) -> String {
    match fields {
        [] => "content".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn stale_items(site: &Site, history: &History, out: &mut Vec<Diagnostic>) {
    let Some(newest) = history.newest() else {
        return;
    };
    let days = i64::from(site.config.history.stale_after_days);
    let limit = newest.date().days() - days;
    let since = |date: Date| newest.date().days() - date.days();
    for kr in &site.items.key_results {
        let id = kr.id.value.as_str();
        let last = history
            .series
            .measured
            .get(id)
            .and_then(|points| points.last())
            .map(|&(at, _)| history.commits[at].date());
        let Some(last) = last.filter(|d| d.days() < limit) else {
            continue;
        };
        let goal = site
            .items
            .goals
            .get(kr.goal)
            .map(|g| g.meta.id.value.as_str());
        out.push(
            Diagnostic::new(
                Code::StaleItem,
                format!(
                    "key result `{id}` has not been measured since {last}: its `current` has not changed for {} days before the newest commit ({})",
                    since(last),
                    newest.date()
                ),
            )
            .at(kr.id.span)
            .help(format!(
                "measure it again and update `current`, or set [history] stale_after_days (now {days}) in roadbook.toml"
            ))
            // Key results have no waivers of their own: their goal waives for them.
            .about(goal.unwrap_or(id)),
        );
    }
    for kind in [Kind::Initiative, Kind::Epic] {
        for index in 0..site.count(kind) {
            let key = ItemKey { kind, index };
            let status = match kind {
                Kind::Initiative => site.items.initiatives[index].status.as_ref(),
                _ => site.items.epics[index].status.as_ref(),
            };
            let in_progress = site.config.workflow.in_progress(kind);
            if in_progress.is_none() || status.map(|s| s.value.as_str()) != in_progress {
                continue;
            }
            let id = site.id_ref(key);
            let Some(updated) = history.updated(&id.value).map(|c| c.date()) else {
                continue;
            };
            if updated.days() >= limit {
                continue;
            }
            out.push(stale(
                key.kind,
                &id.value,
                id.span,
                updated,
                since(updated),
                newest.date(),
                days,
            ));
        }
    }
}

fn stale(
    kind: Kind,
    id: &str,
    span: Span,
    updated: Date,
    since: i64,
    newest: Date,
    days: i64,
) -> Diagnostic {
    Diagnostic::new(
        Code::StaleItem,
        format!(
            "{} `{id}` is in progress but has not changed since {updated}, {since} days before the newest commit ({newest})",
            kind.name()
        ),
    )
    .at(span)
    .help(format!(
        "update its status, dates or notes, or set [history] stale_after_days (now {days}) in roadbook.toml"
    ))
    .about(id)
}
