"""`esr-diag collect` with an injected host, and its refusal off Windows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from esr_gui.cli import collect, main
from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.snapshot_builder import load_snapshot
from esr_gui.platform.fake import FakeHost
from esr_gui.platform.host import HostContext
from tests.conftest import sample


def fake() -> FakeHost:
    context = HostContext(
        user="CONTOSO\\jdoe", computer="PC-0042", timezone="W. Europe Standard Time"
    )
    return FakeHost(context=context, upn="John.Doe@contoso.com", dsregcmd=sample("04").read_bytes())


@pytest.fixture
def host(monkeypatch: pytest.MonkeyPatch) -> FakeHost:
    host = fake()
    monkeypatch.setattr(collect, "live_host", lambda: host)
    return host


def test_collect_writes_a_zip_with_the_problem_and_prints_its_path(
    host: FakeHost, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pc.esrbundle.zip"
    argv = ["collect", "--out", str(out), "--problem", "no sync", "--users-affected", "all"]
    argv += ["--devices-affected", "PC-0042", "--first-seen", "2026-11-20", "--notes", "call back"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(out)
    assert "[ 1/20] ok        context" in captured.err
    assert "missing   registry:policy-settingsync.reg: the key" in captured.err
    with open_bundle(out) as bundle:
        problem = bundle.manifest.problem
        assert (problem.description, problem.users_affected) == ("no sync", "all")
        assert (problem.devices_affected, problem.first_seen) == ("PC-0042", "2026-11-20")
        assert bundle.manifest.timezone == "W. Europe Standard Time"
        assert bundle.manifest.created.utcoffset() is not None
    snap = load_snapshot(out)
    assert snap.notes == "call back" and snap.upn == "John.Doe@contoso.com"


def test_collect_quiet_writes_a_folder_and_nothing_on_stderr(
    host: FakeHost, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["collect", "--out", str(tmp_path / "folder"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    assert (tmp_path / "folder" / "manifest.json").is_file()


def test_collect_redact_writes_a_redacted_bundle(
    host: FakeHost, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.zip"
    assert main(["collect", "--out", str(out), "--redact"]) == 0
    assert "redaction: replaced" in capsys.readouterr().err
    with open_bundle(out) as bundle:
        assert bundle.manifest.redacted and bundle.manifest.computer == "PC-0001"
        assert b"contoso" not in bundle.read("whoami-upn.txt").lower()


@pytest.mark.skipif(sys.platform == "win32", reason="the refusal is for other systems")
def test_collect_and_check_refuse_live_capture_off_windows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["collect", "--out", str(tmp_path / "x.zip")]) == 2
    assert main(["check"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all("live capture needs Windows" in line for line in lines)
    assert not (tmp_path / "x.zip").exists()


def test_collect_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["collect"])
    assert info.value.code == 2
