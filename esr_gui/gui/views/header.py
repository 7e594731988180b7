"""The header: device line, demo banner and the headline with its "Go to fix" button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from esr_gui.core.diagnose import Headline
from esr_gui.gui import status as st
from esr_gui.gui.explain import set_available
from esr_gui.gui.forms import setup_form
from esr_gui.ui.forms.ui_header import Ui_HeaderView

NOTICE_STYLE = (
    "QLabel { background: #fde2e1; color: #5f0b08; border: 1px solid #c62828; border-radius: 3px; }"
)
NO_DIAGNOSIS = "Nothing to fix yet: open a bundle, a dsregcmd text or paste dsregcmd output."
NO_CAUSE = "Nothing to fix: diagnosis found no failing check to point at."
BANNER_STYLE = (
    "QLabel { background: #ffe08a; color: #3d2b00; font-weight: bold;"
    " border: 1px solid #8a6d00; border-radius: 3px; }"
)


class HeaderView(QWidget):
    """Dumb view: shows what it is given; `go_to_fix` asks to jump to the headline's remedy."""

    go_to_fix = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_HeaderView()
        setup_form(self.ui, self)
        self.ui.demoBanner.setStyleSheet(BANNER_STYLE)
        self.ui.demoBanner.hide()
        self.ui.noticeLabel.setStyleSheet(NOTICE_STYLE)
        self.ui.noticeLabel.hide()
        set_available(self.ui.goToFixButton, False, NO_DIAGNOSIS)
        self.ui.goToFixButton.setIcon(st.named_icon("action-fix"))
        self.ui.goToFixButton.clicked.connect(self.go_to_fix)
        font = self.ui.headlineLabel.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.ui.headlineLabel.setFont(font)

    def set_device(self, text: str) -> None:
        """The one-line device summary."""
        self.ui.deviceLabel.setText(text)

    def set_banner(self, text: str | None) -> None:
        """Show the demo/source banner with `text`, or hide it."""
        self.ui.demoBanner.setVisible(bool(text))
        self.ui.demoBanner.setText(text or "")
        self.ui.demoBanner.setAccessibleDescription(text or "")

    def set_notice(self, text: str | None) -> None:
        """A problem to tell about (a source that could not be opened), or None to hide it."""
        self.ui.noticeLabel.setVisible(bool(text))
        self.ui.noticeLabel.setText(f"✖ Problem: {_esc(text)}" if text else "")
        self.ui.noticeLabel.setAccessibleDescription(text or "")

    def notice(self) -> str:
        """The notice shown now ("" when hidden)."""
        return self.ui.noticeLabel.text() if self.ui.noticeLabel.isVisibleTo(self) else ""

    def set_headline(
        self,
        headline: Headline | None,
        busy_text: str = "",
        *,
        status: str | None = None,
        focus_id: str | None = None,
    ) -> None:
        """The most likely cause and first action (or a busy/empty message).

        `status` is the icon's (a calm headline's is "pass" or "info": gui.pipeline decides);
        `focus_id` the finding "Go to fix" opens (default: the headline's own finding).
        """
        if headline is None:
            self.ui.headlineIcon.setPixmap(
                st.icon("running" if busy_text else "unknown").pixmap(22, 22)
            )
            self.ui.headlineLabel.setText(busy_text or "Open a bundle or paste dsregcmd output.")
            set_available(self.ui.goToFixButton, False, NO_DIAGNOSIS)
            return
        shown = status or headline.status or "info"
        focus = focus_id or headline.finding_id
        self.ui.headlineIcon.setPixmap(st.icon(shown).pixmap(22, 22))
        self.ui.headlineIcon.setToolTip(st.word(shown))
        self.ui.headlineIcon.setAccessibleDescription(st.word(shown))
        text = f"<b>{_lead(headline, shown)} ({st.word(shown).lower()}):</b> {_esc(headline.cause)}"
        if headline.action:
            text += f"<br>→ <b>First:</b> {_esc(headline.action)}"
        self.ui.headlineLabel.setText(text)
        self.ui.headlineLabel.setToolTip(f"{headline.cause}\n{headline.reason}".strip())
        self.ui.headlineLabel.setAccessibleDescription(f"{headline.cause}. {headline.action}")
        set_available(self.ui.goToFixButton, focus is not None, NO_CAUSE)


def _lead(headline: Headline, status: str) -> str:
    # "Cannot tell" / "Partial data" when the input is the finding; a calm one is a summary.
    if headline.lead != "Most likely" or status in ("fail", "warn"):
        return headline.lead
    return "Summary"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
