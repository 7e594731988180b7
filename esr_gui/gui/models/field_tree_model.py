"""A read-only tree of FieldRows (Field, Value, Guide) and its search proxy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from esr_gui.gui import status as st
from esr_gui.gui.device_facts import FieldRow
from esr_gui.gui.models.base import Index, NodeTree, TreeNode, unlink_tree

VERDICT_ROLE = Qt.ItemDataRole.UserRole + 20


@dataclass(eq=False)
class _Node(TreeNode):
    field: FieldRow | None = None


def _build(row: FieldRow, parent: _Node) -> _Node:
    node = _Node(parent, field=row)
    node.children = [_build(child, node) for child in row.children]
    return node


class FieldTreeModel(NodeTree[_Node]):
    """Groups (dsregcmd sections, registry facts) → fields → decoded details."""

    HEADERS = ("Field", "Value", "What the guide expects")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(_Node(), parent)

    def set_rows(self, rows: list[FieldRow]) -> None:
        """Replace the tree."""
        self.beginResetModel()
        old, self._root = self._root, _Node()
        self._root.children = [_build(r, self._root) for r in rows]
        self.endResetModel()
        unlink_tree(old)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, verdict icons (column 2) and bold group titles."""
        node = self._node(index)
        if node is None or node.field is None:
            return None
        row, column = node.field, index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column, role)
        if role == VERDICT_ROLE:
            return row.verdict
        if role == Qt.ItemDataRole.DecorationRole and column == 2 and row.verdict:
            return st.icon(row.verdict)
        if role == Qt.ItemDataRole.FontRole and (node.parent is self._root or row.expect):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, row: FieldRow, column: int, role: int) -> str:
        if column == 0:
            return row.name
        if column == 1:
            return row.value
        if not row.expect:
            return ""
        del role  # the tooltip is the whole displayed text (the cell may be elided)
        if row.verdict in ("pass", "fail", "warn"):
            return f"{st.word(row.verdict)} — {row.expect}"
        return row.expect


class FieldSearchProxy(QSortFilterProxyModel):
    """Case-insensitive search over every column; a match keeps its parents visible."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self._guide_only = False

    def set_guide_only(self, on: bool) -> None:
        """Show only the fields the guide names (and their groups and details)."""
        self.beginFilterChange()
        self._guide_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        """The text filter, and in guide-only mode only rows that say what the guide expects."""
        if self._guide_only:
            model = self.sourceModel()
            expect = model.data(model.index(source_row, 2, source_parent))
            if not expect:
                return False
        return super().filterAcceptsRow(source_row, source_parent)
