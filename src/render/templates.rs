//! The theme's templates: compiled into the binary, overridden by a site's own
//! `templates/NAME.html`, or taken from another theme folder (`theme = "path"`).

use std::path::Path;

use tera::Tera;

use crate::base::Code;
use crate::base::{Diagnostic, Sources, Span};
use crate::check::Checked;

/// The default theme, embedded so that an installed binary needs no files beside
/// it: every file of `themes/default/templates/`, listed by `build.rs`.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// Static files of the default theme, written under `assets/`.
pub const DEFAULT_ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "roadbook.js",
        include_str!("../../themes/default/static/roadbook.js"),
    ),
];

/// Loads the templates for a site: the embedded theme (or the theme folder the
/// config names), then the site's `templates/` on top.
pub fn load(root: &Path, theme: &str) -> Result<Tera, Vec<Diagnostic>> {
    load_with_fingerprint(root, theme).map(|(tera, _)| tera)
}

/// [`load`], and a fingerprint of every template's name and text.
pub fn load_with_fingerprint(root: &Path, theme: &str) -> Result<(Tera, u64), Vec<Diagnostic>> {
    let mut sources: Vec<(String, String, String)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| {
            (
                name.to_string(),
                text.to_string(),
                format!("theme default: {name}"),
            )
        })
        .collect();
    let mut errors = Vec::new();
    let mut folders = Vec::new();
    if theme != "default" {
        let dir = [root.join("themes").join(theme), root.join(theme)]
            .into_iter()
            .find(|d| d.is_dir());
        match dir {
            Some(dir) => folders.push(dir.join("templates")),
            None => errors.push(
                Diagnostic::new(Code::TemplateError, format!("the theme \"{theme}\" was not found"))
                    .help(format!("put it in themes/{theme}/ of the site, give a path to a theme folder, or use theme = \"default\"")),
            ),
        }
    }
    folders.push(root.join("templates"));
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut names: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        names.sort();
        for path in names
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
        {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let shown = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    sources.retain(|(n, ..)| *n != name);
                    sources.push((name, text, shown));
                }
                Err(e) => errors.push(Diagnostic::new(
                    Code::TemplateError,
                    format!("cannot read {shown}: {e}"),
                )),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut tera = Tera::new();
    // All at once: templates include and extend each other.
    match tera.add_raw_templates(
        sources
            .iter()
            .map(|(name, text, _)| (name.as_str(), text.as_str())),
    ) {
        Ok(()) => {
            let mut h = std::hash::DefaultHasher::new();
            for (name, text, _) in &sources {
                std::hash::Hash::hash(&(name, text), &mut h);
            }
            Ok((tera, std::hash::Hasher::finish(&h)))
        }
        Err(e) => {
            let mut d = template_error("", &e);
            // Name the site's own files where Tera names the template.
            for (name, _, shown) in sources
                .iter()
                .filter(|(_, _, shown)| !shown.starts_with("theme default"))
            {
                d.message = d
                    .message
                    .replace(&format!("--> {name}:"), &format!("--> {shown}:"));
            }
            Err(vec![d])
        }
    }
}

/// Adds the templates' errors to a check (`roadbook check`, the language
/// server), which compiles them without rendering: an error in one of the
/// site's own files points at its line, with the file added to the site's
/// sources so that it can be quoted.
pub fn check(root: &Path, checked: &mut Checked) {
    let site = &mut checked.site;
    let Err(errors) = load(root, &site.config.theme) else {
        return;
    };
    let sources = &mut site.sources;
    let found = errors
        .into_iter()
        .map(|d| match place(&d.message, root, sources) {
            Some(span) => Diagnostic {
                message: d.message.lines().next().unwrap_or_default().to_owned(),
                ..d
            }
            .at(span),
            None => d,
        })
        .collect();
    checked.report.add(&checked.site, found);
}

/// The place Tera names in a message (`--> templates/story.html:5:59`), when
/// it is a file of the site.
fn place(message: &str, root: &Path, sources: &mut Sources) -> Option<Span> {
    let at = message
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = at.trim().rsplitn(3, ':');
    let column: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let rel = Path::new(parts.next()?);
    let text = std::fs::read_to_string(root.join(rel)).ok()?;
    let start = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum::<usize>();
    let line_text = text[start..].lines().next().unwrap_or_default();
    let offset = start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
    let word = text[offset..]
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(0);
    let file = sources.add(rel.to_path_buf(), text);
    Some(Span::new(file, offset..offset + word))
}

/// A template error that names the template file and, through Tera, the line.
pub fn template_error(template: &str, e: &tera::Error) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let what = if template.is_empty() {
        "a template".to_owned()
    } else {
        format!("template {template}")
    };
    Diagnostic::new(Code::TemplateError, format!("{what}: {}", message.trim()))
        .help("fix the template; Tera's syntax is described at keats.github.io/tera")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_with_a_page_has_its_template_in_the_theme() {
        for decl in crate::kinds::KINDS {
            if let Some(page) = &decl.page {
                assert!(
                    DEFAULT_TEMPLATES
                        .iter()
                        .any(|(name, _)| *name == page.template),
                    "{} pages use {}, which the default theme lacks",
                    decl.name,
                    page.template
                );
            }
        }
    }
}
