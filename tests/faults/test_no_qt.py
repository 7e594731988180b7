"""esr-diag, and the modules esr-gui loads before PySide6, never import Qt (a fresh process
each: this test process has Qt loaded already)."""

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


def test_the_preloaded_modules_are_qt_free() -> None:
    body = "from esr_gui.gui.preload import preload_core\npreload_core()"
    assert qt_modules_after(body) == []
