"""Intune Remediations device-status exports as a fleet: layouts, encodings, unknown runs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from esr_gui.cli import main
from esr_gui.core.fleet.inputs import scan
from esr_gui.core.fleet.intune import RunRecord, parse_line, parse_time, row_from_run
from esr_gui.core.fleet.intune_csv import intune_csv_rows, sniff_encoding
from esr_gui.core.fleet.summary import DeviceRow, InputError, summarise
from tests.unit.intune_exports import (
    CUT,
    FAIL_1607,
    OK_LINE,
    UNKNOWN_LINE,
    WARN_MFA,
    write_export_job,
    write_localised,
    write_portal_export,
)

Capture = pytest.CaptureFixture[str]


def by_name(rows: list[DeviceRow]) -> dict[str, DeviceRow]:
    return {r.display_name: r for r in rows}


def test_portal_export_one_row_per_device_newest_run_wins(tmp_path: Path) -> None:
    summary = summarise(scan([write_portal_export(tmp_path)]))
    devices = by_name(summary.devices)
    assert list(devices) == [f"PC-000{i}" for i in range(1, 7)]
    assert summary.errors == []
    assert devices["PC-0001"].state == "fail"
    assert devices["PC-0001"].failing == ["ki.mdm-sideload-1607"]
    assert devices["PC-0001"].warning == ["prereq.os-build", "ki.domain-date-time"]
    assert (devices["PC-0001"].build, devices["PC-0001"].join_type) == ("14393.10", "hybrid")
    assert devices["PC-0001"].action.startswith("Install KB3176934")
    assert devices["PC-0002"].state == "pass"  # the newer OK run, not the older FAIL
    assert summary.superseded == 1
    assert devices["PC-0003"].state == "warn"
    assert devices["PC-0003"].captured is not None and devices["PC-0003"].captured.hour == 9


@pytest.mark.parametrize(
    ("device", "reason"),
    [
        ("PC-0004", "not an esr-diag line"),
        ("PC-0005", "the detection script reported: Access is denied."),
        ("PC-0006", "cut short"),
    ],
)
def test_a_run_that_is_not_our_line_is_unknown_with_its_reason(
    tmp_path: Path, device: str, reason: str
) -> None:
    row = by_name(summarise(scan([write_portal_export(tmp_path)])).devices)[device]
    assert row.state == "unknown"
    assert row.unreadable is not None and reason in row.unreadable


def test_unknown_runs_make_fleet_exit_1(tmp_path: Path, capsys: Capture) -> None:
    code = main(["fleet", str(write_portal_export(tmp_path)), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    states = {d["name"]: d["state"] for d in doc["devices"]}
    assert states["PC-0004"] == states["PC-0005"] == states["PC-0006"] == "unknown"
    assert all(d["kind"] == "intune" for d in doc["devices"])
    assert doc["summary"]["unknown"] == 3


def test_all_ok_export_exits_0_and_the_table_says_so(tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "ok.csv"
    path.write_text(f'"Device name","Pre-remediation detection output"\n"PC-1","{OK_LINE}"\n')
    code = main(["fleet", str(path)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[-1].startswith("1 device: 0 failing, 0 with warnings only")


def test_export_job_layout_utf16_semicolons_any_order(tmp_path: Path) -> None:
    summary = summarise(scan([write_export_job(tmp_path)]))
    devices = by_name(summary.devices)
    assert summary.errors == []
    assert devices["PC-0001"].state == "fail"
    assert devices["PC-0002"].state == "warn"  # the post-remediation run is the newer one
    assert devices["Büro-PC"].state == "unknown"  # ESR UNKNOWN is never OK
    assert devices["Büro-PC"].readable


def test_localised_headers_find_our_column_and_say_what_is_missing(tmp_path: Path) -> None:
    items = list(intune_csv_rows(write_localised(tmp_path)))
    errors = [i for i in items if isinstance(i, InputError)]
    rows = [i for i in items if isinstance(i, DeviceRow)]
    assert [r.failing for r in rows] == [["ki.mdm-sideload-1607"]]
    assert len(errors) == 1 and errors[0].caveat
    assert "'Device name'" in errors[0].message and "'Last update time" in errors[0].message


def test_a_caveat_is_not_counted_as_an_input_not_read(tmp_path: Path, capsys: Capture) -> None:
    assert main(["fleet", str(write_localised(tmp_path))]) == 1
    out = capsys.readouterr().out
    assert "Could not read:" not in out and "Read, but:" in out
    assert out.splitlines()[-1].endswith("; 1 input read with a caveat")


def test_a_csv_that_is_not_an_export_is_an_error_naming_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Name,Owner\nPC-1,someone\n")
    (error,) = list(scan([path]))
    assert isinstance(error, InputError)
    assert "not an Intune Remediations export" in error.message and "Name, Owner" in error.message


def test_our_own_fleet_csv_is_recognised(tmp_path: Path, capsys: Capture) -> None:
    main(["fleet", str(write_portal_export(tmp_path)), "--csv"])
    ours = tmp_path / "fleet.csv"
    ours.write_text(capsys.readouterr().out)
    (error,) = list(scan([ours]))
    assert isinstance(error, InputError) and "fleet summary CSV" in error.message


def test_a_folder_with_an_export_is_read(tmp_path: Path) -> None:
    write_portal_export(tmp_path)
    assert len([i for i in scan([tmp_path]) if isinstance(i, DeviceRow)]) == 7


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_csv_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    (error,) = list(intune_csv_rows(fifo))
    assert isinstance(error, InputError) and error.message == "not a regular file"


def test_oversized_field_stops_with_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text('"Device name","Pre-remediation detection output"\n"PC-1","' + "x" * 200_000)
    items = list(scan([path]))
    assert any(isinstance(i, InputError) and "not a CSV line" in i.message for i in items)


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        (b"\xef\xbb\xbfDevice", "utf-8-sig"),
        (b"\xff\xfeD\x00e\x00", "utf-16"),
        ("Device,Ger\u00e4t".encode("utf-16-le"), "utf-16-le"),
        ("Ger\u00e4t".encode("cp1252"), "cp1252"),
        (b"Device", "utf-8-sig"),
    ],
)
def test_encoding_sniffing(head: bytes, encoding: str) -> None:
    assert sniff_encoding(head) == encoding


def test_parse_line_reads_every_part() -> None:
    parsed = parse_line(WARN_MFA)
    assert (parsed.state, parsed.fail, parsed.warn) == ("WARN", (), ("mfa.password-sign-in",))
    assert parsed.headline.startswith("Most likely: Password sign-in")
    assert parsed.problem is None


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("ESR OK | fail: reg.status | warn: - | build=1 join=x | h -> a", "says ESR OK"),
        ("ESR FAIL | fail: - | warn: - | build=1 join=x | h -> a", "says ESR FAIL"),
        ("ESR ERROR | could not run: esr-diag.exe not found", "could not run on the device"),
        ("USER ESR SKIPPED | no user is signed in", "the user check did not run"),
        ("ESR MAYBE | fail: -", "does not know"),
        (CUT, "cut short"),
        (FAIL_1607[:2045] + "...", None),  # whole: not cut
    ],
)
def test_lines_that_cannot_be_trusted(line: str, problem: str | None) -> None:
    found = parse_line(line).problem
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_a_cut_line_that_still_lists_failures_shows_the_device_failing() -> None:
    cut = FAIL_1607[: FAIL_1607.index(" | warn")] + " | war"
    row = row_from_run(RunRecord(source="x", device="PC", output=cut))
    assert row.state == "fail" and row.unreadable is not None


def test_unknown_line_is_unknown_and_user_package_is_marked() -> None:
    row = row_from_run(RunRecord(source="x", device="PC", output="USER " + UNKNOWN_LINE))
    assert (row.state, row.context) == ("unknown", "user")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026-12-01T08:00:00Z", "2026-12-01T08:00:00+00:00"),
        ("2026-12-01 08:00:00", "2026-12-01T08:00:00+00:00"),
        ("12/01/2026 8:00:00 PM", "2026-12-01T20:00:00+00:00"),
        ("01.12.2026 08:00", "2026-12-01T08:00:00+00:00"),
    ],
)
def test_times(text: str, iso: str) -> None:
    value = parse_time(text)
    assert value is not None and value.isoformat() == iso
    assert parse_time("yesterday") is None


def test_an_export_without_runs_says_so(tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "empty.csv"
    path.write_text('"Device name","Pre-remediation detection output"\r\n')
    assert main(["fleet", str(path)]) == 2
    assert "the export holds no device runs" in capsys.readouterr().out
