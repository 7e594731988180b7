"""The Fleet window: a folder of bundles and saved check results as one sortable table.

Scanning runs on the app's worker pool (`TaskRunner`); the GUI thread only receives
progress and the finished summary. A row opens the device's full view through
`open_device(path)` (and the `device_requested` signal); rows from saved check results
have no bundle to open and say so.

Per device the table shows its latest readable capture (`core.fleet`); "All captures" shows
every capture instead, and the "Captures of …" tab lists the selected device's history,
unreadable captures included, each with its source.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from esr_gui.core.fleet import DeviceRow, FleetSummary
from esr_gui.core.fleet_output import summary_line
from esr_gui.gui.dialogs import QtDialogs
from esr_gui.gui.explain import name_toolbar_buttons, set_available
from esr_gui.gui.fleet.jobs import FleetResult, ScanProgress, scan_job, write_csv
from esr_gui.gui.fleet.models import (
    FINDING_ID_ROLE,
    ROW_ROLE,
    SORT_ROLE,
    FleetErrorsModel,
    FleetTableModel,
    FleetTotalsModel,
)
from esr_gui.gui.fleet.proxy import FleetFilterProxy
from esr_gui.gui.fleet.widgets import (
    FilterBar,
    elide_paths,
    fit_columns,
    fit_paths,
    header_label,
    path_list_view,
    status_widgets,
    table_view,
)
from esr_gui.gui.workers import Reporter, TaskRunner, Worker, WorkerFailure

EMPTY_TEXT = (
    "No folder open. Choose Open folder… and pick a folder of capture bundles (folders or "
    ".zip), saved `esr-diag check --json` results or `--log-json` files."
)
NO_BUNDLE = "This row comes from a saved check result: there is no bundle to open."
NO_SELECTION = "Select a device in the table first."
NOTHING_TO_STOP = "Nothing to stop: no folder is being read."
READING = "A folder is being read: stop it first, or wait until it is done."
NOTHING_TO_EXPORT = "No devices to export yet: open a folder first."
HISTORY_TITLE = "Captures of the selected device"
HISTORY_TAB = 2


class FleetDialogs(Protocol):
    """The questions the Fleet window asks (the app's `Dialogs` satisfies it)."""

    def choose_folder(self, parent: QWidget, title: str, start: str) -> str | None: ...

    def save_path(self, parent: QWidget, title: str, start: str, filter_: str) -> str | None: ...

    def error(self, parent: QWidget, title: str, message: str, details: str = "") -> None: ...


class FleetWindow(QMainWindow):
    """Devices × findings for a whole folder; drill into one device; export CSV."""

    device_requested = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        open_device: Callable[[Path], None] | None = None,
        *,
        runner: TaskRunner | None = None,
        dialogs: FleetDialogs | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("FleetWindow")
        self.setWindowTitle("Fleet — ESR Troubleshooter")
        self._open_device = open_device
        self.runner = runner if runner is not None else TaskRunner(parent=self)
        self.dialogs: FleetDialogs = dialogs if dialogs is not None else QtDialogs()
        self._paths: tuple[str, ...] = ()
        self._worker: Worker | None = None
        self._scan_id = 0
        self._running: int | None = None
        self._summary: FleetSummary | None = None
        self._build_models()
        self._build_actions()
        self._build_body()
        self._connect()
        self._show_summary(None)
        self.resize(1200, 720)

    # construction -------------------------------------------------------------------------
    def _build_models(self) -> None:
        self.devices = FleetTableModel(self)
        self.proxy = FleetFilterProxy(self)
        self.proxy.setSourceModel(self.devices)
        self.totals = FleetTotalsModel(self)
        self.totals_proxy = QSortFilterProxyModel(self)
        self.totals_proxy.setSourceModel(self.totals)
        self.totals_proxy.setSortRole(SORT_ROLE)
        self.errors = FleetErrorsModel(self)
        self.history = FleetTableModel(self)

    def _build_actions(self) -> None:
        bar = QToolBar("Fleet", self)
        bar.setObjectName("fleetToolBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        self.open_action = QAction("&Open folder…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.setToolTip("Read a folder of bundles and saved check results")
        self.stop_action = QAction("&Stop", self)
        self.stop_action.setToolTip("Stop reading the folder (what was read stays)")
        self.device_action = QAction("Open &device", self)
        self.device_action.setToolTip("Open the selected device's bundle in the main window")
        self.export_action = QAction("&Export CSV…", self)
        self.export_action.setToolTip("Save the devices shown (filters apply) as CSV")
        for action in (self.open_action, self.stop_action, self.device_action, self.export_action):
            bar.addAction(action)
        name_toolbar_buttons(bar)
        set_available(self.stop_action, False, NOTHING_TO_STOP)
        set_available(self.device_action, False, NO_SELECTION)
        set_available(self.export_action, False, NOTHING_TO_EXPORT)

    def _build_tabs(self) -> QTabWidget:
        """Below the table: totals per check, unreadable inputs, the selected device's history."""
        self.totals_view = table_view("fleetTotals", "Devices per check: fail, warn, unknown")
        self.totals_view.setModel(self.totals_proxy)
        self.errors_view = path_list_view("fleetErrors", self.errors.copy_text)
        self.errors_view.setModel(self.errors)
        self.history_view = table_view("fleetHistory", "Every capture of the selected device")
        self.history_view.setModel(self.history)
        self.history_view.setSortingEnabled(False)
        elide_paths(self.history_view)
        tabs = QTabWidget()
        tabs.addTab(self.totals_view, "Totals per check")
        tabs.addTab(self.errors_view, "Could not read")
        tabs.addTab(self.history_view, HISTORY_TITLE)
        return tabs

    def _build_body(self) -> None:
        self.header = header_label()
        self.table = table_view("fleetDevices", "Devices and the status of each check")
        self.table.setModel(self.proxy)
        elide_paths(self.table)
        self.tabs = self._build_tabs()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 220])
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.header)
        self.filters = FilterBar()
        self.state_combo = self.filters.state_combo
        self.finding_combo = self.filters.finding_combo
        self.filter_edit = self.filters.filter_edit
        self.all_checks = self.filters.all_checks
        self.all_captures = self.filters.all_captures
        layout.addWidget(self.filters)
        layout.addWidget(split, 1)
        self.setCentralWidget(body)
        self.count_label, self.progress = status_widgets(self.statusBar())

    def _connect(self) -> None:
        self.open_action.triggered.connect(self.open_folder)
        self.stop_action.triggered.connect(self.stop)
        self.device_action.triggered.connect(self.open_selected)
        self.export_action.triggered.connect(self.export_csv)
        self.table.activated.connect(self._activate)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.totals_view.activated.connect(self._filter_on_total)
        self.state_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_state(self.state_combo.currentData())
        )
        self.finding_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_finding(self.finding_combo.currentData())
        )
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.all_checks.toggled.connect(self._refill_devices)
        self.all_captures.toggled.connect(self._refill_devices)
        self.history_view.activated.connect(self._open_history_row)
        self.proxy.rowsInserted.connect(self._count_shown)
        self.proxy.rowsRemoved.connect(self._count_shown)
        self.proxy.modelReset.connect(self._count_shown)
        self.proxy.layoutChanged.connect(self._count_shown)

    # scanning -----------------------------------------------------------------------------
    def open_folder(self) -> None:
        """Ask for a folder and scan it."""
        start = self._paths[0] if self._paths else str(Path.home())
        folder = self.dialogs.choose_folder(self, "Open a folder of bundles", start)
        if folder:
            self.load([folder])

    def load(self, paths: Sequence[str | Path]) -> None:
        """Scan `paths` in the background (a scan already running is stopped first)."""
        self.stop()
        wanted = tuple(str(p) for p in paths)
        self._paths = wanted
        self._scan_id += 1
        scan_id = self._running = self._scan_id
        self._set_busy(True, f"Reading {', '.join(wanted)}…")

        def job(reporter: Reporter) -> FleetResult:
            return scan_job(wanted, reporter)

        worker = self.runner.run(
            "Reading the fleet",
            job,
            lambda result: self._scanned(scan_id, result),
            lambda failure: self._scan_failed(scan_id, failure),
            self._scan_progress,
        )
        if self._running == scan_id:  # a synchronous pool may already have finished it
            self._worker = worker

    def stop(self) -> None:
        """Ask a running scan to stop (it returns what it has read so far)."""
        if self._worker is not None:
            self._worker.reporter.cancel()

    def busy(self) -> bool:
        """True while a scan runs."""
        return self._running is not None

    def _scan_progress(self, value: object) -> None:
        if isinstance(value, ScanProgress):
            self.statusBar().showMessage(f"Read {value.done} inputs… ({value.last})")

    def _finished(self, scan_id: int) -> bool:
        """Forget the finished scan; False when a newer one was started since."""
        if scan_id != self._running:
            return False
        self._running, self._worker = None, None
        return True

    def _scanned(self, scan_id: int, result: FleetResult) -> None:
        if not self._finished(scan_id):
            return
        self._set_busy(False, "Stopped: showing what was read." if result.cancelled else "")
        self._show_summary(result.summary)

    def _scan_failed(self, scan_id: int, failure: WorkerFailure) -> None:
        if not self._finished(scan_id):
            return
        self._set_busy(False, f"Could not read the fleet: {failure.message}")
        self.dialogs.error(self, "Fleet", failure.message, failure.details)

    def _set_busy(self, busy: bool, message: str) -> None:
        self.progress.setVisible(busy)
        set_available(self.stop_action, busy, NOTHING_TO_STOP)
        set_available(self.open_action, not busy, READING)
        self.statusBar().showMessage(message)

    # showing ------------------------------------------------------------------------------
    def _show_summary(self, summary: FleetSummary | None) -> None:
        self._summary = summary
        self._refill_devices()
        self.totals.set_totals(summary.totals if summary else {})
        self.errors.set_errors(summary.errors if summary else [])
        self.tabs.setTabText(1, f"Could not read ({len(summary.errors) if summary else 0})")
        fit_paths(self.errors_view, self.width())
        self._show_history(None)
        self._fill_finding_combo()
        self.totals_view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.totals_view.resizeColumnsToContents()
        self.totals_view.horizontalHeader().setStretchLastSection(True)
        set_available(self.export_action, bool(summary and summary.devices), NOTHING_TO_EXPORT)
        where = ", ".join(Path(p).name or p for p in self._paths)
        self.header.setText(f"{where} — {summary_line(summary)}" if summary else EMPTY_TEXT)
        self.header.setToolTip("\n".join(self._paths))

    def _refill_devices(self) -> None:
        every = self.all_captures.isChecked()
        rows = self._rows_to_show(every)
        self.devices.set_rows(rows, all_findings=self.all_checks.isChecked())
        if every:  # grouped by device, newest first (the proxy's sort is stable)
            self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        else:
            self.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        fit_columns(self.table)
        self._count_shown()

    def _rows_to_show(self, every: bool) -> list[DeviceRow]:
        if self._summary is None:
            return []
        return self._summary.captures_by_device() if every else self._summary.devices

    def _show_history(self, row: DeviceRow | None) -> None:
        """The selected device's captures, newest first (none selected: empty)."""
        captures = self._summary.history(row) if self._summary and row else []
        self.history.set_rows(captures)
        fit_columns(self.history_view)
        title = f"Captures of {row.display_name} ({len(captures)})" if row else HISTORY_TITLE
        self.tabs.setTabText(HISTORY_TAB, title)

    def _open_history_row(self, index: QModelIndex) -> None:
        row = self.history.data(index, ROW_ROLE)
        if isinstance(row, DeviceRow):
            self._open_row(row)

    def _fill_finding_combo(self) -> None:
        totals = self._summary.totals if self._summary else {}
        self.filters.fill_findings(totals, self.proxy.finding())
        self.proxy.set_finding(self.finding_combo.currentData())

    def _count_shown(self, *_: object) -> None:
        total = self.devices.rowCount()
        what = "captures" if self.all_captures.isChecked() else "devices"
        self.count_label.setText(f"Showing {self.proxy.rowCount()} of {total} {what}")

    def _filter_on_total(self, index: QModelIndex) -> None:
        finding_id = self.totals_proxy.data(index, FINDING_ID_ROLE)
        position = self.finding_combo.findData(finding_id)
        if position >= 0:
            self.finding_combo.setCurrentIndex(position)

    # acting on rows -----------------------------------------------------------------------
    def selected_row(self) -> DeviceRow | None:
        """The device row under the cursor, if any."""
        index = self.table.currentIndex()
        row = self.proxy.data(index, ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, DeviceRow) else None

    def shown_rows(self) -> list[DeviceRow]:
        """The device rows as filtered and sorted on screen."""
        rows = (
            self.proxy.data(self.proxy.index(r, 0), ROW_ROLE) for r in range(self.proxy.rowCount())
        )
        return [r for r in rows if isinstance(r, DeviceRow)]

    def _selection_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.proxy.data(current, ROW_ROLE) if current.isValid() else None
        found = row if isinstance(row, DeviceRow) else None
        openable = found is not None and found.bundle is not None
        set_available(self.device_action, openable, NO_SELECTION if found is None else NO_BUNDLE)
        self._show_history(found)

    def _activate(self, index: QModelIndex) -> None:
        self.table.setCurrentIndex(index)
        self.open_selected()

    def open_selected(self) -> None:
        """Open the selected device's bundle in the main window's full view."""
        row = self.selected_row()
        if row is not None:
            self._open_row(row)

    def _open_row(self, row: DeviceRow) -> None:
        if row.bundle is None:
            self.statusBar().showMessage(NO_BUNDLE)
            return
        self.device_requested.emit(row.bundle)
        if self._open_device is not None:
            self._open_device(Path(row.bundle))

    def export_csv(self) -> None:
        """Save the devices shown as CSV (in the background)."""
        rows = self.shown_rows()
        dest = self.dialogs.save_path(
            self, "Export the fleet as CSV", "esr-fleet.csv", "CSV (*.csv)"
        )
        if not dest:
            return
        self.runner.run(
            "Exporting CSV",
            lambda _r: write_csv(dest, rows),
            lambda path: self.statusBar().showMessage(f"{len(rows)} devices saved to {path}"),
            lambda failure: self.dialogs.error(self, "Not saved", failure.message, failure.details),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Stop a running scan; its result is then ignored."""
        self.stop()
        self._running = None
        super().closeEvent(event)
