//! What the page of an initiative, epic, story, milestone or sprint shows
//! beyond what every item page has: typed views that borrow from the site.

use serde::Serialize;

use super::views::{CriterionView, LinkView, More, ProgressView, StoryRow, story_rows};
use crate::base::Spanned;
use crate::kinds::{Date, IdRef, Kind};
use crate::site::Site;

fn owner<'a>(site: &'a Site, owner: &Option<IdRef>) -> Option<LinkView<'a>> {
    owner.as_ref().and_then(|o| LinkView::by_id(site, o))
}

fn value(v: &Option<Spanned<String>>) -> Option<&str> {
    v.as_ref().map(|v| v.value.as_str())
}

fn date(d: &Option<Spanned<Date>>) -> Option<String> {
    d.as_ref().map(|d| d.value.to_string())
}

#[derive(Serialize)]
pub struct InitiativeView<'a> {
    horizon: Option<&'a str>,
    status: Option<&'a str>,
    health: Option<&'a str>,
    health_note: Option<&'a str>,
    confidence: Option<&'a str>,
    theme: Option<&'a str>,
    start: Option<String>,
    end: Option<String>,
    owner: Option<LinkView<'a>>,
    serves: Vec<LinkView<'a>>,
    depends_on: Vec<LinkView<'a>>,
    milestones: Vec<MilestoneLink<'a>>,
    progress: ProgressView,
}

/// A milestone an initiative aims at, with its date: `None` while it is not
/// scheduled.
#[derive(Serialize)]
pub struct MilestoneLink<'a> {
    link: LinkView<'a>,
    date: Option<String>,
}

pub fn initiative(site: &Site, i: usize) -> InitiativeView<'_> {
    let x = &site.items.initiatives[i];
    InitiativeView {
        horizon: value(&x.horizon),
        status: value(&x.status),
        health: x.health.as_deref(),
        health_note: x.health_note.as_deref(),
        confidence: x.confidence.as_deref(),
        theme: x.theme.as_deref(),
        start: date(&x.start),
        end: date(&x.end),
        owner: owner(site, &x.owner),
        serves: LinkView::by_ids(site, &x.goals),
        depends_on: LinkView::by_ids(site, &x.depends_on),
        milestones: x
            .milestones
            .iter()
            .filter_map(|m| site.find(m, Kind::Milestone))
            .map(|m| MilestoneLink {
                link: LinkView::of(site, Kind::Milestone, m),
                date: date(&site.items.milestones[m].date),
            })
            .collect(),
        progress: site.trace.initiative_progress[i].into(),
    }
}

#[derive(Serialize)]
pub struct EpicView<'a> {
    status: Option<&'a str>,
    owner: Option<LinkView<'a>>,
}

pub fn epic(site: &Site, i: usize) -> EpicView<'_> {
    let x = &site.items.epics[i];
    EpicView {
        status: value(&x.status),
        owner: owner(site, &x.owner),
    }
}

#[derive(Serialize)]
pub struct StoryView<'a> {
    row: StoryRow<'a>,
    as_a: Option<&'a str>,
    i_want: Option<&'a str>,
    so_that: Option<&'a str>,
    depends_on: Vec<LinkView<'a>>,
    /// Stories that name this one in their `depends_on`.
    dependents: Vec<LinkView<'a>>,
    acceptance: Vec<CriterionView<'a>>,
}

/// `acceptance` is the story's criteria, rendered.
pub fn story<'a>(site: &'a Site, i: usize, acceptance: Vec<CriterionView<'a>>) -> StoryView<'a> {
    let x = &site.items.stories[i];
    StoryView {
        row: StoryRow::new(site, i),
        as_a: x.as_a.as_deref(),
        i_want: x.i_want.as_deref(),
        so_that: x.so_that.as_deref(),
        depends_on: LinkView::by_ids(site, &x.depends_on),
        dependents: LinkView::all_of(site, Kind::Story, &site.trace.story_dependents[i]),
        acceptance,
    }
}

#[derive(Serialize)]
pub struct MilestoneView<'a> {
    date: Option<String>,
    initiatives: Vec<LinkView<'a>>,
}

pub fn milestone(site: &Site, i: usize) -> MilestoneView<'_> {
    MilestoneView {
        date: date(&site.items.milestones[i].date),
        initiatives: LinkView::all_of(site, Kind::Initiative, &site.trace.milestone_initiatives[i]),
    }
}

#[derive(Serialize)]
pub struct SprintView<'a> {
    start: Option<String>,
    end: Option<String>,
    goal: Option<&'a str>,
    progress: ProgressView,
    stories: Vec<StoryRow<'a>>,
    /// The stories not listed, when it has more than `[build] page_size`.
    more: Option<More>,
}

pub fn sprint(site: &Site, i: usize) -> SprintView<'_> {
    let x = &site.items.sprints[i];
    let (stories, more) = story_rows(
        site,
        &site.trace.sprint_stories[i],
        ("sprint", &x.meta.id.value),
    );
    SprintView {
        start: date(&x.start),
        end: date(&x.end),
        goal: x.goal.as_deref(),
        progress: site.trace.sprint_progress[i].into(),
        stories,
        more,
    }
}
