//! The tools the page audits borrow from others: Node with the packages of
//! `tests/browser/package.json` (axe-core, Playwright, the Nu HTML Checker),
//! Java for the checker, Debian's Chromium, and poppler's `pdftotext`.
//! `.ci/run` installs all of them; elsewhere a test without them says it
//! skipped, except under CI, where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use tempfile::TempDir;

pub fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether the named tools are here; `false` after saying why, outside CI.
pub fn have(tools: &[&str]) -> bool {
    let mut missing = Vec::new();
    for tool in tools {
        let here = match *tool {
            "node" => {
                runs("node", "--version")
                    && browser_dir().join("node_modules/axe-core").is_dir()
                    && browser_dir().join("node_modules/playwright-core").is_dir()
            }
            "chromium" => Path::new(&chromium()).exists(),
            "java" => runs("java", "-version") && vnu_jar().is_file(),
            "pdftotext" => runs("pdftotext", "-v"),
            "git" => runs("git", "--version"),
            other => panic!("unknown tool {other}"),
        };
        if !here {
            missing.push(*tool);
        }
    }
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must provide {missing:?}: .ci/run installs them (npm ci --prefix tests/browser, Debian's chromium, default-jre-headless, poppler-utils)"
    );
    eprintln!(
        "skipped: {missing:?} missing; run `npm ci --prefix tests/browser` and install Debian's chromium, default-jre-headless and poppler-utils"
    );
    false
}

pub fn chromium() -> String {
    std::env::var("ROADBOOK_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

pub fn vnu_jar() -> PathBuf {
    browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar")
}

/// The Nu HTML Checker's errors on `pages` of the built site at `root`, one
/// `file:line: message` each; panics when the checker gives no report.
pub fn html_errors(root: &Path, pages: &[String]) -> Vec<String> {
    let out = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "json"])
        .args(pages)
        .current_dir(root)
        .output()
        .expect("java runs");
    // The checker writes its JSON report to standard error.
    let report: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "no report from the checker ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let errors: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| format!("{}:{}: {}", m["url"], m["lastLine"], m["message"]))
        .collect();
    assert!(
        !errors.is_empty() || out.status.success(),
        "the checker failed without errors"
    );
    errors
}

/// Runs `tests/browser/audit.js` and reads the JSON it prints.
pub fn audit(args: &[&str]) -> Value {
    let out = Command::new("node")
        .arg(browser_dir().join("audit.js"))
        .args(args)
        .env("ROADBOOK_CHROMIUM", chromium())
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "audit.js {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "audit.js {args:?} printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Runs the command `build` makes for a new temp folder, once per test
/// binary, and gives `out` in that folder: the site it built.
fn built_once(
    cell: &'static OnceLock<(TempDir, PathBuf)>,
    out: &str,
    build: impl FnOnce(&Path) -> Command,
) -> &'static Path {
    let (_, out) = cell.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let run = build(dir.path()).output().unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let out = dir.path().join(out);
        (dir, out)
    });
    out
}

/// The example site, built as the README builds it: as of 3 February 2027,
/// so that it has a current sprint and a Today line.
pub fn example_site() -> &'static Path {
    static SITE: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    built_once(&SITE, "public", |dir| {
        let mut build = Command::new(env!("CARGO_BIN_EXE_roadbook"));
        build
            .args(["build", "example-site", "--deny-warnings", "-o"])
            .arg(dir.join("public"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("SOURCE_DATE_EPOCH", "1801656000");
        build
    })
}

/// The example site with its history replayed by `scripts/example-history.sh`
/// (needs git): the same pages with History sections, charts and changes.html.
pub fn example_with_history() -> &'static Path {
    static SITE: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    built_once(&SITE, "mealmate/public", |dir| {
        let mut replay = Command::new("bash");
        replay
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/example-history.sh"))
            .arg(dir.join("mealmate"))
            .env("ROADBOOK", env!("CARGO_BIN_EXE_roadbook"));
        replay
    })
}

/// The large and messy site of [`super::large`], written and built once per
/// test binary as of its `TODAY_EPOCH`. Its orphans are warnings, so it is
/// built without `--deny-warnings`.
pub fn large_site() -> &'static Path {
    static SITE: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    built_once(&SITE, "public", |dir| {
        super::large::write(&dir.join("site"));
        let mut build = Command::new(env!("CARGO_BIN_EXE_roadbook"));
        build
            .args(["build", "site", "-o"])
            .arg(dir.join("public"))
            .current_dir(dir)
            .env("SOURCE_DATE_EPOCH", super::large::TODAY_EPOCH);
        build
    })
}

/// Every `.html` file under `root`, relative, sorted.
pub fn html_pages(root: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    pages.sort();
    pages
}
