"""Start-up measures: import the Qt-free part of the app before PySide6, and keep the objects
made at start-up out of later garbage collections.

Once PySide6 is loaded, shiboken's import hook inspects the source of every module imported
after it (to support `from __feature__ import ...`); the ~150 core, platform and pipeline
modules the window needs anyway load measurably faster before that hook is installed
(`make bench`, startup_ratio). Since issue 19 the app paints its start-up skeleton first, so
`gui/app.py` no longer calls `preload_core` (first paint 5.3 → 1.6× a bare window, the
diagnosed window unchanged within noise: bench/README.md). Nothing here may import Qt:
`tests/faults` checks it.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from esr_gui.core.parse.events_common import paused_gc

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


def freeze_startup_objects() -> None:
    """Move every object alive now (modules, classes, the window's widgets and wrappers; they
    live as long as the app) out of the collector's reach. Otherwise the first full
    collection walks all of them (~25 ms on the GUI thread, typically while the first
    diagnosis is being shown: `make bench`, ui_max_stall_ms). Call it once, at the end of
    start-up. The app starts with the collector off (`gui/app.py`): it is on again after."""
    gc.freeze()
    gc.enable()


@contextmanager
def big_build() -> Iterator[None]:
    """Build a snapshot and its diagnosis (a worker job) without the cyclic collector, then
    move what was built out of its reach.

    50,000 events are some 200,000 tracked objects. With the collector on, its passes over
    them (27, 39 and 84 ms measured) run in the worker while it holds the interpreter lock,
    so the window stalls for as long (`make bench`, ui_max_stall_big_ms). The snapshot forms
    no reference cycles: reference counting frees it when the next one replaces it."""
    with paused_gc():
        try:
            yield
        finally:
            gc.freeze()  # before the collector is back on
