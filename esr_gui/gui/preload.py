"""Import the Qt-free part of the app before PySide6 (a start-up time measure).

Once PySide6 is loaded, shiboken's import hook inspects the source of every module imported
after it (to support `from __feature__ import ...`); the ~150 core, platform and pipeline
modules the window needs anyway load measurably faster before that hook is installed
(`make bench`, startup_ratio). Nothing here may import Qt: `tests/faults` checks it.
"""

from __future__ import annotations

import importlib

QT_FREE_MODULES = (
    "esr_gui.gui.pipeline",
    "esr_gui.gui.settings",
    "esr_gui.gui.device_facts",
    "esr_gui.platform.capture",
    "esr_gui.platform.remedies",
)


def preload_core() -> None:
    """Import QT_FREE_MODULES (the interpreter keeps them; later imports are lookups)."""
    for name in QT_FREE_MODULES:
        importlib.import_module(name)
