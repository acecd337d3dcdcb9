//! The page of every check code, `src/base/codes/CODE.md`, printed by
//! `roadbook explain CODE`: the README's list of codes and the pages name the same
//! codes, every page has its three parts, and every example really makes
//! `roadbook check` report its code with the diagnostic the page shows.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// The line under `## Example` of a page whose example cannot be written as text
/// (a folder nobody may read, bytes that are not UTF-8).
const NO_TEXT_EXAMPLE: &str = "<!-- no text example -->";

/// Codes that `roadbook check` does not report although SPEC §3 says it runs every
/// check, whose examples are checked with `build` instead. None today: `check`
/// compiles the templates too. When `check` reports one, this test fails until it
/// is removed.
const REPORTED_BY_BUILD_ONLY: &[&str] = &[];

fn codes_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/base/codes")
}

/// Every page, by code (the file name without `.md`).
fn pages() -> BTreeMap<String, String> {
    let dir = codes_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    entries
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let code = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (code, text)
        })
        .collect()
}

/// The codes of the README's "Checks" section with their default severity, from
/// "Errors by default: `a`, `b`, …." and "Warnings by default: `c`, …."
fn readme_codes() -> BTreeMap<String, &'static str> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let mut codes = BTreeMap::new();
    for (lead, severity) in [
        ("Errors by default:", "error"),
        ("Warnings by default:", "warning"),
    ] {
        let start = readme
            .find(lead)
            .unwrap_or_else(|| panic!("README.md has no {lead:?}"))
            + lead.len();
        let names = backticked_list(&readme[start..]);
        assert!(!names.is_empty(), "README.md lists no code after {lead:?}");
        for name in names {
            let before = codes.insert(name.clone(), severity);
            assert!(before.is_none(), "README.md lists `{name}` twice");
        }
    }
    codes
}

/// The backticked names from the start of `text` up to the `.` that ends the list
/// (a `.` outside backticks).
fn backticked_list(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut inside: Option<String> = None;
    for c in text.chars() {
        match (&mut inside, c) {
            (None, '.') => break,
            (None, '`') => inside = Some(String::new()),
            (Some(name), '`') => {
                names.push(std::mem::take(name));
                inside = None;
            }
            (Some(name), c) => name.push(c),
            (None, _) => {}
        }
    }
    names
}

/// A page, taken apart.
#[derive(Debug, Default)]
struct Page {
    intro: String,
    /// Whether `## Example` is followed by [`NO_TEXT_EXAMPLE`].
    no_text_example: bool,
    /// The example's files: path relative to the site, and whole content.
    files: Vec<(String, String)>,
    /// The block after "Roadbook reports:".
    reported: String,
    fix: String,
}

fn parse_page(text: &str) -> Result<Page, String> {
    let (intro, rest) = text
        .split_once("\n## Example\n")
        .ok_or("no `## Example` heading")?;
    let (example, fix) = rest
        .split_once("\n## Fix\n")
        .ok_or("no `## Fix` heading after `## Example`")?;
    let mut page = Page {
        intro: intro.trim().to_owned(),
        fix: fix.trim().to_owned(),
        no_text_example: example.lines().next() == Some(NO_TEXT_EXAMPLE),
        ..Page::default()
    };
    let mut lines = example.lines();
    let mut reported = None;
    while let Some(line) = lines.next() {
        if let Some(path) = line.strip_prefix('`').and_then(|l| l.strip_suffix("`:")) {
            let (_, content) = fenced_block(&mut lines).map_err(|e| format!("`{path}`: {e}"))?;
            page.files.push((path.to_owned(), content));
        } else if line == "Roadbook reports:" {
            let (lang, content) =
                fenced_block(&mut lines).map_err(|e| format!("Roadbook reports: {e}"))?;
            if lang != "text" {
                return Err(format!(
                    "the block after \"Roadbook reports:\" is ```{lang}, not ```text"
                ));
            }
            reported = Some(content);
        }
    }
    page.reported = reported.ok_or("no \"Roadbook reports:\" block in the example")?;
    Ok(page)
}

/// The next fenced block: its language and its content, each line ending in `\n`.
/// The closing fence has as many backticks as the opening one, so a Markdown file
/// with its own code block can sit in a block of four.
fn fenced_block<'a>(lines: &mut impl Iterator<Item = &'a str>) -> Result<(String, String), String> {
    let open = lines
        .find(|l| !l.trim().is_empty())
        .ok_or("no fenced block")?;
    let ticks = open.len() - open.trim_start_matches('`').len();
    if ticks < 3 {
        return Err(format!("expected a fenced block, found {open:?}"));
    }
    let fence = &open[..ticks];
    let lang = open[ticks..].trim().to_owned();
    let mut content = String::new();
    for line in lines {
        if line == fence {
            return Ok((lang, content));
        }
        content.push_str(line);
        content.push('\n');
    }
    Err(format!("the block opened with {open:?} is not closed"))
}

/// The first lines of a printed diagnostic: `severity[code]: message` and, if
/// there is one, the `--> file:line:column` line.
#[derive(Debug)]
struct Printed {
    severity: String,
    code: String,
    message: String,
    at: Option<(String, u64, u64)>,
}

fn parse_printed(block: &str) -> Result<Printed, String> {
    let mut lines = block.lines();
    let head = lines.next().ok_or("the block is empty")?;
    let (severity, rest) = head
        .split_once('[')
        .ok_or_else(|| format!("{head:?} is not `severity[code]: message`"))?;
    let (code, message) = rest
        .split_once("]: ")
        .ok_or_else(|| format!("{head:?} is not `severity[code]: message`"))?;
    let at = match lines.next().map(str::trim_start) {
        Some(l) if l.starts_with("--> ") => {
            let mut parts = l["--> ".len()..].rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok());
            let line = parts.next().and_then(|c| c.parse().ok());
            let file = parts.next();
            match (file, line, column) {
                (Some(f), Some(l), Some(c)) => Some((f.to_owned(), l, c)),
                _ => return Err(format!("{l:?} is not `--> file:line:column`")),
            }
        }
        _ => None,
    };
    Ok(Printed {
        severity: severity.to_owned(),
        code: code.to_owned(),
        message: message.to_owned(),
        at,
    })
}

#[test]
fn the_readme_lists_the_codes_that_have_pages() {
    let listed: BTreeSet<String> = readme_codes().into_keys().collect();
    let documented: BTreeSet<String> = pages().into_keys().collect();
    let undocumented: Vec<_> = listed.difference(&documented).collect();
    let unlisted: Vec<_> = documented.difference(&listed).collect();
    assert!(
        undocumented.is_empty() && unlisted.is_empty(),
        "listed in README.md but without src/base/codes/CODE.md: {undocumented:?}\n\
         with a page but not listed in README.md's \"Checks\": {unlisted:?}"
    );
}

/// `roadbook explain` lists the code table: the same codes, with the same default
/// severities, as the README; and `roadbook explain CODE` prints that code's page.
#[test]
fn explain_lists_the_code_table_and_prints_each_page() {
    let listed = roadbook(&["explain"], Path::new("."));
    assert_eq!(listed.status.code(), Some(0));
    let table: BTreeMap<String, String> = text(&listed.stdout)
        .lines()
        .map(|line| {
            let mut words = line.split_whitespace();
            let code = words.next().expect("a code").to_owned();
            let severity = words.next().expect("a severity").to_owned();
            (code, severity)
        })
        .collect();
    let readme: BTreeMap<String, String> = readme_codes()
        .into_iter()
        .map(|(code, severity)| (code, severity.to_owned()))
        .collect();
    assert_eq!(table, readme, "`roadbook explain` and the README disagree");
    for (code, page) in pages() {
        let shown = roadbook(&["explain", &code], Path::new("."));
        assert_eq!(shown.status.code(), Some(0), "explain {code}");
        assert!(
            text(&shown.stdout).contains(page.trim_end()),
            "explain {code}"
        );
    }
    let unknown = roadbook(&["explain", "orphan-stroy"], Path::new("."));
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("did you mean `orphan-story`?"));
}

#[test]
fn every_page_has_a_paragraph_an_example_and_a_fix() {
    let severities = readme_codes();
    let mut failures = Vec::new();
    for (code, text) in pages() {
        let page = match parse_page(&text) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{code}.md: {e}"));
                continue;
            }
        };
        if page.intro.is_empty() || page.intro.starts_with('#') || page.intro.contains("\n\n") {
            failures.push(format!(
                "{code}.md: it must start with one paragraph before `## Example`"
            ));
        }
        if page.fix.is_empty() {
            failures.push(format!("{code}.md: `## Fix` is empty"));
        }
        if page.no_text_example != page.files.is_empty() {
            failures.push(format!(
                "{code}.md: an example has files, or else `{NO_TEXT_EXAMPLE}` under `## Example`"
            ));
        }
        match parse_printed(&page.reported) {
            Ok(printed) => {
                if printed.code != code {
                    failures.push(format!(
                        "{code}.md: Roadbook reports `{}`, not `{code}`",
                        printed.code
                    ));
                }
                if let Some(&severity) = severities.get(&code)
                    && printed.severity != severity
                {
                    failures.push(format!(
                        "{code}.md: Roadbook reports a {}, but README.md says `{code}` is a {severity} by default",
                        printed.severity
                    ));
                }
            }
            Err(e) => failures.push(format!("{code}.md: Roadbook reports: {e}")),
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn every_example_makes_check_report_what_its_page_shows() {
    let mut failures = Vec::new();
    for (code, text) in pages() {
        let Ok(page) = parse_page(&text) else {
            continue; // every_page_has_a_paragraph_an_example_and_a_fix says why
        };
        if page.no_text_example {
            continue;
        }
        if let Err(e) = check_example(&code, &page) {
            failures.push(format!("{code}.md: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) do not show what Roadbook reports:\n{}\n",
        failures.len(),
        failures.join("\n")
    );
}

/// Applies the page's files to a fresh copy of the minimal fixture and compares
/// what `check` reports with the page's "Roadbook reports" block.
fn check_example(code: &str, page: &Page) -> Result<(), String> {
    let printed = parse_printed(&page.reported)?;
    let site = fixture("minimal");
    for (path, content) in &page.files {
        if Path::new(path).is_absolute() || path.split('/').any(|p| p == "..") {
            return Err(format!("`{path}` is not a path inside the site"));
        }
        write(site.path(), path, content);
    }
    if let Some((file, ..)) = &printed.at
        && !page.files.iter().any(|(path, _)| path == file)
    {
        return Err(format!(
            "the diagnostic points at {file}, which is not a file of the example"
        ));
    }
    let (_, diags) = check_json(site.path(), &[]);
    let found: Vec<&Value> = diags.iter().filter(|d| d["code"] == code).collect();
    if REPORTED_BY_BUILD_ONLY.contains(&code) {
        if !found.is_empty() {
            return Err(format!(
                "`roadbook check` now reports `{code}`: remove it from REPORTED_BY_BUILD_ONLY in tests/codes.rs"
            ));
        }
        return compare_with_build(site.path(), page);
    }
    if found.is_empty() {
        let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
        return Err(format!(
            "`roadbook check` does not report `{code}` for the example; it reports {codes:?}"
        ));
    }
    let same = |d: &&Value| {
        d["severity"] == printed.severity.as_str()
            && d["message"].as_str().and_then(|m| m.lines().next()) == Some(&printed.message)
            && printed.at.as_ref().is_none_or(|(file, line, column)| {
                d["file"] == file.as_str()
                    && d["line"].as_u64() == Some(*line)
                    && d["column"].as_u64() == Some(*column)
            })
    };
    if !found.iter().any(same) {
        let shown: Vec<String> = found
            .iter()
            .map(|d| {
                format!(
                    "{}[{code}]: {} at {}:{}:{}",
                    d["severity"].as_str().unwrap_or("?"),
                    d["message"].as_str().unwrap_or("?"),
                    d["file"].as_str().unwrap_or("?"),
                    d["line"],
                    d["column"]
                )
            })
            .collect();
        return Err(format!(
            "the page shows\n    {}\n  but `roadbook check` reports\n    {}",
            page.reported
                .lines()
                .take(2)
                .collect::<Vec<_>>()
                .join("\n    "),
            shown.join("\n    ")
        ));
    }
    Ok(())
}

/// For codes only `build` reports: its human output holds the page's first two
/// lines (the diagnostic and where it points).
fn compare_with_build(site: &Path, page: &Page) -> Result<(), String> {
    let out = roadbook(&["build"], site);
    let stderr = text(&out.stderr);
    let head: Vec<&str> = page.reported.lines().take(2).collect();
    let shown: Vec<&str> = stderr.lines().collect();
    if shown.windows(head.len()).any(|w| w == head.as_slice()) {
        Ok(())
    } else {
        Err(format!(
            "the page shows\n    {}\n  but `roadbook build` prints\n    {}",
            head.join("\n    "),
            stderr.trim_end().replace('\n', "\n    ")
        ))
    }
}
