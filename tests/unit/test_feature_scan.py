"""Issue 19: from a source tree, shiboken's import hook read the source of every module
imported after PySide6; the app answers its question as the frozen build does."""

from __future__ import annotations

import json
import os

from tests.conftest import python_snippet

# Imports PySide6, optionally turns the scan off, then imports a module of ours that nothing
# has loaded yet, counting the source reads of the hook and reading the mark it left.
CHILD = """
import inspect, json, sys
import PySide6.QtCore
from esr_gui.gui.feature_scan import skip_feature_scan

skipped = skip_feature_scan() if sys.argv[1] == "skip" else None
reads = []
real = inspect.getsource
def counting(obj):
    reads.append(getattr(obj, "__name__", "?"))
    return real(obj)
inspect.getsource = counting
import esr_gui.core.help.guide
mark = sys.modules["shibokensupport.feature"].pyside_feature_dict.get("esr_gui.core.help.guide")
print(json.dumps({"skipped": skipped, "reads": reads, "mark": mark}))
"""


def _run(mode: str) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = python_snippet(CHILD, mode, env=env, check=True)
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_without_the_shim_the_hook_reads_each_new_module() -> None:
    """The cost this removes is real with this PySide6: a source read per module."""
    report = _run("keep")
    assert "esr_gui.core.help.guide" in report["reads"]  # type: ignore[operator]
    assert report["mark"] == -1  # it does not mention PySide6: ignored


def test_the_shim_answers_without_reading_and_marks_the_module_ignored() -> None:
    """The same answer (-1, ignored: what the frozen app gets), no source read."""
    report = _run("skip")
    assert report == {"skipped": True, "reads": [], "mark": -1}
