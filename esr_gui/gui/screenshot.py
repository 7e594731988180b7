"""Render the main window to a PNG once the diagnosis is shown (signals, never sleeps).

When the input is refused (or the diagnosis does not finish) the reason goes to stderr as
one line naming the input, and the PNG, still written, shows the window as it was.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QWidget

from esr_gui.gui.main_window import MainWindow
from esr_gui.gui.pipeline import Source

log = logging.getLogger(__name__)


LAYOUT_PASSES = 8


def settle_layouts() -> None:
    """Deliver pending layout requests, nested layouts included, before a grab.

    A word-wrapped label that got its text in the last event-loop pass asks its layout, then
    each parent layout, for a new height one posted event at a time; one pass of the loop is not
    always enough (the headline was cut in half under a dark palette and under Wine).
    """
    for _ in range(LAYOUT_PASSES):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def grab(widget: QWidget, path: Path) -> bool:
    """Save `widget` as a PNG, its layouts settled first; False when it could not be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    settle_layouts()
    return bool(widget.grab().save(str(path), "PNG"))


class Screenshotter(QObject):
    """Waits for `ready` (or a failure, or the time limit) in a local event loop, then grabs."""

    def __init__(
        self, window: MainWindow, path: Path, size: tuple[int, int], timeout_ms: int
    ) -> None:
        super().__init__(window)
        self.window, self.path = window, path
        self.loop = QEventLoop(self)
        self.outcome: str = "timeout"
        self.reason = f"the diagnosis did not finish within {timeout_ms // 1000} s"
        window.resize(max(size[0], window.width()), max(size[1], window.height()))
        window.ready.connect(lambda _a: self._finish("ready"))
        window.session.load_failed.connect(self._load_failed)
        window.refresh.failed.connect(self._capture_failed)
        QTimer.singleShot(timeout_ms, self.loop.quit)

    def _load_failed(self, source: Source, message: str) -> None:
        self.reason = f"could not open {source.path or source.label}: {message}"
        self._finish("failed")

    def _capture_failed(self, message: str) -> None:
        self.reason = f"the live capture failed: {message}"
        self._finish("failed")

    def _finish(self, outcome: str) -> None:
        self.outcome = outcome
        runner = self.window.ctx.runner
        if outcome == "ready" and runner.busy():
            # The fix panel is still planning: wait for the last job, not a fixed time.
            runner.busy_changed.connect(self._on_busy_changed)
            return
        # Let the layout settle first: one pass of the event loop, then quit.
        QTimer.singleShot(0, self.loop.quit)

    def _on_busy_changed(self, busy: bool) -> None:
        if not busy:
            QTimer.singleShot(0, self.loop.quit)

    def run(self) -> int:
        """0 when the diagnosed window was saved, 2 otherwise."""
        self.window.show()
        if self.outcome == "timeout":
            self.loop.exec()
        ok = grab(self.window, self.path)
        self.window.ctx.runner.shutdown()
        if self.outcome != "ready":
            log.error("screenshot: %s (%s)", self.reason, self.outcome)
            shown = f"the PNG {self.path} shows the window" if ok else "no PNG was written"
            sys.stderr.write(f"esr-gui: {self.reason} ({shown})\n")
            return 2
        if not ok:
            sys.stderr.write(f"esr-gui: could not write the screenshot to {self.path}\n")
        return 0 if ok else 2
