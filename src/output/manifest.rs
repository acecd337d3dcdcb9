//! `.roadbook-manifest`: the files and folders Roadbook wrote into an output
//! folder, so that a later build changes or removes nothing else.

use std::collections::HashSet;
use std::path::Path;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// The manifest's name in the output folder.
pub const NAME: &str = ".roadbook-manifest";
const HEADER: &str =
    "# roadbook manifest 1: the files (f) and folders (d) Roadbook wrote here; do not edit";
/// Control characters and `%` are escaped, so every path is one line.
const ESCAPED: &AsciiSet = &CONTROLS.add(b'%');

/// One entry, `TAG path`, as the manifest and the journal write them.
pub(super) fn entry_line(tag: &str, path: &str) -> String {
    format!("{tag} {}\n", utf8_percent_encode(path, ESCAPED))
}

/// The tag and path of an entry line; `None` when it is not one.
pub(super) fn parse_entry(line: &str) -> Option<(&str, String)> {
    let (tag, path) = line.split_once(' ')?;
    let path = percent_decode_str(path).decode_utf8().ok()?;
    Some((tag, path.into_owned()))
}

/// What an earlier build wrote: paths relative to the output folder, with `/`.
#[derive(Debug, Default)]
pub struct Manifest {
    pub files: HashSet<String>,
    pub dirs: HashSet<String>,
}

impl Manifest {
    /// Reads the manifest of `out`: `Ok(None)` when there is none.
    pub fn read(out: &Path) -> Result<Option<Manifest>, String> {
        let path = out.join(NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let damaged = |line: usize| {
            format!(
                "{}:{line}: this manifest is damaged, so Roadbook cannot tell which files it wrote; delete it and build once with --force",
                path.display()
            )
        };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Err(damaged(1));
        }
        let mut manifest = Manifest::default();
        for (i, line) in lines.enumerate() {
            match parse_entry(line) {
                Some(("f", path)) => manifest.files.insert(path),
                Some(("d", path)) => manifest.dirs.insert(path),
                _ => return Err(damaged(i + 2)),
            };
        }
        Ok(Some(manifest))
    }

    /// The manifest's text: sorted, so the same site gives the same bytes.
    pub fn to_text(&self) -> String {
        let mut entries: Vec<(&str, &String)> = self
            .files
            .iter()
            .map(|f| ("f", f))
            .chain(self.dirs.iter().map(|d| ("d", d)))
            .collect();
        entries.sort_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)));
        let mut text = String::from(HEADER);
        text.push('\n');
        for (tag, path) in entries {
            text.push_str(&entry_line(tag, path));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_odd_names() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        m.files.insert("stories/S-1.html".into());
        m.files.insert("static/a b%\nc.txt".into());
        m.dirs.insert("stories".into());
        std::fs::write(dir.path().join(NAME), m.to_text()).unwrap();
        let back = Manifest::read(dir.path()).unwrap().unwrap();
        assert_eq!(back.files, m.files);
        assert_eq!(back.dirs, m.dirs);
    }

    #[test]
    fn a_damaged_manifest_is_an_error_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(NAME), format!("{HEADER}\nf a.html\nxyz\n")).unwrap();
        let err = Manifest::read(dir.path()).unwrap_err();
        assert!(err.contains(":3:") && err.contains("--force"), "{err}");
        assert!(Manifest::read(&dir.path().join("none")).unwrap().is_none());
    }
}
