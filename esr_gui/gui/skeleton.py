"""The start-up skeleton: the window's frame with a progress line, painted before the core,
pydantic and the panes are imported (issue 19, `first_paint_ratio` in `make bench`).

It imports nothing of the app but Qt, so the technician sees the window within a bare Qt
window's start time; the main window replaces it, at the same place and size, once built.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

SKELETON_SIZE = (1280, 800)
STARTING = "Starting ESR Troubleshooter: loading the diagnosis engine…"


class StartupSkeleton(QMainWindow):
    """An empty main-window frame: title, a one-line message and a busy progress bar."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("StartupSkeleton")
        self.setWindowTitle("ESR Troubleshooter")
        self.resize(*SKELETON_SIZE)
        # Centred by stretches, not alignment flags: the first use of PySide6's `Qt` namespace
        # costs ~18 ms, which the bare window does not pay either.
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.addStretch(1)
        self.message = QLabel(STARTING, body)
        self.progress = QProgressBar(body)
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
        self.setCentralWidget(body)


def show_skeleton(app: QApplication) -> StartupSkeleton:
    """Show the skeleton and let Qt paint it now, before the caller's long imports."""
    skeleton = StartupSkeleton()
    skeleton.show()
    app.processEvents()  # expose and paint while the event loop is not yet running
    return skeleton


def hand_over(skeleton: StartupSkeleton | None, window: QWidget) -> None:
    """Show the main window (it restores its own saved size and place), then close the
    skeleton, so there is never a moment without a window."""
    window.show()
    if skeleton is not None:
        skeleton.close()
        skeleton.deleteLater()
