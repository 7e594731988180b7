"""Keyboard navigation: Tab reaches every control a technician needs, in reading order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from esr_gui.gui.main_window import MainWindow
from esr_gui.gui.pipeline import Source
from tests.gui.conftest import WindowFactory

# Left to right, top to bottom: headline, checklist, device status, fix panel.
READING_ORDER = [
    "goToFixButton",
    "tree",
    "tabs",
    "searchEdit",
    "guideOnlyBox",
    "fieldTree",
    "remedyList",
    "runButton",
    "restoreButton",
]


def tab_stops(window: MainWindow) -> list[str]:
    """The object names of the visible, enabled widgets that Tab visits, in order."""
    names: list[str] = []
    widget: QWidget = window.nextInFocusChain()
    while widget is not window and len(names) < 500:
        policy = widget.focusPolicy()
        tabbable = (policy & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus
        if widget.isVisible() and widget.isEnabled() and tabbable:
            names.append(widget.objectName())
        widget = widget.nextInFocusChain()
    return names


def opened(qtbot: Any, make_window: WindowFactory, demo: str) -> MainWindow:
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    window.open_source(Source("demo", name=demo))
    qtbot.waitUntil(lambda: not window.ctx.runner.busy())
    return window


def test_tab_visits_the_main_controls_in_reading_order(
    qtbot: Any, make_window: WindowFactory
) -> None:
    window = opened(qtbot, make_window, "smart-card-sign-in")
    stops = tab_stops(window)
    present = [name for name in stops if name in READING_ORDER]
    assert present == READING_ORDER, stops


def test_pressing_tab_moves_focus_from_the_checklist_to_the_next_control(
    qtbot: Any, make_window: WindowFactory
) -> None:
    window = opened(qtbot, make_window, "smart-card-sign-in")
    tree = window.ui.checklist.ui.tree
    tree.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    QTest.keyClick(tree, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None and focused is not tree
    stops = tab_stops(window)
    assert stops.index(focused.objectName()) == stops.index("tree") + 1
