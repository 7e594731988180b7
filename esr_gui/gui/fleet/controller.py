"""The Fleet window's work, out of the view: scanning inputs and writing the CSV.

`FleetScanner` runs one scan at a time on the app's worker pool (`TaskRunner`) and reports
through signals; a scan started while another runs stops the older one, whose result is then
ignored. The view only shows what the signals carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal, SignalInstance

from esr_gui.core.fleet.summary import DeviceRow
from esr_gui.gui.fleet.jobs import FleetResult, ScanProgress, scan_job, write_csv
from esr_gui.gui.workers import Reporter, TaskRunner, Worker, WorkerFailure


class FleetScanner(QObject):
    """Scans fleet inputs in the background and exports rows as CSV.

    Signals: `progress(ScanProgress)`, `scanned(FleetResult)`, `scan_failed(WorkerFailure)`,
    `exported(str path, int rows)`, `export_failed(WorkerFailure)`.
    """

    progress = Signal(object)
    scanned = Signal(object)
    scan_failed = Signal(object)
    exported = Signal(str, int)
    export_failed = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.paths: tuple[str, ...] = ()
        self._worker: Worker | None = None
        self._scan_id = 0
        self._running: int | None = None

    def busy(self) -> bool:
        """True while a scan runs."""
        return self._running is not None

    def scan(self, paths: Sequence[str | Path]) -> None:
        """Scan `paths` in the background (a scan already running is stopped first)."""
        self.stop()
        wanted = tuple(str(p) for p in paths)
        self.paths = wanted
        self._scan_id += 1
        scan_id = self._running = self._scan_id

        def job(reporter: Reporter) -> FleetResult:
            return scan_job(wanted, reporter)

        worker = self.runner.run(
            "Reading the fleet",
            job,
            lambda result: self._finished(scan_id, result, self.scanned),
            lambda failure: self._finished(scan_id, failure, self.scan_failed),
            self._progress,
        )
        if self._running == scan_id:  # a synchronous pool may already have finished it
            self._worker = worker

    def stop(self) -> None:
        """Ask a running scan to stop (it returns what it has read so far)."""
        if self._worker is not None:
            self._worker.reporter.cancel()

    def abandon(self) -> None:
        """Stop the running scan and ignore its result (the window is closing)."""
        self.stop()
        self._running = None

    def _progress(self, value: object) -> None:
        if isinstance(value, ScanProgress):
            self.progress.emit(value)

    def _finished(self, scan_id: int, value: object, signal: SignalInstance) -> None:
        """Pass on a scan's end unless a newer scan was started since (or it was abandoned)."""
        if scan_id != self._running:
            return
        self._running, self._worker = None, None
        signal.emit(value)

    def export(self, dest: str, rows: Sequence[DeviceRow]) -> None:
        """Write `rows` as CSV to `dest` in the background."""
        frozen = list(rows)
        self.runner.run(
            "Exporting CSV",
            lambda _r: write_csv(dest, frozen),
            lambda path: self.exported.emit(str(path), len(frozen)),
            self.export_failed.emit,
        )


__all__ = ["FleetScanner", "WorkerFailure"]
