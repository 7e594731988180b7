"""Item delegates: rows that grow to fit word-wrapped text (tree views), and middle eliding."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

Index = QModelIndex | QPersistentModelIndex
DECORATION_ROOM = 24


class WrapDelegate(QStyledItemDelegate):
    """Asks for as many lines as column 0's text needs at the column's current width."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        """The default hint, made taller for long titles in the first column."""
        base = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if index.column() != 0 or not isinstance(text, str) or not text:
            return base
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        indent = self._view.indentation() * (depth + 1)
        width = max(self._view.columnWidth(0) - indent - DECORATION_ROOM, 40)
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 10_000), flags, text)
        return QSize(base.width(), max(base.height(), rect.height() + 4))


class MiddleElideDelegate(QStyledItemDelegate):
    """Elides in the middle, so the end of a long name stays readable ("User Dev…on/Admin")."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        """The default option, eliding in the middle."""
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle
