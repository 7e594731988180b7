"""The Log view: the app's own log lines with a level and text filter."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QHeaderView, QWidget

from esr_gui.gui.applog import tail_handler
from esr_gui.gui.forms import setup_form
from esr_gui.gui.models.log_model import LogFilterProxy, LogModel
from esr_gui.gui.pane_fill import PaneContext
from esr_gui.gui.pipeline import Analysis
from esr_gui.ui.forms.ui_log_pane import Ui_LogPane

LEVELS = (
    ("Information and above", logging.INFO),
    ("Everything (debug)", logging.DEBUG),
    ("Warnings and errors", logging.WARNING),
    ("Errors only", logging.ERROR),
)


class LogPane(QWidget):
    """Dumb view over the LogModel; `open_folder_requested` asks the window to open the folder."""

    open_folder_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LogPane()
        setup_form(self.ui, self)
        self.ui.logFilterBar.adopt_children()
        self.model = LogModel(tail_handler(), self)
        self.proxy = LogFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.ui.table.setModel(self.proxy)
        self.ui.table.verticalHeader().hide()
        header = self.ui.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for text, level in LEVELS:
            self.ui.levelCombo.addItem(text, level)
        self.ui.levelCombo.currentIndexChanged.connect(self._on_level)
        self.ui.filterEdit.textChanged.connect(self.proxy.setFilterFixedString)
        self.ui.copyButton.clicked.connect(self._copy)
        self.ui.openFolderButton.clicked.connect(self.open_folder_requested)
        self.model.rowsInserted.connect(self._follow)

    def show_analysis(self, analysis: Analysis, context: PaneContext) -> None:
        """The log is this app's, not the device's: an analysis adds its own lines only."""

    def show_empty(self, capturing: bool) -> None:
        """The log keeps its lines."""

    def set_log_file(self, text: str) -> None:
        """Where the log file is (or why there is none); the tooltip keeps a long path whole."""
        self.ui.fileLabel.setText(text)
        self.ui.fileLabel.setToolTip(text)

    def _on_level(self, index: int) -> None:
        self.proxy.set_min_level(int(self.ui.levelCombo.itemData(index)))

    def _copy(self) -> None:
        QApplication.clipboard().setText(self.model.text())

    def _follow(self, *_: object) -> None:
        if self.isVisible():
            self.ui.table.scrollToBottom()
