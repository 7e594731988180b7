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


def test_windows_11_picks_its_style_once_the_app_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether this Qt has the windows11 style is known only once the app and its plugin
    folder exist: on Windows 11 no style comes with the command line, and the app made is
    given its style afterwards (here Fusion: this Qt has no windows11 style)."""
    monkeypatch.setattr(theme, "is_windows11", lambda: False)
    assert theme.style_arguments() == ["-style", "Fusion"]
    monkeypatch.setattr(theme, "is_windows11", lambda: True)
    assert theme.style_arguments() == []
    code = (
        "from esr_gui.gui import theme\n"
        "theme.is_windows11 = lambda: True\n"
        "applied = []\n"
        "real = theme.apply_style\n"
        "theme.apply_style = lambda app: applied.append(real(app)) or applied[-1]\n"
        "from esr_gui.gui.app import make_application\n"
        "app = make_application()\n"
        "print(applied, app.style().name())\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = python_snippet(code, env=env, check=True)
    assert done.stdout.split() == ["['Fusion']", "fusion"]
