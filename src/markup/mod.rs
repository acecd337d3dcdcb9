//! Markdown as Roadbook reads it, shared by the checks and the renderer: the
//! extensions it enables, which links are references to items, heading ids,
//! code fences and their highlighting, HTML escaping, and what an id may look
//! like.

mod events;
pub mod highlight;
pub mod languages;
mod references;
mod slug;

pub use events::{Events, events};
pub use references::{Reference, event_reference, item_reference, opens_reference};
pub use slug::Slugs;

use pulldown_cmark::Options;

/// The Markdown extensions Roadbook enables, for checking and rendering alike.
/// Not pulldown-cmark's wiki links: [`events`] finds `[[ID]]` references.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
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
