"""`esr-diag remedy` end to end on a fake profile (works on Linux exactly as on Windows)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esr_gui.cli import main
from esr_gui.cli.remedy import NOT_CONFIRMED
from esr_gui.platform.remedies.datadir import DATA_DIR_ENV
from tests.platform.test_remedies_support import make_profile, package_of, tree_state

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


def test_list_json(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remedy", "list", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    ids = {r["id"] for r in document["remedies"]}
    assert CLEANUP in ids and len(ids) == 14
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
    assert main(["remedy", "plan", "remedy.dsregcmd-leave", "--bundle", HYBRID]) == 0
    assert main(["remedy", "run", "remedy.dsregcmd-leave", "--bundle", HYBRID, "--yes"]) == 2
    assert "needs Windows" in capsys.readouterr().err


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
