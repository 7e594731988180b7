"""Child process of `ui_max_stall_big_ms`: the longest GUI-thread stall while a big bundle loads.

`python -m bench.probe_stall_big BUNDLE` builds the real main window over the real thread
pool, starts a 5 ms heartbeat on the GUI thread, opens BUNDLE (50,000 events), and once the
diagnosis is shown: opens the Events tab, waits until the table shows rows, types a search
("0x8018", as a technician would), sorts by Event ID, then narrows to one channel — each step
once the previous one has settled. The heartbeat stops when the last step has settled.
Prints one JSON line: `{"max_stall_ms": ..., "at_s": ..., "during": ..., "seconds": ...,
"shown": ...}` (`during`: load, fill, show, or the step the longest stall fell in; `shown`: rows
visible at the end, so a run that filtered nothing is visible).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.probe_stall import Heartbeat

SEARCH = "0x8018"
STEP_MS = 300  # a step has settled when nothing was pending for this long
TIMEOUT_S = 240.0


def make_window() -> Any:
    """The real window over the real pool (no live host: the bundle is opened from disk)."""
    from esr_gui.gui.main_window import AppContext, MainWindow  # noqa: PLC0415
    from esr_gui.gui.settings import SettingsStore  # noqa: PLC0415
    from esr_gui.gui.workers import TaskRunner  # noqa: PLC0415

    # fill_in_steps as the app does (gui/app.py)
    ctx = AppContext(runner=TaskRunner(), store=SettingsStore(), fill_in_steps=True)
    return MainWindow(ctx)


class Script:
    """The steps after the diagnosis, each started STEP_MS after the pane went quiet."""

    def __init__(self, window: Any, finish: Callable[[], None]) -> None:
        self.window = window
        self.pane = window.ui.eventsPane
        self.finish = finish
        self.phases: list[tuple[float, str]] = [(time.monotonic(), "load")]  # (start, name)
        self.steps: list[Callable[[], None]] = [
            self.open_tab,
            self.search,
            self.sort_by_id,
            self.one_channel,
        ]

    def next(self, *_: object) -> None:
        """Run the next step after a pause, or finish."""
        from PySide6.QtCore import QTimer  # noqa: PLC0415

        if not self.phases[-1][1].startswith("show"):
            self.phases.append((time.monotonic(), "show"))  # the window is filled: settling
        step = self.steps.pop(0) if self.steps else self.finish
        QTimer.singleShot(STEP_MS, lambda: self._when_ready(step))

    def _when_ready(self, step: Callable[[], None]) -> None:
        from PySide6.QtCore import QTimer  # noqa: PLC0415

        if self.pane.busy():
            QTimer.singleShot(20, lambda: self._when_ready(step))
            return
        self.phases.append((time.monotonic(), getattr(step, "__name__", "finish")))
        step()
        if step is not self.finish:
            self.next()

    def open_tab(self) -> None:
        self.window.ui.actionShowEvents.trigger()

    def search(self) -> None:
        self.pane.ui.searchEdit.setText(SEARCH)

    def sort_by_id(self) -> None:
        from esr_gui.gui.models.events_model import COL_ID  # noqa: PLC0415

        self.pane.ui.table.sortByColumn(
            COL_ID, self.pane.ui.table.horizontalHeader().sortIndicatorOrder()
        )

    def one_channel(self) -> None:
        self.pane.ui.searchEdit.clear()
        self.pane.ui.channelCombo.setCurrentIndex(1)  # the first channel, as a user picks it


def main() -> int:
    """Open the bundle, run the script, print the JSON line; 0, or 3 if it never finished."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    app = QApplication(sys.argv[:1])
    window = make_window()
    from esr_gui.gui.pipeline import Source  # noqa: PLC0415
    from esr_gui.gui.preload import freeze_startup_objects  # noqa: PLC0415

    freeze_startup_objects()
    window.resize(1280, 800)
    window.show()
    beat = Heartbeat()
    done: list[float] = []

    def finish() -> None:
        done.append(time.monotonic())
        beat.stop()
        app.quit()

    script = Script(window, finish)
    window.session.analysis_changed.connect(
        lambda _a: script.phases.append((time.monotonic(), "fill"))
    )
    window.ready.connect(script.next)
    window.session.load_failed.connect(lambda _source, message: (print(message), app.quit()))
    QTimer.singleShot(
        100, lambda: (beat.start(), window.open_source(Source("bundle", path=sys.argv[1])))
    )
    QTimer.singleShot(int(TIMEOUT_S * 1000), app.quit)
    app.exec()
    window.ctx.runner.shutdown()
    gap, where = beat.worst()
    start = beat.stamps[0] if beat.stamps else 0.0
    phase = next((name for at, name in reversed(script.phases) if at - start <= where), "load")
    shown = window.ui.eventsPane.proxy.rowCount()
    seconds = (done[0] - beat.stamps[0]) if done else None
    print(
        json.dumps(
            {
                "max_stall_ms": round(gap * 1000, 1),
                "at_s": round(where, 3),
                "during": phase,
                "seconds": seconds,
                "shown": shown,
            }
        )
    )
    return 0 if done else 3


if __name__ == "__main__":
    raise SystemExit(main() if len(sys.argv) == 2 and Path(sys.argv[1]).exists() else 2)
