//! `file://` URIs and paths, both ways (RFC 8089; percent-encoded UTF-8).

use std::path::{Path, PathBuf};

use lsp_types::Uri;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// What a path segment may not hold unescaped.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The `file://` URI of an absolute path.
pub fn of(path: &Path) -> Uri {
    let text = path.to_string_lossy();
    let encoded: String = utf8_percent_encode(&text, SEGMENT).collect();
    format!("file://{encoded}")
        .parse()
        .expect("a percent-encoded path is a valid URI")
}

/// The path a `file://` URI names; `None` for other schemes.
pub fn path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://localhost/x` and `file:///x` name the same file.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    let path = PathBuf::from(decoded.as_ref());
    path.is_absolute().then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_spaces_and_accents_go_both_ways() {
        let p = Path::new("/tmp/my site/backlog/stories/S-1 café.md");
        let u = of(p);
        assert_eq!(
            u.as_str(),
            "file:///tmp/my%20site/backlog/stories/S-1%20caf%C3%A9.md"
        );
        assert_eq!(path(&u).as_deref(), Some(p));
        let vscode: Uri = "file:///tmp/my%20site/a%3Ab.md".parse().unwrap();
        assert_eq!(path(&vscode), Some(PathBuf::from("/tmp/my site/a:b.md")));
    }
}
