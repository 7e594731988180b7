"""The theme: Fusion (or windows11) first, the light/dark palette once the skeleton has
painted (issue 19: asking for the scheme builds PySide6's `Qt` namespace, ~20 ms)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from esr_gui.gui import theme
from tests.conftest import python_snippet


def test_dark_palette_uses_every_dark_colour(qapp: Any) -> None:
    palette = theme.dark_palette(QPalette())
    for name, colour in theme.DARK.items():
        assert palette.color(getattr(QPalette.ColorRole, name)) == QColor(colour), name
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert disabled == QColor("#808080")


def test_the_style_comes_first_and_the_palette_after(
    qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied: list[QApplication] = []
    monkeypatch.setattr(theme, "_apply_palette", applied.append)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert theme.apply_style(app) == "Fusion"  # not Windows 11 here
    assert applied == []  # the skeleton paints before the scheme is asked for
    theme.follow_scheme(app)
    assert applied == [app]


def test_a_new_application_starts_with_the_preferred_style() -> None:
    """The app made by `make_application` has Fusion here (not Windows 11) from its command
    line, without asking Qt for the style from Python before the first paint."""
    code = (
        "from esr_gui.gui.app import make_application\n"
        "app = make_application()\n"
        "print(app.style().name(), app.applicationName())\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_STYLE_OVERRIDE="windows")
    done = python_snippet(code, env=env, check=True)
    assert done.stdout.split()[0].lower() == theme.preferred_style().lower() == "fusion"
    assert "ESR Troubleshooter" in done.stdout
