//! Full-text search that works from `file://` and stays fast on a large site.
//!
//! The index is a set of script files under `search/`, each of which calls a
//! function of `roadbook.js` with its data, because `<script>` tags load from
//! `file://` where `fetch` does not. Nothing loads until the reader types:
//! - `manifest.js`: the counts, the shards that exist and the kinds' headings;
//! - `t-<hex>.js`: the terms that begin with one pair of characters (the pair's
//!   UTF-8 in hex), each with its postings; a query word loads the one shard
//!   its first two characters name, and matches every term it is a prefix of;
//! - `docs-<n>.js`: documents (id, title, kind, url and text) up to about
//!   [`CHUNK_BYTES`] a file (none spans two of the [`BATCH`]es the index is
//!   made in), loaded for the results shown, to print their excerpts; the
//!   manifest lists the first document of each.
//!
//! A posting is `document << 2 | field`, field 2 for the id, 1 for the title
//! and 0 for the text, and each list is stored as differences from the one
//! before, which keeps the numbers short.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;

use super::OutputFile;
use super::finishing::Keep;
use super::views::LinkView;
use crate::kinds::Kind;
use crate::markup::events;
use crate::site::{ItemKey, Site};

/// The size a `docs-<n>.js` grows to before the next begins: a dozen results
/// load a few hundred kilobytes at most, however long the site's bodies are.
const CHUNK_BYTES: usize = 24 * 1024;
/// Documents read and indexed at once; see [`search_files`].
const BATCH: usize = 4096;
/// A document's text is stored up to this many characters for excerpts; all of
/// it is indexed.
const STORED_TEXT: usize = 8000;

const ID: u32 = 2;
const TITLE: u32 = 1;
const TEXT: u32 = 0;

#[derive(Serialize)]
struct Manifest {
    count: usize,
    /// The number of the first document of each `docs-<n>.js`.
    starts: Vec<usize>,
    shards: Vec<String>,
    kinds: BTreeMap<&'static str, &'static str>,
}

/// The files of the search index, under `search/`, each given to `keep` as
/// soon as it is made; returns those it kept.
///
/// Documents are read, indexed and written [`BATCH`] at a time, so that only
/// one batch's plain text is in memory however large the site; the terms and
/// their postings, far smaller, are written last.
pub(super) fn search_files(site: &Site, keep: &Keep<'_>) -> Vec<OutputFile> {
    let keys: Vec<ItemKey> = site.keys().collect();
    let mut terms = Terms::default();
    let mut starts = Vec::new();
    let mut files = Vec::new();
    for (b, batch) in keys.chunks(BATCH).enumerate() {
        let first = b * BATCH;
        let docs: Vec<Doc<'_>> = batch.par_iter().map(|&k| Doc::new(site, k)).collect();
        index(&docs, first, &mut terms);
        let chunks = chunk_starts(&docs);
        let numbers = starts.len()..;
        let ends = chunks.iter().skip(1).copied().chain([docs.len()]);
        let ranges: Vec<(usize, std::ops::Range<usize>)> = numbers
            .zip(chunks.iter().zip(ends).map(|(&from, to)| from..to))
            .collect();
        files.par_extend(ranges.into_par_iter().filter_map(|(n, range)| {
            let rows: Vec<(&str, &str, &str, &str, &str)> = docs[range]
                .iter()
                .map(|d| {
                    let l = &d.link;
                    (l.id, l.title, l.kind, l.url.as_str(), d.stored())
                })
                .collect();
            let json = serde_json::to_string(&rows).expect("documents serialise");
            keep(script(
                format!("search/docs-{n}.js"),
                "docs",
                &format!("{n},{json}"),
            ))
        }));
        starts.extend(chunks.into_iter().map(|s| first + s));
    }

    let mut shards: BTreeMap<String, BTreeMap<Box<str>, Vec<u32>>> = BTreeMap::new();
    for (term, mut postings) in terms {
        deltas(&mut postings);
        shards
            .entry(shard_key(&term))
            .or_default()
            .insert(term, postings);
    }
    let manifest = Manifest {
        count: keys.len(),
        shards: shards.keys().cloned().collect(),
        starts,
        // Every kind's heading, as before people were a kind; people's only
        // where the site has people, so that a site without keeps its bytes.
        kinds: Kind::ALL
            .iter()
            .filter(|&&k| k != Kind::Person || site.count(k) > 0)
            .map(|k| (k.slug(), k.decl().plural))
            .collect(),
    };
    let manifest = serde_json::to_string(&manifest).expect("the manifest serialises");
    files.extend(keep(script(
        "search/manifest.js".into(),
        "manifest",
        &manifest,
    )));
    files.par_extend(shards.par_iter().filter_map(|(key, shard)| {
        let json = serde_json::to_string(shard).expect("a shard serialises");
        keep(script(
            format!("search/t-{key}.js"),
            "terms",
            &format!("\"{key}\",{json}"),
        ))
    }));
    files
}

/// Adds the postings of a batch of documents, the first of which is document
/// `first`, to `terms`: each thread indexes a run of them, and the runs are
/// added in order, so that every list stays in document order.
fn index(docs: &[Doc<'_>], first: usize, terms: &mut Terms) {
    let run = docs
        .len()
        .div_ceil(rayon::current_num_threads().max(1))
        .max(1);
    let runs: Vec<Postings<'_>> = docs
        .par_chunks(run)
        .enumerate()
        .map(|(r, chunk)| {
            let mut postings = Postings::default();
            for (i, doc) in chunk.iter().enumerate() {
                doc.index((first + r * run + i) as u32, &mut postings);
            }
            postings
        })
        .collect();
    for (term, list) in runs.into_iter().flatten() {
        match terms.get_mut(&*term) {
            Some(postings) => postings.extend(list),
            None => {
                terms.insert(term.into(), list);
            }
        }
    }
}

/// Where each `docs-<n>.js` of a batch begins: files of about [`CHUNK_BYTES`].
fn chunk_starts(docs: &[Doc<'_>]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = usize::MAX;
    for (n, doc) in docs.iter().enumerate() {
        let len = doc.stored().len() + doc.link.title.len() + doc.link.url.len() + 32;
        if size.saturating_add(len) > CHUNK_BYTES {
            starts.push(n);
            size = 0;
        }
        size += len;
    }
    starts
}

/// A file of the index: one call of a function of `roadbook.js` with `args`.
fn script(path: String, call: &str, args: &str) -> OutputFile {
    OutputFile::new(path, format!("RB_SEARCH.{call}({args});\n").into_bytes())
}

/// Each term with its postings, in document order. Hashed with foldhash: a
/// site's words are hashed tens of millions of times, and SipHash's defence
/// against chosen keys costs twice the time here, where the keys are the
/// writer's own.
type Postings<'a> = HashMap<Cow<'a, str>, Vec<u32>, foldhash::fast::RandomState>;
/// Every term of the site with its postings, kept while the documents are
/// read a batch at a time.
type Terms = HashMap<Box<str>, Vec<u32>, foldhash::fast::RandomState>;

struct Doc<'a> {
    link: LinkView<'a>,
    text: String,
    /// The end of the part of `text` stored for excerpts.
    stored: usize,
}

impl<'a> Doc<'a> {
    fn new(site: &'a Site, key: ItemKey) -> Doc<'a> {
        let record = site.items.get(key.kind, key.index);
        let title_of = |id: &str| site.lookup(id).map(|k| site.title(k));
        let mut text = site
            .meta(key)
            .map(|m| plain_text(&m.body, title_of))
            .unwrap_or_default();
        for part in record.text() {
            if !text.is_empty() {
                text.push_str(" · ");
            }
            text.push_str(&plain_text(part, title_of));
        }
        // A text of no more bytes than STORED_TEXT has no more characters.
        let stored = if text.len() <= STORED_TEXT {
            text.len()
        } else {
            text.char_indices()
                .nth(STORED_TEXT)
                .map_or(text.len(), |(i, _)| i)
        };
        Doc {
            link: LinkView::new(site, key),
            text,
            stored,
        }
    }

    /// Adds its terms as document `n`, each once, with the best field it is in.
    fn index<'d>(&'d self, n: u32, postings: &mut Postings<'d>) {
        let mut add = |term: Cow<'d, str>, field: u32| {
            let list = postings.entry(term).or_default();
            match list.last_mut() {
                Some(last) if *last >> 2 == n => *last = (*last).max(n << 2 | field),
                _ => list.push(n << 2 | field),
            }
        };
        for word in words(&self.text) {
            add(word, TEXT);
        }
        for word in words(self.link.title) {
            add(word, TITLE);
        }
        for word in words(self.link.id) {
            add(word, ID);
        }
        // The whole id too, so that `s-12` finds S-12 and not every 12.
        if self.link.id.chars().nth(1).is_some() {
            add(Cow::Owned(self.link.id.to_lowercase()), ID);
        }
    }

    fn stored(&self) -> &str {
        &self.text[..self.stored]
    }
}

/// Lower-case runs of letters and digits of two characters or more; the same
/// rule as `words` in `roadbook.js`. Most words are lower case already and are
/// borrowed.
fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(1).is_some())
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
}

/// The shard a term belongs to: the UTF-8 of its first two characters, in hex.
fn shard_key(term: &str) -> String {
    let end = term.char_indices().nth(2).map_or(term.len(), |(i, _)| i);
    term[..end].bytes().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// Replaces a sorted list by the differences between its numbers.
fn deltas(sorted: &mut [u32]) {
    let mut previous = 0;
    for p in sorted {
        (*p, previous) = (*p - previous, *p);
    }
}

/// A body's words as a reader sees them: no Markdown, and `[[I-2]]` as the id
/// and title of the item it names.
fn plain_text<'s>(body: &str, title_of: impl Fn(&str) -> Option<&'s str>) -> String {
    let mut out = String::new();
    let mut parser = events(body).map(|(event, _)| event);
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
                out.push_str(&dest_url);
                if let Some(title) = title_of(&dest_url) {
                    out.push(' ');
                    out.push_str(title);
                }
            }
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            // Blocks and line breaks part words; inline markup does not.
            Event::SoftBreak | Event::HardBreak | Event::Rule => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => out.push(' '),
            _ => {}
        }
    }
    // One space between words, whatever the source's line breaks and indents.
    let mut text = String::with_capacity(out.len());
    for word in out.split_whitespace() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_case_letters_and_digits() {
        let w: Vec<Cow<'_, str>> =
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
    fn plain_text_keeps_the_writer_s_spacing_and_parts_blocks() {
        assert_eq!(
            plain_text(
                "Say \"tree nuts\" *once*, then `code`.\n\n- one\n- two\n\n```\nfn x()\n```",
                |_| None
            ),
            "Say \"tree nuts\" once, then code. one two fn x()"
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
        let mut postings = [4, 9, 9 + 8, 40];
        deltas(&mut postings);
        assert_eq!(postings, [4, 5, 8, 23]);
    }
}
