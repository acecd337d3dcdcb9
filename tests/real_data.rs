//! What real public data found (issue 28): 654 Kubernetes enhancement proposals
//! and 736 Python enhancement proposals, converted into sites the way a
//! migrating team would script it. Each test is one of the bugs they showed,
//! made small.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;

fn build(site: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    std::process::Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(&args)
        .current_dir(site)
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .output()
        .expect("roadbook runs")
}

fn append(site: &Path, file: &str, more: &str) {
    let path = site.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(more);
    std::fs::write(path, text).unwrap();
}

/// Duplicate KEP numbers: a site that lowers `duplicate-id` to a warning gets
/// both items built, the second on a page of its own, instead of a build that
/// dies staging the same file twice.
#[test]
fn a_duplicate_id_lowered_to_a_warning_builds_both_items() {
    let site = fixture("minimal");
    append(
        site.path(),
        "roadbook.toml",
        "\n[checks]\nduplicate-id = \"warning\"\n",
    );
    let first = std::fs::read_to_string(site.path().join("roadmap/I-1-tracing.md")).unwrap();
    write(
        site.path(),
        "roadmap/I-1-again.md",
        first.replace("Trace every story", "A second KEP numbered alike"),
    );
    let out = build(site.path(), &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning[duplicate-id]"), "{stderr}");
    let public = site.path().join("public");
    let pages: Vec<String> = ["initiatives/I-1.html", "initiatives/I-1~2.html"]
        .iter()
        .map(|p| std::fs::read_to_string(public.join(p)).unwrap_or_else(|e| panic!("{p}: {e}")))
        .collect();
    let titles = ["Trace every story", "A second KEP numbered alike"];
    assert!(
        titles.iter().all(|t| pages.iter().any(|p| p.contains(t))),
        "each item has its page"
    );
    assert_ne!(pages[0], pages[1]);
    let roadmap = std::fs::read_to_string(public.join("roadmap.html")).unwrap();
    assert!(
        roadmap.contains("href=\"initiatives/I-1~2.html\""),
        "listed"
    );
    // Left as an error, the build stops before writing anything.
    let strict = fixture("minimal");
    write(
        strict.path(),
        "roadmap/I-1-again.md",
        first.replace("Trace every story", "A second KEP numbered alike"),
    );
    let out = build(strict.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(!strict.path().join("public").exists());
}

/// 25 stories without an epic (warnings) and one unknown id (an error), as the
/// KEP site buried 90 errors under 2,040 warnings.
fn flooded() -> tempfile::TempDir {
    let site = fixture("minimal");
    let stories: String = (1..=25)
        .map(|n| {
            format!(
                "[[story]]\nid = \"S-10{n}\"\ntitle = \"Loose story {n}\"\nstatus = \"draft\"\n\n"
            )
        })
        .collect();
    write(site.path(), "backlog/loose.toml", stories);
    write(
        site.path(),
        "backlog/wrong.toml",
        "[[story]]\nid = \"S-900\"\ntitle = \"Points at nothing\"\nepic = \"E-404\"\nstatus = \"draft\"\n",
    );
    site
}

#[test]
fn a_flood_of_one_code_ends_with_the_counts_errors_first() {
    let site = flooded();
    let out = roadbook(&["check"], site.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let table = stderr
        .split("diagnostics by code:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no table: {stderr}"));
    let lines: Vec<&str> = table.lines().take(2).collect();
    assert!(
        lines[0].split_whitespace().eq(["1", "unknown-id", "error"]),
        "{table}"
    );
    assert!(
        lines[1]
            .split_whitespace()
            .eq(["25", "orphan-story", "warning"]),
        "{table}"
    );
    // Each diagnostic is still printed above it.
    assert!(stderr.contains("error[unknown-id]"));
    // Twenty of one code are no flood.
    let calm = fixture("minimal");
    write(
        calm.path(),
        "backlog/loose.toml",
        "[[story]]\nid = \"S-50\"\ntitle = \"One\"\nstatus = \"draft\"\n",
    );
    let out = roadbook(&["check"], calm.path());
    assert!(
        !text(&out.stderr).contains("diagnostics by code"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn statistics_print_one_line_per_code_instead_of_each_diagnostic() {
    let site = flooded();
    let out = roadbook(&["check", "--statistics"], site.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("error[unknown-id]"), "{stderr}");
    assert!(
        stderr
            .contains("\n     1  unknown-id    error\n    25  orphan-story  warning\ncheck failed"),
        "{stderr}"
    );
    assert!(stderr.contains("check failed:"), "{stderr}");
    let out = roadbook(&["check", "--statistics", "--format", "json"], site.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            { "code": "unknown-id", "severity": "error", "count": 1 },
            { "code": "orphan-story", "severity": "warning", "count": 25 },
        ])
    );
    let out = roadbook(&["check", "--statistics", "--format", "sarif"], site.path());
    assert_eq!(out.status.code(), Some(2));
}

/// changes.html says why it shows no history, not "one of two reasons".
#[test]
fn a_site_without_history_says_which_reason_holds() {
    let site = fixture("minimal");
    let out = build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(site.path().join("public/changes.html")).unwrap();
    assert!(
        page.contains("This site shows no history: the site is not in a git repository."),
        "{page}"
    );
    append(
        site.path(),
        "roadbook.toml",
        "\n[history]\nenabled = false\n",
    );
    let out = build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(site.path().join("public/changes.html")).unwrap();
    assert!(
        page.contains("This site shows no history: it is turned off in roadbook.toml ([history] enabled = false)."),
        "{page}"
    );
}

/// The held-out site's home page failed axe's link-in-text-block: the current
/// sprint's title, a link, shares its heading with "Current sprint:", and
/// headings drew their links without an underline, so colour alone told it
/// apart. It keeps its underline; a heading that is only a link needs none.
#[test]
fn the_current_sprint_link_in_its_heading_is_underlined() {
    if !common::browser::have(&["node", "chromium"]) {
        return;
    }
    let root = common::browser::example_site();
    let root = root.to_str().unwrap();
    let shown = |selector: &str| {
        common::browser::audit(&[
            "style",
            root,
            "index.html",
            selector,
            "text-decoration-line",
        ])
    };
    assert_eq!(
        shown(".current-sprint h2 > a"),
        serde_json::json!(["underline"])
    );
    let goal_headings = shown(".goal-list h3 > a");
    assert!(
        goal_headings
            .as_array()
            .is_some_and(|v| !v.is_empty() && v.iter().all(|d| d == "none")),
        "{goal_headings}"
    );
}
