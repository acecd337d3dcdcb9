//! Stories, epics and sprints: acceptance criteria, estimates, orphans, dates.

use crate::base::Code;
use crate::base::{Diagnostic, Spanned};
use crate::kinds::{Date, Kind, Story};
use crate::site::Site;
use crate::source::workflow::Workflow;

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    let workflow = &site.config.workflow;
    for story in &site.items.stories {
        check_story(story, workflow, out);
    }
    for (i, epic) in site.items.epics.iter().enumerate() {
        let id = epic.meta.id.value.as_str();
        if epic.initiative.is_none() {
            out.push(
                Diagnostic::new(
                    Code::OrphanEpic,
                    format!("epic `{id}` serves no initiative"),
                )
                .at(epic.meta.id.span)
                .help("add `initiative = \"I-…\"` to say which roadmap item it delivers")
                .about(id)
                .lacking("initiative"),
            );
        }
        let dropped = workflow.is_dropped(epic.status.as_deref());
        if site.trace.epic_stories[i].is_empty() && !dropped {
            out.push(
                Diagnostic::new(
                    Code::EpicWithoutStories,
                    format!("epic `{id}` has no stories"),
                )
                .at(epic.meta.id.span)
                .help(format!(
                    "write its stories with `epic = \"{id}\"`, or drop the epic"
                ))
                .about(id)
                .unreferenced(),
            );
        }
    }
    for sprint in &site.items.sprints {
        dates_in_order(&sprint.meta.id.value, &sprint.start, &sprint.end, out);
    }
}

/// Orphans; and, once a story is past its workflow's first status (the
/// default's `ready` or later) and not dropped, its criteria and estimate.
fn check_story(story: &Story, workflow: &Workflow, out: &mut Vec<Diagnostic>) {
    let id = story.meta.id.value.as_str();
    if story.epic.is_none() {
        out.push(
            Diagnostic::new(Code::OrphanStory, format!("story `{id}` belongs to no epic"))
                .at(story.meta.id.span)
                .help("add `epic = \"E-…\"`, or waive this with the reason: waive = { orphan-story = \"…\" }")
                .about(id)
                .lacking("epic"),
        );
    }
    let Some(status) = story
        .status
        .as_ref()
        .filter(|s| workflow.is_committed(Kind::Story, Some(&s.value)))
    else {
        return;
    };
    if story.acceptance.is_empty() {
        out.push(
            Diagnostic::new(
                Code::StoryWithoutAcceptance,
                format!("story `{id}` is {} but has no acceptance criteria", status.value),
            )
            .at(status.span)
            .help(format!(
                "add acceptance = [\"…\"] or {{ given = \"…\", when = \"…\", then = \"…\" }}, or set status = \"{}\"",
                workflow.first(Kind::Story)
            ))
            .about(id)
            .lacking("acceptance"),
        );
    }
    if story.points.is_none() {
        out.push(
            Diagnostic::new(
                Code::StoryWithoutEstimate,
                format!("story `{id}` is {} but has no estimate", status.value),
            )
            .at(status.span)
            .help("add `points = …` with the team's estimate")
            .about(id)
            .lacking("points"),
        );
    }
}

/// Both dates or neither, and the end not before the start.
pub fn dates_in_order(
    id: &str,
    start: &Option<Spanned<Date>>,
    end: &Option<Spanned<Date>>,
    out: &mut Vec<Diagnostic>,
) {
    match (start, end) {
        (Some(s), Some(e)) if e.value < s.value => out.push(
            Diagnostic::new(
                Code::EndBeforeStart,
                format!("`{id}` ends on {} before it starts on {}", e.value, s.value),
            )
            .at(e.span)
            .help("swap the dates, or correct the one that is wrong")
            .about(id),
        ),
        (Some(one), None) | (None, Some(one)) => {
            let missing = if start.is_none() { "start" } else { "end" };
            out.push(
                Diagnostic::new(
                    Code::EndBeforeStart,
                    format!("`{id}` has only one of `start` and `end`"),
                )
                .at(one.span)
                .help(format!("add `{missing} = …`; give both dates or neither"))
                .about(id)
                .lacking(missing),
            )
        }
        _ => {}
    }
}
