"""`esr-diag collect --network` / `check --network`: network.json written, refusals explained."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from esr_gui.cli import check, collect, main
from esr_gui.core.models.network import NetworkResults, NetworkTest, SkippedContext
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.snapshot_builder import load_snapshot, snapshot_from_dsregcmd
from esr_gui.platform import network_live
from tests.conftest import sample
from tests.unit.test_capture_cli import fake

RESULTS = NetworkResults(
    tests=[NetworkTest(url="https://login.microsoftonline.com/", context="user", result="ok")],
    skipped=[SkippedContext(context="system", reason="needs an elevated prompt")],
)


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch) -> list[Snapshot]:
    """A Windows-like run: a fake host and canned network results (the snapshots it saw)."""
    seen: list[Snapshot] = []

    def tests(snapshot: Snapshot, **_: Any) -> NetworkResults:
        seen.append(snapshot)
        return RESULTS

    monkeypatch.setattr(collect, "live_host", fake)
    monkeypatch.setattr(network_live, "require_windows", lambda: None)
    monkeypatch.setattr(network_live, "live_network_tests", tests)
    return seen


def test_collect_network_writes_network_json(
    live: list[Snapshot], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "b.zip"
    assert main(["collect", "--out", str(out), "--network"]) == 0
    assert "network: system not tested: needs an elevated prompt" in capsys.readouterr().err
    snap = load_snapshot(out)
    assert snap.network == RESULTS
    assert live[0].dsregcmd is not None  # the endpoints come from the device's own dsregcmd


def test_collect_without_network_writes_none(live: list[Snapshot], tmp_path: Path) -> None:
    assert main(["collect", "--out", str(tmp_path / "b"), "--quiet"]) == 0
    assert not (tmp_path / "b" / "network.json").exists() and live == []


def test_check_network_attaches_the_results(
    live: list[Snapshot], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    snap = snapshot_from_dsregcmd(sample("04").read_bytes())
    monkeypatch.setattr(check, "load_input", lambda bundle, dsregcmd: snap)
    main(["check", "--network", "--json"])
    assert snap.network == RESULTS and live == [snap]
    assert capsys.readouterr().out.startswith("{")


def test_check_network_refuses_a_bundle(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--network", "--bundle", "x.zip"]) == 2
    assert "cannot be combined with --bundle" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="the refusal is for other systems")
def test_network_off_windows_is_one_sentence_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["collect", "--out", str(tmp_path / "x.zip"), "--network"]) == 2
    assert main(["check", "--network"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all("network tests run on the Windows device" in x for x in lines)
    assert not (tmp_path / "x.zip").exists()


def test_net_probe_is_not_listed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "net-probe" not in capsys.readouterr().out
