"""Fleet summaries agree with each device's own diagnosis; totals, dedupe, errors, laziness."""

from __future__ import annotations

import itertools
import json
import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from esr_gui.core.diagnose import FINDING_IDS, run_diagnosis
from esr_gui.core.fleet import inputs as fleet_inputs
from esr_gui.core.fleet.inputs import discover, scan
from esr_gui.core.fleet.summary import DeviceRow, InputError, summarise, totals
from esr_gui.core.snapshot_builder import load_snapshot
from tests.unit.fleet_support import DEMO, DEMOS, make_fleet, write_device

T0 = datetime.fromisoformat("2026-11-25T09:00:00+01:00")


def rows_by_name(paths: list[Path | str], **kwargs: bool) -> dict[str, DeviceRow]:
    summary = summarise(scan(paths), **kwargs)
    return {d.display_name: d for d in summary.devices}


def test_demo_folder_rows_agree_with_each_devices_own_check() -> None:
    summary = summarise(scan([DEMO]))
    assert not summary.errors
    assert len(summary.devices) == len(DEMOS)
    for row in summary.devices:
        diagnosis = run_diagnosis(load_snapshot(row.bundle or ""))
        assert row.statuses == {f.id: f.status for f in diagnosis.findings}
        assert list(row.statuses) == list(FINDING_IDS)
        assert row.headline == diagnosis.headline.text
        assert row.headline_id == diagnosis.headline.finding_id
        assert row.failing == [f.id for f in diagnosis.findings if f.status == "fail"]
    assert summary.exit_code() == 1


def test_generated_fleet_agrees_with_each_demo_and_totals_add_up(tmp_path: Path) -> None:
    made = make_fleet(tmp_path / "fleet", 120, zip_every=3)
    expected = {d.name: run_diagnosis(load_snapshot(d)) for d in DEMOS}
    summary = summarise(scan([tmp_path / "fleet"]))
    assert not summary.errors
    assert sorted(d.name or "" for d in summary.devices) == sorted(made)
    for row in summary.devices:
        want = expected[made[row.name or ""]]
        assert row.statuses == {f.id: f.status for f in want.findings}
        assert row.headline == want.headline.text
    for status in ("fail", "warn", "unknown"):
        counted = Counter(i for d in summary.devices for i, s in d.statuses.items() if s == status)
        for finding_id, t in summary.totals.items():
            assert getattr(t, status) == counted[finding_id]
    assert summary.failing_devices == sum(1 for d in summary.devices if d.failing)


def test_a_folder_with_its_own_manifest_is_one_bundle() -> None:
    found = list(discover([DEMOS[0]]))
    assert len(found) == 1
    assert not isinstance(found[0], InputError)
    assert (found[0].path, found[0].kind) == (DEMOS[0], "bundle")


def test_scan_is_one_level_and_skips_what_is_not_an_input(tmp_path: Path) -> None:
    root = tmp_path / "share"
    write_device(root, DEMOS[0].name, "PC-A", T0, as_zip=False)
    write_device(root / "nested", DEMOS[0].name, "PC-DEEP", T0, as_zip=False)
    (root / "readme.txt").write_text("not an input")
    (root / "empty-folder").mkdir()
    rows = rows_by_name([root])
    assert list(rows) == ["PC-A"]


def test_scan_is_lazy_one_bundle_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_fleet(tmp_path / "fleet", 6, zip_every=0)
    opened: list[str] = []
    real = fleet_inputs.load_snapshot

    def counting(path: Path) -> object:
        opened.append(str(path))
        return real(path)

    monkeypatch.setattr(fleet_inputs, "load_snapshot", counting)
    first = list(itertools.islice(scan([tmp_path / "fleet"]), 2))
    assert len(first) == 2
    assert len(opened) == 2


def test_latest_capture_wins_and_older_ones_are_counted(tmp_path: Path) -> None:
    healthy = "healthy-aad-joined"
    failing = "1607-sideload-6013"
    write_device(tmp_path / "a", failing, "PC-SAME", T0, as_zip=False)
    write_device(tmp_path / "b", healthy, "PC-SAME", T0.replace(hour=10), as_zip=True)
    write_device(tmp_path / "c", failing, "pc-same", T0.replace(hour=8), as_zip=False)
    summary = summarise(scan([tmp_path / "a", tmp_path / "b", tmp_path / "c"]))
    assert len(summary.devices) == 1
    assert summary.devices[0].failing == []
    assert summary.superseded == 2
    assert summary.exit_code() == 0
    every = summarise(scan([tmp_path / "a", tmp_path / "b"]), latest_only=False)
    assert len(every.devices) == 2
    assert every.exit_code() == 1


def test_unreadable_inputs_are_error_rows_not_a_failed_run(tmp_path: Path) -> None:
    root = tmp_path / "share"
    write_device(root, "healthy-aad-joined", "PC-OK", T0, as_zip=False)
    (root / "broken.zip").write_bytes(b"PK\x03\x04 this is not a zip")
    bad = root / "no-format"
    bad.mkdir()
    (bad / "manifest.json").write_text('{"format": "other", "version": 1}')
    summary = summarise(scan([root, tmp_path / "missing"]))
    assert [d.name for d in summary.devices] == ["PC-OK"]
    sources = sorted(Path(e.source).name for e in summary.errors)
    assert sources == ["broken.zip", "missing", "no-format"]
    assert summary.exit_code() == 0


def test_nothing_readable_is_exit_code_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    summary = summarise(scan([tmp_path / "empty", tmp_path / "missing"]))
    assert summary.devices == []
    assert len(summary.errors) == 2
    assert "no bundles or check results" in summary.errors[0].message
    assert summary.exit_code() == 2


def test_a_crashing_bundle_never_stops_the_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_fleet(tmp_path / "fleet", 3, zip_every=0)

    def boom(path: Path) -> object:
        if path.name.endswith("2"):
            raise RuntimeError("parser bug")
        return load_snapshot(path)

    monkeypatch.setattr(fleet_inputs, "load_snapshot", boom)
    summary = summarise(scan([tmp_path / "fleet"]))
    assert len(summary.devices) == 2
    assert summary.errors[0].message == "internal error: RuntimeError: parser bug"


def test_zip_bomb_member_is_an_error_row(tmp_path: Path) -> None:
    target = tmp_path / "bomb.esrbundle.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", (DEMOS[0] / "manifest.json").read_bytes())
        archive.writestr("../escape.txt", b"x")
    summary = summarise(scan([target]))
    assert summary.devices == []
    assert "outside the bundle" in summary.errors[0].message


def test_totals_count_devices_per_status() -> None:
    rows = [
        DeviceRow(name="a", source="a", statuses={"x": "fail", "y": "warn"}),
        DeviceRow(name="b", source="b", statuses={"x": "fail", "y": "unknown"}),
        DeviceRow(name="c", source="c", statuses={"x": "pass", "y": "manual"}),
    ]
    counted = totals(rows)
    assert counted["x"].model_dump() == {"fail": 2, "warn": 0, "unknown": 0}
    assert counted["y"].model_dump() == {"fail": 0, "warn": 1, "unknown": 1}


def test_progress_sees_every_item(tmp_path: Path) -> None:
    make_fleet(tmp_path / "fleet", 4, zip_every=2)
    seen: list[int] = []
    summarise(scan([tmp_path / "fleet", tmp_path / "nope"]), progress=lambda n, _i: seen.append(n))
    assert seen == [1, 2, 3, 4, 5]


def test_rows_survive_json_round_trip(tmp_path: Path) -> None:
    make_fleet(tmp_path / "fleet", 2)
    row = summarise(scan([tmp_path / "fleet"])).devices[0]
    assert DeviceRow.model_validate(json.loads(row.model_dump_json())) == row


def test_redacted_captures_never_merge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from esr_gui.cli import main

    for demo in DEMOS[:3]:
        assert main(["redact", str(demo), "--out", str(tmp_path / "r" / demo.name), "--quiet"]) == 0
    capsys.readouterr()
    summary = summarise(scan([tmp_path / "r"]))
    assert len(summary.devices) == 3 and summary.superseded == 0
    assert len({d.name for d in summary.devices}) == 1  # every redacted computer is PC-0001
    assert all(d.redacted for d in summary.devices)


def test_other_logs_in_a_folder_are_skipped(tmp_path: Path) -> None:
    write_device(tmp_path, "healthy-aad-joined", "PC-OK", T0, as_zip=True)
    (tmp_path / "esr-gui.log").write_text("2026-11-25 INFO started\n", encoding="utf-8")
    summary = summarise(scan([tmp_path]))
    assert [d.name for d in summary.devices] == ["PC-OK"] and not summary.errors
    summary = summarise(scan([tmp_path / "esr-gui.log"]))
    assert "not valid JSON" in summary.errors[0].message
