//! The band above the lanes: the axis's labels, then the milestones and Today
//! on rows where no label touches another, drawn as its own SVG so that the
//! page can keep it in view while the lanes scroll under it.

use std::fmt::Write as _;

use super::axis::{GAP, Scale, Ticks, labels};
use super::{Drawn, WIDTH, shorten};
use crate::kinds::{Date, Kind};
use crate::markup::escape;
use crate::site::{ItemKey, Site};

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
#[derive(Clone)]
struct Mark {
    x: f64,
    text: String,
    /// Left of its marker, when it would run past the drawing's right edge.
    flipped: bool,
    row: usize,
}

impl Mark {
    fn new(x: f64, text: String) -> Mark {
        let flipped = x + 9.0 + width(&text) > WIDTH - 2.0;
        Mark {
            x,
            text,
            flipped,
            row: 0,
        }
    }

    /// The middle of its row.
    fn y(&self) -> f64 {
        MARKS_TOP + MARK_ROW * self.row as f64 + MARK_ROW / 2.0
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

/// The band as SVG, and whether its milestones are numbered rather than
/// titled (their titles are then listed below the timeline).
pub fn draw(band: &Band<'_>, drawn: &mut Drawn) -> (String, bool) {
    let (marks, numbered) = place(band);
    let rows = marks.iter().map(|m| m.row + 1).max().unwrap_or(0);
    let height = MARKS_TOP + MARK_ROW * rows as f64 + 4.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"timeline timeline-axis-svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"group\" \
         aria-labelledby=\"timeline-axis-title\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"timeline-axis-title\">Dates from {} to {}{}</title>",
        Date::from_days(band.scale.from),
        Date::from_days(band.scale.to),
        match band.milestones.len() {
            0 => String::new(),
            1 => ", with 1 milestone".to_owned(),
            n => format!(", with {n} milestones"),
        }
    );
    band.ticks.grid(&mut svg, 18.0, height);
    labels(&mut svg, &band.ticks.years, "year", 14.0);
    labels(&mut svg, &band.ticks.minor, "month", 31.0);
    let (today, milestones) = marks.split_at(usize::from(band.today.is_some()));
    if let (Some(date), Some(mark)) = (band.today, today.first()) {
        let y = mark.y();
        let (tx, anchor) = mark.text_at();
        let _ = write!(
            svg,
            "<g class=\"today\"><line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{height:.1}\"/>\
             <text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text></g>",
            y - 7.0,
            y + 4.0,
            escape(&mark.text),
            x = mark.x
        );
        drawn.today = Some(date);
    }
    for (&(m, d), mark) in band.milestones.iter().zip(milestones) {
        milestone(&mut svg, band.site, (m, d), mark, height);
        drawn.milestones = true;
    }
    svg.push_str("</svg>");
    (svg, numbered)
}

/// Today's label, then each milestone's, each on its row: titles when they
/// fit on [`MAX_TITLE_ROWS`], else numbers; and whether they are numbers.
fn place(band: &Band<'_>) -> (Vec<Mark>, bool) {
    let scale = band.scale;
    let today = band
        .today
        .map(|t| Mark::new(scale.x(t.days()), format!("Today {t}")));
    let titled: Vec<Mark> = today
        .iter()
        .cloned()
        .chain(band.milestones.iter().map(|&(m, d)| {
            let title = &band.site.items.milestones[m].meta.title;
            Mark::new(scale.x(d.days()), shorten(title, TITLE_CHARS))
        }))
        .collect();
    if let Some(marks) = on_rows(titled, MAX_TITLE_ROWS) {
        return (marks, false);
    }
    let numbered: Vec<Mark> = today
        .into_iter()
        .chain(
            band.milestones
                .iter()
                .enumerate()
                .map(|(n, &(_, d))| Mark::new(scale.x(d.days()), (n + 1).to_string())),
        )
        .collect();
    (on_rows(numbered, usize::MAX).unwrap_or_default(), true)
}

/// The marks, each given the row [`stagger`] finds for it.
fn on_rows(mut marks: Vec<Mark>, max: usize) -> Option<Vec<Mark>> {
    let spans: Vec<(f64, f64)> = marks.iter().map(Mark::span).collect();
    for (mark, row) in marks.iter_mut().zip(stagger(&spans, max)?) {
        mark.row = row;
    }
    Some(marks)
}

fn milestone(svg: &mut String, site: &Site, (m, d): (usize, Date), mark: &Mark, height: f64) {
    let ms = &site.items.milestones[m];
    let url = super::super::urls::item_url(
        site,
        ItemKey {
            kind: Kind::Milestone,
            index: m,
        },
    );
    let y = mark.y();
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

    #[test]
    fn staggered_labels_take_the_first_row_they_clear() {
        let spans = [(0.0, 50.0), (20.0, 60.0), (70.0, 90.0), (30.0, 40.0)];
        assert_eq!(stagger(&spans, 3), Some(vec![0, 1, 0, 2]));
        assert_eq!(stagger(&spans, 2), None);
    }
}
