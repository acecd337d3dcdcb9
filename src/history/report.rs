//! How changes are shown: for people in a terminal, as JSON, and as Markdown for
//! a pull-request comment ("moves I-3 from next to now, slips I-2 by 21 days").

use serde::Serialize;
use serde_json::Value;

use super::change::{Change, ChangeKind, FieldChange};

/// The JSON form of `roadbook diff` (SPEC §5).
#[derive(Serialize)]
pub struct DiffReport<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub changes: &'a [Change],
}

/// A value as a reader writes it: text bare, lists with commas, nothing as "—".
fn shown(value: &Value) -> String {
    match value {
        Value::Null => "—".to_owned(),
        Value::String(s) if s.is_empty() => "—".to_owned(),
        Value::String(s) => one_line(s),
        Value::Array(items) if items.is_empty() => "—".to_owned(),
        Value::Array(items) => items.iter().map(shown).collect::<Vec<_>>().join(", "),
        // 22.0 reads as 22; 0.1 + 0.06 as 0.16.
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.is_finite() => {
                let text = format!("{:.6}", f);
                text.trim_end_matches('0').trim_end_matches('.').to_owned()
            }
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// Nothing: no value, blank text or an empty list.
fn empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// One entry of a list, whole: `“Order the backlog”`, `S-3`.
fn quoted(value: &Value) -> String {
    match value {
        Value::String(s) if s.contains(' ') => format!("“{}”", s.trim()),
        Value::String(s) => s.clone(),
        other => shown(other),
    }
}

/// Long text (a body) cut to its first line and 60 characters.
fn one_line(s: &str) -> String {
    let first = s
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let mut out: String = first.chars().take(60).collect();
    if first.chars().count() > 60 || s.trim().lines().count() > 1 {
        out.push('…');
    }
    out
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
fn days(date: &str) -> Option<i64> {
    crate::kinds::Date::parse(date).map(crate::kinds::Date::days)
}

/// One field's change in words: `horizon next → now`, `end 2027-03-05 →
/// 2027-03-26 (slips 21 days)`; long text is only said to have changed.
pub fn field_words(f: &FieldChange) -> String {
    let (was_empty, is_now_empty) = (empty(&f.from), empty(&f.to));
    if matches!(f.field.as_str(), "body" | "acceptance") {
        return match (was_empty, is_now_empty) {
            (true, false) => format!("{} written", f.field),
            (false, true) => format!("{} removed", f.field),
            _ => format!("{} edited", f.field),
        };
    }
    if let (Value::Array(old), Value::Array(new)) = (&f.from, &f.to)
        && !old.is_empty()
        && !new.is_empty()
    {
        // A list that kept some entries: say which came and went.
        let added: Vec<String> = new
            .iter()
            .filter(|v| !old.contains(v))
            .map(quoted)
            .collect();
        let removed: Vec<String> = old
            .iter()
            .filter(|v| !new.contains(v))
            .map(quoted)
            .collect();
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!("added {}", added.join(", ")));
        }
        if !removed.is_empty() {
            parts.push(format!("removed {}", removed.join(", ")));
        }
        if parts.is_empty() {
            parts.push("reordered".to_owned());
        }
        return format!("{} {}", f.field, parts.join(", "));
    }
    match (was_empty, is_now_empty) {
        (true, false) => return format!("{} set to {}", f.field, shown(&f.to)),
        (false, true) => return format!("{} cleared (was {})", f.field, shown(&f.from)),
        _ => {}
    }
    let mut words = format!("{} {} → {}", f.field, shown(&f.from), shown(&f.to));
    if let Some(delta) = slip(f) {
        let unit = if delta.abs() == 1 { "day" } else { "days" };
        match delta {
            d if d > 0 => words.push_str(&format!(" (slips {d} {unit})")),
            d if d < 0 => words.push_str(&format!(" (moves {} {unit} earlier)", -d)),
            _ => {}
        }
    }
    words
}

/// What a change did, in a few words: `added`, `status ready → done; body edited`.
pub fn summary(change: &Change) -> String {
    match change.change {
        ChangeKind::Added => "added".to_owned(),
        ChangeKind::Removed => "removed".to_owned(),
        ChangeKind::Changed => change
            .fields
            .iter()
            .map(field_words)
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// The number of days a planned date moved (`start`, `end`, a milestone's
/// `date`); not `measured` or `reviewed`, which record when something was done.
pub fn slip(f: &FieldChange) -> Option<i64> {
    if !matches!(f.field.as_str(), "start" | "end" | "date") {
        return None;
    }
    let (a, b) = (
        f.from.as_str().and_then(days)?,
        f.to.as_str().and_then(days)?,
    );
    Some(b - a)
}

fn counts(changes: &[Change]) -> String {
    let n = |k: ChangeKind| changes.iter().filter(|c| c.change == k).count();
    format!(
        "{} changed, {} added, {} removed",
        n(ChangeKind::Changed),
        n(ChangeKind::Added),
        n(ChangeKind::Removed)
    )
}

/// For a terminal.
pub fn human(from: &str, to: &str, changes: &[Change]) -> String {
    let mut out = format!("changes from {from} to {to}: {}\n", counts(changes));
    for c in changes {
        match c.change {
            ChangeKind::Added => out.push_str(&format!("  added    {} {}\n", c.kind, c.id)),
            ChangeKind::Removed => out.push_str(&format!("  removed  {} {}\n", c.kind, c.id)),
            ChangeKind::Changed => {
                out.push_str(&format!("  changed  {} {}\n", c.kind, c.id));
                for f in &c.fields {
                    out.push_str(&format!("           {}\n", field_words(f)));
                }
            }
        }
    }
    out
}

/// For a pull-request comment or a CI job summary.
pub fn markdown(from: &str, to: &str, changes: &[Change]) -> String {
    let mut out = format!(
        "### What this change does to the plan\n\nFrom `{from}` to `{to}`: {}.\n\n",
        counts(changes)
    );
    if changes.is_empty() {
        return out;
    }
    out.push_str("| Item | Change |\n|---|---|\n");
    for c in changes {
        let what = summary(c);
        let cell = |s: &str| s.replace('|', "\\|");
        out.push_str(&format!("| {} `{}` | {} |\n", c.kind, c.id, cell(&what)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn date_slips_are_counted_in_days() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(
            days("2027-03-26")
                .zip(days("2027-03-05"))
                .map(|(a, b)| a - b),
            Some(21)
        );
        assert_eq!(
            days("2028-03-01")
                .zip(days("2028-02-28"))
                .map(|(a, b)| a - b),
            Some(2)
        );
        let slip = FieldChange {
            field: "end".into(),
            from: json!("2027-03-05"),
            to: json!("2027-03-26"),
        };
        assert_eq!(
            field_words(&slip),
            "end 2027-03-05 → 2027-03-26 (slips 21 days)"
        );
        let moved = FieldChange {
            field: "horizon".into(),
            from: json!("next"),
            to: json!("now"),
        };
        assert_eq!(field_words(&moved), "horizon next → now");
        let rights = FieldChange {
            field: "decision_rights".into(),
            from: json!(["Order the backlog", "Accept stories"]),
            to: json!(["Order the backlog", "Decide a release"]),
        };
        assert_eq!(
            field_words(&rights),
            "decision_rights added “Decide a release”, removed “Accept stories”"
        );
        let measured = FieldChange {
            field: "measured".into(),
            from: json!("2027-01-11"),
            to: json!("2027-02-01"),
        };
        assert_eq!(field_words(&measured), "measured 2027-01-11 → 2027-02-01");
        let deps = FieldChange {
            field: "depends_on".into(),
            from: json!(["I-1"]),
            to: json!(["I-1", "I-2"]),
        };
        assert_eq!(field_words(&deps), "depends_on added I-2");
    }
}
