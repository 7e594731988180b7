"""Issue 19: `esr-diag check --json` loads what a diagnosis needs and nothing more.

The remedy catalogue (for the remedies' titles) must not bring in the plan, step and
binding models nor `RemedyInfo`; the text and Intune reports, the Graph sign-in options and
platformdirs load only for the modes that use them. A process of its own freezes what it
loaded before the command runs (the garbage collector's passes over it were ~10 %).
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import python_snippet

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "hybrid-not-registered"
CHILD = """
import contextlib, io, json, sys
from esr_gui.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules), "out": out.getvalue()}))
"""
NOT_FOR_CHECK_JSON = (
    "esr_gui.core.remedy.plans",
    "esr_gui.core.remedy.steps",
    "esr_gui.core.remedy.binding",
    "esr_gui.core.remedy.remedy_info",
    "esr_gui.core.report.text",
    "esr_gui.core.report.intune",
    "esr_gui.platform.graph.options",
    "platformdirs",
)


def _run(*arguments: str) -> dict[str, Any]:
    done = python_snippet(CHILD, *arguments)
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] in (0, 1), done.stderr[-2000:]
    return report


def test_check_json_loads_no_plan_model_and_no_other_mode() -> None:
    """A full diagnosis (with the remedies' titles) runs without any of those modules."""
    report = _run("check", "--bundle", str(DEMO), "--json")
    loaded = set(report["modules"])
    assert "esr_gui.core.remedy.catalog" in loaded  # the titles do come from the catalogue
    assert loaded & set(NOT_FOR_CHECK_JSON) == set()
    document = json.loads(report["out"])
    assert document["findings"]


@pytest.mark.parametrize(
    ("mode", "module"),
    [("", "esr_gui.core.report.text"), ("--intune", "esr_gui.core.report.intune")],
)
def test_the_other_modes_still_load_their_report(mode: str, module: str) -> None:
    """Text and Intune output still work, loading their own module when used."""
    report = _run("check", "--bundle", str(DEMO), *([mode] if mode else []))
    assert module in set(report["modules"])
    assert report["out"].strip()


FREEZE_CHILD = """
import atexit, gc, sys
atexit.register(lambda: sys.stderr.write(f"FROZEN {gc.get_freeze_count()}\\n"))
sys.argv = ["esr-diag", *sys.argv[1:]]
from esr_gui.cli import main
raise SystemExit(main())
"""


def test_a_process_of_its_own_freezes_what_it_loaded() -> None:
    """`main()` as the process entry (no argv) freezes the loaded modules' objects."""
    done = python_snippet(FREEZE_CHILD, "check", "--bundle", str(DEMO), "--json")
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert json.loads(done.stdout)["findings"]
    frozen = int(done.stderr.rsplit("FROZEN ", 1)[1].split()[0])
    assert frozen > 10_000


def test_a_caller_passing_arguments_keeps_its_collector() -> None:
    """`main([...])` (tests, embedding) never freezes the caller's objects."""
    from esr_gui.cli import main

    before = gc.get_freeze_count()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["check", "--bundle", str(DEMO), "--json"]) in (0, 1)
    assert gc.get_freeze_count() == before
