//! Colours a published page can show: syntect's themes were made for
//! editors, where grey comments are a choice; on a page they must be readable.

use syntect::highlighting::{Color, Theme};

/// WCAG AA for code, which is normal-sized text: 4.5:1, with a little room.
const MIN_CONTRAST: f64 = 4.6;

/// `theme` with every foreground colour moved towards black (on a light
/// background) or white (on a dark one) until it meets [`MIN_CONTRAST`]
/// against the background it is drawn on. Hues are kept: only the lightness
/// moves.
pub(super) fn legible(theme: &Theme) -> Theme {
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
    use syntect::highlighting::ThemeSet;

    use super::*;
    use crate::markup::highlight::THEMES;

    #[test]
    fn every_colour_of_every_theme_is_legible_on_its_background() {
        let themes = ThemeSet::load_defaults();
        for name in THEMES {
            let theme = legible(&themes.themes[*name]);
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
