"""Child process of the re-open benchmark: does memory come back when a big bundle is opened
again and again in one session?

`python -m bench.probe_reopen BUNDLE [TIMES]` builds the real window (as probe_stall_big does),
opens BUNDLE TIMES times (default 6), each once the previous diagnosis is shown, and prints one
JSON line. After each open (and a full collection) it counts the objects alive that the
collector tracks, frozen ones included, and reads the resident memory (VmRSS, MiB); the
figures are their growth from the third open to the last. The first two opens grow the heaps
to their working size. `reopen_object_growth` is exact: a session that keeps what it no longer
shows grows by a snapshot's objects (a worker leak: ~100,000 per open of 50,000 events) or a
model tree's (~900) at each open. `reopen_growth_mb` also moves with how the allocators reuse
memory (tens of MB between runs), so it is reported, not judged.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path
from typing import Any

from bench.probe_stall_big import make_window

SETTLE_MS = 300
TIMEOUT_MS = 600_000
STEADY_FROM = 3  # the open after which the heaps have their working size


def current_rss_mb() -> float:
    """This process's resident memory now, in MiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main() -> int:
    """Open the bundle TIMES times, print the JSON line; 0, or 3 if it never finished."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from esr_gui.gui.pipeline import Source  # noqa: PLC0415
    from esr_gui.gui.preload import freeze_startup_objects  # noqa: PLC0415

    path, times = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 6
    app = QApplication(sys.argv[:1])
    window = make_window()
    freeze_startup_objects()
    window.show()
    sizes: list[float] = []
    objects: list[int] = []

    def open_again(*_: Any) -> None:
        if len(sizes) == times:
            app.quit()
            return
        window.open_source(Source("bundle", path=path))

    def shown(_analysis: object) -> None:
        gc.collect()
        objects.append(len(gc.get_objects()) + gc.get_freeze_count())
        sizes.append(round(current_rss_mb(), 1))
        QTimer.singleShot(SETTLE_MS, open_again)

    window.ready.connect(shown)
    window.session.load_failed.connect(lambda _source, message: (print(message), app.quit()))
    QTimer.singleShot(100, open_again)
    QTimer.singleShot(TIMEOUT_MS, app.quit)
    app.exec()
    window.ctx.runner.shutdown()
    if len(sizes) < max(times, STEADY_FROM):
        return 3
    report = {
        "objects_after_each_open": objects,
        "reopen_object_growth": objects[-1] - objects[STEADY_FROM - 1],
        "rss_after_each_open_mb": sizes,
        "reopen_growth_mb": round(sizes[-1] - sizes[STEADY_FROM - 1], 1),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
