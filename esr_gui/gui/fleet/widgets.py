"""Widgets of the Fleet window (its form is ui/fleet_window.ui): table setup, the filter bar,
the unreadable list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QStatusBar,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from esr_gui.core.fleet.summary import FindingTotals
from esr_gui.gui.fleet.models import SOURCE_COLUMN, finding_name
from esr_gui.gui.fleet.proxy import STATE_LABELS

WIDE_TEXT_COLUMNS = (6, SOURCE_COLUMN)  # the headline and the source: capped, not elided away
WIDE_TEXT_WIDTH = 380

W = TypeVar("W", bound=QWidget)
Index = QModelIndex | QPersistentModelIndex


def named(widget: W, name: str) -> W:
    """`widget` with an accessible name (screen readers)."""
    widget.setAccessibleName(name)
    return widget


def configure_table(view: QTableView) -> QTableView:
    """Make `view` (from a form) read-only, sortable, row-selecting, with compact rows."""
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


def status_widgets(bar: QStatusBar) -> tuple[QLabel, QProgressBar]:
    """The status bar's permanent count label and busy indicator (hidden until a scan)."""
    count = QLabel()
    count.setObjectName("fleetCount")
    bar.addPermanentWidget(count)
    progress = QProgressBar()
    progress.setMaximumWidth(160)
    progress.setVisible(False)
    progress.setRange(0, 0)
    bar.addPermanentWidget(progress)
    return count, progress


def fit_columns(view: QTableView) -> None:
    """Columns fitted to their contents, the long texts capped; then resizable by hand."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in WIDE_TEXT_COLUMNS:
        header.resizeSection(column, min(header.sectionSize(column), WIDE_TEXT_WIDTH))
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)


def fit_paths(view: QTableView, room: int) -> None:
    """Give the path column up to half of `room` pixels (elided in the middle past that)."""
    view.resizeColumnToContents(0)
    view.setColumnWidth(0, min(view.columnWidth(0), max(320, room // 2)))


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
        self.all_captures = named(
            QCheckBox("All ca&ptures"),
            "Show every capture of every device, not only the latest readable one",
        )
        self.all_captures.setToolTip(
            "One row per capture (like esr-diag fleet --all-captures), newest first per "
            "device, unreadable captures included"
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
        row.addWidget(self.all_captures)

    def fill_findings(self, totals: dict[str, FindingTotals], chosen: str | None) -> None:
        """One entry per check not OK somewhere; `chosen` stays chosen if still there."""
        combo = self.finding_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Any check", None)
        for finding_id, t in totals.items():
            if t.fail or t.warn or t.unknown:
                combo.addItem(
                    f"{finding_name(finding_id)} ({t.fail} fail, {t.warn} warn)", finding_id
                )
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)


class MiddleElide(QStyledItemDelegate):
    """Draws a path elided in the middle: its start and its file name stay in view."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        """The usual option, eliding in the middle."""
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


def elide_paths(view: QTableView, column: int = SOURCE_COLUMN) -> None:
    """Paths in `column` of `view` are elided in the middle (the tooltip has them whole)."""
    view.setItemDelegateForColumn(column, MiddleElide(view))


def setup_path_list(view: QTableView, copy_text: Callable[[int, bool], str | None]) -> QTableView:
    """A table of paths: elided in the middle (the file name stays in view), the whole path
    on hover, and Copy (Ctrl+C, context menu) of the selected row's whole path or path and
    reason; `copy_text(row, with_reason)` gives the text."""
    configure_table(view)
    elide_paths(view, 0)
    view.horizontalHeader().setStretchLastSection(True)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def copy(with_reason: bool) -> None:
        index = view.currentIndex()
        text = copy_text(index.row(), with_reason) if index.isValid() else None
        if text:
            QGuiApplication.clipboard().setText(text)

    path_action = QAction("&Copy path", view)
    path_action.setShortcut(QKeySequence.StandardKey.Copy)
    path_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    path_action.triggered.connect(lambda: copy(False))
    both_action = QAction("Copy path and &reason", view)
    both_action.triggered.connect(lambda: copy(True))
    view.addActions([path_action, both_action])
    return view
