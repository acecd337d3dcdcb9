//! The timeline's axis: where dates fall, which of their labels fit (years,
//! then quarters or months as the span allows), and the band above the lanes
//! with the milestones and Today, drawn as its own SVG so that the page can
//! keep it in view while the lanes scroll under it.

use std::fmt::Write as _;

use super::{AFTER, Drawn, LABEL, WIDTH, month_name, next_month, shorten};
use crate::kinds::{Date, Kind};
use crate::markup::escape;
use crate::site::{ItemKey, Site};

/// Space kept between two labels on one row.
const GAP: f64 = 6.0;
/// The width of a character of the 12 px axis labels: a digit of DejaVu Sans,
/// among the widest of the fonts `system-ui` may be.
const CHAR_12: f64 = 7.6;
/// The width of a character of the 11 px bold milestone labels.
const CHAR_11: f64 = 7.2;
/// Below the year and quarter-or-month rows, the rows of milestone labels.
const MARKS_TOP: f64 = 38.0;
const MARK_ROW: f64 = 18.0;
/// Milestone titles take at most this many rows; more, and the markers are
/// numbered and the titles listed below the timeline.
const MAX_TITLE_ROWS: usize = 3;
/// Titles are cut to this many characters.
const TITLE_CHARS: usize = 40;

/// Where dates fall across the drawing: the same for the axis and every lane.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub from: i64,
    pub to: i64,
}

impl Scale {
    /// Whole months around `days`; `None` when there are none.
    pub fn around(days: impl Iterator<Item = i64>) -> Option<Scale> {
        let (mut first, mut last) = (i64::MAX, i64::MIN);
        for d in days {
            first = first.min(d);
            last = last.max(d);
        }
        if first > last {
            return None;
        }
        let from = Date {
            day: 1,
            ..Date::from_days(first)
        }
        .days();
        let to = next_month(Date::from_days(last)).days().max(from + 28);
        Some(Scale { from, to })
    }

    pub fn x(&self, days: i64) -> f64 {
        LABEL + (WIDTH - LABEL - AFTER) * (days - self.from) as f64 / (self.to - self.from) as f64
    }

    pub fn contains(&self, days: i64) -> bool {
        (self.from..=self.to).contains(&days)
    }

    fn month_px(&self) -> f64 {
        (WIDTH - LABEL - AFTER) * 30.44 / (self.to - self.from) as f64
    }
}

/// A line across the drawing at `x`, with the label written beside it, if any.
#[derive(Debug)]
pub struct Tick {
    pub x: f64,
    pub label: Option<String>,
}

/// The axis's lines and labels: a row of years, and below it quarters or
/// months when they fit, else nothing.
#[derive(Debug)]
pub struct Ticks {
    pub years: Vec<Tick>,
    pub minor: Vec<Tick>,
}

impl Ticks {
    pub fn new(scale: &Scale) -> Ticks {
        let month_px = scale.month_px();
        let months_per_unit = if month_px >= 4.0 * CHAR_12 {
            Some(1)
        } else if 3.0 * month_px >= 3.0 * CHAR_12 + GAP {
            Some(3)
        } else {
            None
        };
        Ticks {
            years: years(scale, month_px * 12.0),
            minor: months_per_unit.map_or_else(Vec::new, |n| minor(scale, n)),
        }
    }

    /// Lines across `y1..y2`: years, then the minor units that are not years.
    pub fn grid(&self, svg: &mut String, y1: f64, y2: f64) {
        for (class, ticks) in [("grid year", &self.years), ("grid", &self.minor)] {
            for t in ticks
                .iter()
                .filter(|t| class != "grid" || !self.years.iter().any(|y| (y.x - t.x).abs() < 0.5))
            {
                let _ = write!(
                    svg,
                    "<line class=\"{class}\" x1=\"{x:.1}\" y1=\"{y1:.1}\" x2=\"{x:.1}\" y2=\"{y2:.1}\"/>",
                    x = t.x
                );
            }
        }
    }
}

/// A year's line at each 1 January; its label every `step` years so that
/// labels keep apart, and the first, partial year's only when it fits
/// before the next.
fn years(scale: &Scale, year_px: f64) -> Vec<Tick> {
    let step = [1, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|s| year_px * f64::from(*s) >= 4.0 * CHAR_12 + 2.0 * GAP)
        .unwrap_or(100);
    let (first, last) = (
        Date::from_days(scale.from).year,
        Date::from_days(scale.to).year,
    );
    let mut ticks: Vec<Tick> = (first..=last)
        .filter_map(|year| {
            let jan = Date {
                year,
                month: 1,
                day: 1,
            }
            .days();
            let at = jan.max(scale.from);
            (at < scale.to).then(|| Tick {
                x: scale.x(at),
                label: year.is_multiple_of(step).then(|| year.to_string()),
            })
        })
        .collect();
    let partial = scale.x(scale.from);
    if Date::from_days(scale.from).month != 1
        && let Some(next) = ticks.get(1).map(|t| t.x)
        && next - partial < 4.0 * CHAR_12 + 3.0 + GAP
    {
        ticks[0].label = None;
    }
    ticks
}

/// A line and a label at the start of every unit of `months` (1 or 3).
fn minor(scale: &Scale, months: u8) -> Vec<Tick> {
    let mut ticks = Vec::new();
    let mut at = Date::from_days(scale.from);
    while at.days() < scale.to {
        if (at.month - 1).is_multiple_of(months) {
            let label = if months == 1 {
                month_name(at.month).to_owned()
            } else {
                format!("Q{}", (at.month - 1) / 3 + 1)
            };
            ticks.push(Tick {
                x: scale.x(at.days()),
                label: Some(label),
            });
        }
        at = next_month(at);
    }
    ticks
}

/// Rows for labels that span `spans` (left, right): each goes on the first
/// row where it clears every label already there; `None` when one would need
/// more than `max` rows.
pub fn stagger(spans: &[(f64, f64)], max: usize) -> Option<Vec<usize>> {
    let mut rows: Vec<Vec<(f64, f64)>> = Vec::new();
    spans
        .iter()
        .map(|&(left, right)| {
            let row = rows
                .iter()
                .position(|taken| {
                    taken
                        .iter()
                        .all(|&(l, r)| right + GAP <= l || r + GAP <= left)
                })
                .unwrap_or(rows.len());
            if row >= max {
                return None;
            }
            if row == rows.len() {
                rows.push(Vec::new());
            }
            rows[row].push((left, right));
            Some(row)
        })
        .collect()
}

/// A label of the band: a milestone's or Today's.
struct Mark {
    x: f64,
    text: String,
    /// Left of its marker, when it would run past the drawing's right edge.
    flipped: bool,
}

impl Mark {
    fn new(x: f64, text: String) -> Mark {
        let flipped = x + 9.0 + width(&text) > WIDTH - 2.0;
        Mark { x, text, flipped }
    }

    fn span(&self) -> (f64, f64) {
        let w = width(&self.text);
        if self.flipped {
            (self.x - 9.0 - w, self.x + 7.0)
        } else {
            (self.x - 7.0, self.x + 9.0 + w)
        }
    }

    fn text_at(&self) -> (f64, &'static str) {
        if self.flipped {
            (self.x - 9.0, "end")
        } else {
            (self.x + 9.0, "start")
        }
    }
}

fn width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_11
}

/// What the band above the lanes shows.
pub struct Band<'s> {
    pub site: &'s Site,
    pub scale: Scale,
    pub ticks: &'s Ticks,
    /// Dated milestones, by date.
    pub milestones: &'s [(usize, Date)],
    /// Today, when it falls within the range.
    pub today: Option<Date>,
}

/// The axis as SVG, and whether its milestones are numbered rather than
/// titled (their titles are then listed below the timeline).
pub fn draw(band: &Band<'_>, drawn: &mut Drawn) -> (String, bool) {
    let scale = band.scale;
    let mut marks: Vec<Mark> = band
        .today
        .map(|t| Mark::new(scale.x(t.days()), format!("Today {t}")))
        .into_iter()
        .collect();
    let today_marks = marks.len();
    let titles = band.milestones.iter().map(|&(m, d)| {
        let title = &band.site.items.milestones[m].meta.title;
        Mark::new(scale.x(d.days()), shorten(title, TITLE_CHARS))
    });
    marks.extend(titles);
    let spans: Vec<(f64, f64)> = marks.iter().map(Mark::span).collect();
    let (rows, numbered) = match stagger(&spans, MAX_TITLE_ROWS) {
        Some(rows) => (rows, false),
        None => {
            for (n, mark) in marks[today_marks..].iter_mut().enumerate() {
                *mark = Mark::new(mark.x, (n + 1).to_string());
            }
            let spans: Vec<(f64, f64)> = marks.iter().map(Mark::span).collect();
            (stagger(&spans, usize::MAX).unwrap_or_default(), true)
        }
    };
    let rows_used = rows.iter().max().map_or(0, |r| r + 1);
    let height = MARKS_TOP + MARK_ROW * rows_used as f64 + 4.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"timeline timeline-axis-svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"group\" \
         aria-labelledby=\"timeline-axis-title\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"timeline-axis-title\">Dates from {} to {}{}</title>",
        Date::from_days(scale.from),
        Date::from_days(scale.to),
        match band.milestones.len() {
            0 => String::new(),
            1 => ", with 1 milestone".to_owned(),
            n => format!(", with {n} milestones"),
        }
    );
    band.ticks.grid(&mut svg, 18.0, height);
    labels(&mut svg, &band.ticks.years, "year", 14.0);
    labels(&mut svg, &band.ticks.minor, "month", 31.0);
    let row_y = |r: usize| MARKS_TOP + MARK_ROW * r as f64 + MARK_ROW / 2.0;
    if let Some(today) = band.today {
        let mark = &marks[0];
        let y = row_y(rows[0]);
        let (tx, anchor) = mark.text_at();
        let _ = write!(
            svg,
            "<g class=\"today\"><line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{height:.1}\"/>\
             <text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">Today {today}</text></g>",
            y - 7.0,
            y + 4.0,
            x = mark.x
        );
        drawn.today = Some(today);
    }
    for (n, &(m, d)) in band.milestones.iter().enumerate() {
        let mark = &marks[today_marks + n];
        milestone(
            &mut svg,
            band.site,
            m,
            d,
            mark,
            row_y(rows[today_marks + n]),
            height,
        );
        drawn.milestones = true;
    }
    svg.push_str("</svg>");
    (svg, numbered)
}

fn labels(svg: &mut String, ticks: &[Tick], class: &str, y: f64) {
    for t in ticks {
        if let Some(label) = &t.label {
            let _ = write!(
                svg,
                "<text class=\"{class}\" x=\"{:.1}\" y=\"{y}\">{label}</text>",
                t.x + 3.0
            );
        }
    }
}

fn milestone(svg: &mut String, site: &Site, m: usize, d: Date, mark: &Mark, y: f64, height: f64) {
    let ms = &site.items.milestones[m];
    let url = super::super::urls::item_url(
        site,
        ItemKey {
            kind: Kind::Milestone,
            index: m,
        },
    );
    let (tx, anchor) = mark.text_at();
    let _ = write!(
        svg,
        "<a href=\"{url}\"><g class=\"milestone\"><title>{} {} — {d}</title>\
         <path d=\"M{x:.1} {:.1} l6 6 l-6 6 l-6 -6 z\"/><line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{height:.1}\"/>\
         <text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text></g></a>",
        escape(&ms.meta.id.value),
        escape(&ms.meta.title),
        y - 6.0,
        y + 6.0,
        y + 4.0,
        escape(&mark.text),
        x = mark.x
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(from: &str, to: &str) -> Scale {
        let day = |s: &str| Date::parse(s).unwrap().days();
        Scale::around([day(from), day(to)].into_iter()).unwrap()
    }

    fn labels(ticks: &[Tick]) -> Vec<&str> {
        ticks.iter().filter_map(|t| t.label.as_deref()).collect()
    }

    #[test]
    fn a_year_is_labelled_by_month_and_ten_years_by_year_alone() {
        let year = Ticks::new(&scale("2027-01-04", "2027-12-17"));
        assert_eq!(labels(&year.years), ["2027"]);
        assert_eq!(labels(&year.minor).len(), 12);
        assert_eq!(labels(&year.minor)[0], "Jan");
        let three = Ticks::new(&scale("2025-01-04", "2027-12-17"));
        assert_eq!(labels(&three.minor)[..2], ["Q1", "Q2"]);
        let ten = Ticks::new(&scale("2015-01-04", "2025-12-17"));
        assert_eq!(labels(&ten.years).len(), 11);
        assert!(ten.minor.is_empty(), "{:?}", ten.minor);
        let fifty = Ticks::new(&scale("1980-01-04", "2030-12-17"));
        assert!(labels(&fifty.years).len() <= 11, "{:?}", fifty.years);
    }

    #[test]
    fn axis_labels_never_touch() {
        for (from, to) in [
            ("2027-10-20", "2028-02-01"),
            ("2015-11-20", "2025-12-17"),
            ("2027-01-01", "2027-01-20"),
            ("1990-06-01", "2030-12-17"),
        ] {
            let ticks = Ticks::new(&scale(from, to));
            for row in [&ticks.years, &ticks.minor] {
                let placed: Vec<(f64, f64)> = row
                    .iter()
                    .filter_map(|t| {
                        let w = t.label.as_ref()?.len() as f64 * CHAR_12;
                        Some((t.x + 3.0, t.x + 3.0 + w))
                    })
                    .collect();
                for pair in placed.windows(2) {
                    assert!(pair[0].1 + 2.0 <= pair[1].0, "{from}..{to}: {row:?}");
                }
            }
        }
    }

    #[test]
    fn staggered_labels_take_the_first_row_they_clear() {
        let spans = [(0.0, 50.0), (20.0, 60.0), (70.0, 90.0), (30.0, 40.0)];
        assert_eq!(stagger(&spans, 3), Some(vec![0, 1, 0, 2]));
        assert_eq!(stagger(&spans, 2), None);
    }
}
