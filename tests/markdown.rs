//! Markdown as the world writes it (issue 28): bodies converted from real
//! corpora (Kubernetes KEPs, Python PEPs) build and check as GitHub shows
//! them. Each test builds a fixture site with the real binary and reads the
//! pages it wrote or the diagnostics it printed.

mod common;

use std::path::{Path, PathBuf};

use common::lsp::{Client, uri};
use common::*;
use serde_json::{Value, json};

const NOTES: &str = "pages/notes.md";

/// The minimal fixture with one more page, `pages/notes.md`, whose body is `body`.
fn site_with_notes(body: &str) -> tempfile::TempDir {
    let site = fixture("minimal");
    write(
        site.path(),
        NOTES,
        format!("+++\ntitle = \"Notes\"\n+++\n{body}"),
    );
    site
}

/// Builds the site and returns its output folder; the build must succeed.
fn built(site: &Path) -> PathBuf {
    let out = roadbook_build(site, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    site.join("public")
}

fn page(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The rendered body of a free page: what its article holds.
fn prose(html: &str) -> &str {
    let start = html
        .find("<article class=\"item item-page prose\">")
        .expect("an article");
    let end = start + html[start..].find("</article>").expect("its end");
    &html[start..end]
}

#[test]
fn markdown_that_only_looks_like_a_reference_stays_markdown() {
    let site = site_with_notes(
        "Footnote style [[1]](https://example.org/one), a tool \
         [[Pyright]](https://example.org/pyright),\n\
         a label [[sig-storage] Volumes], written out \\[[S-2]], \
         and a real one: [[S-2]].\n",
    );
    let (exit, diags) = check_json(site.path(), &["--deny-warnings"]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:#?}");

    let out = built(site.path());
    let html = page(&out, "pages/notes.html");
    let body = prose(&html);
    assert!(
        body.contains("<a href=\"https://example.org/one\">[1]</a>"),
        "{body}"
    );
    assert!(
        body.contains("<a href=\"https://example.org/pyright\">[Pyright]</a>"),
        "{body}"
    );
    assert!(body.contains("a label [[sig-storage] Volumes]"), "{body}");
    assert!(body.contains("written out [[S-2]], and"), "{body}");
    assert!(
        body.contains(
            "a real one: <a class=\"ref\" href=\"../stories/S-2.html\">\
             <span class=\"ref-id\">S-2</span> Show progress</a>."
        ),
        "{body}"
    );
    assert_eq!(body.matches("class=\"ref\"").count(), 1, "{body}");

    // Search reads the body as the page shows it: the look-alikes as text, the
    // reference as the id and title of S-2.
    let index = common::search::Index::read(&out);
    let notes = &index.doc("notes").text;
    assert!(notes.contains("[[sig-storage] Volumes]"), "{notes}");
    assert!(notes.contains("written out [[S-2]], and"), "{notes}");
    assert!(notes.contains("a real one: S-2 Show progress."), "{notes}");
}

#[test]
fn a_reference_to_an_unknown_id_is_still_an_error_at_its_line() {
    let site = site_with_notes(
        "Not a reference: [[1]](https://example.org/one) \\[[S-404]]\n\n\
         **See [[S-22]]** and [[sig-storage] Volumes].\n",
    );
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1, "{diags:#?}");
    let d = expect_one(&diags, "broken-reference", "error", NOTES, 6, 7);
    assert_eq!(d["help"], "did you mean `S-2`?");
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn a_link_to_an_id_with_a_fragment_links_to_a_heading_of_its_page() {
    let site = site_with_notes(
        "See [the scope](E-1#scope), [story two](S-2#acceptance) and \
         [its page](S-2).\n\n\
         Relative links stay as written: [guide](guide.md#install), \
         [up](../index.html#top), [here](#local), [web](https://example.org/a#b), \
         [mail](mailto:a@example.org).\n",
    );
    let (exit, diags) = check_json(site.path(), &["--deny-warnings"]);
    assert_eq!((exit, diags.len()), (0, 0), "{diags:#?}");

    let out = built(site.path());
    let html = page(&out, "pages/notes.html");
    let body = prose(&html);
    for link in [
        "<a href=\"../epics/E-1.html#scope\">the scope</a>",
        "<a href=\"../stories/S-2.html#acceptance\">story two</a>",
        "<a href=\"../stories/S-2.html\">its page</a>",
        "<a href=\"guide.md#install\">guide</a>",
        "<a href=\"../index.html#top\">up</a>",
        "<a href=\"#local\">here</a>",
        "<a href=\"https://example.org/a#b\">web</a>",
        "<a href=\"mailto:a@example.org\">mail</a>",
    ] {
        assert!(body.contains(link), "{link} in {body}");
    }
}

#[test]
fn a_link_to_an_unknown_id_with_a_fragment_is_an_error_at_its_line() {
    let site = site_with_notes("Intro.\n\nSee [the abstract](PEP-8#abstract).\n");
    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 1, "{diags:#?}");
    let d = expect_one(&diags, "broken-reference", "error", NOTES, 6, 5);
    assert!(
        d["message"].as_str().unwrap().contains("`PEP-8`"),
        "the message names the id, not the fragment: {d}"
    );
}

/// The position of the first `needle` in `text`, in UTF-16 units, plus `shift`.
fn position(text: &str, needle: &str, shift: usize) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": text[line_start..at].encode_utf16().count() + shift })
}

#[test]
fn the_language_server_sees_the_references_check_and_pages_see() {
    let site = site_with_notes(
        "Written out \\[[S-2]].\n\nA link [[S-1]](https://example.org/x).\n\n\
         Real: [[S-2]], [scope](E-1#scope).\n",
    );
    let notes = std::fs::read_to_string(site.path().join(NOTES)).unwrap();
    let mut client = Client::start(site.path());
    let u = uri(&site.path().join(NOTES));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": u, "languageId": "markdown", "version": 1, "text": notes } }),
    );
    let definition = |client: &mut Client, needle: &str, shift: usize| {
        client.result(
            "textDocument/definition",
            json!({ "textDocument": { "uri": u }, "position": position(&notes, needle, shift) }),
        )
    };
    assert_eq!(definition(&mut client, "\\[[S-2]]", 4), Value::Null);
    assert_eq!(definition(&mut client, "[[S-1]](", 3), Value::Null);
    let s2 = definition(&mut client, "Real: [[S-2]]", 9);
    assert_eq!(s2["uri"], uri(&site.path().join("backlog/backlog.toml")));
    let e1 = definition(&mut client, "E-1#scope", 1);
    assert_eq!(
        e1["uri"],
        uri(&site.path().join("backlog/epics/E-1-links.md"))
    );

    // Completion after `[[` offers ids; after an escaped `\[[` it offers none.
    let complete = |client: &mut Client, needle: &str, shift: usize| {
        client.result(
            "textDocument/completion",
            json!({ "textDocument": { "uri": u }, "position": position(&notes, needle, shift) }),
        )
    };
    let offered = complete(&mut client, "Real: [[S-2]]", 8);
    assert!(
        offered
            .as_array()
            .is_some_and(|a| a.iter().any(|i| i["label"] == "S-2")),
        "{offered}"
    );
    let escaped = complete(&mut client, "\\[[S-2]]", 3);
    assert!(escaped.as_array().is_none_or(|a| a.is_empty()), "{escaped}");
    assert!(client.shutdown().success());
}

/// The table of contents of the Kubernetes KEP template
/// (`keps/NNNN-kep-template/README.md`), as `hack/update-toc.sh` writes it
/// for GitHub, and the headings it points at.
const KEP_TEMPLATE: &str = "\
<!-- toc -->
- [Release Signoff Checklist](#release-signoff-checklist)
- [Summary](#summary)
- [Motivation](#motivation)
  - [Goals](#goals)
  - [Non-Goals](#non-goals)
- [Proposal](#proposal)
  - [User Stories (Optional)](#user-stories-optional)
    - [Story 1](#story-1)
  - [Notes/Constraints/Caveats (Optional)](#notesconstraintscaveats-optional)
- [Design Details](#design-details)
  - [Test Plan](#test-plan)
      - [e2e tests](#e2e-tests)
  - [Upgrade / Downgrade Strategy](#upgrade--downgrade-strategy)
- [Production Readiness Review Questionnaire](#production-readiness-review-questionnaire)
  - [Rollout, Upgrade and Rollback Planning](#rollout-upgrade-and-rollback-planning)
- [Infrastructure Needed (Optional)](#infrastructure-needed-optional)
<!-- /toc -->

## Release Signoff Checklist
## Summary
## Motivation
### Goals
### Non-Goals
## Proposal
### User Stories (Optional)
#### Story 1
### Notes/Constraints/Caveats (Optional)
## Design Details
### Test Plan
##### e2e tests
### Upgrade / Downgrade Strategy
## Production Readiness Review Questionnaire
### Rollout, Upgrade and Rollback Planning
## Infrastructure Needed (Optional)
";

/// The values of `attribute="…"` in some HTML.
fn attributes<'h>(html: &'h str, attribute: &str) -> Vec<&'h str> {
    let open = format!(" {attribute}=\"");
    html.split(open.as_str())
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect()
}

#[test]
fn a_table_of_contents_written_for_github_finds_its_headings() {
    let site = site_with_notes(KEP_TEMPLATE);
    let out = built(site.path());
    let html = page(&out, "pages/notes.html");
    let body = prose(&html);
    let ids = attributes(body, "id");
    let targets: Vec<&str> = attributes(body, "href")
        .into_iter()
        .filter_map(|h| h.strip_prefix('#'))
        .collect();
    assert_eq!(targets.len(), 16, "{body}");
    for target in &targets {
        assert!(ids.contains(target), "#{target} names no heading: {ids:?}");
    }
    assert!(
        body.contains("<h3 id=\"upgrade--downgrade-strategy\">"),
        "{body}"
    );
}

#[test]
fn heading_ids_are_the_ones_github_gives() {
    let site = site_with_notes(
        "# Goals / Non-goals\n# Goals / Non-goals\n# Goals / Non-goals\n# goals--non-goals-1\n\
         # What's new in `v2.0`?\n# Überblick – Ziele\n# snake_case and kebab-case\n\
         # -Leading and trailing-\n# 🚀 Launch\n# ???\n# Custom {#mine}\n",
    );
    let out = built(site.path());
    let html = page(&out, "pages/notes.html");
    let ids = attributes(prose(&html), "id");
    assert_eq!(
        ids,
        [
            "goals--non-goals",
            "goals--non-goals-1",
            "goals--non-goals-2",
            "goals--non-goals-1-1",
            "whats-new-in-v20",
            "überblick--ziele",
            "snake_case-and-kebab-case",
            "-leading-and-trailing-",
            "-launch",
            "section",
            "mine",
        ]
    );
}

/// Fences in languages GitHub knows, by the names converted documents give.
const FENCES: &[(&str, &str, bool)] = &[
    ("golang", "package main", true),
    ("pycon", ">>> print(\"hi\")", true),
    ("console", "$ ls -l", true),
    ("shell-session", "$ echo hi", true),
    ("yml", "key: value", true),
    ("jsonc", "{\"a\": 1 // why\n}", true),
    ("Python", "def f(): pass", true),
    ("mermaid", "graph LR", false),
    ("plantuml", "@startuml", false),
    ("text", "just text", false),
    ("plaintext", "more text", false),
    ("proto", "syntax = \"proto3\";", false),
    ("dockerfile", "FROM scratch", false),
];

#[test]
fn fences_in_languages_github_knows_are_highlighted_or_plain_without_a_warning() {
    let mut body = String::from("Code as GitHub shows it.\n");
    for (lang, code, _) in FENCES {
        body.push_str(&format!("\n```{lang}\n{code}\n```\n"));
    }
    body.push_str("\nA typo:\n\n```pyhton\nprint(1)\n```\n");
    let site = site_with_notes(&body);

    let (exit, diags) = check_json(site.path(), &[]);
    assert_eq!(exit, 0, "{diags:#?}");
    let line = 3 + body[..body.find("```pyhton").unwrap()].lines().count() as u64 + 1;
    let d = expect_one(&diags, "unknown-language", "warning", NOTES, line, 1);
    assert!(d["message"].as_str().unwrap().contains("`pyhton`"), "{d}");
    assert_eq!(
        d["help"],
        "did you mean `python`? Or leave the language out"
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");

    let out = built(site.path());
    let html = page(&out, "pages/notes.html");
    for (lang, code, highlighted) in FENCES {
        let code_tag = format!("<code class=\"language-{lang}\">");
        let at = html.find(&code_tag).unwrap_or_else(|| panic!("{code_tag}"));
        let pre = &html[html[..at].rfind("<pre").unwrap()..at];
        assert_eq!(pre.contains("hl-code"), *highlighted, "{lang}: {pre}");
        if !highlighted {
            let escaped = code.replace('"', "&quot;").replace('>', "&gt;");
            assert!(html[at..].contains(&escaped), "{lang} shows its code");
        }
    }
}

/// A Python block in the style of a PEP's examples.
const PYTHON: &str = r#"class Resolver:
    """Finds a distribution for each requirement."""

    def __init__(self, index: "Index", *, strict: bool = True) -> None:
        self._index = index  # where distributions come from
        self._cache: dict[str, list[int]] = {}

    async def resolve(self, name, version=None):
        if name in self._cache and not self._strict:
            return self._cache[name][-1]
        found = [d for d in await self._index.find(name) if d.version >= 3.5]
        raise LookupError(f"no {name!r} in {self._index}")
"#;

#[test]
fn highlighted_code_names_its_colours_with_short_classes_written_once_per_site() {
    let code = PYTHON.repeat(100);
    let site = site_with_notes(&format!("A large example.\n\n```python\n{code}```\n"));
    let out = built(site.path());
    let html = page(&out, "pages/notes.html");
    let start = html
        .find("<pre class=\"hl-code\"")
        .expect("a highlighted block");
    let block = &html[start..start + html[start..].find("</pre>").unwrap()];

    // Each token spelled out its scopes (`hl-meta hl-function-call hl-python`
    // …): the block was 26 times its code. Now its spans name colours: 4 times.
    let ratio = block.len() as f64 / code.len() as f64;
    assert!(ratio < 5.0, "the block is {ratio:.1} times its code");

    // Every class a span uses has a rule in the one stylesheet, for light
    // (and print) or dark, and nothing is styled inline.
    let css = page(&out, "assets/highlight.css");
    let light = css
        .find("@media print, (prefers-color-scheme: light)")
        .unwrap();
    let dark = css
        .find("@media screen and (prefers-color-scheme: dark)")
        .unwrap();
    let mut classes: Vec<&str> = attributes(block, "class")
        .into_iter()
        .skip(2) // the pre's and the code's
        .flat_map(|c| c.split(' '))
        .collect();
    classes.sort_unstable();
    classes.dedup();
    assert!(classes.len() > 4, "{classes:?}");
    for class in classes {
        let at = css
            .find(&format!(".hl-code .{class} {{"))
            .unwrap_or_else(|| panic!(".{class} has no rule in {css}"));
        let in_dark = at > dark;
        assert_eq!(in_dark, class.starts_with('d'), ".{class}");
        assert!(at > light);
    }
    assert!(!block.contains("style="), "no inline styles");
}
