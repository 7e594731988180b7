"""Events as a table, and a filter proxy: channel, level, event id, time window and text search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from esr_gui.core.models.events import Event
from esr_gui.core.models.manifest import Manifest
from esr_gui.core.report.provenance import device_zone, format_device_time
from esr_gui.gui import knowledge
from esr_gui.gui.evidence_text import short_channel
from esr_gui.gui.models.base import DISPLAY, Index, RowTable

SORT_ROLE = Qt.ItemDataRole.UserRole + 10
EVENT_ROLE = Qt.ItemDataRole.UserRole + 11
# "What it means" is the knowledge table's explanation when there is one, else the message's
# first line: one wide column that stretches (the full message is in the detail view).
COLUMNS = ("Time", "Level", "Channel", "ID", "Error code", "What it means")
COLUMN_TIPS = {3: "Event ID", 5: "What the knowledge table says the code or event means"}
COL_TIME, COL_LEVEL, COL_CHANNEL, COL_ID, COL_CODES, COL_MEANING = range(6)
SHORT_LEVELS = {"Information": "Info"}
LEVEL_GLYPHS = {"Critical": "✖✖", "Error": "✖", "Warning": "!", "Information": "i", "Verbose": "·"}


def known_code(event: Event) -> str:
    """The first of the event's error codes the knowledge table explains, or ""."""
    return next((c for c in event.error_codes if knowledge.explain_code(c)), "")


def meaning(event: Event) -> str:
    """What the event or its first known error code means (knowledge table), or ""."""
    code = known_code(event)
    if code:
        return f"{code}: {knowledge.explain_code(code)}"
    return knowledge.explain_event(event.channel, event.event_id)


def cell_meaning(event: Event) -> str:
    """The table's short form: the sentence alone (the code has its own column)."""
    code = known_code(event)
    if code:
        return knowledge.code_meaning(code)
    return knowledge.explain_event(event.channel, event.event_id)


def codes_cell(event: Event) -> str:
    """The code that matters (the one explained, else the first) and how many more."""
    codes = event.error_codes
    if not codes:
        return ""
    first = known_code(event) or codes[0]
    return first if len(codes) == 1 else f"{first} (+{len(codes) - 1})"


def short_time(moment: datetime | None, zone: tzinfo | None = None) -> str:
    """`2026-11-25 07:59:01` on the device's clock (`zone`), else with its own offset
    (`2026-11-25 06:59:01 +00:00`); the tooltip and the detail view show both zones."""
    if moment is None:
        return "—"
    if zone is not None:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
    offset = moment.strftime("%z")
    suffix = f" {offset[:3]}:{offset[3:]}" if offset else ""
    return moment.strftime("%Y-%m-%d %H:%M:%S") + suffix


@dataclass(frozen=True)
class EventClock:
    """How event times read: on the device's clock when the capture names its zone, and in
    full (device zone = viewer's zone) in tooltips and the detail view."""

    manifest: Manifest | None = None
    viewer_tz: tzinfo | None = None

    @property
    def zone(self) -> tzinfo | None:
        """The device's zone, or None when the capture does not say it."""
        return device_zone(self.manifest) if self.manifest is not None else None

    def full(self, moment: datetime | None) -> str:
        """`2026-11-25 08:35:31 (UTC+1, W. Europe Standard Time) = 02:35:31 your time (UTC-5)`."""
        if moment is None:
            return "time unknown"
        return format_device_time(moment, self.manifest, self.viewer_tz)


def first_line(text: str) -> str:
    """The first non-empty line of a message."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


class EventsModel(RowTable[Event]):
    """One row per event, in capture order."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._meanings: list[str] = []
        self._cells: list[str] = []
        self.clock = EventClock()
        self._zone: tzinfo | None = None

    def set_events(self, events: list[Event], clock: EventClock | None = None) -> None:
        """Replace the rows (and work out what each one means, once)."""
        self.beginResetModel()
        self._rows = list(events)
        self._meanings = [meaning(e) for e in self._rows]
        self._cells = [cell_meaning(e) for e in self._rows]
        self.clock = clock or EventClock()
        self._zone = self.clock.zone
        self.endResetModel()

    def event_at(self, row: int) -> Event | None:
        """The event of a source row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def meaning_of(self, row: int) -> str:
        """What the event of a source row means ("" when the knowledge table does not say)."""
        return self._meanings[row] if 0 <= row < len(self._meanings) else ""

    def channels(self) -> list[str]:
        """Distinct channels, sorted."""
        return sorted({e.channel for e in self._rows}, key=str.lower)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        """Column titles, and what the short ones stand for."""
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return COLUMN_TIPS.get(section)
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, sort keys and tooltips."""
        event = self.row_at(index)
        if event is None:
            return None
        column = index.column()
        if role == EVENT_ROLE:
            return event
        if role == SORT_ROLE:
            return self._sort_key(event, column, index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(event, column, index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(event, column, index.row())
        return None

    def _display(self, event: Event, column: int, row: int) -> str:
        if column == COL_TIME:
            return short_time(event.time, self._zone)
        if column == COL_LEVEL:
            name = event.level_name or "—"
            return f"{LEVEL_GLYPHS.get(name, '')} {SHORT_LEVELS.get(name, name)}".strip()
        if column == COL_CHANNEL:
            return short_channel(event.channel).removesuffix("/Operational")
        if column == COL_ID:
            return str(event.event_id)
        if column == COL_CODES:
            return codes_cell(event)
        return self._cells[row] or first_line(event.message) or _data_summary(event)

    def _tooltip(self, event: Event, column: int, row: int) -> str:
        if column == COL_TIME:
            return self.clock.full(event.time)
        if column == COL_CODES and event.error_codes:
            lines = [
                f"{c}: {knowledge.explain_code(c) or 'not in the knowledge table'}"
                for c in event.error_codes
            ]
            return "\n".join(lines)
        if column == COL_CHANNEL:
            return event.channel
        if column == COL_LEVEL:
            return event.level_name or "level unknown"
        message = event.message[:2000] or _data_summary(event)
        if column == COL_MEANING and self._meanings[row]:
            return f"{self._meanings[row]}\n\n{message}".strip()
        return message

    def _sort_key(self, event: Event, column: int, row: int) -> Any:
        if column == COL_TIME:
            return event.time.timestamp() if event.time else 0.0
        if column == COL_LEVEL:
            return event.level if event.level is not None else 99
        if column == COL_ID:
            return event.event_id
        return self._display(event, column, row).lower()


def _data_summary(event: Event) -> str:
    parts = [f"{k}={v}" for k, v in list(event.data.items())[:4] if v]
    return "; ".join(parts)


class EventFilterProxy(QSortFilterProxyModel):
    """Filters events by channel, level, id, time window and free text (case-insensitive)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._channels: set[str] | None = None
        self._levels: set[int] | None = None
        self._event_ids: set[int] | None = None
        self._since: datetime | None = None
        self._until: datetime | None = None
        self._text = ""

    def set_channels(self, channels: set[str] | None) -> None:
        """Show only these channels (None: all)."""
        self.beginFilterChange()
        self._channels = {c.lower() for c in channels} if channels is not None else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_levels(self, levels: set[int] | None) -> None:
        """Show only these levels (None: all). Level 0 counts as Information (4)."""
        self.beginFilterChange()
        self._levels = set(levels) if levels is not None else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_event_ids(self, text: str) -> None:
        """Show only the ids in a list like "1098, 1104" (empty: all; bad tokens ignored)."""
        self.beginFilterChange()
        ids = {int(t) for t in text.replace(",", " ").split() if t.isdigit()}
        self._event_ids = ids or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_time_window(self, since: datetime | None, until: datetime | None) -> None:
        """Show only events within [since, until] (either may be None)."""
        self.beginFilterChange()
        self._since, self._until = since, until
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        """Show only events whose message, provider, codes, meaning or data contain `text`."""
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        """All active filters must accept the event."""
        model = self.sourceModel()
        if not isinstance(model, EventsModel):
            return True
        event = model.event_at(source_row)
        if event is None:
            return False
        return self._accepts(event, model, source_row)

    def _accepts(self, event: Event, model: EventsModel, row: int) -> bool:
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
        if event.time is None:
            return self._since is None and self._until is None
        stamp = event.time.timestamp()
        if self._since is not None and stamp < self._since.timestamp():
            return False
        return self._until is None or stamp <= self._until.timestamp()


def _haystack(event: Event, model: EventsModel, row: int) -> str:
    meaning_text = model.meaning_of(row)
    data = " ".join(f"{k} {v}" for k, v in event.data.items())
    parts = [event.message, event.provider, " ".join(event.error_codes), meaning_text, data]
    parts.append(str(event.event_id))
    return " ".join(parts).lower()
