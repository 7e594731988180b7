"""The five boxes of docs/architecture.md and the arrows between them, read from the imports.

Each module of `esr_gui` belongs to one box (its first package under `esr_gui`); an import of
another box is an arrow. An arrow that is not in ALLOWED, or an OS or Qt import a box must not
make, fails here with the file and line, so a layering slip is caught before review.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "esr_gui"

# box -> the boxes it may import (docs/architecture.md, "Arrows").
ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "platform": frozenset({"core"}),
    "cli": frozenset({"core", "platform"}),
    "gui": frozenset({"core", "platform", "ui", "resources"}),
    "ui": frozenset({"gui"}),  # generated forms name our custom widgets (gui.views.*)
}
QT = frozenset({"PySide6", "shiboken6"})
OS = frozenset({"ctypes", "winreg", "win32api", "win32evtlog", "win32con", "pywintypes"})
# box -> top-level modules it must never import.
FORBIDDEN: dict[str, frozenset[str]] = {
    "core": QT | OS,
    "platform": QT,
    "cli": QT | OS,
    "gui": OS | {"subprocess"},
}
# The core may quote a command line (subprocess.list2cmdline is pure) but never start one.
PROCESS_CALLS = frozenset({"run", "Popen", "call", "check_call", "check_output", "getoutput"})


def _box(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0].removesuffix(".py") if len(parts) > 1 else "(top)"


def _imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "forms" not in p.parts or _box(p) == "ui")


def _violations(path: Path) -> list[str]:
    where = str(path.relative_to(PACKAGE.parent))
    return violations(_box(path), path.read_text(encoding="utf-8"), where)


def violations(box: str, source: str, where: str) -> list[str]:
    """Every arrow or import of `source` (a module of `box`) the architecture forbids."""
    tree = ast.parse(source)
    found = []
    for line, module in _imports(tree):
        top, _, rest = module.partition(".")
        if top == "esr_gui" and rest:
            target = rest.split(".")[0]
            if target != box and box in ALLOWED and target not in ALLOWED[box]:
                found.append(f"{where}:{line}: {box} -> {target} ({module})")
        elif top in FORBIDDEN.get(box, frozenset()):
            found.append(f"{where}:{line}: {box} imports {module}")
    if box == "core":
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in PROCESS_CALLS:
                value = node.value
                if isinstance(value, ast.Name) and value.id == "subprocess":
                    found.append(f"{where}:{node.lineno}: core starts a process")
    return found


def test_every_module_belongs_to_a_box() -> None:
    boxes = {_box(p) for p in _modules()}
    assert boxes <= {*ALLOWED, "(top)", "resources"}, boxes


@pytest.mark.parametrize("box", sorted(ALLOWED))
def test_arrows_follow_the_architecture(box: str) -> None:
    found = [v for p in _modules() if _box(p) == box for v in _violations(p)]
    assert found == []


def test_the_checker_sees_a_forbidden_arrow() -> None:
    """The checker itself: an upward import, Qt and a started process in the core."""
    source = (
        "from esr_gui.gui.status import icon\nimport PySide6.QtCore\n"
        "import subprocess\nsubprocess.run(['x'])\nsubprocess.list2cmdline(['y'])\n"
    )
    found = violations("core", source, "core/probe.py")
    assert len(found) == 3, found
    assert "core -> gui" in found[0] and "imports PySide6.QtCore" in found[1]
    assert "starts a process" in found[2]
    assert violations("gui", "import subprocess\n", "gui/x.py") == [
        "gui/x.py:1: gui imports subprocess"
    ]
    assert violations("platform", "import ctypes\nfrom esr_gui.core import errors\n", "p") == []
