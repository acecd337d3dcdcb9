//! Small line charts drawn as SVG at build time: a key result's trend and an
//! epic's or initiative's burn-up. No script, no remote font: colours come from
//! the theme's CSS classes, so both colour schemes apply.

use std::fmt::Write;

use crate::kinds::Date;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 30.0;

/// One series: a class for its colour, its points (day, value), whether it
/// holds its value until the next point (a step) or runs straight between them,
/// and whether each point is marked with a dot.
pub struct Line<'a> {
    pub class: &'a str,
    pub points: Vec<(i64, f64)>,
    pub step: bool,
    pub dots: bool,
}

/// A number as a reader writes it: `22`, `3.5`, `0.16`.
pub fn number(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Three to six round values that cover `lo..=hi`.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = (hi - lo).max(f64::EPSILON);
    let raw = span / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| span / s <= 5.0)
        .unwrap_or(magnitude * 10.0);
    let first = (lo / step).floor() * step;
    (0..=8)
        .map(|k| first + step * f64::from(k))
        .take_while(|t| *t <= hi + step * 0.999)
        .collect()
}

/// Draws `lines` from day `from` to day `to`, with an optional dashed level
/// (a target) labelled on the chart. `label` names the chart for screen readers.
pub fn chart(
    label: &str,
    lines: &[Line<'_>],
    level: Option<(f64, &str)>,
    from: i64,
    to: i64,
) -> String {
    // A little room after the last day, so that a step on it is seen.
    let end = to.max(from + 1);
    let to = end + ((end - from) / 30).max(1);
    let values = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .chain(level.map(|(v, _)| v));
    let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if lo > 0.0 && lo < hi * 0.5 {
        lo = 0.0;
    }
    if (hi - lo).abs() < f64::EPSILON {
        hi = lo + 1.0;
    }
    let ticks = ticks(lo, hi);
    let (lo, hi) = (
        ticks.first().copied().unwrap_or(lo).min(lo),
        ticks.last().copied().unwrap_or(hi).max(hi),
    );
    let x = |day: i64| LEFT + (WIDTH - LEFT - RIGHT) * (day - from) as f64 / (to - from) as f64;
    let y = |v: f64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - (v - lo) / (hi - lo));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        crate::markup::escape(label)
    );
    for t in &ticks {
        let ty = y(*t);
        let _ = write!(
            svg,
            r#"<line class="chart-grid" x1="{LEFT}" x2="{:.1}" y1="{ty:.1}" y2="{ty:.1}"/><text class="chart-axis" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            WIDTH - RIGHT,
            LEFT - 6.0,
            ty + 4.0,
            number(*t)
        );
    }
    for (day, anchor) in [(from, "start"), (end, "end")] {
        let _ = write!(
            svg,
            r#"<text class="chart-axis" x="{:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
            x(day),
            HEIGHT - 8.0,
            Date::from_days(day)
        );
    }
    if let Some((v, text)) = level {
        let ly = y(v);
        let _ = write!(
            svg,
            r#"<line class="chart-level" x1="{LEFT}" x2="{:.1}" y1="{ly:.1}" y2="{ly:.1}"/><text class="chart-label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            WIDTH - RIGHT,
            WIDTH - RIGHT,
            ly - 5.0,
            crate::markup::escape(text)
        );
    }
    for line in lines {
        let mut path = String::new();
        for (k, &(day, v)) in line.points.iter().enumerate() {
            let (px, py) = (x(day), y(v));
            if k == 0 {
                let _ = write!(path, "M{px:.1},{py:.1}");
            } else if line.step {
                let _ = write!(path, "H{px:.1}");
                if line.points[k - 1].1 != v {
                    let _ = write!(path, "V{py:.1}");
                }
            } else {
                let _ = write!(path, "L{px:.1},{py:.1}");
            }
        }
        if line.step && !line.points.is_empty() {
            // The value holds to the edge, so a change on the last day shows.
            let _ = write!(path, "H{:.1}", x(to));
        }
        let _ = write!(
            svg,
            r#"<path class="chart-line {}" d="{path}"/>"#,
            line.class
        );
        if line.dots {
            for &(day, v) in &line.points {
                let _ = write!(
                    svg,
                    r#"<circle class="chart-dot {}" cx="{:.1}" cy="{:.1}" r="3"/>"#,
                    line.class,
                    x(day),
                    y(v)
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number(22.0), "22");
        assert_eq!(number(0.15999999999999998), "0.16");
        assert_eq!(number(3.5), "3.5");
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 40.0), vec![0.0, 10.0, 20.0, 30.0, 40.0]);
        let t = ticks(12.0, 35.0);
        assert!(
            t.first().unwrap() <= &12.0 && t.last().unwrap() >= &35.0,
            "{t:?}"
        );
    }

    #[test]
    fn a_step_line_holds_its_value_to_the_end() {
        let line = Line {
            class: "done",
            points: vec![(0, 0.0), (10, 5.0)],
            step: true,
            dots: false,
        };
        let svg = chart("Burn-up", &[line], None, 0, 20);
        // Day 10 of a chart to day 20 with one day of room after it; the line
        // holds its last value to the edge.
        assert!(svg.contains("H330.7V14.0H624.0"), "{svg}");
        assert!(svg.ends_with("H624.0\"/></svg>"), "{svg}");
    }
}
