"""What an editor sees of `roadbook lsp` on a starter site: capabilities,
diagnostics that arrive and clear, definition, hover, completion, rename."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient
from support import PATIENCE, ROADBOOK_BIN, initialize_params

STORY = "backlog/stories/S-1-welcome.md"
EPIC = "backlog/epics/E-1-first-run.md"


def position(text: str, needle: str, shift: int = 0) -> types.Position:
    """Where the first `needle` of `text` starts, plus `shift`, counted in
    UTF-16 code units as the protocol counts by default."""
    at = text.index(needle)
    line = text.count("\n", 0, at)
    line_start = text.rfind("\n", 0, at) + 1
    units = len(text[line_start:at].encode("utf-16-le")) // 2
    return types.Position(line=line, character=units + shift)


def slice_of(text: str, r: types.Range) -> str:
    """The text a range covers (ASCII lines, so units are characters)."""
    lines = text.split("\n")
    assert r.start.line == r.end.line, r
    return lines[r.start.line][r.start.character : r.end.character]


def open_file(client: LanguageClient, site: Path, rel: str) -> tuple[str, str]:
    """Opens `rel` with its text from disk, as an editor does; its URI and text."""
    path = site / rel
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    return uri, text


def change(
    client: LanguageClient, uri: str, version: int, r: types.Range, new: str
) -> None:
    """One incremental change: `r` replaced by `new`."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(
                uri=uri, version=version
            ),
            content_changes=[types.TextDocumentContentChangePartial(range=r, text=new)],
        )
    )


async def next_diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The diagnostics of the next publishDiagnostics for `uri`: the caller
    forgot the last ones (`client.diagnostics.pop(uri)`) before changing."""
    deadline = asyncio.get_running_loop().time() + PATIENCE
    while uri not in client.diagnostics:
        left = deadline - asyncio.get_running_loop().time()
        assert left > 0, f"no diagnostics for {uri} within {PATIENCE}s"
        await asyncio.wait_for(
            client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS),
            left,
        )
    return list(client.diagnostics[uri])


def check_json(site: Path) -> list[dict]:
    """What `roadbook check --format json` reports for the site on disk."""
    out = subprocess.run(
        [ROADBOOK_BIN, "check", "--format", "json"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    return json.loads(out.stdout)


def epic_and_its_stories(site: Path) -> set[str]:
    """The URIs of E-1's file and of each story that says `epic = "E-1"`."""
    stories = (site / "backlog/stories").iterdir()
    return {(site / EPIC).as_uri()} | {
        story.as_uri()
        for story in stories
        if 'epic = "E-1"' in story.read_text(encoding="utf-8")
    }


def at(uri: str, p: types.Position) -> dict:
    return {"text_document": types.TextDocumentIdentifier(uri=uri), "position": p}


async def test_initialize_announces_the_features(fresh: LanguageClient, site: Path):
    result = await asyncio.wait_for(
        fresh.initialize_session(initialize_params(site)), PATIENCE
    )
    assert result.server_info is not None and result.server_info.name == "roadbook"
    caps = result.capabilities
    assert caps.definition_provider is True or isinstance(caps.definition_provider, types.DefinitionOptions)
    assert caps.references_provider is True or isinstance(caps.references_provider, types.ReferenceOptions)
    assert caps.hover_provider is True or isinstance(caps.hover_provider, types.HoverOptions)
    assert isinstance(caps.completion_provider, types.CompletionOptions)
    assert isinstance(caps.rename_provider, types.RenameOptions)
    assert caps.rename_provider.prepare_provider is True
    sync = caps.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions), sync
    assert sync.open_close is True
    assert sync.change == types.TextDocumentSyncKind.Incremental
    # VS Code may register watchers, so the server asks to hear of changes on disk.
    for _ in range(int(PATIENCE / 0.05)):
        if fresh.registrations:
            break
        await asyncio.sleep(0.05)
    assert [r.method for r in fresh.registrations] == ["workspace/didChangeWatchedFiles"]


async def test_diagnostics_arrive_for_an_unknown_epic_and_clear_when_fixed(
    client: LanguageClient, site: Path
):
    uri, text = open_file(client, site, STORY)
    assert 'epic = "E-1"' in text.split("\n")[3]
    e1 = types.Range(start=position(text, "E-1"), end=position(text, "E-1", 3))

    client.diagnostics.pop(uri, None)
    change(client, uri, 2, e1, "E-9")
    diagnostics = await next_diagnostics(client, uri)
    assert len(diagnostics) == 1, diagnostics
    d = diagnostics[0]
    assert d.code == "unknown-id"
    assert d.source == "roadbook"
    assert d.severity == types.DiagnosticSeverity.Error
    edited = text.replace('"E-1"', '"E-9"', 1)
    assert d.range.start.line == 3
    assert slice_of(edited, d.range) == '"E-9"', d.range

    # `roadbook check` on the same text on disk says the same at the same place.
    (site / STORY).write_text(edited, encoding="utf-8")
    [c] = check_json(site)
    assert d.code == c["code"]
    assert d.message == c["message"] + "\nhelp: " + c["help"]
    assert (d.range.start.line, d.range.start.character) == (
        c["line"] - 1,
        c["column"] - 1,
    )
    (site / STORY).write_text(text, encoding="utf-8")

    # Typed back: the file's diagnostics are cleared with an empty list.
    client.diagnostics.pop(uri, None)
    change(client, uri, 3, e1, "E-1")
    assert await next_diagnostics(client, uri) == []


async def test_definition_goes_to_the_epic(client: LanguageClient, site: Path):
    uri, text = open_file(client, site, STORY)
    found = await client.text_document_definition_async(
        types.DefinitionParams(**at(uri, position(text, "E-1", 1)))
    )
    assert isinstance(found, types.Location), found
    assert found.uri == (site / EPIC).as_uri()
    epic_text = (site / EPIC).read_text(encoding="utf-8")
    assert found.range.start == position(epic_text, "E-1")
    assert slice_of(epic_text, found.range) == "E-1"


async def test_references_are_the_epic_and_its_stories(
    client: LanguageClient, site: Path
):
    uri, text = open_file(client, site, STORY)
    found = await client.text_document_references_async(
        types.ReferenceParams(
            **at(uri, position(text, "E-1", 1)),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert found is not None
    expected = epic_and_its_stories(site)
    assert {location.uri for location in found} == expected


async def test_hover_names_the_epic(client: LanguageClient, site: Path):
    uri, text = open_file(client, site, STORY)
    hover = await client.text_document_hover_async(
        types.HoverParams(**at(uri, position(text, "E-1", 1)))
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent), hover.contents
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "Epic E-1" in hover.contents.value, hover.contents.value


async def test_completion_inside_the_epic_value_offers_epics_only(
    client: LanguageClient, site: Path
):
    uri, text = open_file(client, site, STORY)
    # The editor deletes the id and is left with `epic = "|"`.
    e1 = types.Range(start=position(text, "E-1"), end=position(text, "E-1", 3))
    change(client, uri, 2, e1, "")
    answer = await client.text_document_completion_async(
        types.CompletionParams(
            **at(uri, position(text, "E-1")),
            context=types.CompletionContext(
                trigger_kind=types.CompletionTriggerKind.TriggerCharacter,
                trigger_character='"',
            ),
        )
    )
    assert answer is not None
    items = answer.items if isinstance(answer, types.CompletionList) else answer
    labels = [i.label for i in items]
    assert "E-1" in labels and "E-2" in labels, labels
    assert not [label for label in labels if label.startswith("S-")], labels
    assert all(label.startswith("E-") for label in labels), labels


async def test_rename_changes_the_epic_and_each_of_its_stories(
    client: LanguageClient, site: Path
):
    uri, text = open_file(client, site, STORY)
    p = position(text, "E-1", 1)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(**at(uri, p))
    )
    assert isinstance(prepared, types.PrepareRenamePlaceholder), prepared
    assert prepared.placeholder == "E-1"
    assert slice_of(text, prepared.range) == "E-1"

    edit = await client.text_document_rename_async(
        types.RenameParams(**at(uri, p), new_name="E-10")
    )
    assert edit is not None and edit.changes is not None, edit
    expected = epic_and_its_stories(site)
    assert len(expected) >= 4, "the starter has stories under E-1"
    assert set(edit.changes) == expected
    for file_uri, edits in edit.changes.items():
        on_disk = Path(file_uri.removeprefix("file://")).read_text(encoding="utf-8")
        assert edits, file_uri
        for e in edits:
            assert e.new_text == "E-10"
            assert slice_of(on_disk, e.range) == "E-1", (file_uri, e.range)
