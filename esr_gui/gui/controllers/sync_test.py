"""The two-device sync test: lock to trigger a sync, then watch for sync events for 5 minutes.

The lock goes through the lock remedy (plan → confirm → run). Then a countdown runs and the
sync channels are re-read every WATCH_INTERVAL seconds in a worker; new sync events since the
start are listed. Off Windows the test is disabled with a tooltip saying why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from esr_gui.core.data import capture_channels
from esr_gui.core.models.events import Event
from esr_gui.core.remedy.confirm import Confirmation
from esr_gui.core.remedy.plans import Plan
from esr_gui.gui.dialogs import Dialogs
from esr_gui.gui.evidence_text import short_channel
from esr_gui.gui.views.events_pane import EventsPane
from esr_gui.gui.workers import Reporter, TaskRunner, WorkerFailure

if TYPE_CHECKING:  # the capture and the remedy engine load when a test first runs (start-up)
    from esr_gui.platform.host import Host
    from esr_gui.platform.remedies import RemedyEngine

log = logging.getLogger(__name__)
TEST_SECONDS = 300
WATCH_INTERVAL = 30
TICK_MS = 1000
LOCK_REMEDY = "remedy.lock-to-sync"
INTRO = (
    "Change a setting on this PC (e.g. move the taskbar), start the test, and watch the second PC."
)
READY = "Lock the screen to trigger a sync, then watch for sync events for 5 minutes"
ONLY_LIVE = "Only on the live device: run the app on the Windows PC itself."
NO_LIVE_DEVICE = (
    "The sync test needs the live device (the app running on the Windows PC itself): "
    "what is open here is a bundle, a dsregcmd text or a demo."
)


class SyncTestController(QObject):
    """Runs the test for the EventsPane; `finished(text)` with what was seen."""

    finished = Signal(str)

    def __init__(
        self,
        pane: EventsPane,
        runner: TaskRunner,
        *,
        dialogs: Dialogs,
        engine: Callable[[], RemedyEngine],
        host_factory: Callable[[], Host] | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane, self.runner, self.dialogs = pane, runner, dialogs
        self._engine = engine
        self._host_factory = host_factory
        self._left = 0
        self._started: datetime | None = None
        self._seen: dict[tuple[str, int | None, int], Event] = {}
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        pane.sync_test_requested.connect(self.start)
        self._show_idle()

    @property
    def available(self) -> bool:
        """True when a live device is at hand."""
        return self._host_factory is not None

    def running(self) -> bool:
        """True during the countdown."""
        return self._tick.isActive()

    def why_unavailable(self) -> str:
        """Why the test cannot start here ("" when it can)."""
        return "" if self.available else NO_LIVE_DEVICE

    def _show_idle(self, status: str = "") -> None:
        if self.available:
            self.pane.set_sync_test(True, READY, status or INTRO)
        else:
            self.pane.set_sync_test(False, NO_LIVE_DEVICE, status or ONLY_LIVE)

    def start(self) -> None:
        """Plan the lock remedy, confirm it, run it, then start watching."""
        if not self.available or self.running():
            return
        engine = self._engine
        self.runner.run(
            "Planning the lock",
            lambda _r: engine().plan(LOCK_REMEDY),
            self._on_plan,
            self._on_failed,
        )

    def _on_plan(self, plan: Plan) -> None:
        if not self.dialogs.confirm_plan(self.pane, plan):
            self._show_idle("Sync test not started: you cancelled.")
            return
        engine = self._engine()
        confirmation = Confirmation.of(plan, via="gui-dialog", by=engine.env.user)
        self.runner.run(
            "Locking to sync",
            lambda _r: engine.run(plan, confirmation),
            self._on_locked,
            self._on_failed,
        )

    def _on_locked(self, result: object) -> None:
        del result
        self._started = datetime.now().astimezone()
        self._seen.clear()
        self._left = TEST_SECONDS
        self._tick.setInterval(TICK_MS)
        self._tick.start()
        self.pane.set_sync_test(False, "The sync test is running", self._status())

    def _on_tick(self) -> None:
        self._left -= 1
        if self._left % WATCH_INTERVAL == 0:
            self._watch()
        if self._left <= 0:
            self._tick.stop()
            text = self._status(final=True)
            self._show_idle(text)
            self.finished.emit(text)
            return
        self.pane.set_sync_test(False, "The sync test is running", self._status())

    def _watch(self) -> None:
        if self._host_factory is None:
            return
        from esr_gui.platform.capture import capture  # noqa: PLC0415 — on first use
        from esr_gui.platform.capture_models import CaptureOptions  # noqa: PLC0415

        factory = self._host_factory
        options = CaptureOptions(
            channels=tuple(c for c in capture_channels() if "SettingSync" in c.name)
        )

        def job(reporter: Reporter) -> list[Event]:
            result = capture(factory(), options=options, cancel=reporter.cancelled)
            return list(result.to_snapshot(kind="live").events)

        self.runner.run("Watching for sync events", job, self._on_events, self._on_failed)

    def _on_events(self, events: list[Event]) -> None:
        start = self._started
        for event in events:
            if event.time is not None and start is not None and event.time >= start:
                self._seen[(event.channel, event.record_id, event.event_id)] = event

    def _status(self, final: bool = False) -> str:
        minutes, seconds = divmod(max(self._left, 0), 60)
        seen = sorted(self._seen.values(), key=lambda e: e.time or datetime.min)
        what = (
            ", ".join(f"{e.event_id} ({short_channel(e.channel)})" for e in seen[-5:]) or "none yet"
        )
        if final:
            verdict = "Sync events were seen." if seen else "No sync event was seen on this PC."
            return (
                f"Sync test finished: {verdict} Seen: {what}. Did the change reach the second PC?"
            )
        return f"Watching for sync events: {minutes}:{seconds:02d} left · seen {len(seen)}: {what}"

    def _on_failed(self, failure: WorkerFailure) -> None:
        log.warning("sync test: %s", failure.message)
        if not self.running():
            self._show_idle(f"Sync test stopped: {failure.message}")
