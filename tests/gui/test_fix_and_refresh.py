"""A remedy end to end (confirm rejected, accepted, before/after, restore) and a live refresh
over a slow FakeHost while the event loop keeps turning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QThreadPool, QTimer

from esr_gui.core.remedy.catalog import spec
from esr_gui.gui.exports import source_members
from esr_gui.gui.pipeline import Source
from esr_gui.platform.fake import FakeHost
from tests.gui.conftest import FakeDialogs, WindowFactory

CLEANUP = "remedy.broker-plugin-cleanup"
PACKAGE = ("AppData", "Local", "Packages", "Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy")


def make_profile(root: Path) -> tuple[Path, list[Path]]:
    """A fake user profile with the BrokerPlugin files the cleanup targets (and one it must not)."""
    package = root.joinpath(*PACKAGE)
    targets = [
        package / "Settings" / "settings.dat",
        package / "AC" / "TokenBroker" / "Accounts" / "1a2b.tbacct",
    ]
    for number, path in enumerate(targets):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"token data %d" % number)
    keep = package / "LocalState" / "keep.txt"
    keep.parent.mkdir(parents=True)
    keep.write_text("not a target", encoding="utf-8")
    return root, targets


def result_text(window: Any) -> str:
    return window.ui.fixPanel.ui.resultView.toPlainText()


def mixed_case_pc() -> FakeHost:
    """This PC, live: the mixed-case-upn demo's data answered by a FakeHost (PC-FAKE)."""
    members = source_members(Source("demo", name="mixed-case-upn"), None)
    return FakeHost.from_members(members)


def test_cleanup_remedy_rejected_then_accepted_then_restored(
    make_window: WindowFactory, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    """From the demo Run is off (not this PC); "Capture this PC and plan again" captures
    it live, and the plan made from that capture runs on the chosen profile."""
    host = mixed_case_pc()
    window = make_window(host_factory=lambda: host)
    window.open_source(Source("demo", name="mixed-case-upn"))
    profile, targets = make_profile(tmp_path / "Users" / "jdoe")
    panel = window.ui.fixPanel
    assert window.ui.checklist.select_finding("ki.mixed-case-upn")
    assert panel.select_remedy(CLEANUP)
    assert panel.ui.profileButton.isVisibleTo(window)
    dialogs.paths = [str(profile)]
    panel.ui.profileButton.click()
    assert not panel.ui.runButton.isEnabled()
    assert "demo data" in panel.run_reason() and "not from this PC" in panel.run_reason()
    assert panel.capture_offer() == "Capture this PC and plan again"
    panel.ui.captureButton.click()  # the capture and the new plan run on the sync pool
    assert window.session.analysis is not None
    assert window.session.analysis.source.kind == "live"
    plan = window.fix.plan
    assert plan is not None and plan.runnable, plan.refusal if plan else None
    assert plan.remedy_id == CLEANUP and plan.source is not None
    assert plan.source.kind == "live" and plan.target is not None
    assert plan.target.computer == "PC-FAKE" and plan.target.profile == str(profile)
    assert len(plan.files) == len(targets) and panel.capture_offer() == ""
    assert panel.ui.profileLabel.text() == "Profile: jdoe"  # the profile the plan found
    plan_text = panel.ui.planView.toPlainText()
    assert "bytes" in plan_text and "sha256" in plan_text and "Administrator rights" in plan_text
    assert panel.ui.runButton.isEnabled()

    dialogs.confirm = False
    panel.ui.runButton.click()
    assert ("confirm", CLEANUP) in dialogs.calls
    assert all(p.exists() for p in targets)
    assert "you cancelled, nothing changed" in result_text(window)

    dialogs.confirm = True
    panel.ui.runButton.click()
    assert not any(p.exists() for p in targets)
    assert (profile.joinpath(*PACKAGE) / "LocalState" / "keep.txt").exists()
    text = result_text(window)
    assert "Done" in text and "Before / after" in text
    assert "captured again after the run" in text
    assert "Mixed-case UPN" in text or "ki.mixed-case-upn" in text
    backups = list((tmp_path / "data").rglob("*.zip"))
    assert len(backups) == 1

    assert_restores(window, dialogs, backups[0], targets)


def assert_restores(window: Any, dialogs: FakeDialogs, backup: Path, targets: list[Path]) -> None:
    dialogs.paths = [str(backup)]
    window.ui.actionRestoreBackup.trigger()
    asked = [title for name, title in dialogs.calls if name == "confirm_restore"]
    assert len(asked) == 1 and asked[0].startswith("Restore ") and "BrokerPlugin" in asked[0]
    assert all(p.exists() for p in targets)
    assert "restored" in result_text(window).lower()


def test_guidance_remedy_before_after(make_window: WindowFactory, dialogs: FakeDialogs) -> None:
    window = make_window()
    window.open_source(Source("demo", name="hybrid-not-registered"))
    finding = next(
        f for f in window.session.analysis.findings if "remedy.sign-out-in" in f.remedies
    )
    window.ui.checklist.select_finding(finding.id)
    panel = window.ui.fixPanel
    assert panel.select_remedy("remedy.sign-out-in")
    assert panel.ui.runButton.isEnabled(), panel.ui.runButton.toolTip()
    panel.ui.runButton.click()
    text = result_text(window)
    assert "Before / after" in text and finding.title in text
    assert "Unchanged" in text  # the same bundle, diagnosed again


def test_demo_run_is_off_with_the_reason_and_the_capture_offer(
    make_window: WindowFactory,
) -> None:
    """Off Windows: a device-changing fix of a demo is off, and the offer says why this PC
    cannot be captured here; a page that changes nothing only needs Windows."""
    window = make_window()
    # A demo whose headline fix changes the device (hybrid-not-registered now heads with
    # its network cause, which no catalogue remedy fixes).
    window.open_source(Source("demo", name="empty-settings-url"))
    window.go_to_headline_fix()
    panel = window.ui.fixPanel
    remedy_id = window.session.analysis.headline.remedy
    assert remedy_id is not None
    assert panel.current_remedy() == remedy_id and spec(remedy_id).changes_device
    assert not panel.ui.runButton.isEnabled()
    reason = panel.run_reason()
    assert "demo data (“empty-settings-url”)" in reason and "not from this PC" in reason
    offer = panel.capture_offer()
    assert offer.startswith("Capture this PC and plan again — ")
    assert "Cannot capture here: live capture needs Windows" in offer
    assert not panel.ui.captureButton.isEnabled()
    page = next(
        (f.id, r)
        for f in window.session.analysis.findings
        for r in f.remedies
        if spec(r).kind == "open"
    )
    window.fix.show_finding(page[0])
    assert panel.select_remedy(page[1])
    assert "only run on the device" in panel.ui.runButton.toolTip()
    assert panel.capture_offer() == ""


def slow_host(delay: float) -> FakeHost:
    members = source_members(Source("demo", name="event-1098-token-broker"), None)
    return FakeHost.from_members(members, default_delay=delay)


def test_refresh_reports_progress_and_keeps_the_event_loop_turning(
    make_window: WindowFactory, qtbot: Any
) -> None:
    host = slow_host(0.05)
    pool = QThreadPool()
    window = make_window(pool=pool, host_factory=lambda: host)
    assert window.ui.actionRefresh.isEnabled()
    texts: list[str] = []
    window.refresh.progress.connect(lambda text, _d, _t: texts.append(text))
    beats: list[int] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: beats.append(len(texts)))
    heartbeat.start()
    with qtbot.waitSignal(window.ready, timeout=30_000):
        assert window.refresh.refresh()
        assert not window.refresh.refresh()  # one capture at a time
    heartbeat.stop()
    pool.waitForDone()
    assert len(texts) > 5
    assert any("dsregcmd ✓" in t for t in texts)
    assert any("events" in t for t in texts)
    assert len(beats) > 5, "the GUI thread kept turning while the capture ran"
    assert len(set(beats)) > 2, "progress arrived while the capture was still running"
    analysis = window.session.analysis
    assert analysis.source.kind == "live"
    assert "live capture" in window.ui.header.ui.deviceLabel.text()
    assert window.ui.eventsPane.model.rowCount() == len(analysis.snapshot.events) > 0
    assert not window.progress.isVisible()


def test_sync_test_is_offered_live_and_can_be_declined(
    make_window: WindowFactory, dialogs: FakeDialogs
) -> None:
    window = make_window(host_factory=lambda: slow_host(0.0))
    button = window.ui.eventsPane.ui.syncTestButton
    assert button.isEnabled()
    dialogs.confirm = False
    button.click()
    assert ("confirm", "remedy.lock-to-sync") in dialogs.calls
    assert "you cancelled" in window.ui.eventsPane.ui.syncTestStatus.text()
    assert not window.sync_test.running()


def test_auto_refresh_setting(make_window: WindowFactory) -> None:
    window = make_window(host_factory=lambda: slow_host(0.0))
    actions = [a for a in window.ui.menuAutoRefresh.actions() if a.isCheckable()]
    assert actions[0].isChecked()
    actions[2].trigger()
    assert window.refresh.timer.isActive() and window.refresh.timer.interval() == 15 * 60_000
    assert window.ctx.store.settings.auto_refresh_minutes == 15
    actions[0].trigger()
    assert not window.refresh.timer.isActive()


class LockEngine:
    """A remedy engine whose Run only records the lock (the real one needs Windows)."""

    def __init__(self, real: Any) -> None:
        self.real, self.env, self.ran = real, real.env, []

    def plan(self, remedy_id: str, *args: Any, **kwargs: Any) -> Any:
        return self.real.plan(remedy_id, *args, **kwargs)

    def run(self, plan: Any, confirmation: Any) -> Any:
        from esr_gui.core.remedy.results import RemedyResult

        self.ran.append(plan.remedy_id)
        return RemedyResult(remedy_id=plan.remedy_id, status="done", message="locked")


def test_sync_test_counts_down_and_lists_new_sync_events(
    make_window: WindowFactory, dialogs: FakeDialogs, qtbot: Any, monkeypatch: Any
) -> None:
    from datetime import datetime, timedelta

    from esr_gui.core.models.events import Event
    from esr_gui.core.parse.events_write import events_to_xml
    from esr_gui.gui.controllers import sync_test

    monkeypatch.setattr(sync_test, "TEST_SECONDS", 4)
    monkeypatch.setattr(sync_test, "WATCH_INTERVAL", 2)
    monkeypatch.setattr(sync_test, "TICK_MS", 5)
    soon = datetime.now().astimezone() + timedelta(minutes=1)
    channel = "Microsoft-Windows-SettingSync/Operational"
    fresh = Event(
        channel=channel,
        provider="Microsoft-Windows-SettingSync",
        event_id=6003,
        level=4,
        time=soon,
        record_id=7,
    )
    host = FakeHost(channels={channel: events_to_xml([fresh], root=True).encode("utf-8")})
    window = make_window(host_factory=lambda: host)
    engine = LockEngine(window.fix.engine)
    window.fix._engine = engine
    finished: list[str] = []
    window.sync_test.finished.connect(finished.append)
    window.ui.eventsPane.ui.syncTestButton.click()
    assert engine.ran == ["remedy.lock-to-sync"]
    assert window.sync_test.running()
    qtbot.waitUntil(lambda: bool(finished), timeout=10_000)
    assert "Sync events were seen" in finished[0] and "6003" in finished[0]
    assert window.ui.eventsPane.ui.syncTestButton.isEnabled()


def test_capture_and_plan_again_on_a_pc_that_no_longer_needs_the_fix(
    make_window: WindowFactory,
) -> None:
    """The demo wants the registration task; this PC, captured, is healthy: the panel says
    the remedy is no longer offered instead of planning it."""
    members = source_members(Source("demo", name="healthy-aad-joined"), None)
    host = FakeHost.from_members(members)
    window = make_window(host_factory=lambda: host)
    window.open_source(Source("demo", name="hybrid-not-registered"))
    window.fix.show_finding("prereq.device-joined")
    panel = window.ui.fixPanel
    assert panel.select_remedy("remedy.run-device-join-task")
    remedy_id = panel.current_remedy()
    assert spec(remedy_id).changes_device and panel.ui.captureButton.isEnabled()
    panel.ui.captureButton.click()
    assert window.session.analysis.source.kind == "live"
    assert panel.current_remedy() != remedy_id
    assert "no longer offers “Start the device registration task now”" in result_text(window)


def test_capture_and_plan_again_says_when_the_capture_fails(make_window: WindowFactory) -> None:
    """A capture the panel asked for that fails is told in the panel, not left 'Capturing…'."""
    broken: list[bool] = []

    def host() -> FakeHost:
        if broken:
            raise OSError("the capture could not start (test)")
        return mixed_case_pc()

    window = make_window(host_factory=host)
    window.open_source(Source("demo", name="hybrid-not-registered"))
    window.fix.show_finding("prereq.device-joined")
    panel = window.ui.fixPanel
    assert panel.select_remedy("remedy.run-device-join-task")
    assert panel.ui.captureButton.isEnabled()
    broken.append(True)
    panel.ui.captureButton.click()
    text = result_text(window)
    assert "Capturing this PC" not in text
    assert "The capture of this PC failed" in text and "could not start (test)" in text
    assert panel.capture_offer().startswith("Capture this PC and plan again")
