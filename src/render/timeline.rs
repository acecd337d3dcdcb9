//! The roadmap's timeline, drawn as SVG at build time and readable at any
//! size: an axis that labels only what fits (`axis.rs`) in a band with the
//! milestones that the page keeps in view (`band.rs`), then a lane per theme
//! that the page can fold (`lane.rs`), with
//! a bar per dated initiative filled by its progress and outlined by its
//! health, arrows for `depends_on`, the milestones, and a Today line when today
//! falls within the range. The caption says only what is drawn; initiatives
//! without dates and milestones without a date are listed beside it.

mod axis;
mod band;
mod lane;

use serde::Serialize;

use super::roadmap::OTHER;
use super::views::LinkView;
use crate::kinds::{Date, Kind};
use crate::site::Site;

const WIDTH: f64 = 960.0;
const LABEL: f64 = 230.0;
const ROW: f64 = 30.0;
/// Room after the last date for the words after a bar ("100% · off track · late").
const AFTER: f64 = 130.0;

#[derive(Serialize)]
pub struct Timeline<'a> {
    /// The dates, the milestones and Today, drawn apart from the lanes so that
    /// the page keeps it in view above them; `None` when nothing has dates.
    pub axis: Option<String>,
    pub lanes: Vec<Lane<'a>>,
    pub caption: String,
    /// The milestones in date order when the axis numbers them because their
    /// titles do not fit; empty when it shows their titles.
    pub key: Vec<KeyEntry<'a>>,
    /// Initiatives without both dates, so they are not silently left out.
    pub undated: Vec<LinkView<'a>>,
    /// Milestones without a date: planned, not scheduled (SPEC §1).
    pub unscheduled: Vec<LinkView<'a>>,
}

/// A theme's initiatives, drawn.
#[derive(Serialize)]
pub struct Lane<'a> {
    pub theme: &'a str,
    pub count: usize,
    pub svg: String,
}

#[derive(Serialize)]
pub struct KeyEntry<'a> {
    pub link: LinkView<'a>,
    pub date: String,
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
    let items = &site.items;
    let (dated, undated): (Vec<usize>, Vec<usize>) = (0..items.initiatives.len())
        .partition(|&i| items.initiatives[i].start.is_some() && items.initiatives[i].end.is_some());
    let mut milestones: Vec<(usize, Date)> = items
        .milestones
        .iter()
        .enumerate()
        .filter_map(|(m, x)| Some((m, x.date.as_ref()?.value)))
        .collect();
    milestones.sort_by_key(|&(m, d)| (d, m));
    let mut timeline = Timeline {
        axis: None,
        lanes: Vec::new(),
        caption: String::new(),
        key: Vec::new(),
        undated: undated
            .iter()
            .map(|&i| LinkView::of(site, Kind::Initiative, i))
            .collect(),
        unscheduled: (0..items.milestones.len())
            .filter(|&m| items.milestones[m].date.is_none())
            .map(|m| LinkView::of(site, Kind::Milestone, m))
            .collect(),
    };
    let Some(scale) = axis::Scale::around(span(site, &dated, &milestones)) else {
        return timeline;
    };
    let ticks = axis::Ticks::new(&scale);
    let today_line = scale.contains(today.days()).then_some(today);
    let mut drawn = Drawn::default();
    let band = band::Band {
        site,
        scale,
        ticks: &ticks,
        milestones: &milestones,
        today: today_line,
    };
    let (svg, numbered) = band::draw(&band, &mut drawn);
    timeline.axis = Some(svg);
    if numbered {
        drawn.numbered = true;
        timeline.key = milestones
            .iter()
            .map(|&(m, d)| KeyEntry {
                link: LinkView::of(site, Kind::Milestone, m),
                date: d.to_string(),
            })
            .collect();
    }
    let backdrop = lane::Backdrop {
        scale,
        ticks: &ticks,
        milestones: milestones.iter().map(|(_, d)| scale.x(d.days())).collect(),
        today: today_line,
    };
    timeline.lanes = lanes(site, &dated, &backdrop, today, &mut drawn);
    timeline.caption = drawn.caption();
    timeline
}

/// Every date drawn: the dated initiatives' starts and ends, the milestones'.
fn span<'s>(
    site: &'s Site,
    dated: &'s [usize],
    milestones: &'s [(usize, Date)],
) -> impl Iterator<Item = i64> + 's {
    dated
        .iter()
        .flat_map(|&i| {
            let x = &site.items.initiatives[i];
            [x.start.as_ref(), x.end.as_ref()]
                .into_iter()
                .flatten()
                .map(|d| d.value.days())
        })
        .chain(milestones.iter().map(|(_, d)| d.days()))
}

/// A lane per theme of the dated initiatives, drawn.
fn lanes<'a>(
    site: &'a Site,
    dated: &[usize],
    backdrop: &lane::Backdrop<'_>,
    today: Date,
    drawn: &mut Drawn,
) -> Vec<Lane<'a>> {
    let themed = themes(site, dated);
    let lane_of = |i: usize| {
        themed
            .iter()
            .find(|(_, rows)| rows.contains(&i))
            .map(|(t, _)| *t)
    };
    drawn.lanes = themed.len();
    themed
        .iter()
        .enumerate()
        .map(|(number, (theme, rows))| {
            let drawing = lane::LaneDrawing {
                site,
                number,
                theme,
                rows,
                lane_of: &lane_of,
                today,
            };
            Lane {
                theme,
                count: rows.len(),
                svg: drawing.draw(backdrop, drawn),
            }
        })
        .collect()
}

/// The dated initiatives by theme, as the board orders its lanes (themes by
/// name, then those without one), each by start.
fn themes<'a>(site: &'a Site, dated: &[usize]) -> Vec<(&'a str, Vec<usize>)> {
    let theme = |i: usize| site.items.initiatives[i].theme.as_deref();
    let mut names: Vec<Option<&str>> = dated.iter().map(|&i| theme(i)).collect();
    names.sort_unstable_by_key(|t| (t.is_none(), *t));
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let mut rows: Vec<usize> = dated
                .iter()
                .copied()
                .filter(|&i| theme(i) == name)
                .collect();
            rows.sort_by_key(|&i| (site.items.initiatives[i].start.as_ref().map(|d| d.value), i));
            (name.unwrap_or(OTHER), rows)
        })
        .collect()
}

/// What the timeline shows, for its caption.
#[derive(Default)]
struct Drawn {
    lanes: usize,
    bars: bool,
    health: bool,
    late: bool,
    milestones: bool,
    /// Milestones are numbered on the axis and their titles listed below.
    numbered: bool,
    dependencies: bool,
    /// Short arrows for dependencies on initiatives in another lane.
    elsewhere: bool,
    conflicts: bool,
    elsewhere_conflicts: bool,
    today: Option<Date>,
}

impl Drawn {
    fn caption(&self) -> String {
        let mut parts = Vec::new();
        if self.lanes > 1 {
            parts.push("Initiatives are grouped in a lane per theme".to_owned());
        }
        if self.bars {
            let each = if parts.is_empty() { "Each" } else { "each" };
            parts.push(format!("{each} bar runs from an initiative's start to its end and is filled by the share of its stories done"));
        }
        if self.health {
            parts.push("an amber outline is at risk, a red one off track".to_owned());
        }
        if self.late {
            parts.push("“late” marks an end that has passed before it shipped".to_owned());
        }
        if self.milestones {
            parts.push(if self.numbered {
                "◆ marks a milestone, numbered as in the list below".to_owned()
            } else {
                "◆ marks a milestone".to_owned()
            });
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
        if self.elsewhere {
            let red = if self.elsewhere_conflicts {
                ", red where that one ends after this one starts"
            } else {
                ""
            };
            parts.push(format!("a short arrow into the start of a bar marks a dependency on an initiative in another lane{red}"));
        }
        if let Some(today) = self.today {
            parts.push(format!("the solid line marked Today is {today}"));
        }
        let mut caption = parts.join("; ");
        if let Some(first) = caption.get(..1) {
            caption = first.to_uppercase() + &caption[1..];
            caption.push('.');
        }
        caption
    }
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
