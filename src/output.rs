//! The single write path. Pages reach a [`Sink`] as they render, but nothing
//! reaches the output folder before all have rendered; then only the files whose
//! bytes changed are written (each through a temporary file and a rename), and
//! the files that no longer belong are removed, so unchanged files keep their
//! modification times.

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::render::OutputFile;

/// What a write did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Source folders an output folder must never be, nor be inside of.
const SOURCE_FOLDERS: &[&str] = &[
    "goals",
    "roadmap",
    "backlog",
    "roles",
    "pages",
    "static",
    "templates",
    "themes",
];

/// Refuses an output folder that is the site root, contains it, or lies in a
/// source folder: a build there would delete or mix with the sources.
pub fn validate_output_dir(site_root: &Path, out: &Path) -> Result<(), String> {
    let root = normalize(site_root)?;
    let out_abs = normalize(out)?;
    if root == out_abs {
        return Err(format!(
            "the output folder {} is the site folder itself; choose a folder such as public/",
            out.display()
        ));
    }
    if root.starts_with(&out_abs) {
        return Err(format!(
            "the output folder {} contains the site's sources; choose a folder such as public/",
            out.display()
        ));
    }
    if let Ok(rel) = out_abs.strip_prefix(&root)
        && let Some(Component::Normal(first)) = rel.components().next()
        && SOURCE_FOLDERS.iter().any(|f| first == *f)
    {
        return Err(format!(
            "the output folder {} is inside the source folder {}/; choose a folder such as public/",
            out.display(),
            first.to_string_lossy()
        ));
    }
    Ok(())
}

/// An absolute path with `.` and `..` resolved, and symbolic links followed as
/// far as the path exists.
fn normalize(path: &Path) -> Result<PathBuf, String> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| format!("cannot read the current folder: {e}"))?
            .join(path)
    };
    let mut lexical = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    out.extend(rest.into_iter().rev());
    Ok(out)
}

/// Where `build` puts each page as soon as it is rendered, so that the whole site
/// is never held in memory and the disk works while pages render. Nothing
/// reaches `out` before [`Sink::finish`]: a build that fails leaves it as it was.
pub enum Sink {
    /// `out` is missing or empty: pages go to a staging folder beside it, which
    /// becomes `out` at the end (one rename) or is deleted on failure.
    Fresh {
        out: PathBuf,
        staging: Staging,
        written: std::sync::atomic::AtomicUsize,
        error: std::sync::Mutex<Option<io::Error>>,
    },
    /// `out` holds an earlier build: a page identical to the file there is
    /// dropped at once; only the changed pages are kept for writing.
    Existing {
        out: PathBuf,
        unchanged: std::sync::Mutex<Vec<PathBuf>>,
    },
}

impl Sink {
    pub fn new(out: &Path) -> io::Result<Sink> {
        let empty = match std::fs::read_dir(out) {
            Ok(mut entries) => entries.next().is_none(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => true,
            Err(e) => return Err(e),
        };
        if !empty {
            return Ok(Sink::Existing {
                out: out.to_path_buf(),
                unchanged: Default::default(),
            });
        }
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(parent)?;
        let staging = Staging::create(parent, out)?;
        Ok(Sink::Fresh {
            out: out.to_path_buf(),
            staging,
            written: Default::default(),
            error: Default::default(),
        })
    }

    /// Takes a rendered file; returns it when it must still be written at the end.
    pub fn offer(&self, file: OutputFile) -> Option<OutputFile> {
        let Ok(rel) = safe_relative(&file.path) else {
            return Some(file); // refused, with its reason, when written
        };
        match self {
            Sink::Fresh {
                staging,
                written,
                error,
                ..
            } => {
                let path = staging.path().join(rel);
                let result = path
                    .parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::write(&path, &file.bytes));
                match result {
                    Ok(()) => {
                        written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        None
                    }
                    Err(e) => {
                        error
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .get_or_insert(e);
                        Some(file)
                    }
                }
            }
            Sink::Existing { out, unchanged } => match std::fs::read(out.join(&rel)) {
                Ok(existing) if *existing == *file.bytes => {
                    unchanged
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(rel);
                    None
                }
                _ => Some(file),
            },
        }
    }

    /// Writes the files not yet taken and puts the site in place.
    pub fn finish(self, files: &[OutputFile]) -> io::Result<WriteStats> {
        match self {
            Sink::Fresh {
                out,
                staging,
                written,
                error,
            } => {
                if let Some(e) = error.into_inner().unwrap_or_else(|e| e.into_inner()) {
                    return Err(e);
                }
                // Everything in the staging folder belongs: nothing to remove.
                let stats = write_files(staging.path(), files, None)?;
                if out.is_dir() {
                    std::fs::remove_dir(&out)?; // empty, as it was when the build began
                }
                std::fs::rename(staging.keep(), &out)?;
                Ok(WriteStats {
                    written: stats.written + written.into_inner(),
                    ..WriteStats::default()
                })
            }
            Sink::Existing { out, unchanged } => {
                let unchanged = unchanged.into_inner().unwrap_or_else(|e| e.into_inner());
                let count = unchanged.len();
                let mut stats = write_files(&out, files, Some(unchanged.into_iter().collect()))?;
                stats.unchanged += count;
                Ok(stats)
            }
        }
    }
}

/// A folder beside the output that a build fills before it becomes the output;
/// removed with everything in it unless kept.
pub struct Staging(Option<PathBuf>);

impl Staging {
    /// Made like any new folder (so with the usual permissions), named after the
    /// output and this process; one left by a build that was killed is replaced.
    fn create(parent: &Path, out: &Path) -> io::Result<Staging> {
        let name = out
            .file_name()
            .map_or_else(|| "site".into(), |n| n.to_string_lossy());
        let path = parent.join(format!(".{name}.roadbook-{}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path)?;
        }
        std::fs::create_dir(&path)?;
        Ok(Staging(Some(path)))
    }

    fn path(&self) -> &Path {
        self.0.as_deref().expect("not kept yet")
    }

    fn keep(mut self) -> PathBuf {
        self.0.take().expect("kept once")
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

/// Writes `files` into `out`, creating it if needed; with `keep`, then removes
/// every file that is neither among them nor in `keep`.
fn write_files(
    out: &Path,
    files: &[OutputFile],
    keep: Option<HashSet<PathBuf>>,
) -> io::Result<WriteStats> {
    std::fs::create_dir_all(out)?;
    let removing = keep.is_some();
    let mut keep = keep.unwrap_or_default();
    keep.reserve(files.len());
    let mut dirs: HashSet<PathBuf> = HashSet::new();
    let mut targets = Vec::with_capacity(files.len());
    for file in files {
        let rel = safe_relative(&file.path)?;
        let path = out.join(&rel);
        if let Some(parent) = path.parent()
            && dirs.insert(parent.to_path_buf())
        {
            std::fs::create_dir_all(parent)?;
        }
        targets.push((path, &file.bytes));
        keep.insert(rel);
    }
    // Files are independent: writing them in parallel keeps both cores and the
    // disk's queue busy.
    let written: Vec<bool> = targets
        .par_iter()
        .map(|(path, bytes)| write_if_changed(path, bytes))
        .collect::<io::Result<_>>()?;
    let changed = written.iter().filter(|w| **w).count();
    Ok(WriteStats {
        written: changed,
        unchanged: written.len() - changed,
        removed: if removing {
            remove_stale(out, &keep)?
        } else {
            0
        },
    })
}

/// Writes a file whose bytes differ from what is there; returns whether it wrote.
/// A new file is written in place; an existing one is replaced through a
/// temporary file and a rename, so a reader never sees it half-written.
fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    match std::fs::read(path) {
        Ok(existing) if existing == bytes => Ok(false),
        Ok(_) => write_atomic(path, bytes).map(|()| true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::write(path, bytes).map(|()| true),
        Err(_) => write_atomic(path, bytes).map(|()| true),
    }
}

/// A path of the output, checked to stay inside it.
fn safe_relative(path: &str) -> io::Result<PathBuf> {
    let rel = PathBuf::from(path);
    let ok = !path.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(rel)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {path}"),
        ))
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    io::Write::write_all(&mut tmp, bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Removes files under `out` that are not in `keep`, and folders left empty.
fn remove_stale(out: &Path, keep: &HashSet<PathBuf>) -> io::Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.file_type().is_dir() {
            dirs.push(entry.path().to_path_buf());
        } else if !keep.contains(&rel) {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    // Deepest first, so parents empty out after their children.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for dir in dirs {
        let _ = std::fs::remove_dir(&dir); // fails, as wanted, when not empty
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_folder_must_not_hold_the_sources() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        assert!(validate_output_dir(root, &root.join("public")).is_ok());
        assert!(validate_output_dir(root, root).is_err());
        assert!(validate_output_dir(root, &root.join("public/..")).is_err());
        assert!(validate_output_dir(root, root.parent().unwrap()).is_err());
        assert!(validate_output_dir(root, &root.join("backlog/out")).is_err());
        assert!(validate_output_dir(root, &root.join("../elsewhere")).is_ok());
    }

    #[test]
    fn paths_cannot_escape() {
        assert!(safe_relative("stories/S-1.html").is_ok());
        assert!(safe_relative("../x.html").is_err());
        assert!(safe_relative("/etc/passwd").is_err());
        assert!(safe_relative("a/./b").is_ok());
    }
}
