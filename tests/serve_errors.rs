//! `roadbook serve` on a site with errors (SPEC §3): it starts anyway, every
//! page is the error overlay until a fix, and the fix reloads the browser into
//! the site.

mod common;

use common::browser;
use common::http::get;
use common::served::*;
use common::*;

const S1: &str = "backlog/stories/S-1-link-story.md";

#[test]
fn a_broken_site_serves_the_overlay_until_it_is_fixed() {
    let site = fixture("minimal");
    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    let s = serve(site.path());
    for path in ["/", "/stories/S-1.html", "/roadmap", "/no/such/page.html"] {
        let page = get(s.port, path);
        assert_eq!(page.status, 503, "{path}: nothing is built yet");
        assert!(
            page.body.contains("id=\"roadbook-overlay\"")
                && page.body.contains("nothing is built yet")
                && page.body.contains("unknown-id")
                && page.body.contains(&format!("{S1}:4:8"))
                && page.body.contains("__roadbook/poll"),
            "{path}: the overlay and the reload script\n{}",
            page.body
        );
    }
    assert_eq!(get(s.port, "/assets/style.css").status, 404);
    let v1 = version(&get(s.port, "/stories/S-1.html").body);

    // Fixing the file reloads the page into the site.
    edit(site.path(), S1, "epic = \"E-9\"", "epic = \"E-1\"");
    wait_for_reload(s.port, &v1);
    let page = get(s.port, "/stories/S-1.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Link a story to its epic"));
    assert!(!page.body.contains("id=\"roadbook-overlay\""));
    let v2 = version(&page.body);

    // From then on, as for any rebuild that fails: the last good version.
    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    wait_for_reload(s.port, &v2);
    let page = get(s.port, "/stories/S-1.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Link a story to its epic"));
    assert!(page.body.contains("this is the last good version"));
}

#[test]
fn a_broken_site_that_stays_broken_shows_the_new_errors() {
    let site = fixture("minimal");
    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    let s = serve(site.path());
    let v1 = version(&get(s.port, "/").body);
    edit(site.path(), S1, "epic = \"E-9\"", "epic = \"E-8\"");
    wait_for_reload(s.port, &v1);
    let page = get(s.port, "/");
    assert_eq!(page.status, 503);
    assert!(page.body.contains("`E-8`") && page.body.contains("nothing is built yet"));
}

#[test]
fn a_folder_that_is_no_site_still_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = roadbook(&["serve", "-p", "0"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("has no roadbook.toml"),
        "{}",
        text(&out.stderr)
    );
}

/// Thirty stories whose epics do not exist: more errors than the overlay shows
/// at once, so that it scrolls.
fn many_errors() -> String {
    (10..40)
        .map(|i| {
            format!("[[story]]\nid = \"S-{i}\"\ntitle = \"Story {i}\"\nepic = \"E-{i}\"\nstatus = \"ready\"\nacceptance = [\"x\"]\n\n")
        })
        .collect()
}

/// axe-core's serious and critical violations on the served `pages`, light and dark.
fn axe(port: u16, pages: &[&str]) -> Vec<serde_json::Value> {
    let root = format!("http://127.0.0.1:{port}/");
    let mut found = Vec::new();
    for scheme in ["light", "dark"] {
        let mut args = vec!["axe", root.as_str(), scheme];
        args.extend_from_slice(pages);
        found.extend(browser::audit(&args).as_array().unwrap().clone());
    }
    found
}

#[test]
fn the_overlay_meets_wcag_aa_in_light_and_dark() {
    if !browser::have(&["node", "chromium"]) {
        return;
    }
    let site = fixture("minimal");
    write(site.path(), "backlog/bad.toml", many_errors());
    let s = serve(site.path());
    let pages = ["index.html", "stories/S-1.html", "backlog.html"];
    // Nothing built yet: the overlay is the page.
    assert!(get(s.port, "/").body.contains("nothing is built yet"));
    let found = axe(s.port, &pages);
    assert!(found.is_empty(), "the overlay alone: {found:#?}");

    // Over the last good version, whose stylesheet styles `code` and `em`.
    let v1 = version(&get(s.port, "/").body);
    std::fs::remove_file(site.path().join("backlog/bad.toml")).unwrap();
    let v2 = {
        wait_for_reload(s.port, &v1);
        version(&get(s.port, "/").body)
    };
    write(site.path(), "backlog/bad.toml", many_errors());
    wait_for_reload(s.port, &v2);
    let page = get(s.port, "/stories/S-1.html").body;
    assert!(page.contains("this is the last good version") && page.contains("S-39"));
    let found = axe(s.port, &pages);
    assert!(found.is_empty(), "the overlay over the site: {found:#?}");
}
