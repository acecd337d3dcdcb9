//! Which links are references to items: `[[ID]]` as `markup::events` finds it,
//! and `[text](ID)` or `[text](ID#heading)` whose destination is an id. Check,
//! render, search and the language server all ask here.

use pulldown_cmark::{Event, LinkType, Tag};

use super::is_valid_id;

/// What a link names when it is a reference to an item: the id, and the
/// heading of its page after `#` (`[text](S-12#risks)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference<'d> {
    pub id: &'d str,
    pub fragment: Option<&'d str>,
}

/// The reference a link is, if it is one rather than a URL: every `[[ID]]`
/// that `markup::events` found, and `[text](dest)` whose destination is a bare id
/// without a dot, with or without a `#fragment` (`setup.html#x` stays a
/// relative link, `S-1.2` is written `[[S-1.2]]`).
///
/// `is_item` says whether an id names an item of the site.
pub fn item_reference(
    link_type: LinkType,
    dest: &str,
    is_item: impl Fn(&str) -> bool,
) -> Option<Reference<'_>> {
    match link_type {
        LinkType::WikiLink { .. } => Some(Reference {
            id: dest,
            fragment: None,
        }),
        LinkType::Inline | LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
            let (id, fragment) = match dest.split_once('#') {
                Some((id, fragment)) => (id, Some(fragment)),
                None => (dest, None),
            };
            let is_ref = is_valid_id(id) && (!id.contains('.') || is_item(id));
            is_ref.then_some(Reference { id, fragment })
        }
        _ => None,
    }
}

/// The reference a Markdown event starts, when it starts a link that is one
/// (see [`item_reference`]).
pub fn event_reference<'e>(
    event: &'e Event<'_>,
    is_item: impl Fn(&str) -> bool,
) -> Option<Reference<'e>> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) => item_reference(*link_type, dest_url, is_item),
        _ => None,
    }
}

/// Whether text typed up to the cursor opens a `[[` reference: the editor's
/// cue to offer ids. `\[[` is not one.
pub fn opens_reference(before: &str) -> bool {
    before
        .strip_suffix("[[")
        .is_some_and(|rest| !ends_in_escape(rest))
}

/// Whether text ends in a backslash that escapes what follows: an odd number
/// of them (`\\` is a backslash written out).
pub(super) fn ends_in_escape(before: &str) -> bool {
    let slashes = before.len() - before.trim_end_matches('\\').len();
    slashes % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_an_id_and_a_fragment() {
        let is_item = |id: &str| id == "S-1.2";
        let reference = |dest| item_reference(LinkType::Inline, dest, is_item);
        let to = |id, fragment| {
            Some(Reference {
                id,
                fragment: Some(fragment),
            })
        };
        assert_eq!(reference("PEP-8#abstract"), to("PEP-8", "abstract"));
        assert_eq!(reference("S-1.2#x"), to("S-1.2", "x"));
        assert_eq!(reference("S-1").map(|r| r.fragment), Some(None));
        for url in [
            "#local",
            "guide.md#install",
            "../x",
            "https://example.org/a#b",
            "mailto:a@b.org",
            "a b",
        ] {
            assert_eq!(reference(url), None, "{url}");
        }
    }

    #[test]
    fn completion_opens_after_unescaped_brackets() {
        assert!(opens_reference("See [["));
        assert!(opens_reference("See \\\\[["));
        assert!(!opens_reference("See \\[["));
        assert!(!opens_reference("See ["));
    }
}
