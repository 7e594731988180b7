"""`check --log-json`: the path choice (SYSTEM → ProgramData), line format and rotation."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from esr_gui.cli import check, main
from esr_gui.core.fleet.inputs import scan
from esr_gui.core.fleet.summary import summarise
from esr_gui.core.report.log_json import (
    LogHost,
    choose_log_path,
    is_auto,
    log_line,
    needs_rotation,
    rotated_name,
    system_log_path,
)
from tests.unit.fleet_support import DEMOS

USER_LOGS = "C:\\Users\\jdoe\\AppData\\Local\\ESR Troubleshooter\\ESR Troubleshooter\\Logs"


def host(system: bool, windows: bool = True, program_data: str | None = "D:\\PD") -> LogHost:
    return LogHost(
        is_windows=windows, is_system=system, program_data=program_data, user_log_dir=USER_LOGS
    )


@pytest.mark.parametrize("requested", [None, "", "auto", "AUTO", " Auto "])
def test_auto_as_system_goes_to_programdata(requested: str | None) -> None:
    assert is_auto(requested)
    path = choose_log_path(requested, host(system=True))
    assert path == "D:\\PD\\ESR Troubleshooter\\Logs\\esr-diag.jsonl"


def test_programdata_unset_falls_back_to_c() -> None:
    assert system_log_path(None) == "C:\\ProgramData\\ESR Troubleshooter\\Logs\\esr-diag.jsonl"
    assert system_log_path("  ") == system_log_path(None)


def test_auto_as_a_user_goes_to_the_user_log_folder() -> None:
    assert choose_log_path("auto", host(system=False)) == USER_LOGS + "\\esr-diag.jsonl"
    linux = LogHost(is_windows=False, is_system=False, program_data=None, user_log_dir="/l")
    assert choose_log_path(None, linux) == "/l/esr-diag.jsonl"


def test_an_explicit_path_is_kept_even_as_system() -> None:
    assert choose_log_path("E:\\logs\\x.jsonl", host(system=True)) == "E:\\logs\\x.jsonl"


def test_line_is_one_compact_utf8_json_line_with_the_run_time() -> None:
    now = datetime(2026, 11, 25, 9, 14, 3, 999, tzinfo=timezone(timedelta(hours=1)))
    line = log_line({"schema": 1, "device": {"name": "PC-ü\nX"}}, now)
    assert line.endswith("\n") and line.count("\n") == 1
    assert line.startswith('{"logged":"2026-11-25T08:14:03+00:00","schema":1')
    assert "ü" in line
    assert json.loads(line)["device"]["name"] == "PC-ü\nX"


def test_rotation_decision_and_name() -> None:
    assert not needs_rotation(0, "x" * 100, limit=10)
    assert needs_rotation(9, "xx", limit=10)
    assert not needs_rotation(8, "xx", limit=10)
    assert rotated_name("C:\\PD\\Logs\\esr-diag.jsonl") == "C:\\PD\\Logs\\esr-diag.1.jsonl"
    assert rotated_name("/var/log/esr") == "/var/log/esr.1.jsonl"


def test_cli_auto_as_system_writes_under_programdata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = LogHost(
        is_windows=False, is_system=False, program_data=None, user_log_dir=str(tmp_path / "u")
    )
    monkeypatch.setattr(check, "_log_host", lambda: fake)
    assert main(["check", "--bundle", str(DEMOS[0]), "--log-json", "--intune"]) == 1
    assert capsys.readouterr().err == ""
    log = tmp_path / "u" / "esr-diag.jsonl"
    record = json.loads(log.read_text(encoding="utf-8"))
    assert record["schema"] == 1 and datetime.fromisoformat(record["logged"]).tzinfo == UTC


def test_cli_rotates_a_full_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check, "needs_rotation", lambda size, line: size > 0)
    log = tmp_path / "esr-diag.jsonl"
    for demo in DEMOS[:3]:
        main(["check", "--bundle", str(demo), "--log-json", str(log), "--json"])
    assert len(log.read_text(encoding="utf-8").splitlines()) == 1
    assert len((tmp_path / "esr-diag.1.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_a_log_feeds_the_fleet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "esr-diag.jsonl"
    for demo in DEMOS:
        main(["check", "--bundle", str(demo), "--log-json", str(log), "--intune"])
    capsys.readouterr()
    summary = summarise(scan([log]))
    assert len(summary.devices) == len(DEMOS) and not summary.errors
