"""The Fleet window never hides a failing device: the latest readable capture per device,
unreadable captures shown as unknown, an "All captures" view and a per-device history with
the source of each capture; the "Could not read" list keeps whole paths (elided in the middle,
whole in the tooltip and on the clipboard)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView

from esr_gui.core.fleet.summary import DeviceRow
from esr_gui.gui.fleet import FleetWindow
from esr_gui.gui.fleet.models import FIXED_COLUMNS, ROW_ROLE, SOURCE_COLUMN
from esr_gui.gui.fleet.proxy import accepts
from esr_gui.gui.workers import SyncThreadPool, TaskRunner
from tests.gui.conftest import FakeDialogs
from tests.unit.fleet_support import unreadable_device, write_device

MONDAY = datetime.fromisoformat("2026-11-23T09:00:00+01:00")
TUESDAY = MONDAY + timedelta(days=1)
MOST_LIKELY = FIXED_COLUMNS.index("Most likely")


@pytest.fixture
def share(tmp_path: Path) -> Path:
    """PC-1: fails on Monday, unreadable on Tuesday; PC-2: only unreadable; a broken zip."""
    root = tmp_path / "a share with a long folder name" / "fleet captures"
    write_device(root, "1607-sideload-6013", "PC-1", MONDAY, as_zip=True, file_name="pc1-mon")
    unreadable_device(root / "tuesday", "PC-1", TUESDAY).rename(root / "pc1-tue")
    unreadable_device(root / "x", "PC-2", MONDAY).rename(root / "pc2-mon")
    (root / "z-broken-capture-from-a-device.esrbundle.zip").write_bytes(b"PK\x03\x04 cut")
    return root


@pytest.fixture
def window(qtbot: Any, dialogs: FakeDialogs, share: Path) -> FleetWindow:
    made = FleetWindow(runner=TaskRunner(SyncThreadPool()), dialogs=dialogs)
    qtbot.addWidget(made)
    made.load([share])
    return made


def shown(window: FleetWindow) -> dict[str, DeviceRow]:
    return {r.display_name: r for r in window.shown_rows()}


def cell(window: FleetWindow, name: str, column: int, role: int = 0) -> Any:
    for r in range(window.proxy.rowCount()):
        if window.proxy.data(window.proxy.index(r, 0)) == name:
            return window.proxy.data(window.proxy.index(r, column), role)
    raise AssertionError(name)


def test_the_latest_readable_capture_wins_and_unreadable_is_unknown(window: FleetWindow) -> None:
    rows = shown(window)
    assert rows["PC-1"].failing and rows["PC-1"].source.endswith("pc1-mon.esrbundle.zip")
    assert cell(window, "PC-1", MOST_LIKELY).startswith("(a newer capture is unreadable) 1607")
    assert "1 newer capture could not be read" in cell(
        window, "PC-1", 0, Qt.ItemDataRole.ToolTipRole
    )
    assert rows["PC-2"].state == "unknown"
    assert cell(window, "PC-2", MOST_LIKELY).startswith("Unknown: dsregcmd /status could not")
    assert "state unknown" in cell(window, "PC-2", 0, Qt.ItemDataRole.ToolTipRole)
    assert "1 unknown (no readable capture)" in window.header.text()
    assert not accepts(rows["PC-2"], "", "healthy", None)
    window.state_combo.setCurrentIndex(window.state_combo.findData("unknown"))
    assert list(shown(window)) == ["PC-2"]
    window.state_combo.setCurrentIndex(0)
    window.filter_edit.setText("could not be read")  # the reason is searchable too
    assert list(shown(window)) == ["PC-2"]


def test_all_captures_view_has_a_source_column(window: FleetWindow, share: Path) -> None:
    assert window.proxy.rowCount() == 2
    window.all_captures.setChecked(True)
    assert window.count_label.text() == "Showing 3 of 3 captures"
    names = [r.display_name for r in window.shown_rows()]
    assert names == ["PC-1", "PC-1", "PC-2"]
    sources = [window.proxy.data(window.proxy.index(r, SOURCE_COLUMN)) for r in range(3)]
    assert sources[:2] == [str(share / "pc1-tue"), str(share / "pc1-mon.esrbundle.zip")]
    assert window.proxy.headerData(SOURCE_COLUMN, Qt.Orientation.Horizontal) == "Source"
    window.all_captures.setChecked(False)
    assert window.proxy.rowCount() == 2


def test_the_selected_devices_history_lists_its_unreadable_capture(window: FleetWindow) -> None:
    for r in range(window.proxy.rowCount()):
        if window.proxy.data(window.proxy.index(r, 0), ROW_ROLE).name == "PC-1":
            window.table.setCurrentIndex(window.proxy.index(r, 0))
    assert window.tabs.tabText(2) == "Captures of PC-1 (2)"
    history = window.history
    newest, older = (history.data(history.index(r, 0), ROW_ROLE) for r in range(2))
    assert not newest.readable and older.failing
    assert history.data(history.index(0, MOST_LIKELY)).startswith("Unknown: dsregcmd")
    assert history.data(history.index(1, SOURCE_COLUMN)).endswith("pc1-mon.esrbundle.zip")


def elision(view: QTableView, index: QModelIndex) -> Qt.TextElideMode:
    """How the view's delegate elides the text of `index` when it does not fit."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)  # what the view paints with (it elides on the right)
    delegate = view.itemDelegateForIndex(index)
    assert isinstance(delegate, QStyledItemDelegate)
    delegate.initStyleOption(option, index)
    return option.textElideMode


def test_source_paths_are_elided_in_the_middle(window: FleetWindow) -> None:
    for view in (window.table, window.history_view):
        index = view.model().index(0, SOURCE_COLUMN) if view.model().rowCount() else None
        if index is not None:
            assert elision(view, index) == Qt.TextElideMode.ElideMiddle
    assert elision(window.table, window.proxy.index(0, MOST_LIKELY)) == Qt.TextElideMode.ElideRight


def test_could_not_read_keeps_whole_paths(window: FleetWindow, share: Path, qtbot: Any) -> None:
    whole = str(share / "z-broken-capture-from-a-device.esrbundle.zip")
    view = window.errors_view
    index = window.errors.index(0, 0)
    assert elision(view, index) == Qt.TextElideMode.ElideMiddle
    assert elision(view, window.errors.index(0, 1)) == Qt.TextElideMode.ElideRight
    assert window.errors.data(index) == whole
    assert window.errors.data(index, Qt.ItemDataRole.ToolTipRole) == whole
    view.setCurrentIndex(index)
    copy_path, copy_both = view.actions()
    copy_path.trigger()
    assert QGuiApplication.clipboard().text() == whole
    copy_both.trigger()
    assert QGuiApplication.clipboard().text().startswith(f"{whole}: ")
