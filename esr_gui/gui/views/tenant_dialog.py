"""The "Check the tenant" window: choose how to sign in, see the code and progress, Cancel.

Modeless, so the technician can read the checklist while someone enters the code elsewhere.
It only shows and asks; the TenantController does the work in a worker.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from esr_gui.platform.graph.options import DeviceCode

INTRO = (
    "Sign in to Microsoft Graph (read only) to check what Entra ID says: the user's licence "
    "and account (User.Read, no admin consent needed) and this device's object "
    "(Device.Read.All, which an administrator must have consented to). Nothing is changed in "
    "the tenant, and the sign-in is kept in memory only."
)
CODE_HINT = "On any device, open {url} and enter this code:"


class TenantDialog(QDialog):
    """Signals `start_requested(flow)` ("browser" or "device-code") and `cancel_requested`."""

    start_requested = Signal(str)
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check the tenant")
        self.setModal(False)
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.browser_button = QPushButton("Sign in with the &browser")
        self.browser_button.setToolTip("The system browser on this PC (a loopback redirect)")
        self.code_button = QPushButton("Sign in with a &code (remote session)")
        self.code_button.setToolTip("Enter a code on any other device: for remote sessions")
        row = QHBoxLayout()
        row.addWidget(self.browser_button)
        row.addWidget(self.code_button)
        layout.addLayout(row)
        self.code_hint, self.code = _code_labels()
        layout.addWidget(self.code_hint)
        layout.addWidget(self.code, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName("Tenant check running")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Tenant check status")
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        self.cancel_button = QPushButton("Cancel")
        layout.addWidget(self.cancel_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.browser_button.clicked.connect(lambda: self.start_requested.emit("browser"))
        self.code_button.clicked.connect(lambda: self.start_requested.emit("device-code"))
        self.cancel_button.clicked.connect(self._on_cancel)
        self.show_idle("")

    def show_idle(self, status: str) -> None:
        """Ready to start (again): the two sign-in buttons, no code, `status` below."""
        self._running = False
        for button in (self.browser_button, self.code_button):
            button.setEnabled(True)
        self.code_hint.clear()
        self.code.clear()
        self.code_hint.hide()
        self.code.hide()
        self.busy.hide()
        self.status.setText(status)
        self.cancel_button.setText("Close")

    def show_running(self, status: str) -> None:
        """A check is running: progress, and Cancel."""
        self._running = True
        for button in (self.browser_button, self.code_button):
            button.setEnabled(False)
        self.busy.show()
        self.status.setText(status)
        self.cancel_button.setText("Cancel")

    def show_code(self, code: DeviceCode) -> None:
        """The device code, large and selectable, with the page to enter it on."""
        url = code.url or "https://microsoft.com/devicelogin"
        self.code_hint.setText(CODE_HINT.format(url=f'<a href="{url}">{url}</a>'))
        self.code.setText(code.code)
        self.code_hint.show()
        self.code.show()

    def set_status(self, text: str) -> None:
        """A progress line."""
        self.status.setText(text)

    def _on_cancel(self) -> None:
        if self._running:
            self.status.setText("Cancelling…")
            self.cancel_requested.emit()
        else:
            self.close()


def _code_labels() -> tuple[QLabel, QLabel]:
    """The line naming the page (a link) and the code itself, large and selectable."""
    hint = QLabel()
    hint.setWordWrap(True)
    hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    hint.setOpenExternalLinks(True)
    code = QLabel()
    code.setAccessibleName("Sign-in code")
    code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = QFont(code.font())
    font.setPointSizeF(font.pointSizeF() * 1.8)
    font.setBold(True)
    code.setFont(font)
    return hint, code
