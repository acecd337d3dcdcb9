//! Helpers shared by the integration tests: fixture sites in temp folders and the
//! real `roadbook` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod browser;
pub mod git;
pub mod http;
pub mod large;
pub mod lsp;
pub mod search;
pub mod served;

use serde_json::Value;
use tempfile::TempDir;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fresh copy of `tests/fixtures/NAME` in a temp folder.
pub fn fixture(name: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixtures().join(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture readable");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Replaces the one occurrence of `from` in a file of the site.
pub fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} should occur once in {file}"
    );
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Deletes S-2 from the `minimal` fixture: its file emptied, and S-1's
/// reference to it taken out, so that the site stays valid.
pub fn delete_s2(site: &Path) {
    std::fs::write(site.join("backlog/backlog.toml"), "").unwrap();
    edit(
        site,
        "backlog/stories/S-1-link-story.md",
        "Next comes [[S-2]], see",
        "See",
    );
}

pub fn write(site: &Path, file: &str, content: impl AsRef<[u8]>) {
    let path = site.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

pub fn roadbook(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("roadbook runs")
}

/// `roadbook build ARGS` in `cwd`, with a fixed `SOURCE_DATE_EPOCH`.
pub fn roadbook_build(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .arg("build")
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .output()
        .expect("roadbook runs")
}

/// What a build left beside or inside `dir`: entries named `.…roadbook-…` other
/// than the manifest (staging folders, locks, journals).
pub fn roadbook_leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".roadbook-") && n != ".roadbook-manifest")
        .collect()
}

/// Whether the file at `path` holds `needle`.
pub fn file_has(path: &Path, needle: &str) -> bool {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .contains(needle)
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The item `id` of a parsed `trace.json`.
pub fn trace_item(trace: &Value, id: &str) -> Value {
    trace["items"]
        .as_array()
        .expect("trace.json has items")
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("{id} in trace.json"))
        .clone()
}

/// `roadbook check --format json` in the site folder: the exit code and diagnostics.
pub fn check_json(site: &Path, extra: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = roadbook(&args, site);
    let code = out.status.code().expect("exit code");
    let diags: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "json output: {e}\n{}{}",
            text(&out.stdout),
            text(&out.stderr)
        )
    });
    (code, diags.as_array().expect("an array").clone())
}

/// Asserts that exactly one diagnostic has `code`, at `file:line:column`, with
/// `severity`, and returns it.
pub fn expect_one(
    diags: &[Value],
    code: &str,
    severity: &str,
    file: &str,
    line: u64,
    column: u64,
) -> Value {
    let found: Vec<&Value> = diags.iter().filter(|d| d["code"] == code).collect();
    assert_eq!(found.len(), 1, "one `{code}` expected in {diags:#?}");
    let d = found[0];
    assert_eq!(d["severity"], severity, "{d:#?}");
    assert_eq!(d["file"], file, "{d:#?}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line), Some(column)),
        "{d:#?}"
    );
    d.clone()
}

/// Runs `check` on a mutated copy of the minimal fixture and asserts one diagnostic.
pub fn assert_check(
    mutate: impl FnOnce(&Path),
    code: &str,
    severity: &str,
    at: (&str, u64, u64),
) -> Value {
    let site = fixture("minimal");
    mutate(site.path());
    let (exit, diags) = check_json(site.path(), &[]);
    let d = expect_one(&diags, code, severity, at.0, at.1, at.2);
    let expected_exit = if severity == "error" { 1 } else { 0 };
    assert_eq!(exit, expected_exit, "{diags:#?}");
    d
}

/// Every entry under `dir` (files, links and folders, at any depth) with what a
/// user could notice of it: its kind, bytes or link target, mode, modification
/// time and inode.
#[cfg(unix)]
pub fn tree_state(dir: &Path) -> std::collections::BTreeMap<String, Entry> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let meta = e.path().symlink_metadata().unwrap();
            let content = if meta.file_type().is_symlink() {
                format!("-> {}", std::fs::read_link(e.path()).unwrap().display()).into_bytes()
            } else if meta.is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                b"<dir>".to_vec()
            };
            let entry = Entry {
                content,
                mode: meta.mode() & 0o7777,
                mtime: (meta.mtime(), meta.mtime_nsec()),
                ino: meta.ino(),
            };
            (rel, entry)
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub content: Vec<u8>,
    pub mode: u32,
    pub mtime: (i64, i64),
    pub ino: u64,
}

/// Whether this process runs as root (CI does), for tests that mount or change users.
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// Says why a test did not run; under CI=true, where everything it needs is
/// installed and it runs as root, a skip is a failure.
pub fn skip(reason: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("this test must run in CI, but: {reason}");
    }
    eprintln!("skipped: {reason}");
}
