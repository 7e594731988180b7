"""Shared test configuration: offscreen Qt, paths to the real captured samples."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
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


def python_snippet(
    code: str,
    *args: str,
    env: Mapping[str, str] | None = None,
    check: bool = False,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter of this venv (`python -c code args…`) from the
    repository, its output captured as text: what a start-up or import test observes."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


@pytest.fixture
def samples_dir() -> Path:
    """Folder holding the real public captures (copied from shared/samples)."""
    return SAMPLES


def sample(name_prefix: str, kind: str = "dsregcmd") -> Path:
    """The sample file whose name starts with `name_prefix`."""
    matches = [p for p in (SAMPLES / kind).iterdir() if p.name.startswith(name_prefix)]
    assert len(matches) == 1, f"{name_prefix!r} matches {matches}"
    return matches[0]
