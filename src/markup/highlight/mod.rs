//! Syntax highlighting with syntect at build time: spans with a few short
//! classes per token (see `palette.rs`), and one CSS file with a light and a
//! dark theme.

mod legible;
mod palette;
mod spans;

use std::collections::HashMap;
use std::sync::OnceLock;

use syntect::easy::ScopeRangeIterator;
use syntect::highlighting::ThemeSet;
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use self::palette::Palette;
use self::spans::Spans;
use super::languages::{self, Known};

/// The theme of screens that prefer dark, whatever `highlight_theme` is.
const DARK_THEME: &str = "base16-ocean.dark";
/// The theme of a name that is not in [`THEMES`] (refused by the config check).
const DEFAULT_THEME: &str = "InspiredGitHub";

/// The themes `[build] highlight_theme` may name: syntect's defaults.
pub const THEMES: &[&str] = &[
    "InspiredGitHub",
    "Solarized (light)",
    "base16-ocean.light",
    "Solarized (dark)",
    "base16-eighties.dark",
    "base16-mocha.dark",
    "base16-ocean.dark",
];

/// How a code fence is shown, by its language.
pub enum Fence<'h> {
    Highlighted(&'h SyntaxReference),
    /// A language GitHub knows that Roadbook does not highlight (`mermaid`).
    Plain,
    /// A name neither GitHub nor syntect knows: worth a warning.
    Unknown,
}

/// The syntax definitions and the themes' palettes, made once per process and
/// never changed.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    palettes: HashMap<&'static str, Palette>,
}

impl Highlighter {
    pub fn get() -> &'static Highlighter {
        static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
        HIGHLIGHTER.get_or_init(|| {
            let themes = ThemeSet::load_defaults();
            Highlighter {
                syntaxes: SyntaxSet::load_defaults_newlines(),
                palettes: THEMES
                    .iter()
                    .filter_map(|&name| Some((name, Palette::new(themes.themes.get(name)?))))
                    .collect(),
            }
        })
    }

    /// How a fence whose language is `lang` is shown: the names GitHub knows
    /// first (`golang`, `console`, `mermaid`), then syntect's own names and
    /// file extensions (`rs`, `dot`).
    pub fn fence(&self, lang: &str) -> Fence<'_> {
        let lang = lang.trim();
        match languages::known(lang) {
            Some(Known::Plain) => Fence::Plain,
            // A test checks that syntect has every syntax the list names.
            Some(Known::Syntax(name)) => self
                .syntaxes
                .find_syntax_by_name(name)
                .map_or(Fence::Plain, Fence::Highlighted),
            None => self
                .syntaxes
                .find_syntax_by_token(lang)
                .map_or(Fence::Unknown, Fence::Highlighted),
        }
    }

    /// Highlighted HTML spans for `code`, with the classes of the `light`
    /// theme and the dark one, or `None` when the language is not highlighted.
    pub fn highlight(&self, code: &str, lang: &str, light: &str) -> Option<String> {
        let Fence::Highlighted(syntax) = self.fence(lang) else {
            return None;
        };
        let mut spans = Spans::new(self.palette(light), self.palette(DARK_THEME));
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        for line in LinesWithEndings::from(code) {
            let ops = state.parse_line(line, &self.syntaxes).ok()?;
            for (range, op) in ScopeRangeIterator::new(&ops, line) {
                stack.apply(op).ok()?;
                if !range.is_empty() {
                    spans.push(&line[range], stack.as_slice());
                }
            }
        }
        Some(spans.finish())
    }

    /// The stylesheet: `light` on screens that prefer it and in print, the dark
    /// theme on screens that prefer dark. The two never mix, and every colour
    /// is made legible on its theme's background first.
    pub fn css(&self, light: &str) -> String {
        format!(
            "/* Code highlighting: {light} in light mode and in print, {DARK_THEME} in dark mode. */\n\
             @media print, (prefers-color-scheme: light) {{\n{}}}\n\
             @media screen and (prefers-color-scheme: dark) {{\n{}}}\n",
            self.palette(light).css('l'),
            self.palette(DARK_THEME).css('d')
        )
    }

    fn palette(&self, theme: &str) -> &Palette {
        self.palettes
            .get(theme)
            .unwrap_or_else(|| &self.palettes[DEFAULT_THEME])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_syntax_the_language_list_names_exists() {
        let h = Highlighter::get();
        for name in languages::syntaxes_named() {
            assert!(h.syntaxes.find_syntax_by_name(name).is_some(), "{name}");
        }
    }

    #[test]
    fn every_allowed_theme_exists() {
        let h = Highlighter::get();
        for name in THEMES {
            assert!(h.palettes.contains_key(*name), "{name}");
        }
    }
}
