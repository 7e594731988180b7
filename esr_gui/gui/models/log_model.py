"""The in-app log: a table fed by the TailHandler, with a level/text filter proxy."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Qt, Slot

from esr_gui.gui.applog import LogLine, TailHandler
from esr_gui.gui.models.base import TOOLTIP, Index, RowTable

COLUMNS = ("Time", "Level", "Source", "Message")
MAX_ROWS = 5000
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 30


class LogModel(RowTable[LogLine]):
    """Rows of log lines; starts with the handler's tail and appends as records arrive."""

    COLUMNS = COLUMNS

    def __init__(self, handler: TailHandler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = list(handler.lines)
        handler.announcer.record.connect(self.append)

    @Slot(object)
    def append(self, line: LogLine) -> None:
        """Add one line at the end (dropping the oldest past MAX_ROWS)."""
        if len(self._rows) >= MAX_ROWS:
            self.beginRemoveRows(QModelIndex(), 0, 0)
            self._rows.pop(0)
            self.endRemoveRows()
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(line)
        self.endInsertRows()

    def text(self) -> str:
        """Every line as plain text (Copy log)."""
        return "\n".join(
            f"{ln.time:%Y-%m-%d %H:%M:%S} {ln.level:<7} {ln.logger}: {ln.message}"
            for ln in self._rows
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; LEVEL_ROLE is the numeric level."""
        line = self.row_at(index)
        if line is None:
            return None
        if role == LEVEL_ROLE:
            return line.levelno
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        source = line.logger if role == TOOLTIP else line.logger.removeprefix("esr_gui.")
        values = (f"{line.time:%H:%M:%S}", line.level, source, line.message)
        text = values[index.column()]
        return text.splitlines()[0] if role == Qt.ItemDataRole.DisplayRole and text else text


class LogFilterProxy(QSortFilterProxyModel):
    """Minimum level plus free text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._min_level = logging.INFO
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def set_min_level(self, level: int) -> None:
        """Hide records below `level`."""
        self.beginFilterChange()
        self._min_level = level
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        """Level first, then the text filter."""
        model = self.sourceModel()
        level = model.data(model.index(source_row, 0, source_parent), LEVEL_ROLE)
        if isinstance(level, int) and level < self._min_level:
            return False
        return super().filterAcceptsRow(source_row, source_parent)
