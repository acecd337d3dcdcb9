"""`roadbook lsp` driven by an LSP client that is not ours: pytest-lsp, on
pygls and lsprotocol, which also checks each message of the server against the
specification's types and the client's capabilities.

The server is the binary named by ROADBOOK_BIN (tests/lsp_outside.rs sets it to
the one cargo built). Each test gets a fresh starter site from `roadbook init`
as its workspace folder.
"""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from support import PATIENCE, ROADBOOK_BIN, initialize_params


def pytest_configure(config: pytest.Config) -> None:
    if not ROADBOOK_BIN:
        raise pytest.UsageError(
            "set ROADBOOK_BIN to the roadbook binary (cargo test --test lsp_outside does)"
        )


CONFIG = ClientServerConfig(server_command=[ROADBOOK_BIN, "lsp"])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A starter site, made by `roadbook init`; it passes `check`."""
    folder = tmp_path / "site"
    made = subprocess.run(
        [ROADBOOK_BIN, "init", str(folder)],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert made.returncode == 0, made.stderr
    assert (folder / "roadbook.toml").is_file()
    return folder


async def shut_down(client: LanguageClient) -> None:
    """`shutdown` then `exit`, waiting for the server process to end with 0.
    pytest-lsp sends neither after a malformed message (it has stopped the
    server then, and the test fails with its report)."""
    await asyncio.wait_for(client.shutdown_session(), PATIENCE)
    server = client._server  # the process pygls started
    if client.error is None and client.capabilities is not None and server:
        assert server.returncode == 0, f"roadbook lsp exited with {server.returncode}"


def accept_registrations(client: LanguageClient) -> None:
    """Answers `client/registerCapability` as VS Code does: the server asks to
    be told of files changed on disk, since VS Code's capabilities say it may."""
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)


@pytest_lsp.fixture(config=CONFIG)
async def fresh(lsp_client: LanguageClient):
    """A server not yet initialized: the test says `initialize` itself."""
    accept_registrations(lsp_client)
    yield
    await shut_down(lsp_client)


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, site: Path):
    """A server initialized with the starter site as its workspace folder."""
    accept_registrations(lsp_client)
    await asyncio.wait_for(
        lsp_client.initialize_session(initialize_params(site)), PATIENCE
    )
    yield
    await shut_down(lsp_client)
