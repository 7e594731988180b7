"""The tabs come from one registry (gui/panes.py): the shipped four keep their titles, order,
View-menu entries and shortcuts; a pane added with one line there gets its tab, its menu
entry, its place in the Tab order and is filled on every analysis (docs/architecture.md,
"Add a pane")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from esr_gui.gui.main_window import AppContext, MainWindow
from esr_gui.gui.pane_fill import PaneContext
from esr_gui.gui.panes import TAB_PANES, TabPane
from esr_gui.gui.pipeline import Analysis, Source
from esr_gui.gui.settings import SettingsStore
from esr_gui.gui.views.events_pane import EventsPane
from esr_gui.gui.views.log_pane import LogPane
from esr_gui.gui.workers import SyncThreadPool, TaskRunner
from tests.gui.conftest import FakeDialogs
from tests.gui.test_keyboard import tab_stops


class NotesPane(QWidget):
    """A pane as a newcomer would add it: a form (built in code here), a model, two methods."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        self.note = QLineEdit(self)
        self.note.setObjectName("noteEdit")
        self.model = QStringListModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.note, self.list):
            layout.addWidget(widget)

    def show_analysis(self, analysis: Analysis, context: PaneContext) -> None:
        """One line per finding id."""
        del context
        self.heading.setText(f"{len(analysis.findings)} checks")
        self.model.setStringList([f.id for f in analysis.findings])

    def show_empty(self, capturing: bool) -> None:
        """Nothing yet."""
        self.heading.setText("Capturing…" if capturing else "Nothing read yet")
        self.model.setStringList([])


class NotAPane(QWidget):
    """A widget without show_analysis / show_empty."""


NOTES = TabPane("notesPane", "&Notes", "Show the notes tab", NotesPane)


def window_with(
    qtbot: Any, tmp_path: Path, dialogs: FakeDialogs, panes: tuple[TabPane, ...]
) -> MainWindow:
    ctx = AppContext(
        runner=TaskRunner(SyncThreadPool()),
        store=SettingsStore(tmp_path / "settings.json"),
        dialogs=dialogs,
        tab_panes=panes,
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    return window


def test_the_shipped_tabs_keep_their_titles_order_and_shortcuts(
    qtbot: Any, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    window = window_with(qtbot, tmp_path, dialogs, TAB_PANES)
    tabs = window.ui.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Device status",
        "Events",
        "Known issues",
        "Log",
        "Raw text",
    ]
    assert tabs.accessibleName() == "Device status, events, known issues, log and raw text"
    assert [tabs.widget(i).objectName() for i in range(tabs.count())] == [
        "devicePane",
        "eventsPane",
        "knownPane",
        "logPane",
        "rawPane",
    ]
    assert window.ui.eventsPane is window.panes.get(EventsPane) is tabs.widget(1)
    shown = [a for a in window.ui.menuView.actions() if a.objectName().startswith("actionShow")]
    assert [(a.text(), a.shortcut().toString()) for a in shown] == [
        ("&Device status", "Ctrl+1"),
        ("&Events", "Ctrl+2"),
        ("&Known issues", "Ctrl+3"),
        ("&Log", "Ctrl+4"),
        ("&Raw text", "Ctrl+5"),
    ]
    window.ui.actionShowLog.trigger()
    assert tabs.currentWidget() is window.panes.get(LogPane)


def test_a_pane_added_with_one_line_is_a_tab_filled_on_every_analysis(
    qtbot: Any, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    window = window_with(qtbot, tmp_path, dialogs, (*TAB_PANES, NOTES))
    notes = window.panes.get(NotesPane)
    assert window.ui.notesPane is notes
    assert window.ui.tabs.tabText(len(TAB_PANES)) == "Notes"
    assert window.ui.tabs.accessibleName().endswith("log, raw text and notes")
    assert notes.heading.text() == "Nothing read yet"
    window.ui.actionShowNotes.trigger()
    assert window.ui.tabs.currentWidget() is notes
    assert window.ui.actionShowNotes.shortcut().toString() == f"Ctrl+{len(TAB_PANES) + 1}"

    window.show()
    qtbot.waitExposed(window)
    window.open_source(Source("demo", name="smart-card-sign-in"))
    analysis = window.session.analysis
    assert analysis is not None
    assert notes.model.stringList() == [f.id for f in analysis.findings]
    assert notes.heading.text() == f"{len(analysis.findings)} checks"
    stops = tab_stops(window)  # after the tab bar, before the panel to the right
    assert stops.index("qt_tabwidget_tabbar") < stops.index("noteEdit") < stops.index("remedyList")


def test_a_view_without_the_pane_methods_is_refused_by_name(
    qtbot: Any, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    wrong = TabPane("oddPane", "&Odd", "Show the odd tab", NotAPane)
    with pytest.raises(TypeError, match="oddPane: a tab pane needs show_analysis"):
        window_with(qtbot, tmp_path, dialogs, (*TAB_PANES, wrong))


def test_tab_goes_from_the_tab_bar_into_the_added_pane(
    qtbot: Any, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    window = window_with(qtbot, tmp_path, dialogs, (*TAB_PANES, NOTES))
    window.show()
    qtbot.waitExposed(window)
    window.ui.actionShowNotes.trigger()
    stops = tab_stops(window)
    assert stops[stops.index("qt_tabwidget_tabbar") + 1] == "noteEdit"
