"""File › Compare two captures…: pick the earlier and the later capture, load and diagnose both
in the worker pool (never on the GUI thread), and show them side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from esr_gui.core.compare import Comparison, compare_captures
from esr_gui.core.compare.load import CaptureError
from esr_gui.gui.workers import Reporter, TaskRunner, WorkerFailure

if TYPE_CHECKING:  # the comparison window loads when one is first shown
    from esr_gui.gui.dialogs import Dialogs
    from esr_gui.gui.views.compare_window import CompareWindow

PICK_BEFORE = "Compare: the earlier capture (before)"
PICK_AFTER = "Compare: the later capture (after)"
SIDE_NAMES = {"A": "The earlier capture", "B": "The later capture"}
TASK = "Comparing two captures"


class CompareController(QObject):
    """Owns the File menu action; `shown(window)` once a comparison is on screen."""

    shown = Signal(object)

    def __init__(self, parent: QWidget, runner: TaskRunner, dialogs: Dialogs) -> None:
        super().__init__(parent)
        self._parent, self.runner, self.dialogs = parent, runner, dialogs
        self.windows: list[CompareWindow] = []
        self.action = QAction("Co&mpare two captures…", parent)
        self.action.setObjectName("actionCompare")
        self.action.setStatusTip(
            "Compare two captures of a device (before and after a fix): verdicts and fields "
            "that changed"
        )
        self.action.triggered.connect(self.start)

    def start(self, start_dir: str = "") -> bool:
        """Ask for both captures and compare them in the pool (False when the user cancels)."""
        before = self.dialogs.open_capture(self._parent, PICK_BEFORE, start_dir)
        if not before:
            return False
        after = self.dialogs.open_capture(self._parent, PICK_AFTER, before)
        if not after:
            return False
        self.compare(before, after)
        return True

    def compare(self, before: str, after: str) -> None:
        """Load, diagnose and compare `before` and `after` in the worker pool."""

        def job(_reporter: Reporter) -> Comparison:
            return compare_captures(before, after)[0]

        self.runner.run(TASK, job, self._show, self._failed)

    def _show(self, comparison: object) -> None:
        from esr_gui.gui.views.compare_window import CompareWindow  # noqa: PLC0415

        assert isinstance(comparison, Comparison)
        window = CompareWindow(comparison, self._parent)
        self.windows.append(window)
        window.finished.connect(lambda _code: self._forget(window))
        window.show()
        self.shown.emit(window)

    def _forget(self, window: CompareWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def _failed(self, failure: WorkerFailure) -> None:
        error = failure.error
        if isinstance(error, CaptureError):
            message = f"{SIDE_NAMES[error.side]} could not be read: {error.reason}"
        else:
            message = failure.message
        self.dialogs.error(self._parent, "Could not compare", message, failure.details)
