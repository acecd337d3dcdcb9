//! The traceability view: the goal → initiative → epic → story tree with rollups,
//! coverage matrices, every gap the checks found and every waiver.

use serde::Serialize;

use super::views::*;
use crate::base::{Diagnostic, display_path};
use crate::check::Report;
use crate::kinds::Kind;
use crate::site::Site;

/// Above this many columns (goals, epics) a coverage matrix is shown as lists.
const MATRIX_MAX_COLUMNS: usize = 40;
/// Up to this many stories the whole tree is shown open.
const EXPAND_MAX_STORIES: usize = 300;

#[derive(Serialize)]
pub struct TraceView<'a> {
    pub total: ProgressView,
    /// Small sites show the whole tree open; large ones open goals only.
    pub expand: bool,
    /// How far down the tree goes: `"stories"`, or, when the site has more
    /// stories than `[build] page_size`, `"epics"`, or, with more epics than
    /// that too, `"initiatives"`; each item's own page shows what is below it.
    pub depth: &'static str,
    /// What the tree leaves out, for a note above it: "10000 stories".
    pub beyond: Option<String>,
    pub goals: Vec<GoalBranch<'a>>,
    pub unserving_initiatives: Vec<InitiativeBranch<'a>>,
    pub orphan_epics: Vec<EpicBranch<'a>>,
    pub orphan_stories: Vec<StoryRow<'a>>,
    /// Stories that belong to no epic beyond the `[build] page_size` listed.
    pub orphan_stories_more: usize,
    pub goal_columns: Vec<LinkView<'a>>,
    /// Initiatives × goals: one row per initiative, a mark per goal it serves.
    pub goal_matrix: Vec<(LinkView<'a>, Vec<bool>)>,
    /// The same as lists, for sites with many goals.
    pub goal_lists: Vec<(LinkView<'a>, Vec<LinkView<'a>>)>,
    pub epic_columns: Vec<LinkView<'a>>,
    pub epic_matrix: Vec<(LinkView<'a>, Vec<bool>)>,
    pub epic_lists: Vec<(LinkView<'a>, Vec<LinkView<'a>>)>,
    pub gaps: Vec<GapView>,
    /// Gaps beyond the `[build] page_size` listed: `roadbook check` lists all.
    pub gaps_more: usize,
    pub waivers: Vec<WaiverView>,
}

#[derive(Serialize)]
pub struct GoalBranch<'a> {
    pub goal: GoalSummary<'a>,
    pub initiatives: Vec<InitiativeBranch<'a>>,
}

#[derive(Serialize)]
pub struct GapView {
    pub code: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub location: Option<String>,
    pub item: Option<String>,
}

#[derive(Serialize)]
pub struct WaiverView {
    pub gap: GapView,
    pub reason: String,
}

fn gap(site: &Site, d: &Diagnostic) -> GapView {
    let location = d.span.map(|s| {
        let src = site.sources.get(s.file);
        let (line, _) = src.line_col(s.start);
        format!(
            "{}:{line}",
            display_path(std::path::Path::new("."), &src.path)
        )
    });
    GapView {
        code: d.code.name(),
        severity: d.severity.as_str(),
        message: d.message.clone(),
        location,
        item: d.item.as_deref().map(str::to_owned),
    }
}

pub fn trace_view<'a>(site: &'a Site, report: &Report) -> TraceView<'a> {
    let t = &site.trace;
    let items = &site.items;
    let page_size = site.config.build.page_size;
    let depth = if items.stories.len() <= page_size {
        Depth::Stories
    } else if items.epics.len() <= page_size {
        Depth::Epics
    } else {
        Depth::Initiatives
    };
    let goals = (0..items.goals.len())
        .map(|g| GoalBranch {
            goal: goal_summary(site, g),
            initiatives: t.goal_initiatives[g]
                .iter()
                .map(|&i| branch(site, i, depth))
                .collect(),
        })
        .collect();
    let (goal_columns, goal_matrix, goal_lists) =
        coverage(site, Kind::Goal, items.goals.len(), |i| {
            &t.initiative_goals[i]
        });
    let (epic_columns, epic_matrix, epic_lists) =
        coverage(site, Kind::Epic, items.epics.len(), |i| {
            &t.initiative_epics[i]
        });
    let orphans: Vec<usize> = (0..items.stories.len())
        .filter(|&s| t.story_epic[s].is_none())
        .collect();
    TraceView {
        total: t.total.into(),
        expand: items.stories.len() <= EXPAND_MAX_STORIES,
        depth: depth.name(),
        beyond: match depth {
            Depth::Stories => None,
            Depth::Epics => Some(format!("{} stories", items.stories.len())),
            Depth::Initiatives => Some(format!(
                "{} epics and {} stories",
                items.epics.len(),
                items.stories.len()
            )),
        },
        goals,
        unserving_initiatives: (0..items.initiatives.len())
            .filter(|&i| t.initiative_goals[i].is_empty())
            .map(|i| branch(site, i, depth))
            .collect(),
        orphan_epics: (0..items.epics.len())
            .filter(|&e| t.epic_initiative[e].is_none())
            .map(|e| epic_branch(site, e))
            .collect(),
        orphan_stories: orphans
            .iter()
            .take(page_size)
            .map(|&s| StoryRow::new(site, s))
            .collect(),
        orphan_stories_more: orphans.len().saturating_sub(page_size),
        goal_columns,
        goal_matrix,
        goal_lists,
        epic_columns,
        epic_matrix,
        epic_lists,
        gaps: report
            .diagnostics
            .iter()
            .take(page_size)
            .map(|d| gap(site, d))
            .collect(),
        gaps_more: report.diagnostics.len().saturating_sub(page_size),
        waivers: report
            .waived
            .iter()
            .map(|w| WaiverView {
                gap: gap(site, &w.diagnostic),
                reason: w.reason.clone(),
            })
            .collect(),
    }
}

type Matrix<'a> = Vec<(LinkView<'a>, Vec<bool>)>;
type Lists<'a> = Vec<(LinkView<'a>, Vec<LinkView<'a>>)>;

/// What each initiative covers among the `count` items of `kind` (`of` gives
/// their indexes): a matrix with a column per item when there are at most
/// [`MATRIX_MAX_COLUMNS`], else a list per initiative. The other is empty.
fn coverage<'a>(
    site: &'a Site,
    kind: Kind,
    count: usize,
    of: impl Fn(usize) -> &'a [usize],
) -> (Vec<LinkView<'a>>, Matrix<'a>, Lists<'a>) {
    let initiatives = 0..site.items.initiatives.len();
    let initiative = |i| LinkView::of(site, Kind::Initiative, i);
    if count <= MATRIX_MAX_COLUMNS {
        let columns = (0..count).map(|c| LinkView::of(site, kind, c)).collect();
        let matrix = initiatives
            .map(|i| {
                (
                    initiative(i),
                    (0..count).map(|c| of(i).contains(&c)).collect(),
                )
            })
            .collect();
        (columns, matrix, Vec::new())
    } else {
        let lists = initiatives
            .map(|i| {
                (
                    initiative(i),
                    of(i).iter().map(|&c| LinkView::of(site, kind, c)).collect(),
                )
            })
            .collect();
        (Vec::new(), Vec::new(), lists)
    }
}

/// How far down the tree goes (see [`TraceView::depth`]).
#[derive(Clone, Copy)]
enum Depth {
    Stories,
    Epics,
    Initiatives,
}

impl Depth {
    fn name(self) -> &'static str {
        match self {
            Depth::Stories => "stories",
            Depth::Epics => "epics",
            Depth::Initiatives => "initiatives",
        }
    }
}

/// An initiative's branch of the tree, as deep as `depth`.
fn branch(site: &Site, i: usize, depth: Depth) -> InitiativeBranch<'_> {
    let epic: Option<fn(&Site, usize) -> EpicBranch<'_>> = match depth {
        Depth::Stories => Some(epic_branch),
        Depth::Epics => Some(epic_node),
        Depth::Initiatives => None,
    };
    initiative_with(site, i, epic)
}
