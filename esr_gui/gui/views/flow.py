"""A row of controls that wraps onto the next line when the pane is narrow (Qt's flow layout).

`FlowBar` is the Designer container: its child widgets (label + control pairs, buttons) are
laid out left to right, wrapping as the width runs out; the bar's height follows its width
(heightForWidth), so the rows below move down instead of being covered. Widgets that expand
horizontally (a search field) share the width left on their line.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget

SPACING = 6


class FlowLayout(QLayout):
    """Items left to right; a new line when the next one does not fit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(SPACING)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 — Qt's name
        """Append an item (QLayout calls this for addWidget)."""
        self._items.append(item)

    def count(self) -> int:
        """Number of items."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        """The item at `index`, or None."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        """Remove and return the item at `index`, or None."""
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        """It never asks for more than its lines need."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        """Its height depends on its width."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        """The height of the lines at `width`."""
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        """Place the items in `rect`."""
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Everything on one line."""
        width = sum(i.sizeHint().width() for i in self._visible()) + SPACING * self.count()
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # noqa: N802
        """As wide as the widest item (each on its own line)."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            wanted = item.sizeHint().width()
            if lines[-1] and used + SPACING + wanted > width:
                lines.append([])
                used = 0
            used += (SPACING if lines[-1] else 0) + wanted
            lines[-1].append(item)
        return [line for line in lines if line]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Lay the lines out (or only measure them); returns the height they take."""
        y = rect.y()
        for line in self._lines(rect.width()):
            height = max(i.sizeHint().height() for i in line)
            if move:
                self._place_line(line, QPoint(rect.x(), y), rect.width(), height)
            y += height + SPACING
        return max(y - SPACING - rect.y(), 0)

    def _place_line(self, line: list[QLayoutItem], at: QPoint, width: int, height: int) -> None:
        widths = [min(i.sizeHint().width(), width) for i in line]
        spare = max(width - sum(widths) - SPACING * (len(line) - 1), 0)
        growing = [n for n, i in enumerate(line) if _grows(i)]
        for n in growing:
            widths[n] += spare // len(growing)
        x = at.x()
        for item, item_width in zip(line, widths, strict=True):
            item.setGeometry(QRect(QPoint(x, at.y()), QSize(item_width, height)))
            x += item_width + SPACING


def _grows(item: QLayoutItem) -> bool:
    return bool(item.expandingDirections() & Qt.Orientation.Horizontal)


class FlowBar(QWidget):
    """A container whose child widgets flow in lines (call `adopt_children` after setupUi)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def adopt_children(self) -> None:
        """Put the widgets Designer placed in the bar into the flow, in their order."""
        for child in self.children():
            if isinstance(child, QWidget) and self.flow.indexOf(child) < 0:
                self.flow.addWidget(child)
