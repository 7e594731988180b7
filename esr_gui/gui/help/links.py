"""Opening a web page in the browser, saying so when no browser could be opened."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def open_online(url: str, what: str) -> str:
    """Open `url` in the default browser; the sentence for the status bar either way."""
    if QDesktopServices.openUrl(QUrl(url)):
        return f"Opened {what} in your browser."
    return (
        f"Could not open a browser for {what} ({url}). The same steps are in Help > "
        "Help contents (F1), which works offline."
    )
