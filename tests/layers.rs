//! The shape of the program (STYLE.md): data flows one way, read → resolve →
//! check → render → write, and each top-level module of `src/` uses only the
//! layers below it. This reads every `crate::…` path in the code (not in
//! comments) and fails on an import that points up or sideways.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, bottom first. A module may use its own layer and those before it.
const LAYERS: &[&[&str]] = &[
    &["base"],
    &["markup"],
    &["kinds"],
    &["source"],
    &["site"],
    &["history"],
    &["check"],
    &["render"],
    &["output"],
    &["build"],
    &["serve", "lsp"],
    &["cli"],
];

/// Files allowed to be longer than ~400 lines for now; each is to be split.
const LONG_FOR_NOW: &[&str] = &[];
const MAX_LINES: usize = 420;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The top-level module a file belongs to: `src/site/trace.rs` → `site`.
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// Every top-level module named by a `crate::NAME` path in the code of `text`.
fn uses(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push(name);
        }
        // `use crate::{a, b}` is not written here; `use super::…` stays inside.
    }
    found
}

#[test]
fn modules_import_only_downward() {
    let mut upward = Vec::new();
    let mut edges: BTreeMap<(String, String), usize> = BTreeMap::new();
    for file in rust_files(&src()) {
        let module = module_of(&file);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            panic!("src/{module} is in no layer of tests/layers.rs: add it where it belongs");
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for used in uses(&text) {
            if used == module {
                continue;
            }
            *edges.entry((module.clone(), used.clone())).or_default() += 1;
            match layer_of(&used) {
                Some(theirs) if theirs <= own => {}
                Some(_) => upward.push(format!(
                    "{} uses crate::{used}, a layer above {module}",
                    file.strip_prefix(src()).unwrap().display()
                )),
                None => upward.push(format!(
                    "{} uses crate::{used}, which is no module of a layer (re-exports at the crate root do not count)",
                    file.strip_prefix(src()).unwrap().display()
                )),
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that point up:\n{}",
        upward.join("\n")
    );
    assert!(
        !edges.is_empty(),
        "no crate:: paths found: is the scan broken?"
    );
}

#[test]
fn source_files_stay_short() {
    let mut long = Vec::new();
    for file in rust_files(&src()) {
        let rel = format!("src/{}", file.strip_prefix(src()).unwrap().display());
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        let allowed = LONG_FOR_NOW.contains(&rel.as_str());
        if lines > MAX_LINES && !allowed {
            long.push(format!("{rel}: {lines} lines"));
        }
        if allowed && lines <= MAX_LINES {
            long.push(format!("{rel} is short now: remove it from LONG_FOR_NOW"));
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}
