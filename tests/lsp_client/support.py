"""What the fixtures and the tests share."""

from __future__ import annotations

import os
from pathlib import Path

from lsprotocol import types
from pytest_lsp import client_capabilities

# The binary under test; tests/lsp_outside.rs sets it to the one cargo built.
ROADBOOK_BIN = os.environ.get("ROADBOOK_BIN", "")

# How long any answer may take before a test fails rather than hangs.
PATIENCE = 60.0


def initialize_params(site: Path) -> types.InitializeParams:
    """What VS Code sends at initialize (as pytest-lsp recorded it), with the
    site as the root and as the one workspace folder."""
    return types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=site.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=site.as_uri(), name="site")],
    )
