//! Full-text search that works from `file://` and stays fast on a large site.
//!
//! The index is a set of script files under `search/`, each of which calls a
//! function of `roadbook.js` with its data, because `<script>` tags load from
//! `file://` where `fetch` does not. Nothing loads until the reader types:
//! - `manifest.js`: the counts, the shards that exist and the kinds' headings;
//! - `t-<hex>.js`: the terms that begin with one pair of characters (the pair's
//!   UTF-8 in hex), each with its postings; a query word loads the one shard
//!   its first two characters name, and matches every term it is a prefix of;
//! - `docs-<n>.js`: [`CHUNK`] documents each (id, title, kind, url and text),
//!   loaded for the results shown, to print their excerpts.
//!
//! A posting is `document << 2 | field`, field 2 for the id, 1 for the title
//! and 0 for the text, and each list is stored as differences from the one
//! before, which keeps the numbers short.

use std::collections::BTreeMap;
use std::fmt::Write;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;

use super::OutputFile;
use super::views::LinkView;
use crate::kinds::Kind;
use crate::markup::markdown_options;
use crate::site::{ItemKey, Site};

/// Documents per `docs-<n>.js`: the results shown rarely need more than a few.
pub const CHUNK: usize = 64;
/// A document's text is stored up to this many characters for excerpts; all of
/// it is indexed.
const STORED_TEXT: usize = 8000;

const ID: u32 = 2;
const TITLE: u32 = 1;
const TEXT: u32 = 0;

#[derive(Serialize)]
struct Manifest {
    count: usize,
    chunk: usize,
    shards: Vec<String>,
    kinds: BTreeMap<&'static str, &'static str>,
}

/// The files of the search index, under `search/`.
pub fn search_files(site: &Site) -> Vec<OutputFile> {
    let keys: Vec<ItemKey> = site.keys().collect();
    let docs: Vec<Doc<'_>> = keys.par_iter().map(|&k| Doc::new(site, k)).collect();

    // term → postings, in document order.
    let mut terms: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (n, doc) in docs.iter().enumerate() {
        for (term, field) in doc.terms() {
            terms.entry(term).or_default().push((n as u32) << 2 | field);
        }
    }
    let mut shards: BTreeMap<String, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (term, postings) in &terms {
        shards
            .entry(shard_key(term))
            .or_default()
            .insert(term, deltas(postings));
    }

    let mut files = Vec::with_capacity(shards.len() + docs.len() / CHUNK + 2);
    let manifest = Manifest {
        count: docs.len(),
        chunk: CHUNK,
        shards: shards.keys().cloned().collect(),
        kinds: Kind::ALL
            .iter()
            .map(|k| (k.slug(), k.decl().plural))
            .collect(),
    };
    files.push(script("search/manifest.js", "manifest", &manifest));
    files.extend(shards.iter().map(|(key, shard)| {
        let json = serde_json::to_string(shard).expect("a shard serialises");
        OutputFile::new(
            format!("search/t-{key}.js"),
            format!("RB_SEARCH.terms(\"{key}\",{json});\n").into_bytes(),
        )
    }));
    files.extend(docs.chunks(CHUNK).enumerate().map(|(n, chunk)| {
        let rows: Vec<(&str, &str, &str, &str, &str)> = chunk
            .iter()
            .map(|d| {
                (
                    d.link.id,
                    d.link.title,
                    d.link.kind,
                    d.link.url.as_str(),
                    d.stored(),
                )
            })
            .collect();
        let json = serde_json::to_string(&rows).expect("documents serialise");
        OutputFile::new(
            format!("search/docs-{n}.js"),
            format!("RB_SEARCH.docs({n},{json});\n").into_bytes(),
        )
    }));
    files
}

fn script(path: &str, call: &str, value: &impl Serialize) -> OutputFile {
    let json = serde_json::to_string(value).expect("the manifest serialises");
    OutputFile::new(path, format!("RB_SEARCH.{call}({json});\n").into_bytes())
}

struct Doc<'a> {
    link: LinkView<'a>,
    text: String,
}

impl<'a> Doc<'a> {
    fn new(site: &'a Site, key: ItemKey) -> Doc<'a> {
        let record = site.items.get(key.kind, key.index);
        let mut text = site
            .meta(key)
            .map(|m| plain_text(site, &m.body))
            .unwrap_or_default();
        for part in record.text() {
            if !text.is_empty() {
                text.push_str(" · ");
            }
            text.push_str(&plain_text(site, part));
        }
        Doc {
            link: LinkView::new(site, key),
            text,
        }
    }

    /// Its terms, each with the best field it appears in.
    fn terms(&self) -> BTreeMap<String, u32> {
        let mut terms = BTreeMap::new();
        let mut add = |text: &str, field: u32| {
            for word in words(text) {
                let best = terms.entry(word).or_insert(field);
                *best = (*best).max(field);
            }
        };
        add(&self.text, TEXT);
        add(self.link.title, TITLE);
        add(self.link.id, ID);
        // The whole id too, so that `s-12` finds S-12 and not every 12.
        let id = self.link.id.to_lowercase();
        if id.chars().count() >= 2 {
            terms.insert(id, ID);
        }
        terms
    }

    fn stored(&self) -> &str {
        match self.text.char_indices().nth(STORED_TEXT) {
            Some((end, _)) => &self.text[..end],
            None => &self.text,
        }
    }
}

/// Lower-case runs of letters and digits of two characters or more; the same
/// rule as `words` in `roadbook.js`.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(1).is_some())
        .map(str::to_lowercase)
}

/// The shard a term belongs to: the UTF-8 of its first two characters, in hex.
fn shard_key(term: &str) -> String {
    let end = term.char_indices().nth(2).map_or(term.len(), |(i, _)| i);
    term[..end].bytes().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

fn deltas(sorted: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    sorted
        .iter()
        .map(|&p| {
            let d = p - previous;
            previous = p;
            d
        })
        .collect()
}

/// A body's words as a reader sees them: no Markdown, and `[[I-2]]` as the id
/// and title of the item it names.
pub fn plain_text(site: &Site, body: &str) -> String {
    let mut out = String::new();
    let push = |out: &mut String, text: &str| {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if !out.is_empty() && !out.ends_with([' ', '(', '"', '“']) {
            out.push(' ');
        }
        out.push_str(text);
    };
    let mut parser = Parser::new_ext(body, markdown_options());
    while let Some(event) = parser.next() {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole: false },
                dest_url,
                ..
            }) => {
                // Skip the link's own text: it is the id again.
                for inner in parser.by_ref() {
                    if matches!(inner, Event::End(TagEnd::Link)) {
                        break;
                    }
                }
                push(&mut out, &dest_url);
                if let Some(key) = site.lookup(&dest_url) {
                    push(&mut out, site.title(key));
                }
            }
            Event::Text(t) | Event::Code(t) => push(&mut out, &t),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_case_letters_and_digits() {
        let w: Vec<String> =
            words("The PO is accountable — for S-12, a “Sprint” in 2027; é à").collect();
        assert_eq!(
            w,
            [
                "the",
                "po",
                "is",
                "accountable",
                "for",
                "12",
                "sprint",
                "in",
                "2027"
            ]
        );
    }

    #[test]
    fn shards_are_named_by_the_first_two_characters() {
        assert_eq!(shard_key("accountable"), "6163");
        assert_eq!(shard_key("éa"), "c3a961");
        assert_eq!(shard_key("s-12"), "732d");
    }

    #[test]
    fn postings_are_stored_as_differences() {
        assert_eq!(deltas(&[4, 9, 9 + 8, 40]), [4, 5, 8, 23]);
    }
}
