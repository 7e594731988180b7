"""Child process of the responsiveness benchmark: the longest event-loop stall of a refresh.

The real main window (real QThreadPool, real controllers) refreshes through a FakeHost whose
every probe takes `DELAY` seconds; a 5 ms QTimer records a heartbeat on the GUI thread from
just before Refresh until the diagnosed window has been painted. Prints one JSON line:
`{"max_stall_ms": ..., "beats": ..., "seconds": ...}`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

HEARTBEAT_MS = 5
DELAY = 1.0
DEMO = "hybrid-not-registered"
SETTLE_MS = 200


def make_window(delay: float) -> Any:
    """The real window over the real pool, with a slow FakeHost as the live device."""
    from esr_gui.gui.exports import source_members  # noqa: PLC0415
    from esr_gui.gui.main_window import AppContext, MainWindow  # noqa: PLC0415
    from esr_gui.gui.pipeline import Source  # noqa: PLC0415
    from esr_gui.gui.settings import SettingsStore  # noqa: PLC0415
    from esr_gui.gui.workers import TaskRunner  # noqa: PLC0415
    from esr_gui.platform.fake import FakeHost  # noqa: PLC0415

    members = source_members(Source("demo", name=DEMO), None)
    host = FakeHost.from_members(members, default_delay=delay)
    ctx = AppContext(
        runner=TaskRunner(),
        store=SettingsStore(),
        host_factory=lambda: host,
        fill_in_steps=True,  # as the app does (gui/app.py)
    )
    return MainWindow(ctx)


class Heartbeat:
    """Monotonic stamps of a repeating timer; the longest gap between two of them."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer  # noqa: PLC0415

        self.stamps: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(lambda: self.stamps.append(time.monotonic()))

    def start(self) -> None:
        """Start beating (the first stamp is now)."""
        self.stamps.append(time.monotonic())
        self.timer.start()

    def stop(self) -> None:
        """Stop and take a last stamp."""
        self.timer.stop()
        self.stamps.append(time.monotonic())

    def max_gap_ms(self) -> float:
        """The longest time the loop went without a beat."""
        return self.worst()[0] * 1000

    def worst(self) -> tuple[float, float]:
        """(longest gap, seconds from the start to where it began)."""
        gaps = [
            (b - a, a - self.stamps[0]) for a, b in zip(self.stamps, self.stamps[1:], strict=False)
        ]
        return max(gaps, default=(0.0, 0.0))


def main() -> int:
    """Refresh once through the slow host; print the JSON line; 0, or 3 if it never finished."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    app = QApplication(sys.argv[:1])
    window = make_window(float(os.environ.get("ESR_BENCH_DELAY", DELAY)))
    from esr_gui.gui.preload import freeze_startup_objects  # noqa: PLC0415

    freeze_startup_objects()  # as esr-gui's own start-up does (gui/app.py)
    window.show()
    beat = Heartbeat()
    done: list[float] = []

    def finish() -> None:
        beat.stop()
        app.quit()

    def on_ready(_analysis: object) -> None:
        done.append(time.monotonic())
        QTimer.singleShot(SETTLE_MS, finish)

    def begin() -> None:
        beat.start()
        window.refresh.refresh()

    window.ready.connect(on_ready)
    window.refresh.failed.connect(lambda _m: finish())
    QTimer.singleShot(100, begin)
    app.exec()
    window.ctx.runner.shutdown()
    seconds = (done[0] - beat.stamps[0]) if done else None
    gap, where = beat.worst()
    report = {"max_stall_ms": round(gap * 1000, 1), "at_s": round(where, 3)}
    print(json.dumps({**report, "seconds": seconds}))
    return 0 if done else 3


if __name__ == "__main__":
    raise SystemExit(main())
