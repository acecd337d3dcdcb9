//! A real browser: headless Chromium (Debian's `chromium`) opens a page served by
//! `roadbook serve`, the story's source is edited, and the open page reloads by
//! itself with the new text. The page's title is read through Chromium's
//! DevTools HTTP endpoint.

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::http::get;
use common::*;

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromium() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("ROADBOOK_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn page_titles(devtools_port: u16) -> Vec<String> {
    let reply = get(devtools_port, "/json/list");
    let list: serde_json::Value = serde_json::from_str(&reply.body).unwrap_or_default();
    list.as_array()
        .map(|a| {
            a.iter()
                .filter(|t| t["type"] == "page")
                .filter_map(|t| t["title"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
    started.elapsed()
}

#[test]
fn an_open_page_reloads_with_the_new_text_when_its_source_changes() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install Debian's chromium (see .ci/run)"
        );
        eprintln!("skipped: no chromium; install Debian's `chromium` package to run this test");
        return;
    };
    let site = fixture("minimal");
    let mut serve = Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["serve", "-p", "0"])
        .current_dir(site.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(serve.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _serve = Killed(serve);
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("url")
        .to_owned();

    let profile = tempfile::tempdir().unwrap();
    let browser = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-proxy-server",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-port=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("{url}stories/S-1.html"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let _browser = Killed(browser);

    let port_file = profile.path().join("DevToolsActivePort");
    wait_until("chromium's DevTools port", || {
        port_file.is_file() && std::fs::read_to_string(&port_file).is_ok_and(|s| s.contains('\n'))
    });
    let devtools: u16 = std::fs::read_to_string(&port_file)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();

    let old = "Link a story to its epic · Tiny product handbook";
    wait_until("the page to load", || {
        page_titles(devtools).iter().any(|t| t == old)
    });
    // Let the page's script start its first poll.
    std::thread::sleep(Duration::from_millis(300));

    edit(
        site.path(),
        "backlog/stories/S-1-link-story.md",
        "title = \"Link a story to its epic\"",
        "title = \"Link a story to its parent epic\"",
    );
    let took = wait_until("the page to reload with the new title", || {
        page_titles(devtools)
            .iter()
            .any(|t| t.starts_with("Link a story to its parent epic"))
    });
    eprintln!("page reloaded {} ms after the save", took.as_millis());
}
