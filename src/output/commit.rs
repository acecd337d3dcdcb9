//! Putting a staged site in place: one exchange of two folders, or, where the
//! output cannot be exchanged, a journal of renames that a later build finishes
//! if this one is killed half-way.

use std::io;
use std::path::{Path, PathBuf};

use super::manifest::{entry_line, parse_entry};

/// The staging folder's file that lists the renames of an in-place replacement.
const JOURNAL: &str = "journal";

/// Swaps two folders in one step: `renameat2` with `RENAME_EXCHANGE`.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The renames and removals that turn the output folder into the new site.
#[derive(Debug, Default)]
pub struct Journal {
    /// Files moved from the staged tree to the same path in the output.
    pub moves: Vec<String>,
    /// Roadbook's files that no longer belong.
    pub removes: Vec<String>,
    /// Roadbook's folders, removed when left empty.
    pub dirs: Vec<String>,
}

impl Journal {
    /// Writes the journal into `staging` whole (a temporary file and a rename), so
    /// a later build finds it complete or not at all.
    pub fn write(&self, staging: &Path) -> io::Result<()> {
        let mut text = String::new();
        for (tag, list) in [("m", &self.moves), ("r", &self.removes), ("d", &self.dirs)] {
            for path in list {
                text.push_str(&entry_line(tag, path));
            }
        }
        let tmp = staging.join("journal.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(tmp, staging.join(JOURNAL))
    }

    fn read(staging: &Path) -> io::Result<Option<Journal>> {
        let text = match std::fs::read_to_string(staging.join(JOURNAL)) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut journal = Journal::default();
        for (tag, path) in text.lines().filter_map(parse_entry) {
            match tag {
                "m" => journal.moves.push(path),
                "r" => journal.removes.push(path),
                "d" => journal.dirs.push(path),
                _ => {}
            }
        }
        Ok(Some(journal))
    }

    /// Carries the journal out. Every step can be repeated, so a build that
    /// finds the journal of a killed one finishes it from the start.
    pub fn apply(&self, staging: &Path, out: &Path) -> io::Result<()> {
        let tree = staging.join("tree");
        for rel in &self.moves {
            let from = tree.join(rel);
            if std::fs::symlink_metadata(&from).is_err() {
                continue; // moved already
            }
            let to = out.join(rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|e| at(parent, e))?;
            }
            std::fs::rename(&from, &to).map_err(|e| at(&to, e))?;
        }
        for rel in &self.removes {
            let path = out.join(rel);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(at(&path, e)),
                _ => {}
            }
        }
        let mut dirs: Vec<&String> = self.dirs.iter().collect();
        dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
        for rel in dirs {
            let _ = std::fs::remove_dir(out.join(rel)); // only when empty, as wanted
        }
        Ok(())
    }
}

/// Finishes or discards what a killed build left in `staging`: with a complete
/// journal its renames are finished; otherwise the output was never touched and
/// the staging folder is only removed.
pub fn recover(staging: &Path, out: &Path) -> io::Result<bool> {
    if std::fs::symlink_metadata(staging).is_err() {
        return Ok(false);
    }
    if let Some(journal) = Journal::read(staging)? {
        journal.apply(staging, out)?;
    }
    remove_tree(staging)?;
    Ok(true)
}

/// Removes a folder Roadbook made and everything in it, making its own
/// read-only folders writable first where needed.
pub fn remove_tree(path: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            make_writable(path);
            std::fs::remove_dir_all(path)
        }
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn make_writable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walkdir::WalkDir::new(path).into_iter().flatten() {
        if entry.file_type().is_dir()
            && let Ok(meta) = entry.metadata()
        {
            let mode = meta.permissions().mode() | 0o700;
            let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode));
        }
    }
}

#[cfg(not(unix))]
fn make_writable(_path: &Path) {}

/// Whether `path` is a mount point (another device than its parent, or listed in
/// the mount table, as a bind mount is): such a folder cannot be renamed.
pub fn is_mount_point(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Some(Ok(b))) = (
            std::fs::metadata(path),
            path.parent().map(std::fs::metadata),
        ) && a.dev() != b.dev()
        {
            return true;
        }
    }
    let Ok(table) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return false;
    };
    table
        .lines()
        .filter_map(|line| line.split(' ').nth(4))
        .any(|point| Path::new(&unescape_octal(point)) == path)
}

/// The mount table writes a space as `\040`.
fn unescape_octal(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(|b| (b'0'..=b'7').contains(b)));
        if bytes[i] == b'\\'
            && let Some(d) = octal
        {
            out.push(
                d.iter()
                    .fold(0u8, |v, b| v.wrapping_mul(8).wrapping_add(b - b'0')),
            );
            i += 4;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An I/O error that names its path.
pub fn at(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// The nearest folder of `path` that exists.
pub fn nearest_existing(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .find(|p| std::fs::symlink_metadata(p).is_ok())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_table_escapes() {
        assert_eq!(unescape_octal("/mnt/my\\040site"), "/mnt/my site");
        assert_eq!(unescape_octal("/plain"), "/plain");
    }

    #[test]
    fn a_journal_is_finished_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = (dir.path().join("out"), dir.path().join("staging"));
        std::fs::create_dir_all(staging.join("tree/stories")).unwrap();
        std::fs::create_dir_all(out.join("old")).unwrap();
        std::fs::write(staging.join("tree/stories/S 1.html"), "new").unwrap();
        std::fs::write(out.join("old/gone.html"), "old").unwrap();
        let journal = Journal {
            moves: vec!["stories/S 1.html".into()],
            removes: vec!["old/gone.html".into()],
            dirs: vec!["old".into()],
        };
        journal.write(&staging).unwrap();
        assert!(recover(&staging, &out).unwrap());
        assert_eq!(
            std::fs::read_to_string(out.join("stories/S 1.html")).unwrap(),
            "new"
        );
        assert!(!out.join("old").exists());
        assert!(!staging.exists());
    }
}
