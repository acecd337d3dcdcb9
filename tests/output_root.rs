//! SPEC §6 cases that need root (CI runs as root): a full disk (a small tmpfs),
//! an output folder that is a mount point, and a read-only subfolder met by an
//! unprivileged user. Elsewhere they say that they skipped.
#![cfg(target_os = "linux")]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

/// A tmpfs mounted for one test, unmounted when dropped.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn mount_tmpfs(at: &Path, size: &str) -> Option<Mount> {
    if !is_root() {
        skip("mounting a tmpfs needs root");
        return None;
    }
    std::fs::create_dir_all(at).unwrap();
    let status = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        skip("mount -t tmpfs failed on this machine");
        return None;
    }
    Some(Mount(at.to_path_buf()))
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_full_disk_fails_naming_the_file_and_changes_nothing() {
    let work = tempfile::tempdir().unwrap();
    let Some(_disk) = mount_tmpfs(&work.path().join("disk"), "1m") else {
        return;
    };
    let site = fixture("minimal");
    let out = work.path().join("disk/public");
    let first = roadbook_build(site.path(), &["-o", out.to_str().unwrap()]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let before = tree_state(&out);

    write(site.path(), "static/video.bin", vec![7u8; 2 << 20]);
    let full = roadbook_build(site.path(), &["-o", out.to_str().unwrap()]);
    assert_eq!(full.status.code(), Some(2), "{}", text(&full.stderr));
    let stderr = text(&full.stderr);
    assert!(
        stderr.contains("video.bin")
            && stderr.contains("No space left on device")
            && stderr.contains("free some space"),
        "{stderr}"
    );
    assert!(stderr.contains("was not changed"), "{stderr}");
    assert_eq!(tree_state(&out), before);
    assert_eq!(
        names(&work.path().join("disk")),
        ["public"],
        "no trace is left"
    );

    // A first build that does not fit leaves nothing at all.
    let other = work.path().join("disk/other");
    let failed = roadbook_build(site.path(), &["-o", other.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(2), "{}", text(&failed.stderr));
    assert_eq!(names(&work.path().join("disk")), ["public"]);
}

#[test]
fn an_output_folder_that_is_a_mount_point() {
    let site = fixture("minimal");
    let out = site.path().join("public");
    let Some(_mount) = mount_tmpfs(&out, "64m") else {
        return;
    };
    let first = roadbook_build(site.path(), &[]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert!(out.join("stories/S-2.html").is_file());
    write(&out, "CNAME", "docs.example.com\n");
    delete_s2(site.path());
    let cname = tree_state(&out)["CNAME"].clone();
    let second = roadbook_build(site.path(), &[]);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    assert!(!out.join("stories/S-2.html").exists());
    assert_eq!(
        tree_state(&out)["CNAME"],
        cname,
        "others' files are not touched"
    );
    let inside = names(&out);
    assert!(
        inside
            .iter()
            .all(|n| !n.starts_with(".roadbook-") || n == ".roadbook-manifest"),
        "{inside:?}"
    );
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    assert!(
        mounts.contains(out.to_str().unwrap()),
        "still the mount point"
    );
}

/// Runs roadbook as `nobody` with `runuser`, from a copy of the binary that
/// `nobody` can reach.
fn as_nobody(work: &Path, args: &[&str]) -> Option<Output> {
    if !is_root() || !Path::new("/usr/sbin/runuser").exists() {
        skip("needs root and runuser to build as an unprivileged user");
        return None;
    }
    let binary = work.join("bin/roadbook");
    if !binary.exists() {
        std::fs::create_dir_all(binary.parent().unwrap()).unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_roadbook"), &binary).unwrap();
    }
    let output = Command::new("/usr/sbin/runuser")
        .args(["-u", "nobody", "--"])
        .arg(&binary)
        .args(args)
        .current_dir(work)
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .output()
        .unwrap();
    Some(output)
}

fn nobody_ids() -> (u32, u32) {
    let id = |flag: &str| -> u32 {
        let o = Command::new("id").args([flag, "nobody"]).output().unwrap();
        text(&o.stdout).trim().parse().unwrap()
    };
    (id("-u"), id("-g"))
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_read_only_subfolder_met_by_an_unprivileged_user() {
    let work = tempfile::tempdir().unwrap();
    let root = work.path();
    set_mode(root, 0o755);
    common::copy_dir(&fixtures().join("minimal"), &root.join("site"));
    for entry in walkdir::WalkDir::new(root.join("site")) {
        let entry = entry.unwrap();
        set_mode(
            entry.path(),
            if entry.file_type().is_dir() {
                0o755
            } else {
                0o644
            },
        );
    }
    std::fs::create_dir(root.join("open")).unwrap();
    set_mode(&root.join("open"), 0o777);
    let Some(first) = as_nobody(root, &["build", "site", "-o", "open/public"]) else {
        return;
    };
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));

    // Where the output can be swapped, a read-only folder of pages is replaced
    // with the rest of the site.
    set_mode(&root.join("open/public/stories"), 0o555);
    std::fs::write(
        root.join("site/backlog/stories/S-1-link-story.md"),
        std::fs::read_to_string(root.join("site/backlog/stories/S-1-link-story.md"))
            .unwrap()
            .replace(
                "Depends on nothing.",
                "Depends on nothing, read-only or not.",
            ),
    )
    .unwrap();
    let swapped = as_nobody(root, &["build", "site", "-o", "open/public"]).unwrap();
    assert_eq!(swapped.status.code(), Some(0), "{}", text(&swapped.stderr));
    let page = std::fs::read_to_string(root.join("open/public/stories/S-1.html")).unwrap();
    assert!(page.contains("read-only or not"));
    assert_eq!(names(&root.join("open")), ["public"], "no trace is left");

    // Where the parent cannot be written, files are replaced in place: a
    // read-only folder is found before anything changes.
    std::fs::create_dir(root.join("closed")).unwrap();
    set_mode(&root.join("closed"), 0o755);
    let out = root.join("closed/public");
    std::fs::create_dir(&out).unwrap();
    let (uid, gid) = nobody_ids();
    std::os::unix::fs::chown(&out, Some(uid), Some(gid)).unwrap();
    let in_place = as_nobody(root, &["build", "site", "-o", "closed/public"]).unwrap();
    assert_eq!(
        in_place.status.code(),
        Some(0),
        "{}",
        text(&in_place.stderr)
    );
    set_mode(&out.join("stories"), 0o555);
    std::fs::write(
        root.join("site/backlog/stories/S-1-link-story.md"),
        std::fs::read_to_string(root.join("site/backlog/stories/S-1-link-story.md"))
            .unwrap()
            .replace("read-only or not", "once more"),
    )
    .unwrap();
    let before = tree_state(&out);
    let refused = as_nobody(root, &["build", "site", "-o", "closed/public"]).unwrap();
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains("cannot write into closed/public/stories: permission denied"),
        "{stderr}"
    );
    assert_eq!(tree_state(&out), before, "nothing changed");
}
