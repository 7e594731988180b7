"""`esr-diag remedy` end to end on a fake profile (works on Linux exactly as on Windows)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esr_gui.cli import main
from esr_gui.cli import remedy as remedy_cli
from esr_gui.cli.remedy import NOT_CONFIRMED
from esr_gui.platform.fake import FakeHost
from esr_gui.platform.remedies.datadir import DATA_DIR_ENV
from tests.platform.test_remedies_support import (
    identity_host,
    make_profile,
    package_of,
    tree_state,
)

REPO = Path(__file__).resolve().parents[2]
HYBRID = str(REPO / "tests" / "data" / "remedy" / "hybrid-bundle")
AADJ = str(REPO / "tests" / "data" / "remedy" / "aadj-bundle")
CLEANUP = "remedy.broker-plugin-cleanup"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    return make_profile(tmp_path / "Users")


@pytest.fixture(autouse=True)
def this_pc(monkeypatch: pytest.MonkeyPatch) -> FakeHost:
    """This PC is PC-0042 (the hybrid bundle's dsregcmd); without --bundle the CLI captures it
    live, as it does on Windows, so device-changing remedies are planned from that capture."""
    host = identity_host(Path(HYBRID))
    monkeypatch.setattr(remedy_cli, "live_host_factory", lambda: lambda: host)
    return host


def test_list_json(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remedy", "list", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    ids = {r["id"] for r in document["remedies"]}
    assert CLEANUP in ids and len(ids) == 15
    assert document["enabled_channels"] == [] and document["profiles"] == []
    cleanup = next(r for r in document["remedies"] if r["id"] == CLEANUP)
    assert cleanup["backup"] and "stop_broker" in cleanup["params"]["properties"]


def test_list_text_mentions_the_channels_we_switched_on(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data.mkdir()
    (data / "enabled-channels.json").write_text(
        json.dumps(
            {
                "version": 1,
                "channels": [
                    {
                        "channel": "Microsoft-Windows-SettingSync/Debug",
                        "enabled_at": "2026-11-25T09:14:03+01:00",
                        "by": "tech",
                    }
                ],
            }
        )
    )
    assert main(["remedy", "list"]) == 0
    out = capsys.readouterr().out
    hint = "remedy run remedy.disable-debug-channel --param channel="
    assert hint + "Microsoft-Windows-SettingSync/Debug" in out


def test_plan_json_on_a_profile(
    data: Path, profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["remedy", "plan", CLEANUP, "--profile", str(profile), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    plan = document["plan"]
    assert document["runnable"] and plan["remedy_id"] == CLEANUP
    assert len(plan["files"]) == 4 and all(len(f["sha256"]) == 64 for f in plan["files"])
    assert plan["backup_to"] == str(data / "backups") and plan["admin"] == "not-needed"


def test_run_without_yes_changes_nothing(
    data: Path, profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_state(profile.parent)
    assert main(["remedy", "run", CLEANUP, "--profile", str(profile)]) == 2
    captured = capsys.readouterr()
    assert "What Run does" in captured.out and NOT_CONFIRMED in captured.err
    assert tree_state(profile.parent) == before and not (data / "audit.jsonl").exists()


def test_run_yes_then_restore(
    data: Path, profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_state(profile.parent)
    assert main(["remedy", "run", CLEANUP, "--profile", str(profile), "--yes"]) == 0
    out = capsys.readouterr().out
    backup = next(
        line.removeprefix("Backup: ") for line in out.splitlines() if line.startswith("Backup: ")
    )
    assert Path(backup).is_file() and Path(backup).parent == data / "backups"
    assert "Result: done" in out and f"Audit log: {data / 'audit.jsonl'}" in out
    assert not (package_of(profile) / "Settings" / "settings.dat").exists()
    assert main(["remedy", "restore", backup, "--profile", str(profile)]) == 2
    assert NOT_CONFIRMED in capsys.readouterr().err
    assert main(["remedy", "restore", backup, "--profile", str(profile), "--yes"]) == 0
    assert "Result: done" in capsys.readouterr().out
    assert tree_state(profile.parent) == before
    assert (
        main(["remedy", "restore", backup, "--profile", str(profile), "--yes"]) == 2
    )  # everything is back already
    assert "already in place" in capsys.readouterr().err
    assert len((data / "audit.jsonl").read_text().splitlines()) == 2


def test_run_json(data: Path, profile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remedy", "run", CLEANUP, "--profile", str(profile), "--yes", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["result"]["status"] == "done" and document["result"]["backup_path"]


def test_dsregcmd_leave_needs_windows(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remedy", "plan", "remedy.dsregcmd-leave"]) == 0
    assert "Planned from: a live capture" in capsys.readouterr().out
    assert main(["remedy", "run", "remedy.dsregcmd-leave", "--yes"]) == 2
    assert "needs Windows" in capsys.readouterr().err


@pytest.mark.parametrize("bundle", [AADJ, HYBRID], ids=["another-pc", "this-pc-by-name"])
def test_run_with_a_bundle_is_refused(
    data: Path, profile: Path, bundle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bundle of another computer, or one that merely names this PC: exit 2, nothing runs."""
    before = tree_state(profile.parent)
    argv = ["remedy", "run", CLEANUP, "--profile", str(profile), "--bundle", bundle, "--yes"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "cannot run: The plan was made from a capture bundle" in err
    assert "without --bundle" in err and "Nothing changed." in err and ".;" not in err
    assert tree_state(profile.parent) == before and not (data / "audit.jsonl").exists()
    assert main(["remedy", "plan", "remedy.restart-and-sign-in", "--bundle", bundle]) == 2


def test_without_a_bundle_it_plans_from_a_live_capture(
    data: Path, profile: Path, this_pc: FakeHost, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["remedy", "plan", CLEANUP, "--profile", str(profile), "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)["plan"]
    assert plan["source"]["kind"] == "live" and plan["source"]["computer"] == "PC-0042"
    assert plan["target"]["computer"] == "PC-0042" and plan["target"]["profile"] == str(profile)
    assert "dsregcmd" in this_pc.calls


def test_no_live_capture_off_windows(
    data: Path, profile: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(remedy_cli, "live_host_factory", lambda: None)
    assert main(["remedy", "run", CLEANUP, "--profile", str(profile), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "No live capture of this PC: live capture needs Windows" in err
    assert "without a capture of this PC" in err


def test_dsregcmd_leave_is_refused_for_azure_ad_joined(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["remedy", "plan", "remedy.dsregcmd-leave", "--bundle", AADJ]) == 2
    assert "not hybrid" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["remedy", "plan", "remedy.nope"], "not a remedy this tool knows"),
        (["remedy", "run", "remedy.nope", "--yes"], "not a remedy this tool knows"),
        (["remedy", "plan", "remedy.install-update", "--param", "kb=KB1"], "not one of the KB"),
        (["remedy", "plan", "remedy.install-update", "--param", "kb"], "KEY=VALUE"),
        (
            [
                "remedy",
                "plan",
                "remedy.install-update",
                "--param",
                "kb=KB3176934",
                "--param",
                "kb=KB3172985",
            ],
            "given twice",
        ),
        (
            ["remedy", "plan", "remedy.enable-debug-channel", "--param", "channel=Security"],
            "not one of the debug channels",
        ),
        (
            ["remedy", "plan", "remedy.lock-to-sync", "--param", "cmd=calc.exe"],
            "does not take 'cmd'",
        ),
        (["remedy", "run", "remedy.lock-to-sync", "--yes"], "needs Windows"),
        (["remedy", "restore", "/nonexistent/backup.zip", "--yes"], "could not be opened"),
        (["remedy", "run", CLEANUP, "--yes"], "Choose a profile"),
        (["remedy", "plan", "remedy.lock-to-sync", "--profile", "/tmp"], "only applies to"),
    ],
)
def test_refusals_exit_2_never_1(
    data: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert words in captured.err + captured.out


def test_usage_errors_exit_2(data: Path) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["remedy", "plan"])
    assert stop.value.code == 2


def test_plan_takes_its_defaults_from_the_finding_and_param_overrides(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["remedy", "plan", "remedy.install-update", "--finding", "ki.event-1098-token-broker"]
    assert main(base) == 0
    assert "Open KB3196528" in capsys.readouterr().out
    assert main([*base, "--param", "kb=KB3176934"]) == 0
    out = capsys.readouterr().out
    assert "Open KB3176934" in out and "Open KB3196528" not in out
    # Without a finding the record's example is used, as in the GUI, and the plan names it.
    assert main(["remedy", "plan", "remedy.enable-debug-channel", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)["plan"]
    assert plan["params"] == {"channel": "Microsoft-Windows-SettingSync/Debug"}


def test_an_unknown_finding_is_refused(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["remedy", "plan", "remedy.install-update", "--finding", "ki.nope"]
    assert main(argv) == 2
    assert "'ki.nope' is not a finding this tool knows" in capsys.readouterr().err
