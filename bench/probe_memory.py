"""Child process of the memory benchmark: peak RSS of the app with a big bundle's events shown.

`python -m bench.probe_memory BUNDLE` runs the real `esr-gui --bundle BUNDLE`; once the
diagnosis is shown it switches to the Events tab and, at the first paint of the events
table, prints `PEAK_RSS_MB <n>` (the process's high-water mark: VmHWM on Linux, ru_maxrss
elsewhere) and quits.
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path
from typing import Any

from bench.probe_ready import install_paint_watch

PREFIX = "PEAK_RSS_MB "


def peak_rss_mb() -> float:
    """The high-water mark of this process's resident memory, in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / 2**20 if sys.platform == "darwin" else maxrss / 1024


def _report(_stamp: float) -> None:
    sys.stdout.write(f"{PREFIX}{peak_rss_mb():.1f}\n")
    sys.stdout.flush()


def main() -> int:
    """Open the bundle, show its events, print the peak; 0, or 3 if it never got there."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from esr_gui.gui import app as app_module  # noqa: PLC0415

    build = app_module.make_window
    state: dict[str, Any] = {}

    def events_shown(widget: Any) -> bool:
        window = state.get("window")
        if window is None or not state.get("tab"):
            return False
        return bool(widget is window.ui.eventsPane.ui.table.viewport())

    def make_window() -> Any:
        state["watch"] = install_paint_watch(events_shown, _report)
        window = build()
        state["window"] = window

        def show_events(_analysis: object) -> None:
            window.ui.actionShowEvents.trigger()
            state["tab"] = window.ui.tabs.currentWidget() is window.ui.eventsPane

        window.ready.connect(show_events)
        return window

    app_module.make_window = make_window
    app_module.main(["--bundle", sys.argv[1]])
    return 0 if state["watch"].seen else 3


if __name__ == "__main__":
    raise SystemExit(main())
