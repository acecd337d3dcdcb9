//! `roadbook build` on fixture sites: the pages it writes, the exports, and the
//! guarantees of the write path.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use common::*;

const S1: &str = "backlog/stories/S-1-link-story.md";

fn build(site: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_roadbook"));
    cmd.args(&args)
        .current_dir(site)
        .env("SOURCE_DATE_EPOCH", "1800000000");
    cmd.output().expect("roadbook runs")
}

fn built(site: &Path) -> std::path::PathBuf {
    let out = build(site, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    site.join("public")
}

fn page(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file of a tree with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (
                rel,
                (
                    std::fs::read(e.path()).unwrap(),
                    e.metadata().unwrap().modified().unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn every_item_has_a_page_that_shows_its_chain() {
    let site = fixture("minimal");
    let out = built(site.path());
    for path in [
        "index.html",
        "roadmap.html",
        "backlog.html",
        "traceability.html",
        "roles.html",
        "search.html",
        "404.html",
        "goals/G-1.html",
        "initiatives/I-1.html",
        "milestones/M-1.html",
        "epics/E-1.html",
        "stories/S-1.html",
        "stories/S-2.html",
        "sprints/SP-1.html",
        "roles/pm.html",
        "roles/po.html",
        "roles/sm.html",
        "roles/dev.html",
        "pages/glossary.html",
        "trace.json",
        "raci.csv",
        "backlog.csv",
        "sitemap.xml",
        "search/manifest.js",
        "search/docs-0.js",
        "assets/style.css",
        "assets/roadbook.js",
        "assets/highlight.css",
    ] {
        assert!(out.join(path).is_file(), "{path} missing");
    }
    let story = page(&out, "stories/S-1.html");
    let crumbs = &story
        [story.find("class=\"breadcrumbs\"").expect("breadcrumbs")..story.find("<main").unwrap()];
    let goal = crumbs
        .find("href=\"../goals/G-1.html\"")
        .expect("goal in chain");
    let initiative = crumbs
        .find("href=\"../initiatives/I-1.html\"")
        .expect("initiative in chain");
    let epic = crumbs
        .find("href=\"../epics/E-1.html\"")
        .expect("epic in chain");
    assert!(goal < initiative && initiative < epic, "{crumbs}");
    assert!(story.contains("<strong>Given</strong> a story with an epic"));
    let epic_page = page(&out, "epics/E-1.html");
    assert!(
        epic_page.contains("href=\"../initiatives/I-1.html\""),
        "epic shows its chain"
    );
}

#[test]
fn a_goal_page_lists_every_story_below_it() {
    let site = fixture("minimal");
    let out = built(site.path());
    let goal = page(&out, "goals/G-1.html");
    for link in [
        "../initiatives/I-1.html",
        "../epics/E-1.html",
        "../stories/S-1.html",
        "../stories/S-2.html",
    ] {
        assert!(
            goal.contains(&format!("href=\"{link}\"")),
            "{link} missing from the goal page"
        );
    }
    assert!(goal.contains("id=\"KR-1\""), "key result anchor");
    assert!(
        goal.contains("aria-valuenow=\"50\""),
        "KR-1 score: (70-40)/(100-40) = 50%"
    );
}

#[test]
fn references_resolve_and_code_is_highlighted() {
    let site = fixture("minimal");
    let out = built(site.path());
    let story = page(&out, "stories/S-1.html");
    assert!(
        story.contains("<a class=\"ref\" href=\"../stories/S-2.html\"><span class=\"ref-id\">S-2</span> Show progress</a>"),
        "[[S-2]] renders as a link with id and title"
    );
    assert!(
        story.contains("<a href=\"../epics/E-1.html\">the epic</a>"),
        "[text](E-1) keeps its text"
    );
    assert!(
        story.contains(
            "<pre class=\"hl-code\" tabindex=\"0\"><code class=\"language-rust\"><span class=\"l"
        ),
        "highlighted, and a keyboard can scroll it"
    );
    let css = page(&out, "assets/highlight.css");
    assert!(css.contains(".hl-code .l0 {") && css.contains("prefers-color-scheme: dark"));
    let glossary = page(&out, "pages/glossary.html");
    assert!(
        glossary.contains("href=\"../epics/E-1.html\""),
        "reference from a free page"
    );
}

#[test]
fn unknown_language_renders_as_plain_code_with_a_warning() {
    let site = fixture("minimal");
    edit(site.path(), S1, "```rust", "```klingon");
    let out = build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("warning[unknown-language]"),
        "{}",
        text(&out.stderr)
    );
    let story = page(&site.path().join("public"), "stories/S-1.html");
    assert!(story.contains("<pre tabindex=\"0\"><code class=\"language-klingon\">fn main() {}"));
    assert_eq!(
        build(site.path(), &["--deny-warnings"]).status.code(),
        Some(1)
    );
}

#[test]
fn no_page_references_the_network() {
    let site = fixture("minimal");
    let out = built(site.path());
    for (path, (bytes, _)) in snapshot(&out) {
        if !(path.ends_with(".html") || path.ends_with(".css") || path.ends_with(".js")) {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        for pattern in [
            "src=\"http",
            "src=\"//",
            "href=\"http",
            "href=\"//",
            "@import",
            "url(http",
            "url(//",
            "fonts.googleapis",
        ] {
            assert!(
                !text.contains(pattern),
                "{path} references the network: {pattern}"
            );
        }
    }
}

#[test]
fn role_pages_match_the_raci_matrix() {
    let site = fixture("minimal");
    let out = built(site.path());
    let section = |html: &str, heading: &str| -> String {
        let start = html.find(heading).unwrap_or_else(|| panic!("{heading}"));
        let end = html[start..].find("</div>").unwrap() + start;
        html[start..end].to_owned()
    };
    let pm = page(&out, "roles/pm.html");
    assert!(section(&pm, "Accountable for").contains("Set the product strategy"));
    assert!(section(&pm, "Consulted on").contains("Order the product backlog"));
    let dev = page(&out, "roles/dev.html");
    assert!(section(&dev, "Accountable for").contains("Plan the sprint backlog"));
    assert!(section(&dev, "Responsible for").contains("Run the retrospective"));
    assert!(section(&dev, "Informed of").contains("Set the product strategy"));
    let roles = page(&out, "roles.html");
    assert!(roles.contains("<tr id=\"activity-backlog-ordering\"><th scope=\"row\">Order the product backlog</th><td><span class=\"raci raci-C\">C</span></td><td><span class=\"raci raci-A\">AR</span></td>"));
}

#[test]
fn csv_exports() {
    let site = fixture("minimal");
    let out = built(site.path());
    assert_eq!(
        page(&out, "raci.csv"),
        "activity,name,area,pm,po,sm,dev\n\
         strategy,Set the product strategy,Strategy,AR,C,I,I\n\
         backlog-ordering,Order the product backlog,Execution,C,AR,I,C\n\
         sprint-backlog,Plan the sprint backlog,Execution,,C,I,AR\n\
         retrospective,Run the retrospective,Team,,C,AR,R\n"
    );
    assert_eq!(
        page(&out, "backlog.csv"),
        "priority,id,title,status,points,epic,sprint,labels,acceptance_criteria\n\
         1,S-1,Link a story to its epic,done,3,E-1,SP-1,,2\n\
         2,S-2,Show progress,ready,2,E-1,,,1\n"
    );
}

#[test]
fn trace_json_snapshot() {
    let site = fixture("minimal");
    let out = built(site.path());
    insta::assert_snapshot!(page(&out, "trace.json"));
}

#[test]
fn trace_json_rounds_scores_and_orders_ids_as_people_count() {
    let site = fixture("minimal");
    // (49.6 − 40) / (100 − 40) is 0.16000000000000003 in floating point.
    edit(
        site.path(),
        "goals/G-1-clarity.md",
        "current = 70.0",
        "current = 49.6",
    );
    let stories: String = [10, 8, 9]
        .iter()
        .map(|n| {
            format!("[[story]]\nid = \"S-{n}\"\ntitle = \"Story {n}\"\nepic = \"E-1\"\nstatus = \"ready\"\npoints = 1\nacceptance = [\"x\"]\n\n")
        })
        .collect();
    write(site.path(), "backlog/more.toml", stories);
    let trace: serde_json::Value =
        serde_json::from_str(&page(&built(site.path()), "trace.json")).unwrap();
    let item = |id: &str| trace_item(&trace, id);
    assert_eq!(item("KR-1")["fields"]["score"], 0.16);
    assert_eq!(
        item("E-1")["children"],
        serde_json::json!(["S-1", "S-2", "S-8", "S-9", "S-10"])
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let a = fixture("minimal");
    let b = fixture("minimal");
    let (out_a, out_b) = (built(a.path()), built(b.path()));
    let strip = |m: BTreeMap<String, (Vec<u8>, SystemTime)>| {
        m.into_iter()
            .map(|(k, (v, _))| (k, v))
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(strip(snapshot(&out_a)), strip(snapshot(&out_b)));
}

#[test]
fn a_failing_build_leaves_the_previous_output_untouched() {
    let site = fixture("minimal");
    let out = built(site.path());
    let before = snapshot(&out);
    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    let result = build(site.path(), &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(text(&result.stderr).contains("the output folder was not touched"));
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_rebuild_rewrites_only_what_changed_and_removes_what_is_gone() {
    let site = fixture("minimal");
    let out = built(site.path());
    let before = snapshot(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    edit(
        site.path(),
        S1,
        "Depends on nothing.",
        "Depends on nothing, on nothing.",
    );
    let result = build(site.path(), &[]);
    // The story's page, and the search documents that quote its text (its
    // words are the same, so no term shard changes).
    assert!(
        text(&result.stderr).contains("2 written"),
        "{}",
        text(&result.stderr)
    );
    let after = snapshot(&out);
    for (path, (bytes, mtime)) in &before {
        let (new_bytes, new_mtime) = &after[path];
        if path == "stories/S-1.html" || path == "search/docs-0.js" {
            assert_ne!(bytes, new_bytes);
        } else {
            assert_eq!(
                (bytes, mtime),
                (new_bytes, new_mtime),
                "{path} was rewritten"
            );
        }
    }
    // Delete S-2: its page goes, and the pages that listed it change.
    delete_s2(site.path());
    let result = build(site.path(), &[]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert!(
        !out.join("stories/S-2.html").exists(),
        "the deleted story's page is removed"
    );
    // Its page, and the search shard of the one word only S-2 used.
    assert!(
        text(&result.stderr).contains("2 removed"),
        "{}",
        text(&result.stderr)
    );
}

#[test]
fn base_url_with_a_sub_path_keeps_links_relative() {
    let site = fixture("minimal");
    let result = build(
        site.path(),
        &["--base-url", "https://example.org/handbook/"],
    );
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let out = site.path().join("public");
    let story = page(&out, "stories/S-1.html");
    assert!(story.contains("href=\"../assets/style.css\""));
    assert!(story.contains("href=\"../index.html\""));
    assert!(
        !story.contains("href=\"/"),
        "no root-relative links in pages"
    );
    let not_found = page(&out, "404.html");
    assert!(
        not_found.contains("href=\"/handbook/assets/style.css\""),
        "the 404 page works at any depth"
    );
    assert!(
        page(&out, "sitemap.xml")
            .contains("<loc>https://example.org/handbook/stories/S-1.html</loc>")
    );
}

#[test]
fn refuses_an_output_folder_that_holds_the_sources() {
    let site = fixture("minimal");
    for bad in [".", "..", "backlog/out"] {
        let result = build(site.path(), &["-o", bad]);
        assert_eq!(result.status.code(), Some(2), "-o {bad}");
        assert!(
            text(&result.stderr).contains("choose a folder such as public/"),
            "{}",
            text(&result.stderr)
        );
    }
    assert!(site.path().join("roadbook.toml").is_file());
}

#[test]
fn site_templates_override_the_theme_and_errors_name_file_and_line() {
    let site = fixture("minimal");
    write(
        site.path(),
        "templates/story.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ title }}</p>{% endblock main %}",
    );
    let out = built(site.path());
    assert!(
        page(&out, "stories/S-1.html").contains("<p class=\"custom\">Link a story to its epic</p>")
    );
    let before = snapshot(&out);
    write(
        site.path(),
        "templates/story.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ title | no_such_filter }}\n{% endblock main %}",
    );
    let result = build(site.path(), &[]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(stderr.contains("error[template-error]"), "{stderr}");
    assert!(stderr.contains("templates/story.html:3"), "{stderr}");
    assert_eq!(snapshot(&out), before);
}

#[test]
fn html_in_fields_is_escaped() {
    let site = fixture("minimal");
    edit(
        site.path(),
        S1,
        "title = \"Link a story to its epic\"",
        "title = \"<script>alert(1)</script>\"",
    );
    let out = built(site.path());
    let story = page(&out, "stories/S-1.html");
    assert!(!story.contains("<script>alert(1)"));
    assert!(
        story.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || story.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped title"
    );
}

#[test]
fn example_site_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir().unwrap();
    let out_path = out_dir.path().join("site");
    let result = build(
        &root.join("example-site"),
        &["-o", out_path.to_str().unwrap(), "--deny-warnings"],
    );
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let home = page(&out_path, "index.html");
    assert!(home.contains("MealMate"));
    assert!(out_path.join("roadmap.html").is_file());
}

#[test]
fn drafts_are_published_only_with_the_flag() {
    let site = fixture("minimal");
    edit(
        site.path(),
        "backlog/backlog.toml",
        "id = \"S-2\"",
        "id = \"S-2\"\ndraft = true",
    );
    edit(site.path(), S1, "Next comes [[S-2]], see", "See");
    let out = built(site.path());
    assert!(
        !out.join("stories/S-2.html").exists(),
        "a draft has no page"
    );
    assert!(
        !page(&out, "backlog.csv").contains("S-2"),
        "nor a row in the exports"
    );
    assert!(
        !page(&out, "epics/E-1.html").contains("S-2"),
        "nor a link from its epic"
    );
    let result = build(site.path(), &["--drafts"]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert!(
        out.join("stories/S-2.html").is_file(),
        "--drafts publishes it"
    );
    assert!(text(&result.stderr).contains("1 removed") || text(&result.stderr).contains("written"));
}

#[test]
fn a_link_to_an_unpublished_draft_fails_the_build_and_says_why() {
    let site = fixture("minimal");
    edit(
        site.path(),
        "backlog/epics/E-1-links.md",
        "id = \"E-1\"",
        "id = \"E-1\"\ndraft = true",
    );
    let result = build(site.path(), &[]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("`E-1` is a draft (draft = true), left out of the site"),
        "{stderr}"
    );
    assert!(!site.path().join("public").exists());
    // `check` looks at everything, drafts included.
    assert_eq!(roadbook(&["check"], site.path()).status.code(), Some(0));
    assert_eq!(build(site.path(), &["--drafts"]).status.code(), Some(0));
}

#[test]
fn a_site_with_no_items_yet_builds_an_empty_search_index() {
    let site = tempfile::tempdir().unwrap();
    write(site.path(), "roadbook.toml", "title = \"Empty\"\n");
    let out = built(site.path());
    let index = common::search::Index::read(&out);
    assert!(index.docs.is_empty() && index.terms.is_empty());
}

#[test]
fn search_index_covers_every_item_and_page() {
    let site = fixture("minimal");
    let out = built(site.path());
    let index = common::search::Index::read(&out);
    for id in [
        "G-1",
        "KR-1",
        "I-1",
        "M-1",
        "E-1",
        "S-1",
        "S-2",
        "SP-1",
        "pm",
        "po",
        "sm",
        "dev",
        "strategy",
        "sprint-planning",
        "glossary",
    ] {
        index.doc(id);
    }
    let s1 = index.doc("S-1");
    assert_eq!(
        (s1.url.as_str(), s1.kind.as_str()),
        ("stories/S-1.html", "story")
    );
    // Plain text: references read as the id and title, not `[[S-2]]`.
    assert!(s1.text.starts_with("Depends on nothing."), "{}", s1.text);
    assert!(s1.text.contains("S-2 Show progress"), "{}", s1.text);
    assert!(!s1.text.contains("[["), "{}", s1.text);
    // Every word of the text is a term, and the whole id is one too.
    assert!(index.find("depends").contains(&"S-1"));
    assert_eq!(
        index.terms["s-1"],
        [(index.docs.iter().position(|d| d.id == "S-1").unwrap(), 2)]
    );
    assert_eq!(index.manifest["kinds"]["story"], "Stories");
}

#[test]
fn a_theme_folder_replaces_the_default_templates() {
    let site = fixture("minimal");
    write(
        site.path(),
        "themes/plain/templates/story.html",
        "<!doctype html><title>{{ title }}</title><p class=\"plain\">{{ id }}</p>",
    );
    edit(
        site.path(),
        "roadbook.toml",
        "description =",
        "theme = \"plain\"\ndescription =",
    );
    let out = built(site.path());
    assert_eq!(
        page(&out, "stories/S-1.html"),
        "<!doctype html><title>Link a story to its epic</title><p class=\"plain\">S-1</p>"
    );
    assert!(
        page(&out, "index.html").contains("class=\"hero\""),
        "other templates come from the default theme"
    );
}

#[test]
fn a_first_build_that_fails_while_rendering_leaves_nothing_behind() {
    let site = fixture("minimal");
    // Pages stream to disk as they render; this template fails only at render
    // time, on story pages, after other pages were already written.
    write(
        site.path(),
        "templates/story.html",
        "{% extends \"base.html\" %}{% block main %}{{ no_such_variable }}{% endblock main %}",
    );
    let result = build(site.path(), &[]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = text(&result.stderr);
    assert!(stderr.contains("error[template-error]"), "{stderr}");
    let left: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("public") || name.contains("roadbook-"))
        .collect();
    assert!(left.is_empty(), "the failed build left {left:?}");
}

#[test]
fn a_first_build_writes_every_file_with_ordinary_permissions() {
    let site = fixture("minimal");
    let out = built(site.path());
    let leftovers = std::fs::read_dir(site.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("roadbook-")
        })
        .count();
    assert_eq!(leftovers, 0);
    assert!(out.join("index.html").is_file());
    assert!(out.join("stories/S-1.html").is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        // A private temporary folder would be 0700: others could not serve it.
        assert_eq!(mode & 0o005, 0o005, "others can read the site: {mode:o}");
    }
}

#[test]
fn a_search_index_larger_than_one_batch_points_every_term_at_its_document() {
    // The index is made 4,096 documents at a time: 4,200 stories span two
    // batches, and a word only one story uses must lead to that story.
    let site = tempfile::tempdir().unwrap();
    write(site.path(), "roadbook.toml", "title = \"Many\"\n");
    let stories: String = (1..=4200)
        .map(|i| {
            format!(
                "[[story]]\nid = \"S-{i}\"\ntitle = \"Story {i}\"\nbody = \"Only here: w{i}q.\"\n\n"
            )
        })
        .collect();
    write(site.path(), "backlog/backlog.toml", stories);
    let out = built(site.path());
    let index = common::search::Index::read(&out);
    assert_eq!(index.docs.len(), 4200);
    for i in [1, 2048, 4095, 4096, 4097, 4098, 4200] {
        let at = index
            .docs
            .iter()
            .position(|d| d.id == format!("S-{i}"))
            .unwrap();
        assert_eq!(index.terms[&format!("w{i}q")], [(at, 0)], "S-{i}");
        assert_eq!(index.terms[&format!("s-{i}")], [(at, 2)], "S-{i}");
        assert_eq!(index.docs[at].text, format!("Only here: w{i}q."));
    }
    // Every story's number is in its title, so `story` is in all 4,200.
    let story: Vec<usize> = index.terms["story"].iter().map(|&(d, _)| d).collect();
    assert_eq!(story.len(), 4200);
    assert!(
        story.windows(2).all(|w| w[0] < w[1]),
        "postings in document order"
    );
}

/// SPEC §1: a milestone without a date is planned but not scheduled: the build
/// accepts it, lists it beside the timeline and draws it nowhere on it.
#[test]
fn a_milestone_without_a_date_is_listed_beside_the_timeline_not_drawn_on_it() {
    let site = fixture("minimal");
    write(
        site.path(),
        "roadmap/milestones.toml",
        "[[milestone]]\nid = \"M-1\"\ntitle = \"Beta\"\ndate = 2027-02-15\n\n\
         [[milestone]]\nid = \"M-2\"\ntitle = \"General availability\"\n",
    );
    edit(
        site.path(),
        "roadmap/I-1-tracing.md",
        "milestones = [\"M-1\"]",
        "milestones = [\"M-1\", \"M-2\"]",
    );
    let out = built(site.path());
    let roadmap = page(&out, "roadmap.html");
    let figure = &roadmap[roadmap.find("<figure class=\"timeline-figure\"").unwrap()
        ..roadmap.find("</figure>").unwrap()];
    assert!(figure.contains(">Beta</text>"), "{figure}");
    assert!(!figure.contains("M-2"), "not drawn: {figure}");
    let beside = &roadmap[roadmap.find("Milestones not yet scheduled").unwrap()..];
    assert!(beside.contains("milestones/M-2.html"), "{beside}");
    assert!(page(&out, "milestones/M-2.html").contains("Not scheduled yet"));
    let initiative = page(&out, "initiatives/I-1.html");
    assert!(initiative.contains("◆ 2027-02-15"), "{initiative}");
    assert!(initiative.contains("not scheduled yet"), "{initiative}");
    let trace: serde_json::Value = serde_json::from_str(&page(&out, "trace.json")).unwrap();
    let m2 = trace["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "M-2")
        .unwrap();
    assert!(m2["fields"]["date"].is_null(), "{m2}");
    assert!(page(&out, "sitemap.xml").contains("milestones/M-2.html"));
}

/// Each heading of `html`'s main content with the text that follows it up to
/// the next heading, tags dropped.
fn sections(html: &str) -> Vec<(String, String)> {
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    let text = |s: &str| {
        let mut out = String::new();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    main.split("<h")
        .skip(1)
        .filter(|s| s.starts_with(['1', '2', '3', '4']))
        .map(|s| {
            let (start, end) = (s.find('>').unwrap() + 1, s.find("</h").unwrap());
            (text(&s[start..end]), text(&s[end + 5..]))
        })
        .collect()
}

/// A site where nothing is traced yet (initiatives, no goals, epics or
/// stories): no heading of the traceability page stands over nothing.
#[test]
fn traceability_shows_no_heading_over_an_empty_section() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    write(site, "roadbook.toml", "title = \"Nothing traced\"\n");
    write(
        site,
        "roadmap/roadmap.toml",
        "[[initiative]]\nid = \"I-1\"\ntitle = \"One\"\ntheme = \"Node\"\n\n\
         [[initiative]]\nid = \"I-2\"\ntitle = \"Two\"\ntheme = \"Storage\"\n\n\
         [[initiative]]\nid = \"I-3\"\ntitle = \"Three\"\n",
    );
    let out = built(site);
    let html = page(&out, "traceability.html");
    let sections = sections(&html);
    for (heading, after) in &sections {
        assert!(
            !after.is_empty(),
            "{heading:?} stands over nothing: {sections:?}"
        );
    }
    let headings: Vec<&str> = sections.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(
        headings,
        ["Traceability", "Not traced to a goal", "Gaps", "Waivers"]
    );
    // The three untraced initiatives, by theme, open as there are few.
    let untraced =
        &html[html.find("Not traced to a goal").unwrap()..html.find("<h2>Gaps").unwrap()];
    for (group, count) in [
        ("Node", "1 initiative serves no goal"),
        ("Storage", "1 initiative serves no goal"),
        ("Other", "1 initiative serves no goal"),
    ] {
        assert!(
            untraced.contains(&format!(
                "<strong>{group}</strong> <span class=\"muted\">{count}</span>"
            )),
            "{untraced}"
        );
    }
    assert_eq!(
        untraced
            .matches("<details class=\"untraced\" open>")
            .count(),
        3
    );
}
