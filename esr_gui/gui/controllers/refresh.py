"""Live capture: Refresh with per-step progress, and the optional auto-refresh timer.

The capture runs as one worker job (capture → snapshot → diagnosis); progress arrives as
StepProgress models and is summed up per kind ("dsregcmd ✓ registry 7/7 events 3/7").
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from esr_gui.gui.explain import set_available
from esr_gui.gui.pipeline import Analysis, Source, analyse
from esr_gui.gui.preload import big_build
from esr_gui.gui.settings import SettingsStore
from esr_gui.gui.workers import Reporter, TaskRunner, WorkerFailure
from esr_gui.platform import is_windows

if TYPE_CHECKING:  # the capture (bundle writer, step runner) loads with the first capture
    from esr_gui.platform.capture_models import StepProgress
    from esr_gui.platform.host import Host

log = logging.getLogger(__name__)
HostFactory = Callable[[], "Host"]
KIND_LABELS = {
    "context": "context",
    "upn": "UPN",
    "dsregcmd": "dsregcmd",
    "aad-join": "join info",
    "registry": "registry",
    "events": "events",
    "system": "system",
}
AUTO_REFRESH_CHOICES = (
    (0, "&Off"),
    (5, "Every &5 minutes"),
    (15, "Every &15 minutes"),
    (60, "Every &hour"),
)
NOT_WINDOWS = "Live capture needs Windows: this is not the device. Open a bundle instead."


@dataclass
class ProgressTally:
    """Per kind: how many steps there are and how many finished (and whether any failed)."""

    totals: dict[str, int] = field(default_factory=dict)
    done: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    finished: int = 0
    total: int = 0

    def add(self, step: StepProgress) -> None:
        """Count one progress report."""
        self.total = step.total
        self.finished = step.finished
        if step.state == "running":
            self.totals[step.kind] = self.totals.get(step.kind, 0) + 1
            return
        self.done[step.kind] = self.done.get(step.kind, 0) + 1
        if step.state in ("failed", "timeout"):
            self.failed[step.kind] = self.failed.get(step.kind, 0) + 1

    def text(self) -> str:
        """`dsregcmd ✓ registry 3/7 events 1/7 (1 failed)`."""
        parts = []
        for kind, total in self.totals.items():
            done = self.done.get(kind, 0)
            label = KIND_LABELS.get(kind, kind)
            mark = "✓" if done >= total and total == 1 else f"{done}/{total}"
            if done >= total > 1:
                mark += " ✓"
            if self.failed.get(kind):
                mark += f" ({self.failed[kind]} failed)"
            parts.append(f"{label} {mark}")
        return "Refreshing… " + "  ".join(parts)


class RefreshController(QObject):
    """Re-captures the live device. `progress(text, finished, total)` while it runs."""

    progress = Signal(str, int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        host_factory: HostFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._host_factory = host_factory
        self._running = False
        self._tally = ProgressTally()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_timer)
        self.last_capture_members: dict[str, bytes] | None = None

    @property
    def available(self) -> bool:
        """True when a live capture can run here."""
        return self._host_factory is not None or is_windows()

    def why_unavailable(self) -> str:
        """The tooltip of a disabled Refresh."""
        return "" if self.available else NOT_WINDOWS

    def running(self) -> bool:
        """True while a capture runs."""
        return self._running

    def refresh(self) -> bool:
        """Start a capture unless one runs already or none is possible; True when started."""
        if self._running or not self.available:
            return False
        self._running = True
        self._tally = ProgressTally()
        self.progress.emit("Refreshing… starting", 0, 0)
        self.runner.run("Live capture", self._job, self._on_done, self._on_failed, self._on_step)
        return True

    def _job(self, reporter: Reporter) -> tuple[Analysis, dict[str, bytes]]:
        from esr_gui.platform.capture import capture  # noqa: PLC0415 — in the worker

        host = self._make_host()
        result = capture(host, progress=reporter.progress, cancel=reporter.cancelled)
        with big_build():
            snapshot = result.to_snapshot(kind="live")
            members = result.all_members()
            analysis = analyse(snapshot, Source("live", name=result.manifest.computer), members)
        return analysis, members

    def _make_host(self) -> Host:
        if self._host_factory is not None:
            return self._host_factory()
        from esr_gui.platform import live_host  # noqa: PLC0415 — Windows only

        return live_host()

    def _on_step(self, step: object) -> None:
        from esr_gui.platform.capture_models import StepProgress  # noqa: PLC0415 — loaded by now

        if isinstance(step, StepProgress):
            self._tally.add(step)
            self.progress.emit(self._tally.text(), self._tally.finished, self._tally.total)

    def _on_done(self, result: tuple[Analysis, dict[str, bytes]]) -> None:
        self._running = False
        analysis, members = result
        self.last_capture_members = members
        self.finished.emit(analysis)

    def _on_failed(self, failure: WorkerFailure) -> None:
        self._running = False
        self.failed.emit(failure.message)

    def set_auto_refresh(self, minutes: int) -> None:
        """Re-capture every `minutes` (0 stops it)."""
        self.timer.stop()
        if minutes > 0 and self.available:
            self.timer.start(minutes * 60_000)

    def attach_menu(
        self, menu: QMenu, store: SettingsStore, announce: Callable[[str], None]
    ) -> None:
        """View › Auto-refresh: one checkable interval each, remembered in the settings."""
        group = QActionGroup(menu)
        chosen = store.settings.auto_refresh_minutes
        for minutes, text in AUTO_REFRESH_CHOICES:
            action = QAction(text, group)
            action.setCheckable(True)
            action.setChecked(minutes == chosen)
            set_available(action, self.available, self.why_unavailable())
            action.triggered.connect(lambda _=False, m=minutes: self._choose(m, store, announce))
            menu.addAction(action)
        menu.setToolTip(self.why_unavailable())
        menu.setToolTipsVisible(True)
        self.set_auto_refresh(chosen)

    def _choose(self, minutes: int, store: SettingsStore, announce: Callable[[str], None]) -> None:
        store.settings.auto_refresh_minutes = minutes
        self.set_auto_refresh(minutes)
        announce(f"Auto-refresh every {minutes} minutes." if minutes else "Auto-refresh is off.")

    def _on_timer(self) -> None:
        log.info("auto-refresh")
        self.refresh()
