"""capture() through FakeHost: the bundle, the Snapshot, progress, time limits, cancel, faults."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.data import capture_channels, capture_registry_keys
from esr_gui.core.models.manifest import ProblemInfo, SystemFacts
from esr_gui.core.models.registry import RegKey, RegValue
from esr_gui.core.parse.regfile_write import format_reg_file
from esr_gui.core.snapshot_builder import load_snapshot
from esr_gui.platform.capture import capture
from esr_gui.platform.capture_models import CaptureOptions, StepLimits, StepProgress
from esr_gui.platform.fake import FakeHost
from esr_gui.platform.host import AadJoinInfo, HostContext, NullHost, ProbeError, SystemProbe
from tests.conftest import SAMPLES, sample

AAD = "Microsoft-Windows-AAD/Operational"
UDR = "Microsoft-Windows-User Device Registration/Admin"
DEBUG = "Microsoft-Windows-SettingSync/Debug"
CV = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
SYNC = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\SettingSync"
SID = "S-1-5-21-1111111111-2222222222-3333333333-1001"
FAST = StepLimits(
    context=1, upn=1, dsregcmd=1, aad_join=1, registry=1, events=1, system=1, grace=0.3
)
CREATED = datetime(2026, 11, 25, 9, 14, 3, tzinfo=timezone(timedelta(hours=1)))


def reg(path: str, *values: RegValue) -> bytes:
    return format_reg_file([RegKey(path=path, values=list(values))])


def sample_events(name: str) -> bytes:
    return (SAMPLES / "events" / f"tugix456-randaodcxjj_{name}.rendered.xml").read_bytes()


def make_host(**kwargs: object) -> FakeHost:
    context = HostContext(
        context="user",
        user="CONTOSO\\jdoe",
        user_sid=SID,
        computer="PC-0042",
        timezone="W. Europe Standard Time",
    )
    build = [
        RegValue(name="CurrentBuild", type="REG_SZ", data="14393"),
        RegValue(name="UBR", type="REG_DWORD", data=82),
    ]
    sync = RegValue(name="SyncPolicy", type="REG_DWORD", data=5)
    system = SystemProbe(
        facts=SystemFacts(wireless_adapter_present=False),
        sources={"wireless_adapter_present": "fake"},
    )
    return FakeHost(
        context=context,
        upn="John.Doe@contoso.com",
        dsregcmd=sample("04").read_bytes(),
        registry={CV: reg(CV, *build), SYNC: reg(SYNC, sync)},
        channels={
            AAD: sample_events("Microsoft-Windows-AAD%4Operational"),
            UDR: sample_events("Microsoft-Windows-User Device Registration%4Admin"),
        },
        system=system,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def host() -> Iterator[FakeHost]:
    fake = make_host()
    yield fake
    fake.release()


def options(**kw: object) -> CaptureOptions:
    return CaptureOptions(limits=FAST, **kw)  # type: ignore[arg-type]


def test_a_fake_capture_is_a_bundle_the_reader_and_snapshot_builder_accept(host: FakeHost) -> None:
    host.fail(
        f"events:{DEBUG}",
        ProbeError("access-denied", f"reading {DEBUG} needs administrator rights", code=5),
    )
    problem = ProblemInfo(
        description="settings do not roam", users_affected="all", first_seen="Monday"
    )
    result = capture(
        host, options=options(problem=problem, notes="called at 9"), clock=lambda: CREATED
    )
    snap = result.to_snapshot()
    assert snap.source.kind == "live"
    assert snap.manifest is not None
    assert snap.manifest.created == CREATED and snap.manifest.timezone == "W. Europe Standard Time"
    assert (snap.manifest.computer, snap.manifest.user, snap.manifest.context) == (
        "PC-0042",
        "CONTOSO\\jdoe",
        "user",
    )
    assert snap.manifest.problem.first_seen == "Monday"
    assert snap.dsregcmd is not None and snap.dsregcmd.get("AzureAdJoined") == "YES"
    assert snap.upn == "John.Doe@contoso.com"
    assert snap.os_build is not None and str(snap.os_build) == "14393.82"
    assert snap.registry.value(SYNC, "SyncPolicy").data == 5  # type: ignore[union-attr]
    assert snap.events_in(AAD) and snap.events_in(UDR)
    states = {c.channel: c.state for c in snap.channels}
    assert states[AAD] == "captured" and states[DEBUG] == "access-denied"
    assert states["Microsoft-Windows-CloudStore/Operational"] == "not-found"
    assert snap.system.wireless_adapter_present is False and snap.system.last_boot is None
    assert snap.notes == "called at 9"
    assert snap.problems == []


def test_capture_json_records_every_step_and_missing_keys_are_not_errors(host: FakeHost) -> None:
    result = capture(host, options=options())
    log = json.loads(result.members["capture.json"])
    steps = {s["step"]: s for s in log["steps"]}
    total = 4 + len(capture_registry_keys()) + len(capture_channels()) + 1
    assert len(log["steps"]) == total
    assert steps["registry:currentversion.reg"]["state"] == "ok"
    assert steps["registry:currentversion.reg"]["members"] == ["registry/currentversion.reg"]
    missing = steps["registry:policy-settingsync.reg"]
    assert missing["state"] == "missing" and missing["error_kind"] == "not-found"
    assert steps[f"events:{DEBUG}"]["state"] == "missing"
    assert log["context"]["user_sid"] == SID
    assert log["system_sources"] == {"wireless_adapter_present": "fake"}
    assert json.loads(result.members["system.json"])["last_logon"] is None


def test_progress_arrives_in_order_and_fills_up(host: FakeHost) -> None:
    seen: list[StepProgress] = []
    thread_ids: set[int] = set()

    def progress(report: StepProgress) -> None:
        seen.append(report)
        thread_ids.add(threading.get_ident())

    result = capture(host, progress=progress, options=options())
    total = len(result.steps)
    assert thread_ids == {threading.get_ident()}  # always on the caller's thread
    assert seen[0].step == "context" and seen[0].state == "running"
    assert seen[1].step == "context" and seen[1].state == "ok"  # nothing starts before it ends
    finished = [p for p in seen if p.state != "running"]
    assert [p.finished for p in finished] == list(range(1, total + 1))
    for step in {p.step for p in seen}:
        states = [p.state for p in seen if p.step == step]
        assert states[0] == "running" and len(states) == 2
    assert all(p.total == total for p in seen)
    assert sorted(p.index for p in finished) == list(range(1, total + 1))


def test_a_hung_probe_times_out_and_the_capture_still_completes(host: FakeHost) -> None:
    host.hang("dsregcmd")
    host.hang(f"events:{AAD}")
    start = time.monotonic()
    result = capture(host, options=options())
    assert time.monotonic() - start < 6
    by_step = {s.step: s for s in result.steps}
    assert by_step["dsregcmd"].state == "timeout"
    assert "did not answer within 1.3 s" in by_step["dsregcmd"].message
    assert by_step[f"events:{AAD}"].state == "timeout"
    assert {c.channel: c.state for c in result.channels}[AAD] == "timeout"
    assert "dsregcmd-status.txt" not in result.members
    assert result.to_snapshot().upn == "John.Doe@contoso.com"


def test_cancel_stops_between_steps_and_marks_the_rest(host: FakeHost) -> None:
    host.default_delay = 0.05
    finished: list[str] = []

    def progress(report: StepProgress) -> None:
        if report.state != "running":
            finished.append(report.step)

    result = capture(
        host, progress=progress, cancel=lambda: len(finished) >= 3, options=options(max_parallel=1)
    )
    assert result.cancelled
    states = [s.state for s in result.steps]
    assert states[:3] == ["ok", "ok", "ok"] and set(states[3:]) == {"cancelled"}
    assert all(c.state == "not-captured" for c in result.channels)
    assert json.loads(result.members["capture.json"])["cancelled"] is True
    assert result.to_snapshot().manifest is not None


def test_unexpected_exceptions_and_raw_os_errors_are_contained(host: FakeHost) -> None:
    host.fail("upn", OSError(5, "Access is denied"))
    host.fail(f"registry:{CV}", RuntimeError("bug"))
    result = capture(host, options=options())
    by_step = {s.step: s for s in result.steps}
    assert by_step["upn"].state == "failed" and by_step["upn"].error_kind == "error"
    assert by_step["upn"].message == "Windows reported an error: Access is denied"
    assert by_step["registry:currentversion.reg"].message == (
        "stopped by an internal error (bug); see the log"
    )
    assert by_step["registry:currentversion.reg"].state == "failed"
    assert by_step["dsregcmd"].state == "ok"


def test_context_failure_still_gives_a_valid_bundle(host: FakeHost) -> None:
    host.fail("context", ProbeError("timeout", "context did not answer"))
    result = capture(host, options=options())
    assert result.manifest.context == "user" and result.manifest.computer is None
    assert result.to_snapshot().dsregcmd is not None


def test_another_accounts_capture_reads_the_users_hive_through_hkey_users() -> None:
    fake = make_host()
    fake.configure(
        "context",
        result=HostContext(context="system", user="NT AUTHORITY\\SYSTEM", target_user_sid=SID),
    )
    hku = SYNC.replace("HKCU", f"HKU\\{SID}")
    fake.configure(
        f"registry:{hku}", result=reg(hku, RegValue(name="SyncPolicy", type="REG_DWORD", data=5))
    )
    result = capture(fake, options=options())
    assert f"registry:{hku.lower()}" in fake.calls
    snap = result.to_snapshot()
    assert snap.manifest is not None and snap.manifest.context == "system"
    assert snap.registry.value(SYNC, "SyncPolicy").data == 5  # type: ignore[union-attr]


def test_explicit_user_sid_option_wins() -> None:
    fake = make_host()
    capture(fake, options=options(user_sid="S-1-5-21-9-9-9-1001"))
    assert any(c.startswith("registry:hku\\s-1-5-21-9-9-9-1001\\") for c in fake.calls)


def test_join_api_disagreeing_with_dsregcmd_is_a_capture_warning() -> None:
    fake = make_host(aad_join=AadJoinInfo(join_type="none"))
    result = capture(fake, options=options())
    assert any("NetGetAadJoinInformation" in w for w in result.warnings)
    assert json.loads(result.members["capture.json"])["warnings"] == result.warnings
    agreeing = make_host(aad_join=AadJoinInfo(join_type="device"))
    assert capture(agreeing, options=options()).warnings == []


def test_parallel_steps_beat_serial_ones() -> None:
    fake = make_host(default_delay=0.1)
    start = time.monotonic()
    result = capture(fake, options=options(max_parallel=6))
    assert time.monotonic() - start < 0.1 * len(result.steps) * 0.6


@pytest.mark.parametrize("name", ["bundle.esrbundle.zip", "bundle-folder"])
def test_save_writes_a_bundle_that_reads_back_the_same(
    host: FakeHost, tmp_path: Path, name: str
) -> None:
    result = capture(host, options=options(), clock=lambda: CREATED)
    written = result.save(tmp_path / name)
    with open_bundle(written) as bundle:
        assert bundle.manifest == result.manifest
        for member, data in result.members.items():
            assert bundle.read(member) == data
    assert load_snapshot(written).dsregcmd == result.to_snapshot().dsregcmd


def test_null_host_capture_reports_every_step_unavailable() -> None:
    result = capture(NullHost(), options=options())
    assert {s.state for s in result.steps} == {"missing"}
    assert {s.error_kind for s in result.steps} == {"unavailable"}
    snap = result.to_snapshot()
    assert {c.state for c in snap.channels} == {"not-captured"}
    assert result.manifest.created.tzinfo is not None


def test_default_clock_has_a_utc_offset(host: FakeHost) -> None:
    result = capture(host, options=options())
    assert result.manifest.created.utcoffset() is not None
    assert abs(result.manifest.created - datetime.now(UTC)) < timedelta(minutes=1)
