//! What the history shows on pages (SPEC §5): `changes.html`, each item's
//! History and Last updated date, a key result's trend line and the burn-up of
//! an epic or initiative.

use serde::Serialize;

use super::charts::{self, Line};
use super::views::LinkView;
use crate::history::report::{field_words, slip, summary};
use crate::history::{Change, ChangeKind, Commit, History};
use crate::kinds::{Date, Kind};
use crate::site::Site;
use crate::site::trace::Progress;

#[derive(Serialize)]
pub struct CommitView {
    date: String,
    commit: String,
    author: String,
    summary: String,
}

impl CommitView {
    fn of(c: &Commit) -> CommitView {
        CommitView {
            date: c.date().to_string(),
            commit: c.short(),
            author: c.author.clone(),
            summary: c.summary.clone(),
        }
    }
}

/// An item's History section: newest first.
#[derive(Serialize)]
pub struct ItemHistory {
    updated: Option<String>,
    entries: Vec<(CommitView, String)>,
}

pub fn item_history(history: Option<&History>, id: &str) -> Option<ItemHistory> {
    let history = history?;
    Some(ItemHistory {
        updated: history.updated(id).map(|c| c.date().to_string()),
        entries: by_commit(history, id),
    })
}

/// An item's changes, one row per commit, newest first. A goal's row names
/// its key results' changes after its own; key results added with their goal
/// are not repeated.
fn by_commit(history: &History, id: &str) -> Vec<(CommitView, String)> {
    let mut rows: Vec<(&Commit, Vec<String>, bool)> = Vec::new();
    for (commit, change) in history.changes_of(id) {
        if rows.last().is_none_or(|(c, _, _)| c.id != commit.id) {
            rows.push((commit, Vec::new(), false));
        }
        let Some((_, parts, added)) = rows.last_mut() else {
            continue;
        };
        if change.id == id {
            *added = change.change == ChangeKind::Added;
            parts.insert(0, summary(change));
        } else if !(*added && change.change == ChangeKind::Added) {
            // A goal's key result, written in the goal.
            parts.push(format!("{}: {}", change.id, summary(change)));
        }
    }
    rows.into_iter()
        .rev()
        .map(|(commit, parts, _)| (CommitView::of(commit), parts.join("; ")))
        .collect()
}

/// One item on `changes.html`: its link when it still exists, and what changed.
#[derive(Serialize)]
struct ChangedItem<'a> {
    id: &'a str,
    kind: &'static str,
    link: Option<LinkView<'a>>,
    change: ChangeKind,
    fields: Vec<String>,
}

/// The topics of the changes that stand out, in the order shown.
const TOPICS: &[&str] = &["Horizon", "Dates", "Status", "Key results", "RACI", "Scope"];

/// A change that stands out, under its topic.
#[derive(Serialize)]
struct Highlight<'a> {
    #[serde(skip)]
    topic: &'static str,
    id: &'a str,
    link: Option<LinkView<'a>>,
    text: String,
}

/// One item in the commit log: its link when it still exists, its id, what changed.
type LogLine<'a> = (Option<LinkView<'a>>, &'a str, String);

#[derive(Serialize, Default)]
pub struct ChangesView<'a> {
    /// Whether the site has a history at all.
    on: bool,
    /// Why not, when it has none.
    off: Option<&'static str>,
    baseline: Option<(String, CommitView)>,
    newest: Option<CommitView>,
    counts: [usize; 3],
    /// Under each topic, in a fixed order: horizon, dates, status, ...
    highlights: Vec<(&'static str, Vec<Highlight<'a>>)>,
    items: Vec<ChangedItem<'a>>,
    log: Vec<(CommitView, Vec<LogLine<'a>>)>,
}

pub fn changes_view<'a>(
    site: &'a Site,
    history: Option<&'a History>,
    off: Option<&'static str>,
) -> ChangesView<'a> {
    let link = |id: &str| LinkView::by_id(site, id);
    let Some(history) = history else {
        return ChangesView {
            off,
            ..ChangesView::default()
        };
    };
    let (changes, moves) = history.baseline.as_ref().map_or((&[][..], &[][..]), |b| {
        (b.changes.as_slice(), b.epic_moves.as_slice())
    });
    let count = |k: ChangeKind| changes.iter().filter(|c| c.change == k).count();
    let mut highlights: Vec<Highlight<'a>> = changes
        .iter()
        .flat_map(|c| highlights_of(site, c))
        .collect();
    if let Some(text) = story_statuses(changes) {
        highlights.push(Highlight {
            topic: "Status",
            id: "",
            link: None,
            text,
        });
    }
    for (story, from, to) in moves {
        let text = match (from, to) {
            (Some(a), Some(b)) => format!("moved from {a} to {b}"),
            (None, Some(b)) => format!("added to {b}"),
            (Some(a), None) => format!("taken out of {a}"),
            (None, None) => continue,
        };
        highlights.push(Highlight {
            topic: "Scope",
            id: story,
            link: link(story),
            text,
        });
    }
    let mut grouped: Vec<(&'static str, Vec<Highlight<'a>>)> =
        TOPICS.iter().map(|t| (*t, Vec::new())).collect();
    for h in highlights {
        if let Some(group) = grouped.iter_mut().find(|(t, _)| *t == h.topic) {
            group.1.push(h);
        }
    }
    grouped.retain(|(_, hs)| !hs.is_empty());
    ChangesView {
        on: true,
        off: None,
        baseline: history
            .baseline
            .as_ref()
            .map(|b| (b.name.clone(), CommitView::of(&b.commit))),
        newest: history.newest().map(CommitView::of),
        counts: [
            count(ChangeKind::Changed),
            count(ChangeKind::Added),
            count(ChangeKind::Removed),
        ],
        highlights: grouped,
        items: changes
            .iter()
            .map(|c| ChangedItem {
                id: &c.id,
                kind: c.kind,
                link: link(&c.id).filter(|_| c.change != ChangeKind::Removed),
                change: c.change,
                fields: c.fields.iter().map(field_words).collect(),
            })
            .collect(),
        log: history
            .since_baseline()
            .map(|(commit, changes)| {
                let items = changes
                    .iter()
                    .map(|c| (link(&c.id), c.id.as_str(), summary(c)))
                    .collect();
                (CommitView::of(commit), items)
            })
            .collect(),
    }
}

/// Stories' status changes in one line: "12 stories moved: 6 to done, 4 to
/// in-progress, 2 to ready", in the order of the workflow's first mention.
fn story_statuses(changes: &[Change]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for f in changes
        .iter()
        .filter(|c| c.kind == "story")
        .flat_map(|c| c.fields.iter().filter(|f| f.field == "status"))
    {
        let to = f.to.as_str().unwrap_or("no status").to_owned();
        match counts.iter_mut().find(|(s, _)| *s == to) {
            Some((_, n)) => *n += 1,
            None => counts.push((to, 1)),
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let parts: Vec<String> = counts.iter().map(|(s, n)| format!("{n} to {s}")).collect();
    let noun = if total == 1 { "story" } else { "stories" };
    Some(format!(
        "{total} {noun} changed status: {}",
        parts.join(", ")
    ))
}

/// The parts of a change that readers look for first.
fn highlights_of<'a>(site: &'a Site, c: &'a Change) -> Vec<Highlight<'a>> {
    let mut out = Vec::new();
    let mut push = |topic, text| {
        out.push(Highlight {
            topic,
            id: &c.id,
            link: LinkView::by_id(site, &c.id),
            text,
        })
    };
    for f in &c.fields {
        let field = f.field.as_str();
        match (c.kind, field) {
            ("initiative", "horizon") => push("Horizon", field_words(f)),
            _ if slip(f).is_some_and(|d| d != 0) => push("Dates", field_words(f)),
            // Stories are counted together (see `story_statuses`).
            ("story", "status") => {}
            (_, "status" | "health") => push("Status", field_words(f)),
            ("key-result", "current" | "target") => {
                let unit = site
                    .find(&c.id, Kind::KeyResult)
                    .and_then(|k| site.items.key_results[k].unit.as_deref())
                    .map_or(String::new(), |u| format!(" {u}"));
                push("Key results", format!("{}{unit}", field_words(f)))
            }
            ("activity", _) if field.starts_with("raci.") => {
                let role = &field["raci.".len()..];
                let name = site
                    .find(role, Kind::Role)
                    .map_or(role, |r| site.items.roles[r].meta.title.as_str());
                let words = field_words(f);
                let words = words.strip_prefix(field).unwrap_or(&words).trim_start();
                push("RACI", format!("{name}: {words}"))
            }
            _ => {}
        }
    }
    out
}

/// A key result's trend line: its `current` at each commit that changed it,
/// drawn to the newest commit, with its target as a dashed line.
pub fn trend(site: &Site, history: Option<&History>, kr: usize) -> Option<String> {
    let history = history?;
    let k = &site.items.key_results[kr];
    let points = history.series.measured.get(&k.id.value)?;
    let end = history.newest()?.date().days();
    let line = Line {
        class: "chart-current",
        points: points
            .iter()
            .map(|&(at, v)| (history.commits[at].date().days(), v))
            .collect(),
        step: false,
        dots: true,
    };
    let (from, first) = *line.points.first()?;
    let (last_day, last) = *line.points.last()?;
    let unit = k.unit.as_deref().map_or(String::new(), |u| format!(" {u}"));
    let target = k
        .target
        .map(|t| (t, format!("target {}{unit}", charts::number(t))));
    let label = format!(
        "{}: {}, {}{unit} on {} to {}{unit} on {}{}",
        k.id.value,
        k.metric,
        charts::number(first),
        Date::from_days(from),
        charts::number(last),
        Date::from_days(last_day),
        target
            .as_ref()
            .map_or(String::new(), |(_, t)| format!("; {t}")),
    );
    // The last measurement holds until the newest commit: dashed.
    let hold = Line {
        class: "chart-current chart-hold",
        points: vec![(last_day, last), (end, last)],
        step: false,
        dots: false,
    };
    Some(charts::chart(
        &label,
        &[hold, line],
        target.as_ref().map(|(v, t)| (*v, t.as_str())),
        from,
        end,
    ))
}

/// The burn-up of an epic or initiative: points done and total scope over
/// time, or stories when no story has points; with the unit it counts.
pub fn burnup(history: Option<&History>, id: &str) -> Option<(String, &'static str)> {
    let history = history?;
    let series = history.series.burnup.get(id)?;
    let end = history.newest()?.date().days();
    let by_points = series.iter().any(|(_, p)| p.points_total > 0);
    let value = |p: &Progress, done: bool| {
        f64::from(match (by_points, done) {
            (true, true) => p.points_done,
            (true, false) => p.points_total,
            (false, true) => p.stories_done,
            (false, false) => p.stories_total,
        })
    };
    let line = |class, done| Line {
        class,
        points: series
            .iter()
            .map(|(at, p)| (history.commits[*at].date().days(), value(p, done)))
            .collect(),
        step: true,
        dots: false,
    };
    let from = history.commits[series.first()?.0].date().days();
    let unit = if by_points { "points" } else { "stories" };
    let svg = charts::chart(
        &format!("{id}: {unit} done and total scope over time"),
        &[line("chart-scope", false), line("chart-done", true)],
        None,
        from,
        end,
    );
    Some((svg, unit))
}
