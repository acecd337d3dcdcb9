//! The timeline's axis: where dates fall, and which of their labels fit:
//! years, then quarters or months as the span allows.

use std::fmt::Write as _;

use super::{AFTER, LABEL, WIDTH, month_name, next_month};
use crate::kinds::Date;

/// Space kept between two labels on one row.
pub const GAP: f64 = 6.0;
/// The width of a character of the 12 px axis labels: a digit of DejaVu Sans,
/// among the widest of the fonts `system-ui` may be.
const CHAR_12: f64 = 7.6;

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

pub fn labels(svg: &mut String, ticks: &[Tick], class: &str, y: f64) {
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
}
