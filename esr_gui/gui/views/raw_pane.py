"""The Raw tab: the capture's dsregcmd text, .reg exports and event records as text, with the
lines that are evidence highlighted; search, copy, and "open at this line" for evidence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTabWidget, QTextEdit, QWidget

from esr_gui.core.models.findings import Evidence
from esr_gui.core.raw import RawCapture, RawMember, locate
from esr_gui.gui.forms import setup_form
from esr_gui.gui.pane_fill import PaneContext
from esr_gui.gui.pipeline import Analysis
from esr_gui.ui.forms.ui_raw_pane import Ui_RawPane

EVIDENCE_COLOUR = QColor("#fff1a8")
CURRENT_COLOUR = QColor("#ffc94d")
NOTHING_OPEN = "The raw texts of a capture show here once one is opened, pasted or captured."
CAPTURING = "The raw texts show here when the capture has finished."
NO_RAW = "This capture holds no raw text to show (no dsregcmd text, .reg export or event)."


class RawPane(QWidget):
    """Read-only raw texts of the open capture; `show_line(member, line)` opens one at a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RawPane()
        setup_form(self.ui, self)
        self.raw = RawCapture()
        self.marks: dict[str, set[int]] = {}
        self._current_line = 0
        self.ui.rawText.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.ui.memberCombo.currentIndexChanged.connect(self._on_member)
        self.ui.searchEdit.returnPressed.connect(self.find_next)
        self.ui.nextButton.clicked.connect(self.find_next)
        self.ui.previousButton.clicked.connect(self.find_previous)
        self.ui.copyButton.clicked.connect(self.copy)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_search)
        self.show_empty(False)

    # --- TabPaneView ----------------------------------------------------------------------
    def show_analysis(self, analysis: Analysis, context: PaneContext) -> None:
        """The analysis's raw texts, each evidence line of every finding highlighted."""
        del context
        self.raw = analysis.raw
        self.marks = {}
        for finding in analysis.findings:
            for evidence in finding.evidence:
                found = locate(evidence, self.raw)
                if found is not None:
                    self.marks.setdefault(found.member, set()).add(found.line)
        self._fill_members()

    def show_empty(self, capturing: bool) -> None:
        """Nothing to show yet."""
        self.raw, self.marks = RawCapture(), {}
        self._fill_members()
        self.ui.stateLabel.setText(CAPTURING if capturing else NOTHING_OPEN)

    # --- opening at a line ----------------------------------------------------------------
    def show_evidence(self, evidence: Evidence) -> bool:
        """Open the raw text at the line `evidence` was read from; False (said in the pane's
        state line) when no raw text shows it."""
        found = locate(evidence, self.raw)
        if found is None:
            self._select_tab()
            self.ui.stateLabel.setText(
                f"“{evidence.field or evidence.source}” is not printed in a raw text of this "
                f"capture (it comes from {evidence.source} data)."
            )
            return False
        return self.show_line(found.member, found.line)

    def show_line(self, member: str, line: int) -> bool:
        """Select this tab, show `member` and select its line `line` (1-based)."""
        index = self.ui.memberCombo.findData(member)
        shown = self.raw.member(member)
        if index < 0 or shown is None:
            return False
        self._select_tab()
        self.ui.memberCombo.setCurrentIndex(index)
        block = self.ui.rawText.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return False
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        self.ui.rawText.setTextCursor(cursor)
        self.ui.rawText.centerCursor()
        self._current_line = line
        self._highlight()
        self.ui.stateLabel.setText(f"Line {line} of {shown.title}.")
        return True

    def _select_tab(self) -> None:
        widget: QWidget | None = self
        while widget is not None:
            parent = widget.parentWidget()
            tabs = parent.parentWidget() if parent is not None else None
            if isinstance(tabs, QTabWidget) and tabs.indexOf(widget) >= 0:
                tabs.setCurrentWidget(widget)
                return
            widget = parent

    # --- what is shown --------------------------------------------------------------------
    def current_member(self) -> str:
        """The name of the member shown ("" when none)."""
        return str(self.ui.memberCombo.currentData() or "")

    def current_member_title(self) -> str:
        """The selector's text of the member shown."""
        return self.ui.memberCombo.currentText()

    def current_line(self) -> int:
        """The 1-based line of the text cursor."""
        return self.ui.rawText.textCursor().blockNumber() + 1

    def highlighted_lines(self) -> list[int]:
        """The evidence lines highlighted in the member shown, in order."""
        return sorted(self.marks.get(self.current_member(), set()))

    def _fill_members(self) -> None:
        combo = self.ui.memberCombo
        combo.blockSignals(True)
        combo.clear()
        for member in self.raw.members:
            marked = len(self.marks.get(member.name, ()))
            suffix = f" ({marked} evidence line{'s' if marked != 1 else ''})" if marked else ""
            combo.addItem(member.title + suffix, member.name)
        combo.blockSignals(False)
        combo.setEnabled(bool(self.raw.members))
        for widget in (self.ui.copyButton, self.ui.searchEdit):
            widget.setEnabled(bool(self.raw.members))
        self._on_member()
        if not self.raw.members:
            self.ui.stateLabel.setText(NO_RAW)

    def _on_member(self, *_: object) -> None:
        member = self.raw.member(self.current_member())
        self._current_line = 0
        self.ui.rawText.setPlainText(member.text if member else "")
        self._highlight()
        if member is not None:
            self.ui.stateLabel.setText(_describe(member, len(self.highlighted_lines())))

    def _highlight(self) -> None:
        document = self.ui.rawText.document()
        selections = []
        for line in self.highlighted_lines():
            colour = CURRENT_COLOUR if line == self._current_line else EVIDENCE_COLOUR
            block = document.findBlockByNumber(line - 1)
            if block.isValid():
                selections.append(_line_selection(QTextCursor(block), colour))
        self.ui.rawText.setExtraSelections(selections)

    # --- search and copy ------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.ui.searchEdit.setFocus()
        self.ui.searchEdit.selectAll()

    def find_next(self) -> bool:
        """Select the next match of the search text (from the top again at the end)."""
        return self._find(backward=False)

    def find_previous(self) -> bool:
        """Select the previous match of the search text (from the end again at the top)."""
        return self._find(backward=True)

    def _find(self, *, backward: bool) -> bool:
        text = self.ui.searchEdit.text()
        if not text:
            return False
        view = self.ui.rawText
        flags = _find_flags(backward)
        if view.find(text, flags) or _wrap_around(view, text, flags, backward):
            self.ui.stateLabel.setText(f"“{text}” found on line {self.current_line()}.")
            return True
        self.ui.stateLabel.setText(f"“{text}” is not in {self.current_member_title()}.")
        return False

    def copy(self) -> None:
        """The selected text, or the whole member when nothing is selected, to the clipboard."""
        selected = self.ui.rawText.textCursor().selectedText().replace("\u2029", "\n")
        QApplication.clipboard().setText(selected or self.ui.rawText.toPlainText())


def _find_flags(backward: bool) -> QTextDocument.FindFlag:
    """Backward or forward; case is ignored (a technician types "azureadjoined")."""
    return QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)


def _wrap_around(
    view: QPlainTextEdit, text: str, flags: QTextDocument.FindFlag, backward: bool
) -> bool:
    cursor = view.textCursor()
    end = QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
    cursor.movePosition(end)
    view.setTextCursor(cursor)
    return bool(view.find(text, flags))


def _line_selection(cursor: QTextCursor, colour: QColor) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    fmt = QTextCharFormat()
    fmt.setBackground(colour)
    fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
    selection.format = fmt
    selection.cursor = cursor
    return selection


def _describe(member: RawMember, marked: int) -> str:
    lines = f"{member.line_count} lines"
    evidence = f"; {marked} evidence line{'s' if marked != 1 else ''} highlighted" if marked else ""
    cut = (
        f"; the last {member.cut:,} characters are not shown (the text is too long)"
        if member.cut
        else ""
    )
    return f"{member.title}: {lines}{evidence}{cut}."
