//! `roadbook lsp` driven as an editor drives it: the real binary over stdin and
//! stdout with JSON-RPC framing. Initialize, open, change, diagnostics that
//! arrive and clear, definition, references, completion, hover, rename, shutdown.

mod common;

use std::path::Path;

use common::lsp::{Client, uri};
use serde_json::{Value, json};

/// A starter site (`roadbook init`), which passes `check`.
fn starter() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = common::roadbook(&["init", "site"], dir.path());
    assert!(out.status.success(), "{}", common::text(&out.stderr));
    dir
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap()
}

fn open(client: &mut Client, site: &Path, rel: &str, text: &str) -> String {
    let u = uri(&site.join(rel));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": u, "languageId": "markdown", "version": 1, "text": text } }),
    );
    u
}

/// The position of the first `needle` in `text`, in UTF-16 units, plus `shift` units.
fn position(text: &str, needle: &str, shift: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in the text"));
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character = text[line_start..at].encode_utf16().count() + shift;
    json!({ "line": line, "character": character })
}

fn at(u: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": u }, "position": position })
}

/// What `roadbook check --format json` reports for the site as it is on disk.
fn check_json(site: &Path) -> Vec<Value> {
    let out = common::roadbook(&["check", "--format", "json"], site);
    serde_json::from_slice(&out.stdout).expect("check prints JSON")
}

#[test]
fn diagnostics_arrive_with_checks_codes_places_and_messages_and_clear_when_fixed() {
    let dir = starter();
    let site = dir.path().join("site");
    let mut client = Client::start(&site);
    let rel = "backlog/stories/S-1-welcome.md";
    let text = read(&site, rel);
    let u = open(&mut client, &site, rel, &text);

    // The editor replaces `E-1` with `E-9`: one incremental change.
    let start = position(&text, "E-1", 0);
    let end = position(&text, "E-1", 3);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": u, "version": 2 },
            "contentChanges": [{ "range": { "start": start, "end": end }, "text": "E-9" }],
        }),
    );
    let diagnostics = client.diagnostics(&u, |d| !d.is_empty());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];

    // `check` on the same text on disk says the same thing at the same place.
    std::fs::write(site.join(rel), text.replace("\"E-1\"", "\"E-9\"")).unwrap();
    let checked = check_json(&site);
    assert_eq!(checked.len(), 1, "{checked:#?}");
    let c = &checked[0];
    assert_eq!(d["code"], c["code"]);
    assert_eq!(d["code"], "unknown-id");
    assert_eq!(d["source"], "roadbook");
    assert_eq!(d["severity"], 1, "an error");
    assert_eq!(
        d["message"].as_str().unwrap(),
        format!(
            "{}\nhelp: {}",
            c["message"].as_str().unwrap(),
            c["help"].as_str().unwrap()
        )
    );
    assert_eq!(d["range"]["start"]["line"], c["line"].as_u64().unwrap() - 1);
    assert_eq!(
        d["range"]["start"]["character"],
        c["column"].as_u64().unwrap() - 1
    );
    assert_eq!(
        d["range"]["end"],
        json!({ "line": 3, "character": 12 }),
        "the range covers \"E-9\""
    );

    // Typing it back clears the file's diagnostics.
    std::fs::write(site.join(rel), &text).unwrap();
    let start = position(&text, "E-1", 0);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": u, "version": 3 },
            "contentChanges": [{ "range": { "start": start, "end": { "line": 3, "character": 11 } }, "text": "E-1" }],
        }),
    );
    let cleared = client.diagnostics(&u, |d| d.is_empty());
    assert!(cleared.is_empty());
    assert!(
        client.shutdown().success(),
        "the server exits with 0 after shutdown and exit"
    );
}

#[test]
fn positions_count_utf16_units_in_front_matter_of_an_unsaved_file() {
    let dir = starter();
    let site = dir.path().join("site");
    let mut client = Client::start(&site);
    // A file the editor has open but never saved, with a character outside the
    // Basic Multilingual Plane (two UTF-16 units, four bytes) before the mistake.
    let rel = "backlog/stories/S-7-musical-ções.md";
    let text = "+++\nid = \"S-7\"\ntitle = \"Plan the week — café\"\nepic = \"E-1\"\nlabels = [\"𝄞 music\", 3]\nacceptance = [\"It plays\"]\n+++\nBody.\n";
    let u = open(&mut client, &site, rel, text);
    let diagnostics = client.diagnostics(&u, |d| !d.is_empty());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "wrong-type", "{d}");
    assert_eq!(d["range"]["start"], position(text, ", 3]", 2));
    assert_eq!(
        d["range"]["start"],
        json!({ "line": 4, "character": 22 }),
        "UTF-16 units: not 24 bytes, not 21 characters"
    );
    assert_eq!(d["range"]["end"], json!({ "line": 4, "character": 23 }));
    // Closing it without saving: there is no such file, so nothing to report.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": u } }),
    );
    assert!(client.diagnostics(&u, |d| d.is_empty()).is_empty());
}

#[test]
fn definition_references_hover_and_completion_answer_from_the_site() {
    let dir = starter();
    let site = dir.path().join("site");
    let mut client = Client::start(&site);
    let story = "backlog/stories/S-1-welcome.md";
    let text = read(&site, story);
    let u = open(&mut client, &site, story, &text);

    // Go to definition on `epic = "E-1"` lands on the epic's id.
    let found = client.result("textDocument/definition", at(&u, position(&text, "E-1", 1)));
    let epic = "backlog/epics/E-1-first-run.md";
    let epic_text = read(&site, epic);
    assert_eq!(found["uri"], uri(&site.join(epic)));
    assert_eq!(found["range"]["start"], position(&epic_text, "E-1", 0));
    assert_eq!(found["range"]["end"], position(&epic_text, "E-1", 3));

    // … on `[[S-1]]` in a body, and on a role key of a RACI row.
    let s2 = "backlog/stories/S-2-sample-data.md";
    let s2_text = read(&site, s2);
    let found = client.result(
        "textDocument/definition",
        at(&uri(&site.join(s2)), position(&s2_text, "[[S-1]]", 3)),
    );
    assert_eq!(found["uri"], uri(&site.join(story)));
    assert_eq!(found["range"]["start"], position(&text, "S-1", 0));
    let raci_text = read(&site, "roles/raci.toml");
    let found = client.result(
        "textDocument/definition",
        at(
            &uri(&site.join("roles/raci.toml")),
            position(&raci_text, "po = \"AR\"", 1),
        ),
    );
    assert_eq!(found["uri"], uri(&site.join("roles/po.md")));

    // References: the definition and every story whose epic is E-1.
    let refs = client.result(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri(&site.join(epic)) }, "position": position(&epic_text, "E-1", 0),
                "context": { "includeDeclaration": true } }),
    );
    let mut files: Vec<String> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap().to_owned())
        .collect();
    files.sort();
    let mut expected = vec![uri(&site.join(epic))];
    for entry in std::fs::read_dir(site.join("backlog/stories")).unwrap() {
        let path = entry.unwrap().path();
        if std::fs::read_to_string(&path)
            .unwrap()
            .contains("epic = \"E-1\"")
        {
            expected.push(uri(&path));
        }
    }
    expected.sort();
    assert!(expected.len() >= 3, "the starter has stories under E-1");
    assert_eq!(files, expected);

    // Hover: kind, title, status, progress and the chain up to the goal.
    let hover = client.result("textDocument/hover", at(&u, position(&text, "E-1", 1)));
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("**Epic E-1** · First-run flow"),
        "{shown}"
    );
    assert!(shown.contains("status `in-progress`"), "{shown}");
    assert!(shown.contains("stories done"), "{shown}");
    assert!(
        shown.contains("initiative `I-1`") && shown.contains("goal `G-1`"),
        "{shown}"
    );
    // … and what a field means.
    let hover = client.result("textDocument/hover", at(&u, position(&text, "so_that", 2)));
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains("**so_that**") && shown.contains("So that"),
        "{shown}"
    );

    let labels = |client: &mut Client, u: &str, p: Value| -> Vec<String> {
        let items = client.result("textDocument/completion", at(u, p));
        let items = items
            .as_array()
            .cloned()
            .unwrap_or_else(|| items["items"].as_array().unwrap().clone());
        items
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_owned())
            .collect()
    };
    // Ids of the kind the field expects, inside the quotes.
    let ids = labels(&mut client, &u, position(&text, "E-1\"", 0));
    assert!(
        ids.contains(&"E-1".into()) && ids.contains(&"E-2".into()),
        "{ids:?}"
    );
    assert!(
        ids.iter().all(|id| id.starts_with("E-")),
        "only epics: {ids:?}"
    );
    // Statuses from [workflow].
    let statuses = labels(&mut client, &u, position(&text, "done\"", 0));
    assert_eq!(
        statuses,
        ["draft", "ready", "in-progress", "done", "dropped"]
    );

    // Field names on an empty line of the front matter, and ids after `[[` in the body.
    let edited = text.replacen("points = 2\n", "points = 2\n\n", 1) + "See [[";
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": u, "version": 2 }, "contentChanges": [{ "text": edited }] }),
    );
    let blank = position(&edited, "points = 2\n", 0);
    let line = blank["line"].as_u64().unwrap() + 1;
    let fields = labels(&mut client, &u, json!({ "line": line, "character": 0 }));
    for f in ["acceptance", "depends_on", "sprint", "labels", "reviewed"] {
        assert!(fields.contains(&f.to_owned()), "{f} in {fields:?}");
    }
    let end_line = edited.lines().count() - 1;
    let anywhere = labels(&mut client, &u, json!({ "line": end_line, "character": 6 }));
    for id in ["G-1", "I-1", "E-2", "S-6", "po"] {
        assert!(anywhere.contains(&id.to_owned()), "{id} in {anywhere:?}");
    }

    // A Markdown file whose `kind` says milestone, in roadmap/: a milestone's fields.
    let milestone =
        "+++\nkind = \"milestone\"\nid = \"M-9\"\ntitle = \"Beta\"\ndate = 2027-03-01\n\n+++\n";
    let mu = open(&mut client, &site, "roadmap/M-9-beta.md", milestone);
    let fields = labels(&mut client, &mu, json!({ "line": 5, "character": 0 }));
    assert!(fields.contains(&"date".to_owned()), "{fields:?}");
    assert!(
        !fields.contains(&"horizon".to_owned()),
        "an initiative's field: {fields:?}"
    );

    // Role ids in a RACI row's table.
    let raci = "roles/raci.toml";
    let raci_text = read(&site, raci);
    let ru = open(&mut client, &site, raci, &raci_text);
    let roles = labels(&mut client, &ru, position(&raci_text, "po = \"C\"", 0));
    let mut roles = roles;
    roles.sort();
    assert_eq!(roles, ["dev", "pm", "po", "sm"]);
    assert!(client.shutdown().success());
}

/// SPEC §1: a milestone's date is optional (planned, not scheduled); hover
/// says when there is none.
#[test]
fn hover_says_a_milestone_without_a_date_is_not_scheduled() {
    let dir = starter();
    let site = dir.path().join("site");
    let mut client = Client::start(&site);
    let text = "+++\nkind = \"milestone\"\nid = \"M-9\"\ntitle = \"General availability\"\n+++\nPlanned.\n";
    let u = open(&mut client, &site, "roadmap/M-9-ga.md", text);
    let hover = client.result("textDocument/hover", at(&u, position(text, "M-9", 1)));
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("**Milestone M-9**"), "{shown}");
    assert!(shown.contains("not scheduled yet"), "{shown}");
    assert!(client.shutdown().success());
}

/// Where a site has people, a role's holders and a decision's deciders name
/// them: completion offers their ids, definition lands on the person, hover
/// says who they are.
#[test]
fn person_ids_complete_define_and_hover_in_holders_and_deciders() {
    let dir = starter();
    let site = dir.path().join("site");
    common::write(
        &site,
        "people/team.toml",
        "[[person]]\nid = \"ana\"\nname = \"Ana Ruiz\"\ntitle = \"Head of product\"\n\n[[person]]\nid = \"1bo\"\nname = \"Bo Lind\"\n",
    );
    let po = "roles/po.md";
    let po_text = read(&site, po).replacen(
        "title = \"Product Owner\"\n",
        "title = \"Product Owner\"\nholders = [\"ana\", \"1bo\"]\n",
        1,
    );
    common::write(&site, po, &po_text);
    let d1 = "decisions/D-1-guided-onboarding.md";
    let d1_text = read(&site, d1).replacen(
        "deciders = [\"pm\", \"po\"]",
        "deciders = [\"pm\", \"ana\"]",
        1,
    );
    common::write(&site, d1, &d1_text);
    assert!(check_json(&site).is_empty(), "{:#?}", check_json(&site));

    let mut client = Client::start(&site);
    let u = open(&mut client, &site, po, &po_text);
    let team = read(&site, "people/team.toml");
    let found = client.result(
        "textDocument/definition",
        at(&u, position(&po_text, "1bo", 1)),
    );
    assert_eq!(found["uri"], uri(&site.join("people/team.toml")));
    assert_eq!(found["range"]["start"], position(&team, "1bo", 0));
    let hover = client.result("textDocument/hover", at(&u, position(&po_text, "ana", 1)));
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.starts_with("**Person ana** · Ana Ruiz"), "{shown}");
    assert!(shown.contains("Head of product · holds `po`"), "{shown}");

    let labels = |client: &mut Client, u: &str, p: Value| -> Vec<String> {
        let items = client.result("textDocument/completion", at(u, p));
        let mut labels: Vec<String> = items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_owned())
            .collect();
        labels.sort();
        labels
    };
    assert_eq!(
        labels(&mut client, &u, position(&po_text, "1bo\"", 0)),
        ["1bo", "ana"]
    );
    let du = open(&mut client, &site, d1, &d1_text);
    let deciders = labels(&mut client, &du, position(&d1_text, "ana\"", 0));
    assert_eq!(deciders, ["1bo", "ana", "dev", "pm", "po", "sm"]);
    let found = client.result(
        "textDocument/definition",
        at(&du, position(&d1_text, "ana", 1)),
    );
    assert_eq!(found["uri"], uri(&site.join("people/team.toml")));

    // A person may be renamed to a login that starts with a digit, everywhere.
    let mut params = at(&du, position(&d1_text, "ana", 1));
    params["newName"] = json!("1ana");
    let edit = client.result("textDocument/rename", params);
    let mut files: Vec<String> = edit["changes"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    files.sort();
    let mut expected = vec![
        uri(&site.join(d1)),
        uri(&site.join(po)),
        uri(&site.join("people/team.toml")),
    ];
    expected.sort();
    assert_eq!(files, expected);
    assert!(client.shutdown().success());
}

#[test]
fn rename_changes_every_file_that_writes_the_id_in_one_edit() {
    let dir = starter();
    let site = dir.path().join("site");
    let mut client = Client::start(&site);
    let epic = "backlog/epics/E-1-first-run.md";
    let text = read(&site, epic);
    let u = open(&mut client, &site, epic, &text);
    let p = position(&text, "E-1", 1);

    let prepared = client.result("textDocument/prepareRename", at(&u, p.clone()));
    assert_eq!(prepared["placeholder"], "E-1");

    // A name that another item has is refused, and so is one that is not an id.
    for (name, why) in [
        ("E-2", "already the id of an epic"),
        ("1st", "is not an id"),
    ] {
        let answer = client.request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": u }, "position": p, "newName": name }),
        );
        let message = answer["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(why), "{name}: {answer}");
    }

    let edit = client.result(
        "textDocument/rename",
        json!({ "textDocument": { "uri": u }, "position": p, "newName": "E-10" }),
    );
    let changes = edit["changes"]
        .as_object()
        .expect("one workspace edit of changes");
    let before = std::fs::read_dir(site.join("backlog/stories"))
        .unwrap()
        .filter(|e| {
            std::fs::read_to_string(e.as_ref().unwrap().path())
                .unwrap()
                .contains("\"E-1\"")
        })
        .count();
    assert_eq!(
        changes.len(),
        before + 1,
        "the epic and each of its stories: {edit:#}"
    );
    // Applied as an editor would, the site checks clean with the new id.
    for (file_uri, edits) in changes {
        let path = Path::new(file_uri.strip_prefix("file://").unwrap()).to_path_buf();
        let mut text = std::fs::read_to_string(&path).unwrap();
        let mut edits = edits.as_array().unwrap().clone();
        edits.sort_by_key(|e| {
            std::cmp::Reverse((
                e["range"]["start"]["line"].as_u64(),
                e["range"]["start"]["character"].as_u64(),
            ))
        });
        for e in edits {
            let lines: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let offset = |pos: &Value| {
                lines[pos["line"].as_u64().unwrap() as usize]
                    + pos["character"].as_u64().unwrap() as usize
            };
            let (s, t) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
            assert_eq!(&text[s..t], "E-1");
            text.replace_range(s..t, e["newText"].as_str().unwrap());
        }
        std::fs::write(&path, text).unwrap();
    }
    assert_eq!(
        check_json(&site),
        Vec::<Value>::new(),
        "the renamed site checks clean"
    );
    assert!(common::file_has(
        &site.join("backlog/stories/S-1-welcome.md"),
        "epic = \"E-10\""
    ));
    assert!(client.shutdown().success());
}

#[test]
fn files_changed_by_other_programs_are_checked_again_when_the_client_says_so() {
    let dir = starter();
    let site = dir.path().join("site");
    let mut client = Client::start(&site);
    // The server asks to be told of changes to the site's files on disk.
    let registration = client.wait("a registration", |m| {
        m["method"] == "client/registerCapability"
    });
    let watcher = &registration["params"]["registrations"][0];
    assert_eq!(watcher["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        watcher["registerOptions"]["watchers"][0]["globPattern"],
        "**/*.{md,toml}"
    );
    client.reply(&registration, Value::Null);

    // A checkout changes a story that no editor has open.
    let rel = "backlog/stories/S-2-sample-data.md";
    common::edit(&site, rel, "epic = \"E-1\"", "epic = \"E-7\"");
    let u = uri(&site.join(rel));
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": u, "type": 2 }] }),
    );
    let diagnostics = client.diagnostics(&u, |d| !d.is_empty());
    assert_eq!(diagnostics[0]["code"], "unknown-id", "{diagnostics:#?}");
    assert!(client.shutdown().success());
}

#[test]
fn exit_without_shutdown_ends_with_code_1() {
    let dir = starter();
    let mut client = Client::start(&dir.path().join("site"));
    client.notify("exit", Value::Null);
    assert_eq!(
        client.exit_status().code(),
        Some(1),
        "LSP 3.17: exit before shutdown is code 1"
    );
}
