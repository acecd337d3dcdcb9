//! Markdown as Roadbook reads it, shared by the checks and the renderer: the
//! extensions it enables, which links are references to items, code fences and
//! their highlighting, HTML escaping, and what an id may look like.

pub mod highlight;

use pulldown_cmark::{Event, LinkType, Options, Tag};

/// The Markdown extensions Roadbook enables, for checking and rendering alike.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// The id a link refers to, if it is a reference to an item rather than a URL:
/// every `[[…]]`, and `[text](dest)` whose destination is a bare id without a dot
/// (`setup.html` stays a relative link, `S-1.2` is written `[[S-1.2]]`).
///
/// `is_item` says whether an id names an item of the site.
pub fn item_reference(
    link_type: LinkType,
    dest: &str,
    is_item: impl Fn(&str) -> bool,
) -> Option<&str> {
    match link_type {
        LinkType::WikiLink { .. } => Some(dest),
        LinkType::Inline | LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
            let is_ref = is_valid_id(dest) && (!dest.contains('.') || is_item(dest));
            is_ref.then_some(dest)
        }
        _ => None,
    }
}

/// The id a Markdown event links to, when it starts a link that is a reference
/// to an item (see [`item_reference`]).
pub fn event_reference<'e>(
    event: &'e Event<'_>,
    is_item: impl Fn(&str) -> bool,
) -> Option<&'e str> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) => item_reference(*link_type, dest_url, is_item),
        _ => None,
    }
}

/// The language of a fence's info string: `rust,ignore` and `rust {.x}` → `rust`.
pub fn fence_language(info: &str) -> &str {
    info.split([' ', ',', '{']).next().unwrap_or("").trim()
}

/// HTML escaping for text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Whether `id` has the form of an id: `[A-Za-z][A-Za-z0-9_.-]*`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Whether `id` has the form of an id that may also start with a digit, as a
/// login does: `[A-Za-z0-9][A-Za-z0-9_.-]*`, for people's ids.
pub fn is_valid_login(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Ids become file names, which file systems limit to 255 bytes.
pub const MAX_ID_LEN: usize = 100;
