"""The engine's device binding: plans from a bundle never run, this PC is read again before a
run, and the audit record keeps what was viewed (source) and what was changed (target)."""

from __future__ import annotations

from pathlib import Path

import pytest

from esr_gui.core.remedy import Confirmation, RemedyRefusedError
from esr_gui.core.snapshot_builder import load_snapshot
from esr_gui.platform.fake import FakeHost
from esr_gui.platform.host import HostContext, ProbeError
from esr_gui.platform.remedies.audit_log import read_records
from tests.platform.test_remedies_support import (
    HYBRID,
    ScriptedRun,
    identity_host,
    live_snapshot,
    make_engine,
)

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples" / "dsregcmd"
JOINED = SAMPLES / "02-ws2016-1607-hybrid-joined-old-flat-format-prt-no.txt"
RESTART = "remedy.restart-and-sign-in"


class SwitchableHost:
    """A host factory whose answer can be changed between planning and running."""

    def __init__(self, host: FakeHost) -> None:
        self.host = host

    def __call__(self) -> FakeHost:
        return self.host


def test_a_bundle_of_this_very_pc_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    """The hybrid bundle names PC-0042, this PC's name: still not a capture of this run."""
    commands = ScriptedRun()
    engine, _ = make_engine(tmp_path, run=commands, live=False)
    plan = engine.plan(RESTART, snapshot=load_snapshot(HYBRID))
    assert not plan.runnable and plan.rebind
    assert plan.refusal is not None and "a capture bundle" in plan.refusal
    assert plan.source is not None and plan.source.computer == "PC-0042"
    with pytest.raises(RemedyRefusedError, match="capture bundle"):
        Confirmation.of(plan, via="cli-yes", by="t")
    forged = Confirmation(
        plan_digest=plan.digest(),
        remedy_id=plan.remedy_id,
        operation="remedy",
        via="cli-yes",
        by="t",
        at=plan.created,
    )
    with pytest.raises(RemedyRefusedError, match="capture bundle"):
        engine.run(plan, forged)
    assert commands.calls == [] and not engine.audit_file.exists()


def test_this_pc_is_read_again_before_the_run(tmp_path: Path) -> None:
    commands = ScriptedRun()
    engine, _ = make_engine(tmp_path, run=commands)
    switch = SwitchableHost(identity_host(HYBRID))
    engine.env.host = switch
    plan = engine.plan(RESTART, snapshot=live_snapshot(HYBRID))
    assert plan.runnable, plan.refusal
    switch.host = identity_host(HYBRID, computer="PC-0099")
    result = engine.run(plan, Confirmation.of(plan, via="gui-dialog", by="t"))
    assert result.status == "failed" and "this PC is PC-0099" in result.message
    assert "Nothing changed" in result.message and commands.calls == []
    (record,) = read_records(engine.audit_file)
    assert record.result.status == "failed" and record.source is not None


def test_a_changed_device_id_is_refused(tmp_path: Path) -> None:
    joined = FakeHost(context=HostContext(computer="PC-0042"), dsregcmd=JOINED.read_bytes())
    engine, _ = make_engine(tmp_path, host=joined)
    plan = engine.plan(RESTART, snapshot=live_snapshot(HYBRID))
    assert plan.refusal is not None and "61eea2b8-efbe-43d9-b267-126433c8ee34" in plan.refusal
    assert plan.rebind


def test_an_unreadable_dsregcmd_leaves_the_pc_unidentified(tmp_path: Path) -> None:
    host = identity_host(HYBRID).fail("dsregcmd", ProbeError("timeout", "dsregcmd.exe hung"))
    engine, _ = make_engine(tmp_path, host=host)
    plan = engine.plan(RESTART, snapshot=live_snapshot(HYBRID))
    assert plan.refusal is not None and "dsregcmd.exe hung" in plan.refusal
    nothing, _ = make_engine(tmp_path, live=False)
    nothing.env.host = None
    assert "not Windows" in (nothing.plan(RESTART, snapshot=live_snapshot(HYBRID)).refusal or "")


def test_pages_do_not_need_this_pc_and_do_not_run_dsregcmd(tmp_path: Path) -> None:
    host = identity_host(HYBRID)
    engine, _ = make_engine(tmp_path, host=host, live=False)
    plan = engine.plan("remedy.open-sync-settings", snapshot=load_snapshot(HYBRID))
    assert plan.runnable and host.calls == []


def test_the_audit_record_keeps_source_and_target(tmp_path: Path) -> None:
    engine, _ = make_engine(tmp_path)
    plan = engine.plan(RESTART, snapshot=live_snapshot(HYBRID))
    engine.run(plan, Confirmation.of(plan, via="gui-dialog", by="t"))
    (record,) = read_records(engine.audit_file)
    assert record.source is not None and record.target is not None
    assert (record.source.kind, record.source.computer) == ("live", "PC-0042")
    assert record.source.path == "test capture" and record.source.captured_at is not None
    assert (record.target.computer, record.target.user) == ("PC-0042", "CONTOSO\\tech")
