"""esr-diag, and the modules of esr-gui that worker jobs run, never import Qt (a fresh
process each: this test process has Qt loaded already)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import python_snippet

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "hybrid-not-registered"
_PROBE = (
    "import contextlib, io, json, sys\n"
    "{body}\n"
    "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
    "('PySide6', 'shiboken6'))))\n"
)


def qt_modules_after(body: str) -> list[str]:
    """Qt modules a fresh interpreter has loaded after running `body`."""
    done = python_snippet(_PROBE.format(body=body), check=True)
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_esr_diag_check_never_imports_qt() -> None:
    body = (
        "from esr_gui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['check', '--bundle', {str(DEMO)!r}, '--json'])"
    )
    assert qt_modules_after(body) == []


QT_FREE_MODULES = (
    "esr_gui.gui.preload",
    "esr_gui.gui.pipeline",
    "esr_gui.gui.settings",
    "esr_gui.gui.device_facts",
    "esr_gui.platform.capture",
    "esr_gui.platform.remedies",
)


def test_the_modules_worker_jobs_run_are_qt_free() -> None:
    body = "\n".join(f"import {name}" for name in QT_FREE_MODULES)
    assert qt_modules_after(body) == []
