//! Highlighted code as HTML: one span per run of text drawn alike in both
//! themes, with the classes of its light and its dark style.

use std::collections::HashMap;
use std::fmt::Write;

use syntect::highlighting::Highlighter;
use syntect::parsing::Scope;

use super::palette::Palette;

/// The classes a run of text gets, and whether they show on a space.
struct Classes {
    names: String,
    shows_on_space: bool,
}

/// Writes highlighted code token by token.
pub struct Spans<'p> {
    themes: [(char, &'p Palette, Highlighter<'p>); 2],
    /// The classes of each scope stack met so far: code repeats its stacks.
    known: HashMap<Vec<Scope>, Option<usize>>,
    /// Each set of classes once, so that tokens drawn alike share a run.
    classes: Vec<Classes>,
    html: String,
    /// The classes of the run being written (`None`: no span), and its text.
    run: Option<usize>,
    text: String,
}

impl<'p> Spans<'p> {
    pub fn new(light: &'p Palette, dark: &'p Palette) -> Spans<'p> {
        Spans {
            themes: [
                ('l', light, light.highlighter()),
                ('d', dark, dark.highlighter()),
            ],
            known: HashMap::new(),
            classes: Vec::new(),
            html: String::new(),
            run: None,
            text: String::new(),
        }
    }

    /// Adds a token whose scopes are `stack`.
    pub fn push(&mut self, token: &str, stack: &[Scope]) {
        let classes = self.classes_of(stack);
        let blank = token.chars().all(char::is_whitespace);
        let shows = |c: Option<usize>| c.is_some_and(|c| self.classes[c].shows_on_space);
        // A space looks the same in any colour: it joins the run before it.
        let joins = blank && !shows(classes) && !shows(self.run);
        if !joins && classes != self.run {
            self.flush();
            self.run = classes;
        }
        self.text.push_str(token);
    }

    /// The HTML of every token added.
    pub fn finish(mut self) -> String {
        self.flush();
        self.html
    }

    fn flush(&mut self) {
        if self.text.is_empty() {
            return;
        }
        if let Some(c) = self.run {
            let _ = write!(self.html, "<span class=\"{}\">", self.classes[c].names);
        }
        // Text between tags: quotes need no escaping, and code has many.
        let _ = pulldown_cmark_escape::escape_html_body_text(&mut self.html, &self.text);
        if self.run.is_some() {
            self.html.push_str("</span>");
        }
        self.text.clear();
    }

    /// The classes of a token with these scopes, `None` when it is drawn in
    /// both themes' default style.
    fn classes_of(&mut self, stack: &[Scope]) -> Option<usize> {
        if let Some(&c) = self.known.get(stack) {
            return c;
        }
        let mut names = String::new();
        let mut shows_on_space = false;
        for (prefix, palette, highlighter) in &self.themes {
            let style = highlighter.style_for_stack(stack);
            shows_on_space |= palette.classes(*prefix, style, &mut names);
        }
        let names = names.trim_start();
        let c = (!names.is_empty()).then(|| {
            let same = self.classes.iter().position(|c| c.names == names);
            same.unwrap_or_else(|| {
                self.classes.push(Classes {
                    names: names.to_owned(),
                    shows_on_space,
                });
                self.classes.len() - 1
            })
        });
        self.known.insert(stack.to_vec(), c);
        c
    }
}
