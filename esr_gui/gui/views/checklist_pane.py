"""The checklist pane: grouped findings, the selected one's explanation, and the manual tick."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QSignalBlocker,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QPushButton, QWidget

from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.gui.forms import setup_form
from esr_gui.gui.models.checklist_model import ChecklistModel
from esr_gui.gui.present import RAW_LINK, empty_state_html, finding_html
from esr_gui.gui.slices import run_to_end
from esr_gui.gui.views.wrap_delegate import DECORATION_ROOM, WrapDelegate
from esr_gui.ui.forms.ui_checklist_pane import Ui_ChecklistPane

# Titles keep room for this many average characters a line before the status words wrap.
TITLE_CHARS = 18


class ChecklistPane(QWidget):
    """Shows a ChecklistModel; emits `finding_selected(id)` ("" when nothing is selected) and
    `evidence_clicked(Evidence)` when an evidence line that `evidence_link` accepts is clicked."""

    finding_selected = Signal(str)
    help_requested = Signal(str)  # "What is this?": the finding id whose help to open
    evidence_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ChecklistPane()
        setup_form(self.ui, self)
        self.model = ChecklistModel(self)
        self.ui.tree.setModel(self.model)
        self.ui.tree.setItemDelegate(WrapDelegate(self.ui.tree))
        header = self.ui.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.sectionResized.connect(self._relayout_rows)
        self._status_widths = (0, 0)  # (one line, widest word) over the status column
        self._in_steps = False  # show_findings runs the after-reset steps itself
        self.ui.tree.viewport().installEventFilter(self)
        self.ui.tree.selectionModel().selectionChanged.connect(self._on_selection)
        self.ui.confirmedBox.toggled.connect(self._on_confirm_toggled)
        self.evidence_link: Callable[[Evidence], bool] | None = None
        # Links come to `_on_anchor`: Qt would hand `raw:` links to the desktop otherwise.
        self.ui.detail.setOpenExternalLinks(False)
        self.ui.detail.setOpenLinks(False)
        self.ui.detail.anchorClicked.connect(self._on_anchor)
        self.model.dataChanged.connect(self._refresh_detail)
        self.model.dataChanged.connect(self._measure_status_column)
        self.model.modelReset.connect(self._after_reset)
        self.ui.checklistSplitter.setStretchFactor(0, 3)
        self.ui.checklistSplitter.setStretchFactor(1, 2)
        self.ui.checklistSplitter.setSizes([430, 190])
        self.help_button = what_is_this_button(self)
        self.help_button.clicked.connect(
            lambda: self.help_requested.emit(self.current_finding_id())
        )
        self.ui.detailLayout.addWidget(self.help_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._show_empty()

    def _relayout_rows(self, *_: object) -> None:
        """Word-wrapped titles need their row heights again when the column width changes;
        rows above the selected one may then grow, so it is brought back into view after."""
        self.ui.tree.scheduleDelayedItemsLayout()
        QTimer.singleShot(0, self, self._keep_current_visible)  # not after close

    def _keep_current_visible(self) -> None:
        current = self.ui.tree.currentIndex()
        if current.isValid():
            self.ui.tree.scrollTo(current)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt's name
        """A wider or narrower tree gives the status column its share again."""
        if watched is self.ui.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_status_column()
        return super().eventFilter(watched, event)

    def _measure_status_column(self, *_: object) -> None:
        """The status column's one-line width and the least it can take (its widest word)."""
        seen: dict[tuple[str, bool, bool], tuple[int, int]] = {}
        for index in self._status_cells():
            # cells alike in text, check box and weight measure alike: ask Qt once for each
            key = (
                str(index.data() or ""),
                index.data(Qt.ItemDataRole.CheckStateRole) is not None,
                isinstance(index.data(Qt.ItemDataRole.FontRole), QFont),
            )
            if key not in seen:
                seen[key] = self._status_cell_widths(index)
        widths = seen.values()
        self._status_widths = (
            max((w[0] for w in widths), default=0),
            max((w[1] for w in widths), default=0),
        )
        self._fit_status_column()

    def _status_cell_widths(self, index: QModelIndex) -> tuple[int, int]:
        """(one line, the least that fits the widest word) for one status cell, from the
        tree's own size hint (icon, check box and margins included)."""
        tree = self.ui.tree
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font) if isinstance(font, QFont) else tree.fontMetrics()
        text = str(index.data() or "")
        natural = tree.sizeHintForIndex(index).width()
        widest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
        return natural, natural - metrics.horizontalAdvance(text) + widest

    def _status_cells(self) -> list[QModelIndex]:
        model, cells = self.model, []
        for g_row in range(model.rowCount()):
            group = model.index(g_row, 0)
            cells.append(group.siblingAtColumn(1))
            cells.extend(model.index(f_row, 1, group) for f_row in range(model.rowCount(group)))
        return cells

    def _fit_status_column(self) -> None:
        """The status words on one line while the titles keep TITLE_CHARS a line; in a
        narrower tree the words wrap (never cut) so the titles keep their room."""
        natural, least = self._status_widths
        tree = self.ui.tree
        title = TITLE_CHARS * tree.fontMetrics().averageCharWidth() + 2 * tree.indentation()
        width = max(least, min(natural, tree.viewport().width() - title - DECORATION_ROOM))
        if width and width != tree.columnWidth(1):
            tree.setColumnWidth(1, width)

    def show_findings(
        self, findings: list[Finding] | tuple[Finding, ...], confirmed: set[str]
    ) -> Iterator[None]:
        """Fill the checklist in steps (a generator, see gui/slices.py): the rows, then the
        status column's width, the open groups and the evidence spans, each in its own turn
        of the event loop (each lays out and measures the rows again)."""
        self._in_steps = True
        try:
            self.model.set_findings(findings, confirmed)
        finally:
            self._in_steps = False
        yield from self._after_reset_steps()

    def _after_reset(self) -> None:
        if not self._in_steps:
            run_to_end(self._after_reset_steps())

    def _after_reset_steps(self) -> Generator[None, None, None]:
        self._measure_status_column()
        yield
        self.ui.tree.expandToDepth(0)
        yield
        self._span_evidence()
        if self.model.rowCount() == 0:
            self._show_empty()

    def _span_evidence(self) -> None:
        """Evidence lines (a finding's children) use the whole row, not only the first column."""
        tree, model = self.ui.tree, self.model
        for g_row in range(model.rowCount()):
            group = model.index(g_row, 0)
            for f_row in range(model.rowCount(group)):
                finding = model.index(f_row, 0, group)
                for e_row in range(model.rowCount(finding)):
                    tree.setFirstColumnSpanned(e_row, finding, True)

    def _show_empty(self) -> None:
        self.ui.confirmedBox.hide()
        self.help_button.hide()
        self.ui.detail.setHtml(
            empty_state_html(
                "No checks yet",
                "The checklist fills in once a bundle, pasted dsregcmd output or a live capture "
                "has been diagnosed.",
            )
        )

    def current_finding_id(self) -> str:
        """The selected finding's id, or ""."""
        finding = self.model.finding_at(self.ui.tree.currentIndex())
        return finding.id if finding else ""

    def select_finding(self, finding_id: str) -> bool:
        """Select and show a finding; False when it is not in the checklist."""
        index = self.model.index_of(finding_id)
        if not index.isValid():
            return False
        self.ui.tree.expand(index.parent())
        self.ui.tree.setCurrentIndex(index)
        self.ui.tree.scrollTo(index)
        return True

    def _on_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        del selected, deselected
        self._refresh_detail()
        self.finding_selected.emit(self.current_finding_id())

    def _refresh_detail(self, *_: object) -> None:
        finding = self.model.finding_at(self.ui.tree.currentIndex())
        if finding is None:
            group = self.ui.tree.currentIndex()
            text = self.model.data(group.siblingAtColumn(0), Qt.ItemDataRole.ToolTipRole)
            self.ui.detail.setHtml(empty_state_html("Select a check", str(text or "")))
            self.ui.confirmedBox.hide()
            self.help_button.hide()
            return
        self.help_button.show()
        shown = self.model.effective_status(finding)
        self.ui.detail.setHtml(finding_html(finding, shown, self.evidence_link))
        self.ui.confirmedBox.setVisible(finding.status == "manual")
        with QSignalBlocker(self.ui.confirmedBox):
            self.ui.confirmedBox.setChecked(shown == "confirmed")

    def _on_anchor(self, url: QUrl) -> None:
        """An evidence line's `raw:<index>` link says which evidence; any other link (a KB
        article) opens in the browser. The detail itself never navigates away."""
        if url.scheme() != RAW_LINK:
            QDesktopServices.openUrl(url)
            return
        finding = self.model.finding_at(self.ui.tree.currentIndex())
        index = int(url.path()) if url.path().isdecimal() else -1
        if finding is not None and 0 <= index < len(finding.evidence):
            self.evidence_clicked.emit(finding.evidence[index])

    def _on_confirm_toggled(self, checked: bool) -> None:
        finding = self.model.finding_at(self.ui.tree.currentIndex())
        if finding is not None:
            self.model.set_confirmed(finding.id, checked)

    def current_index(self) -> QModelIndex:
        """The tree's current index (for tests)."""
        return self.ui.tree.currentIndex()


def what_is_this_button(parent: QWidget) -> QPushButton:
    """The "What is this?" button under a finding's detail: opens the finding's help topic."""
    button = QPushButton("What is &this?", parent)
    button.setObjectName("whatIsThisButton")
    button.setToolTip("What this check means, why it matters and what to do (offline help, F1)")
    button.setAccessibleName("What is this? Open the help for the selected finding")
    button.hide()
    return button
