"""Item models of the Fleet view: devices × findings, totals per finding, unreadable inputs.

Statuses are shown as an icon plus a word, never colour alone. A device shown by a capture
whose dsregcmd /status could not be read gets the unknown icon and says why, never OK.
`SORT_ROLE` gives each cell a value that sorts sensibly (status severity, numbers, times);
`ROW_ROLE` the DeviceRow itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from PySide6.QtCore import QObject, Qt

from esr_gui.core.diagnose.rules import finding_record
from esr_gui.core.fleet.output import row_note
from esr_gui.core.fleet.summary import DeviceRow, FindingTotals, InputError
from esr_gui.core.models.findings import STATUS_ORDER
from esr_gui.core.report.provenance import format_both_zones, format_in_zone
from esr_gui.gui import status as st
from esr_gui.gui.models.base import Index, RowTable

SORT_ROLE = Qt.ItemDataRole.UserRole + 60
ROW_ROLE = Qt.ItemDataRole.UserRole + 61
FINDING_ID_ROLE = Qt.ItemDataRole.UserRole + 62
FIXED_COLUMNS = (
    "Device",
    "Windows build",
    "Join",
    "Captured",
    "Fail",
    "Warn",
    "Most likely",
    "Source",
)
SOURCE_COLUMN = FIXED_COLUMNS.index("Source")
INTERESTING = ("fail", "warn", "unknown")
LATEST = 1e12  # seconds: later than any capture time (a sort key counts down from it)
DISPLAY = Qt.ItemDataRole.DisplayRole
JOIN_WORDS = {
    "azure-ad": "Azure AD",
    "hybrid": "Hybrid",
    "domain": "Domain only",
    "registered": "Registered",
    "none": "Not joined",
    "unknown": "Unknown",
}


def finding_name(finding_id: str) -> str:
    """The finding's short name from the knowledge base, or its id."""
    info = finding_record(finding_id)
    return info.name if info else finding_id


class FleetTableModel(RowTable[DeviceRow]):
    """One row per device; fixed columns, then one status column per finding that matters.

    A finding gets a column when at least one device has it failing, warning or unknown
    (`all_findings=True` shows every finding id seen).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._findings: list[str] = []

    def set_rows(self, rows: Sequence[DeviceRow], all_findings: bool = False) -> None:
        """Replace every row (and work out the finding columns)."""
        self.beginResetModel()
        self._rows = list(rows)
        seen: dict[str, bool] = {}
        for row in self._rows:
            for finding_id, status in row.statuses.items():
                seen[finding_id] = seen.get(finding_id, False) or status in INTERESTING
        self._findings = [f for f, interesting in seen.items() if interesting or all_findings]
        self.endResetModel()

    def rows(self) -> list[DeviceRow]:
        """Every device row, in model order."""
        return list(self._rows)

    def finding_ids(self) -> list[str]:
        """The finding ids that have a column, in column order."""
        return list(self._findings)

    def finding_of_column(self, column: int) -> str | None:
        """The finding id of a status column, or None for a fixed column."""
        offset = column - len(FIXED_COLUMNS)
        return self._findings[offset] if 0 <= offset < len(self._findings) else None

    def column_titles(self) -> Sequence[str]:
        """The fixed columns, then one per finding shown (its id)."""
        return (*FIXED_COLUMNS, *self._findings)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        """Column titles (finding columns: the id; tooltip: the finding's name)."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        finding_id = self.finding_of_column(section)
        if role == DISPLAY:
            return super().headerData(section, orientation, role)
        if role == Qt.ItemDataRole.ToolTipRole and finding_id:
            return f"{finding_name(finding_id)} ({finding_id})"
        if role == FINDING_ID_ROLE:
            return finding_id
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        """Cell text, status icons, sort keys, and the row itself."""
        row = self.row_at(index)
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        finding_id = self.finding_of_column(index.column())
        if finding_id is not None:
            status = row.statuses.get(finding_id)
            if status is None and row.kind == "intune" and row.readable:
                return _unlisted_cell(finding_id, role)
            return _status_cell(status or "unknown", finding_id, role)
        return _fixed_cell(row, index.column(), role)


UNLISTED = "Not listed"
UNLISTED_TIP = (
    "{name}: not in the device's Intune line, which names only failing and warning checks "
    "(this one was neither)."
)


def _unlisted_cell(finding_id: str, role: int) -> Any:
    """A check an Intune line does not name: neither failing nor warning, never shown OK."""
    if role == DISPLAY:
        return UNLISTED
    if role == Qt.ItemDataRole.ToolTipRole:
        return UNLISTED_TIP.format(name=finding_name(finding_id))
    if role == SORT_ROLE:
        return STATUS_ORDER.get("pass", 9)
    if role == FINDING_ID_ROLE:
        return finding_id
    return None


def _status_cell(status: str, finding_id: str, role: int) -> Any:
    if role == DISPLAY:
        return st.word(status)
    if role == Qt.ItemDataRole.DecorationRole:
        return st.icon(status)
    if role == Qt.ItemDataRole.ToolTipRole:
        return f"{finding_name(finding_id)}: {st.word(status)}. {st.STATUS_HINTS.get(status, '')}"
    if role == SORT_ROLE:
        return STATUS_ORDER.get(status, 9)
    if role == FINDING_ID_ROLE:
        return finding_id
    return None


def _fixed_cell(row: DeviceRow, column: int, role: int) -> Any:
    if role == SORT_ROLE:
        return _sort_key(row, column)
    if role == Qt.ItemDataRole.DecorationRole and column == 0:
        return st.icon(row.state)
    if role == Qt.ItemDataRole.ToolTipRole:
        return _tooltip(row, column)
    if role != DISPLAY:
        return None
    texts = (
        row.display_name,
        row.build or "unknown",
        JOIN_WORDS.get(row.join_type, row.join_type),
        format_in_zone(row.captured, row.captured.tzinfo) if row.captured else "unknown",
        str(len(row.failing)),
        str(len(row.warning)),
        _most_likely(row),
        row.source,
    )
    return texts[column]


def _most_likely(row: DeviceRow) -> str:
    """The headline; for an unreadable capture, or one with newer unreadable ones, why first."""
    headline = row.headline.removeprefix("Most likely: ")
    if row.unreadable:
        return f"Unknown: {row.unreadable}"
    if row.newer_unreadable:
        return f"({_newer_text(row.newer_unreadable)}) {headline}"
    return headline


def _newer_text(count: int) -> str:
    return "a newer capture is unreadable" if count == 1 else f"{count} newer captures unreadable"


def _sort_key(row: DeviceRow, column: int) -> Any:
    if column == 0:  # by name, then newest capture first (the "All captures" history)
        age = LATEST - (row.captured.timestamp() if row.captured else 0.0)
        return f"{row.display_name.casefold()}\x00{age:020.3f}"
    if column == 3:
        return row.captured.timestamp() if row.captured else 0.0
    if column == 4:
        return len(row.failing)
    if column == 5:
        return len(row.warning)
    text = _fixed_cell(row, column, DISPLAY)
    return str(text).casefold()


WHERE = {"bundle": "bundle", "check-json": "saved check result", "intune": "Intune run"}
STATE_TIPS = {
    "fail": "failing",
    "warn": "warning",
    "unknown": "state unknown (this capture could not be read)",
    "pass": "nothing failing",
}


def _tooltip(row: DeviceRow, column: int) -> str:
    if column == 0:
        where = WHERE[row.kind]
        state = STATE_TIPS[row.state]
        note = f"\n{row_note(row)}" if row_note(row) else ""
        return f"{row.display_name}: {state}. From a {where}: {row.source}{note}"
    if column == 6:
        said = _most_likely(row)
        return f"{said}\nFirst step: {row.action}" if row.action else said
    if column == SOURCE_COLUMN:
        return row.source
    if column in (4, 5):
        ids = row.failing if column == 4 else row.warning
        return "\n".join(ids) or "none"
    if column == 3 and row.captured:
        return "Captured " + format_both_zones(row.captured, row.captured.tzinfo or UTC)
    return ""


TOTAL_COLUMNS = ("Check", "Fail", "Warn", "Unknown", "Finding id")


class FleetTotalsModel(RowTable[tuple[str, FindingTotals]]):
    """Per finding id: how many devices fail, warn, or are unknown (only ids with any)."""

    COLUMNS = TOTAL_COLUMNS

    def set_totals(self, totals: dict[str, FindingTotals]) -> None:
        """Replace the totals; ids with nothing to count are left out."""
        self._replace_rows((i, t) for i, t in totals.items() if t.fail or t.warn or t.unknown)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        """Counts as numbers (sorting) and text, with the status icon when not zero."""
        item = self.row_at(index)
        if item is None:
            return None
        finding_id, totals = item
        counts = (totals.fail, totals.warn, totals.unknown)
        values: tuple[Any, ...] = (finding_name(finding_id), *counts, finding_id)
        column = index.column()
        is_count = 1 <= column <= len(counts)
        if role == FINDING_ID_ROLE:
            return finding_id
        if role == SORT_ROLE:
            return values[column] if is_count else str(values[column]).casefold()
        if role == DISPLAY:
            return str(values[column])
        if role == Qt.ItemDataRole.DecorationRole and is_count and values[column]:
            return st.icon(INTERESTING[column - 1])
        if role == Qt.ItemDataRole.ToolTipRole and is_count:
            word = st.word(INTERESTING[column - 1]).lower()
            return f"{values[column]} devices where {finding_name(finding_id)} is: {word}"
        return None


ERROR_COLUMNS = ("Input", "Why it could not be read")


class FleetErrorsModel(RowTable[InputError]):
    """Inputs that could not be read, and why."""

    COLUMNS = ERROR_COLUMNS

    def set_errors(self, errors: Sequence[InputError]) -> None:
        """Replace the list."""
        self._replace_rows(errors)

    def copy_text(self, row: int, with_reason: bool = False) -> str | None:
        """The whole path of row `row` (and why it could not be read), for the clipboard."""
        error = self.row_at(self.index(row, 0))
        if error is None:
            return None
        return f"{error.source}: {error_text(error)}" if with_reason else error.source

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        """The input's whole path and the reason (the view elides; the tooltip is whole)."""
        error = self.row_at(index)
        if error is None:
            return None
        if role in (DISPLAY, Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            return error.source if index.column() == 0 else error_text(error)
        return None


def error_text(error: InputError) -> str:
    """Why the input could not be read, or (a caveat) what the input that was read lacked."""
    return f"Read, but {error.message}" if error.caveat else error.message
