"""Device status: dsregcmd sections and registry facts (searchable), and what could not be read."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHeaderView, QListWidgetItem, QMenu, QWidget

from esr_gui.gui import status as st
from esr_gui.gui.device_facts import FieldRow
from esr_gui.gui.forms import setup_form
from esr_gui.gui.models.field_tree_model import FieldSearchProxy, FieldTreeModel
from esr_gui.gui.pane_fill import PaneContext, device_rows, problem_lines
from esr_gui.gui.pipeline import Analysis
from esr_gui.ui.forms.ui_device_pane import Ui_DevicePane

# Field and guide columns take a share of the tree's width within limits; the value column
# (YES / NO, ids, URLs) takes the rest, so it never disappears in a narrow window.
FIELD_SHARE, FIELD_LIMITS = 0.34, (110, 215)
GUIDE_SHARE, GUIDE_LIMITS = 0.37, (120, 230)
PROBLEM_WORDS = {"fail": "Not usable", "warn": "Parser warning", "info": "Note"}


class DevicePane(QWidget):
    """Dumb view over a FieldTreeModel with a search proxy and a list of problems.

    `field_activated(group, name)`: a row was double-clicked or Enter pressed on it (the
    window opens the raw text at a dsregcmd field's line).
    """

    field_activated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_DevicePane()
        setup_form(self.ui, self)
        self.model = FieldTreeModel(self)
        self.proxy = FieldSearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.ui.fieldTree.setModel(self.proxy)
        header = self.ui.fieldTree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self._field_wanted = FIELD_LIMITS[1]
        # Long values (ids, URLs, "FAIL [0x801c0021/0x80072ee2]") keep both ends in view;
        # the whole text is in the tooltip and in Copy value (Ctrl+C).
        self.ui.fieldTree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.copy_action = QAction("&Copy value", self.ui.fieldTree)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_current)
        self.ui.fieldTree.addAction(self.copy_action)
        self.ui.fieldTree.installEventFilter(self)  # the view's own Ctrl+C copies the name
        self.ui.fieldTree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.ui.fieldTree.customContextMenuRequested.connect(self._on_menu)
        self.ui.fieldTree.viewport().installEventFilter(self)
        self.ui.searchEdit.textChanged.connect(self._on_search)
        self.ui.fieldTree.activated.connect(self._on_activated)
        self.ui.guideOnlyBox.toggled.connect(self._on_guide_only)
        self.ui.deviceSplitter.setStretchFactor(0, 4)
        self.ui.deviceSplitter.setStretchFactor(1, 1)
        self.ui.deviceSplitter.setSizes([520, 110])

    def _on_activated(self, index: QModelIndex) -> None:
        name = index.siblingAtColumn(0)
        group = name.parent()
        if group.isValid():
            self.field_activated.emit(str(group.data() or ""), str(name.data() or ""))

    def current_text(self) -> str:
        """The whole text of the current cell (the value when a row's name is current)."""
        index = self.ui.fieldTree.currentIndex()
        if not index.isValid():
            return ""
        if index.column() == 0 and index.siblingAtColumn(1).data():
            index = index.siblingAtColumn(1)
        return str(index.data(Qt.ItemDataRole.ToolTipRole) or index.data() or "")

    def copy_current(self) -> None:
        """Put the current cell's whole text on the clipboard (never the elided one)."""
        text = self.current_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def _on_menu(self, pos: QPoint) -> None:
        index = self.ui.fieldTree.indexAt(pos)
        if not index.isValid():
            return
        self.ui.fieldTree.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.exec(self.ui.fieldTree.viewport().mapToGlobal(pos))

    def show_analysis(self, analysis: Analysis, context: PaneContext) -> None:
        """The dsregcmd and registry facts (verdicts follow the findings) and the problems."""
        del context  # no times here
        self.set_rows(device_rows(analysis.snapshot, analysis.findings))
        self.set_problems(problem_lines(analysis.snapshot))

    def show_empty(self, capturing: bool) -> None:
        """Nothing read yet: say so, and where to open something (or that a capture runs)."""
        if capturing:
            row = FieldRow("Capturing this device…", "", "the panes fill in when it is done")
        else:
            row = FieldRow("No device loaded yet", "", "File › Open bundle / Paste")
        self.set_rows([row])
        self.set_problems([("info", "Nothing has been read yet.")])

    def set_rows(self, rows: list[FieldRow]) -> None:
        """Replace the field tree (groups open)."""
        self.model.set_rows(rows)
        self.ui.fieldTree.expandToDepth(0)
        self._field_wanted = self.ui.fieldTree.sizeHintForColumn(0)
        self._fit_columns()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Refit the columns when the tree's viewport changes size; Ctrl+C copies the value."""
        if event.type() == QEvent.Type.Resize and watched is self.ui.fieldTree.viewport():
            self._fit_columns()
        elif (
            watched is self.ui.fieldTree
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.matches(QKeySequence.StandardKey.Copy)
        ):
            self.copy_current()
            return True
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        width = self.ui.fieldTree.viewport().width()
        field = min(self._field_wanted, int(width * FIELD_SHARE))
        guide = int(width * GUIDE_SHARE)
        tree = self.ui.fieldTree
        tree.setColumnWidth(0, max(FIELD_LIMITS[0], min(field, FIELD_LIMITS[1])))
        tree.setColumnWidth(2, max(GUIDE_LIMITS[0], min(guide, GUIDE_LIMITS[1])))

    def set_problems(self, lines: list[tuple[str, str]]) -> None:
        """Parser warnings and unusable members as (kind, text); never hidden when present."""
        self.ui.problemsList.clear()
        for kind, text in lines:
            item = QListWidgetItem(st.icon(kind), f"{PROBLEM_WORDS.get(kind, kind)}: {text}")
            item.setToolTip(text)
            self.ui.problemsList.addItem(item)
        if not lines:
            item = QListWidgetItem(
                st.icon("pass"), "Every bundle member was read without a warning."
            )
            self.ui.problemsList.addItem(item)
        count = sum(1 for kind, _ in lines if kind != "info")
        self.ui.problemsLabel.setText(f"&Parser warnings and unusable bundle members ({count})")

    def _on_search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.ui.fieldTree.expandAll() if text else self.ui.fieldTree.expandToDepth(0)

    def _on_guide_only(self, on: bool) -> None:
        self.proxy.set_guide_only(on)
        self.ui.fieldTree.expandAll() if on else self.ui.fieldTree.expandToDepth(0)
