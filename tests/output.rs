//! SPEC §6, output safety: `roadbook build` changes only what it wrote, refuses
//! outputs that reach the sources, keeps modes, waits for another build, and is
//! atomic under SIGKILL. The cases that need root are in `tests/output_root.rs`.
#![cfg(unix)]

mod common;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn ok(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// A gh-pages work tree as a deploy leaves it: a git repository, a custom
/// domain, files a deploy step added, a folder of its own and a link.
fn deploy_files(out: &Path) {
    write(out, ".git/HEAD", "ref: refs/heads/gh-pages\n");
    write(out, ".git/objects/ab/cdef", "object");
    write(out, "CNAME", "docs.example.com\n");
    write(out, ".nojekyll", "");
    write(
        out,
        ".well-known/security.txt",
        "Contact: mailto:security@example.com\n",
    );
    write(out, "stories/notes.txt", "notes beside the story pages\n");
    std::fs::create_dir_all(out.join("downloads")).unwrap();
    symlink("index.html", out.join("latest.html")).unwrap();
    // Git's objects are read-only; so, here, is a folder with a file in it.
    let read_only = |p: &str, mode| {
        std::fs::set_permissions(out.join(p), PermissionsExt::from_mode(mode)).unwrap()
    };
    read_only(".git/objects/ab/cdef", 0o444);
    read_only(".well-known", 0o555);
    // Times in the past, to see that they are kept.
    for dir in [".git/objects/ab", ".git", ".well-known", "downloads"] {
        let old = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
        std::fs::File::open(out.join(dir))
            .unwrap()
            .set_times(std::fs::FileTimes::new().set_modified(old))
            .unwrap();
    }
}

const FOREIGN: &[&str] = &[
    ".git",
    ".git/HEAD",
    ".git/objects",
    ".git/objects/ab",
    ".git/objects/ab/cdef",
    "CNAME",
    ".nojekyll",
    ".well-known",
    ".well-known/security.txt",
    "stories/notes.txt",
    "downloads",
    "latest.html",
];

/// The foreign entries are all there; files are the same files (inode, bytes,
/// mode, modification time) as before.
fn assert_foreign_kept(before: &std::collections::BTreeMap<String, Entry>, out: &Path) {
    let now = tree_state(out);
    for name in FOREIGN {
        let (old, new) = (&before[*name], now.get(*name));
        let new = new.unwrap_or_else(|| panic!("{name} was removed"));
        assert_eq!(old.content, new.content, "{name}");
        assert_eq!((old.mode, old.mtime), (new.mode, new.mtime), "{name}");
        // A file is the very same file; a folder is made again as it was.
        if old.content != b"<dir>" {
            assert_eq!(old.ino, new.ino, "{name} was replaced");
        }
    }
}

#[test]
fn a_gh_pages_work_tree_keeps_everything_roadbook_did_not_write() {
    let site = fixture("minimal");
    let out = site.path().join("public");
    deploy_files(&out);
    let before = tree_state(&out);

    // Never built into: refused, and nothing changes.
    let refused = roadbook_build(site.path(), &[]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains("the output folder public is not empty")
            && stderr.contains(".git, .nojekyll, .well-known, CNAME, downloads and 2 more")
            && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(tree_state(&out), before);

    ok(&roadbook_build(site.path(), &["--force"]));
    assert!(out.join("stories/S-2.html").is_file());
    assert!(out.join(".roadbook-manifest").is_file());
    assert_foreign_kept(&before, &out);

    // A rebuild after S-2 is deleted: its page goes, nothing else of others does.
    delete_s2(site.path());
    let rebuilt = roadbook_build(site.path(), &[]);
    ok(&rebuilt);
    assert!(
        // Its page, and the search shard of the one word only S-2 used.
        text(&rebuilt.stderr).contains("2 removed; 7 files Roadbook did not write kept"),
        "{}",
        text(&rebuilt.stderr)
    );
    assert!(!out.join("stories/S-2.html").exists());
    assert_foreign_kept(&before, &out);
    let leftovers = roadbook_leftovers(site.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_real_git_work_tree_survives_rebuilds() {
    if Command::new("git").arg("--version").output().is_err() {
        return skip("git is not installed");
    }
    let site = fixture("minimal");
    let out = site.path().join("public");
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(["-c", "user.name=CI", "-c", "user.email=ci@example.com"])
            .args(args)
            .current_dir(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "git {args:?}: {}", text(&o.stderr));
        text(&o.stdout)
    };
    std::fs::create_dir(&out).unwrap();
    git(&["init", "-q", "-b", "gh-pages"]);
    // The folder holds a repository, so the first build needs --force.
    assert_eq!(roadbook_build(site.path(), &[]).status.code(), Some(2));
    ok(&roadbook_build(site.path(), &["--force"]));
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "first"]);
    edit(
        site.path(),
        "backlog/stories/S-1-link-story.md",
        "Depends on nothing.",
        "Depends on nothing, on nothing.",
    );
    ok(&roadbook_build(site.path(), &[]));
    let status = git(&["status", "--porcelain"]);
    // The story's page and the search index that quotes it: git sees modified
    // files, nothing deleted, nothing new.
    let changed: Vec<&str> = status.lines().map(str::trim).collect();
    assert_eq!(
        changed,
        ["M search/docs-0.js", "M stories/S-1.html"],
        "{status}"
    );
    assert_eq!(git(&["log", "--format=%s"]).trim(), "first");
}

#[test]
fn a_file_of_others_where_a_page_goes_is_replaced_only_with_force() {
    let site = fixture("minimal");
    let out = site.path().join("public");
    ok(&roadbook_build(site.path(), &[]));
    write(&out, "stories/S-3.html", "written by hand");
    write(
        site.path(),
        "backlog/stories/S-3.md",
        "+++\nid = \"S-3\"\ntitle = \"Third\"\nepic = \"E-1\"\nstatus = \"draft\"\n+++\n",
    );
    let before = tree_state(&out);
    let refused = roadbook_build(site.path(), &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains("stories/S-3.html was not written by Roadbook")
            && stderr.contains("public was not changed"),
        "{stderr}"
    );
    assert_eq!(tree_state(&out), before);
    ok(&roadbook_build(site.path(), &["--force"]));
    assert!(file_has(&out.join("stories/S-3.html"), "Third"));
}

#[test]
fn outputs_that_reach_the_sources_or_git_are_refused_on_real_paths() {
    let site = fixture("minimal");
    let root = site.path();
    write(
        root,
        "backlog/epics/E-2.md",
        "+++\nid = \"E-2\"\ntitle = \"Two\"\n+++\n",
    );
    std::fs::create_dir_all(root.join(".git/objects")).unwrap();
    symlink(root.join("backlog/stories"), root.join("deep")).unwrap();
    symlink(root, root.join("here")).unwrap();
    let sources = tree_state(root);
    for (out, says) in [
        ("deep/../epics", "lies inside the source folder backlog/"),
        ("deep", "lies inside the source folder backlog/"),
        (".git", "is the site's git repository"),
        (".git/site", "lies inside the site's git repository"),
        ("here", "is the site folder"),
        ("here/..", "contains the site folder"),
        ("roles", "is the source folder roles/"),
    ] {
        let result = roadbook_build(root, &["-o", out]);
        assert_eq!(
            result.status.code(),
            Some(2),
            "-o {out}: {}",
            text(&result.stderr)
        );
        let stderr = text(&result.stderr);
        assert!(stderr.contains(says), "-o {out}: {stderr}");
        assert_eq!(tree_state(root), sources, "-o {out} changed the sources");
    }
    ok(&roadbook_build(root, &["-o", "backlog/../public"]));
    assert!(root.join("public/index.html").is_file());
}

#[test]
fn an_output_that_is_a_link_to_a_folder_is_built_through_the_link() {
    let site = fixture("minimal");
    let elsewhere = tempfile::tempdir().unwrap();
    let real = elsewhere.path().join("www");
    std::fs::create_dir(&real).unwrap();
    symlink(&real, site.path().join("public")).unwrap();
    ok(&roadbook_build(site.path(), &[]));
    edit(
        site.path(),
        "roadbook.toml",
        "Tiny product",
        "Small product",
    );
    ok(&roadbook_build(site.path(), &[]));
    let link = site.path().join("public").symlink_metadata().unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    assert!(file_has(&real.join("index.html"), "Small product"));
    let beside: Vec<_> = std::fs::read_dir(elsewhere.path()).unwrap().collect();
    assert_eq!(beside.len(), 1, "nothing is left beside the real folder");
}

#[test]
fn staging_folders_left_by_killed_builds_of_roadbook_0_1_are_removed() {
    let site = fixture("minimal");
    write(
        site.path(),
        ".public.roadbook-4242/index.html",
        "half a site",
    );
    write(
        site.path(),
        ".public.roadbook-notes/keep.txt",
        "not Roadbook's",
    );
    ok(&roadbook_build(site.path(), &[]));
    assert!(!site.path().join(".public.roadbook-4242").exists());
    assert!(
        site.path()
            .join(".public.roadbook-notes/keep.txt")
            .is_file()
    );
}

#[test]
fn a_dangling_link_as_output_is_refused_and_leaves_nothing() {
    let site = fixture("minimal");
    symlink(site.path().join("gone/www"), site.path().join("public")).unwrap();
    let before = tree_state(site.path());
    let result = roadbook_build(site.path(), &[]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("gone/www, which does not exist"),
        "{stderr}"
    );
    assert_eq!(tree_state(site.path()), before);
}

/// Runs `roadbook build` under `umask`.
fn build_with_umask(site: &Path, umask: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" build"))
        .arg(env!("CARGO_BIN_EXE_roadbook"))
        .current_dir(site)
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .output()
        .unwrap()
}

#[test]
fn modes_follow_the_umask_and_unchanged_files_keep_mode_and_time() {
    let site = fixture("minimal");
    let out = site.path().join("public");
    ok(&build_with_umask(site.path(), "027"));
    let mode = |p: &str| std::fs::metadata(out.join(p)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("index.html"), 0o640);
    assert_eq!(mode("stories"), 0o750);
    assert_eq!(mode(""), 0o750);
    // A user opens one page to everyone by hand; it does not change, so it keeps that.
    std::fs::set_permissions(out.join("goals/G-1.html"), PermissionsExt::from_mode(0o644)).unwrap();
    let before = tree_state(&out);
    std::thread::sleep(Duration::from_millis(20));
    edit(
        site.path(),
        "backlog/stories/S-1-link-story.md",
        "Depends on nothing.",
        "Depends on nothing, on nothing.",
    );
    ok(&build_with_umask(site.path(), "022"));
    let after = tree_state(&out);
    assert_eq!(
        mode("stories/S-1.html"),
        0o644,
        "a changed page: 0666 less the umask"
    );
    for (path, old) in &before {
        let new = &after[path];
        if path == "stories/S-1.html" || path == "search/docs-0.js" {
            assert_ne!(old.content, new.content);
        } else if old.content != b"<dir>" {
            assert_eq!(old, new, "{path} was rewritten");
        }
    }
}

#[test]
fn a_second_build_waits_for_the_first_and_says_so() {
    let site = fixture("minimal");
    ok(&roadbook_build(site.path(), &[]));
    let out = site.path().join("public");
    // Hold the lock the way a running build does.
    let lock = std::fs::File::create(site.path().join(".public.roadbook-lock")).unwrap();
    lock.lock().unwrap();
    edit(
        site.path(),
        "roadbook.toml",
        "Tiny product",
        "Small product",
    );
    let before = tree_state(&out);
    let mut waiting = Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .arg("build")
        .current_dir(site.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "the second build waits"
    );
    assert_eq!(
        tree_state(&out),
        before,
        "and writes nothing while it waits"
    );
    drop(lock);
    let done = waiting.wait_with_output().unwrap();
    ok(&done);
    assert!(
        text(&done.stderr).contains("waiting for another build into public to finish"),
        "{}",
        text(&done.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(file_has(&out.join("index.html"), "Small product"));
}

#[test]
fn builds_running_at_once_leave_one_whole_site() {
    let (site_a, site_b) = (fixture("minimal"), fixture("minimal"));
    let (a, b) = (site_a.path(), site_b.path());
    edit(a, "roadbook.toml", "Tiny product", "Product A");
    edit(b, "roadbook.toml", "Tiny product", "Product B");
    let target = tempfile::tempdir().unwrap();
    let out = target.path().join("public");
    for _ in 0..4 {
        let spawn = |dir: &Path| {
            Command::new(env!("CARGO_BIN_EXE_roadbook"))
                .args(["build", "-o"])
                .arg(&out)
                .arg(dir)
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (first, second) = (spawn(a), spawn(b));
        ok(&first.wait_with_output().unwrap());
        ok(&second.wait_with_output().unwrap());
        let titles: std::collections::BTreeSet<&str> = walkdir::WalkDir::new(&out)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                let html = std::fs::read_to_string(e.path()).unwrap();
                if html.contains("Product A") {
                    "A"
                } else if html.contains("Product B") {
                    "B"
                } else {
                    "?"
                }
            })
            .collect();
        assert_eq!(titles.len(), 1, "pages of both builds: {titles:?}");
    }
}

/// A site of over 3,000 pages: the minimal fixture and 3,100 more stories.
fn large_site() -> tempfile::TempDir {
    let site = fixture("minimal");
    for i in 100..3200 {
        write(
            site.path(),
            &format!("backlog/stories/S-{i}.md"),
            format!(
                "+++\nid = \"S-{i}\"\ntitle = \"Story {i}\"\nepic = \"E-1\"\nstatus = \"draft\"\npoints = 1\n+++\nStory {i} builds on [[S-1]]. {}\n",
                "Words to make a page of some size. ".repeat(20)
            ),
        );
    }
    site
}

#[test]
fn sigkill_at_any_moment_of_a_rebuild_leaves_the_old_or_the_new_site() {
    let site = large_site();
    let out = site.path().join("public");
    let content = |dir: &Path| -> std::collections::BTreeMap<String, Vec<u8>> {
        tree_state(dir)
            .into_iter()
            .map(|(k, e)| (k, e.content))
            .collect()
    };
    // The old site and the new one (its title changed on every page), each
    // built whole, with a deploy's files beside them.
    write(&out, "CNAME", "docs.example.com\n");
    ok(&roadbook_build(site.path(), &["--force"]));
    let old = content(&out);
    edit(
        site.path(),
        "roadbook.toml",
        "Tiny product",
        "Renamed product",
    );
    let started = Instant::now();
    ok(&roadbook_build(site.path(), &[]));
    let took = started.elapsed();
    let new = content(&out);
    assert!(old.len() > 3000, "{} files", old.len());
    assert_ne!(old, new);
    edit(
        site.path(),
        "roadbook.toml",
        "Renamed product",
        "Tiny product",
    );
    ok(&roadbook_build(site.path(), &[]));

    let moments = 16;
    let (mut saw_old, mut saw_new) = (0, 0);
    for i in 0..moments {
        let wanted = if i % 2 == 0 {
            ("Tiny product", "Renamed product")
        } else {
            ("Renamed product", "Tiny product")
        };
        edit(site.path(), "roadbook.toml", wanted.0, wanted.1);
        let mut child = Command::new(env!("CARGO_BIN_EXE_roadbook"))
            .arg("build")
            .current_dir(site.path())
            .env("SOURCE_DATE_EPOCH", "1800000000")
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(took.mul_f64(1.2 * i as f64 / moments as f64));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let now = content(&out);
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            let differs: Vec<_> = now
                .iter()
                .filter(|(k, v)| old.get(*k) != Some(v) && new.get(*k) != Some(v))
                .map(|(k, _)| k)
                .take(5)
                .collect();
            panic!("killed after {i}/{moments} of a build: a mix of old and new, e.g. {differs:?}");
        }
        assert!(
            now.iter()
                .all(|(k, v)| !k.ends_with(".html") || !v.is_empty())
        );
        // Back to a known state for the next moment: finish the build.
        ok(&roadbook_build(site.path(), &[]));
        assert_eq!(
            content(&out),
            if i % 2 == 0 { new.clone() } else { old.clone() }
        );
    }
    eprintln!("killed {moments} rebuilds: {saw_old} left the old site, {saw_new} the new one");
    let leftovers = roadbook_leftovers(site.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
