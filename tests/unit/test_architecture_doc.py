"""docs/architecture.md says what the code does: its arrows are the ones the architecture test
enforces, and every file its recipes name exists."""

from __future__ import annotations

import re

from tests.conftest import REPO
from tests.unit.test_architecture import ALLOWED

DOC = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_the_arrows_are_the_enforced_ones() -> None:
    line = DOC[DOC.index("Arrows:") : DOC.index("Nothing points out of")]
    drawn = set(re.findall(r"`(\w+) → (\w+)`", line))
    enforced = {(box, target) for box, targets in ALLOWED.items() for target in targets}
    assert drawn == enforced


def test_every_named_file_exists() -> None:
    named = set(re.findall(r"`((?:esr_gui|tests|scripts|docs|ui)/[\w/.]+\.(?:py|md|ui))`", DOC))
    assert len(named) > 15
    missing = sorted(p for p in named if not (REPO / p).exists())
    assert missing == []


def test_relative_module_names_exist() -> None:
    """`core/remedy/steps.py`, `gui/pane_fill.py`, `platform/runner.py`: under esr_gui/."""
    named = set(re.findall(r"`((?:core|gui|platform|cli)/[\w/]+\.py)`", DOC))
    assert named
    missing = sorted(p for p in named if not (REPO / "esr_gui" / p).exists())
    assert missing == []
