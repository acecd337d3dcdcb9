//! Goals, key results and initiatives: served goals, complete key results,
//! dependencies that respect the horizons, dates in order.

use crate::base::Code;
use crate::base::Diagnostic;
use crate::kinds::Kind;
use crate::site::Site;

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    for (i, goal) in site.items.goals.iter().enumerate() {
        let id = goal.meta.id.value.as_str();
        let dropped = goal.status.as_deref() == Some("dropped");
        if goal.status.as_deref() == Some("on-track") && goal.key_results.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::GoalWithoutKeyResults,
                    format!("goal `{id}` is on track, but has no key results to show it"),
                )
                .at(goal.meta.id.span)
                .help("add [[key_results]] with a baseline, a target and the current figure, or leave out the status until it can be measured")
                .about(id)
                .lacking("key_results"),
            );
        }
        if site.trace.goal_initiatives[i].is_empty() && !dropped {
            out.push(
                Diagnostic::new(
                    Code::GoalUnserved,
                    format!("goal `{id}` is served by no initiative"),
                )
                .at(goal.meta.id.span)
                .help(format!(
                    "add \"{id}\" (or one of its key results) to the `goals` of an initiative"
                ))
                .about(id)
                .unreferenced(),
            );
        }
    }
    for kr in &site.items.key_results {
        let missing: Vec<&str> = [
            ("baseline", kr.baseline.is_none()),
            ("target", kr.target.is_none()),
            ("unit", kr.unit.is_none()),
        ]
        .iter()
        .filter(|(name, m)| *m && !site.broken.unread(&kr.id.value, name))
        .map(|(name, _)| *name)
        .collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::KeyResultIncomplete,
                    format!("key result `{}` has no {}", kr.id.value, missing.join(", ")),
                )
                .at(kr.id.span)
                .help("a key result is measurable with a baseline, a target and a unit")
                .about(&kr.id.value)
                .lacking(missing[0]),
            );
        }
    }
    for initiative in &site.items.initiatives {
        let id = initiative.meta.id.value.as_str();
        if initiative.goals.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::OrphanInitiative,
                    format!("initiative `{id}` serves no goal"),
                )
                .at(initiative.meta.id.span)
                .help("add `goals = [\"G-…\"]` with the goals or key results it moves")
                .about(id)
                .lacking("goals"),
            );
        }
        super::backlog::dates_in_order(id, &initiative.start, &initiative.end, out);
        if horizon(initiative) != Some("now") {
            continue;
        }
        for dep in &initiative.depends_on {
            let Some(target) = site.find(dep, Kind::Initiative) else {
                continue;
            };
            if horizon(&site.items.initiatives[target]) == Some("later") {
                out.push(
                    Diagnostic::new(
                        Code::NowDependsOnLater,
                        format!("initiative `{id}` is planned for now but depends on `{}`, planned for later", dep.value),
                    )
                    .at(dep.span)
                    .help(format!("move `{}` earlier, or `{id}` later", dep.value))
                    .about(id),
                );
            }
        }
    }
}

fn horizon(i: &crate::kinds::Initiative) -> Option<&str> {
    i.horizon.as_ref().map(|h| h.value.as_str())
}
