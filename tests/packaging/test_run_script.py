"""`make run` (scripts/run.sh) without a display: print-only commands run as they are, a
refused input says why on stderr, and a PNG is named only when one was written."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

RUN = REPO / "scripts" / "run.sh"
PYTHON = REPO / ".venv" / "bin" / "python"
pytestmark = pytest.mark.skipif(not PYTHON.is_file(), reason="needs the project's .venv")


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["ESR_SHOTS_DIR"] = str(tmp_path / "shots")
    return subprocess.run(
        ["sh", str(RUN), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_demo_list_without_a_display_claims_no_png(tmp_path: Path) -> None:
    done = run(tmp_path, "--demo", "list")
    assert done.returncode == 0
    assert "healthy-aad-joined" in done.stdout.split()
    assert ".png" not in done.stderr
    assert not (tmp_path / "shots").exists()


def test_a_refused_input_says_why_and_names_the_png(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    done = run(tmp_path, "--bundle", str(missing))
    assert done.returncode == 2
    assert f"esr-gui: could not open {missing}: {missing} does not exist" in done.stderr
    [shot] = (tmp_path / "shots").iterdir()
    assert f"run: esr-gui refused the input (exit 2; the reason is above); {shot}" in done.stderr
    assert "the diagnosed window is in" not in done.stderr


def test_bad_arguments_name_no_png(tmp_path: Path) -> None:
    done = run(tmp_path, "--no-such-option")
    assert done.returncode == 2
    assert "unrecognized arguments: --no-such-option" in done.stderr
    assert "without writing" in done.stderr and "the diagnosed window is in" not in done.stderr
