"""The Fleet window from its Designer form, its scanner out of the view, and Intune exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from esr_gui.gui.fleet import FleetWindow
from esr_gui.gui.fleet.controller import FleetScanner
from esr_gui.gui.fleet.jobs import FleetResult
from esr_gui.gui.fleet.models import ROW_ROLE, UNLISTED
from esr_gui.gui.workers import SyncThreadPool, TaskRunner
from esr_gui.ui.forms.ui_fleet_window import Ui_FleetWindow
from tests.gui.conftest import FakeDialogs
from tests.unit.intune_exports import write_localised, write_portal_export


@pytest.fixture
def window(qtbot: Any, dialogs: FakeDialogs) -> FleetWindow:
    made = FleetWindow(runner=TaskRunner(SyncThreadPool()), dialogs=dialogs)
    qtbot.addWidget(made)
    return made


def test_the_layout_comes_from_the_form(window: FleetWindow) -> None:
    assert isinstance(window.ui, Ui_FleetWindow)
    assert window.table is window.ui.fleetDevices and window.tabs is window.ui.tabs
    assert window.centralWidget() is window.ui.body
    bar = window.findChild(QToolBar, "fleetToolBar")
    assert bar is not None
    assert [a.text() for a in bar.actions()] == [
        "&Open folder…",
        "Open &Intune export…",
        "&Stop",
        "Open &device",
        "&Export CSV…",
    ]
    assert [window.tabs.tabText(i) for i in range(3)] == [
        "Totals per check",
        "Could not read (0)",
        "Captures of the selected device",
    ]
    assert window.table.isSortingEnabled() and not window.history_view.isSortingEnabled()
    assert window.table.model() is window.proxy
    assert window.ui.split.orientation() == Qt.Orientation.Vertical


def test_open_intune_export_shows_one_row_per_device(
    window: FleetWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    dialogs.paths = [str(write_portal_export(tmp_path))]
    window.export_open_action.trigger()
    assert dialogs.names() == ["open_file"]
    assert window.devices.rowCount() == 6
    states = {r.display_name: r.state for r in window.shown_rows()}
    assert states["PC-0002"] == "pass" and states["PC-0004"] == "unknown"
    assert "3 unknown" in window.header.text()
    window.table.setCurrentIndex(window.proxy.index(0, 0))
    assert not window.device_action.isEnabled()
    window.open_selected()
    assert "Intune Remediations run" in window.statusBar().currentMessage()


def test_a_check_an_intune_line_does_not_name_is_not_listed_not_unknown(
    window: FleetWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    window.load([write_portal_export(tmp_path)])
    column = window.devices.columnCount() - 1
    cells = {}
    for r in range(window.devices.rowCount()):
        index = window.devices.index(r, column)
        cells[window.devices.data(index, ROW_ROLE).display_name] = window.devices.data(index)
    assert cells["PC-0002"] == UNLISTED  # its OK line does not list this check
    assert cells["PC-0004"] == "Unknown"  # its output could not be read


def test_scanner_works_without_a_view(tmp_path: Path) -> None:
    scanner = FleetScanner(TaskRunner(SyncThreadPool()))
    results: list[FleetResult] = []
    saved: list[tuple[str, int]] = []
    scanner.scanned.connect(results.append)
    scanner.exported.connect(lambda path, n: saved.append((path, n)))
    scanner.scan([write_portal_export(tmp_path)])
    assert not scanner.busy() and len(results) == 1
    devices = results[0].summary.devices
    scanner.export(str(tmp_path / "out.csv"), devices)
    assert saved == [(str(tmp_path / "out.csv"), 6)]
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbfdevice,")


def test_an_abandoned_scan_reports_nothing(tmp_path: Path) -> None:
    jobs: list[Any] = []

    class Pool:
        def start(self, runnable: Any) -> None:
            jobs.append(runnable)

        def waitForDone(self, msecs: int = -1) -> bool:
            return True

    scanner = FleetScanner(TaskRunner(Pool()))
    results: list[object] = []
    scanner.scanned.connect(results.append)
    scanner.scan([write_portal_export(tmp_path)])
    scanner.abandon()
    jobs[0].run()
    assert results == [] and not scanner.busy()


def test_a_caveat_is_listed_as_read_not_counted_as_unread(
    window: FleetWindow, tmp_path: Path
) -> None:
    window.load([write_localised(tmp_path)])
    assert window.devices.rowCount() == 1
    assert window.tabs.tabText(1) == "Could not read (0)"
    reason = window.errors.data(window.errors.index(0, 1))
    assert reason.startswith("Read, but the export has no column 'Device name'")
