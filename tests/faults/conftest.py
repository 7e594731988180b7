"""Fault-matrix fixtures: a FaultEnv per check and isolated app folders. (The fuzz budget is
in profiles.py, loaded for the whole suite by tests/conftest.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults.support import FaultEnv
from tests.gui.conftest import FakeDialogs


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESR_GUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ESR_GUI_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("ESR_GUI_NO_CRASH_DIALOG", "1")
    monkeypatch.setenv("ESR_TROUBLESHOOTER_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def fault_env(tmp_path: Path, qtbot: Any) -> Iterator[FaultEnv]:
    """The environment one fault check runs in."""
    env = FaultEnv(tmp=tmp_path, qtbot=qtbot, dialogs=FakeDialogs())
    yield env
    env.close()
