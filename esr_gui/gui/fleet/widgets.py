"""Widgets of the Fleet window: the table view setup and the filter bar."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from esr_gui.gui.fleet.proxy import STATE_LABELS

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """`widget` with an accessible name (screen readers)."""
    widget.setAccessibleName(name)
    return widget


def table_view(name: str) -> QTableView:
    """A read-only, sortable, row-selecting table with compact rows."""
    view = QTableView()
    view.setObjectName(name)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    return view


class FilterBar(QWidget):
    """Which devices to show: state, one check, free text; and all checks as columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state_combo = named(QComboBox(), "Which devices to show")
        for key, label in STATE_LABELS.items():
            self.state_combo.addItem(label, key)
        self.finding_combo = named(QComboBox(), "Only devices where this check is not OK")
        self.finding_combo.addItem("Any check", None)
        self.finding_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter_edit = named(QLineEdit(), "Filter devices")
        self.filter_edit.setPlaceholderText("Filter by name, build, headline or finding id")
        self.filter_edit.setClearButtonEnabled(True)
        self.all_checks = named(
            QCheckBox("All checks as &columns"),
            "Show every check as a column, not only failing ones",
        )
        labels = (QLabel("S&how:"), QLabel("Chec&k:"))
        labels[0].setBuddy(self.state_combo)
        labels[1].setBuddy(self.finding_combo)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (labels[0], self.state_combo, labels[1], self.finding_combo):
            row.addWidget(widget)
        row.addWidget(self.filter_edit, 1)
        row.addWidget(self.all_checks)
