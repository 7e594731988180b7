"""Every FlowBar a form declares lays out all its children: a bar whose pane forgot
`adopt_children()` would leave its controls unplaced (the Log pane's filter row once did)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from esr_gui.gui.views.flow import FlowBar
from tests.gui.conftest import WindowFactory


def test_every_flow_bar_places_its_controls(qtbot: Any, make_window: WindowFactory) -> None:
    window = make_window()
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    bars = window.findChildren(FlowBar)
    assert {bar.objectName() for bar in bars} >= {"filterBar", "logFilterBar"}
    for tab in range(window.ui.tabs.count()):
        window.ui.tabs.setCurrentIndex(tab)
        for bar in bars:
            if not bar.isVisible():
                continue
            children = [c for c in bar.children() if isinstance(c, QWidget)]
            assert children, bar.objectName()
            for child in children:
                assert bar.flow.indexOf(child) >= 0, (bar.objectName(), child.objectName())
                assert child.geometry().width() > 0, (bar.objectName(), child.objectName())
            assert bar.height() >= max(c.sizeHint().height() for c in children)
