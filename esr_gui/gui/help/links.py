"""Opening a web page in the browser (saying so when no browser could be opened), and About."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from esr_gui import __version__


def open_online(url: str, what: str) -> str:
    """Open `url` in the default browser; the sentence for the status bar either way."""
    if QDesktopServices.openUrl(QUrl(url)):
        return f"Opened {what} in your browser."
    return (
        f"Could not open a browser for {what} ({url}). The same steps are in Help > "
        "Help contents (F1), which works offline."
    )


def show_about(parent: QWidget) -> None:
    """Help › About: the name, version and what the tool is for."""
    QMessageBox.about(
        parent,
        "About ESR Troubleshooter",
        f"ESR Troubleshooter {__version__}\nChecks, explains and fixes Enterprise State Roaming.",
    )
