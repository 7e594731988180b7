"""File › Compare…: two captures side by side (before | after) — the verdicts that changed,
then the dsregcmd fields and registry values. Statuses are an icon plus a word."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from esr_gui.core.compare import CaptureSide, Comparison
from esr_gui.core.compare.text import render_comparison
from esr_gui.gui import status as st
from esr_gui.gui.present_remedy import CHANGE_WORDS

VERDICT_COLUMNS = ("Finding", "Before", "After", "Change")
FIELD_COLUMNS = ("Where", "Field", "Before", "After")
ABSENT = "(absent)"
NOT_REPORTED = "Not reported"
NO_VERDICTS = "No verdict changed."
NO_FIELDS = (
    "No dsregcmd field or registry value changed (a capture without dsregcmd output or "
    "registry export has nothing to compare)."
)


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tip or text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


def status_item(status: str | None) -> QTableWidgetItem:
    """A status cell: the status icon and its word ("Not reported" when a run lacks it)."""
    if status is None:
        return _item(NOT_REPORTED, "This capture's diagnosis did not report this check.")
    item = _item(st.word(status), st.STATUS_HINTS.get(status, ""))
    item.setIcon(st.icon(status))
    return item


def _change_item(change: str) -> QTableWidgetItem:
    status, word = CHANGE_WORDS.get(change, ("info", change))
    item = _item(word)
    item.setIcon(st.icon(status))
    return item


def _table(columns: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the whole text is the tooltip
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


def _side_html(word: str, side: CaptureSide) -> str:
    when = f" · captured {html.escape(side.captured)}" if side.captured else ""
    device = html.escape(side.device or "unnamed device")
    return f"<b>{word}:</b> {html.escape(side.label)} ({device}{when}) — <b>{side.state}</b>"


class CompareWindow(QDialog):
    """One comparison, shown once; Copy puts the `esr-diag diff` text on the clipboard."""

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.setWindowTitle(f"Compare: {comparison.before.label} → {comparison.after.label}")
        self.setObjectName("compareWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1100, 700)
        layout = QVBoxLayout(self)
        layout.addWidget(self._summary())
        self.device_label = self._device_label()
        layout.addWidget(self.device_label)
        self.verdicts = _table(VERDICT_COLUMNS, "compareVerdicts")
        self.fields = _table(FIELD_COLUMNS, "compareFields")
        self._fill_verdicts()
        self._fill_fields()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._group("Verdicts that changed", self.verdicts, NO_VERDICTS))
        splitter.addWidget(
            self._group("Fields and registry values that changed", self.fields, NO_FIELDS)
        )
        layout.addWidget(splitter, 1)
        layout.addWidget(self._buttons())

    def _summary(self) -> QLabel:
        c = self.comparison
        text = (
            f"{_side_html('Before', c.before)}<br>{_side_html('After', c.after)}"
            f"<br><b>Headline before:</b> {html.escape(c.before.headline)}"
            f"<br><b>Headline after:</b> {html.escape(c.after.headline)}"
        )
        label = QLabel(text)
        label.setObjectName("compareSummary")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _device_label(self) -> QLabel:
        c = self.comparison
        note = html.escape(c.device_note)
        # Said loudly: two computers are not one computer before and after.
        text = f"⚠ <b>{note}</b>" if c.same_device is False else note
        label = QLabel(text)
        label.setObjectName("compareDevice")
        label.setWordWrap(True)
        return label

    def _group(self, title: str, table: QTableWidget, empty: str) -> QGroupBox:
        box = QGroupBox(f"{title} ({table.rowCount()})")
        inner = QVBoxLayout(box)
        if table.rowCount() == 0:
            inner.addWidget(QLabel(empty))
        inner.addWidget(table)
        return box

    def _fill_verdicts(self) -> None:
        for row, change in enumerate(self.comparison.verdicts):
            self.verdicts.insertRow(row)
            title = change.title or change.id
            self.verdicts.setItem(row, 0, _item(title, f"{title} ({change.id})"))
            self.verdicts.setItem(row, 1, status_item(change.before))
            self.verdicts.setItem(row, 2, status_item(change.after))
            self.verdicts.setItem(row, 3, _change_item(change.change))
        self.verdicts.resizeColumnsToContents()
        self.verdicts.setColumnWidth(0, min(self.verdicts.columnWidth(0), 520))

    def _fill_fields(self) -> None:
        rows = [
            (f"dsregcmd › {f.section}", f.key, f.before, f.after) for f in self.comparison.fields
        ] + [(r.key, r.name or "(default)", r.before, r.after) for r in self.comparison.registry]
        for row, (where, key, before, after) in enumerate(rows):
            self.fields.insertRow(row)
            self.fields.setItem(row, 0, _item(where))
            self.fields.setItem(row, 1, _item(key))
            self.fields.setItem(row, 2, _item(ABSENT if before is None else before))
            self.fields.setItem(row, 3, _item(ABSENT if after is None else after))
        self.fields.resizeColumnsToContents()
        for column, most in ((0, 300), (1, 220), (2, 280)):
            self.fields.setColumnWidth(column, min(self.fields.columnWidth(column), most))

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy as text")
        copy.setObjectName("compareCopy")
        copy.setToolTip("Copy the comparison as `esr-diag diff` prints it")
        copy.clicked.connect(self.copy_text)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        return buttons

    def copy_text(self) -> str:
        """Put the comparison's text on the clipboard; the text."""
        text = render_comparison(self.comparison)
        QGuiApplication.clipboard().setText(text)
        return text
