"""Tools › Test the network…: the endpoint tests in the worker pool, with progress and Cancel.

Only on the live device (the tests run from this PC, as the user and — when the app runs
elevated — as SYSTEM through a temporary scheduled task). The results join the snapshot
(`network.json` in a saved bundle) and the device is diagnosed again in the worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog, QWidget

from esr_gui.core.bundle.limits import NETWORK
from esr_gui.core.models.network import NetworkResults
from esr_gui.gui.pipeline import Analysis, analyse
from esr_gui.gui.workers import Reporter, TaskRunner, WorkerFailure

if TYPE_CHECKING:  # the probes load when a test is run
    from esr_gui.platform.netrun import Progress

NetworkTests = Callable[..., NetworkResults]
NOT_LIVE = (
    "The network tests run from the device itself: open the live device (the app on the "
    "Windows PC), not a bundle, a dsregcmd text or a demo."
)
NO_WINDOWS = "The network tests need Windows: run the app on the device."


class NetworkTestController(QObject):
    """Owns the action and the progress dialog; `finished(analysis, members)` when done."""

    finished = Signal(object, object)
    failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget,
        *,
        tests: NetworkTests | None,
        current: Callable[[], Analysis | None],
        members: Callable[[], dict[str, bytes] | None],
    ) -> None:
        super().__init__(parent)
        self.runner, self._tests, self._current, self._members = runner, tests, current, members
        self._parent = parent
        self._cancel = threading.Event()
        self.dialog: QProgressDialog | None = None
        self.action = QAction("Test the &network…", parent)
        self.action.setStatusTip("Test the registration, sign-in and sync endpoints from here")
        self.action.triggered.connect(self.start)

    def why_unavailable(self) -> str:
        """Why the tests cannot start now ("" when they can)."""
        if self._tests is None:
            return NO_WINDOWS
        analysis = self._current()
        if analysis is None or analysis.source.kind != "live":
            return NOT_LIVE
        return ""

    def running(self) -> bool:
        """True while a test run is in progress."""
        return self.dialog is not None

    def start(self) -> bool:
        """Start the tests in the worker pool (False when they cannot start)."""
        analysis = self._current()
        if self.why_unavailable() or self.running() or analysis is None or self._tests is None:
            return False
        self._cancel = threading.Event()
        self.dialog = self._progress_dialog()
        tests, cancel = self._tests, self._cancel

        def job(reporter: Reporter) -> tuple[Analysis, NetworkResults]:
            def progress(done: int, total: int, text: str) -> None:
                if reporter.cancelled():
                    cancel.set()
                reporter.progress((done, total, text))

            report: Progress = progress
            results = tests(analysis.snapshot, cancel=cancel, progress=report)
            snapshot = analysis.snapshot.model_copy(update={"network": results})
            return analyse(snapshot, analysis.source, raw=analysis.raw), results

        self.runner.run("Testing the network", job, self._done, self._failed, self._progress)
        return True

    def cancel(self) -> None:
        """Stop after the current step (each step is bounded in time)."""
        self._cancel.set()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling after the current step…")

    def _progress_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog("Testing the network…", "Cancel", 0, 0, self._parent)
        dialog.setWindowTitle("Test the network")
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        return dialog

    def _progress(self, value: object) -> None:
        if self.dialog is None or not isinstance(value, tuple) or self._cancel.is_set():
            return
        done, total, text = value
        self.dialog.setRange(0, max(int(total), 1))
        self.dialog.setValue(int(done))
        self.dialog.setLabelText(str(text))

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _done(self, result: tuple[Analysis, NetworkResults]) -> None:
        self._close()
        analysis, results = result
        members = dict(self._members() or {})
        if members:
            members[NETWORK] = results.model_dump_json(indent=1, exclude_none=True).encode()
        self.finished.emit(analysis, members or None)

    def _failed(self, failure: WorkerFailure) -> None:
        self._close()
        self.failed.emit(failure.message)
