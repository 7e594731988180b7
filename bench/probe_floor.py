"""The floor under `startup_ratio`: what a process costs that paints a bare window and then
only imports pydantic and the diagnosis engine (no GUI module, no window of ours, no diagnosis
run). `python -m bench.probe_floor [ROUNDS]` prints one line per round and the medians; the
ratio is that process's time over its own bare window (bench/README.md, issue 19).
"""

from __future__ import annotations

import statistics
import sys

from bench.common import python_child

ONE_ROUND = """
import os, sys, time
start = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()  # once: painted (never in a loop: PySide6 6.12 drops a None ref per call)
bare = time.perf_counter()
import pydantic
models = time.perf_counter()
from esr_gui.core import snapshot_builder
from esr_gui.core.diagnose import diagnose
done = time.perf_counter()
print(bare - start, models - bare, done - models)
"""


def main() -> int:
    """Run the rounds (default 7) in fresh processes and print the medians."""
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    rows = []
    for _ in range(rounds):
        bare, pydantic, core = map(float, python_child(["-c", ONE_ROUND]).stdout.split()[-3:])
        rows.append((bare, pydantic, core, (bare + pydantic + core) / bare))
        print(
            f"bare {bare * 1000:.0f} ms, pydantic {pydantic * 1000:.0f} ms, "
            f"core {core * 1000:.0f} ms: {rows[-1][3]:.2f}x bare"
        )
    medians = [statistics.median(column) for column in zip(*rows, strict=True)]
    print(
        f"median: bare {medians[0] * 1000:.0f} ms, pydantic {medians[1] * 1000:.0f} ms, "
        f"core {medians[2] * 1000:.0f} ms, floor {medians[3]:.2f}x bare"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
