//! Plain facts about TOML values, for messages: what kind of value, whether a
//! string is a date, a number read from an integer or a float.

use std::str::FromStr;

use toml::de::DeValue;

/// Whether a string is a TOML date: `2027-03-31`.
pub fn is_date(s: &str) -> bool {
    toml::value::Datetime::from_str(s).is_ok_and(|d| d.date.is_some() && d.time.is_none())
}

/// `a`, `a or b`, `a, b or c`.
pub fn either(names: &[String]) -> String {
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

fn parse_float(s: &str) -> Option<f64> {
    match s {
        "inf" | "+inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        "nan" | "+nan" | "-nan" => Some(f64::NAN),
        _ => s.replace('_', "").parse().ok(),
    }
}

/// A TOML number as a float; integers are accepted.
pub fn as_number(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Float(f) => parse_float(f.as_str()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|n| n as f64),
        _ => None,
    }
}

/// "an integer", "a table", ... for messages.
pub fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}
