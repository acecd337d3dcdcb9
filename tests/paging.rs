//! Large sites stay readable: `[build] page_size` splits the backlog into pages
//! that work without JavaScript, caps the stories a sprint's or an epic's page
//! lists, and stops the traceability tree above the stories. With JavaScript,
//! the paged backlog filters every row, as the one-page backlog does, and draws
//! the rows after a page's own as the reader scrolls.

mod common;

use std::path::{Path, PathBuf};

use common::browser::{audit, example_site, have, html_errors};
use common::*;
use serde_json::Value;
use tempfile::TempDir;

/// The example site with `page_size = SIZE`, built as the README builds it.
fn example_paged(size: usize) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        &site,
    );
    let _ = std::fs::remove_dir_all(site.join("public"));
    edit(
        &site,
        "roadbook.toml",
        "[build]\n",
        &format!("[build]\npage_size = {size}\n"),
    );
    let out = dir.path().join("public");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["build", "--deny-warnings", "-o"])
        .arg(&out)
        .arg(&site)
        .env("SOURCE_DATE_EPOCH", "1801656000")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run.stderr));
    (dir, out)
}

/// `backlog.csv`'s rows: priority,id,title,status,points,epic,sprint,labels,…
fn backlog_csv(out: &Path) -> Vec<Vec<String>> {
    csv::Reader::from_path(out.join("backlog.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// The ids of the backlog table's rows, in order.
fn row_ids(html: &str) -> Vec<String> {
    html.split("<tr data-id=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_backlog_longer_than_page_size_is_split_into_linked_pages() {
    let (_dir, out) = example_paged(5);
    let ids: Vec<String> = backlog_csv(&out)
        .into_iter()
        .map(|r| r[1].clone())
        .collect();
    assert!(ids.len() > 20, "the example has {} stories", ids.len());
    let pages = ids.len().div_ceil(5);

    let mut seen = Vec::new();
    for n in 1..=pages {
        let path = if n == 1 {
            "backlog.html".to_owned()
        } else {
            format!("backlog/{n}.html")
        };
        let html = read(&out, &path);
        let rows = row_ids(&html);
        assert!(!rows.is_empty() && rows.len() <= 5, "{path}: {rows:?}");
        seen.extend(rows);
        let root = if n == 1 { "" } else { "../" };
        assert!(
            html.contains(&format!("page {n} of {pages}.")),
            "{path} says where it is"
        );
        assert!(
            html.contains(&format!(
                "<a aria-current=\"page\" href=\"{root}{path}\">{n}</a>"
            )),
            "{path} marks itself in the pager"
        );
        if n > 1 {
            assert!(html.contains(&format!("<title>Backlog, page {n} of {pages}")));
            let previous = if n == 2 {
                "backlog.html".to_owned()
            } else {
                format!("backlog/{}.html", n - 1)
            };
            assert!(
                html.contains(&format!("href=\"{root}{previous}\" rel=\"prev\"")),
                "{path} links back to {previous}"
            );
        } else {
            assert!(!html.contains("rel=\"prev\""));
        }
        if n < pages {
            assert!(
                html.contains(&format!(
                    "href=\"{root}backlog/{}.html\" rel=\"next\"",
                    n + 1
                )),
                "{path} links on"
            );
        } else {
            assert!(!html.contains("rel=\"next\""), "the last page has no next");
        }
    }
    assert_eq!(
        seen, ids,
        "the pages hold every story once, in backlog order"
    );
    assert!(!out.join(format!("backlog/{}.html", pages + 1)).exists());
    assert!(read(&out, "sitemap.xml").contains("backlog/2.html"));

    // Every row, for the filters and for drawing rows as the reader scrolls.
    let script = read(&out, "backlog/rows.js");
    let json = script
        .strip_prefix("RB_BACKLOG(")
        .and_then(|s| s.strip_suffix(");\n"))
        .expect("a call of RB_BACKLOG");
    let data: Value = serde_json::from_str(json).unwrap();
    let rows = data["rows"].as_array().unwrap();
    let script_ids: Vec<&str> = rows.iter().map(|r| r[0].as_str().unwrap()).collect();
    assert_eq!(script_ids, ids);
    let first = &backlog_csv(&out)[0];
    let epic = &data["epics"][rows[0][6].as_u64().unwrap() as usize];
    assert_eq!(epic[0], first[5].as_str(), "a row's epic indexes the epics");
    assert_eq!(rows[0][3], first[3].as_str(), "status");

    // The one-page backlog of the same site has neither pages nor a pager.
    let one = example_site();
    assert!(!one.join("backlog").exists());
    assert!(!read(one, "backlog.html").contains("class=\"pager\""));
    assert_eq!(row_ids(&read(one, "backlog.html")), ids);
}

#[test]
fn a_sprint_with_more_stories_than_page_size_links_to_the_rest_in_the_backlog() {
    let (_dir, out) = example_paged(5);
    let csv = backlog_csv(&out);
    let (sprint, total) = ["SP-1", "SP-2", "SP-3"]
        .iter()
        .map(|s| (*s, csv.iter().filter(|r| r[6] == *s).count()))
        .find(|(_, n)| *n > 5)
        .expect("a sprint of more than five stories");
    let html = read(&out, &format!("sprints/{sprint}.html"));
    let table = &html[html.find("<table class=\"stories\">").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(table.matches("<tr><td class=\"story-cell\">").count(), 5);
    assert!(
        html.contains(&format!(
            "The first 5 of {total} stories are listed. <a href=\"../backlog.html?sprint={sprint}\">All {total} in the backlog</a>"
        )),
        "{sprint} links to the backlog filtered to its {total} stories"
    );
    // Within the limit, nothing is said.
    assert!(!read(example_site(), &format!("sprints/{sprint}.html")).contains("more-stories"));
}

#[test]
fn the_traceability_tree_stops_above_the_stories_of_a_large_site() {
    // 8 epics and more than 10 stories: the tree goes down to the epics.
    let (_a, epics) = example_paged(10);
    let html = read(&epics, "traceability.html");
    assert!(html.contains("the tree stops at the epics: each epic's page lists its stories."));
    assert!(!html.contains("class=\"leaves\""), "no story leaves");
    let tree = &html[..html.find("<h2>Coverage</h2>").unwrap()];
    for e in 1..=8 {
        assert!(
            tree.contains(&format!("href=\"epics/E-{e}.html\"")),
            "E-{e} in the tree"
        );
    }
    assert!(!tree.contains("href=\"stories/"), "no story in the tree");

    // More epics than 5 too: it stops at the initiatives, each with its count.
    let (_b, initiatives) = example_paged(5);
    let html = read(&initiatives, "traceability.html");
    assert!(html.contains("the tree stops at the initiatives: each initiative's page lists its epics and their stories."));
    let tree = &html[..html.find("<h2>Coverage</h2>").unwrap()];
    assert!(!tree.contains("href=\"epics/"), "no epic in the tree");
    assert!(tree.contains("href=\"initiatives/I-1.html\""));
    let trace: Value = serde_json::from_str(&read(&initiatives, "trace.json")).unwrap();
    let epics_of_i1 = trace["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            i["kind"] == "epic" && i["parents"].as_array().unwrap().iter().any(|p| p == "I-1")
        })
        .count();
    assert!(epics_of_i1 > 0);
    let i1 = &tree[tree.find("href=\"initiatives/I-1.html\"").unwrap()..];
    let i1 = &i1[..i1.find("</li>").unwrap()];
    assert!(
        i1.contains(&format!(
            " <span class=\"muted\">{epics_of_i1} epics</span></div>"
        )),
        "{i1}"
    );

    // The example as it is shows every story in the tree.
    let whole = read(example_site(), "traceability.html");
    assert!(whole.contains("class=\"leaves\""));
    assert!(!whole.contains("the tree stops"));
}

#[test]
fn a_page_size_that_is_not_a_count_is_an_error_at_its_line() {
    let dir = fixture("minimal");
    let site = dir.path();
    edit(
        site,
        "roadbook.toml",
        "[build]\n",
        "[build]\npage_size = 0\n",
    );
    let config = std::fs::read_to_string(site.join("roadbook.toml")).unwrap();
    let line = config.lines().position(|l| l == "page_size = 0").unwrap() as u64 + 1;
    let (code, diagnostics) = check_json(site, &[]);
    assert_eq!(code, 1);
    let d = expect_one(
        &diagnostics,
        "invalid-value",
        "error",
        "roadbook.toml",
        line,
        13,
    );
    assert!(d["message"].as_str().unwrap().contains("`page_size` is 0"));
    assert!(d["help"].as_str().unwrap().contains("page_size = 1000"));
}

#[test]
fn the_paged_backlog_filters_every_row_as_the_one_page_backlog_does() {
    if !have(&["node", "chromium"]) {
        return;
    }
    let (_dir, paged) = example_paged(5);
    let one = example_site();
    for (start, choices) in [
        (
            "backlog.html?status=done&epic=E-2",
            vec!["filter-sprint=SP-1", "filter-epic="],
        ),
        (
            "backlog/3.html?goal=G-2",
            vec!["filter-goal=", "filter-status=ready"],
        ),
        (
            "backlog.html",
            vec!["filter-initiative=I-2", "filter-label=diets"],
        ),
    ] {
        let run = |root: &Path, start: &str| {
            let mut args = vec![
                "filters",
                root.to_str().unwrap(),
                start,
                "#backlog-table tbody tr",
            ];
            args.extend(choices.iter().copied());
            audit(&args)
        };
        let expected = run(one, &start.replace("backlog/3.html", "backlog.html"));
        let got = run(&paged, start);
        let (expected, got) = (expected.as_array().unwrap(), got.as_array().unwrap());
        // With no filter chosen, a page shows its own rows and those after them.
        for (e, g) in expected.iter().zip(got).filter(|(e, _)| e["search"] != "") {
            assert_eq!(
                strings(&g["rows"]),
                strings(&e["rows"]),
                "{start}, at {}",
                e["at"]
            );
            assert_eq!(g["search"], e["search"], "{start}, at {}", e["at"]);
        }
    }
}

#[test]
fn the_paged_backlog_draws_the_following_rows_as_the_reader_scrolls() {
    if !have(&["node", "chromium"]) {
        return;
    }
    let (_dir, paged) = example_paged(12);
    let ids: Vec<String> = backlog_csv(&paged)
        .into_iter()
        .map(|r| r[1].clone())
        .collect();
    let first = audit(&[
        "scroll",
        paged.to_str().unwrap(),
        "backlog.html",
        "#backlog-table tbody tr",
    ]);
    assert_eq!(
        strings(&first["opened"])[..12],
        ids[..12],
        "the page's own rows first"
    );
    assert_eq!(
        strings(&first["rows"]),
        ids,
        "then every row, in order, once"
    );
    assert_eq!(first["count"], format!("{} stories", ids.len()));
    let second = audit(&[
        "scroll",
        paged.to_str().unwrap(),
        "backlog/2.html",
        "#backlog-table tbody tr",
    ]);
    assert_eq!(strings(&second["rows"]), ids[12..], "from page 2 on");
    assert_eq!(second["pager"], true, "the pager stays for the rows before");
}

#[test]
fn the_pages_of_a_paged_site_pass_axe_and_the_nu_html_checker() {
    // 5: the tree stops at the initiatives; 10: at the epics.
    let (_a, five) = example_paged(5);
    let (_b, ten) = example_paged(10);
    let pages: Vec<String> = [
        "backlog.html",
        "backlog/2.html",
        "backlog/8.html",
        "traceability.html",
        "sprints/SP-1.html",
        "epics/E-4.html",
        "index.html",
    ]
    .map(String::from)
    .to_vec();
    for (root, pages) in [(&five, &pages[..]), (&ten, &pages[3..4])] {
        if have(&["java"]) {
            let errors = html_errors(root, pages);
            assert!(errors.is_empty(), "{}", errors.join("\n"));
        }
        if have(&["node", "chromium"]) {
            for scheme in ["light", "dark"] {
                let mut args = vec!["axe", root.to_str().unwrap(), scheme];
                args.extend(pages.iter().map(String::as_str));
                let found = audit(&args);
                assert_eq!(found, serde_json::json!([]), "{scheme}");
            }
        }
    }
}
