"""Known issues: the guide's ten, with whether each applies here, the evidence and the KB."""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QWidget

from esr_gui.gui.forms import setup_form
from esr_gui.gui.models.known_issues_model import FINDING_ID_ROLE, URL_ROLE, KnownIssuesModel
from esr_gui.gui.present import empty_state_html
from esr_gui.ui.forms.ui_known_issues_pane import Ui_KnownIssuesPane


class KnownIssuesPane(QWidget):
    """Dumb view over KnownIssuesModel; `finding_selected(id)` when a row is picked."""

    finding_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_KnownIssuesPane()
        setup_form(self.ui, self)
        self.model = KnownIssuesModel(self)
        self.ui.table.setModel(self.model)
        self.ui.table.verticalHeader().hide()
        header = self.ui.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 190)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        rows = self.ui.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.ui.table.fontMetrics().lineSpacing() * 2 + 8)
        self.ui.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.ui.knownSplitter.setStretchFactor(0, 3)
        self.ui.knownSplitter.setStretchFactor(1, 1)
        self.ui.detail.setHtml(
            empty_state_html("Select a known issue", "Its evidence and link show here.")
        )

    def _on_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        del selected, deselected
        index = self.ui.table.currentIndex()
        if not index.isValid():
            return
        row = index.row()
        finding_id = str(self.model.data(self.model.index(row, 0), FINDING_ID_ROLE))
        texts = [
            self.model.data(self.model.index(row, col), Qt.ItemDataRole.ToolTipRole) or ""
            for col in range(4)
        ]
        url = self.model.data(self.model.index(row, 0), URL_ROLE)
        body = [f"<h3>{html.escape(texts[0])}</h3>", f"<p><b>{html.escape(texts[1])}</b></p>"]
        why, *evidence = texts[2].splitlines() or [""]
        body.append(f"<p>{html.escape(why)}</p>")
        if evidence:
            items = "".join(f"<li>{html.escape(line)}</li>" for line in evidence)
            body.append(f"<p><b>Evidence</b></p><ul>{items}</ul>")
        link = f'<a href="{url}">{html.escape(texts[3])}</a>' if url else html.escape(texts[3])
        body.append(f"<p>Recommended action: {link}</p>")
        self.ui.detail.setHtml("".join(body))
        self.finding_selected.emit(finding_id)
