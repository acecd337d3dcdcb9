//! The roadmap: a Now / Next / Later board by theme, and a dated timeline drawn
//! as inline SVG at build time.

use std::fmt::Write as _;

use serde::Serialize;

use super::views::{LinkView, ProgressView};
use crate::kinds::{Date, Kind};
use crate::markup::escape;
use crate::site::Site;

pub const HORIZONS: [&str; 3] = ["now", "next", "later"];

#[derive(Serialize)]
pub struct RoadmapView<'a> {
    pub horizons: [&'static str; 3],
    pub lanes: Vec<Lane<'a>>,
    /// Initiatives with no horizon, listed apart.
    pub unplanned: Vec<Card<'a>>,
}

#[derive(Serialize)]
pub struct Lane<'a> {
    pub theme: &'a str,
    /// One list of cards per horizon, in [`HORIZONS`] order.
    pub cells: Vec<Vec<Card<'a>>>,
}

#[derive(Serialize)]
pub struct Card<'a> {
    pub link: LinkView<'a>,
    pub status: Option<&'a str>,
    pub health: Option<&'a str>,
    pub confidence: Option<&'a str>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub progress: ProgressView,
}

pub fn board(site: &Site) -> RoadmapView<'_> {
    let mut themes: Vec<&str> = site
        .items
        .initiatives
        .iter()
        .filter_map(|i| i.theme.as_deref())
        .collect();
    themes.sort_unstable();
    themes.dedup();
    let has_unthemed = site.items.initiatives.iter().any(|i| i.theme.is_none());
    let card = |i: usize| {
        let x = &site.items.initiatives[i];
        Card {
            link: LinkView::of(site, Kind::Initiative, i),
            status: x.status.as_ref().map(|s| s.value.as_str()),
            health: x.health.as_deref(),
            confidence: x.confidence.as_deref(),
            start: x.start.as_ref().map(|d| d.value.to_string()),
            end: x.end.as_ref().map(|d| d.value.to_string()),
            progress: site.trace.initiative_progress[i].into(),
        }
    };
    let lane = |theme: Option<&str>| -> Vec<Vec<Card<'_>>> {
        HORIZONS
            .iter()
            .map(|h| {
                site.items
                    .initiatives
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| {
                        x.theme.as_deref() == theme
                            && x.horizon.as_ref().is_some_and(|v| v.value == *h)
                    })
                    .map(|(i, _)| card(i))
                    .collect()
            })
            .collect()
    };
    let mut lanes: Vec<Lane<'_>> = themes
        .iter()
        .map(|t| Lane {
            theme: t,
            cells: lane(Some(t)),
        })
        .collect();
    if has_unthemed {
        lanes.push(Lane {
            theme: "Other",
            cells: lane(None),
        });
    }
    lanes.retain(|l| l.cells.iter().any(|c| !c.is_empty()));
    RoadmapView {
        horizons: HORIZONS,
        lanes,
        unplanned: site
            .items
            .initiatives
            .iter()
            .enumerate()
            .filter(|(_, x)| x.horizon.is_none())
            .map(|(i, _)| card(i))
            .collect(),
    }
}

const WIDTH: f64 = 960.0;
const LABEL: f64 = 220.0;
const ROW: f64 = 30.0;
const TOP: f64 = 54.0;

/// The timeline: a bar per dated initiative, a diamond per milestone, a line for
/// today. `None` when nothing has dates.
pub fn timeline(site: &Site, today: Date) -> Option<String> {
    let mut rows: Vec<usize> = (0..site.items.initiatives.len())
        .filter(|&i| {
            site.items.initiatives[i].start.is_some() && site.items.initiatives[i].end.is_some()
        })
        .collect();
    let milestones: Vec<usize> = (0..site.items.milestones.len())
        .filter(|&m| site.items.milestones[m].date.is_some())
        .collect();
    if rows.is_empty() && milestones.is_empty() {
        return None;
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
    let (ny, nm) = if last.month == 12 {
        (last.year + 1, 1)
    } else {
        (last.year, last.month + 1)
    };
    let to = Date {
        year: ny,
        month: nm,
        day: 1,
    }
    .days()
    .max(from + 28);
    let x = |d: i64| LABEL + (WIDTH - LABEL - 10.0) * (d - from) as f64 / (to - from) as f64;
    let height = TOP + ROW * rows.len() as f64 + 16.0;

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"timeline-title\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"timeline-title\">Timeline of {} initiatives and {} milestones</title>",
        rows.len(),
        milestones.len()
    );
    // Month grid.
    let mut month = Date { day: 1, ..first };
    while month.days() < to {
        let mx = x(month.days());
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{mx:.1}\" y1=\"20\" x2=\"{mx:.1}\" y2=\"{height:.1}\"/>"
        );
        let label = if month.month == 1 || month.days() == from {
            format!("{} {}", month_name(month.month), month.year)
        } else {
            month_name(month.month).to_owned()
        };
        let _ = write!(
            svg,
            "<text class=\"month\" x=\"{:.1}\" y=\"14\">{label}</text>",
            mx + 3.0
        );
        month = if month.month == 12 {
            Date {
                year: month.year + 1,
                month: 1,
                day: 1,
            }
        } else {
            Date {
                month: month.month + 1,
                ..month
            }
        };
    }
    for &m in &milestones {
        let ms = &site.items.milestones[m];
        let d = ms.date.as_ref().map(|d| d.value).expect("filtered on date");
        let mx = x(d.days());
        let url = super::urls::item_url(
            site,
            crate::site::ItemKey {
                kind: Kind::Milestone,
                index: m,
            },
        );
        let _ = write!(
            svg,
            "<a href=\"{url}\"><g class=\"milestone\"><title>{} {} — {d}</title>\
             <path d=\"M{mx:.1} 24 l7 7 l-7 7 l-7 -7 z\"/><line x1=\"{mx:.1}\" y1=\"38\" x2=\"{mx:.1}\" y2=\"{height:.1}\"/>\
             <text x=\"{:.1}\" y=\"48\">{}</text></g></a>",
            escape(&ms.meta.id.value),
            escape(&ms.meta.title),
            mx + 9.0,
            escape(&ms.meta.id.value)
        );
    }
    for (row, &i) in rows.iter().enumerate() {
        let it = &site.items.initiatives[i];
        let (s, e) = (
            it.start.as_ref().unwrap().value,
            it.end.as_ref().unwrap().value,
        );
        let y = TOP + ROW * row as f64;
        let (x1, x2) = (x(s.days()), x(e.days()).max(x(s.days()) + 4.0));
        let status = it.status.as_ref().map_or("planned", |s| s.value.as_str());
        let url = super::urls::item_url(
            site,
            crate::site::ItemKey {
                kind: Kind::Initiative,
                index: i,
            },
        );
        let label: String = format!("{} {}", it.meta.id.value, it.meta.title)
            .chars()
            .take(32)
            .collect();
        let _ = write!(
            svg,
            "<a href=\"{url}\"><g class=\"bar status-{}\"><title>{} {} — {status}, {s} to {e}</title>\
             <text class=\"label\" x=\"4\" y=\"{:.1}\">{}</text>\
             <rect x=\"{x1:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"18\" rx=\"4\"/>\
             <text class=\"status\" x=\"{:.1}\" y=\"{:.1}\">{}</text></g></a>",
            escape(status),
            escape(&it.meta.id.value),
            escape(&it.meta.title),
            y + 13.0,
            escape(&label),
            y,
            x2 - x1,
            x1 + 5.0,
            y + 13.0,
            escape(status)
        );
    }
    let today_days = today.days();
    if (from..=to).contains(&today_days) {
        let tx = x(today_days);
        let _ = write!(
            svg,
            "<g class=\"today\"><line x1=\"{tx:.1}\" y1=\"20\" x2=\"{tx:.1}\" y2=\"{height:.1}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">today {today}</text></g>",
            tx + 3.0,
            height - 4.0
        );
    }
    svg.push_str("</svg>");
    Some(svg)
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
    fn civil_dates_round_trip() {
        let d = Date {
            year: 2027,
            month: 3,
            day: 31,
        };
        assert_eq!(Date::parse("1970-01-01").map(Date::days), Some(0));
        assert_eq!(Date::from_days(d.days()), d);
        let day = |s| Date::parse(s).map_or(0, Date::days);
        assert_eq!(day("2000-03-01") - day("2000-02-28"), 2);
    }
}
