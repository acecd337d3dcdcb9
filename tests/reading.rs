//! What readers do on the built example site, opened from `file://` in
//! headless Chromium (SPEC §4): filter the backlog and the roadmap and share
//! the link, and search the full text of every item and page.

mod common;

use std::collections::BTreeSet;

use common::browser::{audit, example_site, have};
use serde_json::Value;

fn root() -> &'static str {
    example_site().to_str().unwrap()
}

fn trace() -> Value {
    serde_json::from_str(&std::fs::read_to_string(example_site().join("trace.json")).unwrap())
        .unwrap()
}

/// `backlog.csv` rows: priority,id,title,status,points,epic,sprint,labels,…
fn backlog() -> Vec<Vec<String>> {
    csv::Reader::from_path(example_site().join("backlog.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn ids(step: &Value) -> Vec<String> {
    step["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_owned())
        .collect()
}

fn stories_where(keep: impl Fn(&[String]) -> bool) -> Vec<String> {
    backlog()
        .iter()
        .filter(|r| keep(r))
        .map(|r| r[1].clone())
        .collect()
}

#[test]
fn backlog_filters_come_from_the_query_string_and_survive_a_reload() {
    if !have(&["node", "chromium"]) {
        return;
    }
    let expected = stories_where(|r| r[3] == "done" && r[5] == "E-2");
    let sprint = stories_where(|r| r[3] == "done" && r[5] == "E-2" && r[6] == "SP-1");
    assert!(
        !sprint.is_empty() && sprint.len() < expected.len(),
        "{expected:?} {sprint:?}"
    );

    let steps = audit(&[
        "filters",
        root(),
        "backlog.html?status=done&epic=E-2",
        "#backlog-table tbody tr",
        "filter-sprint=SP-1",
    ]);
    let steps = steps.as_array().unwrap();
    assert_eq!(ids(&steps[0]), expected, "opened from a shared link");
    assert_eq!(steps[0]["search"], "?status=done&epic=E-2");
    assert_eq!(ids(&steps[1]), sprint, "a third filter narrows further");
    assert_eq!(steps[1]["search"], "?status=done&epic=E-2&sprint=SP-1");
    let reload = &steps[2];
    assert_eq!(ids(reload), sprint, "the same rows after a reload");
    assert_eq!(reload["selects"]["filter-status"], "done");
    assert_eq!(reload["selects"]["filter-epic"], "E-2");
    assert_eq!(reload["selects"]["filter-sprint"], "SP-1");
}

#[test]
fn backlog_filters_by_goal_owner_and_label_follow_the_trace() {
    if !have(&["node", "chromium"]) {
        return;
    }
    let trace = trace();
    let items = trace["items"].as_array().unwrap();
    let item = |id: &str| items.iter().find(|i| i["id"] == id).unwrap();
    // A story serves a goal through its epic and the epic's initiative.
    let serves = |story: &str, goal: &str| -> bool {
        let Some(epic) = item(story)["parents"].as_array().unwrap().first() else {
            return false;
        };
        let Some(initiative) = item(epic.as_str().unwrap())["parents"]
            .as_array()
            .unwrap()
            .first()
        else {
            return false;
        };
        item(initiative.as_str().unwrap())["parents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == goal)
    };
    let g2 = stories_where(|r| serves(&r[1], "G-2"));
    assert!(!g2.is_empty());
    let label = backlog()
        .iter()
        .find_map(|r| r[7].split(';').find(|l| !l.is_empty()).map(str::to_owned))
        .expect("a story with a label");
    let labelled = stories_where(|r| r[7].split(';').any(|l| l == label));

    let steps = audit(&[
        "filters",
        root(),
        "backlog.html?goal=G-2",
        "#backlog-table tbody tr",
        "filter-goal=",
        &format!("filter-label={label}"),
    ]);
    let steps = steps.as_array().unwrap();
    assert_eq!(ids(&steps[0]), g2, "?goal=G-2");
    assert_eq!(
        ids(&steps[1]).len(),
        backlog().len(),
        "All shows every story"
    );
    assert_eq!(steps[1]["search"], "");
    assert_eq!(ids(&steps[2]), labelled, "label {label}");
}

#[test]
fn roadmap_filters_by_health_and_theme_from_the_query_string() {
    if !have(&["node", "chromium"]) {
        return;
    }
    let trace = trace();
    let initiatives: Vec<&Value> = trace["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "initiative" && i["fields"]["horizon"].is_string())
        .collect();
    let with = |key: &str, value: &str| -> Vec<String> {
        let mut ids: Vec<String> = initiatives
            .iter()
            .filter(|i| i["fields"][key] == value)
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let at_risk = with("health", "at-risk");
    assert!(!at_risk.is_empty());
    let theme = initiatives[0]["fields"]["theme"].as_str().unwrap();

    let steps = audit(&[
        "filters",
        root(),
        "roadmap.html?health=at-risk",
        ".initiative-card",
        "filter-health=",
        &format!("filter-theme={theme}"),
    ]);
    let steps = steps.as_array().unwrap();
    let sorted = |step: &Value| -> Vec<String> {
        let mut v = ids(step);
        v.sort();
        v
    };
    assert_eq!(sorted(&steps[0]), at_risk, "?health=at-risk");
    assert_eq!(sorted(&steps[2]), with("theme", theme), "theme {theme}");
    assert!(
        steps[3]["search"].as_str().unwrap().starts_with("?theme="),
        "{}",
        steps[3]["search"]
    );
    assert_eq!(sorted(&steps[3]), with("theme", theme), "after a reload");
}

#[test]
fn decisions_filter_by_a_person_or_a_role_from_the_query_string() {
    if !have(&["node", "chromium"]) {
        return;
    }
    let trace = trace();
    let took = |who: &str| -> Vec<String> {
        let mut ids: Vec<(String, String)> = trace["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "decision")
            .filter(|i| {
                i["fields"]["deciders"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d == who)
            })
            .map(|i| {
                let date = i["fields"]["date"].as_str().unwrap_or("").to_owned();
                (date, i["id"].as_str().unwrap().to_owned())
            })
            .collect();
        ids.sort_by(|a, b| b.cmp(a));
        ids.into_iter().map(|(_, id)| id).collect()
    };
    let (priya, pm) = (took("priya"), took("pm"));
    assert!(!priya.is_empty() && pm.len() > 1, "{priya:?} {pm:?}");
    let steps = audit(&[
        "filters",
        root(),
        "decisions.html?decider=priya",
        "#decision-table tbody tr",
        "filter-decider=pm",
        "filter-status=accepted",
    ]);
    let steps = steps.as_array().unwrap();
    assert_eq!(ids(&steps[0]), priya, "a person, from a shared link");
    assert_eq!(ids(&steps[1]), pm, "a role");
    assert_eq!(steps[1]["search"], "?decider=pm");
    let accepted: Vec<String> = pm
        .iter()
        .filter(|id| {
            trace["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["id"] == id.as_str() && i["fields"]["status"] == "accepted")
        })
        .cloned()
        .collect();
    assert!(accepted.len() < pm.len(), "{accepted:?}");
    assert_eq!(ids(&steps[2]), accepted);
    assert_eq!(steps[2]["search"], "?decider=pm&status=accepted");
    assert_eq!(ids(&steps[3]), accepted, "the same rows after a reload");
    assert_eq!(steps[3]["selects"]["filter-decider"], "pm");
}

fn options(result: &Value) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for group in result["groups"].as_array().unwrap() {
        for o in group["options"].as_array().unwrap() {
            out.push((
                group["kind"].as_str().unwrap().to_owned(),
                o["href"].as_str().unwrap().to_owned(),
                o["marks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap().to_owned())
                    .collect(),
            ));
        }
    }
    out
}

#[test]
fn the_search_box_finds_a_word_deep_in_a_body_as_an_aria_combobox() {
    if !have(&["node", "chromium"]) {
        return;
    }
    // "quarters" is in the last section of the Product Owner's charter, some
    // 3,000 characters in.
    let result = audit(&["search", root(), "index.html", "quarters"]);
    assert_eq!(result["role"], "combobox");
    assert_eq!(result["expanded"], "true");
    assert_eq!(result["listbox"], "listbox");
    assert_eq!(result["controls"], "search-results");
    let found = options(&result);
    let po = found
        .iter()
        .find(|(_, href, _)| href == "roles/po.html")
        .unwrap_or_else(|| panic!("the PO's charter: {found:?}"));
    assert_eq!(po.0, "Roles", "grouped under its kind");
    assert_eq!(po.2, ["quarters"], "the match is marked in the excerpt");
    assert_eq!(
        result["activedescendant"], "search-option-0",
        "the arrow key selects the first option"
    );
    // Nothing of the index loads before the reader types; then the manifest,
    // one term shard and the documents shown.
    let scripts: Vec<&str> = result["scripts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .filter(|s| s.contains("search/"))
        .collect();
    assert!(scripts.contains(&"search/manifest.js"), "{scripts:?}");
    assert_eq!(
        scripts.iter().filter(|s| s.contains("/t-")).count(),
        1,
        "one shard for one word: {scripts:?}"
    );
}

#[test]
fn a_prefix_finds_whole_words_and_a_charter_sentence_finds_its_role() {
    if !have(&["node", "chromium"]) {
        return;
    }
    let found = options(&audit(&["search", root(), "roadmap.html", "accou"]));
    let roles: BTreeSet<&str> = found
        .iter()
        .filter(|(kind, ..)| kind == "Roles")
        .map(|(_, href, _)| href.as_str())
        .collect();
    assert!(
        roles.contains("roles/po.html") && roles.contains("roles/dev.html"),
        "\"accou\" finds the charters that say accountable: {found:?}"
    );
    assert!(
        found
            .iter()
            .flat_map(|(.., marks)| marks)
            .all(|m| m.to_lowercase().starts_with("accou")),
        "{found:?}"
    );

    let sentence = "Orders the product backlog to maximise the value";
    let found = options(&audit(&["search", root(), "index.html", sentence]));
    assert_eq!(found[0].0, "Roles", "{found:?}");
    assert_eq!(found[0].1, "roles/po.html", "{found:?}");
}

#[test]
fn search_stems_words_and_finds_states() {
    if !have(&["node", "chromium"]) {
        return;
    }
    // "allergy" finds the story titled with "allergies".
    let result = audit(&["searchpage", root(), "allergy"]);
    let stories = result["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["kind"] == "Stories")
        .unwrap_or_else(|| panic!("{result}"));
    let s2 = stories["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["href"] == "stories/S-2.html")
        .unwrap_or_else(|| panic!("S-2: {result}"));
    assert!(
        s2["text"].as_str().unwrap().contains("Record allergies"),
        "{s2}"
    );
    assert!(
        s2["marks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "allergies"),
        "{s2}"
    );
    // Excerpts are plain text: no `[[…]]` and no Markdown.
    let all = result.to_string();
    assert!(!all.contains("[[") && !all.contains("**"), "{all}");

    // "at risk" finds every initiative whose health is at-risk.
    let trace = trace();
    let at_risk: Vec<String> = trace["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "initiative" && i["fields"]["health"] == "at-risk")
        .map(|i| i["url"].as_str().unwrap().to_owned())
        .collect();
    assert!(!at_risk.is_empty());
    let result = audit(&["searchpage", root(), "at risk"]);
    let initiatives: Vec<&str> = result["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["kind"] == "Initiatives")
        .flat_map(|g| g["hits"].as_array().unwrap())
        .map(|h| h["href"].as_str().unwrap())
        .collect();
    for url in &at_risk {
        assert!(initiatives.contains(&url.as_str()), "{url}: {result}");
    }
}
