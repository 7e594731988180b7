"""Every fault of the matrix: injected, then the exact message the user sees and the state left
behind are compared with the row (each check also proves nothing else was lost)."""

from __future__ import annotations

import pytest

from tests.faults.matrix import DOC, ROWS, render
from tests.faults.support import Fault, FaultEnv


def test_ids_are_unique_and_there_are_enough() -> None:
    ids = [row.id for row in ROWS]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 30


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_fault(row: Fault, fault_env: FaultEnv) -> None:
    observed = row.check(fault_env)
    assert observed.message == row.message
    assert observed.state == row.state


def test_the_document_matches_the_table() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/fault-matrix.md is out of date: run .venv/bin/python -m tests.faults.matrix"
    )
