"""Start-up measures: keep the objects made at start-up out of later garbage collections,
and build a big capture without the collector. Nothing here may import Qt (worker jobs use
it): `tests/faults` checks it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from esr_gui.core.parse.events_common import paused_gc


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
