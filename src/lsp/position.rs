//! Positions as the protocol counts them: a line, and a column in UTF-16 code
//! units (LSP 3.17 `PositionEncodingKind::UTF16`), to and from byte offsets.

use lsp_types::{Position, Range};

/// Byte offsets of the line starts of one text.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The position of a byte offset; an offset inside a character counts as its start.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column: usize = self.text[start..]
            .char_indices()
            .take_while(|(i, _)| start + i < offset)
            .map(|(_, c)| c.len_utf16())
            .sum();
        Position::new(line as u32, column as u32)
    }

    pub fn range(&self, bytes: std::ops::Range<usize>) -> Range {
        Range::new(self.position(bytes.start), self.position(bytes.end))
    }

    /// The byte offset of a position; a column past the end of its line is the
    /// line's end, a line past the end is the text's end.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        // A CRLF line ends before its `\r`.
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        // "é" is one UTF-16 unit and two bytes; "𝄞" two units and four bytes.
        let text = "title = \"é𝄞x\"\nid = \"S-1\"\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(x), Position::new(0, 12));
        assert_eq!(index.offset(Position::new(0, 12)), x);
        let id = text.find("S-1").unwrap();
        assert_eq!(index.position(id), Position::new(1, 6));
        assert_eq!(index.offset(Position::new(1, 6)), id);
        assert_eq!(index.offset(Position::new(1, 99)), text.len() - 1);
        assert_eq!(index.offset(Position::new(9, 0)), text.len());
    }

    #[test]
    fn a_crlf_line_ends_before_its_carriage_return() {
        let text = "id = \"S-1\"\r\ntitle = \"x\"\r\n";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(Position::new(0, 99)), text.find('\r').unwrap());
        let title = text.find("title").unwrap();
        assert_eq!(index.position(title), Position::new(1, 0));
    }
}
