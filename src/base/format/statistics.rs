//! `roadbook check --statistics`: one line per code with its count and severity,
//! errors first, as `ruff --statistics` prints them. The human format ends with
//! the same table whenever one code occurs more than [`FLOOD`] times, so that
//! two thousand warnings of one kind cannot hide the ninety errors among them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::super::code::Code;
use super::super::diagnostic::{Diagnostic, Severity};

/// More diagnostics of one code than this, and the human format adds the table.
pub const FLOOD: usize = 20;

/// How often one code occurred, at one severity.
#[derive(Serialize)]
pub struct CodeCount {
    pub code: &'static str,
    pub severity: Severity,
    pub count: usize,
}

/// The codes that occurred: errors first, then the most frequent, then by name.
pub fn statistics(diags: &[Diagnostic]) -> Vec<CodeCount> {
    let mut counts: BTreeMap<(Code, Severity), usize> = BTreeMap::new();
    for d in diags {
        *counts.entry((d.code, d.severity)).or_default() += 1;
    }
    let mut rows: Vec<CodeCount> = counts
        .into_iter()
        .map(|((code, severity), count)| CodeCount {
            code: code.name(),
            severity,
            count,
        })
        .collect();
    rows.sort_by_key(|r| {
        (
            r.severity != Severity::Error,
            std::cmp::Reverse(r.count),
            r.code,
        )
    });
    rows
}

/// Whether one code occurred often enough to bury the others.
pub fn is_flood(diags: &[Diagnostic]) -> bool {
    statistics(diags).iter().any(|r| r.count > FLOOD)
}

/// The table as the terminal shows it: count, code, severity.
pub fn statistics_table(diags: &[Diagnostic]) -> String {
    let rows = statistics(diags);
    let width = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
    rows.iter()
        .map(|r| {
            format!(
                "{:>6}  {:<width$}  {}\n",
                r.count,
                r.code,
                r.severity.as_str()
            )
        })
        .collect()
}
