//! Decision records: a superseded decision names no successor of its own, so
//! some decision must name it in `supersedes`.

use crate::base::{Code, Diagnostic};
use crate::site::Site;
use crate::source::workflow::SUPERSEDED;

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    for (d, decision) in site.items.decisions.iter().enumerate() {
        let superseded = decision
            .status
            .as_ref()
            .is_some_and(|s| s.value == SUPERSEDED);
        if !superseded || !site.trace.decision_superseded_by[d].is_empty() {
            continue;
        }
        let span = decision
            .status
            .as_ref()
            .map_or(decision.meta.id.span, |s| s.span);
        let id = &decision.meta.id.value;
        out.push(
            Diagnostic::new(
                Code::SupersededWithoutSuccessor,
                format!("decision `{id}` is superseded, but no decision names it in `supersedes`"),
            )
            .at(span)
            .help(format!(
                "add supersedes = [\"{id}\"] to the decision that replaces it, or give `{id}` another status"
            ))
            .about(id)
            .unreferenced(),
        );
    }
}
