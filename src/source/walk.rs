//! Finding and reading the source files: which files of a folder belong to it,
//! and their text, with a clear diagnostic for what cannot be read.

use std::path::{Path, PathBuf};

use super::{Listing, SourcePath};
use crate::base::{Code, Diagnostic};
use crate::kinds::Kind;

/// Adds the `.md` and `.toml` files below `root/folder` that belong to it and not to
/// a deeper source folder, sorted by path.
pub(super) fn walk_folder(
    root: &Path,
    folder: &str,
    folder_kind: Option<Kind>,
    listing: &mut Listing,
) {
    let dir = root.join(folder);
    if !dir.is_dir() {
        return;
    }
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    // `backlog/` holds epics/ and stories/, which are walked on their own.
    let nested_sources = folder == "backlog";
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| rel_to(root, p))
                    .unwrap_or_else(|| folder.into());
                let reason = if e.loop_ancestor().is_some() {
                    "it is a symbolic link that loops back to a folder above it".to_owned()
                } else {
                    e.io_error().map_or_else(|| e.to_string(), io_reason)
                };
                let d = Diagnostic::new(
                    Code::UnreadableFile,
                    format!("cannot read {}: {reason}", path.display()),
                );
                listing.unreadable.push((path, d));
                continue;
            }
        };
        // A link to a folder is seen here, before the files below it.
        listing.through_links |= entry.path_is_symlink();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = rel_to(root, entry.path());
        if nested_sources && entry.depth() > 1 {
            continue;
        }
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "md" || ext == "toml" {
            listing.paths.push(SourcePath { rel, folder_kind });
        }
    }
}

pub(super) fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
}

fn rel_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

pub(super) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// A file that cannot be read as text: what to report, the text to quote (up
/// to where it can be read), and where in it the problem lies.
pub(super) struct Unreadable {
    pub diagnostic: Diagnostic,
    pub text: String,
    pub at: std::ops::Range<usize>,
}

/// Reads a file as UTF-8 text without its byte-order mark.
pub(super) fn read_text(root: &Path, rel: &Path) -> Result<String, Box<Unreadable>> {
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| Unreadable {
            diagnostic: Diagnostic::new(
                Code::UnreadableFile,
                format!("cannot read {}: {}", rel.display(), io_reason(&e)),
            ),
            text: String::new(),
            at: 0..0,
        })
        .map_err(Box::new)?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            // The text as far as it reads, with U+FFFD for what does not: the
            // span points at the first byte that is not UTF-8.
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Err(Box::new(Unreadable {
                diagnostic: Diagnostic::new(
                    Code::InvalidUtf8,
                    format!("{} is not UTF-8 text", rel.display()),
                )
                .help("save the file as UTF-8 in your editor, and check the letter shown here"),
                text,
                at: at..at + '\u{fffd}'.len_utf8(),
            }))
        }
    }
}

pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}
