"""The main window's tabs, in order: one line per pane. Adding a pane is a line here (and its
form, view and model); the window makes the tab, its View-menu entry (Ctrl+<n>) and its
`ui.<name>` attribute from the line, and `fill_panes` feeds it through `TabPaneView`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QTabWidget, QWidget

from esr_gui.gui.pane_fill import TabPaneView
from esr_gui.gui.views.device_pane import DevicePane
from esr_gui.gui.views.events_pane import EventsPane
from esr_gui.gui.views.known_issues_pane import KnownIssuesPane
from esr_gui.gui.views.log_pane import LogPane
from esr_gui.gui.views.raw_pane import RawPane

T = TypeVar("T")


@dataclass(frozen=True)
class TabPane:
    """One tab: `name` is its attribute on the window's `ui` and its object name; `title` the
    View-menu text with its mnemonic (the tab shows it without the "&"); `tip` that entry's
    tooltip; `view` the pane's class (a QWidget with the TabPaneView methods)."""

    name: str
    title: str
    tip: str
    view: Callable[[], QWidget]

    @property
    def tab_text(self) -> str:
        """The title as the tab shows it."""
        return self.title.replace("&", "")

    @property
    def action_name(self) -> str:
        """`actionShowDevice` for `devicePane`: the View-menu entry's name on `ui`."""
        stem = self.name.removesuffix("Pane")
        return f"actionShow{stem[:1].upper()}{stem[1:]}"


TAB_PANES: tuple[TabPane, ...] = (
    TabPane("devicePane", "&Device status", "Show the device status tab", DevicePane),
    TabPane("eventsPane", "&Events", "Show the events tab", EventsPane),
    TabPane("knownPane", "&Known issues", "Show the known issues tab", KnownIssuesPane),
    TabPane("logPane", "&Log", "Show the application log", LogPane),
    TabPane("rawPane", "&Raw text", "Show the raw text of the capture", RawPane),
)


class TabPanes:
    """The panes made from a TAB_PANES-like tuple, in tab order; `get(EventsPane)` is typed."""

    def __init__(self, entries: Sequence[TabPane], widgets: Sequence[QWidget]) -> None:
        self.entries = tuple(entries)
        self.widgets = tuple(widgets)

    @property
    def views(self) -> tuple[TabPaneView, ...]:
        """Every pane, as `fill_panes` feeds it."""
        return tuple(w for w in self.widgets if isinstance(w, TabPaneView))

    def get(self, kind: type[T]) -> T:
        """The pane of class `kind` (the first, should a class serve two tabs)."""
        for widget in self.widgets:
            if isinstance(widget, kind):
                return widget
        raise KeyError(f"no {kind.__name__} among the tabs")


def build_tab_panes(form: Any, owner: QWidget, entries: Sequence[TabPane]) -> TabPanes:
    """Make each pane in `form.tabs`, its entry in `form.menuView`, in order; the tabs'
    accessible name lists them.

    Each widget and action is also set on `form` by name, so `ui.eventsPane` keeps working.
    """
    tabs: QTabWidget = form.tabs
    menu: QMenu = form.menuView
    widgets: list[QWidget] = []
    for number, entry in enumerate(entries):
        widget = entry.view()
        if not isinstance(widget, TabPaneView):
            raise TypeError(f"{entry.name}: a tab pane needs show_analysis and show_empty")
        widget.setObjectName(entry.name)
        tabs.addTab(widget, entry.tab_text)
        action = _show_action(entry, number, owner)
        action.triggered.connect(lambda _=False, w=widget: tabs.setCurrentWidget(w))
        menu.addAction(action)
        setattr(form, entry.name, widget)
        setattr(form, entry.action_name, action)
        widgets.append(widget)
    tabs.setAccessibleName(_spoken_list([e.tab_text for e in entries]))
    _follow_in_focus_chain(tabs, widgets)
    return TabPanes(entries, widgets)


def _follow_in_focus_chain(tabs: QTabWidget, widgets: Sequence[QWidget]) -> None:
    """Tab reaches the panes right after the tab bar, before the panel to the right.

    Made after the form, the panes would otherwise come last in the window's focus chain.
    """
    previous: QWidget = tabs.tabBar()
    parts = _focusable_parts(previous)  # its scroll buttons
    previous = parts[-1] if parts else previous
    for pane in widgets:
        for widget in _focusable_parts(pane):
            QWidget.setTabOrder(previous, widget)
            previous = widget


def _focusable_parts(pane: QWidget) -> list[QWidget]:
    """The widgets in `pane` that take focus, in the pane's own (form) order."""
    parts: list[QWidget] = []
    widget = pane.nextInFocusChain()
    while widget is not None and widget is not pane and pane.isAncestorOf(widget):
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            parts.append(widget)
        widget = widget.nextInFocusChain()
    return parts


def _show_action(entry: TabPane, number: int, owner: QWidget) -> QAction:
    action = QAction(entry.title, owner)
    action.setObjectName(entry.action_name)
    action.setToolTip(entry.tip)
    action.setStatusTip(entry.tip)
    if number < 9:
        action.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
    return action


def _spoken_list(titles: Sequence[str]) -> str:
    """ "Device status, events, known issues and log"."""
    if not titles:
        return "No tabs"
    words = [titles[0]] + [t[:1].lower() + t[1:] for t in titles[1:]]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
