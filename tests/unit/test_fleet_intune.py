"""The Intune line in a fleet's worst case: every finding failing, long ids, a long name."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from esr_gui.cli import main
from esr_gui.core.diagnose import FINDING_IDS, Diagnosis, Headline
from esr_gui.core.models.findings import Finding
from esr_gui.core.report.intune import MAX_LENGTH, intune_line
from esr_gui.core.snapshot_builder import load_snapshot
from tests.unit.fleet_support import DEMOS, write_device

Capture = pytest.CaptureFixture[str]
LONG_NAME = "PC-" + "X" * 250


def long_device(tmp_path: Path) -> Path:
    created = datetime.fromisoformat("2026-11-25T09:14:03+01:00")
    return write_device(
        tmp_path, "1607-sideload-6013", LONG_NAME, created, as_zip=True, file_name="long"
    )


def worst(ids: list[str]) -> Diagnosis:
    findings = [Finding(id=i, status="fail", title=f"line one\r\nline two \u2192 {i}") for i in ids]
    headline = Headline(
        finding_id=ids[0],
        status="fail",
        text="Most likely:\n" + "\u00fc" * 3000,
        action="a\tb" * 500,
    )
    return Diagnosis(findings=findings, headline=headline)


@pytest.mark.parametrize(
    "ids",
    [
        list(FINDING_IDS),
        [f"ki.a-very-long-future-known-issue-identifier-number-{n:04d}" for n in range(200)],
    ],
)
def test_line_stays_one_ascii_line_within_the_limit(tmp_path: Path, ids: list[str]) -> None:
    snapshot = load_snapshot(long_device(tmp_path))
    line = intune_line(snapshot, worst(ids), note="log-json: " + "n" * 5000)
    assert len(line) <= MAX_LENGTH
    assert line.isascii() and "\n" not in line and "\r" not in line
    assert line.startswith(f"ESR FAIL | fail: {ids[0]},{ids[1]}")


def test_cli_intune_over_the_long_named_device(capsys: Capture, tmp_path: Path) -> None:
    bundle = long_device(tmp_path)
    code = main(["check", "--bundle", str(bundle), "--intune"])
    out, err = capsys.readouterr()
    assert (code, err) == (1, "")
    assert out.count("\n") == 1 and len(out.rstrip("\n")) <= MAX_LENGTH
    main(["check", "--bundle", str(bundle), "--json"])
    assert json.loads(capsys.readouterr().out)["device"]["name"] == LONG_NAME


def test_every_demo_intune_line_fits(capsys: Capture) -> None:
    for demo in DEMOS:
        code = main(["check", "--bundle", str(demo), "--intune"])
        out, err = capsys.readouterr()
        assert err == "" and code in (0, 1)
        assert out.count("\n") == 1 and len(out) <= MAX_LENGTH + 1
        assert out.startswith(("ESR OK", "ESR WARN", "ESR FAIL"))
