//! The traceability view: the goal → initiative → epic → story tree with rollups,
//! coverage matrices, every gap the checks found and every waiver.

use serde::Serialize;

use super::views::*;
use crate::base::{Diagnostic, display_path};
use crate::check::Report;
use crate::kinds::Kind;
use crate::site::Site;

/// Above this many epics the initiative × epic coverage is shown as lists.
const MATRIX_MAX_EPICS: usize = 40;
/// Up to this many stories the whole tree is shown open.
const EXPAND_MAX_STORIES: usize = 300;

#[derive(Serialize)]
pub struct TraceView<'a> {
    pub total: ProgressView,
    /// Small sites show the whole tree open; large ones open goals only.
    pub expand: bool,
    pub goals: Vec<GoalBranch<'a>>,
    pub unserving_initiatives: Vec<InitiativeBranch<'a>>,
    pub orphan_epics: Vec<EpicBranch<'a>>,
    pub orphan_stories: Vec<StoryRow<'a>>,
    pub goal_columns: Vec<LinkView<'a>>,
    /// Initiatives × goals: one row per initiative, a mark per goal it serves.
    pub goal_matrix: Vec<(LinkView<'a>, Vec<bool>)>,
    pub epic_columns: Vec<LinkView<'a>>,
    pub epic_matrix: Vec<(LinkView<'a>, Vec<bool>)>,
    pub epic_lists: Vec<(LinkView<'a>, Vec<LinkView<'a>>)>,
    pub gaps: Vec<GapView>,
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
    let goals = (0..site.items.goals.len())
        .map(|g| GoalBranch {
            goal: goal_summary(site, g),
            initiatives: t.goal_initiatives[g]
                .iter()
                .map(|&i| initiative_branch(site, i))
                .collect(),
        })
        .collect();
    let goal_columns: Vec<_> = (0..site.items.goals.len())
        .map(|g| LinkView::of(site, Kind::Goal, g))
        .collect();
    let goal_matrix = (0..site.items.initiatives.len())
        .map(|i| {
            let marks = (0..site.items.goals.len())
                .map(|g| t.initiative_goals[i].contains(&g))
                .collect();
            (LinkView::of(site, Kind::Initiative, i), marks)
        })
        .collect();
    let small = site.items.epics.len() <= MATRIX_MAX_EPICS;
    let epic_columns = if small {
        (0..site.items.epics.len())
            .map(|e| LinkView::of(site, Kind::Epic, e))
            .collect()
    } else {
        Vec::new()
    };
    let epic_matrix = if small {
        (0..site.items.initiatives.len())
            .map(|i| {
                let marks = (0..site.items.epics.len())
                    .map(|e| t.epic_initiative[e] == Some(i))
                    .collect();
                (LinkView::of(site, Kind::Initiative, i), marks)
            })
            .collect()
    } else {
        Vec::new()
    };
    let epic_lists = if small {
        Vec::new()
    } else {
        (0..site.items.initiatives.len())
            .map(|i| {
                let epics = t.initiative_epics[i]
                    .iter()
                    .map(|&e| LinkView::of(site, Kind::Epic, e))
                    .collect();
                (LinkView::of(site, Kind::Initiative, i), epics)
            })
            .collect()
    };
    TraceView {
        total: t.total.into(),
        expand: site.items.stories.len() <= EXPAND_MAX_STORIES,
        goals,
        unserving_initiatives: (0..site.items.initiatives.len())
            .filter(|&i| t.initiative_goals[i].is_empty())
            .map(|i| initiative_branch(site, i))
            .collect(),
        orphan_epics: (0..site.items.epics.len())
            .filter(|&e| t.epic_initiative[e].is_none())
            .map(|e| epic_branch(site, e))
            .collect(),
        orphan_stories: (0..site.items.stories.len())
            .filter(|&s| t.story_epic[s].is_none())
            .map(|s| StoryRow::new(site, s))
            .collect(),
        goal_columns,
        goal_matrix,
        epic_columns,
        epic_matrix,
        epic_lists,
        gaps: report.diagnostics.iter().map(|d| gap(site, d)).collect(),
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
