"""Fault-matrix fixtures (a FaultEnv per check, isolated app folders) and the hypothesis
budget of the fuzz tests in this folder.

The budget is explicit: `ci` (the default; derandomized, so `make test` is repeatable and
bounded) or `ESR_FUZZ_PROFILE=deep` for a long local run. Failing examples found by a deep run
belong in `tests/data/fuzz-regressions/` (replayed by test_fuzz_regressions.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.faults.support import FaultEnv
from tests.gui.conftest import FakeDialogs

CI_EXAMPLES = 60
DEEP_FACTOR = 50
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
settings.register_profile(
    "ci", max_examples=CI_EXAMPLES, derandomize=True, deadline=None, database=None,
    suppress_health_check=_QUIET,
)  # fmt: skip
settings.register_profile(
    "deep", max_examples=CI_EXAMPLES * DEEP_FACTOR, deadline=None, suppress_health_check=_QUIET
)
PROFILE = os.environ.get("ESR_FUZZ_PROFILE", "ci")
FUZZ = settings.get_profile(PROFILE)


def budget(examples: int) -> settings:
    """One fuzz test's example budget in CI (derandomized); `deep` runs 50 times as many."""
    return settings(FUZZ, max_examples=examples * (DEEP_FACTOR if PROFILE == "deep" else 1))


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESR_GUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ESR_GUI_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("ESR_GUI_NO_CRASH_DIALOG", "1")
    monkeypatch.setenv("ESR_TROUBLESHOOTER_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def fault_env(tmp_path: Path, qtbot: Any) -> Iterator[FaultEnv]:
    env = FaultEnv(tmp=tmp_path, qtbot=qtbot, dialogs=FakeDialogs())
    yield env
    env.close()
