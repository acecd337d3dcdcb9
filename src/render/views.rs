//! What templates see: small views that borrow from the [`Site`]. URLs in views
//! are relative to the site root; templates put `{{ root }}` in front.

use std::borrow::Cow;

use serde::Serialize;

use super::markdown::Html;
use super::urls::item_url;
use crate::kinds::{Acceptance, IdRef, Kind, Story};
use crate::site::trace::Progress;
use crate::site::{ItemKey, Site};

#[derive(Serialize, Clone)]
pub struct LinkView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
    pub kind: &'static str,
}

impl<'a> LinkView<'a> {
    pub fn new(site: &'a Site, key: ItemKey) -> LinkView<'a> {
        LinkView {
            id: &site.id_ref(key).value,
            title: site.title(key),
            url: item_url(site, key),
            kind: key.kind.slug(),
        }
    }

    pub fn of(site: &'a Site, kind: Kind, index: usize) -> LinkView<'a> {
        LinkView::new(site, ItemKey { kind, index })
    }

    /// The link for an id written in a source file, if it names an item.
    pub fn by_id(site: &'a Site, id: &str) -> Option<LinkView<'a>> {
        site.lookup(id).map(|k| LinkView::new(site, k))
    }

    /// The links for ids written in a source file; an id that names no item is
    /// left out (the checks report it).
    pub fn by_ids(site: &'a Site, ids: &[IdRef]) -> Vec<LinkView<'a>> {
        ids.iter()
            .filter_map(|id| LinkView::by_id(site, id))
            .collect()
    }

    /// The roles that `ids` name, in the site's order of roles: the owners a
    /// filter offers.
    pub fn roles_among<'i>(
        site: &'a Site,
        ids: impl Iterator<Item = &'i IdRef>,
    ) -> Vec<LinkView<'a>> {
        let named: std::collections::HashSet<&str> = ids.map(|id| id.value.as_str()).collect();
        (0..site.items.roles.len())
            .filter(|&r| named.contains(site.items.roles[r].meta.id.value.as_str()))
            .map(|r| LinkView::of(site, Kind::Role, r))
            .collect()
    }

    /// The links for items of one kind, by index.
    pub fn all_of(site: &'a Site, kind: Kind, indices: &[usize]) -> Vec<LinkView<'a>> {
        indices
            .iter()
            .map(|&i| LinkView::of(site, kind, i))
            .collect()
    }
}

#[derive(Serialize, Clone, Copy)]
pub struct ProgressView {
    pub stories_done: u32,
    pub stories_total: u32,
    pub points_done: u32,
    pub points_total: u32,
    /// Stories done, in whole percent.
    pub percent: u32,
}

impl From<Progress> for ProgressView {
    fn from(p: Progress) -> ProgressView {
        ProgressView {
            stories_done: p.stories_done,
            stories_total: p.stories_total,
            points_done: p.points_done,
            points_total: p.points_total,
            percent: percent(p.ratio().unwrap_or(0.0)),
        }
    }
}

pub fn percent(ratio: f64) -> u32 {
    (ratio * 100.0).round().clamp(0.0, 100.0) as u32
}

/// A story as a row of a table.
#[derive(Serialize)]
pub struct StoryRow<'a> {
    pub link: LinkView<'a>,
    pub status: &'a str,
    pub points: Option<u32>,
    pub priority: Option<i64>,
    pub epic: Option<LinkView<'a>>,
    pub sprint: Option<LinkView<'a>>,
    pub labels: &'a [String],
}

impl<'a> StoryRow<'a> {
    pub fn new(site: &'a Site, index: usize) -> StoryRow<'a> {
        let story = &site.items.stories[index];
        StoryRow {
            link: LinkView::of(site, Kind::Story, index),
            status: status(site, story),
            points: story.points,
            priority: story.priority,
            epic: site.trace.story_epic[index].map(|e| LinkView::of(site, Kind::Epic, e)),
            sprint: site.trace.story_sprint[index].map(|s| LinkView::of(site, Kind::Sprint, s)),
            labels: &story.labels,
        }
    }
}

/// A story's status; one without a status is in its workflow's first.
pub fn status<'a>(site: &'a Site, story: &'a Story) -> &'a str {
    story
        .status
        .as_ref()
        .map_or(site.config.workflow.first(Kind::Story), |s| {
            s.value.as_str()
        })
}

/// An acceptance criterion, its parts rendered as inline Markdown.
#[derive(Serialize)]
pub struct CriterionView<'a> {
    pub text: Option<Cow<'a, Html>>,
    pub given: Option<Cow<'a, Html>>,
    pub when: Option<Cow<'a, Html>>,
    pub then: Option<Cow<'a, Html>>,
}

impl<'a> CriterionView<'a> {
    pub fn new(
        markdown: &super::markdown::Markdown<'a>,
        a: &Acceptance,
        root: &str,
    ) -> CriterionView<'a> {
        let md = |s: &str| Some(markdown.render_inline(s, root));
        match a {
            Acceptance::Text(t) => CriterionView {
                text: md(t),
                given: None,
                when: None,
                then: None,
            },
            Acceptance::Scenario { given, when, then } => CriterionView {
                text: None,
                given: md(given),
                when: md(when),
                then: md(then),
            },
        }
    }
}

/// One level of breadcrumbs: usually one link, several where an item serves
/// several parents (an initiative serving two goals).
pub type Crumb<'a> = Vec<LinkView<'a>>;

/// The chain from the goals down to the parent of the item (SPEC §4 breadcrumbs).
pub fn chain(site: &Site, key: ItemKey) -> Vec<Crumb<'_>> {
    let t = &site.trace;
    let goals = |i: usize| -> Crumb<'_> {
        t.initiative_goals[i]
            .iter()
            .map(|&g| LinkView::of(site, Kind::Goal, g))
            .collect()
    };
    let mut crumbs = Vec::new();
    match key.kind {
        Kind::Story => {
            if let Some(e) = t.story_epic[key.index] {
                if let Some(i) = t.epic_initiative[e] {
                    crumbs.push(goals(i));
                    crumbs.push(vec![LinkView::of(site, Kind::Initiative, i)]);
                }
                crumbs.push(vec![LinkView::of(site, Kind::Epic, e)]);
            }
        }
        Kind::Epic => {
            if let Some(i) = t.epic_initiative[key.index] {
                crumbs.push(goals(i));
                crumbs.push(vec![LinkView::of(site, Kind::Initiative, i)]);
            }
        }
        Kind::Initiative => crumbs.push(goals(key.index)),
        _ => {}
    }
    crumbs.retain(|c| !c.is_empty());
    crumbs
}

/// A list of stories that shows at most `[build] page_size` of them: the rest
/// are in the backlog, filtered to them (`backlog.html?sprint=SP-3`).
#[derive(Serialize)]
pub struct More {
    /// How many it lists.
    pub shown: usize,
    /// How many stories the list has in all.
    pub total: usize,
    /// The backlog filtered to all of them.
    pub url: String,
}

/// What a query-string value escapes: all but letters, digits and `-_.~`, so
/// `SP-3` stays as it is.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The rows of `stories`, at most `[build] page_size` of them, and where the
/// rest are: the backlog filtered by `key = "id"`.
pub fn story_rows<'a>(
    site: &'a Site,
    stories: &[usize],
    (key, id): (&str, &str),
) -> (Vec<StoryRow<'a>>, Option<More>) {
    let shown = site.config.build.page_size;
    let rows = stories
        .iter()
        .take(shown)
        .map(|&s| StoryRow::new(site, s))
        .collect();
    let more = (stories.len() > shown).then(|| More {
        shown,
        total: stories.len(),
        url: format!(
            "backlog.html?{key}={}",
            percent_encoding::utf8_percent_encode(id, QUERY_VALUE)
        ),
    });
    (rows, more)
}

/// An epic with its stories, for the "everything below" sections.
#[derive(Serialize)]
pub struct EpicBranch<'a> {
    pub link: LinkView<'a>,
    pub status: &'a str,
    pub progress: ProgressView,
    pub stories: Vec<StoryRow<'a>>,
    /// The stories not listed, when it has more than `[build] page_size`.
    pub more: Option<More>,
}

pub fn epic_branch(site: &Site, e: usize) -> EpicBranch<'_> {
    let mut branch = epic_node(site, e);
    let id = &site.items.epics[e].meta.id.value;
    (branch.stories, branch.more) = story_rows(site, &site.trace.epic_stories[e], ("epic", id));
    branch
}

/// An epic without its stories.
pub fn epic_node(site: &Site, e: usize) -> EpicBranch<'_> {
    EpicBranch {
        link: LinkView::of(site, Kind::Epic, e),
        status: site.items.epics[e]
            .status
            .as_ref()
            .map_or(site.config.workflow.first(Kind::Epic), |s| s.value.as_str()),
        progress: site.trace.epic_progress[e].into(),
        stories: Vec::new(),
        more: None,
    }
}

/// An initiative with its epics and their stories.
#[derive(Serialize)]
pub struct InitiativeBranch<'a> {
    pub link: LinkView<'a>,
    pub status: &'a str,
    pub horizon: &'a str,
    pub progress: ProgressView,
    /// How many epics it has, drawn or not.
    pub epic_count: usize,
    pub epics: Vec<EpicBranch<'a>>,
}

pub fn initiative_branch(site: &Site, i: usize) -> InitiativeBranch<'_> {
    initiative_with(site, i, Some(epic_branch))
}

/// An initiative with each epic as `epic` draws it, or without its epics.
pub fn initiative_with<'a>(
    site: &'a Site,
    i: usize,
    epic: Option<fn(&'a Site, usize) -> EpicBranch<'a>>,
) -> InitiativeBranch<'a> {
    let initiative = &site.items.initiatives[i];
    let epics = &site.trace.initiative_epics[i];
    InitiativeBranch {
        link: LinkView::of(site, Kind::Initiative, i),
        status: initiative.status.as_ref().map_or("", |s| s.value.as_str()),
        horizon: initiative.horizon.as_ref().map_or("", |s| s.value.as_str()),
        progress: site.trace.initiative_progress[i].into(),
        epic_count: epics.len(),
        epics: epic.map_or_else(Vec::new, |draw| {
            epics.iter().map(|&e| draw(site, e)).collect()
        }),
    }
}

#[derive(Serialize)]
pub struct KeyResultView<'a> {
    pub id: &'a str,
    pub metric: &'a str,
    pub unit: Option<&'a str>,
    pub direction: Option<&'a str>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    /// Score in whole percent, if it can be computed.
    pub score: Option<u32>,
    /// `low`, `mid` or `high`, by `[okr] bands`.
    pub grade: Option<&'static str>,
    /// When `current` was taken.
    pub measured: Option<String>,
    pub initiatives: Vec<LinkView<'a>>,
}

/// A score's grade by `[okr] bands`: below the first bound low, below the
/// second mid, the rest high (Google's 0.4 and 0.7 by default).
pub fn grade(score: f64, bands: [f64; 2]) -> &'static str {
    if score < bands[0] {
        "low"
    } else if score < bands[1] {
        "mid"
    } else {
        "high"
    }
}

pub fn key_result(site: &Site, k: usize) -> KeyResultView<'_> {
    let kr = &site.items.key_results[k];
    KeyResultView {
        id: &kr.id.value,
        metric: &kr.metric,
        unit: kr.unit.as_deref(),
        direction: kr.direction.as_deref(),
        baseline: kr.baseline,
        target: kr.target,
        current: kr.current,
        score: kr.score().map(percent),
        grade: kr.score().map(|s| grade(s, site.config.okr_bands)),
        measured: kr.measured.as_ref().map(|d| d.value.to_string()),
        initiatives: LinkView::all_of(
            site,
            Kind::Initiative,
            &site.trace.key_result_initiatives[k],
        ),
    }
}

/// A goal as the home page and the traceability view show it.
#[derive(Serialize)]
pub struct GoalSummary<'a> {
    pub link: LinkView<'a>,
    pub status: Option<&'a str>,
    pub health_note: Option<&'a str>,
    pub timeframe: Option<&'a str>,
    pub owner: Option<LinkView<'a>>,
    pub progress: ProgressView,
    pub key_results: Vec<KeyResultView<'a>>,
}

pub fn goal_summary(site: &Site, g: usize) -> GoalSummary<'_> {
    let goal = &site.items.goals[g];
    GoalSummary {
        link: LinkView::of(site, Kind::Goal, g),
        status: goal.status.as_deref(),
        health_note: goal.health_note.as_deref(),
        timeframe: goal.timeframe.as_deref(),
        owner: goal.owner.as_ref().and_then(|o| LinkView::by_id(site, o)),
        progress: site.trace.goal_progress[g].into(),
        key_results: goal
            .key_results
            .iter()
            .map(|&k| key_result(site, k))
            .collect(),
    }
}
