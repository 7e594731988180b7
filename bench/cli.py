"""check_cli_s: the whole `esr-diag check --bundle <demo> --json` process, and proof that it
never imports Qt.

The timed process is the real console entry point (`python -m esr_gui.cli`); a second,
untimed process runs the same `main()` and lists the modules it loaded.
"""

from __future__ import annotations

import json
import time

from bench.common import REPO, median, python_child

DEMO = REPO / "resources" / "demo" / "hybrid-not-registered"
ARGS = ["check", "--bundle", str(DEMO), "--json"]
_MODULES_PROBE = (
    "import sys, io, contextlib, json\n"
    "from esr_gui.cli import main\n"
    "out = io.StringIO()\n"
    "with contextlib.redirect_stdout(out):\n"
    "    code = main(sys.argv[1:])\n"
    "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
    "print(json.dumps({'code': code, 'qt': qt, 'findings': len(json.loads(out.getvalue())"
    "['findings'])}))\n"
)


def one_run() -> float:
    """Seconds for one whole `esr-diag check --json` process (exit 0 or 1 expected)."""
    start = time.monotonic()
    done = python_child(["-m", "esr_gui.cli", *ARGS], check=False)
    seconds = time.monotonic() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"esr-diag check exited {done.returncode}: {done.stderr[-2000:]}")
    json.loads(done.stdout)  # one JSON document, nothing else
    return seconds


def qt_modules() -> list[str]:
    """Qt modules loaded by `esr-diag check` (must be none)."""
    done = python_child(["-c", _MODULES_PROBE, *ARGS], check=False)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    modules: list[str] = report["qt"]
    return modules


def measure(repeats: int = 9) -> dict[str, object]:
    """check_cli_s (median) and check_cli_imports_qt."""
    one_run()  # warm the bytecode cache and the file cache
    runs = [one_run() for _ in range(repeats)]
    qt = qt_modules()
    if qt:
        raise RuntimeError(f"esr-diag check imported Qt: {qt}")
    return {"check_cli_s": round(median(runs), 3), "check_cli_imports_qt": bool(qt)}


if __name__ == "__main__":
    print(measure())
