"""Every disabled action and button says why: tooltip, status tip, accessible description;
a disabled Run has a line under it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QTabBar, QToolButton, QWidget

from esr_gui.gui.explain import what_it_does
from esr_gui.gui.pipeline import Source
from tests.gui.conftest import WindowFactory


def silent_disabled(window: QWidget) -> list[str]:
    """Names of disabled actions and visible disabled buttons that do not say why."""
    silent = []
    for action in window.findChildren(QAction):
        if action.isEnabled() or not action.text():
            continue
        if not action.toolTip() or action.toolTip() == what_it_does(action):
            silent.append(action.text())
        for widget in action.associatedObjects():
            if isinstance(widget, QAbstractButton) and not widget.accessibleDescription():
                silent.append(f"{action.text()} (toolbar button)")
    for button in window.findChildren(QAbstractButton):
        if button.isEnabled() or not button.isVisibleTo(window):
            continue
        if isinstance(button.parent(), QTabBar):
            continue  # Qt's own scroll arrows of a tab bar
        if isinstance(button, QToolButton) and button.defaultAction() is not None:
            continue  # an action's button: checked with its action above
        if not button.toolTip() or not button.accessibleDescription():
            silent.append(button.objectName() or button.text())
    return silent


def test_nothing_open_yet(make_window: WindowFactory) -> None:
    window = make_window()
    assert not window.ui.actionSaveBundle.isEnabled()
    assert "Open a bundle" in window.ui.actionSaveBundle.toolTip()
    assert not window.ui.header.ui.goToFixButton.isEnabled()
    assert "Nothing to fix yet" in window.ui.header.ui.goToFixButton.toolTip()
    assert window.ui.fixPanel.run_reason().startswith("Run is off: Nothing to run")
    assert silent_disabled(window) == []


def test_a_demo_off_windows(make_window: WindowFactory) -> None:
    window = make_window()
    window.open_source(Source("demo", name="1607-sideload-6013"))
    window.go_to_headline_fix()
    ui = window.ui
    assert ui.actionSaveBundle.isEnabled()
    assert ui.actionSaveBundle.toolTip() == what_it_does(ui.actionSaveBundle)
    assert not ui.actionRefresh.isEnabled() and "needs Windows" in ui.actionRefresh.statusTip()
    refresh_button = ui.toolBar.widgetForAction(ui.actionRefresh)
    assert "needs Windows" in refresh_button.accessibleDescription()
    sync = ui.eventsPane.ui.syncTestButton
    assert "live device" in sync.accessibleDescription()
    assert "live device" in ui.eventsPane.ui.syncTestStatus.text()
    assert "live device" in ui.actionSyncTest.toolTip()
    run = ui.fixPanel.ui.runButton
    assert not run.isEnabled()
    reason = ui.fixPanel.run_reason()
    assert (
        reason.startswith("Run is off: ") and reason.removeprefix("Run is off: ") in run.toolTip()
    )
    assert run.accessibleDescription() == run.toolTip()
    assert silent_disabled(window) == []


def test_a_runnable_plan_hides_the_reason(
    make_window: WindowFactory, sample_bundle: Path, qtbot: Any
) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    panel = window.ui.fixPanel
    panel.show_plan("<p>plan</p>", True, "")
    assert panel.ui.runButton.isEnabled() and panel.run_reason() == ""
    assert panel.ui.runButton.toolTip() == what_it_does(panel.ui.runButton)
    panel.set_busy(True)
    assert "in progress" in panel.run_reason()
    panel.set_busy(False)
    assert panel.ui.runButton.isEnabled() and panel.run_reason() == ""
