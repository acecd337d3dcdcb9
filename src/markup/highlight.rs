//! Syntax highlighting with syntect at build time: class-based spans, and one CSS
//! file with a light and a dark theme.

use std::sync::OnceLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::languages::{self, Known};

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

/// How a code fence is shown, by its language.
pub enum Fence<'h> {
    Highlighted(&'h SyntaxReference),
    /// A language GitHub knows that Roadbook does not highlight (`mermaid`).
    Plain,
    /// A name neither GitHub nor syntect knows: worth a warning.
    Unknown,
}

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

    /// Highlighted HTML spans for `code`, or `None` when the language is not
    /// highlighted.
    pub fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        let Fence::Highlighted(syntax) = self.fence(lang) else {
            return None;
        };
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }

    /// The stylesheet: `light` on screens that prefer it and in print, the dark
    /// theme on screens that prefer dark. The two never mix, and every colour
    /// is made legible on its theme's background first (see [`legible`]). A
    /// name not in [`THEMES`] (refused by the config check) falls back to
    /// InspiredGitHub.
    pub fn css(&self, light: &str) -> String {
        let light = if self.themes.themes.contains_key(light) {
            light
        } else {
            "InspiredGitHub"
        };
        let css = |name: &str| {
            css_for_theme_with_class_style(&legible(&self.themes.themes[name]), CLASS_STYLE)
                .unwrap_or_default()
        };
        format!(
            "@media print, (prefers-color-scheme: light) {{\n{}\n}}\n\
             @media screen and (prefers-color-scheme: dark) {{\n{}\n}}\n",
            css(light),
            css(DARK_THEME)
        )
    }
}

/// WCAG AA for code, which is normal-sized text: 4.5:1, with a little room.
const MIN_CONTRAST: f64 = 4.6;

/// `theme` with every foreground colour moved towards black (on a light
/// background) or white (on a dark one) until it meets [`MIN_CONTRAST`]
/// against the background it is drawn on. syntect's themes were made for
/// editors, where grey comments are a choice; on a published page they must be
/// readable. Hues are kept: only the lightness moves.
fn legible(theme: &Theme) -> Theme {
    let mut theme = theme.clone();
    let page = theme.settings.background.unwrap_or(Color::WHITE);
    if let Some(fg) = theme.settings.foreground.as_mut() {
        *fg = readable(*fg, page);
    }
    for item in &mut theme.scopes {
        let ground = item.style.background.unwrap_or(page);
        if let Some(fg) = item.style.foreground.as_mut() {
            *fg = readable(*fg, ground);
        }
    }
    theme
}

fn readable(fg: Color, bg: Color) -> Color {
    let toward = if luminance(bg) > 0.18 { 0.0 } else { 255.0 };
    let mut out = Color { a: 0xff, ..fg };
    let mut step = 0.0;
    while contrast(out, bg) < MIN_CONTRAST && step < 1.0 {
        step += 0.05;
        let mix = |c: u8| (f64::from(c) + (toward - f64::from(c)) * step).round() as u8;
        out = Color {
            r: mix(fg.r),
            g: mix(fg.g),
            b: mix(fg.b),
            a: 0xff,
        };
    }
    out
}

/// WCAG 2 relative luminance.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
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
            assert!(h.themes.themes.contains_key(*name), "{name}");
        }
    }

    #[test]
    fn every_colour_of_every_theme_is_legible_on_its_background() {
        let h = Highlighter::get();
        for name in THEMES {
            let theme = legible(&h.themes.themes[*name]);
            let page = theme.settings.background.unwrap_or(Color::WHITE);
            for item in &theme.scopes {
                if let Some(fg) = item.style.foreground {
                    let bg = item.style.background.unwrap_or(page);
                    let ratio = contrast(fg, bg);
                    assert!(ratio >= 4.5, "{name}: {fg:?} on {bg:?} is {ratio:.2}:1");
                }
            }
        }
    }

    #[test]
    fn contrast_matches_wcag() {
        let black = Color::BLACK;
        let white = Color::WHITE;
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        // #767676 on white is the well-known 4.54:1.
        let grey = Color {
            r: 0x76,
            g: 0x76,
            b: 0x76,
            a: 0xff,
        };
        assert!((contrast(grey, white) - 4.54).abs() < 0.01);
        let dark_grey = Color {
            r: 0x59,
            g: 0x59,
            b: 0x59,
            a: 0xff,
        };
        assert_eq!(
            readable(dark_grey, white),
            dark_grey,
            "already legible: kept"
        );
        let moved = readable(grey, white);
        assert!(moved.r < grey.r && contrast(moved, white) >= MIN_CONTRAST);
    }
}
