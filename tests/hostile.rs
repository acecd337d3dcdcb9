//! Hostile input: each case gets its exact exit code and a diagnostic that names
//! the file (and line where there is one), and never a panic.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::*;

const S1: &str = "backlog/stories/S-1-link-story.md";

/// Runs `check --format json`, asserts the exit code and that nothing panicked.
fn check(site: &Path, exit: i32) -> Vec<serde_json::Value> {
    let out = roadbook(&["check", "--format", "json"], site);
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        out.status.code(),
        Some(exit),
        "{stderr}{}",
        text(&out.stdout)
    );
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn has(
    diags: &[serde_json::Value],
    code: &str,
    file: &str,
    line: Option<u64>,
) -> serde_json::Value {
    let found = diags
        .iter()
        .find(|d| d["code"] == code && d["file"] == file && line.is_none_or(|l| d["line"] == l))
        .unwrap_or_else(|| panic!("no {code} at {file}:{line:?} in {diags:#?}"));
    found.clone()
}

#[test]
fn an_empty_file() {
    let site = fixture("minimal");
    write(site.path(), "backlog/stories/S-3.md", "");
    let diags = check(site.path(), 1);
    has(&diags, "missing-field", "backlog/stories/S-3.md", Some(1));
}

#[test]
fn fence_inside_a_code_block_of_the_body_stays_body() {
    let site = fixture("minimal");
    edit(
        site.path(),
        S1,
        "```rust\nfn main() {}\n```",
        "```toml\n+++\nid = \"X\"\n+++\n```",
    );
    assert!(check(site.path(), 0).is_empty());
    let out = roadbook(&["build"], site.path());
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(site.path().join("public/stories/S-1.html")).unwrap();
    assert!(page.contains("+++"), "the fence is shown as code");
}

#[test]
fn toml_nested_ten_thousand_levels_deep() {
    let site = fixture("minimal");
    let deep = format!(
        "+++\nid = \"S-3\"\ntitle = \"deep\"\nlabels = {}{}\n+++\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    write(site.path(), "backlog/stories/S-3.md", deep);
    let diags = check(site.path(), 1);
    has(&diags, "parse-error", "backlog/stories/S-3.md", Some(4));
}

#[test]
fn a_fifty_megabyte_story_body() {
    let site = fixture("minimal");
    let paragraph =
        "The plan respects every diet and uses what is left in the pantry first. ".repeat(20);
    let mut body = String::with_capacity(51 << 20);
    while body.len() < 50 << 20 {
        body.push_str(&paragraph);
        body.push_str("\n\n");
    }
    edit(site.path(), S1, "Depends on nothing.", &body);
    assert!(check(site.path(), 0).is_empty());
    let out = roadbook(&["build"], site.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let size = std::fs::metadata(site.path().join("public/stories/S-1.html"))
        .unwrap()
        .len();
    assert!(size > 50 << 20);
}

/// A backlog.toml of `n` stories where story i depends on story i+1.
fn chain(n: usize, close_the_loop: bool) -> String {
    let mut toml = String::new();
    for i in 0..n {
        let next = if i + 1 < n {
            format!("[\"C-{}\"]", i + 1)
        } else if close_the_loop {
            "[\"C-0\"]".into()
        } else {
            "[]".into()
        };
        let _ = write!(
            toml,
            "[[story]]\nid = \"C-{i}\"\ntitle = \"Link {i}\"\nepic = \"E-1\"\ndepends_on = {next}\n\n"
        );
    }
    toml
}

#[test]
fn ten_thousand_stories_in_one_dependency_chain() {
    let site = fixture("minimal");
    write(site.path(), "backlog/chain.toml", chain(10_000, false));
    assert!(check(site.path(), 0).is_empty());
}

#[test]
fn a_cycle_of_ten_thousand_stories_is_reported_once() {
    let site = fixture("minimal");
    write(site.path(), "backlog/chain.toml", chain(10_000, true));
    let diags = check(site.path(), 1);
    let cycles: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "dependency-cycle")
        .collect();
    assert_eq!(cycles.len(), 1, "{cycles:#?}");
    assert!(
        cycles[0]["message"]
            .as_str()
            .unwrap()
            .contains("a cycle of 10000")
    );
    assert_eq!(cycles[0]["file"], "backlog/chain.toml");
}

#[test]
fn an_id_of_ten_thousand_characters() {
    let site = fixture("minimal");
    let id = format!("S{}", "x".repeat(9_999));
    write(
        site.path(),
        "backlog/stories/long.md",
        format!("+++\nid = \"{id}\"\ntitle = \"Long\"\nepic = \"E-1\"\n+++\n"),
    );
    let diags = check(site.path(), 1);
    let d = has(&diags, "invalid-id", "backlog/stories/long.md", Some(2));
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("10000 characters long")
    );
    assert_eq!(roadbook(&["build"], site.path()).status.code(), Some(1));
}

#[test]
fn ids_that_differ_only_in_case() {
    let site = fixture("minimal");
    write(
        site.path(),
        "backlog/stories/s-1.md",
        "+++\nid = \"s-1\"\ntitle = \"Lower\"\nepic = \"E-1\"\n+++\n",
    );
    let diags = check(site.path(), 1);
    let d = has(
        &diags,
        "id-case-collision",
        "backlog/stories/s-1.md",
        Some(2),
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("`s-1` differs from `S-1` only in case")
    );
}

#[test]
fn ids_with_dots_slashes_nul_emoji_and_rtl_marks() {
    for bad in [
        "../x",
        "a/b",
        "a\\\\b",
        "a\\u0000b",
        "S-1\u{1F600}",
        "S-\u{200F}1",
        ".hidden",
        "..",
    ] {
        let site = fixture("minimal");
        write(
            site.path(),
            "backlog/stories/bad.md",
            format!("+++\nid = \"{bad}\"\ntitle = \"Bad\"\nepic = \"E-1\"\n+++\n"),
        );
        let diags = check(site.path(), 1);
        has(&diags, "invalid-id", "backlog/stories/bad.md", Some(2));
        let out = roadbook(&["build"], site.path());
        assert_eq!(out.status.code(), Some(1), "{bad}");
    }
}

#[test]
fn file_names_with_emoji_and_rtl_marks_are_fine_and_stay_inside() {
    let site = fixture("minimal");
    write(
        site.path(),
        "pages/caf\u{e9}-\u{1F600}.md",
        "+++\nid = \"cafe\"\ntitle = \"Caf\u{e9}\"\n+++\nHello.\n",
    );
    write(
        site.path(),
        "pages/\u{200F}rtl.md",
        "+++\nid = \"rtl\"\ntitle = \"RTL\"\n+++\nHello.\n",
    );
    assert!(check(site.path(), 0).is_empty());
    let out = roadbook(&["build"], site.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        site.path()
            .join("public/pages/caf\u{e9}-\u{1F600}.html")
            .is_file()
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_in_static_pointing_outside_the_site() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let site = fixture("minimal");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("static/secret.txt"),
    )
    .unwrap();
    let out = roadbook(&["build"], site.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("static/secret.txt is a link to") && stderr.contains("outside the site"),
        "{stderr}"
    );
    assert!(!site.path().join("public").exists());
    // A link to a file inside the site is copied.
    std::fs::remove_file(site.path().join("static/secret.txt")).unwrap();
    std::os::unix::fs::symlink(
        site.path().join("roadbook.toml"),
        site.path().join("static/config.txt"),
    )
    .unwrap();
    assert_eq!(roadbook(&["build"], site.path()).status.code(), Some(0));
    assert!(site.path().join("public/config.txt").is_file());
}

#[test]
fn an_output_folder_that_cannot_be_written() {
    let site = fixture("minimal");
    std::fs::write(site.path().join("blocker"), "a file, not a folder").unwrap();
    let out = roadbook(&["build", "-o", "blocker/site"], site.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot use the output folder blocker/site")
            && text(&out.stderr).contains("blocker is a file, not a folder"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_title_with_a_script_shows_as_text_everywhere() {
    let site = fixture("minimal");
    edit(
        site.path(),
        S1,
        "title = \"Link a story to its epic\"",
        "title = \"</script><script>alert(1)</script>\"",
    );
    let out = roadbook(&["build"], site.path());
    assert_eq!(out.status.code(), Some(0));
    for entry in walkdir::WalkDir::new(site.path().join("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            assert!(
                !html.contains("<script>alert(1)"),
                "{}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn raw_html_is_kept_by_default_and_cleaned_on_request() {
    let site = fixture("minimal");
    edit(
        site.path(),
        S1,
        "Depends on nothing.",
        "<div class=\"note\" onclick=\"steal()\">Note</div><script>alert(1)</script>\n\nDepends on nothing.",
    );
    let out = roadbook(&["build"], site.path());
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(site.path().join("public/stories/S-1.html")).unwrap();
    assert!(
        page.contains("<script>alert(1)</script>"),
        "writers' HTML is kept by default"
    );

    edit(
        site.path(),
        "roadbook.toml",
        "output_dir = \"public\"",
        "output_dir = \"public\"\nsanitize_html = true",
    );
    let out = roadbook(&["build"], site.path());
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(site.path().join("public/stories/S-1.html")).unwrap();
    assert!(
        !page.contains("alert(1)") && !page.contains("onclick"),
        "cleaned"
    );
    assert!(
        page.contains("<div class=\"note\">Note</div>"),
        "harmless HTML stays"
    );
    assert!(
        page.contains(
            "<pre class=\"hl-code\" tabindex=\"0\"><code class=\"language-rust\"><span class=\"l"
        ),
        "highlighting survives"
    );
    assert!(page.contains("class=\"ref\""), "references survive");
}

/// Runs roadbook as the unprivileged user `nobody` (root reads everything), where
/// the machine allows it: as root with `runuser`, as in CI.
fn as_nobody(args: &[&str]) -> Option<std::process::Output> {
    let root = std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find(|l| l.starts_with("Uid:"))?
        .split_whitespace()
        .nth(1)?
        == "0";
    if !root || !Path::new("/usr/sbin/runuser").exists() {
        eprintln!("skipped: needs root and runuser to test permissions");
        return None;
    }
    // A copy of the binary that `nobody` can reach wherever the build tree is.
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("roadbook-nobody-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).ok()?;
    let binary = dir.join("roadbook");
    std::fs::copy(env!("CARGO_BIN_EXE_roadbook"), &binary).ok()?;
    std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).ok()?;
    let mut cmd = std::process::Command::new("/usr/sbin/runuser");
    cmd.args(["-u", "nobody", "--"]).arg(&binary).args(args);
    let output = cmd.output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    Some(output)
}

#[cfg(unix)]
#[test]
fn a_site_folder_that_is_not_readable() {
    use std::os::unix::fs::PermissionsExt;
    let site = fixture("minimal");
    std::fs::set_permissions(site.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for entry in walkdir::WalkDir::new(site.path()) {
        let entry = entry.unwrap();
        let mode = if entry.file_type().is_dir() {
            0o755
        } else {
            0o644
        };
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let path = site.path().to_str().unwrap().to_owned();
    // `nobody` must reach the site when nothing is locked, or there is nothing to test.
    let Some(open) = as_nobody(&["check", &path]) else {
        return;
    };
    if open.status.code() != Some(0) {
        eprintln!(
            "skipped: `nobody` cannot reach {path}: {}",
            text(&open.stderr)
        );
        return;
    }
    std::fs::set_permissions(
        site.path().join("goals"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let out = as_nobody(&["check", &path]).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("cannot read goals: permission denied"),
        "{}",
        text(&out.stderr)
    );

    std::fs::set_permissions(
        site.path().join("goals"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    std::fs::set_permissions(site.path(), std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = as_nobody(&["check", &path]).unwrap();
    std::fs::set_permissions(site.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("permission denied"),
        "{}",
        text(&out.stderr)
    );
}
