//! Every page, for every reader (SPEC §4), measured with tools no one here
//! wrote: axe-core in headless Chromium in light and dark, the Nu HTML Checker,
//! a 390 px phone, and the printed PDF's text read back by poppler.
//!
//! The pages are those of the example site with its history replayed
//! (`scripts/example-history.sh`): every page kind, with History sections,
//! trend and burn-up charts and changes.html.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::browser::{audit, example_site, example_with_history, have, html_errors, html_pages};
use serde_json::Value;

fn site() -> &'static Path {
    example_with_history()
}

fn page_args(root: &Path) -> Vec<String> {
    html_pages(root)
}

fn listed(found: &[Value], fields: &[&str]) -> String {
    found
        .iter()
        .map(|v| {
            fields
                .iter()
                .map(|f| {
                    v[*f]
                        .as_str()
                        .map_or_else(|| v[*f].to_string(), str::to_owned)
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_page_has_a_serious_or_critical_axe_violation_in_light_or_dark() {
    if !have(&["node", "chromium", "git"]) {
        return;
    }
    let root = site();
    let pages = page_args(root);
    assert!(pages.len() > 60, "{pages:?}");
    for kind in [
        "changes.html",
        "goals/G-1.html",
        "roadmap.html",
        "search.html",
        "404.html",
        "people.html",
        "people/ana.html",
        "decisions.html",
    ] {
        assert!(pages.iter().any(|p| p == kind), "{kind} is audited");
    }
    for scheme in ["light", "dark"] {
        let mut args = vec!["axe", root.to_str().unwrap(), scheme];
        args.extend(pages.iter().map(String::as_str));
        let found = audit(&args);
        let found = found.as_array().unwrap();
        assert!(
            found.is_empty(),
            "{} serious or critical violations in {scheme}:\n{}",
            found.len(),
            listed(found, &["page", "rule", "target", "summary"])
        );
    }
}

#[test]
fn the_nu_html_checker_finds_no_error_on_any_page() {
    if !have(&["java", "git"]) {
        return;
    }
    let errors = html_errors(site(), &page_args(site()));
    assert!(
        errors.is_empty(),
        "{} HTML errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

#[test]
fn no_page_is_wider_than_a_390_px_phone_and_the_header_never_jumps() {
    if !have(&["node", "chromium", "git"]) {
        return;
    }
    let root = site();
    let pages = page_args(root);
    let mut args = vec!["width", root.to_str().unwrap()];
    args.extend(pages.iter().map(String::as_str));
    let widths = audit(&args);
    let widths = widths.as_array().unwrap();
    assert_eq!(widths.len(), pages.len());
    let wide: Vec<Value> = widths
        .iter()
        .filter(|w| w["width"].as_u64() > w["viewport"].as_u64())
        .cloned()
        .collect();
    assert!(
        wide.is_empty(),
        "pages wider than the phone:\n{}",
        listed(&wide, &["page", "width", "culprit"])
    );
    // In a 1280 px window (1264 px beside a scrollbar) the header is one row on
    // every page: it never jumps.
    let heights: BTreeMap<u64, Vec<&str>> = widths.iter().fold(BTreeMap::new(), |mut by, w| {
        by.entry(w["header"].as_u64().unwrap())
            .or_default()
            .push(w["page"].as_str().unwrap());
        by
    });
    assert_eq!(heights.len(), 1, "header heights at 1264 px: {heights:?}");
    let height = *heights.keys().next().unwrap();
    assert!(height < 80, "the header is one row: {height} px");
}

/// The text of a page printed to PDF, as poppler reads it back.
fn printed(root: &Path, page: &str) -> String {
    let pdf = tempfile::tempdir().unwrap();
    let file = pdf.path().join("page.pdf");
    audit(&["pdf", root.to_str().unwrap(), page, file.to_str().unwrap()]);
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Collapses runs of white space, as a PDF's text breaks lines anywhere.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_printed_roadmap_and_roles_keep_every_column_and_say_where_and_when() {
    if !have(&["node", "chromium", "pdftotext"]) {
        return;
    }
    let root = example_site();
    let roadmap = words(&printed(root, "roadmap.html"));
    // The head line: the site, the page's address, the build date.
    assert!(
        roadmap.contains("MealMate product handbook · roadmap.html · built 2027-02-03"),
        "{roadmap}"
    );
    for column in ["NOW", "NEXT", "LATER"] {
        assert!(roadmap.contains(column), "the {column} column: {roadmap}");
    }
    let trace: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("trace.json")).unwrap()).unwrap();
    let horizons: BTreeMap<&str, &str> = trace["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "initiative")
        .filter_map(|i| Some((i["title"].as_str()?, i["fields"]["horizon"].as_str()?)))
        .collect();
    assert!(horizons.values().any(|h| *h == "later"), "{horizons:?}");
    for (title, horizon) in &horizons {
        assert!(
            roadmap.contains(&words(title)),
            "{title} ({horizon}) is on the printed roadmap:\n{roadmap}"
        );
    }

    let roles = words(&printed(root, "roles.html"));
    let mut raci = csv::Reader::from_path(root.join("raci.csv")).unwrap();
    // activity,name,area,pm,po,sm,dev
    let header = raci.headers().unwrap().clone();
    let columns: Vec<&str> = header.iter().skip(3).collect();
    assert_eq!(columns.len(), 4, "{header:?}");
    let titles: BTreeMap<&str, &str> = trace["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "role")
        .filter_map(|i| Some((i["id"].as_str()?, i["title"].as_str()?)))
        .collect();
    for id in &columns {
        let title = titles[id];
        assert!(roles.contains(title), "the RACI column {title}: {roles}");
    }
    // Every row too; a long name wraps in its cell, so its first words.
    for row in raci.records() {
        let row = row.unwrap();
        let activity = &row[1];
        let start: Vec<&str> = activity.split_whitespace().take(3).collect();
        assert!(roles.contains(&start.join(" ")), "the RACI row {activity}");
    }
    assert!(roles.contains("roles.html · built 2027-02-03"), "{roles}");
}
