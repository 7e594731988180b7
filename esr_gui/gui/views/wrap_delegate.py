"""Item delegates: rows that grow to fit word-wrapped text (tree views), and middle eliding."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

Index = QModelIndex | QPersistentModelIndex
DECORATION_ROOM = 24
CACHE_LIMIT = 4096
# A title taller than this is cut at its last line (elided; its tooltip has the whole title),
# so one long title cannot fill a narrow checklist on its own.
MAX_LINES = 4


class WrapDelegate(QStyledItemDelegate):
    """Asks for as many lines as a cell's text needs at its column's current width.

    Column 0 (titles) wraps at its width; column 1 (status words) wraps only when the view has
    made the column narrower than the one-line text (the checklist keeps it at least as wide as
    the widest word, so a word is never cut).

    The tree asks for every row's size several times while it fills (reset, expand, select),
    and each default hint reads about ten roles from the Python model; the answers are kept per
    (column, text, depth, width, font), which is all they depend on in the checklist.
    """

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view
        self._sizes: dict[tuple[int, str, int, int, str], QSize] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        """The default hint, made taller for long titles in the first column."""
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str):
            return super().sizeHint(option, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        key = (index.column(), text, depth, self._room(index), option.font.key())
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) >= CACHE_LIMIT:  # every window width adds its own rows
                self._sizes.clear()
            size = self._sizes[key] = self._measure(option, index, text, depth)
        return QSize(size)

    def _room(self, index: Index) -> int:
        """The cell's column width, or the whole row's for a row spanning the columns
        (evidence)."""
        if self._view.isFirstColumnSpanned(index.row(), index.parent()):
            return self._view.viewport().width()
        return self._view.columnWidth(index.column())

    def _measure(self, option: QStyleOptionViewItem, index: Index, text: str, depth: int) -> QSize:
        base = super().sizeHint(option, index)
        if not text:
            return base
        if index.column() != 0:
            return self._measure_status(option, base, text, self._room(index))
        indent = self._view.indentation() * (depth + 1)
        width = max(self._room(index) - indent - DECORATION_ROOM, 40)
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 10_000), flags, text)
        height = min(rect.height(), option.fontMetrics.lineSpacing() * MAX_LINES)
        return QSize(base.width(), max(base.height(), height + 4))

    @staticmethod
    def _measure_status(option: QStyleOptionViewItem, base: QSize, text: str, room: int) -> QSize:
        """A status word on one line, or wrapped when its column is narrower than the line."""
        if room <= 0 or room >= base.width():
            return base
        metrics = option.fontMetrics
        width = max(room - (base.width() - metrics.horizontalAdvance(text)), 1)
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = metrics.boundingRect(QRect(0, 0, width, 10_000), flags, text)
        return QSize(base.width(), max(base.height(), rect.height() + 4))


class MiddleElideDelegate(QStyledItemDelegate):
    """Elides in the middle, so the end of a long name stays readable ("User Dev…on/Admin")."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        """The default option, eliding in the middle."""
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle
