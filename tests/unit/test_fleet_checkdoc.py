"""Saved `check --json` results and `--log-json` files as fleet inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esr_gui.cli import main
from esr_gui.core.fleet.checkdoc import MAX_LINE_CHARS, row_from_document
from esr_gui.core.fleet.inputs import scan
from esr_gui.core.fleet.summary import summarise
from tests.unit.fleet_support import DEMOS

Capture = pytest.CaptureFixture[str]
SIDELOAD = next(d for d in DEMOS if d.name == "1607-sideload-6013")
HEALTHY = next(d for d in DEMOS if d.name == "healthy-aad-joined")


def check_json(capsys: Capture, bundle: Path) -> str:
    main(["check", "--bundle", str(bundle), "--json"])
    return capsys.readouterr().out


def test_saved_check_results_give_the_same_rows_as_the_bundles(
    capsys: Capture, tmp_path: Path
) -> None:
    for demo in DEMOS:
        (tmp_path / f"{demo.name}.json").write_text(check_json(capsys, demo), encoding="utf-8")
    from_json = {d.name: d for d in summarise(scan([tmp_path])).devices}
    from_bundles = {d.name: d for d in summarise(scan([DEMOS[0].parent])).devices}
    assert set(from_json) == set(from_bundles)
    for name, row in from_json.items():
        twin = from_bundles[name]
        assert row.kind == "check-json" and twin.kind == "bundle"
        assert row.statuses == twin.statuses
        assert (row.build, row.join_type, row.captured) == (
            twin.build,
            twin.join_type,
            twin.captured,
        )
        assert (row.headline, row.headline_id, row.action) == (
            twin.headline,
            twin.headline_id,
            twin.action,
        )
        assert row.bundle is None


def test_log_json_lines_keep_the_latest_run_per_device(capsys: Capture, tmp_path: Path) -> None:
    log = tmp_path / "esr-diag.jsonl"
    for demo in (SIDELOAD, HEALTHY, SIDELOAD):
        main(["check", "--bundle", str(demo), "--log-json", str(log)])
    capsys.readouterr()
    with log.open("a", encoding="utf-8") as handle:
        handle.write("\n{not json}\n" + json.dumps({"schema": 2, "findings": []}) + "\n")
    summary = summarise(scan([log]))
    assert sorted(d.name or "" for d in summary.devices) == ["PC-0007", "PC-0042"]
    assert summary.superseded == 1
    assert [e.source.rsplit(":", 1)[1] for e in summary.errors] == ["5", "6"]
    assert "not valid JSON" in summary.errors[0].message
    assert "schema" in summary.errors[1].message
    every = summarise(scan([log]), latest_only=False)
    assert len(every.devices) == 3


def test_powershell_utf16_redirect_is_read(capsys: Capture, tmp_path: Path) -> None:
    text = check_json(capsys, SIDELOAD)
    (tmp_path / "pc.json").write_bytes(text.encode("utf-16"))
    (tmp_path / "runs.log").write_bytes((text + text).encode("utf-16"))
    summary = summarise(scan([tmp_path / "pc.json", tmp_path / "runs.log"]), latest_only=False)
    assert not summary.errors
    assert [d.name for d in summary.devices] == ["PC-0042"] * 3


def test_a_json_file_holding_several_lines_is_read_as_lines(
    capsys: Capture, tmp_path: Path
) -> None:
    text = check_json(capsys, SIDELOAD) + check_json(capsys, HEALTHY)
    (tmp_path / "two.json").write_text(text, encoding="utf-8")
    assert len(summarise(scan([tmp_path / "two.json"])).devices) == 2


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([1, 2], "expected a JSON object"),
        ({"schema": 1}, "findings"),
        ({"schema": 1, "findings": [{"id": "x", "status": "broken", "title": "t"}]}, "status"),
        ({"schema": 1, "devices": [], "totals": {}}, "a fleet summary"),
        ({"schema": "1", "findings": []}, "schema"),
    ],
)
def test_documents_that_are_not_check_results(raw: object, message: str) -> None:
    result = row_from_document(raw, "x.json")
    assert result.__class__.__name__ == "InputError"
    assert message in getattr(result, "message", "")


def test_a_document_without_headline_gets_one() -> None:
    doc = {
        "schema": 1,
        "device": {"name": "PC-1"},
        "findings": [{"id": "sync.policy-allows", "status": "fail", "title": "Blocked"}],
    }
    row = row_from_document(doc, "x.json")
    assert getattr(row, "headline", "") == "Most likely: Blocked"


def test_an_overlong_line_is_skipped_not_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from esr_gui.core.fleet import checkdoc

    monkeypatch.setattr(checkdoc, "MAX_LINE_CHARS", 100)
    good = json.dumps({"schema": 1, "device": {"name": "PC-9"}, "findings": []})
    log = tmp_path / "x.jsonl"
    log.write_text("x" * 1000 + "\n" + good + "\n", encoding="utf-8")
    summary = summarise(scan([log]))
    assert [d.name for d in summary.devices] == ["PC-9"]
    assert summary.errors[0].message == "line too long; skipped"
    assert MAX_LINE_CHARS > 1_000_000


def test_bad_json_file_is_an_error_row(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    summary = summarise(scan([tmp_path / "bad.json"]))
    assert "not valid JSON" in summary.errors[0].message
    assert summary.exit_code() == 2


@pytest.mark.parametrize(
    ("text", "said"),
    [("[" * 100_000 + "]" * 100_000, "nested"), ('{"schema": ' + "9" * 5000 + "}", "digits")],
)
def test_absurd_json_is_an_error_row_with_a_sentence(tmp_path: Path, text: str, said: str) -> None:
    for name, body in (("deep.json", text), ("runs.jsonl", text + "\n" + text + "\n")):
        (tmp_path / name).write_text(body, encoding="utf-8")
        summary = summarise(scan([tmp_path / name]))
        assert summary.devices == [] and said in summary.errors[0].message, summary.errors
