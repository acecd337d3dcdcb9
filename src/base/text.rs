//! [`Text`]: a part of a source file's text that shares the file's memory, or a
//! text of its own. Item bodies are the larger part of a site; held as parts of
//! the files they were read from, they cost nothing beyond the files, and a copy
//! of an item (a rebuild in `serve`) copies a pointer, not the body.

use std::ops::{Deref, Range};
use std::sync::Arc;

#[derive(Clone, Default)]
pub struct Text {
    whole: Arc<str>,
    start: u32,
    end: u32,
}

impl Text {
    /// The part `range` of `whole`, which must lie on character boundaries.
    pub fn part(whole: &Arc<str>, range: Range<usize>) -> Text {
        assert!(whole.is_char_boundary(range.start) && whole.is_char_boundary(range.end));
        Text {
            whole: Arc::clone(whole),
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.whole[self.start as usize..self.end as usize]
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::from(Arc::<str>::from(text))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::from(Arc::<str>::from(text))
    }
}

impl From<Arc<str>> for Text {
    fn from(whole: Arc<str>) -> Text {
        let end = whole.len() as u32;
        Text {
            whole,
            start: 0,
            end,
        }
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_shares_the_whole_and_reads_as_its_range() {
        let whole: Arc<str> = Arc::from("+++\nid = \"S-1\"\n+++\nBody é.\n");
        let body = Text::part(&whole, 19..whole.len());
        assert_eq!(&*body, "Body é.\n");
        assert_eq!(Arc::strong_count(&whole), 2);
        assert_eq!(body, Text::from("Body é.\n"));
        assert_eq!(Text::default().as_str(), "");
    }
}
