"""What the item models share: a flat table over a list of rows, and a tree of nodes.

`RowTable` answers rowCount / columnCount / headerData for a list of rows under fixed column
titles (`COLUMNS`); a subclass says what a cell shows (`data`). `NodeTree` answers index /
parent / rowCount / columnCount / headerData for a tree of `TreeNode`s; a subclass builds the
nodes and says what a cell shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Self, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
NO_PARENT = QModelIndex()
Row = TypeVar("Row")
Node = TypeVar("Node", bound="TreeNode")


def column_title(
    titles: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> Any:
    """The horizontal header text of `section`, or None."""
    if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
        return titles[section] if 0 <= section < len(titles) else None
    return None


class RowTable(QAbstractTableModel, Generic[Row]):
    """A table with one row per item of `_rows` and the columns `COLUMNS`."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def _replace_rows(self, rows: Iterable[Row]) -> None:
        """Show `rows` instead of what was shown (a model reset)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, index: Index) -> Row | None:
        """The item of a valid index's row, else None."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def column_titles(self) -> Sequence[str]:
        """The column titles (a model with changing columns overrides this)."""
        return self.COLUMNS

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        """One row per item (a table: no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        """One column per title."""
        return 0 if parent.isValid() else len(self.column_titles())

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        """Column titles."""
        return column_title(self.column_titles(), section, orientation, role)


@dataclass(eq=False)
class TreeNode:
    """A node of a NodeTree: its parent and children (compared by identity, not value)."""

    parent: Self | None = None
    children: list[Self] = field(default_factory=list)
    # Where it was last found under its parent: views ask for every shown row's parent while
    # they paint, and a search through a long list of siblings each time cost ~0.1 ms.
    _row: int = field(default=0, init=False, repr=False, compare=False)

    def row(self) -> int:
        """Its position under its parent."""
        if self.parent is None:
            return 0
        siblings = self.parent.children
        if not (self._row < len(siblings) and siblings[self._row] is self):
            self._row = next(n for n, child in enumerate(siblings) if child is self)
        return self._row


def unlink_tree(root: TreeNode) -> None:
    """Take apart a tree a model no longer shows (call it after the model's reset).

    Parents and children refer to each other, so a tree left whole is freed only by the
    cyclic collector. Opening a capture moves every object alive at that moment out of the
    collector's reach (gui/preload.big_build), the tree shown then included: replaced just
    after, it was never freed (~900 objects for each capture opened). Unlinked, reference
    counting frees it at once.
    """
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        node.children = []
        node.parent = None


class NodeTree(QAbstractItemModel, Generic[Node]):
    """A tree of nodes under `_root` (not shown), with the columns `HEADERS`.

    Only column 0 has children, as Qt's views expect.
    """

    HEADERS: tuple[str, ...] = ()

    def __init__(self, root: Node, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = root

    def _node(self, index: Index) -> Node | None:
        """The node behind a valid index, else None."""
        if not index.isValid():
            return None
        node = index.internalPointer()
        return node if isinstance(node, type(self._root)) else None

    def index(self, row: int, column: int, parent: Index = NO_PARENT) -> QModelIndex:
        """Index of (row, column) under `parent`.

        Bounds are checked here rather than with `hasIndex`, which calls back into Python for
        rowCount and columnCount: views ask for thousands of indexes while they lay out.
        """
        if row < 0 or not 0 <= column < len(self.HEADERS):
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        owner = self._node(parent) or self._root
        if row >= len(owner.children):
            return QModelIndex()
        return self.createIndex(row, column, owner.children[row])

    def parent(self, index: Index = NO_PARENT) -> QModelIndex:  # type: ignore[override]
        """Parent of `index` (column 0)."""
        node = self._node(index)
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row(), 0, node.parent)

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        """Children of `parent` (column 0 only)."""
        if parent.isValid() and parent.column() != 0:
            return 0
        return len((self._node(parent) or self._root).children)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        """One column per title, at every level."""
        del parent
        return len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        """Column titles."""
        return column_title(self.HEADERS, section, orientation, role)
