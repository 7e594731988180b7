"""Sorting and filtering of the Fleet table: text, device state, and one finding."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from esr_gui.core.fleet.summary import DeviceRow
from esr_gui.gui.fleet.models import ROW_ROLE, SORT_ROLE

StateFilter = Literal["all", "failing", "attention", "unknown", "healthy"]
STATE_LABELS: dict[StateFilter, str] = {
    "all": "All devices",
    "failing": "Failing",
    "attention": "Failing, warning or unknown",
    "unknown": "Capture could not be read",
    "healthy": "Nothing failing, warning or unknown",
}
Index = QModelIndex | QPersistentModelIndex


class FleetFilterProxy(QSortFilterProxyModel):
    """Rows whose name, build, source or headline contain the text, in the chosen state,
    and (when a finding is chosen) where that finding fails, warns or is unknown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._text = ""
        self._state: StateFilter = "all"
        self._finding: str | None = None

    def set_text(self, text: str) -> None:
        """Filter on free text (case-insensitive)."""
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state(self, state: StateFilter) -> None:
        """Filter on the device's state."""
        self.beginFilterChange()
        self._state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_finding(self, finding_id: str | None) -> None:
        """Only devices where `finding_id` fails, warns or is unknown (None: any)."""
        self.beginFilterChange()
        self._finding = finding_id
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def finding(self) -> str | None:
        """The finding filtered on, if any."""
        return self._finding

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        """Apply the three filters."""
        model = self.sourceModel()
        row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
        return isinstance(row, DeviceRow) and accepts(row, self._text, self._state, self._finding)


def accepts(row: DeviceRow, text: str, state: StateFilter, finding: str | None) -> bool:
    """The filter as a plain function (what the proxy asks for each row)."""
    if state == "failing" and not row.failing:
        return False
    if state == "attention" and row.state == "pass":
        return False
    if state == "unknown" and row.readable:
        return False
    if state == "healthy" and row.state != "pass":
        return False
    if finding is not None and row.statuses.get(finding) not in ("fail", "warn", "unknown"):
        return False
    if not text:
        return True
    haystack = " ".join(
        [
            row.display_name,
            row.build or "",
            row.source,
            row.headline,
            row.unreadable or "",
            *row.failing,
            *row.warning,
        ]
    )
    return text in haystack.casefold()
