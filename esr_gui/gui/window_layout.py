"""The main window's geometry, dock state and splitter sizes, kept in the settings between runs."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter

from esr_gui.gui.settings import SettingsStore


def _restore(data: str | None) -> QByteArray | None:
    return QByteArray.fromBase64(data.encode()) if data else None


def restore_layout(
    window: QMainWindow, splitter: QSplitter, store: SettingsStore, sizes: Sequence[int]
) -> None:
    """Size the window (1280×800), then apply the saved geometry, state and splitter sizes."""
    settings = store.settings
    window.resize(1280, 800)
    if (geometry := _restore(settings.geometry)) is not None:
        window.restoreGeometry(geometry)
    if (state := _restore(settings.window_state)) is not None:
        window.restoreState(state)
    if (split := _restore(settings.splitter_state)) is not None:
        splitter.restoreState(split)
    else:
        splitter.setSizes(list(sizes))


def save_layout(window: QMainWindow, splitter: QSplitter, store: SettingsStore) -> None:
    """Keep the window's geometry, state and splitter sizes in the settings, and save them."""
    settings = store.settings
    settings.geometry = bytes(window.saveGeometry().toBase64().data()).decode()
    settings.splitter_state = bytes(splitter.saveState().toBase64().data()).decode()
    settings.window_state = bytes(window.saveState().toBase64().data()).decode()
    store.save()
