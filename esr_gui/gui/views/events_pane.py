"""Events: filters, the painted timeline, the table, one event's details, channel states."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import datetime, timedelta

from PySide6.QtCore import QItemSelection, QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QWidget

from esr_gui.core.models.events import ChannelCapture, Event
from esr_gui.gui.evidence_text import short_channel
from esr_gui.gui.forms import setup_form
from esr_gui.gui.models.event_filter import STEP_ROWS, EventFilterProxy
from esr_gui.gui.models.events_model import (
    COL_CHANNEL,
    COL_CODES,
    COL_ID,
    COL_LEVEL,
    COL_MEANING,
    COL_TIME,
    EVENT_ROLE,
    EventClock,
    EventsModel,
)
from esr_gui.gui.pane_fill import PaneContext
from esr_gui.gui.pipeline import Analysis
from esr_gui.gui.present import empty_state_html
from esr_gui.gui.slices import AT_ONCE_ITEMS, Slices, in_steps
from esr_gui.gui.views.event_detail import event_html
from esr_gui.gui.views.wrap_delegate import MiddleElideDelegate
from esr_gui.ui.forms.ui_events_pane import Ui_EventsPane

LEVEL_CHOICES: tuple[tuple[str, set[int] | None], ...] = (
    ("All levels", None),
    ("Errors (and critical)", {1, 2}),
    ("Warnings and errors", {1, 2, 3}),
    ("Warnings", {3}),
    ("Information", {4}),
    ("Verbose", {5}),
)
TIME_CHOICES: tuple[tuple[str, timedelta | None], ...] = (
    ("Whole capture", None),
    ("Last hour", timedelta(hours=1)),
    ("Last 24 hours", timedelta(days=1)),
    ("Last 7 days", timedelta(days=7)),
)
SLOT_CHOICE = "Timeline selection"
# Columns sized to their contents within (least, most) pixels; "What it means" stretches.
FITTED_COLUMNS = {COL_CHANNEL: (60, 130), COL_CODES: (80, 130)}
SIZE_ROWS = 100  # columns are as wide as these first rows need
CELL_MARGIN = 12  # the style's text margins either side of a cell, and a little air
EMPTY_NAMES_SHOWN = 2  # logs captured without events: this many by name, the rest counted
STATE_WORDS = {
    "captured": "captured",
    "empty": "no events",
    "not-found": "not present on this build",
    "access-denied": "needs admin",
    "disabled": "log is switched off",
    "enabled-debug-unreadable": "on, but unreadable while on",
    "timeout": "timed out",
    "error": "error",
    "not-captured": "not captured",
}


class EventsPane(QWidget):
    """Dumb view over EventsModel + EventFilterProxy; `sync_test_requested` from its button;
    `event_activated(Event)` when a row is double-clicked or Enter pressed on it."""

    sync_test_requested = Signal()
    event_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_EventsPane()
        setup_form(self.ui, self)
        self.ui.filterBar.adopt_children()
        self.model = EventsModel(self)
        self.proxy = EventFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.ui.table.setModel(self.proxy)
        self._reference: datetime | None = None
        self._fresh = False  # new events whose first view has not been shown yet
        self._explaining = Slices(self)  # the search for an explained event to select
        self._listing = Slices(self)  # the channel filter's choices
        self._fitting = Slices(self)  # the columns' widths, one column per turn
        self._kept_row = -1  # the selected event's source row across a new order
        self.proxy.view_changed.connect(self._on_view_changed)
        self.proxy.modelAboutToBeReset.connect(self._keep_selection)
        self.proxy.modelReset.connect(self._restore_selection)
        self._setup_table()
        self._setup_filters()
        self.ui.syncTestButton.clicked.connect(self.sync_test_requested)
        self.ui.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.ui.table.activated.connect(self._on_activated)
        self.ui.timeline.slot_selected.connect(self._on_slot)
        self.ui.timeline.slot_cleared.connect(self._on_slot_cleared)
        self.ui.eventsSplitter.setStretchFactor(0, 3)
        self.ui.eventsSplitter.setStretchFactor(1, 2)

    def _setup_table(self) -> None:
        table = self.ui.table
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_MEANING, QHeaderView.ResizeMode.Stretch)
        table.setItemDelegateForColumn(COL_CHANNEL, MiddleElideDelegate(table))
        table.sortByColumn(COL_TIME, Qt.SortOrder.DescendingOrder)

    def _fit_columns(self) -> Iterator[None]:
        """Columns as wide as their title and the first SIZE_ROWS shown rows need, channel and
        error code within limits (tooltips say all). Measured here rather than by Qt's
        resize-to-contents, which asks the Python model for ten roles of every cell it
        samples, again on every reset: with 50,000 events that was the longest stall left.
        One column per step: all of them at once were ~25 ms in one turn (`make bench`)."""
        table, header = self.ui.table, self.ui.table.horizontalHeader()
        metrics = table.fontMetrics()
        rows = range(min(self.proxy.rowCount(), SIZE_ROWS))
        for column in range(self.proxy.columnCount()):
            if column == COL_MEANING:
                continue  # it stretches
            texts = (str(self.proxy.index(row, column).data() or "") for row in rows)
            widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
            width = max(widest + CELL_MARGIN, header.sectionSizeFromContents(column).width())
            least, most = FITTED_COLUMNS.get(column, (0, width))
            table.setColumnWidth(column, max(least, min(width, most)))
            yield

    def _setup_filters(self) -> None:
        for text, _ in LEVEL_CHOICES:
            self.ui.levelCombo.addItem(text)
        for text, _ in TIME_CHOICES:
            self.ui.timeCombo.addItem(text)
        self.ui.channelCombo.currentIndexChanged.connect(self._apply_channel)
        self.ui.levelCombo.currentIndexChanged.connect(self._apply_level)
        self.ui.idEdit.textChanged.connect(self.proxy.set_event_ids)
        self.ui.searchEdit.textChanged.connect(self.proxy.set_search)
        self.ui.timeCombo.currentIndexChanged.connect(self._apply_time)
        self.ui.clearButton.clicked.connect(self.clear_filters)

    def show_analysis(self, analysis: Analysis, context: PaneContext) -> None:
        """The capture's events, read on the device's clock and the viewer's, and its logs."""
        snap = analysis.snapshot
        reference = snap.manifest.created if snap.manifest else None
        clock = EventClock(snap.manifest, context.viewer_tz)
        self.set_events(list(snap.events), reference, clock)
        self.set_channel_states(list(snap.channels))

    def show_empty(self, capturing: bool) -> None:
        """No events and no logs until something is read."""
        del capturing  # the same words either way
        self.set_events([], None)
        self.set_channel_states([])

    def set_events(
        self, events: list[Event], reference: datetime | None, clock: EventClock | None = None
    ) -> None:
        """Fill the table and timeline; `reference` is "now" for the relative time filters;
        `clock` says the device's zone (times read on its clock) and the viewer's."""
        self.model.set_events(events, clock)
        self._reference = reference or max((e.time for e in events if e.time), default=None)
        self.ui.timeline.set_events(events, self.model.clock.zone)
        with QSignalBlocker(self.ui.channelCombo):
            self.ui.channelCombo.clear()
            self.ui.channelCombo.addItem("All channels", None)
        self._listing.start(self._list_channels(events), at_once=len(events) <= AT_ONCE_ITEMS)
        self._explaining.cancel()
        self._kept_row = -1
        self.clear_filters()
        self._show_detail(None)
        self._fresh = True
        if not self.proxy.busy():
            self._on_view_changed()

    def busy(self) -> bool:
        """The table's order, its channels, timeline or first selection are being worked out."""
        jobs = (self.proxy, self._explaining, self._listing, self._fitting, self.ui.timeline)
        return any(job.busy() for job in jobs)

    def _list_channels(self, events: list[Event]) -> Iterator[None]:
        """The channel filter's choices: the distinct channels of the events, sorted."""
        seen: set[str] = set()
        for part in in_steps(events, STEP_ROWS):
            seen.update(e.channel for e in part)
            yield
        with QSignalBlocker(self.ui.channelCombo):
            for channel in sorted(seen, key=str.lower):
                self.ui.channelCombo.addItem(short_channel(channel), channel)

    def _on_view_changed(self) -> None:
        """The first view of new events: fit the columns, then select an explained event (a
        later view, a filter the technician set, stops that search: its rows have moved)."""
        if not self._fresh:
            self._explaining.cancel()
            return
        self._fresh = False
        small = self.proxy.rowCount() <= AT_ONCE_ITEMS
        self._fitting.start(self._fit_columns(), at_once=small)
        self._show_detail(None)
        self._explaining.start(self._select_explained(), at_once=small)

    def _select_explained(self) -> Iterator[None]:
        """Select the newest event the knowledge table explains, so its meaning shows."""
        for rows in in_steps(range(self.proxy.rowCount()), STEP_ROWS):
            for row in rows:
                source = self.proxy.mapToSource(self.proxy.index(row, COL_TIME)).row()
                if self.model.meaning_of(source):
                    self.select_row(row)
                    return
            yield

    def _keep_selection(self) -> None:
        current = self.proxy.mapToSource(self.ui.table.currentIndex())
        self._kept_row = current.row() if current.isValid() else -1

    def _restore_selection(self) -> None:
        """The event selected before a new order stays selected when the filters keep it."""
        if self._kept_row < 0:
            return
        shown = self.proxy.mapFromSource(self.model.index(self._kept_row, COL_TIME))
        if shown.isValid():
            self.select_row(shown.row())
            self.ui.table.scrollTo(shown)

    def set_channel_states(self, channels: list[ChannelCapture]) -> None:
        """One line per channel: captured (n) / not present on this build / needs admin…"""
        if not channels:
            self.ui.channelStates.setText("Event logs: none were part of this capture.")
            return
        groups: dict[str, list[str]] = {}
        for c in channels:
            word = STATE_WORDS.get(c.state, c.state)
            if c.state in ("captured", "empty"):
                word = STATE_WORDS["captured" if c.count else "empty"]
            name = html.escape(short_channel(c.channel))
            groups.setdefault(word, []).append(
                f"{name} ({c.count})" if word == "captured" else name
            )
        order = sorted(groups, key=lambda w: (w != "captured", w == STATE_WORDS["empty"]))
        parts = [f"<b>{html.escape(w)}:</b> {_some(w, groups[w])}" for w in order]
        self.ui.channelStates.setText("Event logs — " + " · ".join(parts))
        tips = [_state_tip(c) for c in channels]
        self.ui.channelStates.setToolTip("\n".join(tips))

    def set_sync_test(self, enabled: bool, tooltip: str, status: str | None = None) -> None:
        """Enable or disable the sync-test button (with why), and show its status text."""
        self.ui.syncTestButton.setEnabled(enabled)
        self.ui.syncTestButton.setToolTip(tooltip)
        self.ui.syncTestButton.setAccessibleDescription(tooltip)
        if status is not None:
            self.ui.syncTestStatus.setText(status)

    def clear_filters(self) -> None:
        """Back to every event."""
        self.ui.channelCombo.setCurrentIndex(0)
        self.ui.levelCombo.setCurrentIndex(0)
        self.ui.idEdit.clear()
        self.ui.searchEdit.clear()
        self._remove_slot_choice()
        self.ui.timeCombo.setCurrentIndex(0)
        self._apply_channel()
        self._apply_level()
        self._apply_time()

    def _apply_channel(self, *_: object) -> None:
        channel = self.ui.channelCombo.currentData()
        self.proxy.set_channels({channel} if channel else None)

    def _apply_level(self, *_: object) -> None:
        self.proxy.set_levels(LEVEL_CHOICES[max(self.ui.levelCombo.currentIndex(), 0)][1])

    def _apply_time(self, *_: object) -> None:
        index = self.ui.timeCombo.currentIndex()
        if index < 0 or index >= len(TIME_CHOICES):
            return
        span = TIME_CHOICES[index][1]
        if span is None or self._reference is None:
            self.proxy.set_time_window(None, None)
        else:
            self.proxy.set_time_window(self._reference - span, None)
        self._remove_slot_choice()

    def _remove_slot_choice(self) -> None:
        found = self.ui.timeCombo.findText(SLOT_CHOICE)
        if found >= 0 and self.ui.timeCombo.currentIndex() != found:
            self.ui.timeCombo.removeItem(found)

    def _on_slot(self, start: datetime, end: datetime) -> None:
        with QSignalBlocker(self.ui.timeCombo):
            if self.ui.timeCombo.findText(SLOT_CHOICE) < 0:
                self.ui.timeCombo.addItem(SLOT_CHOICE)
            self.ui.timeCombo.setCurrentText(SLOT_CHOICE)
        self.proxy.set_time_window(start, end)

    def _on_slot_cleared(self) -> None:
        self.ui.timeCombo.setCurrentIndex(0)

    def _on_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        del selected, deselected
        index = self.ui.table.currentIndex()
        event = self.proxy.data(index.siblingAtColumn(0), EVENT_ROLE) if index.isValid() else None
        self._show_detail(event if isinstance(event, Event) else None)

    def _on_activated(self, index: QModelIndex) -> None:
        event = self.proxy.data(index.siblingAtColumn(0), EVENT_ROLE)
        if isinstance(event, Event):
            self.event_activated.emit(event)

    def _show_detail(self, event: Event | None) -> None:
        if event is None:
            if self.proxy.busy() and self.proxy.rowCount() == 0:
                body = f"Sorting and filtering {self.model.rowCount():,} events…"
                self.ui.detail.setHtml(empty_state_html("Loading events", body))
            elif self.model.rowCount() == 0:
                body = (
                    "This capture holds no events. A pasted dsregcmd text has none; a bundle may "
                    "lack the event logs (see the channel states below)."
                )
                self.ui.detail.setHtml(empty_state_html("No events", body))
            else:
                self.ui.detail.setHtml(
                    empty_state_html("Select an event", "Its full message and data show here.")
                )
            return
        self.ui.detail.setHtml(event_html(event, self.model.clock))

    def visible_rows(self) -> int:
        """Rows that pass the filters (for tests and the status line)."""
        return self.proxy.rowCount()

    def select_row(self, row: int) -> None:
        """Select a visible row."""
        self.ui.table.setCurrentIndex(self.proxy.index(row, COL_TIME, QModelIndex()))


def _state_tip(channel: ChannelCapture) -> str:
    """`Microsoft-Windows-AAD/Operational: captured (3)` and the capture's own message."""
    text = f"{channel.channel}: {STATE_WORDS.get(channel.state, channel.state)} ({channel.count})"
    return f"{text} — {channel.message}" if channel.message else text


def _some(word: str, names: list[str]) -> str:
    """Every name, except for logs without events: the first few, then how many more."""
    if word != STATE_WORDS["empty"] or len(names) <= EMPTY_NAMES_SHOWN + 1:
        return ", ".join(names)
    more = len(names) - EMPTY_NAMES_SHOWN
    return ", ".join(names[:EMPTY_NAMES_SHOWN]) + f" and {more} more"


__all__ = ["COL_CODES", "COL_ID", "COL_LEVEL", "EventsPane", "event_html"]
