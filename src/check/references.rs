//! `[[ID]]` and `[text](ID)` references in Markdown bodies must name existing items.

use pulldown_cmark::{CodeBlockKind, Event, Tag};
use rayon::prelude::*;

use crate::base::Code;
use crate::base::{Diagnostic, Span, did_you_mean};
use crate::kinds::Kind;
use crate::markup::highlight::{Fence, Highlighter};
use crate::markup::languages;
use crate::markup::{event_reference, events, fence_language};
use crate::site::Site;

pub fn check(site: &Site, out: &mut Vec<Diagnostic>) {
    let bodies: Vec<(&str, Span, Option<&str>)> = site
        .keys()
        .filter_map(|k| site.meta(k))
        .map(|m| (m.body.as_str(), m.body_span, Some(m.id.value.as_str())))
        .chain(
            site.vision
                .iter()
                .filter_map(|v| v.body_span.map(|s| (v.body.as_str(), s, None))),
        )
        .collect();
    let found: Vec<Diagnostic> = bodies
        .par_iter()
        .flat_map_iter(|&(body, span, about)| check_body(site, body, span, about))
        .collect();
    out.extend(found);
}

fn check_body(site: &Site, body: &str, span: Span, about: Option<&str>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !body.contains('[') && !body.contains("```") && !body.contains("~~~") {
        return out;
    }
    for (event, range) in events(body) {
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &event {
            if let Some(d) = unknown_language(site, info, &body[range.clone()], span, range.start) {
                out.push(match about {
                    Some(id) => d.about(id),
                    None => d,
                });
            }
            continue;
        }
        let Some(id) = event_reference(&event, |id| site.lookup(id).is_some()).map(|r| r.id) else {
            continue;
        };
        // Defined in a file that does not parse: its parse error says what to fix.
        if site.lookup(id).is_some() || site.broken.defined.contains_key(id) {
            continue;
        }
        let at = locate(site, span, &body[range.clone()], range.start);
        let help = match site.nearest_id(id, Kind::ALL, None) {
            _ if site.unpublished.contains(id) => site.draft_hint(id).unwrap_or_default(),
            Some(s) => format!("did you mean `{s}`?"),
            None => "link to an existing id, or write a normal URL such as page.html".to_owned(),
        };
        let mut d = Diagnostic::new(
            Code::BrokenReference,
            format!("the reference to `{id}` names no item"),
        )
        .at(at)
        .help(help);
        if let Some(id) = about {
            d = d.about(id);
        }
        out.push(d);
    }
    out
}

/// A warning for a fenced code block in a language that neither GitHub nor
/// Roadbook knows, most often a typo.
fn unknown_language(
    site: &Site,
    info: &str,
    fence: &str,
    span: Span,
    offset: usize,
) -> Option<Diagnostic> {
    let lang = fence_language(info);
    if lang.is_empty() || !matches!(Highlighter::get().fence(lang), Fence::Unknown) {
        return None;
    }
    let first_line = fence.lines().next().unwrap_or(fence);
    let help = match did_you_mean(&lang.to_lowercase(), languages::names()) {
        Some(name) => format!("did you mean `{name}`? Or leave the language out"),
        None => "use a known name such as rust, python, js, json, sql, yaml or sh, or leave the language out".to_owned(),
    };
    Some(
        Diagnostic::new(
            Code::UnknownLanguage,
            format!("the code block's language `{lang}` is not known, so it is shown without highlighting"),
        )
        .at(locate(site, span, first_line, offset))
        .help(help),
    )
}

/// Where a reference stands in its file: exact for a Markdown file's body; for a
/// TOML `body` string, the first place the same text is written inside the string.
fn locate(site: &Site, body_span: Span, text: &str, offset: usize) -> Span {
    if body_span.start == body_span.end {
        let start = body_span.start as usize + offset;
        return Span::new(body_span.file, start..start + text.len());
    }
    let source = &site.sources.get(body_span.file).text;
    let raw = source
        .get(body_span.start as usize..body_span.end as usize)
        .unwrap_or("");
    match raw.find(text) {
        Some(k) => {
            let start = body_span.start as usize + k;
            Span::new(body_span.file, start..start + text.len())
        }
        None => body_span,
    }
}
