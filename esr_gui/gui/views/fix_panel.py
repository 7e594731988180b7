"""The guided fix panel: remedies for the selected finding, the plan, Run, Restore, results."""

from __future__ import annotations

import html

from PySide6.QtCore import QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtWidgets import QListWidgetItem, QWidget

from esr_gui.gui import status as st
from esr_gui.gui.compare_recheck import COMPARE_LINK
from esr_gui.gui.explain import set_available
from esr_gui.gui.forms import setup_form
from esr_gui.ui.forms.ui_fix_panel import Ui_FixPanel

REMEDY_ROLE = Qt.ItemDataRole.UserRole + 50
REMEDY_ROWS = (1, 4)  # the remedy list is as tall as its rows within these limits
# Plan : result. The plan gets most of the height (the result is a placeholder until a run);
# the splitter between them lets the technician give either one more.
PLAN_SHARE, RESULT_SHARE = 4, 1
NO_FINDING = "Nothing to run: select a check in the checklist first."
NO_REMEDY = "Nothing to run: this check has no remedy (its explanation says what to do)."
PLANNING = "Run is available once the plan is ready."
WORKING = "Wait: a remedy or restore is in progress."
RESTORE_BUSY = "Wait until the plan or run in progress has finished."
RESULT_PLACEHOLDER = (
    "<p><i>After Run, what changed shows here, with the targeted checks before and after "
    "(the device is captured again, or an offline bundle diagnosed again).</i></p>"
)


class FixPanel(QWidget):
    """Dumb view. Emits `remedy_selected(id)`, `run_requested`, `restore_requested`,
    `profile_requested`, `capture_requested`; the FixController fills it in."""

    remedy_selected = Signal(str)
    run_requested = Signal()
    restore_requested = Signal()
    profile_requested = Signal()
    capture_requested = Signal()
    compare_requested = Signal()  # the result's "Open the full comparison" link

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FixPanel()
        setup_form(self.ui, self)
        self.ui.remedyList.currentItemChanged.connect(self._on_current)
        self.ui.runButton.clicked.connect(self.run_requested)
        self.ui.restoreButton.clicked.connect(self.restore_requested)
        self.ui.profileButton.clicked.connect(self.profile_requested)
        self.ui.captureButton.clicked.connect(self.capture_requested)
        self.ui.resultView.setOpenLinks(False)  # its only link opens the comparison window
        self.ui.resultView.anchorClicked.connect(self._on_result_link)
        self.ui.captureRow.hide()
        self.ui.fixSplitter.setStretchFactor(0, PLAN_SHARE)
        self.ui.fixSplitter.setStretchFactor(1, RESULT_SHARE)
        self.ui.fixSplitter.setSizes([PLAN_SHARE * 100, RESULT_SHARE * 100])
        result = self.ui.resultView  # two lines of the placeholder at least, in a short window
        result.setMinimumHeight(result.fontMetrics().lineSpacing() * 2 + 2 * result.frameWidth())
        self.ui.profileRow.hide()
        self._plan_state: tuple[bool, str] = (False, NO_FINDING)
        lines = self.ui.titleLabel.fontMetrics().lineSpacing()
        self.ui.titleLabel.setMinimumHeight(lines * 3 + 4)
        self.set_finding(None, [])
        self.show_result(RESULT_PLACEHOLDER)

    def set_finding(
        self, title: str | None, remedies: list[tuple[str, str, str]], current: str = ""
    ) -> None:
        """The finding and its remedies as (id, title, needs); selects `current` or the first."""
        self.ui.titleLabel.setText(
            f"<b>Fix:</b> {html.escape(title)}"
            if title
            else "<b>Fix</b> — select a check in the checklist"
        )
        with QSignalBlocker(self.ui.remedyList):
            self.ui.remedyList.clear()
            for remedy_id, text, needs in remedies:
                item = QListWidgetItem(st.named_icon("action-fix"), text)
                item.setData(REMEDY_ROLE, remedy_id)
                item.setToolTip(f"{remedy_id}\n{needs}")
                self.ui.remedyList.addItem(item)
        self._fit_remedy_list()
        if remedies:
            ids = [remedy_id for remedy_id, _, _ in remedies]
            with QSignalBlocker(self.ui.remedyList):
                self.ui.remedyList.setCurrentRow(ids.index(current) if current in ids else 0)
            self._on_current(self.ui.remedyList.currentItem(), None)
            return
        self._plan_state = (False, NO_FINDING if title is None else NO_REMEDY)
        self._set_run(*self._plan_state)
        self.ui.profileRow.hide()
        self.show_capture_offer(False)
        body = "This check has no remedy: its explanation in the checklist says what to do."
        if title is None:
            body = "Select a check in the checklist, or use “Go to fix” in the headline."
        self.ui.planView.setHtml(f"<p>{html.escape(body)}</p>")

    def _fit_remedy_list(self) -> None:
        """As tall as its rows (one to four), so the plan below gets the rest."""
        rows = self.ui.remedyList
        count = max(REMEDY_ROWS[0], min(rows.count(), REMEDY_ROWS[1]))
        row = rows.sizeHintForRow(0) if rows.count() else rows.fontMetrics().lineSpacing() * 2
        rows.setMaximumHeight(count * max(row, 1) + 2 * rows.frameWidth() + 2)

    def select_remedy(self, remedy_id: str) -> bool:
        """Select a remedy in the list; False when it is not there."""
        for row in range(self.ui.remedyList.count()):
            if self.ui.remedyList.item(row).data(REMEDY_ROLE) == remedy_id:
                self.ui.remedyList.setCurrentRow(row)
                return True
        return False

    def current_remedy(self) -> str:
        """The selected remedy id, or ""."""
        item = self.ui.remedyList.currentItem()
        return str(item.data(REMEDY_ROLE)) if item else ""

    def _on_current(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        del previous
        if current is not None:
            self.remedy_selected.emit(str(current.data(REMEDY_ROLE)))

    def show_plan(self, body_html: str, runnable: bool, run_tooltip: str) -> None:
        """The plan of the selected remedy, and whether Run may be pressed (with why not)."""
        self.ui.planView.setHtml(body_html)
        self._plan_state = (runnable, run_tooltip)
        self._set_run(runnable, run_tooltip)

    def _set_run(self, runnable: bool, why_not: str) -> None:
        """Enable Run, or disable it with the reason as tooltip and as a line under it."""
        set_available(self.ui.runButton, runnable, why_not)
        self.ui.runReason.setVisible(not runnable and bool(why_not))
        self.ui.runReason.setText(f"Run is off: {why_not}" if not runnable else "")

    def run_reason(self) -> str:
        """The line under a disabled Run button ("" when Run is available)."""
        return self.ui.runReason.text() if self.ui.runReason.isVisibleTo(self) else ""

    def show_capture_offer(self, visible: bool, why_not: str = "") -> None:
        """The "Capture this PC and plan again" offer under a Run that is off because the plan
        was not made from a live capture of this PC; `why_not` when it cannot capture here."""
        self.ui.captureRow.setVisible(visible)
        set_available(self.ui.captureButton, visible and not why_not, why_not)
        self.ui.captureReason.setVisible(visible and bool(why_not))
        self.ui.captureReason.setText(why_not)

    def capture_offer(self) -> str:
        """The offer as shown: "" when hidden, else the button text and the reason, if any."""
        if not self.ui.captureRow.isVisibleTo(self):
            return ""
        text = self.ui.captureButton.text().replace("&", "")
        reason = self.ui.captureReason.text() if self.ui.captureReason.isVisibleTo(self) else ""
        return f"{text} — {reason}" if reason else text

    def show_profile_choice(self, visible: bool, text: str = "", full: str = "") -> None:
        """The profile row of the cleanup remedy (which profile, and a button to change it)."""
        self.ui.profileRow.setVisible(visible)
        if text:
            self.ui.profileLabel.setText(text)
            self.ui.profileLabel.setToolTip(full or text)

    def _on_result_link(self, url: QUrl) -> None:
        if url.toString() == COMPARE_LINK:
            self.compare_requested.emit()

    def show_result(self, body_html: str) -> None:
        """The result and before/after of the last run (a real one gets half the height)."""
        self.ui.resultView.setHtml(body_html)
        if body_html != RESULT_PLACEHOLDER:
            total = sum(self.ui.fixSplitter.sizes())
            self.ui.fixSplitter.setSizes([total - total // 2, total // 2])

    def set_busy(self, busy: bool) -> None:
        """Disable the buttons while a plan or run is in progress."""
        self.ui.remedyList.setEnabled(not busy)
        set_available(self.ui.restoreButton, not busy, RESTORE_BUSY)
        self._set_run(*((False, WORKING) if busy else self._plan_state))
