//! The backlog page: every story in priority order, with what its filters need.
//! The filters (SPEC §4) read each row's `data-` attributes and keep their
//! state in the query string: `backlog.html?status=ready&epic=E-2`.

use serde::Serialize;

use super::views::{LinkView, ProgressView, StoryRow};
use crate::kinds::Kind;
use crate::site::Site;

#[derive(Serialize)]
pub struct BacklogView<'a> {
    pub rows: Vec<BacklogRow<'a>>,
    pub statuses: &'a [String],
    pub epics: Vec<LinkView<'a>>,
    pub initiatives: Vec<LinkView<'a>>,
    pub goals: Vec<LinkView<'a>>,
    pub sprints: Vec<LinkView<'a>>,
    /// The roles that own an epic or an initiative.
    pub owners: Vec<LinkView<'a>>,
    /// Every label a story carries, sorted.
    pub labels: Vec<&'a str>,
    pub progress: ProgressView,
}

/// A story and the ids its filters match against.
#[derive(Serialize)]
pub struct BacklogRow<'a> {
    #[serde(flatten)]
    pub row: StoryRow<'a>,
    pub initiative: Option<LinkView<'a>>,
    /// The ids of the goals its initiative serves, one per line: the filters
    /// read every multi-valued `data-` attribute as lines.
    pub goals: String,
    /// Its labels, one per line.
    pub labels: String,
    /// Its epic's owner, else its initiative's: a story has no owner of its own.
    pub owner: Option<&'a str>,
}

pub fn backlog<'a>(site: &'a Site, order: &[usize]) -> BacklogView<'a> {
    let trace = &site.trace;
    let rows = order
        .iter()
        .map(|&s| {
            let epic = trace.story_epic[s];
            let initiative = epic.and_then(|e| trace.epic_initiative[e]);
            let owner = epic
                .and_then(|e| site.items.epics[e].owner.as_ref())
                .or_else(|| initiative.and_then(|i| site.items.initiatives[i].owner.as_ref()));
            BacklogRow {
                row: StoryRow::new(site, s),
                initiative: initiative.map(|i| LinkView::of(site, Kind::Initiative, i)),
                goals: initiative.map_or_else(String::new, |i| {
                    let ids: Vec<&str> = trace.initiative_goals[i]
                        .iter()
                        .map(|&g| site.items.goals[g].meta.id.value.as_str())
                        .collect();
                    ids.join("\n")
                }),
                labels: site.items.stories[s].labels.join("\n"),
                owner: owner.map(|o| o.value.as_str()),
            }
        })
        .collect();
    let all = |kind: Kind, count: usize| -> Vec<LinkView<'_>> {
        (0..count).map(|i| LinkView::of(site, kind, i)).collect()
    };
    let owners = LinkView::roles_among(
        site,
        site.items
            .epics
            .iter()
            .filter_map(|e| e.owner.as_ref())
            .chain(
                site.items
                    .initiatives
                    .iter()
                    .filter_map(|i| i.owner.as_ref()),
            ),
    );
    let mut labels: Vec<&str> = site
        .items
        .stories
        .iter()
        .flat_map(|s| s.labels.iter().map(String::as_str))
        .collect();
    labels.sort_unstable();
    labels.dedup();
    BacklogView {
        rows,
        statuses: &site.config.workflow.story,
        epics: all(Kind::Epic, site.items.epics.len()),
        initiatives: all(Kind::Initiative, site.items.initiatives.len()),
        goals: all(Kind::Goal, site.items.goals.len()),
        sprints: all(Kind::Sprint, site.items.sprints.len()),
        owners,
        labels,
        progress: site.trace.total.into(),
    }
}
