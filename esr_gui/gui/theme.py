"""Follow the system light/dark scheme: `windows11` style on Windows 11, else Fusion + palette."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

# Fusion's dark colours by palette role name (resolved when used: touching PySide6's enums
# before the first paint costs start-up time, issue 19).
DARK = {
    "Window": "#202020",
    "WindowText": "#f0f0f0",
    "Base": "#2b2b2b",
    "AlternateBase": "#333333",
    "ToolTipBase": "#2b2b2b",
    "ToolTipText": "#f0f0f0",
    "Text": "#f0f0f0",
    "Button": "#2d2d2d",
    "ButtonText": "#f0f0f0",
    "Link": "#6cb6ff",
    "Highlight": "#2f6fb3",
    "HighlightedText": "#ffffff",
    "PlaceholderText": "#a0a0a0",
    "Mid": "#5a5a5a",
}


def is_windows11() -> bool:
    """True on Windows 11 (build 22000 or later)."""
    if sys.platform != "win32":
        return False
    return sys.getwindowsversion().build >= 22000


def dark_palette(base: QPalette) -> QPalette:
    """A readable dark palette for Fusion (disabled text kept distinguishable)."""
    palette = QPalette(base)
    for name, colour in DARK.items():
        role: QPalette.ColorRole = getattr(QPalette.ColorRole, name)
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
    style = apply_style(app)
    follow_scheme(app)
    return style


def preferred_style() -> str:
    """`windows11` on Windows 11 when this Qt has it, else Fusion (its palette follows the
    light or dark scheme, `follow_scheme`)."""
    if is_windows11() and "windows11" in _style_names():
        return "windows11"
    return "Fusion"


def style_arguments() -> list[str]:
    """Command-line arguments that make a new QApplication start with Fusion: asking a running
    app for its style from Python builds PySide6's QStyle type with all its enums, 7-12 ms
    before the first paint that a bare window never pays (issue 19). None on Windows 11:
    whether this Qt has the windows11 style is known only once the app (and so its plugin
    folder) exists, so `apply_style` chooses it there."""
    return [] if is_windows11() else ["-style", "Fusion"]


def apply_style(app: QApplication) -> str:
    """Give a running app the preferred style (what the start-up skeleton paints with);
    returns its name."""
    name = preferred_style()
    if app.style().name().lower() != name.lower():  # making it again costs ~7 ms for nothing
        app.setStyle(name)
    return name


def _style_names() -> list[str]:
    """The styles this Qt build has, lower case (asked only on Windows 11: ~1 ms)."""
    return [k.lower() for k in QStyleFactory.keys()]  # noqa: SIM118 — a function, not a dict


def follow_scheme(app: QApplication) -> None:
    """Fusion's palette for the light or dark scheme, now and when it changes. The app calls
    it once the skeleton has painted: asking Qt for the scheme builds PySide6's `Qt`
    namespace, ~20 ms a bare window never pays (issue 19, first_paint_ratio). The windows11
    style follows the scheme by itself."""
    if app.style().name().lower() == "windows11":
        return
    _apply_palette(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _s: _apply_palette(app))


def _apply_palette(app: QApplication) -> None:
    # Imported here: the `Qt` namespace costs ~18 ms at first use, before the first paint, and
    # the windows11 style never needs it (issue 19).
    from PySide6.QtCore import Qt  # noqa: PLC0415

    scheme = QGuiApplication.styleHints().colorScheme()
    standard = app.style().standardPalette()
    app.setPalette(dark_palette(standard) if scheme == Qt.ColorScheme.Dark else standard)
