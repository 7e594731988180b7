"""`esr-diag report`: a dsregcmd text like `check` takes it, and a default file name with
the device and the capture date."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from esr_gui.cli import main
from esr_gui.core.report.file_name import report_file_name
from esr_gui.core.snapshot_builder import load_snapshot, snapshot_from_dsregcmd
from tests.unit.fleet_support import DEMO

Capture = pytest.CaptureFixture[str]
HEALTHY = DEMO / "healthy-aad-joined"
FAILING = DEMO / "1607-sideload-6013"
TEXT = HEALTHY / "dsregcmd-status.txt"


def test_report_takes_a_dsregcmd_text_like_check(capsys: Capture, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    code = main(["report", "--dsregcmd", str(TEXT), "--out", str(out)])
    assert code == main(["check", "--dsregcmd", str(TEXT)])
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "pc-0007" in page
    capsys.readouterr()


def test_report_reads_a_dsregcmd_text_from_stdin_and_redacts_it(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.read_bytes())))
    out = tmp_path / "r.html"
    assert main(["report", "--dsregcmd", "-", "--out", str(out), "--redact"]) == 0
    assert capsys.readouterr().err.startswith("redaction: replaced")
    assert "pc-0007" not in out.read_text(encoding="utf-8").lower()


def test_report_of_a_text_that_is_not_dsregcmd_says_unknown_like_check(
    capsys: Capture, tmp_path: Path
) -> None:
    """As `check --dsregcmd`: the unreadable text is reported as UNKNOWN (exit 1), with the
    parser's reason in the page, never refused as if the tool had failed or shown as OK."""
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    assert main(["report", "--dsregcmd", str(bad), "--out", str(tmp_path / "r.html")]) == 1
    assert main(["check", "--dsregcmd", str(bad)]) == 1
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    first_block = page[: page.index("no dsregcmd /status fields") + 200]
    assert "cannot tell" in first_block.lower() and "unknown" in first_block.lower()


def test_report_wants_exactly_one_input(capsys: Capture) -> None:
    assert main(["report"]) == 2
    assert "give a bundle" in capsys.readouterr().err
    assert main(["report", str(HEALTHY), "--dsregcmd", str(TEXT)]) == 2
    assert "only one input" in capsys.readouterr().err


def test_default_file_name_carries_device_and_capture_date(
    capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--bundle", str(FAILING)]) == 1
    assert capsys.readouterr().out.strip() == "esr-report-PC-0042-2026-11-25.html"
    assert (tmp_path / "esr-report-PC-0042-2026-11-25.html").is_file()
    assert main(["report", str(FAILING), "--redact"]) == 1
    assert capsys.readouterr().out.strip() == "esr-report-redacted-2026-11-25.html"


def test_report_file_name_uses_the_devices_own_day() -> None:
    snapshot = load_snapshot(FAILING)
    assert snapshot.manifest is not None
    early = snapshot.manifest.created.replace(hour=0, minute=30)  # 2026-11-24 23:30 UTC
    moved = snapshot.model_copy(
        update={"manifest": snapshot.manifest.model_copy(update={"created": early})}
    )
    assert report_file_name(moved) == "esr-report-PC-0042-2026-11-25.html"
    text = snapshot_from_dsregcmd(TEXT.read_bytes(), str(TEXT))
    assert report_file_name(text) == "esr-report-pc-0007-undated.html"
    assert report_file_name(text, redact=True) == "esr-report-redacted-undated.html"
