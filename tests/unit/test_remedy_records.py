"""One record per remedy: a remedy is planned, defaulted and described from its record alone,
and the text and HTML forms of a plan say the same things."""

from __future__ import annotations

import ast
import html
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from esr_gui.core.diagnose.rules import RECORDS
from esr_gui.core.remedy import plan_remedy, render_plan
from esr_gui.core.remedy.binding import PlanSource, ThisPc
from esr_gui.core.remedy.catalog import CATALOG, spec
from esr_gui.core.remedy.params import KbParams, debug_channels, viewable_channels
from esr_gui.core.remedy.plan_view import plan_sections, text_of
from esr_gui.core.remedy.planning import plan_spec
from esr_gui.core.remedy.plans import PlanFacts
from esr_gui.core.remedy.remedy_spec import RemedySpec
from esr_gui.core.remedy.steps import OpenStep, allowed_uri
from esr_gui.gui.present_remedy import plan_html

NOW = datetime(2026, 11, 25, 9, 14, 3, tzinfo=UTC)
LIVE = PlanSource(kind="live", computer="PC-0042", captured_at=NOW, run_id="run-1")
HERE = ThisPc(computer="PC-0042", user="CONTOSO\\jdoe", run_id="run-1", device_checked=True)
ROOT = Path(__file__).resolve().parents[2] / "esr_gui"
OPEN_PAGES = [r for r in CATALOG.values() if r.kind == "open" and r.build is None]


def facts(**extra: object) -> PlanFacts:
    fields: dict[str, object] = {"on_windows": True, "source": LIVE, "this_pc": HERE}
    return PlanFacts.model_validate({**fields, **extra})


def test_a_new_open_a_page_remedy_needs_only_its_record() -> None:
    # A record that is in no table anywhere: planning, defaults and the description work.
    about = RemedySpec(
        id="remedy.open-about",
        title="Open About",
        summary="Shows the Windows edition and build.",
        kind="open",
        uri="ms-settings:about",
        run_does="Opens Settings › System › About (ms-settings:about).",
        guidance=("Read the build number.",),
    )
    plan = plan_spec(about, about.default_params(), facts(), NOW)
    assert [(type(s), s.uri) for s in plan.steps if isinstance(s, OpenStep)] == [
        (OpenStep, "ms-settings:about")
    ]
    assert plan.runnable and plan.title == "Open About" and not plan.changes_device
    assert "opens ms-settings:about" in render_plan(plan)
    assert about.info().kind == "open"


@pytest.mark.parametrize("remedy", OPEN_PAGES, ids=lambda r: r.id)
def test_every_open_remedy_opens_the_page_of_its_record(remedy: RemedySpec) -> None:
    plan = plan_remedy(remedy.id, remedy.default_params(), facts())
    (step,) = plan.steps
    assert isinstance(step, OpenStep) and step.uri == remedy.uri


def test_every_record_can_be_planned_by_its_kind_or_its_builder() -> None:
    for remedy in CATALOG.values():
        if remedy.kind in ("command", "launch"):
            assert remedy.build is not None, remedy.id
        if remedy.kind == "open":
            assert remedy.uri or remedy.build is not None, remedy.id
        plan = plan_remedy(remedy.id, remedy.default_params(), facts(join_type="hybrid"))
        assert plan.remedy_id == remedy.id


@pytest.mark.parametrize(
    "uri",
    ["ms-settings:sync", "ms-settings:network-vpn", "https://support.microsoft.com/kb/3176934"],
)
def test_settings_pages_and_known_articles_may_be_opened(uri: str) -> None:
    assert allowed_uri(uri)


@pytest.mark.parametrize(
    "uri",
    [
        "ms-settings:sync & calc.exe",
        "ms-settings:",
        "ms-settings:../x",
        "file:///C:/Windows/System32/calc.exe",
        "https://example.com/kb/3176934",
        "https://support.microsoft.com/kb/1",
        "calc.exe",
    ],
)
def test_nothing_else_is_opened(uri: str) -> None:
    assert not allowed_uri(uri)
    with pytest.raises(ValueError, match="not a page this tool opens"):
        OpenStep(purpose="x", uri=uri)


def test_the_kb_a_finding_names_is_the_default_of_install_update() -> None:
    install = spec("remedy.install-update")
    named = {record.id: record.kb for record in RECORDS if record.kb}
    assert named  # the known issues name their articles
    for finding_id, kb in named.items():
        assert install.default_params(finding_id) == {"kb": kb}, finding_id
    assert install.default_params(None) == {"kb": install.example["kb"]}
    assert install.default_params("prereq.esr-enabled") == {"kb": install.example["kb"]}
    assert KbParams.model_validate(install.default_params("ki.event-1098-token-broker"))


def test_channel_defaults_come_from_the_evidence_within_what_the_remedy_accepts() -> None:
    enable, viewer = spec("remedy.enable-debug-channel"), spec("remedy.open-event-viewer")
    operational = next(c for c in viewable_channels() if c not in debug_channels())
    debug = debug_channels()[-1]
    # A Debug remedy never gets an Operational channel, Event Viewer takes either.
    assert enable.default_params("x", [operational, debug]) == {"channel": debug}
    assert viewer.default_params("x", [operational, debug]) == {"channel": operational}
    assert enable.default_params("x", [operational]) == {"channel": enable.example["channel"]}
    assert spec("remedy.lock-to-sync").default_params("x", [debug]) == {}
    assert spec("remedy.broker-plugin-cleanup").default_params() == {}


def _string_constants(path: Path) -> list[str]:
    """String literals of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    ]


@pytest.mark.parametrize(
    "module",
    [
        "gui/controllers/fix.py",
        "gui/present_remedy.py",
        "gui/views/fix_panel.py",
        "cli/remedy.py",
        "platform/remedies/engine.py",
        "core/remedy/planning.py",
        "core/remedy/outcome.py",
        "core/remedy/render.py",
        "core/remedy/plan_view.py",
    ],
)
def test_no_module_outside_the_records_switches_on_a_remedy_id(module: str) -> None:
    ids = [s for s in _string_constants(ROOT / module) if re.search(r"remedy\.[a-z]", s)]
    assert ids == [], f"{module} names remedies {ids}; put what it knows on their records"


FACT_SETS = {
    "windows-live": {"join_type": "hybrid", "windows11": True},
    "not-windows": {"on_windows": False, "this_pc": None},
    "elevated": {"process_elevated": True, "join_type": "azure-ad"},
}


@pytest.mark.parametrize("remedy_id", list(CATALOG))
@pytest.mark.parametrize("fact_set", list(FACT_SETS))
def test_text_and_html_say_the_same_things(remedy_id: str, fact_set: str) -> None:
    remedy = spec(remedy_id)
    plan = plan_remedy(remedy_id, remedy.default_params(), facts(**FACT_SETS[fact_set]))
    text = render_plan(plan)
    shown = html.unescape(re.sub(r"<[^>]+>", "", plan_html(plan)))
    for section in plan_sections(plan):
        if section.layout != "where":  # the GUI shows where in its confirmation dialog
            assert section.title in text and section.title in shown
        for item in section.items:
            for line in (item.line, *item.details):
                words = text_of(line).strip()
                assert words in text, words
                if section.layout != "where":
                    assert words in shown, words


def _imports_of(path: Path) -> set[str]:
    """The esr_gui.core.remedy modules a module imports, anywhere in it (lazy imports too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        prefix = "esr_gui.core.remedy."
        found |= {n.removeprefix(prefix).split(".")[0] for n in names if n.startswith(prefix)}
    return found


def test_the_remedy_modules_import_each_other_without_a_circle() -> None:
    folder = ROOT / "core" / "remedy"
    graph = {
        p.stem: _imports_of(p) & {q.stem for q in folder.glob("*.py")} for p in folder.glob("*.py")
    }
    graph.pop("__init__")
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, "import circle: " + " → ".join((*path, module))
        if module not in done:
            for imported in sorted(graph[module] - {"__init__"}):
                visit(imported, (*path, module))
            done.add(module)

    for module in sorted(graph):
        visit(module, ())
