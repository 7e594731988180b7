"""Composition with the Designer forms compiled at build time (`make ui`; picard's pattern)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget


def setup_form(form: Any, widget: QWidget) -> None:
    """`form.setupUi(widget)`: the generated modules are untyped, so typing stops here."""
    form.setupUi(widget)
