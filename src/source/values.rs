//! Plain facts about TOML values, for messages: what kind of value, whether a
//! string is a date, a number read from an integer or a float.

use std::str::FromStr;

use toml::de::DeValue;

use crate::base::{did_you_mean, either};

/// Whether a string is a TOML date: `2027-03-31`.
pub fn is_date(s: &str) -> bool {
    toml::value::Datetime::from_str(s).is_ok_and(|d| d.date.is_some() && d.time.is_none())
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

/// "remove the quotes: points = 2" for a number written as text.
pub fn unquote(key: &str, value: &DeValue<'_>) -> Option<String> {
    match value {
        DeValue::String(s) if s.trim().parse::<f64>().is_ok() => {
            Some(format!("remove the quotes: {key} = {}", s.trim()))
        }
        _ => None,
    }
}

/// The field of a table (whose fields are `known`) that a writer meant by the
/// unknown `key`: by the names the declarations list (`estimate` → `points`),
/// else by spelling. Otherwise the help to give: the known fields, and where
/// the field meant belongs when it is another kind's (`owner` is an epic's).
pub fn meant(key: &str, known: &[&'static str]) -> Result<&'static str, String> {
    let elsewhere = crate::kinds::fields_meant(key);
    let here = elsewhere
        .iter()
        .map(|(f, _)| *f)
        .find(|f| *f != key && known.contains(f))
        .or_else(|| did_you_mean(key, known.iter().copied()));
    if let Some(field) = here {
        return Ok(field);
    }
    let mut names = known.to_vec();
    names.sort_unstable();
    names.dedup();
    let listed = format!("the known fields are {}", names.join(", "));
    let Some((field, _)) = elsewhere.first() else {
        return Err(listed);
    };
    let kinds: Vec<String> = elsewhere
        .iter()
        .filter(|(f, _)| f == field)
        .map(|(_, d)| d.plural.to_lowercase())
        .collect();
    Err(format!(
        "`{field}` is a field of {} only; {listed}",
        either(&kinds)
    ))
}
