//! A body's Markdown events, with `[[ID]]` references found in its text.
//! Check, render, search and the language server all read bodies through
//! [`events`], so that they agree on what is a reference and what only looks
//! like one.
//!
//! Bodies are parsed as CommonMark without pulldown-cmark's wiki links, which
//! would take `[[1]](https://…)` for a reference to `1` followed by text. A
//! `[[ID]]` is found afterwards in the text CommonMark left: an id between
//! double brackets, not escaped (`\[[S-12]]` is written out as it is), not in a
//! link's text and not in code.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, OffsetIter, Parser, Tag, TagEnd};

use super::references::ends_in_escape;
use super::{is_valid_id, markdown_options};

/// A body's Markdown events with where each stands in the body. A `[[ID]]`
/// comes as a wiki link (`LinkType::WikiLink`) whose destination is the id:
/// its start, the id as text, its end.
pub fn events(body: &str) -> Events<'_> {
    Events {
        body,
        parser: Parser::new_ext(body, markdown_options()).into_offset_iter(),
        ready: VecDeque::new(),
        held: None,
        opaque: 0,
    }
}

/// The iterator of [`events`].
pub struct Events<'a> {
    body: &'a str,
    parser: OffsetIter<'a>,
    /// Events split out of a run of text, waiting to be handed out.
    ready: VecDeque<(Event<'a>, Range<usize>)>,
    /// The event that ended a run of text, handed out after it.
    held: Option<(Event<'a>, Range<usize>)>,
    /// How deep the parser is in links, images and code blocks, whose text
    /// holds no references.
    opaque: usize,
}

impl<'a> Events<'a> {
    /// The parser's next event, keeping count of what holds no references.
    fn pull(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let next = self.parser.next()?;
        match &next.0 {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                self.opaque += 1;
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.opaque = self.opaque.saturating_sub(1);
            }
            _ => {}
        }
        Some(next)
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(event) = self.ready.pop_front() {
            return Some(event);
        }
        if let Some(event) = self.held.take() {
            return Some(event);
        }
        let first = self.pull()?;
        if self.opaque > 0 || !matches!(first.0, Event::Text(_)) {
            return Some(first);
        }
        // CommonMark hands out text in pieces (each bracket is one): gather
        // the run, then look for references in what it was written as.
        let mut run = vec![first];
        while let Some(next) = self.pull() {
            if matches!(next.0, Event::Text(_)) {
                run.push(next);
            } else {
                self.held = Some(next);
                break;
            }
        }
        split_references(self.body, run, &mut self.ready);
        self.ready.pop_front()
    }
}

/// Hands out a run of text events, with each `[[ID]]` written in it as a
/// wiki link.
fn split_references<'a>(
    body: &'a str,
    run: Vec<(Event<'a>, Range<usize>)>,
    out: &mut VecDeque<(Event<'a>, Range<usize>)>,
) {
    let found = find_references(body, &run);
    if found.is_empty() {
        out.extend(run);
        return;
    }
    let mut found = found.into_iter().peekable();
    for (event, range) in run {
        let mut at = range.start;
        while let Some(r) = found.peek().filter(|r| r.start < range.end) {
            let r = r.clone();
            if at < r.start {
                out.push_back(text(body, at..r.start));
            }
            if r.start >= range.start {
                push_reference(body, r.clone(), out);
            }
            if r.end > range.end {
                // The reference goes on in the next piece of the run.
                at = range.end;
                break;
            }
            at = r.end;
            found.next();
        }
        if at == range.start {
            out.push_back((event, range));
        } else if at < range.end {
            out.push_back(text(body, at..range.end));
        }
    }
}

/// Where `[[ID]]` references are written in a run of text: each written
/// literally (no escape or entity inside), its first bracket not escaped.
fn find_references(body: &str, run: &[(Event<'_>, Range<usize>)]) -> Vec<Range<usize>> {
    let (Some(first), Some(last)) = (run.first(), run.last()) else {
        return Vec::new();
    };
    let (start, end) = (first.1.start, last.1.end);
    let written = &body[start..end];
    let bytes = written.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = written[from..].find("[[").map(|k| from + k) {
        from = open + 1;
        let id_start = open + 2;
        let id_end = id_start
            + bytes[id_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
                .count();
        if !bytes[id_end..].starts_with(b"]]") {
            continue;
        }
        let range = start + open..start + id_end + 2;
        if is_valid_id(&written[id_start..id_end])
            && !ends_in_escape(&body[..range.start])
            && written_literally(body, run, &range)
        {
            from = id_end + 2;
            found.push(range);
        }
    }
    found
}

/// Whether every byte of `range` belongs to a piece of text that is the
/// same as what was written: no backslash escape or entity in between.
fn written_literally(body: &str, run: &[(Event<'_>, Range<usize>)], range: &Range<usize>) -> bool {
    let mut covered = range.start;
    for (event, r) in run {
        if r.end <= covered || r.start >= range.end {
            continue;
        }
        let literal = matches!(event, Event::Text(t) if **t == body[r.clone()]);
        if r.start > covered || !literal {
            return false;
        }
        covered = r.end;
        if covered >= range.end {
            return true;
        }
    }
    false
}

fn text(body: &str, range: Range<usize>) -> (Event<'_>, Range<usize>) {
    (Event::Text(CowStr::Borrowed(&body[range.clone()])), range)
}

/// `[[ID]]` at `range` as the events of a wiki link to the id.
fn push_reference<'a>(
    body: &'a str,
    range: Range<usize>,
    out: &mut VecDeque<(Event<'a>, Range<usize>)>,
) {
    let id = &body[range.start + 2..range.end - 2];
    out.push_back((
        Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { has_pothole: false },
            dest_url: CowStr::Borrowed(id),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }),
        range.clone(),
    ));
    out.push_back(text(body, range.start + 2..range.end - 2));
    out.push_back((Event::End(TagEnd::Link), range));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The references `events` finds in a body, by id.
    fn references(body: &str) -> Vec<&str> {
        events(body)
            .filter_map(|(e, r)| match e {
                Event::Start(Tag::Link {
                    link_type: LinkType::WikiLink { .. },
                    ..
                }) => Some(&body[r.start + 2..r.end - 2]),
                _ => None,
            })
            .collect()
    }

    /// The text a body reads as, with each reference as `<ID>`.
    fn read(body: &str) -> String {
        let mut out = String::new();
        let mut in_ref = false;
        for (e, _) in events(body) {
            match e {
                Event::Start(Tag::Link {
                    link_type: LinkType::WikiLink { .. },
                    dest_url,
                    ..
                }) => {
                    out.push_str(&format!("<{dest_url}>"));
                    in_ref = true;
                }
                Event::End(TagEnd::Link) => in_ref = false,
                Event::Text(t) if !in_ref => out.push_str(&t),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn a_reference_is_an_id_between_double_brackets() {
        assert_eq!(
            references("See [[S-12]] and **[[E_1.2]]**."),
            ["S-12", "E_1.2"]
        );
        assert_eq!(read("a [[S-12]]b[[[E-1]]]"), "a <S-12>b[<E-1>]");
        assert_eq!(read("x\\\\[[S-1]]"), "x\\<S-1>", "an escaped backslash");
        let blocks = "# On [[G-1]]\n\n| a |\n|---|\n| [[S-1]] |\n\n- [[E-1]]\n\n> [[I-1]]\n";
        assert_eq!(references(blocks), ["G-1", "S-1", "E-1", "I-1"]);
    }

    #[test]
    fn look_alikes_stay_text_or_links() {
        for body in [
            "[[1]](https://example.org)",
            "[[Pyright]](https://example.org)",
            "[[sig-storage] Volumes]",
            "\\[[S-12]]",
            "[[S-1\\]]",
            "[[ S-1 ]]",
            "`[[S-1]]`",
            "```\n[[S-1]]\n```",
            "[see [[S-1]]](https://example.org)",
            "![alt [[S-1]]](x.png)",
        ] {
            assert_eq!(references(body), Vec::<&str>::new(), "{body}");
        }
        assert_eq!(read("\\[[S-12]] &amp; [[sig] x]"), "[[S-12]] & [[sig] x]");
    }

    /// Every body of up to five pieces: no panic, each reference stands where
    /// it was written, and no text is lost or doubled.
    #[test]
    fn any_mix_of_brackets_escapes_and_entities() {
        const PIECES: [&str; 9] = ["[", "]", "\\", "S-1", " ", "&amp;", "`", "(u)", "*"];
        let mut bodies = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = bodies
                .iter()
                .flat_map(|b| PIECES.iter().map(move |p| format!("{b}{p}")))
                .collect();
            for body in &longer {
                let mut text = String::new();
                let mut in_ref = false;
                for (event, range) in events(body) {
                    match event {
                        Event::Start(Tag::Link {
                            link_type: LinkType::WikiLink { .. },
                            dest_url,
                            ..
                        }) => {
                            let written = format!("[[{dest_url}]]");
                            assert_eq!(&body[range], written, "{body:?}");
                            text.push_str(&written);
                            in_ref = true;
                        }
                        Event::End(TagEnd::Link) if in_ref => in_ref = false,
                        Event::Text(t) if !in_ref => text.push_str(&t),
                        _ => {}
                    }
                }
                let plain: String = Parser::new_ext(body, markdown_options())
                    .filter_map(|e| match e {
                        Event::Text(t) => Some(t.into_string()),
                        _ => None,
                    })
                    .collect();
                assert_eq!(text, plain, "{body:?}");
            }
            bodies = longer;
        }
    }
}
