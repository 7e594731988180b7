"""Follow the system light/dark scheme: `windows11` style on Windows 11, else Fusion + palette."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

DARK = {
    QPalette.ColorRole.Window: "#202020",
    QPalette.ColorRole.WindowText: "#f0f0f0",
    QPalette.ColorRole.Base: "#2b2b2b",
    QPalette.ColorRole.AlternateBase: "#333333",
    QPalette.ColorRole.ToolTipBase: "#2b2b2b",
    QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.Text: "#f0f0f0",
    QPalette.ColorRole.Button: "#2d2d2d",
    QPalette.ColorRole.ButtonText: "#f0f0f0",
    QPalette.ColorRole.Link: "#6cb6ff",
    QPalette.ColorRole.Highlight: "#2f6fb3",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#a0a0a0",
    QPalette.ColorRole.Mid: "#5a5a5a",
}


def is_windows11() -> bool:
    """True on Windows 11 (build 22000 or later)."""
    if sys.platform != "win32":
        return False
    return sys.getwindowsversion().build >= 22000


def dark_palette(base: QPalette) -> QPalette:
    """A readable dark palette for Fusion (disabled text kept distinguishable)."""
    palette = QPalette(base)
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor("#808080")
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication) -> str:
    """Pick the style and palette for the current scheme; returns the style's name."""
    styles = [k.lower() for k in QStyleFactory.keys()]  # noqa: SIM118 — a function, not a dict
    if is_windows11() and "windows11" in styles:
        app.setStyle("windows11")
        return "windows11"
    app.setStyle("Fusion")
    _apply_palette(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _s: _apply_palette(app))
    return "Fusion"


def _apply_palette(app: QApplication) -> None:
    # Imported here: the `Qt` namespace costs ~18 ms at first use, before the first paint, and
    # the windows11 style never needs it (issue 19).
    from PySide6.QtCore import Qt  # noqa: PLC0415

    scheme = QGuiApplication.styleHints().colorScheme()
    standard = app.style().standardPalette()
    app.setPalette(dark_palette(standard) if scheme == Qt.ColorScheme.Dark else standard)
