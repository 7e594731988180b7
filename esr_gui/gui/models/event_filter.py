"""The events table's sort and filters: channel, level, event id, time window and text search.

A `QSortFilterProxyModel` asks the Python model for a sort key on every comparison and calls
Python once per row on every filter change: 50,000 events froze the window for seconds.
This proxy keeps the shown order as a plain list of source rows instead. Sort keys are
worked out once per column, the sort is one `sorted()`, and the filter pass walks that
order — in slices between event-loop turns (`gui/slices.py`), so typing a search or
clicking a column header never stalls the window. Small tables are done at once.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QObject, Qt, Signal

from esr_gui.core.models.events import Event
from esr_gui.gui.models.base import NO_PARENT, Index
from esr_gui.gui.models.events_model import EventsModel
from esr_gui.gui.slices import AT_ONCE_ITEMS, Slices, in_steps

STEP_ROWS = 500  # rows per step of a sliced job


class EventFilterProxy(QAbstractProxyModel):
    """Sorted, filtered view of an EventsModel. `view_changed` fires when a new order is shown;
    `busy()` is True while one is being worked out (the old order stays until then)."""

    view_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._order: list[int] = []
        self._position: dict[int, int] | None = None  # source row -> shown row, when asked
        self._sorted: dict[tuple[int, bool], list[int]] = {}  # (column, descending) -> rows
        self._keys: dict[int, list[Any]] = {}  # column -> each source row's sort key
        self._sort: tuple[int, bool] = (-1, False)
        self._channels: set[str] | None = None
        self._levels: set[int] | None = None
        self._event_ids: set[int] | None = None
        self._since: float | None = None  # the time window, as timestamps
        self._until: float | None = None
        self._text = ""
        self._slices = Slices(self)

    # --- the source ------------------------------------------------------------------------
    def setSourceModel(self, source: Any) -> None:  # noqa: N802 — Qt's name
        """Show `source` (an EventsModel); a reset of it starts a new order."""
        old = self.sourceModel()
        if old is not None:
            old.modelAboutToBeReset.disconnect(self._source_about_to_reset)
            old.modelReset.disconnect(self._source_reset)
        self.beginResetModel()
        super().setSourceModel(source)
        self._forget()
        self.endResetModel()
        if source is not None:
            source.modelAboutToBeReset.connect(self._source_about_to_reset)
            source.modelReset.connect(self._source_reset)
        self._rebuild()

    def _events(self) -> EventsModel | None:
        source = self.sourceModel()
        return source if isinstance(source, EventsModel) else None

    def _source_about_to_reset(self) -> None:
        self._slices.cancel()
        self.beginResetModel()

    def _source_reset(self) -> None:
        self._forget()
        self.endResetModel()
        self._rebuild()

    def _forget(self) -> None:
        self._order, self._position, self._sorted, self._keys = [], None, {}, {}

    # --- filters and sort --------------------------------------------------------------------
    def set_channels(self, channels: set[str] | None) -> None:
        """Show only these channels (None: all)."""
        self._channels = {c.lower() for c in channels} if channels is not None else None
        self._rebuild()

    def set_levels(self, levels: set[int] | None) -> None:
        """Show only these levels (None: all). Level 0 counts as Information (4)."""
        self._levels = set(levels) if levels is not None else None
        self._rebuild()

    def set_event_ids(self, text: str) -> None:
        """Show only the ids in a list like "1098, 1104" (empty: all; bad tokens ignored)."""
        ids = {int(t) for t in text.replace(",", " ").split() if t.isdigit()}
        self._event_ids = ids or None
        self._rebuild()

    def set_time_window(self, since: datetime | None, until: datetime | None) -> None:
        """Show only events within [since, until] (either may be None)."""
        self._since = since.timestamp() if since is not None else None
        self._until = until.timestamp() if until is not None else None
        self._rebuild()

    def set_search(self, text: str) -> None:
        """Show only events whose message, provider, codes, meaning or data contain `text`."""
        self._text = text.strip().lower()
        self._rebuild()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (the view calls this for a header click); -1: capture order."""
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self._rebuild()

    def busy(self) -> bool:
        """A new order is being worked out."""
        return self._slices.busy()

    def _rebuild(self) -> None:
        model = self._events()
        if model is None:
            return
        self._slices.start(self._build(model), at_once=model.rowCount() <= AT_ONCE_ITEMS)

    # --- the job -------------------------------------------------------------------------
    def _build(self, model: EventsModel) -> Iterator[None]:
        order = yield from self._sorted_rows(model)
        if self._filtering():
            kept: list[int] = []
            for rows in in_steps(order, STEP_ROWS):
                kept.extend(r for r in rows if self._keeps(model, r))
                yield
            order = kept
        self._show(order)

    def _sorted_rows(self, model: EventsModel) -> Generator[None, None, list[int]]:
        count = model.rowCount()
        column, descending = self._sort
        if column < 0 or column >= model.columnCount():
            return list(range(count))
        cached = self._sorted.get(self._sort)
        if cached is not None:
            return cached
        keys = self._keys.get(column)
        if keys is None:  # the other direction of the same column reuses them
            keys = []
            for part in in_steps(range(count), STEP_ROWS):
                keys.extend(model.sort_key(r, column) for r in part)
                yield
            self._keys[column] = keys
        rows = sorted(range(count), key=keys.__getitem__, reverse=descending)
        self._sorted[self._sort] = rows
        return rows

    def _filtering(self) -> bool:
        filters = (self._channels, self._levels, self._event_ids, self._since, self._until)
        return bool(self._text) or any(f is not None for f in filters)

    def _show(self, order: list[int]) -> None:
        if order == self._order:
            return  # the same rows in the same order: keep the view (and its selection)
        self.beginResetModel()
        self._order, self._position = order, None
        self.endResetModel()
        self.view_changed.emit()

    def _keeps(self, model: EventsModel, row: int) -> bool:
        event = model.event_at(row)
        return event is not None and self._accepts(event, model, row)

    def _accepts(self, event: Event, model: EventsModel, row: int) -> bool:
        """Whether every active filter keeps the event of source row `row`."""
        if self._channels is not None and event.channel.lower() not in self._channels:
            return False
        level = 4 if event.level in (0, None) else event.level
        if self._levels is not None and level not in self._levels:
            return False
        if self._event_ids is not None and event.event_id not in self._event_ids:
            return False
        if not self._in_window(event):
            return False
        return not self._text or self._text in _haystack(event, model, row)

    def _in_window(self, event: Event) -> bool:
        if self._since is None and self._until is None:
            return True
        if event.time is None:
            return False
        stamp = event.time.timestamp()
        if self._since is not None and stamp < self._since:
            return False
        return self._until is None or stamp <= self._until

    # --- QAbstractProxyModel -------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = NO_PARENT) -> QModelIndex:
        """A shown cell."""
        if parent.isValid() or not (0 <= row < len(self._order)):
            return QModelIndex()
        if not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: Index = NO_PARENT) -> QModelIndex:  # type: ignore[override]
        """A table: no parents."""
        return QModelIndex()

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        """Another cell of the table."""
        return self.index(row, column)

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        """Rows shown."""
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        """The source's columns."""
        source = self.sourceModel()
        return 0 if parent.isValid() or source is None else source.columnCount()

    def hasChildren(self, parent: Index = NO_PARENT) -> bool:  # noqa: N802
        """Only the root has rows."""
        return not parent.isValid() and bool(self._order)

    def mapToSource(self, proxy_index: Index) -> QModelIndex:  # noqa: N802
        """The source cell of a shown cell."""
        source = self.sourceModel()
        if source is None or not proxy_index.isValid():
            return QModelIndex()
        row = proxy_index.row()
        if not 0 <= row < len(self._order):
            return QModelIndex()
        return source.index(self._order[row], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:  # noqa: N802
        """The shown cell of a source cell (invalid when filtered out)."""
        if not source_index.isValid():
            return QModelIndex()
        if self._position is None:
            self._position = {row: shown for shown, row in enumerate(self._order)}
        shown = self._position.get(source_index.row())
        return QModelIndex() if shown is None else self.index(shown, source_index.column())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The source's data for a shown cell."""
        source = self.sourceModel()
        if source is None or not index.isValid() or not 0 <= index.row() < len(self._order):
            return None
        return source.data(source.index(self._order[index.row()], index.column()), role)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The source's column titles."""
        source = self.sourceModel()
        if source is None or orientation != Qt.Orientation.Horizontal:
            return None
        return source.headerData(section, orientation, role)


def _haystack(event: Event, model: EventsModel, row: int) -> str:
    meaning_text = model.meaning_of(row)
    data = " ".join(f"{k} {v}" for k, v in event.data.items())
    parts = [event.message, event.provider, " ".join(event.error_codes), meaning_text, data]
    parts.append(str(event.event_id))
    return " ".join(parts).lower()
