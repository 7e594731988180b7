"""Opens the help viewer at a finding's topic, and the online guide (saying when it fails)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from esr_gui.core.help import GUIDE_URL, topic_for_finding
from esr_gui.gui.help.links import open_online
from esr_gui.gui.help.viewer import HelpViewer


class HelpController(QObject):
    """One help viewer per window, made on first use. `message(text)` is for the status bar."""

    message = Signal(str)

    def __init__(self, window: QWidget, *selected: Callable[[], str]) -> None:
        """`selected`: where F1 looks for the finding to explain, first answer that is not ""
        wins (e.g. the focused known issue, then the checklist's selection)."""
        super().__init__(window)
        self._window = window
        self._selected = selected
        self.viewer: HelpViewer | None = None

    def open_here(self) -> None:
        """F1: the help at the selected finding's topic, or the overview."""
        self.open(next((found for ask in self._selected if (found := ask())), ""))

    def open(self, finding_id: str) -> HelpViewer:
        """Show the help at `finding_id`'s topic (the overview for "" or an unknown id)."""
        if self.viewer is None:
            self.viewer = HelpViewer(self._window)
            self.viewer.message.connect(self.message)
        self.viewer.show_topic(topic_for_finding(finding_id).id)
        self.viewer.show()
        self.viewer.raise_()
        self.viewer.activateWindow()
        return self.viewer

    def open_online_guide(self) -> None:
        """The online guide in the browser; the message says when no browser opened."""
        self.message.emit(open_online(GUIDE_URL, "the online troubleshooting guide"))
