//! Syntax highlighting with syntect at build time: class-based spans, and one CSS
//! file with a light and a dark theme.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
const DARK_THEME: &str = "base16-ocean.dark";

/// The light themes `[build] highlight_theme` may name: syntect's defaults.
pub const THEMES: &[&str] = &[
    "InspiredGitHub",
    "Solarized (light)",
    "base16-ocean.light",
    "Solarized (dark)",
    "base16-eighties.dark",
    "base16-mocha.dark",
    "base16-ocean.dark",
];

/// The syntax definitions and themes, loaded once per process and never changed.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    themes: ThemeSet,
}

impl Highlighter {
    pub fn get() -> &'static Highlighter {
        static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
        HIGHLIGHTER.get_or_init(|| Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            themes: ThemeSet::load_defaults(),
        })
    }

    /// The syntax for a fence's language (`rust`, `rs`, `JSON`), if known.
    pub fn syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        let lang = lang.trim();
        self.syntaxes
            .find_syntax_by_token(lang)
            .or_else(|| {
                self.syntaxes
                    .find_syntax_by_token(&lang.to_ascii_lowercase())
            })
            .or_else(|| match lang.to_ascii_lowercase().as_str() {
                "ts" | "typescript" | "tsx" | "jsx" => self.syntaxes.find_syntax_by_token("js"),
                "toml" | "ini" => self.syntaxes.find_syntax_by_token("yaml"),
                "kotlin" | "kt" | "swift" => self.syntaxes.find_syntax_by_token("java"),
                "shell" | "console" | "zsh" => self.syntaxes.find_syntax_by_token("sh"),
                _ => None,
            })
    }

    /// Highlighted HTML spans for `code`, or `None` when the language is unknown.
    pub fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        let syntax = self.syntax(lang)?;
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }

    /// The stylesheet: `light` always, the dark theme under `prefers-color-scheme`.
    /// A name not in [`THEMES`] (refused by the config check) falls back to
    /// InspiredGitHub.
    pub fn css(&self, light: &str) -> String {
        let light = if self.themes.themes.contains_key(light) {
            light
        } else {
            "InspiredGitHub"
        };
        let css = |name: &str| {
            css_for_theme_with_class_style(&self.themes.themes[name], CLASS_STYLE)
                .unwrap_or_default()
        };
        let out = format!(
            "{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
            css(light),
            css(DARK_THEME)
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_allowed_theme_exists() {
        let h = Highlighter::get();
        for name in THEMES {
            assert!(h.themes.themes.contains_key(*name), "{name}");
        }
    }
}
