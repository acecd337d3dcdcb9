//! Sprints as readers ask about them (SPEC §4): which sprint is current, what
//! each finished sprint delivered (its velocity), when each initiative will
//! land at that pace, and everything that needs attention.

use serde::Serialize;

use super::timeline::is_late;
use super::views::{LinkView, More, ProgressView, StoryRow, grade, story_rows};
use crate::kinds::{Date, Kind};
use crate::site::Site;

/// How many finished sprints the velocity is the mean of.
const VELOCITY_SPRINTS: usize = 3;

#[derive(Serialize, Clone)]
pub struct SprintRow<'a> {
    pub link: LinkView<'a>,
    pub start: String,
    pub end: String,
    pub goal: Option<&'a str>,
    /// `past`, `current` or `coming`.
    pub when: &'static str,
    pub progress: ProgressView,
    /// Points done, for a finished sprint.
    pub velocity: Option<u32>,
}

/// Everything the sprint pages and the home page say about the pace.
#[derive(Serialize)]
pub struct Pace<'a> {
    /// Sprints by start date.
    pub sprints: Vec<SprintRow<'a>>,
    pub current: Option<CurrentSprint<'a>>,
    /// Mean points done per sprint over the last finished sprints.
    pub velocity: Option<f64>,
    /// The same, as a reader writes it: `28`, `27.5`.
    pub velocity_text: Option<String>,
    /// How many finished sprints that mean is over.
    pub velocity_of: usize,
    /// The mean length of those sprints in days.
    sprint_days: f64,
}

#[derive(Serialize)]
pub struct CurrentSprint<'a> {
    pub row: SprintRow<'a>,
    pub stories: Vec<StoryRow<'a>>,
    /// The stories not listed, when it has more than `[build] page_size`.
    pub more: Option<More>,
}

/// When an initiative will end at the recent pace.
#[derive(Serialize, Clone)]
pub struct Forecast {
    pub end: String,
    /// Sprints of work left at the recent velocity, rounded up.
    pub sprints: u32,
    pub remaining_points: u32,
    /// The forecast end is after the planned `end`.
    pub late: bool,
}

pub fn pace(site: &Site, today: Date) -> Pace<'_> {
    // Sprints with both dates, by start.
    let mut dated: Vec<(usize, Date, Date)> = site
        .items
        .sprints
        .iter()
        .enumerate()
        .filter_map(|(s, sp)| Some((s, sp.start.as_ref()?.value, sp.end.as_ref()?.value)))
        .collect();
    dated.sort_by_key(|&(s, start, _)| (start, s));
    let rows: Vec<SprintRow<'_>> = dated
        .iter()
        .map(|&(s, start, end)| {
            let when = if end < today {
                "past"
            } else if start <= today {
                "current"
            } else {
                "coming"
            };
            let progress = site.trace.sprint_progress[s];
            SprintRow {
                link: LinkView::of(site, Kind::Sprint, s),
                start: start.to_string(),
                end: end.to_string(),
                goal: site.items.sprints[s].goal.as_deref(),
                when,
                progress: progress.into(),
                velocity: (when == "past").then_some(progress.points_done),
            }
        })
        .collect();
    // The last finished sprints: their mean points done and mean length.
    let finished: Vec<(u32, i64)> = dated
        .iter()
        .zip(&rows)
        .filter_map(|(&(_, start, end), row)| Some((row.velocity?, end.days() - start.days() + 1)))
        .collect();
    let recent = &finished[finished.len().saturating_sub(VELOCITY_SPRINTS)..];
    let n = recent.len() as f64;
    let velocity = (!recent.is_empty())
        .then(|| f64::from(recent.iter().map(|(done, _)| done).sum::<u32>()) / n);
    let sprint_days = if recent.is_empty() {
        0.0
    } else {
        recent.iter().map(|(_, days)| *days as f64).sum::<f64>() / n
    };
    // The latest-starting sprint that today falls in.
    let current = dated
        .iter()
        .zip(&rows)
        .rev()
        .find(|(_, row)| row.when == "current")
        .map(|(&(s, _, _), row)| {
            let id = &site.items.sprints[s].meta.id.value;
            let (stories, more) = story_rows(site, &site.trace.sprint_stories[s], ("sprint", id));
            CurrentSprint {
                row: row.clone(),
                stories,
                more,
            }
        });
    Pace {
        sprints: rows,
        current,
        velocity_text: velocity.map(super::charts::number),
        velocity,
        velocity_of: recent.len(),
        sprint_days,
    }
}

impl Pace<'_> {
    /// An initiative's forecast end: its remaining points over the velocity,
    /// in sprints of the recent length, counted from today. `None` without a
    /// velocity, without points left, or once it is finished.
    pub fn forecast(&self, site: &Site, i: usize, today: Date) -> Option<Forecast> {
        let velocity = self.velocity.filter(|v| *v > 0.0)?;
        let it = &site.items.initiatives[i];
        if site.config.workflow.is_finished(it.status.as_deref()) {
            return None;
        }
        let p = site.trace.initiative_progress[i];
        let remaining = p.points_total.saturating_sub(p.points_done);
        if remaining == 0 {
            return None;
        }
        let sprints = (f64::from(remaining) / velocity).ceil();
        // Work starts today, or on the initiative's start when that is later.
        let from = it.start.as_ref().map_or(today, |s| s.value.max(today));
        let end = Date::from_days(from.days() + (sprints * self.sprint_days).round() as i64);
        Some(Forecast {
            end: end.to_string(),
            sprints: sprints as u32,
            remaining_points: remaining,
            late: it.end.as_ref().is_some_and(|e| end > e.value),
        })
    }
}

/// One entry of "Needs attention": the item, why, and its note.
#[derive(Serialize)]
pub struct Attention<'a> {
    pub link: LinkView<'a>,
    /// For a key result, its goal.
    pub of: Option<LinkView<'a>>,
    /// Each reason, and `red` or `amber`.
    pub reasons: Vec<(String, &'static str)>,
    pub note: Option<&'a str>,
}

/// How loud a health is: off track is red, at risk amber.
fn colour(health: &str) -> &'static str {
    if health == "off-track" {
        "red"
    } else {
        "amber"
    }
}

/// Every goal, key result and initiative that is at risk, off track, late or
/// forecast late, with its `health_note`.
pub fn needs_attention<'a>(site: &'a Site, pace: &Pace<'_>, today: Date) -> Vec<Attention<'a>> {
    let mut out = Vec::new();
    for (g, goal) in site.items.goals.iter().enumerate() {
        if let Some(status @ ("at-risk" | "off-track")) = goal.status.as_deref() {
            out.push(Attention {
                link: LinkView::of(site, Kind::Goal, g),
                of: None,
                reasons: vec![(status.replace('-', " "), colour(status))],
                note: goal.health_note.as_deref(),
            });
        }
    }
    for (k, kr) in site.items.key_results.iter().enumerate() {
        let red = |s: &f64| grade(*s, site.config.okr_bands) == "low";
        if let Some(score) = kr.score().filter(red) {
            out.push(Attention {
                link: LinkView::of(site, Kind::KeyResult, k),
                of: Some(LinkView::of(site, Kind::Goal, kr.goal)),
                reasons: vec![(
                    format!("{}% of the way to its target", super::views::percent(score)),
                    "red",
                )],
                note: None,
            });
        }
    }
    for (i, it) in site.items.initiatives.iter().enumerate() {
        let mut reasons = Vec::new();
        if let Some(h @ ("at-risk" | "off-track")) = it.health.as_deref() {
            reasons.push((h.replace('-', " "), colour(h)));
        }
        if is_late(site, i, today) {
            let end = it
                .end
                .as_ref()
                .map(|e| e.value.to_string())
                .unwrap_or_default();
            reasons.push((format!("late: planned to end {end}"), "red"));
        } else if let Some(f) = pace.forecast(site, i, today).filter(|f| f.late) {
            let end = it
                .end
                .as_ref()
                .map(|e| e.value.to_string())
                .unwrap_or_default();
            reasons.push((
                format!("forecast to end {} (planned {end})", f.end),
                "amber",
            ));
        }
        if !reasons.is_empty() {
            out.push(Attention {
                link: LinkView::of(site, Kind::Initiative, i),
                of: None,
                reasons,
                note: it.health_note.as_deref(),
            });
        }
    }
    out
}
