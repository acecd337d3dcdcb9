//! What every item has (id, title, body, waivers), and the values items hold:
//! ids as written and dates.

use crate::base::{Span, Spanned};

/// What every item has: its id, title, body and waivers.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Meta {
    pub id: Spanned<String>,
    pub title: String,
    /// Markdown body: the text after the front matter, or the `body` field.
    pub body: crate::base::Text,
    /// Where the body starts, so references in it can be located.
    #[serde(skip)]
    pub body_span: Span,
    /// `waive = { code = "reason" }`: warnings this item accepts, with the reason.
    #[serde(rename = "waive", serialize_with = "waivers")]
    pub waivers: Vec<Waiver>,
    /// `draft = true`: left out of the built site unless `--drafts` is given.
    pub draft: bool,
    /// `reviewed = 2027-02-01`: when someone last checked the item against its
    /// parents; a parent's change before it does not make the item suspect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Spanned<Date>>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Waiver {
    pub code: Spanned<String>,
    pub reason: String,
}

/// A reference to another item by id, where it was written.
pub type IdRef = Spanned<String>;

/// A date as written in TOML (`2027-03-31`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Days since 1970-01-01 (proleptic Gregorian), for distances between dates.
    pub fn days(self) -> i64 {
        let (y, m, day) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01; the inverse of [`Date::days`].
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// The UTC date of a time in seconds since 1970.
    pub fn of_time(seconds: i64) -> Date {
        Date::from_days(seconds.div_euclid(86_400))
    }

    /// A date written `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if (y.len(), m.len(), d.len()) != (4, 2, 2) {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        ((1..=12).contains(&date.month) && (1..=31).contains(&date.day)).then_some(date)
    }
}

/// `2027-03-31`, as written.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// `waive = { code = "reason" }` as written.
fn waivers<S: serde::Serializer>(waivers: &[Waiver], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_map(waivers.iter().map(|w| (&w.code.value, &w.reason)))
}

/// RACI cells as written: `{ pm = "C", po = "AR" }`.
pub(super) fn cells<S: serde::Serializer>(
    cells: &[super::RaciCell],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(cells.iter().map(|c| (&c.role.value, &c.letters.value)))
}

/// Role cells as written: `{ pm = "optional" }`.
pub(super) fn pairs<S: serde::Serializer>(
    pairs: &[(IdRef, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(role, value)| (&role.value, value)))
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn civil_dates_round_trip() {
        let day = |s| Date::parse(s).map_or(0, Date::days);
        assert_eq!(day("1970-01-01"), 0);
        assert_eq!(day("2000-03-01") - day("2000-02-28"), 2);
        let d = Date::parse("2027-03-31").unwrap();
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(
            Date::of_time(1_801_656_000),
            Date::parse("2027-02-03").unwrap()
        );
    }
}
