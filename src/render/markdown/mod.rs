//! Markdown → HTML: references to items become links, code is highlighted,
//! headings get ids.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd, html};

use super::urls::item_url;
use crate::markup::highlight::Highlighter;
use crate::markup::{self, Slugs, escape, item_reference};
use crate::site::Site;

mod cache;

pub use cache::{Cache, Html, Markdown};

/// A link in a body as it resolved when the body was rendered: the item's URL
/// (from the site root) and title, or `None` for a link to no item.
#[derive(Clone, PartialEq)]
struct ResolvedLink {
    link_type: LinkType,
    dest: String,
    target: Option<(String, String)>,
}

fn resolve_link(site: &Site, link_type: LinkType, dest: &str) -> Option<(String, String)> {
    let reference = item_reference(link_type, dest, |id| site.lookup(id).is_some())?;
    let key = site.lookup(reference.id)?;
    let mut url = item_url(site, key);
    if let Some(fragment) = reference.fragment {
        url.push('#');
        url.push_str(fragment);
    }
    Some((url, site.title(key).to_owned()))
}

/// Renders one Markdown body for a page whose links start with `root`, without
/// a cache.
pub fn render(site: &Site, body: &str, root: &str) -> String {
    render_tracked(site, body, root, &mut Vec::new())
}

/// Renders a one-line Markdown fragment without the paragraph around it, without
/// a cache.
pub fn render_inline(site: &Site, text: &str, root: &str) -> String {
    unwrap_paragraph(render(site, text, root))
}

/// A one-line fragment's HTML without the paragraph Markdown put around it.
fn unwrap_paragraph(html: String) -> String {
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

/// Renders a body and records, in `links`, every link that was looked up as an
/// item reference and what it resolved to.
fn render_tracked(site: &Site, body: &str, root: &str, links: &mut Vec<ResolvedLink>) -> String {
    let mut events = Vec::new();
    let mut parser = markup::events(body).map(|(event, _)| event);
    let mut slugs = Slugs::default();
    while let Some(event) = parser.next() {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let target = resolve_link(site, link_type, &dest_url);
                links.push(ResolvedLink {
                    link_type,
                    dest: dest_url.to_string(),
                    target: target.clone(),
                });
                match target {
                    Some((url, item_title)) => {
                        let url = format!("{root}{url}");
                        let bare_wiki =
                            matches!(link_type, LinkType::WikiLink { has_pothole: false });
                        if bare_wiki {
                            // `[[S-12]]`: the id and the title, whatever the text was.
                            skip_to_link_end(&mut parser);
                            events.push(Event::Html(
                                format!(
                                    "<a class=\"ref\" href=\"{}\"><span class=\"ref-id\">{}</span> {}</a>",
                                    escape(&url),
                                    escape(&dest_url),
                                    escape(&item_title)
                                )
                                .into(),
                            ));
                        } else {
                            events.push(Event::Start(Tag::Link {
                                link_type: LinkType::Inline,
                                dest_url: url.into(),
                                title,
                                id,
                            }));
                        }
                    }
                    None => events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })),
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let code = collect_text(&mut parser);
                let theme = &site.config.build.highlight_theme;
                events.push(Event::Html(code_block(&code, &lang, theme).into()));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let inner = collect_until_heading_end(&mut parser);
                let id = id.unwrap_or_else(|| {
                    let text: String = inner
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    CowStr::from(slugs.next(&text))
                });
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id),
                    classes,
                    attrs,
                }));
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            // `- [x] …`: a checkbox that says what it shows, for screen readers.
            Event::TaskListMarker(done) => events.push(Event::Html(
                if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"To do\"> "
                }
                .into(),
            )),
            // A wide table scrolls in its own box rather than widening the page.
            Event::Start(Tag::Table(alignments)) => {
                events.push(Event::Html(
                    format!(
                        "<div class=\"table-wrap\" {SCROLLS} role=\"region\" aria-label=\"Table\">"
                    )
                    .into(),
                ));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>".into()));
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if site.config.build.sanitize_html {
        out = sanitize(&out);
    }
    out
}

/// `[build] sanitize_html = true`: raw HTML from writers is cleaned with ammonia
/// (no scripts, no event handlers, no styles), keeping what Roadbook itself writes:
/// classes for highlighting and references, and heading ids.
fn sanitize(html: &str) -> String {
    use std::sync::OnceLock;
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut b = ammonia::Builder::default();
            b.add_generic_attributes(["class", "id"]);
            // The boxes that scroll (tables, code) are focusable regions.
            b.add_tag_attributes("div", ["tabindex", "role", "aria-label"]);
            b.add_tag_attributes("pre", ["tabindex"]);
            b.add_tag_attributes("input", ["aria-label"]);
            b
        })
        .clean(html)
        .to_string()
}

fn skip_to_link_end<'a>(parser: &mut impl Iterator<Item = Event<'a>>) {
    for event in parser.by_ref() {
        if matches!(event, Event::End(TagEnd::Link)) {
            break;
        }
    }
}

fn collect_text<'a>(parser: &mut impl Iterator<Item = Event<'a>>) -> String {
    let mut code = String::new();
    for event in parser.by_ref() {
        match event {
            Event::Text(t) => code.push_str(&t),
            Event::End(TagEnd::CodeBlock) => break,
            _ => {}
        }
    }
    code
}

fn collect_until_heading_end<'a>(parser: &mut impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut inner = Vec::new();
    for event in parser.by_ref() {
        if matches!(event, Event::End(TagEnd::Heading(_))) {
            break;
        }
        inner.push(event);
    }
    inner
}

/// What a box that may scroll sideways needs, so that a keyboard can scroll it.
const SCROLLS: &str = "tabindex=\"0\"";

/// A highlighted block, with the classes of the light `theme` and the dark
/// one, or plain escaped code when the language is not highlighted or absent.
pub fn code_block(code: &str, lang: &str, theme: &str) -> String {
    let highlighted = if lang.is_empty() {
        None
    } else {
        Highlighter::get().highlight(code, lang, theme)
    };
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(lang))
    };
    match highlighted {
        Some(spans) => {
            format!("<pre class=\"hl-code\" {SCROLLS}><code{class}>{spans}</code></pre>\n")
        }
        None => format!(
            "<pre {SCROLLS}><code{class}>{}</code></pre>\n",
            escape(code)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_language_is_plain_escaped_code() {
        assert_eq!(
            code_block("a < b\n", "no-such-lang", "InspiredGitHub"),
            "<pre tabindex=\"0\"><code class=\"language-no-such-lang\">a &lt; b\n</code></pre>\n"
        );
        assert!(code_block("fn main() {}\n", "rust", "InspiredGitHub").contains("hl-code"));
    }
}
