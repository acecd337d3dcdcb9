//! Heading ids as GitHub gives them, so that a table of contents written for
//! GitHub (`[Goals / Non-goals](#goals--non-goals)`) works unchanged. The
//! rules are github-slugger's, which GitHub's pages follow: lower case,
//! punctuation and symbols dropped, each space a `-` (two spaces, two dashes),
//! and `-1`, `-2` after an id the page already has.

use std::collections::HashMap;

/// The heading ids given so far on one page.
#[derive(Default)]
pub struct Slugs {
    /// For each id given, how many times its text came again.
    seen: HashMap<String, usize>,
}

impl Slugs {
    /// The id for a heading whose text is `text`, unique on the page. A
    /// heading with nothing left (`???`) gets `section`, since an id cannot be
    /// empty; GitHub gives it none.
    pub fn next(&mut self, text: &str) -> String {
        let base = slug(text);
        let base = if base.is_empty() {
            "section".to_owned()
        } else {
            base
        };
        let mut id = base.clone();
        while self.seen.contains_key(&id) {
            let n = self.seen.get_mut(&base).map_or(1, |n| {
                *n += 1;
                *n
            });
            id = format!("{base}-{n}");
        }
        self.seen.insert(id.clone(), 0);
        id
    }
}

/// `"Goals / Non-goals"` → `goals--non-goals`.
fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if kept(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// What github-slugger keeps: letters, marks and numbers of any script, `-`,
/// and the connector punctuation `_` belongs to.
fn kept(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '-' | '_' | '\u{203F}' | '\u{2040}' | '\u{2054}' | '\u{FE33}' | '\u{FE34}'
        )
        || matches!(c, '\u{FE4D}'..='\u{FE4F}' | '\u{FF3F}')
        || is_combining_mark(c)
}

/// The blocks of combining marks: accents written as a letter of their own
/// (`e` + U+0301), which `is_alphanumeric` does not count.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_github() {
        let mut slugs = Slugs::default();
        let ids: Vec<String> = [
            "Goals / Non-goals",
            "Goals / Non-goals",
            "goals--non-goals-1",
            "User Stories (Optional)",
            "Notes/Constraints/Caveats (Optional)",
            "Why it matters?",
            "Ünïcode ß — ok",
            "Cafe\u{301}",
            "snake_case",
            "!!!",
            "!!!",
        ]
        .iter()
        .map(|t| slugs.next(t))
        .collect();
        assert_eq!(
            ids,
            [
                "goals--non-goals",
                "goals--non-goals-1",
                "goals--non-goals-1-1",
                "user-stories-optional",
                "notesconstraintscaveats-optional",
                "why-it-matters",
                "ünïcode-ß--ok",
                "cafe\u{301}",
                "snake_case",
                "section",
                "section-1",
            ]
        );
    }
}
