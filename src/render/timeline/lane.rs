//! A lane of the timeline: one theme's initiatives, a bar each, with arrows
//! for the dependencies between them and a short arrow into a bar whose
//! dependency is in another lane. Each lane is its own SVG so that the page can
//! fold it.

use std::fmt::Write as _;

use super::axis::{Scale, Ticks};
use super::{Drawn, ROW, WIDTH, is_late, shorten};
use crate::kinds::{Date, Kind};
use crate::markup::escape;
use crate::site::{ItemKey, Site};
use crate::source::workflow::Stage;

/// An initiative's id and title are cut to this many characters, which fit
/// in the label column.
const LABEL_CHARS: usize = 31;
/// Space above the first bar, room for a short arrow into its top.
const TOP: f64 = 10.0;

/// What every lane draws behind its bars: the axis's lines, the milestones'
/// and Today's.
pub struct Backdrop<'s> {
    pub scale: Scale,
    pub ticks: &'s Ticks,
    pub milestones: Vec<f64>,
    pub today: Option<Date>,
}

impl Backdrop<'_> {
    fn draw(&self, svg: &mut String, height: f64) {
        self.ticks.grid(svg, 0.0, height);
        for x in &self.milestones {
            let _ = write!(
                svg,
                "<line class=\"milestone-line\" x1=\"{x:.1}\" y1=\"0\" x2=\"{x:.1}\" y2=\"{height:.1}\"/>"
            );
        }
        if let Some(today) = self.today {
            let _ = write!(
                svg,
                "<line class=\"today-line\" x1=\"{x:.1}\" y1=\"0\" x2=\"{x:.1}\" y2=\"{height:.1}\"/>",
                x = self.scale.x(today.days())
            );
        }
    }
}

/// A lane: its theme's initiatives (dated, by start), drawn.
pub struct LaneDrawing<'s> {
    pub site: &'s Site,
    /// Which lane, for ids unique in the page.
    pub number: usize,
    pub theme: &'s str,
    pub rows: &'s [usize],
    /// The lane of every dated initiative, to name the lane a dependency is in.
    pub lane_of: &'s dyn Fn(usize) -> Option<&'s str>,
    pub today: Date,
}

impl LaneDrawing<'_> {
    pub fn draw(&self, backdrop: &Backdrop<'_>, drawn: &mut Drawn) -> String {
        let height = TOP + ROW * self.rows.len() as f64;
        let mut svg = String::new();
        let n = self.number;
        let _ = write!(
            svg,
            "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {height}\" role=\"group\" aria-labelledby=\"timeline-lane-{n}\" \
             xmlns=\"http://www.w3.org/2000/svg\"><title id=\"timeline-lane-{n}\">{}: {} initiative{}</title>\
             <defs><marker id=\"arrow-{n}\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">\
             <path d=\"M0 0 L8 4 L0 8 z\"/></marker></defs>",
            escape(self.theme),
            self.rows.len(),
            if self.rows.len() == 1 { "" } else { "s" }
        );
        backdrop.draw(&mut svg, height);
        for (row, &i) in self.rows.iter().enumerate() {
            bar(
                &mut svg,
                self.site,
                i,
                y_of(row),
                self.today,
                &backdrop.scale,
                drawn,
            );
        }
        self.arrows(&mut svg, &backdrop.scale, drawn);
        svg.push_str("</svg>");
        svg
    }

    /// Arrows after the bars, so that their heads show. Each leaves its
    /// dependency's bar from the bottom, just inside its end, and runs in the
    /// gap between rows: into the side of the dependent bar when that starts
    /// later, into its top or bottom edge when it starts first (a conflict).
    /// A dependency in another lane gets a short arrow into the bar's start.
    fn arrows(&self, svg: &mut String, scale: &Scale, drawn: &mut Drawn) {
        let site = self.site;
        let x = |d: Date| scale.x(d.days());
        let row_of = |i: usize| self.rows.iter().position(|&r| r == i);
        for (row, &i) in self.rows.iter().enumerate() {
            let it = &site.items.initiatives[i];
            for dep in &it.depends_on {
                let Some(d) = site.find(dep, Kind::Initiative) else {
                    continue;
                };
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
                let (tx1, tx2) = (x(start), x(end));
                let (path, elsewhere) = match row_of(d) {
                    Some(dep_row) => {
                        let down = row > dep_row;
                        let sx = (x(dep_end) - 6.0).max(x(dep_start) + 2.0);
                        let sy = y_of(dep_row) + if down { 18.0 } else { 0.0 };
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
                        (path, None)
                    }
                    None => {
                        let Some(lane) = (self.lane_of)(d) else {
                            continue;
                        };
                        (stub(tx1, y_of(row)), Some(lane))
                    }
                };
                let _ = write!(
                    svg,
                    "<path class=\"dependency{}{}\" d=\"{path}\" marker-end=\"url(#arrow-{})\"><title>{} depends on {}{}{}</title></path>",
                    if elsewhere.is_some() {
                        " elsewhere"
                    } else {
                        ""
                    },
                    if conflict { " conflict" } else { "" },
                    self.number,
                    escape(&it.meta.id.value),
                    escape(&dep.value),
                    elsewhere.map_or(String::new(), |l| format!(" in the {} lane", escape(l))),
                    if conflict {
                        ", which ends after it starts"
                    } else {
                        ""
                    }
                );
                match elsewhere {
                    None => {
                        drawn.dependencies = true;
                        drawn.conflicts |= conflict;
                    }
                    Some(_) => {
                        drawn.elsewhere = true;
                        drawn.elsewhere_conflicts |= conflict;
                    }
                }
            }
        }
    }
}

/// A short arrow into the start of the bar at `x` in the row at `y`: from the
/// left, or from above when the label column leaves no room.
fn stub(x: f64, y: f64) -> String {
    let from = (x - 16.0).max(super::LABEL + 2.0);
    if x - 2.0 - from >= 8.0 {
        format!("M{from:.1} {:.1} H{:.1}", y + 9.0, x - 2.0)
    } else {
        format!("M{:.1} {:.1} V{:.1}", x + 5.0, y - 9.0, y - 1.0)
    }
}

fn y_of(row: usize) -> f64 {
    TOP + ROW * row as f64
}

fn bar(
    svg: &mut String,
    site: &Site,
    i: usize,
    y: f64,
    today: Date,
    scale: &Scale,
    drawn: &mut Drawn,
) {
    let it = &site.items.initiatives[i];
    let (s, e) = (
        it.start.as_ref().unwrap().value,
        it.end.as_ref().unwrap().value,
    );
    let x = |d: Date| scale.x(d.days());
    let (x1, x2) = (x(s), x(e).max(x(s) + 4.0));
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
    let url = super::super::urls::item_url(
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
            LABEL_CHARS
        )),
        x2 - x1,
        (x2 - x1) * share,
        words_x,
        y + 13.0,
        escape(&words)
    );
}
