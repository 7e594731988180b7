"""Replays every saved fuzz finding: `tests/data/fuzz-regressions/<target>/<name>` holds the
input bytes of one example that once broke `<target>` (see fuzz_targets.TARGETS and
fuzz-regressions/README.md). The property must hold for each of them forever."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.fuzz_targets import TARGETS

CORPUS = Path(__file__).resolve().parents[1] / "data" / "fuzz-regressions"
CASES = sorted(p for p in CORPUS.glob("*/*") if p.is_file() and p.parent.name in TARGETS)


def test_every_corpus_folder_names_a_target() -> None:
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert folders <= set(TARGETS), folders - set(TARGETS)


@pytest.mark.parametrize("case", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_saved_finding_stays_fixed(case: Path) -> None:
    TARGETS[case.parent.name](case.read_bytes())
