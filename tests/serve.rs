//! `roadbook serve`: pages, live reload, the error overlay, and requests that try
//! to leave the site. `roadbook init`: a starter site that checks and builds.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::http::{get, request};
use common::*;

const S1: &str = "backlog/stories/S-1-link-story.md";

/// A running `roadbook serve`, stopped when dropped.
struct Served {
    child: Child,
    port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(site: &Path) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["serve", "-p", "0"])
        .current_dir(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Served { child, port }
}

/// The version the page was served with, from its injected script.
fn version(html: &str) -> String {
    let start = html.find("var v=\"").expect("reload script") + 7;
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

/// Waits (bounded) for the site to change from `seen`, as the browser script does.
fn wait_for_reload(port: u16, seen: &str) -> Duration {
    let started = Instant::now();
    loop {
        let reply = get(port, &format!("/__roadbook/poll?v={seen}"));
        assert_eq!(reply.status, 200);
        if !reply.body.contains(seen) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no reload event"
        );
    }
}

#[test]
fn serves_pages_with_types_index_and_404() {
    let site = fixture("minimal");
    let s = serve(site.path());
    let home = get(s.port, "/");
    assert_eq!(home.status, 200);
    assert!(
        home.headers
            .to_lowercase()
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(
        home.body.contains("__roadbook/poll"),
        "reload script injected"
    );
    for (path, kind) in [
        ("/assets/style.css", "text/css"),
        ("/assets/roadbook.js", "text/javascript"),
        ("/trace.json", "application/json"),
        ("/raci.csv", "text/csv"),
        ("/sitemap.xml", "application/xml"),
    ] {
        let reply = get(s.port, path);
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply
                .headers
                .to_lowercase()
                .contains(&format!("content-type: {kind}")),
            "{path}: {}",
            reply.headers
        );
    }
    assert!(
        !get(s.port, "/assets/style.css").body.contains("__roadbook"),
        "only HTML gets the script"
    );
    assert_eq!(
        get(s.port, "/roadmap").status,
        200,
        "pages answer without .html"
    );
    let missing = get(s.port, "/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's 404 page"
    );
    let head = request(s.port, "HEAD", "/index.html");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    // The build output on disk never gets the script: serve writes nothing.
    assert!(!site.path().join("public").exists());
}

#[test]
fn requests_never_leave_the_site() {
    let site = fixture("minimal");
    std::fs::write(site.path().join("secret.txt"), "do not serve").unwrap();
    let s = serve(site.path());
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "//etc/passwd",
        "/assets/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/roadbook.toml",
    ] {
        let reply = get(s.port, path);
        assert!(
            reply.status == 404 || reply.status == 400,
            "{path}: {}",
            reply.status
        );
        assert!(
            !reply.body.contains("do not serve") && !reply.body.contains("root:"),
            "{path} leaked"
        );
    }
}

#[test]
fn editing_a_story_reloads_and_errors_show_an_overlay() {
    let site = fixture("minimal");
    let s = serve(site.path());
    let page = get(s.port, "/stories/S-1.html").body;
    let v1 = version(&page);

    edit(
        site.path(),
        S1,
        "Depends on nothing.",
        "Depends on the new text.",
    );
    wait_for_reload(s.port, &v1);
    let page = get(s.port, "/stories/S-1.html").body;
    assert!(page.contains("Depends on the new text."));
    assert!(!page.contains("id=\"roadbook-overlay\""));
    let v2 = version(&page);

    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    wait_for_reload(s.port, &v2);
    let page = get(s.port, "/stories/S-1.html").body;
    assert!(
        page.contains("Depends on the new text."),
        "the last good page still serves"
    );
    assert!(
        page.contains("id=\"roadbook-overlay\""),
        "the overlay shows the errors"
    );
    assert!(
        page.contains("unknown-id") && page.contains(&format!("{S1}:4:8")),
        "file, line and column"
    );
    let v3 = version(&page);

    edit(site.path(), S1, "epic = \"E-9\"", "epic = \"E-1\"");
    wait_for_reload(s.port, &v3);
    let page = get(s.port, "/stories/S-1.html").body;
    assert!(
        !page.contains("id=\"roadbook-overlay\""),
        "the overlay is gone after a good rebuild"
    );
}

#[test]
fn a_css_only_change_swaps_the_stylesheet() {
    let site = fixture("minimal");
    write(site.path(), "static/extra.css", "body { color: red; }");
    let s = serve(site.path());
    let v1 = version(&get(s.port, "/").body);
    write(site.path(), "static/extra.css", "body { color: blue; }");
    wait_for_reload(s.port, &v1);
    let poll = get(s.port, "/__roadbook/poll?v=none");
    assert!(poll.body.contains("\"kind\":\"css\""), "{}", poll.body);
    assert!(get(s.port, "/extra.css").body.contains("blue"));
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let site = fixture("minimal");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let out = roadbook(&["serve", "-p", &port], site.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("already in use"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn init_writes_a_site_that_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("handbook");
    let out = roadbook(&["init", "handbook"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("roadbook serve handbook"));
    assert!(site.join(".gitignore").is_file());
    let check = roadbook(&["check", "--deny-warnings"], &site);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let build = roadbook(&["build", "--deny-warnings"], &site);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    assert!(site.join("public/index.html").is_file());

    // Never into a folder that is not empty, unless forced.
    std::fs::write(site.join("vision.md"), "mine").unwrap();
    let again = roadbook(&["init", "handbook"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("is not empty"));
    assert_eq!(
        std::fs::read_to_string(site.join("vision.md")).unwrap(),
        "mine"
    );
    let forced = roadbook(&["init", "handbook", "--force"], dir.path());
    assert_eq!(forced.status.code(), Some(0));
    assert_ne!(
        std::fs::read_to_string(site.join("vision.md")).unwrap(),
        "mine"
    );
}
