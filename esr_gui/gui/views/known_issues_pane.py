"""Known issues: the guide's, with whether each applies here, the evidence and the KB."""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import QApplication, QHeaderView, QWidget

from esr_gui.gui.forms import setup_form
from esr_gui.gui.models.known_issues_model import IssueDetail, KnownIssuesModel
from esr_gui.gui.pane_fill import PaneContext
from esr_gui.gui.pipeline import Analysis
from esr_gui.gui.present import empty_state_html
from esr_gui.gui.views.checklist_pane import what_is_this_button
from esr_gui.ui.forms.ui_known_issues_pane import Ui_KnownIssuesPane


class KnownIssuesPane(QWidget):
    """Dumb view over KnownIssuesModel; `finding_selected(id)` when a row is picked."""

    finding_selected = Signal(str)
    help_requested = Signal(str)  # "What is this?": the known issue's finding id

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
        self.help_button = what_is_this_button(self)
        self.help_button.clicked.connect(self._on_help)
        self.ui.knownLayout.addWidget(self.help_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._finding_id = ""

    def show_analysis(self, analysis: Analysis, context: PaneContext) -> None:
        """Whether each of the guide's known issues applies, from the findings."""
        del context
        self.model.set_findings(analysis.findings)

    def show_empty(self, capturing: bool) -> None:
        """The list stays as it is: every known issue, none reported yet (or the last ones)."""

    def _on_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        del selected, deselected
        index = self.ui.table.currentIndex()
        if not index.isValid():
            return
        detail = self.model.detail(index.row())
        self.ui.detail.setHtml(detail_html(detail))
        self._finding_id = detail.finding_id
        self.help_button.show()
        self.finding_selected.emit(detail.finding_id)

    def focused_finding_id(self) -> str:
        """The selected known issue's finding id while this pane has the keyboard focus (F1
        then explains it), else ""."""
        focus = QApplication.focusWidget()
        inside = focus is not None and (focus is self or self.isAncestorOf(focus))
        return self._finding_id if inside else ""

    def _on_help(self) -> None:
        self.help_requested.emit(self._finding_id)


def detail_html(detail: IssueDetail) -> str:
    """The detail view of one known issue, built from its fields."""
    body = [
        f"<h3>{html.escape(detail.title)}</h3>",
        f"<p><b>{html.escape(detail.applies)}</b></p>",
        f"<p>{html.escape(detail.why)}</p>",
    ]
    if detail.evidence:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in detail.evidence)
        body.append(f"<p><b>Evidence</b></p><ul>{items}</ul>")
    fix = html.escape(detail.fix)
    link = f'<a href="{detail.url}">{fix}</a>' if detail.url else fix
    body.append(f"<p>Recommended action: {link}</p>")
    return "".join(body)
