"""Child process of the startup benchmark: prints `READY <monotonic>` at the first paint that
counts, then quits.

`python -m bench.probe_ready bare` paints a bare QMainWindow; `python -m bench.probe_ready app
ARGS...` runs the real `esr-gui ARGS...` (its own `main()`, its own imports in its own order)
and reports the first paint after a diagnosis is shown; `first ARGS...` reports the app's
first paint of any window (`first_paint_ratio`). Both use CLOCK_MONOTONIC, which the
parent shares, so the parent subtracts its own spawn time. Nothing in the app is changed: an
application-wide event filter, installed when the app builds its window, watches for paints.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

READY_PREFIX = "READY "


def print_ready(stamp: float) -> None:
    """The line the parent waits for."""
    sys.stdout.write(f"{READY_PREFIX}{stamp:.6f}\n")
    sys.stdout.flush()


def install_paint_watch(
    counts: Callable[[Any], bool], on_paint: Callable[[float], None] = print_ready
) -> Any:
    """Watch every paint event of the running QApplication; at the first one for which
    `counts(widget)` is true, call `on_paint(its monotonic time)` and quit. Returns the watcher."""
    from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QWidget  # noqa: PLC0415

    app = QApplication.instance()
    assert isinstance(app, QApplication)

    class PaintWatch(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            is_paint = event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
            if is_paint and not self.seen and counts(watched):
                self.seen = True
                stamp = time.monotonic()
                QTimer.singleShot(0, lambda: report(stamp))
            return False

    def report(stamp: float) -> None:
        on_paint(stamp)
        app.closeAllWindows()
        app.quit()

    watch = PaintWatch()
    app.installEventFilter(watch)
    return watch


def diagnosed(_widget: object = None) -> bool:
    """True once a top-level window (the main window) shows an analysis in full: since the
    app fills its panes one per event-loop turn (issue 19), a paint between two of them does
    not count; `shown` is set when the last pane has been filled (as `ready` fires)."""
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    return any(
        getattr(widget, "shown", None) is not None for widget in QApplication.topLevelWidgets()
    )


def run_bare() -> int:
    """A bare QMainWindow at the app's size, shown and painted once."""
    from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: PLC0415

    app = QApplication(sys.argv[:1])
    watch = install_paint_watch(lambda _w: True)
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    code = int(app.exec())
    return code if watch.seen else 3


def run_app(args: list[str]) -> int:
    """The real app's `main(ARGS)`; the watch is installed as it builds its window."""
    from esr_gui.gui import app as app_module  # noqa: PLC0415 — Qt-free until main() runs

    build = app_module.make_window
    watches: list[Any] = []

    def make_window() -> Any:
        watches.append(install_paint_watch(diagnosed))
        return build()

    app_module.make_window = make_window
    code = app_module.main(args)
    return code if watches and watches[0].seen else 3


def run_first_paint(args: list[str]) -> int:
    """The real app's `main(ARGS)`, reporting its first paint of any window (the start-up
    skeleton or the main window, whichever the app shows first). The watch is installed as
    soon as the app has its QApplication (`make_application`, or `make_window` in versions
    without it)."""
    from esr_gui.gui import app as app_module  # noqa: PLC0415 — Qt-free until main() runs

    watches: list[Any] = []
    hook = "make_application" if hasattr(app_module, "make_application") else "make_window"
    build = getattr(app_module, hook)

    def watched() -> Any:
        made = build()
        if not watches:
            watches.append(install_paint_watch(lambda _w: True))
        return made

    setattr(app_module, hook, watched)
    code = app_module.main(args)
    return code if watches and watches[0].seen else 3


def main() -> int:
    """Entry point: `bare`, `app ARGS...` (diagnosed) or `first ARGS...` (first paint)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    mode, *rest = sys.argv[1:] or ["bare"]
    if mode == "first":
        return run_first_paint(rest)
    return run_bare() if mode == "bare" else run_app(rest)


if __name__ == "__main__":
    raise SystemExit(main())
