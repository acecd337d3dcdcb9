//! The language names GitHub knows in a code fence, and which of them Roadbook
//! highlights. Converted documents name what GitHub shows (`golang`, `pycon`,
//! `console`, `mermaid`); only a name GitHub does not know either is worth a
//! warning. The list is data, in `languages.txt`, which says where it comes from.

use std::collections::HashMap;
use std::sync::OnceLock;

const LANGUAGES: &str = include_str!("languages.txt");

/// How a language GitHub knows is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    /// Highlighted with the syntect syntax of this name.
    Syntax(&'static str),
    /// Shown as plain code, without a warning.
    Plain,
}

/// How a fence whose language is `name` (in any case) is shown, when GitHub
/// knows the name or `languages.txt` lists it.
pub fn known(name: &str) -> Option<Known> {
    loaded().get(name.to_lowercase().as_str()).copied()
}

/// Every name in `languages.txt`, in lower case: what "did you mean" offers.
pub fn names() -> impl Iterator<Item = &'static str> {
    loaded().keys().copied()
}

fn loaded() -> &'static HashMap<&'static str, Known> {
    static TABLE: OnceLock<HashMap<&'static str, Known>> = OnceLock::new();
    TABLE.get_or_init(|| table(LANGUAGES))
}

/// Every name of `languages.txt`, with how it is shown.
fn table(text: &'static str) -> HashMap<&'static str, Known> {
    let mut table = HashMap::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (names, known) = match line.split_once('\t') {
            Some((names, syntax)) => (names, Known::Syntax(syntax)),
            None => (line, Known::Plain),
        };
        for name in names.split(' ') {
            table.insert(name, known);
        }
    }
    table
}

/// Every syntax `languages.txt` names, for the test that syntect has them.
#[cfg(test)]
pub(super) fn syntaxes_named() -> impl Iterator<Item = &'static str> {
    table(LANGUAGES).into_values().filter_map(|k| match k {
        Known::Syntax(name) => Some(name),
        Known::Plain => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_is_on_one_line() {
        let names = LANGUAGES
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .flat_map(|l| l.split('\t').next().unwrap().split(' '))
            .count();
        assert_eq!(names, table(LANGUAGES).len(), "a name is on two lines");
        assert!(table(LANGUAGES).keys().all(|n| *n == n.to_lowercase()));
    }

    #[test]
    fn names_github_knows() {
        let syntax = |name| match known(name) {
            Some(Known::Syntax(s)) => s,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(syntax("golang"), "Go");
        assert_eq!(syntax("PyCon"), "Python");
        assert_eq!(syntax("console"), "Bourne Again Shell (bash)");
        assert_eq!(syntax("shell-session"), "Bourne Again Shell (bash)");
        assert_eq!(syntax("yml"), "YAML");
        assert_eq!(syntax("jsonc"), "JSON");
        for plain in [
            "mermaid",
            "plantuml",
            "proto",
            "dockerfile",
            "text",
            "plaintext",
        ] {
            assert_eq!(known(plain), Some(Known::Plain), "{plain}");
        }
        assert_eq!(known("klingon"), None);
    }
}
