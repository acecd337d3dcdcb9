//! The traceability view: the goal → initiative → epic → story tree with rollups,
//! coverage matrices, every gap the checks found and every waiver.

mod untraced;

use serde::Serialize;

use super::views::*;
use crate::base::{Diagnostic, display_path};
use crate::check::Report;
use crate::kinds::Kind;
use crate::site::Site;

/// Above this many columns (goals, epics) a coverage matrix is shown as lists.
const MATRIX_MAX_COLUMNS: usize = 40;
/// Up to this many gaps, their groups show open.
const GAPS_OPEN_MAX: usize = 20;
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
    /// Initiatives, epics and stories with no goal above them, in groups.
    pub untraced: untraced::Untraced<'a>,
    pub goal_columns: Vec<LinkView<'a>>,
    /// Initiatives × goals: one row per initiative that serves a goal, a mark
    /// per goal it serves (the others are listed as not traced).
    pub goal_matrix: Vec<(LinkView<'a>, Vec<bool>)>,
    /// The same as lists, for sites with many goals.
    pub goal_lists: Vec<(LinkView<'a>, Vec<LinkView<'a>>)>,
    /// Initiatives left out of the goal matrix: they serve no goal.
    pub goal_uncovered: usize,
    pub epic_columns: Vec<LinkView<'a>>,
    /// Initiatives × epics, for the initiatives that have epics.
    pub epic_matrix: Vec<(LinkView<'a>, Vec<bool>)>,
    pub epic_lists: Vec<(LinkView<'a>, Vec<LinkView<'a>>)>,
    /// Initiatives left out of the epic matrix: they have no epics yet.
    pub epic_uncovered: usize,
    /// Every gap the checks found, grouped by check: hundreds of one warning
    /// must not hide the one error.
    pub gaps: Vec<GapGroup>,
    /// Few gaps show open; more fold, one line per check.
    pub gaps_open: bool,
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

/// The gaps one check found.
#[derive(Serialize)]
pub struct GapGroup {
    pub code: &'static str,
    pub severity: &'static str,
    pub count: usize,
    /// The first `[build] page_size`; `roadbook check` lists all.
    pub gaps: Vec<GapView>,
    pub more: usize,
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

/// The gaps by check, in the order the checks first found them.
fn gap_groups(site: &Site, report: &Report) -> Vec<GapGroup> {
    let page_size = site.config.build.page_size;
    let mut groups: Vec<GapGroup> = Vec::new();
    for d in &report.diagnostics {
        let code = d.code.name();
        let at = match groups.iter().position(|g| g.code == code) {
            Some(at) => at,
            None => {
                groups.push(GapGroup {
                    code,
                    severity: d.severity.as_str(),
                    count: 0,
                    gaps: Vec::new(),
                    more: 0,
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[at];
        group.count += 1;
        if group.gaps.len() < page_size {
            group.gaps.push(gap(site, d));
        } else {
            group.more += 1;
        }
    }
    groups
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
    let goal_coverage = coverage(site, Kind::Goal, items.goals.len(), |i| {
        &t.initiative_goals[i]
    });
    let epic_coverage = coverage(site, Kind::Epic, items.epics.len(), |i| {
        &t.initiative_epics[i]
    });
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
        untraced: untraced::untraced(site),
        goal_columns: goal_coverage.columns,
        goal_matrix: goal_coverage.matrix,
        goal_lists: goal_coverage.lists,
        goal_uncovered: goal_coverage.uncovered,
        epic_columns: epic_coverage.columns,
        epic_matrix: epic_coverage.matrix,
        epic_lists: epic_coverage.lists,
        epic_uncovered: epic_coverage.uncovered,
        gaps: gap_groups(site, report),
        gaps_open: report.diagnostics.len() <= GAPS_OPEN_MAX,
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

/// What initiatives cover among the items of a kind: a matrix with a column
/// per item when there are at most [`MATRIX_MAX_COLUMNS`], else a list per
/// initiative (the other is empty). Initiatives that cover none are left out
/// and counted: a row of empty cells says nothing that a count does not.
struct Coverage<'a> {
    columns: Vec<LinkView<'a>>,
    matrix: Vec<(LinkView<'a>, Vec<bool>)>,
    lists: Vec<(LinkView<'a>, Vec<LinkView<'a>>)>,
    uncovered: usize,
}

/// The coverage of the `count` items of `kind`; `of` gives each initiative's.
fn coverage<'a>(
    site: &'a Site,
    kind: Kind,
    count: usize,
    of: impl Fn(usize) -> &'a [usize],
) -> Coverage<'a> {
    let (rows, uncovered): (Vec<usize>, Vec<usize>) =
        (0..site.items.initiatives.len()).partition(|&i| !of(i).is_empty());
    let initiative = |i| LinkView::of(site, Kind::Initiative, i);
    let mut coverage = Coverage {
        columns: Vec::new(),
        matrix: Vec::new(),
        lists: Vec::new(),
        uncovered: uncovered.len(),
    };
    if rows.is_empty() {
        return coverage;
    }
    if count <= MATRIX_MAX_COLUMNS {
        coverage.columns = (0..count).map(|c| LinkView::of(site, kind, c)).collect();
        coverage.matrix = rows
            .iter()
            .map(|&i| {
                (
                    initiative(i),
                    (0..count).map(|c| of(i).contains(&c)).collect(),
                )
            })
            .collect();
    } else {
        coverage.lists = rows
            .iter()
            .map(|&i| {
                (
                    initiative(i),
                    of(i).iter().map(|&c| LinkView::of(site, kind, c)).collect(),
                )
            })
            .collect();
    }
    coverage
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
