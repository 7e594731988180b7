"""What every benchmark shares: child processes with a clean, comparable environment, medians,
interleaved runs, and a description of the machine.

Children run with warm bytecode caches in `bench/out/pycache` (PYTHONPYCACHEPREFIX), as a
shipped app runs from compiled bytecode: a development shell with PYTHONDONTWRITEBYTECODE
would otherwise recompile every module of every process and measure the compiler.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
PYCACHE = OUT / "pycache"
READY_PREFIX = "READY "
_SCRATCH = Path(tempfile.mkdtemp(prefix="esr-bench-"))


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a benchmark child: offscreen Qt, warm bytecode, private app dirs."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPYCACHEPREFIX=str(PYCACHE),
        ESR_GUI_NO_CRASH_DIALOG="1",
        ESR_GUI_CONFIG_DIR=str(_SCRATCH / "config"),
        ESR_GUI_LOG_DIR=str(_SCRATCH / "logs"),
        ESR_TROUBLESHOOTER_DATA_DIR=str(_SCRATCH / "data"),
        QT_LOGGING_RULES="qt.qpa.*=false",
    )
    env.update(extra)
    return env


def python_child(
    args: Sequence[str], *, timeout: float = 300.0, check: bool = True, tree: Path = REPO
) -> subprocess.CompletedProcess[str]:
    """Run `python ARGS` from the root of `tree` (this checkout, or another commit's worktree
    with its own code and bytecode cache: bench/side_by_side.py); RuntimeError with its
    output if it fails."""
    extra: dict[str, str] = {}
    if tree != REPO:  # another commit: its code on the path, its own bytecode cache
        extra = {"PYTHONPATH": str(tree), "PYTHONPYCACHEPREFIX": f"{PYCACHE}-{tree.name}"}
    done = subprocess.run(
        [sys.executable, *args],
        cwd=tree,
        env=child_env(**extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and done.returncode != 0:
        raise RuntimeError(
            f"`python {' '.join(args)}` exited with {done.returncode}:\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        )
    return done


def time_to_ready(args: Sequence[str], timeout: float = 120.0, tree: Path = REPO) -> float:
    """Seconds from spawning `python ARGS` (in `tree`) to the `READY <monotonic>` line it
    prints.

    CLOCK_MONOTONIC is system-wide on Linux and Windows, so the child's stamp and our spawn
    time are on the same clock.
    """
    start = time.monotonic()
    done = python_child(args, timeout=timeout, tree=tree)
    stamps = [line for line in done.stdout.splitlines() if line.startswith(READY_PREFIX)]
    if not stamps:
        raise RuntimeError(f"`python {' '.join(args)}` never reported READY:\n{done.stderr}")
    return float(stamps[-1][len(READY_PREFIX) :]) - start


def median(values: Sequence[float]) -> float:
    """The median (of at least one value)."""
    return float(statistics.median(values))


def interleaved(
    first: Callable[[], float], second: Callable[[], float], repeats: int, warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Run `first` and `second` alternately `repeats` times each, after `warmup` unrecorded
    rounds, so that drifting machine load hits both alike."""
    for _ in range(warmup):
        first()
        second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeats):
        a.append(first())
        b.append(second())
    return a, b


def ratio_of_medians(a: Sequence[float], b: Sequence[float]) -> float:
    """median(a) / median(b)."""
    return median(a) / median(b)


def paired_ratio(a: Sequence[float], b: Sequence[float]) -> float:
    """Median of the per-round ratios a[i] / b[i] of interleaved runs."""
    return median([x / y for x, y in zip(a, b, strict=True)])


def cpu_model() -> str:
    """The CPU model name (Linux /proc/cpuinfo, else platform.processor())."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def ram_gib() -> float | None:
    """Physical memory in GiB (Linux), or None."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except (OSError, ValueError):
        pass
    return None


def machine() -> dict[str, object]:
    """CPU, cores, RAM, OS, Python and Qt versions of this run."""
    probe = "import PySide6, PySide6.QtCore as c; print(PySide6.__version__, c.qVersion())"
    qt = python_child(["-c", probe])
    pyside, qt_version = qt.stdout.split()
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": ram_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyside6": pyside,
        "qt": qt_version,
    }
