//! The roadmap's timeline, drawn as SVG at build time: a bar per dated
//! initiative filled by its progress and outlined by its health, arrows for
//! `depends_on`, a diamond and a title per milestone, and a Today line when today
//! falls within the range. The caption says only what is drawn; initiatives
//! without dates are listed beside it.

use std::fmt::Write as _;

use serde::Serialize;

use super::views::LinkView;
use crate::kinds::{Date, Kind};
use crate::markup::escape;
use crate::site::{ItemKey, Site};
use crate::source::workflow::Stage;

const WIDTH: f64 = 960.0;
const LABEL: f64 = 230.0;
const ROW: f64 = 30.0;
const TOP: f64 = 64.0;
/// Room after the last date for the words after a bar ("100% · off track · late").
const AFTER: f64 = 130.0;

#[derive(Serialize)]
pub struct Timeline<'a> {
    /// `None` when nothing has dates.
    pub svg: Option<String>,
    pub caption: String,
    /// Initiatives without both dates, so they are not silently left out.
    pub undated: Vec<LinkView<'a>>,
}

/// Text cut at a word boundary to at most `max` characters, with "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > max / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':', '—', '-']))
}

/// Whether an initiative is late: its `end` has passed and it is not finished
/// (in a `done` or `dropped` status of the workflow).
pub fn is_late(site: &Site, i: usize, today: Date) -> bool {
    let it = &site.items.initiatives[i];
    let finished = site.config.workflow.is_finished(it.status.as_deref());
    !finished && it.end.as_ref().is_some_and(|e| e.value < today)
}

pub fn timeline(site: &Site, today: Date) -> Timeline<'_> {
    let dated = |i: &usize| {
        let it = &site.items.initiatives[*i];
        it.start.is_some() && it.end.is_some()
    };
    let all: Vec<usize> = (0..site.items.initiatives.len()).collect();
    let mut rows: Vec<usize> = all.iter().copied().filter(dated).collect();
    let undated = all
        .iter()
        .filter(|i| !dated(i))
        .map(|&i| LinkView::of(site, Kind::Initiative, i))
        .collect();
    let milestones: Vec<usize> = (0..site.items.milestones.len())
        .filter(|&m| site.items.milestones[m].date.is_some())
        .collect();
    if rows.is_empty() && milestones.is_empty() {
        return Timeline {
            svg: None,
            caption: String::new(),
            undated,
        };
    }
    rows.sort_by_key(|&i| (site.items.initiatives[i].start.as_ref().map(|d| d.value), i));
    let mut dates: Vec<i64> = rows
        .iter()
        .flat_map(|&i| {
            let x = &site.items.initiatives[i];
            [x.start.as_ref(), x.end.as_ref()]
                .into_iter()
                .flatten()
                .map(|d| d.value.days())
        })
        .chain(milestones.iter().filter_map(|&m| {
            site.items.milestones[m]
                .date
                .as_ref()
                .map(|d| d.value.days())
        }))
        .collect();
    dates.sort_unstable();
    // Whole months around the data.
    let first = Date::from_days(dates[0]);
    let last = Date::from_days(*dates.last().unwrap_or(&dates[0]));
    let from = Date { day: 1, ..first }.days();
    let to = next_month(last).days().max(from + 28);
    let x = |d: i64| LABEL + (WIDTH - LABEL - AFTER) * (d - from) as f64 / (to - from) as f64;
    let height = TOP + ROW * rows.len() as f64 + 22.0;
    let mut drawn = Drawn::default();

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {height}\" role=\"group\" aria-labelledby=\"timeline-title\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"timeline-title\">Timeline of {} initiatives and {} milestones</title>\
         <defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">\
         <path d=\"M0 0 L8 4 L0 8 z\"/></marker></defs>",
        rows.len(),
        milestones.len()
    );
    let mut month = Date { day: 1, ..first };
    while month.days() < to {
        let mx = x(month.days());
        let label = if month.month == 1 || month.days() == from {
            format!("{} {}", month_name(month.month), month.year)
        } else {
            month_name(month.month).to_owned()
        };
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{mx:.1}\" y1=\"20\" x2=\"{mx:.1}\" y2=\"{height:.1}\"/>\
             <text class=\"month\" x=\"{:.1}\" y=\"14\">{label}</text>",
            mx + 3.0
        );
        month = next_month(month);
    }
    for (n, &m) in milestones.iter().enumerate() {
        let ms = &site.items.milestones[m];
        let d = ms.date.as_ref().map(|d| d.value).expect("filtered on date");
        let mx = x(d.days());
        let url = super::urls::item_url(
            site,
            ItemKey {
                kind: Kind::Milestone,
                index: m,
            },
        );
        // Titles alternate between two lines so that neighbours do not collide.
        let ty = if n % 2 == 0 { 46.0 } else { 58.0 };
        let _ = write!(
            svg,
            "<a href=\"{url}\"><g class=\"milestone\"><title>{} {} — {d}</title>\
             <path d=\"M{mx:.1} 22 l7 7 l-7 7 l-7 -7 z\"/><line x1=\"{mx:.1}\" y1=\"36\" x2=\"{mx:.1}\" y2=\"{height:.1}\"/>\
             <text x=\"{:.1}\" y=\"{ty}\">{}</text></g></a>",
            escape(&ms.meta.id.value),
            escape(&ms.meta.title),
            mx + 6.0,
            escape(&shorten(&ms.meta.title, 40))
        );
        drawn.milestones = true;
    }
    let row_of = |i: usize| rows.iter().position(|&r| r == i);
    let y_of = |row: usize| TOP + ROW * row as f64;
    for (row, &i) in rows.iter().enumerate() {
        bar(&mut svg, site, i, y_of(row), today, &x, &mut drawn);
    }
    // Arrows after the bars, so that their heads show. Each leaves its
    // dependency's bar from the bottom, just inside its end, and runs in the gap
    // between rows: into the side of the dependent bar when that starts later,
    // into its top or bottom edge when it starts first (a conflict).
    for (row, &i) in rows.iter().enumerate() {
        let it = &site.items.initiatives[i];
        for dep in &it.depends_on {
            let Some(d) = site.find(dep, Kind::Initiative) else {
                continue;
            };
            let Some(dep_row) = row_of(d) else { continue };
            let other = &site.items.initiatives[d];
            let (Some(dep_start), Some(dep_end), Some(start), Some(end)) = (
                other.start.as_ref().map(|s| s.value),
                other.end.as_ref().map(|e| e.value),
                it.start.as_ref().map(|s| s.value),
                it.end.as_ref().map(|e| e.value),
            ) else {
                continue;
            };
            let conflict = dep_end > start;
            let down = row > dep_row;
            let sx = (x(dep_end.days()) - 6.0).max(x(dep_start.days()) + 2.0);
            let sy = y_of(dep_row) + if down { 18.0 } else { 0.0 };
            let (tx1, tx2) = (x(start.days()), x(end.days()));
            let path = if tx1 - 2.0 > sx + 8.0 {
                // Down (or up) beside the dependent bar, then into its start.
                format!("M{sx:.1} {sy:.1} V{:.1} H{:.1}", y_of(row) + 9.0, tx1 - 2.0)
            } else {
                // Into its top (or bottom) edge, within its span.
                let ax = sx.clamp(tx1 + 4.0, (tx2 - 4.0).max(tx1 + 4.0));
                let ey = y_of(row) + if down { -2.0 } else { 20.0 };
                let mid = if down {
                    y_of(row) - 6.0
                } else {
                    y_of(row) + 24.0
                };
                format!("M{sx:.1} {sy:.1} V{mid:.1} H{ax:.1} V{ey:.1}")
            };
            let _ = write!(
                svg,
                "<path class=\"dependency{}\" d=\"{path}\" marker-end=\"url(#arrow)\"><title>{} depends on {}{}</title></path>",
                if conflict { " conflict" } else { "" },
                escape(&it.meta.id.value),
                escape(&dep.value),
                if conflict {
                    ", which ends after it starts"
                } else {
                    ""
                }
            );
            drawn.dependencies = true;
            drawn.conflicts |= conflict;
        }
    }
    let today_days = today.days();
    if (from..=to).contains(&today_days) {
        let tx = x(today_days);
        let _ = write!(
            svg,
            "<g class=\"today\"><line x1=\"{tx:.1}\" y1=\"20\" x2=\"{tx:.1}\" y2=\"{height:.1}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">Today {today}</text></g>",
            tx + 3.0,
            height - 5.0
        );
        drawn.today = Some(today);
    }
    svg.push_str("</svg>");
    Timeline {
        svg: Some(svg),
        caption: drawn.caption(),
        undated,
    }
}

/// What the timeline shows, for its caption.
#[derive(Default)]
struct Drawn {
    bars: bool,
    health: bool,
    late: bool,
    milestones: bool,
    dependencies: bool,
    conflicts: bool,
    today: Option<Date>,
}

impl Drawn {
    fn caption(&self) -> String {
        let mut parts = Vec::new();
        if self.bars {
            parts.push("Each bar runs from an initiative's start to its end and is filled by the share of its stories done".to_owned());
        }
        if self.health {
            parts.push("an amber outline is at risk, a red one off track".to_owned());
        }
        if self.late {
            parts.push("“late” marks an end that has passed before it shipped".to_owned());
        }
        if self.milestones {
            parts.push("◆ marks a milestone".to_owned());
        }
        if self.dependencies {
            let red = if self.conflicts {
                ", red where the first ends after the second starts"
            } else {
                ""
            };
            parts.push(format!(
                "arrows lead from an initiative to one that depends on it{red}"
            ));
        }
        if let Some(today) = self.today {
            parts.push(format!("the solid line marked Today is {today}"));
        }
        let mut caption = parts.join("; ");
        if !caption.is_empty() {
            caption.push('.');
        }
        caption
    }
}

fn bar(
    svg: &mut String,
    site: &Site,
    i: usize,
    y: f64,
    today: Date,
    x: &impl Fn(i64) -> f64,
    drawn: &mut Drawn,
) {
    let it = &site.items.initiatives[i];
    let (s, e) = (
        it.start.as_ref().unwrap().value,
        it.end.as_ref().unwrap().value,
    );
    let (x1, x2) = (x(s.days()), x(e.days()).max(x(s.days()) + 4.0));
    let status = escape(it.status.as_ref().map_or("", |s| s.value.as_str()));
    // What the status means, for the bar's colour: custom workflows keep it.
    let stage = match site.config.workflow.stage(it.status.as_deref()) {
        Stage::Done => "stage-done",
        Stage::Dropped => "stage-dropped",
        Stage::Open => "stage-open",
    };
    let progress = site.trace.initiative_progress[i];
    let share = progress.ratio().unwrap_or(0.0);
    let late = is_late(site, i, today);
    let health = it.health.as_deref().filter(|h| *h != "on-track");
    drawn.bars = true;
    drawn.health |= health.is_some();
    drawn.late |= late;
    let url = super::urls::item_url(
        site,
        ItemKey {
            kind: Kind::Initiative,
            index: i,
        },
    );
    let mut words = format!("{}%", (share * 100.0).round());
    if let Some(h) = health {
        words.push_str(&format!(" · {}", h.replace('-', " ")));
    }
    if late {
        words.push_str(" · late");
    }
    // After the bar: the scale keeps room for them.
    let (words_x, anchor) = (x2 + 5.0, "start");
    let _ = write!(
        svg,
        "<a href=\"{url}\"><g class=\"bar {stage} status-{status}{}{}\"><title>{} {} — {status}{}, {s} to {e}, {} of {} stories done{}</title>\
         <text class=\"tl-label\" x=\"4\" y=\"{:.1}\">{}</text>\
         <rect class=\"plan\" x=\"{x1:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"18\" rx=\"4\"/>\
         <rect class=\"done\" x=\"{x1:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"18\" rx=\"4\"/>\
         <text class=\"tl-status\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text></g></a>",
        health.map_or(String::new(), |h| format!(" health-{h}")),
        if late { " late" } else { "" },
        escape(&it.meta.id.value),
        escape(&it.meta.title),
        health.map_or(String::new(), |h| format!(", {}", h.replace('-', " "))),
        progress.stories_done,
        progress.stories_total,
        if late { ", late" } else { "" },
        y + 13.0,
        escape(&shorten(
            &format!("{} {}", it.meta.id.value, it.meta.title),
            34
        )),
        x2 - x1,
        (x2 - x1) * share,
        words_x,
        y + 13.0,
        escape(&words)
    );
}

fn next_month(d: Date) -> Date {
    if d.month == 12 {
        Date {
            year: d.year + 1,
            month: 1,
            day: 1,
        }
    } else {
        Date {
            month: d.month + 1,
            day: 1,
            ..d
        }
    }
}

fn month_name(m: u8) -> &'static str {
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][usize::from(m.clamp(1, 12)) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_cut_between_words() {
        assert_eq!(shorten("I-2 Shopping list", 34), "I-2 Shopping list");
        assert_eq!(
            shorten("I-4 Family sharing across households and devices", 34),
            "I-4 Family sharing across…"
        );
    }

    #[test]
    fn the_next_month_starts_on_its_first() {
        assert_eq!(
            next_month(Date {
                year: 2027,
                month: 12,
                day: 5
            }),
            Date {
                year: 2028,
                month: 1,
                day: 1
            }
        );
    }
}
