//! What text that does not parse would have defined. A missing quote in
//! `sprints.toml` must not make every link to a sprint an error: the ids the
//! broken text defines and names are read from it line by line, so that checks
//! hold back what follows only from its absence.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::base::{FileId, Span};
use crate::markup::{is_valid_id, is_valid_login};

/// Ids known only from text that does not parse, and items read in part.
#[derive(Clone, Debug, Default)]
pub struct Broken {
    /// Ids written as `id = "…"` in text that could not be read as an item, and where.
    pub defined: HashMap<String, Span>,
    /// Every id-like word of such text and of items read in part: an epic it may
    /// name is not reported as having no stories.
    pub named: HashSet<String>,
    /// Items read in spite of a syntax error in their text: a field the error
    /// swallowed is not reported as missing.
    pub damaged: HashSet<String>,
    /// Fields written with a value that cannot be read (a wrong type, a bad
    /// date), by item id: reported once, as such, and not again as missing.
    pub unread: HashMap<String, Vec<&'static str>>,
}

impl Broken {
    /// Whether the item `id` has `field` written, but with a value that cannot be read.
    pub fn unread(&self, id: &str, field: &str) -> bool {
        self.unread
            .get(id)
            .is_some_and(|fields| fields.contains(&field))
    }

    /// Whether a check that finds `field` of item `id` missing should hold back:
    /// the field was written but cannot be read, or a syntax error in the item
    /// may have swallowed it. Either is reported already.
    pub fn explains_missing(&self, id: &str, field: &str) -> bool {
        self.damaged.contains(id) || self.unread(id, field)
    }

    pub fn extend(&mut self, other: Broken) {
        self.defined.extend(other.defined);
        self.named.extend(other.named);
        self.damaged.extend(other.damaged);
        for (id, fields) in other.unread {
            self.unread.entry(id).or_default().extend(fields);
        }
    }

    /// Reads the ids of `text` at `range` of file `file`, which holds a syntax
    /// error: its `id = "…"` lines define ids (those of items read in spite of
    /// the error are found in the site first), and every id-like word is named.
    pub fn scan(&mut self, text: &str, file: FileId, range: Range<usize>) {
        let part = &text[range.clone()];
        for (id, at) in written_ids(part) {
            let start = range.start + at;
            self.defined
                .entry(id.to_owned())
                .or_insert(Span::new(file, start..start + id.len()));
        }
        self.named.extend(
            part.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
                .map(|w| w.trim_end_matches('.'))
                .filter(|w| is_valid_id(w))
                .map(str::to_owned),
        );
    }
}

/// `id = "S-1"` (or `id: S-1`, as YAML writes it) at the start of a line: each
/// id and its offset in `text`.
fn written_ids(text: &str) -> Vec<(&str, usize)> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let Some(rest) = line.trim_start().strip_prefix("id") else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix(['=', ':']) else {
            continue;
        };
        let value = rest.trim_start().trim_start_matches(['"', '\'']);
        let end = value
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
            .unwrap_or(value.len());
        let id = &value[..end];
        // A person's id may start with a digit.
        if is_valid_login(id) {
            let start = at + (line.len() - value.len());
            found.push((id, start));
        }
    }
    found
}

/// The parts of a `.toml` file of items: what comes before the first `[[kind]]`
/// header, then each top-level header with its lines up to the next one. Each
/// part is parsed on its own, so that a mistake in one item costs only that item.
/// `[[goal.key_result]]` stays with its goal, and a line `[[story]]` inside a
/// multi-line string is text; but a part whose string is never closed is cut
/// again at each line that is exactly a kind's header.
pub fn item_parts(text: &str, is_kind: impl Fn(&str) -> bool) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    for range in cut(text, &is_kind, false) {
        let part = &text[range.clone()];
        if ends_in_text(part) {
            parts.extend(
                cut(part, &is_kind, true)
                    .into_iter()
                    .map(|r| r.start + range.start..r.end + range.start),
            );
        } else {
            parts.push(range);
        }
    }
    parts
}

/// Whether a multi-line string is still open at the end of `text`.
fn ends_in_text(text: &str) -> bool {
    let mut open: Option<&str> = None;
    for quotes in text.split_inclusive('\n').flat_map(quote_runs) {
        open = match open {
            None => Some(quotes),
            Some(o) if o == quotes => None,
            other => other,
        };
    }
    open.is_some()
}

/// The parts of `text` at top-level headers outside multi-line strings, and with
/// `inside`, at lines inside them that are exactly a kind's header.
fn cut(text: &str, is_kind: &impl Fn(&str) -> bool, inside: bool) -> Vec<Range<usize>> {
    let mut starts = vec![0];
    let mut offset = 0;
    let mut in_text: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let trimmed = line.trim();
        let header = trimmed
            .strip_prefix("[[")
            .map(|h| h.split(']').next().unwrap_or(h).trim());
        let top_level = header.is_some_and(|h| !h.contains('.') && !h.is_empty());
        let opens = match in_text {
            None => top_level,
            // A string left open: a line that is exactly a kind's header ends it.
            Some(_) => {
                inside && top_level && trimmed.ends_with("]]") && header.is_some_and(is_kind)
            }
        };
        if opens {
            in_text = None;
            if at > 0 {
                starts.push(at);
            }
            continue;
        }
        for quotes in quote_runs(line) {
            in_text = match in_text {
                None => Some(quotes),
                Some(open) if open == quotes => None,
                other => other,
            };
        }
    }
    let mut parts: Vec<Range<usize>> = starts.windows(2).map(|w| w[0]..w[1]).collect();
    parts.push(*starts.last().unwrap_or(&0)..text.len());
    parts
}

/// The `"""` and `'''` of a line, in order.
fn quote_runs(line: &str) -> Vec<&'static str> {
    let mut runs = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find(['"', '\'']) {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("\"\"\"") {
            runs.push("\"\"\"");
            rest = after;
        } else if let Some(after) = tail.strip_prefix("'''") {
            runs.push("'''");
            rest = after;
        } else {
            rest = &tail[1..];
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<&str> {
        item_parts(text, |h| h == "story")
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn splits_at_top_level_headers_only() {
        let text = "roles = [\"pm\"]\n[[goal]]\nid = \"G-1\"\n[[goal.key_result]]\nid = \"KR-1\"\n[[story]]\nbody = \"\"\"\n[[S-1]]\n[[story]]\n\"\"\"\n";
        assert_eq!(
            parts(text),
            [
                "roles = [\"pm\"]\n",
                "[[goal]]\nid = \"G-1\"\n[[goal.key_result]]\nid = \"KR-1\"\n",
                "[[story]]\nbody = \"\"\"\n[[S-1]]\n[[story]]\n\"\"\"\n",
            ]
        );
    }

    #[test]
    fn a_string_left_open_ends_at_the_next_item() {
        let text = "[[story]]\nbody = \"\"\"\ntext\n[[story]]\nid = \"S-2\"\n";
        assert_eq!(
            parts(text),
            [
                "[[story]]\nbody = \"\"\"\ntext\n",
                "[[story]]\nid = \"S-2\"\n"
            ]
        );
    }

    #[test]
    fn reads_the_ids_of_broken_text() {
        let mut broken = Broken::default();
        let text = "[[sprint]]\nid = \"SP-1\"\ntitle = Sprint 1\"\nepic: E-3\n";
        broken.scan(text, FileId(0), 0..text.len());
        assert_eq!(broken.defined["SP-1"], Span::new(FileId(0), 17..21));
        assert!(broken.named.contains("E-3") && broken.named.contains("SP-1"));
    }
}
