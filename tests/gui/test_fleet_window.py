"""The Fleet window: models pass qtmodeltester, scans run on the pool, filters, drill-in,
CSV export, stale results ignored, and a rendered screenshot.

`ESR_UPDATE_SCREENSHOTS=1` also writes docs/screenshots/fleet.png.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QImage

from esr_gui.core.fleet.output import CSV_HEADER
from esr_gui.core.fleet.summary import DeviceRow, FindingTotals, InputError
from esr_gui.gui.fleet import FleetWindow
from esr_gui.gui.fleet.jobs import ScanProgress, scan_job
from esr_gui.gui.fleet.models import (
    FINDING_ID_ROLE,
    ROW_ROLE,
    SORT_ROLE,
    FleetErrorsModel,
    FleetTableModel,
    FleetTotalsModel,
)
from esr_gui.gui.fleet.proxy import FleetFilterProxy, accepts
from esr_gui.gui.workers import SyncThreadPool, TaskRunner
from tests.gui.conftest import REPO, FakeDialogs
from tests.unit.fleet_support import make_fleet

SCREENSHOT = REPO / "docs" / "screenshots" / "fleet.png"


def rows() -> list[DeviceRow]:
    return [
        DeviceRow(
            name="PC-A",
            source="a",
            bundle="a",
            statuses={"x.one": "fail", "x.two": "pass"},
            headline="Most likely: one",
        ),
        DeviceRow(
            name="PC-B",
            source="b",
            statuses={"x.one": "pass", "x.two": "warn"},
            kind="check-json",
            headline="Most likely: two",
        ),
        DeviceRow(name=None, source="c", bundle="c", statuses={"x.one": "pass", "x.two": "pass"}),
    ]


@pytest.fixture
def fleet_dir(tmp_path: Path) -> Path:
    root = tmp_path / "fleet"
    make_fleet(root, 20, zip_every=4)
    (root / "broken.esrbundle.zip").write_bytes(b"PK\x03\x04 truncated")
    return root


@pytest.fixture
def window(qtbot: Any, dialogs: FakeDialogs) -> FleetWindow:
    opened: list[Path] = []
    made = FleetWindow(
        open_device=opened.append, runner=TaskRunner(SyncThreadPool()), dialogs=dialogs
    )
    made.opened = opened  # type: ignore[attr-defined]
    qtbot.addWidget(made)
    return made


def test_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    table = FleetTableModel()
    table.set_rows(rows())
    qtmodeltester.check(table)
    assert table.columnCount() == 8 + 2
    assert table.headerData(8, Qt.Orientation.Horizontal) == "x.one"
    assert "x.one" in table.headerData(8, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    proxy = FleetFilterProxy()
    proxy.setSourceModel(table)
    qtmodeltester.check(proxy)
    totals = FleetTotalsModel()
    totals.set_totals(
        {"x.one": FindingTotals(fail=1), "x.two": FindingTotals(warn=1), "x.three": FindingTotals()}
    )
    qtmodeltester.check(totals)
    assert totals.rowCount() == 2
    errors = FleetErrorsModel()
    errors.set_errors([InputError(source="s", message="m")])
    qtmodeltester.check(errors)


def test_status_cells_are_words_with_icons_and_sort_by_severity() -> None:
    table = FleetTableModel()
    table.set_rows(rows())
    fail = table.index(0, 8)
    assert table.data(fail) == "Fail"
    assert not table.data(fail, Qt.ItemDataRole.DecorationRole).isNull()
    assert table.data(fail, SORT_ROLE) < table.data(table.index(1, 8), SORT_ROLE)
    assert table.data(fail, FINDING_ID_ROLE) == "x.one"
    assert table.data(table.index(2, 0)) == "c"  # no name: the source
    assert isinstance(table.data(fail, ROW_ROLE), DeviceRow)
    table.set_rows(rows()[2:])
    assert table.columnCount() == 8
    table.set_rows(rows()[2:], all_findings=True)
    assert table.columnCount() == 10


def test_filter_function() -> None:
    a, b, c = rows()
    assert accepts(a, "", "failing", None) and not accepts(b, "", "failing", None)
    assert accepts(b, "", "attention", None) and not accepts(c, "", "attention", None)
    assert accepts(c, "", "healthy", None) and not accepts(a, "", "healthy", None)
    assert accepts(b, "", "all", "x.two") and not accepts(a, "", "all", "x.two")
    assert accepts(a, "x.one", "all", None) and accepts(b, "two", "all", None)
    assert not accepts(c, "pc-a", "all", None)


def test_scan_fills_the_window_and_filters_work(
    window: FleetWindow, fleet_dir: Path, qtmodeltester: Any
) -> None:
    window.load([fleet_dir])
    assert not window.busy()
    assert window.devices.rowCount() == 20
    assert window.errors.rowCount() == 1
    assert window.tabs.tabText(1) == "Could not read (1)"
    assert "20 devices: 12 failing" in window.header.text()
    qtmodeltester.check(window.devices)
    qtmodeltester.check(window.proxy)
    qtmodeltester.check(window.totals_proxy)
    window.state_combo.setCurrentIndex(window.state_combo.findData("failing"))
    assert window.proxy.rowCount() == 12
    assert window.count_label.text() == "Showing 12 of 20 devices"
    window.finding_combo.setCurrentIndex(window.finding_combo.findData("sync.policy-allows"))
    assert window.proxy.rowCount() == 2
    window.filter_edit.setText("PC-00009")
    assert [r.name for r in window.shown_rows()] == ["PC-00009"]
    window.filter_edit.clear()
    window.state_combo.setCurrentIndex(0)
    window.finding_combo.setCurrentIndex(0)
    assert window.proxy.rowCount() == 20
    first = window.totals_proxy.index(0, 0)
    window.totals_view.activated.emit(first)
    assert window.finding_combo.currentData() == window.totals_proxy.data(first, FINDING_ID_ROLE)


def test_rows_sort_by_failures(window: FleetWindow, fleet_dir: Path) -> None:
    window.load([fleet_dir])
    window.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    fails = [len(r.failing) for r in window.shown_rows()]
    assert fails == sorted(fails, reverse=True) and fails[0] == max(fails) > fails[-1]
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    names = [r.name for r in window.shown_rows()]
    assert names == sorted(names)


def test_drill_into_a_device(window: FleetWindow, fleet_dir: Path) -> None:
    window.load([fleet_dir])
    requested: list[str] = []
    window.device_requested.connect(requested.append)
    index = window.proxy.index(0, 0)
    window.table.activated.emit(index)
    row = window.proxy.data(index, ROW_ROLE)
    assert window.opened == [Path(row.bundle)]  # type: ignore[attr-defined]
    assert requested == [row.bundle]
    assert window.device_action.isEnabled()


def test_a_saved_check_result_has_no_bundle_to_open(window: FleetWindow) -> None:
    window.devices.set_rows(rows())
    window.table.setCurrentIndex(window.proxy.index(1, 0))
    assert not window.device_action.isEnabled()
    window.open_selected()
    assert window.opened == []  # type: ignore[attr-defined]
    assert "no bundle" in window.statusBar().currentMessage()


def test_open_folder_asks_and_export_csv_writes_the_rows_shown(
    window: FleetWindow, dialogs: FakeDialogs, fleet_dir: Path, tmp_path: Path
) -> None:
    dialogs.paths = [str(fleet_dir), str(tmp_path / "out.csv")]
    window.open_action.trigger()
    assert window.devices.rowCount() == 20
    window.state_combo.setCurrentIndex(window.state_combo.findData("failing"))
    window.export_action.trigger()
    data = (tmp_path / "out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == list(CSV_HEADER)
    assert len(table) == 1 + 12
    assert dialogs.names() == ["choose_folder", "save_path"]


def test_cancelled_export_and_cancelled_open_do_nothing(
    window: FleetWindow, dialogs: FakeDialogs
) -> None:
    window.open_action.trigger()
    window.export_csv()
    assert window.devices.rowCount() == 0
    assert "No folder open" in window.header.text()


def test_scan_job_reports_progress_and_stops_when_cancelled(fleet_dir: Path) -> None:
    class Reporter:
        def __init__(self, stop_after: int) -> None:
            self.seen: list[object] = []
            self.stop_after = stop_after

        def progress(self, value: object) -> None:
            self.seen.append(value)

        def cancelled(self) -> bool:
            return len(self.seen) >= self.stop_after

    full = scan_job([str(fleet_dir)], Reporter(10**6))
    assert len(full.summary.devices) == 20 and not full.cancelled
    stopped = scan_job([str(fleet_dir)], Reporter(1))
    assert stopped.cancelled and len(stopped.summary.devices) < 20
    reporter = Reporter(10**6)
    scan_job([str(fleet_dir)], reporter)
    assert isinstance(reporter.seen[0], ScanProgress) and reporter.seen[0].done == 1


class ManualPool:
    """Holds jobs until the test runs them, in the order it chooses."""

    def __init__(self) -> None:
        self.jobs: list[Any] = []

    def start(self, runnable: Any) -> None:
        self.jobs.append(runnable)

    def waitForDone(self, msecs: int = -1) -> bool:
        return True


def test_a_newer_scan_wins_over_a_slower_older_one(
    qtbot: Any, dialogs: FakeDialogs, fleet_dir: Path, tmp_path: Path
) -> None:
    pool = ManualPool()
    other = tmp_path / "other"
    make_fleet(other, 3)
    window = FleetWindow(runner=TaskRunner(pool), dialogs=dialogs)
    qtbot.addWidget(window)
    window.load([fleet_dir])
    window.load([other])
    assert window.busy() and window.stop_action.isEnabled()
    older, newer = pool.jobs
    assert older.reporter.cancelled() and not newer.reporter.cancelled()
    newer.run()
    older.run()
    assert not window.busy()
    assert window.devices.rowCount() == 3
    assert "other — 3 devices" in window.header.text()
    assert window.header.toolTip() == str(other)


def test_a_real_pool_scans_off_the_gui_thread(
    qtbot: Any, dialogs: FakeDialogs, fleet_dir: Path
) -> None:
    pool = QThreadPool()
    window = FleetWindow(runner=TaskRunner(pool), dialogs=dialogs)
    qtbot.addWidget(window)
    window.load([fleet_dir])
    assert window.busy() and window.progress.isVisibleTo(window)
    qtbot.waitUntil(lambda: window.devices.rowCount() == 20, timeout=20_000)
    assert not window.busy() and not window.progress.isVisibleTo(window)
    pool.waitForDone()


def test_close_stops_a_running_scan(qtbot: Any, dialogs: FakeDialogs, fleet_dir: Path) -> None:
    pool = QThreadPool()
    window = FleetWindow(runner=TaskRunner(pool), dialogs=dialogs)
    qtbot.addWidget(window)
    window.load([fleet_dir])
    window.close()
    pool.waitForDone()
    assert window.devices.rowCount() == 0


def test_render_screenshot(qtbot: Any, window: FleetWindow, tmp_path: Path) -> None:
    root = tmp_path / "esr-bundles"
    make_fleet(root, 40, zip_every=4)
    (root / "broken.esrbundle.zip").write_bytes(b"PK\x03\x04 truncated")
    window.resize(1400, 820)
    window.load([root])
    window.show()
    qtbot.waitExposed(window)
    window.table.selectRow(0)
    target = tmp_path / "fleet.png"
    assert window.grab().save(str(target), "PNG")
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1400, 820)
    if os.environ.get("ESR_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(target, SCREENSHOT)
