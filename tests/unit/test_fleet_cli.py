"""`esr-diag fleet`: table, --json, --csv, exit codes; and `esr-diag report`."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from esr_gui.cli import main
from esr_gui.core.fleet.output import CSV_HEADER, csv_row, fleet_csv
from esr_gui.core.fleet.summary import DeviceRow
from tests.unit.fleet_support import DEMO, DEMOS, make_fleet, write_device

Capture = pytest.CaptureFixture[str]


def fleet(capsys: Capture, *args: str) -> tuple[int, str, str]:
    code = main(["fleet", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_lists_devices_totals_and_a_summary(capsys: Capture) -> None:
    code, out, err = fleet(capsys, str(DEMO))
    assert (code, err) == (1, "")
    assert out.isascii()
    lines = out.splitlines()
    assert lines[0].startswith("Device") and "Most likely" in lines[0]
    assert sum(1 for line in lines if line.startswith("PC-")) == len(DEMOS)
    assert any(line.startswith("ki.mdm-sideload-1607") for line in lines)
    assert lines[-1].startswith(f"{len(DEMOS)} devices: 6 failing")


def test_json_document(capsys: Capture, tmp_path: Path) -> None:
    code, out, _ = fleet(capsys, str(DEMO), str(tmp_path / "missing"), "--json")
    doc = json.loads(out)
    assert code == 1
    assert doc["schema"] == 1
    assert set(doc) >= {"devices", "totals", "errors"}
    assert len(doc["devices"]) == len(DEMOS)
    assert doc["errors"] == [{"source": str(tmp_path / "missing"), "message": "does not exist"}]
    sideload = next(d for d in doc["devices"] if d["name"] == "PC-0042")
    assert sideload["fail"] == ["ki.mdm-sideload-1607"]
    assert sideload["headline"]["finding_id"] == "ki.mdm-sideload-1607"
    assert doc["totals"]["ki.mdm-sideload-1607"] == {"fail": 1, "warn": 0, "unknown": 0}
    assert doc["summary"]["devices"] == len(DEMOS)


def test_csv_has_a_header_and_one_row_per_device(capsys: Capture, tmp_path: Path) -> None:
    made = make_fleet(tmp_path / "fleet", 25)
    code, out, err = fleet(capsys, str(tmp_path / "fleet"), "--csv")
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == list(CSV_HEADER)
    assert len(table) == 1 + len(made)
    assert sorted(r[0] for r in table[1:]) == sorted(made)
    sideload = next(r for r in table[1:] if made[r[0]] == "1607-sideload-6013")
    assert sideload[5] == "ki.mdm-sideload-1607"
    assert sideload[6] == "prereq.os-build;ki.domain-date-time"
    assert (code, err) == (1, "")


def test_csv_errors_go_to_stderr(capsys: Capture, tmp_path: Path) -> None:
    code, out, err = fleet(capsys, str(DEMOS[0]), str(tmp_path / "gone"), "--csv")
    assert len(out.splitlines()) == 2
    assert "could not read" in err and "gone" in err
    assert code == 1


def test_csv_cells_cannot_become_formulas() -> None:
    row = DeviceRow(name='=HYPERLINK("http://x")', source="@evil", headline="+1", action="-2")
    cells = csv_row(row)
    assert cells[0].startswith("'=") and cells[CSV_HEADER.index("source")] == "'@evil"
    assert cells[8] == "'+1" and cells[9] == "'-2"
    assert fleet_csv([row]).count("\n") == 2


def test_exit_codes(capsys: Capture, tmp_path: Path) -> None:
    healthy = next(d for d in DEMOS if d.name == "healthy-aad-joined")
    assert fleet(capsys, str(healthy))[0] == 0
    assert fleet(capsys, str(healthy), str(tmp_path / "missing"))[0] == 0
    assert fleet(capsys, str(tmp_path / "missing"))[0] == 2
    (tmp_path / "empty").mkdir()
    code, out, _ = fleet(capsys, str(tmp_path / "empty"), "--json")
    assert code == 2
    assert json.loads(out)["devices"] == []
    assert fleet(capsys, str(DEMO))[0] == 1


def test_all_captures_flag(capsys: Capture, tmp_path: Path) -> None:
    t0 = datetime.fromisoformat("2026-11-25T09:00:00+01:00")
    write_device(tmp_path / "f", "healthy-aad-joined", "PC-X", t0, as_zip=False)
    write_device(tmp_path / "f", "1607-sideload-6013", "PC-X", t0.replace(hour=8), as_zip=True)
    code, out, _ = fleet(capsys, str(tmp_path / "f"), "--json")
    assert (code, len(json.loads(out)["devices"])) == (0, 1)
    assert json.loads(out)["summary"]["older_captures"] == 1
    code, out, _ = fleet(capsys, str(tmp_path / "f"), "--json", "--all-captures")
    assert (code, len(json.loads(out)["devices"])) == (1, 2)


def test_report_command_writes_html_and_follows_the_diagnosis(
    capsys: Capture, tmp_path: Path
) -> None:
    out_file = tmp_path / "deep" / "r.html"
    code = main(["report", str(DEMOS[0]), "--out", str(out_file), "--confirmed", "prereq.license"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.strip() == str(out_file)
    assert err == ""
    assert out_file.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_command_redacts_and_refuses_a_bad_bundle(capsys: Capture, tmp_path: Path) -> None:
    healthy = next(d for d in DEMOS if d.name == "healthy-aad-joined")
    code = main(["report", str(healthy), "--out", str(tmp_path / "r.html"), "--redact"])
    _, err = capsys.readouterr()
    assert code == 0
    assert err.startswith("redaction: replaced")
    assert "PC-0007" not in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert main(["report", str(tmp_path / "missing"), "--out", str(tmp_path / "x.html")]) == 2
    assert not (tmp_path / "x.html").exists()
