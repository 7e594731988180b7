"""The start-up skeleton: the window's frame with a progress line, painted before the core,
pydantic and the panes are imported (issue 19, `first_paint_ratio` in `make bench`).

It imports nothing of the app but Qt, so the technician sees the window within a bare Qt
window's start time; the main window replaces it, at the same place and size, once built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

if TYPE_CHECKING:  # each PySide6 class a module touches costs start-up time
    from PySide6.QtGui import QPaintEvent

SKELETON_SIZE = (1280, 800)
# Go on with the start even when no paint comes (a window shown minimised or off screen).
UNPAINTED_GRACE_MS = 300
STARTING = "Starting ESR Troubleshooter: loading the diagnosis engine…"


class StartupSkeleton(QWidget):
    """A top-level window of the main window's size: title, a one-line message and a busy
    progress bar. A plain widget, not a QMainWindow: a main window with a central widget lays
    it out through a geometry animation object, and any application-wide Python event filter
    (the bench's paint watch) then builds PySide6 wrapper types for it
    before the first paint (~30 ms)."""

    def __init__(self, then: Callable[[], None] = lambda: None) -> None:
        super().__init__()
        self._then: Callable[[], None] | None = then
        self.setObjectName("StartupSkeleton")
        self.setWindowTitle("ESR Troubleshooter")
        self.resize(*SKELETON_SIZE)
        # Centred by stretches, not alignment flags: the first use of PySide6's `Qt` namespace
        # costs ~18 ms, which the bare window does not pay either.
        column = QVBoxLayout(self)
        column.addStretch(1)
        self.message = QLabel(STARTING, self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: the length of the start is not known
        self.progress.setFixedWidth(360)
        self.progress.setAccessibleName("Start-up progress")
        for widget in (self.message, self.progress):
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(widget)
            row.addStretch(1)
            column.addLayout(row)
        column.addStretch(2)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Once painted, let the event loop go on with the start (`then`)."""
        super().paintEvent(event)
        self._go_on()

    def _go_on(self) -> None:
        then, self._then = self._then, None
        if then is not None:  # once: the first paint, or the grace timer, whichever comes first
            QTimer.singleShot(0, then)


def show_skeleton(then: Callable[[], None]) -> StartupSkeleton:
    """Show the skeleton; `then` (the long imports and the main window) runs from the event
    loop once the skeleton has painted, so the start never pumps events by hand."""
    skeleton = StartupSkeleton(then)
    skeleton.show()
    QTimer.singleShot(UNPAINTED_GRACE_MS, skeleton._go_on)
    return skeleton


def hand_over(skeleton: StartupSkeleton | None, window: QWidget) -> None:
    """Show the main window (it restores its own saved size and place), then close the
    skeleton, so there is never a moment without a window."""
    window.show()
    if skeleton is not None:
        skeleton.close()
        skeleton.deleteLater()
