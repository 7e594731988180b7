"""The fleet never hides a failing device behind a capture it could not read.

Per device the latest *readable* capture wins; a capture whose dsregcmd /status could not be
read is shown as unknown (and listed), never as the device's state or as OK.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from esr_gui.cli import main as cli_main
from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.fleet.inputs import scan
from esr_gui.core.fleet.summary import DeviceRow, FleetSummary, summarise
from esr_gui.core.report.check_json import check_document
from esr_gui.core.snapshot_builder import load_snapshot
from tests.unit.fleet_support import unreadable_device, write_device

MONDAY = datetime.fromisoformat("2026-11-23T09:00:00+01:00")
TUESDAY = MONDAY + timedelta(days=1)
FAILING = "1607-sideload-6013"
HEALTHY = "healthy-aad-joined"


def monday_fails_tuesday_unreadable(root: Path) -> list[Path]:
    monday = write_device(root / "mon", FAILING, "PC-1", MONDAY, as_zip=True)
    tuesday = unreadable_device(root / "tue", "PC-1", TUESDAY)
    return [monday, tuesday]


def test_an_unreadable_newer_capture_never_hides_an_older_failure(tmp_path: Path) -> None:
    paths = monday_fails_tuesday_unreadable(tmp_path)
    summary = summarise(scan(paths))
    [device] = summary.devices
    assert device.source == str(paths[0])
    assert device.readable and device.failing and device.state == "fail"
    assert device.newer_unreadable == 1
    assert summary.exit_code() == 1
    history = summary.history(device)
    assert [c.source for c in history] == [str(paths[1]), str(paths[0])]
    assert not history[0].readable
    assert "dsregcmd /status could not be read" in (history[0].unreadable or "")


def test_a_device_with_only_unreadable_captures_is_unknown_not_ok(tmp_path: Path) -> None:
    unreadable_device(tmp_path / "a", "PC-2", MONDAY)
    unreadable_device(tmp_path / "b", "PC-2", TUESDAY)
    summary = summarise(scan([tmp_path / "a" / "PC-2", tmp_path / "b" / "PC-2"]))
    [device] = summary.devices
    assert device.captured == TUESDAY
    assert device.state == "unknown" and not device.readable
    assert summary.unknown_devices == 1
    assert summary.exit_code() == 1  # unknown is an issue, as in `check`: never 0


def test_a_capture_without_dsregcmd_is_unreadable(tmp_path: Path) -> None:
    folder = write_device(tmp_path, HEALTHY, "PC-3", MONDAY, as_zip=False)
    (folder / "dsregcmd-status.txt").unlink()
    [device] = summarise(scan([folder])).devices
    assert device.unreadable == "the capture holds no dsregcmd /status output"


def test_a_saved_check_result_without_dsregcmd_is_unreadable(tmp_path: Path) -> None:
    readable = write_device(tmp_path / "mon", FAILING, "PC-4", MONDAY, as_zip=False)
    broken = unreadable_device(tmp_path / "tue", "PC-4", TUESDAY)
    log = tmp_path / "esr-diag.jsonl"
    lines = []
    for bundle in (readable, broken):
        snapshot = load_snapshot(bundle)
        diagnosis = run_diagnosis(snapshot)
        lines.append(
            json.dumps(check_document(snapshot, diagnosis.findings, None, diagnosis.headline))
        )
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = summarise(scan([log]))
    [device] = summary.devices
    assert device.source == f"{log}:1" and device.failing
    assert device.newer_unreadable == 1
    assert not summary.captures[1].readable


def test_cli_table_json_and_exit_code_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(p) for p in monday_fails_tuesday_unreadable(tmp_path)]
    assert cli_main(["fleet", *paths]) == 1
    table = capsys.readouterr().out
    device_line = next(line for line in table.splitlines() if line.startswith("PC-1"))
    assert " fail " in device_line and "1 newer capture could not be read" in device_line
    assert "Captures whose device state could not be read:" in table
    assert f"{paths[1]} (an older readable capture is shown)" in table
    assert cli_main(["fleet", "--json", *paths]) == 1
    doc = json.loads(capsys.readouterr().out)
    [device] = doc["devices"]
    assert device["source"] == paths[0] and device["state"] == "fail"
    assert device["newer_unreadable"] == 1 and device["readable"] is True
    assert cli_main(["fleet", "--json", "--all-captures", *paths]) == 1
    every = json.loads(capsys.readouterr().out)
    assert [d["state"] for d in every["devices"]] == ["fail", "unknown"]
    assert every["devices"][1]["unreadable"].startswith("dsregcmd /status could not be read")
    assert cli_main(["fleet", "--all-captures", *reversed(paths)]) == 1
    every_table = capsys.readouterr().out
    assert f"  PC-1 2026-11-24 09:00 {paths[1]}\n" in every_table  # all shown: nothing instead


def test_cli_says_unknown_for_a_device_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = unreadable_device(tmp_path, "PC-5", MONDAY)
    assert cli_main(["fleet", str(folder)]) == 1  # unknown, as in `check`
    out = capsys.readouterr().out
    assert "1 unknown (no readable capture)" in out
    device_line = next(line for line in out.splitlines() if line.startswith("PC-5"))
    assert " unknown " in device_line and "state unknown: dsregcmd" in device_line


def test_a_partial_dsregcmd_with_nothing_failing_is_unknown_like_check() -> None:
    """`input.dsregcmd` warns (a section missing) and nothing fails: `check` says UNKNOWN
    (exit 1), so the fleet row is unknown too, never pass or warn."""
    partial = DeviceRow(name="PC-7", source="pc7.zip", statuses={"input.dsregcmd": "warn"})
    assert partial.readable and partial.state == "unknown"
    summary = FleetSummary(devices=[partial], totals={}, errors=[])
    assert summary.unknown_devices == 1 and summary.exit_code() == 1
    failing = partial.model_copy(update={"statuses": {"input.dsregcmd": "warn", "x": "fail"}})
    assert failing.state == "fail"
