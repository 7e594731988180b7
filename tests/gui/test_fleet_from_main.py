"""File › Open fleet folder opens the Fleet window; a device drilled into opens in the main
window through its ordinary (background) open path; closing the main window closes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit

from esr_gui.gui.fleet.models import ROW_ROLE
from tests.gui.conftest import FakeDialogs, WindowFactory
from tests.gui.test_disabled_reasons import silent_disabled
from tests.unit.fleet_support import make_fleet


@pytest.fixture
def fleet_dir(tmp_path: Path) -> Path:
    root = tmp_path / "fleet"
    make_fleet(root, 6, zip_every=3)
    return root


def test_the_action_has_a_shortcut_and_a_named_button(make_window: WindowFactory) -> None:
    window = make_window()
    action = window.ui.actionOpenFleet
    assert action.shortcut().toString() == "Ctrl+Shift+O"
    assert action.isEnabled() and "Fleet window" in action.toolTip()
    assert action in window.ui.menuFile.actions()
    button = window.ui.toolBar.widgetForAction(action)
    assert button.accessibleName() == "Open fleet folder"


def test_drill_into_a_device_opens_it_in_the_main_window(
    qtbot: Any, make_window: WindowFactory, real_pool: Any, dialogs: FakeDialogs, fleet_dir: Path
) -> None:
    window = make_window(pool=real_pool)
    dialogs.paths.append(str(fleet_dir))
    window.ui.actionOpenFleet.trigger()
    fleet = window.fleet.fleet
    assert fleet is not None and fleet.isVisible()
    assert dialogs.names()[-1] == "choose_folder"
    qtbot.waitUntil(lambda: not fleet.busy() and fleet.devices.rowCount() == 6, timeout=20_000)
    index = fleet.proxy.index(0, 0)
    row = fleet.proxy.data(index, ROW_ROLE)
    with qtbot.waitSignal(window.ready, timeout=20_000) as ready:
        fleet.table.activated.emit(index)
        assert window.ctx.runner.busy()  # the bundle loads in the background
    analysis = ready.args[0]
    assert analysis.source.path == row.bundle
    assert row.name in window.ui.header.ui.deviceLabel.text()
    assert window.ctx.store.settings.recent_files[0].path == row.bundle
    again = window.fleet.show()
    assert again is fleet  # one Fleet window, raised again


def test_fleet_controls_are_named_and_close_with_the_main_window(
    make_window: WindowFactory, dialogs: FakeDialogs, fleet_dir: Path
) -> None:
    window = make_window()
    dialogs.paths.append(str(fleet_dir))
    window.fleet.open_folder()
    fleet = window.fleet.fleet
    assert fleet is not None and fleet.devices.rowCount() == 6
    kinds = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit)
    unnamed = [
        w.objectName() or type(w).__name__
        for kind in kinds
        for w in fleet.findChildren(kind)
        if w.isVisibleTo(fleet)
        and not w.accessibleName()
        and not w.objectName().startswith("qt_")
        and not isinstance(w.parent(), QAbstractItemView)
    ]
    assert unnamed == []
    assert not fleet.stop_action.isEnabled() and "Nothing to stop" in fleet.stop_action.toolTip()
    assert silent_disabled(fleet) == []
    fleet.table.setCurrentIndex(fleet.proxy.index(0, 0))
    fleet.open_selected()
    assert window.session.analysis is not None  # the synchronous pool: opened at once
    window.close()
    assert not fleet.isVisible()
    assert fleet.windowFlags() & Qt.WindowType.Window
