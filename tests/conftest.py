"""Shared test configuration: offscreen Qt, paths to the real captured samples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import tests.faults.profiles  # noqa: F401 — the hypothesis budget of every fuzz test (CI: fixed)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest_plugins = [
    "tests.fakes.graph_fixtures"
]  # the fake Entra ID + Graph (`fake`, `fake_browser`)

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "data" / "samples"
DSREG_SAMPLES = sorted((SAMPLES / "dsregcmd").glob("*.txt"))
EVENT_SAMPLES = sorted(p for p in (SAMPLES / "events").iterdir() if p.is_file())


@pytest.fixture
def samples_dir() -> Path:
    """Folder holding the real public captures (copied from shared/samples)."""
    return SAMPLES


def sample(name_prefix: str, kind: str = "dsregcmd") -> Path:
    """The sample file whose name starts with `name_prefix`."""
    matches = [p for p in (SAMPLES / kind).iterdir() if p.name.startswith(name_prefix)]
    assert len(matches) == 1, f"{name_prefix!r} matches {matches}"
    return matches[0]
