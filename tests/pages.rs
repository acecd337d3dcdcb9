//! Every page, for every reader (SPEC §4), measured with tools no one here
//! wrote: axe-core in headless Chromium in light and dark, the Nu HTML Checker,
//! a 390 px phone, and the printed PDF's text read back by poppler.
//!
//! The pages are those of the example site with its history replayed
//! (`scripts/example-history.sh`): every page kind, with History sections,
//! trend and burn-up charts and changes.html; and the busiest pages of a large
//! and messy site generated as real corpora come (`common::large`): 500
//! initiatives over ten years, long URLs and code, a custom workflow.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::browser::{
    audit, example_site, example_with_history, have, html_errors, html_pages, large_site,
};
use common::large;
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

/// The large site's busiest pages and those whose bodies hold long URLs, long
/// inline code, long code lines and tables of links: a handful, so that the
/// audits stay quick on a 2-core CI.
const LARGE_PAGES: [&str; 8] = [
    "index.html",
    "roadmap.html",
    "traceability.html",
    "roles.html",
    "roles/po.html",
    "initiatives/KEP-1035.html",
    "decisions/PEP-409.html",
    "milestones/v1.36.html",
];

fn large_pages() -> Vec<String> {
    LARGE_PAGES.map(String::from).to_vec()
}

#[test]
fn the_large_site_has_no_serious_or_critical_axe_violation_in_light_or_dark() {
    if !have(&["node", "chromium"]) {
        return;
    }
    let root = large_site();
    for scheme in ["light", "dark"] {
        let mut args = vec!["axe", root.to_str().unwrap(), scheme];
        args.extend(LARGE_PAGES);
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
fn the_nu_html_checker_finds_no_error_on_the_large_site() {
    if !have(&["java"]) {
        return;
    }
    let errors = html_errors(large_site(), &large_pages());
    assert!(
        errors.is_empty(),
        "{} HTML errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

/// Long URLs and long inline code wrap; code blocks and tables of links scroll
/// in their own box (301 of 736 PEP pages were up to 3,600 px wide, and
/// roles.html 1,686 px even on a desktop).
#[test]
fn no_page_of_the_large_site_is_wider_than_a_phone() {
    if !have(&["node", "chromium"]) {
        return;
    }
    let root = large_site();
    let mut args = vec!["width", root.to_str().unwrap()];
    args.extend(LARGE_PAGES);
    let widths = audit(&args);
    let wide: Vec<Value> = widths
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["width"].as_u64() > w["viewport"].as_u64())
        .cloned()
        .collect();
    assert!(
        wide.is_empty(),
        "pages wider than the phone:\n{}",
        listed(&wide, &["page", "width", "culprit"])
    );
}

/// 500 initiatives over ten years: the axis labels only what fits and stays in
/// view as the lanes scroll under it, milestone labels never overlap, and the
/// lanes are grouped by theme, open, each in a <details> that folds without
/// JavaScript.
#[test]
fn the_timeline_of_500_initiatives_over_ten_years_stays_readable() {
    let root = large_site();
    let roadmap = std::fs::read_to_string(root.join("roadmap.html")).unwrap();
    let figure = &roadmap[roadmap.find("<figure class=\"timeline-figure\"").unwrap()
        ..roadmap.find("</figure>").unwrap()];
    let lanes = figure
        .matches("<details class=\"timeline-lane\" open>")
        .count();
    assert_eq!(lanes, large::THEMES.len(), "a lane per theme, open");
    for theme in large::THEMES {
        assert!(
            figure.contains(&format!("<summary>{theme} <span class=\"muted\">")),
            "{theme}"
        );
    }
    // 34 dated milestones do not fit as titles: numbered, and listed below.
    let dated = large::FIRST_UNDATED_MILESTONE - 1;
    let key = &figure[figure.find("<ol class=\"milestone-key\"").unwrap()..];
    assert_eq!(key.matches("<li>").count(), dated);
    assert!(figure.contains("numbered as in the list below"));
    // Ten years: years alone, no month or quarter labels.
    assert!(!figure.contains(">Jan</text>") && !figure.contains(">Q1</text>"));
    assert!(figure.contains("<text class=\"year\""));
    // Milestones without a date are listed beside the timeline.
    let unscheduled = &roadmap[roadmap.find("Milestones not yet scheduled").unwrap()..];
    for m in large::FIRST_UNDATED_MILESTONE..=large::MILESTONES {
        assert!(
            unscheduled.contains(&format!("milestones/v1.{m}.html")),
            "v1.{m}"
        );
        assert!(
            !figure.contains(&format!("milestones/v1.{m}.html")),
            "v1.{m} is not drawn"
        );
    }
    // A dependency on an initiative in another lane is a short arrow.
    assert!(figure.contains("in another lane"));
    assert!(figure.contains("<path class=\"dependency elsewhere"));

    if !have(&["node", "chromium"]) {
        return;
    }
    let seen = audit(&["timeline", root.to_str().unwrap(), "roadmap.html"]);
    assert_eq!(
        seen["overlaps"],
        serde_json::json!([]),
        "axis labels overlap"
    );
    assert_eq!(
        seen["intoBars"],
        serde_json::json!([]),
        "lane labels run into the bars"
    );
    assert_eq!(seen["lanes"], large::THEMES.len());
    assert!(
        seen["scrolled"].as_f64().unwrap() > 1000.0,
        "the lanes scroll: {seen}"
    );
    assert_eq!(
        seen["axisTop"], seen["paneTop"],
        "the axis stays in view: {seen}"
    );
}

/// With 470 initiatives that serve no goal, the untraced list is grouped by
/// theme and kind, each group folded with its count; so are the gaps, by check.
#[test]
fn the_untraced_items_and_the_gaps_of_the_large_site_are_grouped_and_folded() {
    let html = std::fs::read_to_string(large_site().join("traceability.html")).unwrap();
    let untraced = &html[html.find("<h2>Not traced to a goal</h2>").unwrap()
        ..html.find("<h2>Coverage</h2>").unwrap()];
    let groups = untraced.matches("<details class=\"untraced\">").count();
    assert_eq!(
        groups,
        large::THEMES.len() + 2,
        "a group per theme, epics, stories; folded"
    );
    let mut counted = 0;
    for theme in large::THEMES {
        let at = untraced
            .find(&format!("<strong>{theme}</strong> <span class=\"muted\">"))
            .unwrap();
        let count = &untraced[at..];
        let count = &count[count.find("muted\">").unwrap() + 7..];
        counted += count[..count.find(' ').unwrap()].parse::<usize>().unwrap();
    }
    assert_eq!(
        counted,
        large::INITIATIVES - 30,
        "the 30 that serve a goal are traced"
    );
    assert!(untraced.contains(
        "<strong>Epics</strong> <span class=\"muted\">4 epics serve no initiative</span>"
    ));
    assert!(untraced.contains(
        "<strong>Stories</strong> <span class=\"muted\">6 stories belong to no epic</span>"
    ));
    let gaps = &html[html.find("<h2>Gaps</h2>").unwrap()..];
    assert!(gaps.contains("<summary><code>orphan-initiative</code> <span class=\"sev\">warning</span> <span class=\"muted\">470 found</span></summary>"), "{gaps}");
    assert_eq!(
        gaps.matches("<details class=\"gap-group severity-warning\">")
            .count(),
        3,
        "folded"
    );
    // Initiatives that serve no goal are counted, not drawn as empty rows.
    assert!(html.contains("And 470 initiatives that serve no goal"));
}

#[test]
fn the_large_site_prints_its_folded_lanes_and_groups_open() {
    if !have(&["node", "chromium", "pdftotext"]) {
        return;
    }
    let root = large_site();
    let trace = words(&printed(root, "traceability.html"));
    assert!(
        trace.contains("traceability.html · built 2024-06-01"),
        "{trace}"
    );
    // Every untraced initiative, though its group is folded on screen.
    for i in [31, 250, large::INITIATIVES] {
        assert!(
            trace.contains(&format!("KEP-{}", large::kep(i))),
            "KEP-{}",
            large::kep(i)
        );
    }
    let roadmap = words(&printed(root, "roadmap.html"));
    for theme in large::THEMES {
        assert!(roadmap.contains(&format!("{theme} ")), "the {theme} lane");
    }
    assert!(roadmap.contains("Milestones not yet scheduled"));
}
