"""`esr-diag diff A B [--json]`: text, JSON, exit codes, and inputs told apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esr_gui.cli import main
from esr_gui.resources import demo_dir
from tests.conftest import sample
from tests.unit.test_compare import degraded_copy

HEALTHY = str(demo_dir() / "healthy-aad-joined")
Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_fix_that_held_exits_0_and_says_nothing_changed(capsys: Capture) -> None:
    code, out, err = run(capsys, HEALTHY, HEALTHY)
    assert (code, err) == (0, "")
    assert "Verdicts: none changed." in out
    assert "Same device (PC-0007)." in out


def test_a_later_capture_that_fails_exits_1_verdicts_before_fields(
    capsys: Capture, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, HEALTHY, str(degraded_copy(tmp_path)))
    assert code == 1
    assert "WORSE    OK -> FAIL" in out
    assert "[SSO State] AzureAdPrt: YES -> NO" in out
    assert out.index("Verdicts that changed") < out.index("dsregcmd fields that changed")
    assert out.index("dsregcmd fields that changed") < out.index("Registry values that changed")
    assert out.isascii()


def test_json_is_one_documented_object(capsys: Capture, tmp_path: Path) -> None:
    code, out, _ = run(capsys, str(degraded_copy(tmp_path)), HEALTHY, "--json")
    document = json.loads(out)
    assert code == 0
    assert document["kind"] == "esr-diff"
    assert document["schema_version"] == 1
    assert set(document) >= {"before", "after", "same_device", "device_note", "verdicts"}
    assert document["after"]["state"] == "OK"
    prt = next(v for v in document["verdicts"] if v["id"] == "prt.status")
    assert (prt["before"], prt["after"], prt["change"]) == ("fail", "pass", "fixed")
    assert {
        "section": "SSO State",
        "key": "AzureAdPrt",
        "before": "NO",
        "after": "YES",
    }.items() <= next(f for f in document["fields"] if f["key"] == "AzureAdPrt").items()
    assert document["unchanged"] is False


def test_a_dsregcmd_text_is_accepted_as_either_side(capsys: Capture) -> None:
    code, out, err = run(capsys, str(sample("14-")), HEALTHY)
    assert err == ""
    assert code == 0
    assert "Registry values: none changed (or one capture has no registry export)." in out


def test_an_unreadable_input_exits_2_and_names_the_side(capsys: Capture, tmp_path: Path) -> None:
    code, out, err = run(capsys, HEALTHY, str(tmp_path / "gone.zip"))
    assert (code, out) == (2, "")
    assert err.startswith("esr-diag: B: ")
    assert "does not exist" in err
    assert "Traceback" not in err


def test_diff_is_listed_in_the_help(capsys: Capture) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "diff" in capsys.readouterr().out
