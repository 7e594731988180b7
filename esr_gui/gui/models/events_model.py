"""Events as a table (its sort and filters: `event_filter.EventFilterProxy`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QObject, Qt

from esr_gui.core.models.events import Event
from esr_gui.core.models.manifest import Manifest
from esr_gui.core.report.provenance import device_zone, format_device_time
from esr_gui.gui import knowledge
from esr_gui.gui.evidence_text import short_channel
from esr_gui.gui.models.base import DISPLAY, Index, RowTable

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
        # what each row means, worked out the first time a row is shown or searched
        self._meanings: list[str | None] = []
        self._cells: list[str | None] = []
        self.clock = EventClock()
        self._zone: tzinfo | None = None

    def set_events(self, events: list[Event], clock: EventClock | None = None) -> None:
        """Replace the rows (what each one means is worked out when first needed)."""
        self.beginResetModel()
        self._rows = list(events)
        self._meanings = [None] * len(self._rows)
        self._cells = [None] * len(self._rows)
        self.clock = clock or EventClock()
        self._zone = self.clock.zone
        self.endResetModel()

    def event_at(self, row: int) -> Event | None:
        """The event of a source row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def meaning_of(self, row: int) -> str:
        """What the event of a source row means ("" when the knowledge table does not say)."""
        if not 0 <= row < len(self._rows):
            return ""
        known = self._meanings[row]
        if known is None:
            known = self._meanings[row] = meaning(self._rows[row])
        return known

    def _cell(self, row: int) -> str:
        known = self._cells[row]
        if known is None:
            known = self._cells[row] = cell_meaning(self._rows[row])
        return known

    def sort_key(self, row: int, column: int) -> Any:
        """What source row `row` sorts by in `column`."""
        event = self._rows[row]
        if column == COL_TIME:
            return event.time.timestamp() if event.time else 0.0
        if column == COL_LEVEL:
            return event.level if event.level is not None else 99
        if column == COL_ID:
            return event.event_id
        return self._display(event, column, row).lower()

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        """Column titles, and what the short ones stand for."""
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return COLUMN_TIPS.get(section)
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, the event itself (EVENT_ROLE) and tooltips."""
        event = self.row_at(index)
        if event is None:
            return None
        column = index.column()
        if role == EVENT_ROLE:
            return event
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
        return self._cell(row) or first_line(event.message) or _data_summary(event)

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
        if column == COL_MEANING and self.meaning_of(row):
            return f"{self.meaning_of(row)}\n\n{message}".strip()
        return message


def _data_summary(event: Event) -> str:
    parts = [f"{k}={v}" for k, v in list(event.data.items())[:4] if v]
    return "; ".join(parts)
