//! A theme as a few short classes. Each colour of a theme is numbered once, so
//! that a token's class names its colour (`l3`: colour 3 of the light theme,
//! `d5`: colour 5 of the dark one) and the colours themselves are written once,
//! in `assets/highlight.css`. Classes that spelled out every scope of a token
//! (`hl-meta hl-function-call hl-python`) made a page ten times its source.

use std::fmt::Write;

use syntect::highlighting::{Color, FontStyle, Highlighter, Style, Theme};

use super::legible::legible;

/// One theme's colours, made legible, in the order its rules first use them.
pub struct Palette {
    theme: Theme,
    default: Style,
    foregrounds: Vec<Color>,
    backgrounds: Vec<Color>,
}

impl Palette {
    pub fn new(theme: &Theme) -> Palette {
        let theme = legible(theme);
        let default = Highlighter::new(&theme).get_default();
        let mut foregrounds = Vec::new();
        let mut backgrounds = Vec::new();
        for style in theme.scopes.iter().map(|item| item.style) {
            let (fg, bg) = (style.foreground, style.background);
            if let Some(fg) = fg.filter(|c| *c != default.foreground && !foregrounds.contains(c)) {
                foregrounds.push(fg);
            }
            if let Some(bg) = bg.filter(|c| *c != default.background && !backgrounds.contains(c)) {
                backgrounds.push(bg);
            }
        }
        Palette {
            theme,
            default,
            foregrounds,
            backgrounds,
        }
    }

    /// The theme's own highlighter, which tells the style of a scope stack.
    pub fn highlighter(&self) -> Highlighter<'_> {
        Highlighter::new(&self.theme)
    }

    /// Appends the classes of a token drawn in `style`, each after a space,
    /// with `prefix` for the theme's place (`l` light, `d` dark). Returns
    /// whether the classes show on a space too (a background, an underline),
    /// so that a space cannot join its neighbour's span.
    pub fn classes(&self, prefix: char, style: Style, out: &mut String) -> bool {
        let mut shows_on_space = false;
        if let Some(n) = self.foregrounds.iter().position(|c| *c == style.foreground) {
            let _ = write!(out, " {prefix}{n}");
        }
        if let Some(n) = self.backgrounds.iter().position(|c| *c == style.background) {
            let _ = write!(out, " {prefix}g{n}");
            shows_on_space = true;
        }
        for (flag, letter) in FONT_STYLES {
            if style.font_style.contains(flag) {
                let _ = write!(out, " {prefix}{letter}");
                shows_on_space |= flag == FontStyle::UNDERLINE;
            }
        }
        shows_on_space
    }

    /// The rules of the theme's classes, with `prefix` for its place, and of
    /// the code box itself.
    pub fn css(&self, prefix: char) -> String {
        let mut css = format!(
            ".hl-code {{ color: {}; background-color: {}; }}\n",
            hex(self.default.foreground),
            hex(self.default.background)
        );
        for (n, c) in self.foregrounds.iter().enumerate() {
            let _ = writeln!(css, ".hl-code .{prefix}{n} {{ color: {}; }}", hex(*c));
        }
        for (n, c) in self.backgrounds.iter().enumerate() {
            let _ = writeln!(
                css,
                ".hl-code .{prefix}g{n} {{ background-color: {}; }}",
                hex(*c)
            );
        }
        for (flag, letter) in FONT_STYLES {
            let rule = match flag {
                FontStyle::BOLD => "font-weight: bold",
                FontStyle::ITALIC => "font-style: italic",
                _ => "text-decoration: underline",
            };
            let _ = writeln!(css, ".hl-code .{prefix}{letter} {{ {rule}; }}");
        }
        css
    }
}

/// The font styles, each with the letter of its class.
const FONT_STYLES: [(FontStyle, char); 3] = [
    (FontStyle::BOLD, 'b'),
    (FontStyle::ITALIC, 'i'),
    (FontStyle::UNDERLINE, 'u'),
];

/// `#rrggbb`, or `#rrggbbaa` for a colour that is not opaque.
fn hex(c: Color) -> String {
    if c.a == 0xff {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

#[cfg(test)]
mod tests {
    use syntect::highlighting::ThemeSet;

    use super::*;

    #[test]
    fn a_style_is_named_by_its_colours_and_font() {
        let themes = ThemeSet::load_defaults();
        let palette = Palette::new(&themes.themes["InspiredGitHub"]);
        let mut plain = String::new();
        assert!(!palette.classes('l', palette.default, &mut plain));
        assert_eq!(plain, "", "the theme's default style needs no class");

        let style = Style {
            foreground: palette.foregrounds[2],
            font_style: FontStyle::ITALIC | FontStyle::BOLD,
            ..palette.default
        };
        let mut classes = String::new();
        assert!(!palette.classes('d', style, &mut classes));
        assert_eq!(classes, " d2 db di");
        let css = palette.css('d');
        assert!(css.contains(&format!(
            ".hl-code .d2 {{ color: {}; }}",
            hex(style.foreground)
        )));
        assert!(css.contains(".hl-code .di { font-style: italic; }"));
    }
}
