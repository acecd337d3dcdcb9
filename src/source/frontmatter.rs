//! Splitting a Markdown file into its `+++` TOML front matter and its body, keeping
//! byte offsets so errors point at lines of the whole file.

/// A Markdown file cut in two. Offsets are byte offsets into the file's text.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines, if the file starts with one.
    pub front: Option<&'a str>,
    pub front_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// The opening `+++` has no closing `+++`; the offset is that of the opening line.
#[derive(Debug, PartialEq, Eq)]
pub struct Unclosed;

const FENCE: &str = "+++";

/// Splits `text` (already without a byte-order mark). A file whose first line is not
/// `+++` has no front matter and is all body.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let mut lines = Lines { text, pos: 0 };
    let Some((first, _)) = lines.next() else {
        return Ok(no_front_matter(text));
    };
    if first.trim_end() != FENCE {
        return Ok(no_front_matter(text));
    }
    let front_offset = lines.pos;
    while let Some((line, start)) = lines.next() {
        if line.trim_end() == FENCE {
            return Ok(Split {
                front: Some(&text[front_offset..start]),
                front_offset,
                body: &text[lines.pos..],
                body_offset: lines.pos,
            });
        }
    }
    Err(Unclosed)
}

/// YAML front matter between `---` lines, as Hugo and Jekyll write it: the range
/// from the opening line to the end of the closing one.
pub fn yaml(text: &str) -> Option<std::ops::Range<usize>> {
    let mut lines = Lines { text, pos: 0 };
    let (first, _) = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    while let Some((line, _)) = lines.next() {
        if line.trim_end() == "---" {
            return Some(0..lines.pos);
        }
    }
    None
}

fn no_front_matter(text: &str) -> Split<'_> {
    Split {
        front: None,
        front_offset: 0,
        body: text,
        body_offset: 0,
    }
}

/// Lines with their start offsets; a line includes neither `\n` nor a trailing `\r`.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (&'a str, usize);

    fn next(&mut self) -> Option<(&'a str, usize)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((line.strip_suffix('\r').unwrap_or(line), start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body_with_offsets() {
        let text = "+++\nid = \"S-1\"\ntitle = \"x\"\n+++\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(s.front, Some("id = \"S-1\"\ntitle = \"x\"\n"));
        assert_eq!(s.front_offset, 4);
        assert_eq!(s.body, "Body\n");
        assert_eq!(&text[s.body_offset..], "Body\n");
    }

    #[test]
    fn crlf_line_endings() {
        let text = "+++\r\nid = \"S-1\"\r\n+++\r\nBody\r\n";
        let s = split(text).unwrap();
        assert_eq!(s.front, Some("id = \"S-1\"\r\n"));
        assert_eq!(s.front_offset, 5);
        assert_eq!(s.body, "Body\r\n");
    }

    #[test]
    fn missing_closing_fence_is_an_error() {
        assert_eq!(split("+++\nid = \"S-1\"\nBody\n"), Err(Unclosed));
        assert_eq!(split("+++"), Err(Unclosed));
    }

    #[test]
    fn empty_body_and_fence_at_end_of_file() {
        let s = split("+++\nid = \"S-1\"\n+++").unwrap();
        assert_eq!(s.front, Some("id = \"S-1\"\n"));
        assert_eq!(s.body, "");
        let s = split("+++\n+++\n").unwrap();
        assert_eq!(s.front, Some(""));
        assert_eq!(s.body, "");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Title\n+++\n").unwrap();
        assert_eq!(s.front, None);
        assert_eq!(s.body, "# Title\n+++\n");
        assert_eq!(split("").unwrap().body, "");
    }

    #[test]
    fn fence_inside_body_code_block_stays_in_body() {
        let text = "+++\nid = \"a\"\n+++\n```\n+++\n```\n";
        let s = split(text).unwrap();
        assert_eq!(s.body, "```\n+++\n```\n");
    }

    #[test]
    fn yaml_front_matter_is_found() {
        assert_eq!(yaml("---\nid: S-1\n---\nBody\n"), Some(0..16));
        assert_eq!(yaml("---\nid: S-1\n"), None);
        assert_eq!(yaml("Body\n---\n"), None);
    }

    #[test]
    fn bom_is_stripped_before_splitting() {
        let raw = "\u{feff}+++\nid = \"a\"\n+++\n";
        let text = crate::source::strip_bom(raw);
        assert_eq!(split(text).unwrap().front, Some("id = \"a\"\n"));
    }
}
