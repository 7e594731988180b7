"""`esr-diag check`: exit codes, the human report, --json, --intune and --log-json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from esr_gui.cli import main
from esr_gui.core.diagnose import FINDING_IDS, Diagnosis, Headline
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.resources import demo_dir
from tests.conftest import sample

HEALTHY = str(demo_dir() / "healthy-aad-joined")
SIDELOAD = str(demo_dir() / "1607-sideload-6013")
Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes(capsys: Capture, tmp_path: Path) -> None:
    assert run(capsys, "--bundle", HEALTHY)[0] == 0
    assert run(capsys, "--bundle", SIDELOAD)[0] == 1
    code, out, err = run(capsys, "--bundle", str(tmp_path / "nothing-here"))
    assert (code, out) == (2, "")
    assert "does not exist" in err
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "manifest.json").write_text("{not json")
    assert run(capsys, "--bundle", str(bad))[0] == 2


def test_human_report_shows_device_headline_and_fail_lines(capsys: Capture) -> None:
    code, out, _ = run(capsys, "--bundle", SIDELOAD)
    assert code == 1
    assert "PC-0042 | Windows 10 1607 (14393.10) | hybrid joined | user context" in out
    assert "\nMost likely: 1607 known issue: MDM side-loaded apps stop sync" in out
    assert "First step: Install KB3176934" in out
    assert "  FAIL    ki.mdm-sideload-1607" in out
    assert "event 6013 in Microsoft-Windows-SettingSync-Azure/Debug at" in out
    groups = ("Checklist", "Verify sync", "Registration", "MFA", "Known issues")
    places = [out.find(f"\n{group}\n") for group in groups]
    assert -1 not in places and places == sorted(places)  # the guide's order
    for group in groups:
        assert out.count(f"\n{group}\n") == 1  # each area once, all its findings under it
    assert out.isascii()
    for word in ("OK", "WARN", "TODO", "n/a"):
        assert f"  {word} " in out


def test_human_report_of_a_dsregcmd_text(capsys: Capture) -> None:
    code, out, _ = run(capsys, "--dsregcmd", str(sample("03")))
    assert code == 1
    assert "Most likely: Not joined to Azure AD or to a domain" in out
    assert "  ??      prereq.os-build" in out


def test_json_document_shape(capsys: Capture) -> None:
    code, out, err = run(capsys, "--bundle", SIDELOAD, "--json")
    assert code == 1 and err == ""
    doc = json.loads(out)
    assert doc["schema"] == 1 and doc["tool"].startswith("esr-diag ")
    assert doc["source"]["kind"] == "bundle" and doc["source"]["context"] == "user"
    assert doc["device"] == {
        "name": "PC-0042",
        "build": "14393.10",
        "join_type": "hybrid",
        "upn": "jdoe@contoso.com",
    }
    assert doc["dsregcmd"]["layout"] == "flat"
    assert doc["dsregcmd"]["sections"]["Device State"]["AzureAdJoined"] == "YES"
    assert [f["id"] for f in doc["findings"]] == list(FINDING_IDS)
    first = doc["findings"][0]
    assert set(first) >= {"id", "status", "title", "evidence", "remedies"}
    assert doc["headline"]["finding_id"] == "ki.mdm-sideload-1607"
    assert doc["headline"]["remedy"] == "remedy.install-update"
    assert out.isascii() and out.count("\n") == 1


def test_intune_single_line(capsys: Capture) -> None:
    code, out, err = run(capsys, "--bundle", SIDELOAD, "--intune")
    assert (code, err) == (1, "")
    assert out.count("\n") == 1 and len(out.rstrip("\n")) <= 2048
    assert out.startswith("ESR FAIL | fail: ki.mdm-sideload-1607 | warn: prereq.os-build,")
    assert "build=14393.10 join=hybrid" in out


def test_intune_ok_line(capsys: Capture) -> None:
    code, out, err = run(capsys, "--bundle", HEALTHY, "--intune")
    assert (code, err) == (0, "")
    assert out.startswith("ESR OK | fail: - | warn: - |")


@pytest.mark.parametrize(
    "args", [["--bundle", "/no/such/bundle"], ["--dsregcmd", "/no/such.txt"], []]
)
def test_intune_errors_stay_on_one_stdout_line(capsys: Capture, args: list[str]) -> None:
    code, out, err = run(capsys, *args, "--intune")
    assert (code, err) == (2, "")
    assert out.startswith("ESR ERROR | could not run: ")
    assert out.count("\n") == 1 and len(out) <= 2049


def test_intune_bad_bundle(capsys: Capture, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 broken zip")
    code, out, err = run(capsys, "--bundle", str(bad), "--intune")
    assert (code, err) == (2, "")
    assert out.startswith("ESR ERROR")


def test_intune_worst_case_is_truncated_safely(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    evidence = [Evidence(source="dsregcmd", field="x", value="\u00e9" * 500)]
    findings = [
        Finding(
            id=i,
            status="fail",
            title="\u203a long " * 100,
            explanation="y" * 3000,
            evidence=evidence,
        )
        for i in FINDING_IDS
    ]
    headline = Headline(
        finding_id=FINDING_IDS[0],
        status="fail",
        text="Most likely: " + "z" * 4000,
        action="a" * 900,
    )
    monkeypatch.setattr(
        "esr_gui.cli.check.run_diagnosis",
        lambda snapshot: Diagnosis(findings=findings, headline=headline),
    )
    code, out, err = run(capsys, "--bundle", HEALTHY, "--intune")
    line = out.rstrip("\n")
    assert (code, err) == (1, "")
    assert out.count("\n") == 1 and len(line) == 2048 and line.isascii()
    assert line.startswith("ESR FAIL | fail: " + ",".join(FINDING_IDS) + " | warn: - |")
    assert line.endswith("...")


def test_log_json_appends_one_line_per_run(capsys: Capture, tmp_path: Path) -> None:
    log = tmp_path / "logs" / "deep" / "esr.jsonl"
    assert run(capsys, "--bundle", SIDELOAD, "--log-json", str(log))[0] == 1
    assert run(capsys, "--bundle", HEALTHY, "--intune", "--log-json", str(log))[0] == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["device"]["name"] for line in lines] == ["PC-0042", "PC-0007"]


def test_log_json_failure_keeps_the_exit_code(capsys: Capture, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    code, out, err = run(capsys, "--bundle", SIDELOAD, "--json", "--log-json", str(folder))
    assert code == 1
    assert json.loads(out)["headline"]["finding_id"] == "ki.mdm-sideload-1607"
    assert "--log-json" in err and "the check itself ran" in err
    code, out, err = run(capsys, "--bundle", SIDELOAD, "--intune", "--log-json", str(folder))
    assert (code, err) == (1, "")
    assert "log-json: could not append" in out


def test_intune_usage_error_goes_to_stdout_not_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    from esr_gui.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["check", "--intune", "--no-such-option"])
    assert stopped.value.code == 2
    out, err = capsys.readouterr()
    assert err == ""
    assert "unrecognized arguments" in out and out.count("\n") == 1


def test_console_that_cannot_show_symbols_does_not_crash_the_cli(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "cp437"}
    for args in (["remedy", "list"], ["remedy", "list", "--json"]):
        done = subprocess.run(
            [sys.executable, "-m", "esr_gui.cli", *args],
            capture_output=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert b"internal error" not in done.stderr


def test_device_upn_falls_back_to_the_account_dsregcmd_ran_as(capsys: Capture) -> None:
    _, out, _ = run(capsys, "--dsregcmd", str(sample("14")), "--json")
    assert json.loads(out)["device"]["upn"] == "user_d26zuvzj01@inesecuritylabs.onmicrosoft.com"


def test_whoami_error_text_is_not_taken_for_a_upn(capsys: Capture, tmp_path: Path) -> None:
    bundle = tmp_path / "local-account"
    bundle.mkdir()
    manifest = {"format": "esr-bundle", "version": 1, "created": "2026-11-25T09:14:03+01:00"}
    (bundle / "manifest.json").write_text(json.dumps(manifest))
    error = "ERROR: Unable to get User Principal Name (UPN) as the current logged-on user\r\n"
    (bundle / "whoami-upn.txt").write_bytes(error.encode("utf-16"))
    code, out, _ = run(capsys, "--bundle", str(bundle), "--json")
    doc = json.loads(out)
    # No dsregcmd /status in this bundle: UNKNOWN, exit 1 (never a healthy 0).
    assert code == 1 and doc["state"] == "UNKNOWN" and doc["device"]["upn"] is None
    warnings = [w for w in doc["warnings"] if w["member"] == "whoami-upn.txt"]
    assert warnings and "ERROR: Unable to get User Principal Name" in warnings[0]["message"]
