//! Decision records: which decisions replace which, written from either end
//! (`supersedes` on the newer, `superseded_by` on the older). Both ends must
//! agree; a superseded decision needs a successor, and a decision that another
//! supersedes should have a status that says it no longer holds.

use crate::base::{Code, Diagnostic};
use crate::kinds::{Decision, IdRef, Kind};
use crate::site::Site;
use crate::source::workflow::SUPERSEDED;

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    for (d, decision) in site.items.decisions.iter().enumerate() {
        mismatches(site, decision, out);
        let successors = &site.trace.decision_superseded_by[d];
        let status = decision.status.as_ref();
        let superseded = status.is_some_and(|s| s.value == SUPERSEDED);
        if superseded && successors.is_empty() {
            out.push(without_successor(decision));
        } else if !successors.is_empty()
            && !site.config.workflow.is_dropped(status.map(|s| &s.value))
        {
            out.push(not_dropped(site, decision, successors));
        }
    }
}

/// Each pair of decisions whose two ends disagree, once, where the end that
/// was written names the other: `superseded_by` naming a decision whose
/// `supersedes` does not name this one, and `supersedes` naming a decision
/// whose `superseded_by` lists others but not this one. A decision without
/// `superseded_by` agrees with anything.
fn mismatches(site: &Site, decision: &Decision, out: &mut Vec<Diagnostic>) {
    let id = decision.meta.id.value.as_str();
    let other = |r: &IdRef| {
        site.find(&r.value, Kind::Decision)
            .map(|o| &*site.items.decisions[o])
    };
    for newer in &decision.superseded_by {
        let Some(later) = other(newer) else { continue };
        if later.supersedes.iter().any(|s| s.value == id) {
            continue;
        }
        let n = &newer.value;
        out.push(
            Diagnostic::new(
                Code::SupersedeMismatch,
                format!(
                    "decision `{id}` says `{n}` supersedes it, but `{n}` does not name `{id}` in `supersedes`"
                ),
            )
            .at(newer.span)
            .label(later.meta.id.span, format!("`{n}` is here"))
            .help(format!(
                "add \"{id}\" to the supersedes of `{n}`, or take `{n}` out of the superseded_by of `{id}`"
            ))
            .about(id),
        );
    }
    for older in &decision.supersedes {
        let Some(earlier) = other(older) else {
            continue;
        };
        let agrees =
            earlier.superseded_by.is_empty() || earlier.superseded_by.iter().any(|s| s.value == id);
        if agrees {
            continue;
        }
        let o = &older.value;
        out.push(
            Diagnostic::new(
                Code::SupersedeMismatch,
                format!(
                    "decision `{id}` supersedes `{o}`, but the superseded_by of `{o}` does not name `{id}`"
                ),
            )
            .at(older.span)
            .label(earlier.meta.id.span, format!("`{o}` is here"))
            .help(format!(
                "add \"{id}\" to the superseded_by of `{o}`, or take `{o}` out of the supersedes of `{id}`"
            ))
            .about(id),
        );
    }
}

fn without_successor(decision: &Decision) -> Diagnostic {
    let span = decision
        .status
        .as_ref()
        .map_or(decision.meta.id.span, |s| s.span);
    let id = &decision.meta.id.value;
    Diagnostic::new(
        Code::SupersededWithoutSuccessor,
        format!("decision `{id}` is superseded, but no decision names it in `supersedes`"),
    )
    .at(span)
    .help(format!(
        "add supersedes = [\"{id}\"] to the decision that replaces it, or give `{id}` another status"
    ))
    .about(id)
    .unreferenced()
}

/// A decision that another supersedes, whose status says it still holds (or
/// is still open).
fn not_dropped(site: &Site, decision: &Decision, successors: &[usize]) -> Diagnostic {
    let id = &decision.meta.id.value;
    let by: Vec<String> = successors
        .iter()
        .map(|&s| format!("`{}`", site.items.decisions[s].meta.id.value))
        .collect();
    let workflow = &site.config.workflow;
    let dropped: Vec<&String> = workflow
        .decision
        .iter()
        .filter(|s| workflow.is_dropped(Some(s)))
        .collect();
    let suggested = dropped
        .iter()
        .find(|s| **s == SUPERSEDED)
        .or(dropped.first())
        .map_or_else(
            || "add a status that means superseded to [workflow] decision and dropped".to_owned(),
            |s| format!("set status = \"{s}\""),
        );
    let (span, status) = match &decision.status {
        Some(s) => (s.span, format!("its status `{}`", s.value)),
        None => (decision.meta.id.span, "it has no status, which".to_owned()),
    };
    Diagnostic::new(
        Code::SupersededNotDropped,
        format!(
            "decision `{id}` is superseded by {}, but {status} is not one of [workflow] dropped",
            crate::base::either(&by)
        ),
    )
    .at(span)
    .help(format!(
        "{suggested}, so that readers know `{id}` no longer holds"
    ))
    .about(id)
}
