"""The Fleet window: a folder of bundles, saved check results or an Intune export as one table.

Scanning runs on the app's worker pool (`TaskRunner`); the GUI thread only receives
progress and the finished summary. A row opens the device's full view through
`open_device(path)` (and the `device_requested` signal); rows from saved check results and
Intune runs have no bundle to open and say so.

Per device the table shows its latest readable capture (`core.fleet`); "All captures" shows
every capture instead, and the "Captures of …" tab lists the selected device's history,
unreadable captures included, each with its source.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from esr_gui.core.fleet.output import summary_line
from esr_gui.core.fleet.summary import DeviceRow, FleetSummary
from esr_gui.gui.dialogs import QtDialogs
from esr_gui.gui.explain import name_toolbar_buttons, set_available
from esr_gui.gui.fleet.controller import FleetScanner
from esr_gui.gui.fleet.jobs import FleetResult, ScanProgress
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
    configure_table,
    elide_paths,
    fit_columns,
    fit_paths,
    setup_path_list,
    status_widgets,
)
from esr_gui.gui.forms import setup_form
from esr_gui.gui.workers import TaskRunner, WorkerFailure
from esr_gui.ui.forms.ui_fleet_window import Ui_FleetWindow

EMPTY_TEXT = (
    "No folder open. Choose Open folder… and pick a folder of capture bundles (folders or "
    ".zip), saved `esr-diag check --json` results or `--log-json` files; or choose Open Intune "
    "export… and pick a Remediations device-status export (.csv)."
)
NO_BUNDLE = {
    "check-json": "This row comes from a saved check result: there is no bundle to open.",
    "intune": "This row comes from an Intune Remediations run: there is no bundle to open.",
}
NO_SELECTION = "Select a device in the table first."
NOTHING_TO_STOP = "Nothing to stop: no folder is being read."
READING = "A folder is being read: stop it first, or wait until it is done."
NOTHING_TO_EXPORT = "No devices to export yet: open a folder first."
HISTORY_TITLE = "Captures of the selected device"
HISTORY_TAB = 2
OPEN_EXPORT_TITLE = "Open an Intune Remediations export"
EXPORT_FILTER = "Intune exports (*.csv *.json);;All files (*)"


def no_bundle(row: DeviceRow) -> str:
    """Why `row` has no bundle to open (its kind of input says)."""
    return NO_BUNDLE.get(row.kind, NO_BUNDLE["check-json"])


class FleetDialogs(Protocol):
    """The questions the Fleet window asks (the app's `Dialogs` satisfies it)."""

    def choose_folder(self, parent: QWidget, title: str, start: str) -> str | None: ...

    def open_file(self, parent: QWidget, title: str, start: str, filter_: str) -> str | None: ...

    def save_path(self, parent: QWidget, title: str, start: str, filter_: str) -> str | None: ...

    def error(self, parent: QWidget, title: str, message: str, details: str = "") -> None: ...


class FleetWindow(QMainWindow):
    """Devices × findings for a whole folder; drill into one device; export CSV.

    The layout is the Designer form `ui/fleet_window.ui`; scanning and the CSV export are
    `FleetScanner`'s (gui/fleet/controller.py): this class only shows what it reports.
    """

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
        self.ui = Ui_FleetWindow()
        setup_form(self.ui, self)
        self._open_device = open_device
        self.runner = runner if runner is not None else TaskRunner(parent=self)
        self.dialogs: FleetDialogs = dialogs if dialogs is not None else QtDialogs()
        self.scanner = FleetScanner(self.runner, self)
        self._summary: FleetSummary | None = None
        self._bind_form()
        self._build_models()
        self._setup_views()
        self._connect()
        self._show_summary(None)

    # construction -------------------------------------------------------------------------
    def _bind_form(self) -> None:
        """Short names for the form's widgets and actions (tests and callers use these)."""
        ui = self.ui
        self.header, self.table, self.tabs = ui.fleetHeader, ui.fleetDevices, ui.tabs
        self.totals_view, self.errors_view = ui.fleetTotals, ui.fleetErrors
        self.history_view = ui.fleetHistory
        self.filters: FilterBar = ui.filters
        self.state_combo = self.filters.state_combo
        self.finding_combo = self.filters.finding_combo
        self.filter_edit = self.filters.filter_edit
        self.all_checks = self.filters.all_checks
        self.all_captures = self.filters.all_captures
        self.open_action, self.export_open_action = ui.actionOpenFolder, ui.actionOpenExport
        self.stop_action, self.device_action = ui.actionStop, ui.actionOpenDevice
        self.export_action = ui.actionExportCsv
        self.count_label, self.progress = status_widgets(self.statusBar())

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

    def _setup_views(self) -> None:
        for view in (self.table, self.totals_view, self.history_view):
            configure_table(view)
        setup_path_list(self.errors_view, self.errors.copy_text)
        self.table.setModel(self.proxy)
        self.totals_view.setModel(self.totals_proxy)
        self.errors_view.setModel(self.errors)
        self.history_view.setModel(self.history)
        self.history_view.setSortingEnabled(False)
        elide_paths(self.table)
        elide_paths(self.history_view)
        self.ui.split.setSizes([520, 220])
        name_toolbar_buttons(self.ui.fleetToolBar)
        set_available(self.stop_action, False, NOTHING_TO_STOP)
        set_available(self.device_action, False, NO_SELECTION)
        set_available(self.export_action, False, NOTHING_TO_EXPORT)

    def _connect(self) -> None:
        self.open_action.triggered.connect(self.open_folder)
        self.export_open_action.triggered.connect(self.open_export)
        self.stop_action.triggered.connect(self.stop)
        self.device_action.triggered.connect(self.open_selected)
        self.export_action.triggered.connect(self.export_csv)
        self.scanner.progress.connect(self._scan_progress)
        self.scanner.scanned.connect(self._scanned)
        self.scanner.scan_failed.connect(self._scan_failed)
        self.scanner.exported.connect(
            lambda path, n: self.statusBar().showMessage(f"{n} devices saved to {path}")
        )
        self.scanner.export_failed.connect(
            lambda f: self.dialogs.error(self, "Not saved", f.message, f.details)
        )
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
        for signal in (
            self.proxy.rowsInserted, self.proxy.rowsRemoved,
            self.proxy.modelReset, self.proxy.layoutChanged,
        ):  # fmt: skip
            signal.connect(self._count_shown)

    # scanning (the work is FleetScanner's) ------------------------------------------------
    @property
    def _paths(self) -> tuple[str, ...]:
        return self.scanner.paths

    def _start(self) -> str:
        return self._paths[0] if self._paths else str(Path.home())

    def open_folder(self) -> None:
        """Ask for a folder and scan it."""
        folder = self.dialogs.choose_folder(self, "Open a folder of bundles", self._start())
        if folder:
            self.load([folder])

    def open_export(self) -> None:
        """Ask for an Intune Remediations export (CSV) or a saved Graph page, and read it."""
        path = self.dialogs.open_file(self, OPEN_EXPORT_TITLE, self._start(), EXPORT_FILTER)
        if path:
            self.load([path])

    def load(self, paths: Sequence[str | Path]) -> None:
        """Scan `paths` in the background (a scan already running is stopped first)."""
        shown = ", ".join(str(p) for p in paths)
        self.scanner.scan(paths)
        if self.scanner.busy():
            self._set_busy(True, f"Reading {shown}…")

    def stop(self) -> None:
        """Ask a running scan to stop (it returns what it has read so far)."""
        self.scanner.stop()

    def busy(self) -> bool:
        """True while a scan runs."""
        return self.scanner.busy()

    def _scan_progress(self, value: ScanProgress) -> None:
        self.statusBar().showMessage(f"Read {value.done} inputs… ({value.last})")

    def _scanned(self, result: FleetResult) -> None:
        self._set_busy(False, "Stopped: showing what was read." if result.cancelled else "")
        self._show_summary(result.summary)

    def _scan_failed(self, failure: WorkerFailure) -> None:
        self._set_busy(False, f"Could not read the fleet: {failure.message}")
        self.dialogs.error(self, "Fleet", failure.message, failure.details)

    def _set_busy(self, busy: bool, message: str) -> None:
        self.progress.setVisible(busy)
        set_available(self.stop_action, busy, NOTHING_TO_STOP)
        set_available(self.open_action, not busy, READING)
        set_available(self.export_open_action, not busy, READING)
        self.statusBar().showMessage(message)

    # showing ------------------------------------------------------------------------------
    def _show_summary(self, summary: FleetSummary | None) -> None:
        self._summary = summary
        self._refill_devices()
        self.totals.set_totals(summary.totals if summary else {})
        self.errors.set_errors(summary.errors if summary else [])
        self.tabs.setTabText(1, f"Could not read ({len(summary.unread) if summary else 0})")
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
        set_available(
            self.device_action, openable, NO_SELECTION if found is None else no_bundle(found)
        )
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
            self.statusBar().showMessage(no_bundle(row))
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
        if dest:
            self.scanner.export(dest, rows)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Stop a running scan; its result is then ignored."""
        self.scanner.abandon()
        super().closeEvent(event)
