"""Device status, the checklist and the known-issues view never contradict each other (issue 14,
item 6), on every demo bundle and every scenario of `tests/unit/scenario_catalog.py`.

The table `FACTS` says, for each fact the views share, which finding owns it (its verdict is
the fact's verdict), which Device status rows show the fact, which other findings judge the
same fact, and which findings are skipped because of it. Adding a fact is adding a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex

from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.models.findings import Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.snapshot_builder import load_snapshot
from esr_gui.gui.device_facts import FieldRow
from esr_gui.gui.models.checklist_model import FINDING_ID_ROLE, STATUS_ROLE, ChecklistModel
from esr_gui.gui.models.known_issues_model import KNOWN_ISSUES, KnownIssuesModel
from esr_gui.gui.pane_fill import device_rows
from esr_gui.resources import demo_dir, demo_names
from tests.unit.scenario_catalog import SCENARIOS

APPLIES = frozenset({"fail", "warn"})
JUDGED_NOT = frozenset({"", "info"})
URL_ROWS = ("SettingsUrl", "AzureAdSettingsUrl", "WorkplaceSettingsUrl", "UserSettingSyncUrl")


@dataclass(frozen=True)
class Fact:
    """A fact several views show: its owning finding and where else it appears."""

    name: str
    owner: str
    device: tuple[str, ...] = ()  # Device status rows (with their child rows) showing it
    same: tuple[str, ...] = ()  # other findings judging the same fact
    gated: tuple[str, ...] = ()  # findings that skip their check because of this fact


FACTS: tuple[Fact, ...] = (
    Fact("Windows build", "prereq.os-build", device=("Build",)),
    Fact(
        "join state",
        "prereq.device-joined",
        device=("AzureAdJoined",),
        gated=(
            "prereq.esr-enabled",
            "reg.settings-url-empty",
            "sync.settings-page-disabled",
            "ki.domain-offsite",
            "ki.mixed-case-upn",
        ),
    ),
    Fact(
        "registration (WAM)",
        "reg.status",
        device=("AzureAdJoined", "WamDefaultSet", "WamDefaultGUID"),
    ),
    # sync.settings-page-disabled judges the PRT on hybrid devices only (not-applicable on an
    # Azure AD joined one), so it is not "same": test_prt_findings_agree checks it.
    Fact("primary refresh token", "prt.status", device=("AzureAdPrt",)),
    Fact(
        "settings URL",
        "prereq.esr-enabled",
        device=URL_ROWS,
        same=("reg.settings-url-empty", "prereq.restart-after-enable"),
    ),
    Fact(
        "sync policy",
        "sync.policy-allows",
        device=("DisableSettingSync (GPO)", "AllowSyncMySettings (MDM)"),
    ),
    Fact("user's sync switches", "sync.user-toggles", device=("Sync groups (user)",)),
    Fact(
        "sign-in method (smart card)",
        "ki.smart-card-sign-in",
        device=("LastLoggedOnProvider",),
        same=("mfa.password-sign-in",),
    ),
    Fact("domain-joined (date and time)", "ki.domain-date-time"),
    Fact("domain controller reachable", "ki.domain-offsite"),
    Fact("UPN case", "ki.mixed-case-upn", device=("LastLoggedOnUser",)),
    Fact("WIP policy", "ki.wip-no-sync", device=("Windows Information Protection policy",)),
)


@dataclass
class Views:
    """What each view shows for one bundle: finding statuses, Device status rows."""

    findings: dict[str, Finding]
    checklist: dict[str, str]  # finding id → status shown (only the rows it lists)
    known: dict[str, str]  # ki.* id → status shown in the known-issues view
    known_words: dict[str, str]  # ki.* id → the "Applies?" word
    device: list[FieldRow]


def _checklist(findings: list[Finding]) -> dict[str, str]:
    model = ChecklistModel()
    model.set_findings(findings, set())
    shown: dict[str, str] = {}
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for r in range(model.rowCount(group)):
            index = model.index(r, 0, group)
            shown[model.data(index, FINDING_ID_ROLE)] = model.data(index, STATUS_ROLE)
    return shown


def views_of(snapshot: Snapshot) -> Views:
    """Diagnose the snapshot and fill the three views the way the main window does."""
    findings = run_diagnosis(snapshot).findings
    known = KnownIssuesModel()
    known.set_findings(findings)
    ids = [issue.id for issue in KNOWN_ISSUES]
    words = {i: known.data(known.index(row, 1, QModelIndex())) for row, i in enumerate(ids)}
    return Views(
        findings={f.id: f for f in findings},
        checklist=_checklist(findings),
        known={i: known.status_of(row) for row, i in enumerate(ids)},
        known_words=words,
        device=device_rows(snapshot, findings),
    )


def _walk(rows: list[FieldRow]) -> Iterator[FieldRow]:
    for row in rows:
        yield row
        yield from _walk(row.children)


def device_verdicts(views: Views, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(row, verdict) of the named Device status rows and their children that judge them
    (an "info" mark only explains the field)."""
    found = [r for r in _walk(views.device) if r.name in names]
    return [
        (r.name, r.verdict) for top in found for r in _walk([top]) if r.verdict not in JUDGED_NOT
    ]


def device_problem(owner: str, verdicts: list[tuple[str, str]]) -> str:
    """Why the Device status rows contradict the owner's status ("" when they do not)."""
    shown = {v for _, v in verdicts}
    if owner == "pass" and shown & {"fail", "warn", "unknown"}:
        return "the checklist passes it, Device status flags it"
    if owner in APPLIES and shown and not shown & APPLIES:
        return "the checklist flags it, Device status shows no problem"
    if owner == "unknown" and shown & APPLIES:
        return "the checklist cannot tell, Device status flags it"
    return ""


def same_problem(owner: str, other: str) -> str:
    """Why a finding judging the same fact contradicts the owner ("" when it does not)."""
    if owner in APPLIES and other in ("pass", "not-applicable"):
        return "the owner applies, this says it passes or does not apply"
    if owner == "pass" and other in ("fail", "warn", "unknown"):
        return "the owner passes, this flags it"
    if owner == "unknown" and other in ("pass", "fail"):
        return "the owner cannot tell, this decides"
    return ""


def _keys(finding: Finding) -> set[tuple[str, str]]:
    return {(e.field, e.value) for e in finding.evidence}


def gated_problem(owner: Finding, gated: Finding) -> str:
    """A check skipped on the owner's evidence alone must name the owner's verdict."""
    evidence = _keys(gated)
    if gated.status != "not-applicable" or not evidence or not evidence <= _keys(owner):
        return ""
    text = f"{gated.title} {gated.explanation}".lower()
    if owner.title.lower() in text:
        return ""
    return f"skipped on {owner.id}'s evidence but does not say {owner.title!r}"


def shown_problems(views: Views, finding_id: str) -> list[str]:
    """Each view shows a finding with its own status, and the words match the status."""
    status = views.findings[finding_id].status
    problems = []
    if views.checklist.get(finding_id, status) != status:
        problems.append(f"checklist shows {views.checklist[finding_id]}, finding is {status}")
    if views.known.get(finding_id, status) != status:
        problems.append(f"known-issues view shows {views.known[finding_id]}, finding is {status}")
    word = views.known_words.get(finding_id)
    if word is not None and status in APPLIES and not word.startswith("Applies"):
        problems.append(f"the checklist lists it under issues that apply, the view says {word!r}")
    return problems


def contradictions(views: Views) -> list[str]:
    """Every contradiction between the views, fact by fact, in words."""
    out: list[str] = []
    for fact in FACTS:
        owner = views.findings[fact.owner]
        where = f"{fact.name} ({owner.id} {owner.status})"
        out += [f"{where}: {p}" for i in (fact.owner, *fact.same) for p in shown_problems(views, i)]
        verdicts = device_verdicts(views, fact.device)
        if problem := device_problem(owner.status, verdicts):
            out.append(f"{where}: {problem}: {verdicts}")
        for other in fact.same:
            if problem := same_problem(owner.status, views.findings[other].status):
                out.append(f"{where}: {other} {views.findings[other].status}: {problem}")
        for other in fact.gated:
            if problem := gated_problem(owner, views.findings[other]):
                out.append(f"{where}: {other}: {problem}")
    for finding_id in views.known:  # every known issue, whichever fact it rests on
        out += [f"{finding_id}: {p}" for p in shown_problems(views, finding_id)]
    return sorted(set(out), key=out.index)


BUNDLES = [f"demo:{name}" for name in demo_names()] + [f"scenario:{name}" for name in SCENARIOS]


def load(bundle: str, tmp_path: Path) -> Snapshot:
    """The snapshot of a demo or of a scenario written to `tmp_path`."""
    kind, name = bundle.split(":", 1)
    if kind == "demo":
        return load_snapshot(demo_dir() / name, kind="demo", name=name)
    return load_snapshot(SCENARIOS[name]().write(tmp_path / name))


def test_the_table_names_real_findings(qapp: object, tmp_path: Path) -> None:
    views = views_of(load("scenario:aadj-healthy", tmp_path))
    for fact in FACTS:
        for finding_id in (fact.owner, *fact.same, *fact.gated):
            assert finding_id in views.findings, (fact.name, finding_id)


@pytest.mark.parametrize("bundle", BUNDLES)
def test_views_agree_on_every_shared_fact(qapp: object, bundle: str, tmp_path: Path) -> None:
    assert contradictions(views_of(load(bundle, tmp_path))) == []


def test_the_examples_of_the_issue(qapp: object, tmp_path: Path) -> None:
    """The four contradictions issue 14 found, each on the demo that showed it."""
    old = views_of(load("demo:1607-sideload-6013", tmp_path))
    assert device_verdicts(old, ("Build",)) == [("Build", "warn")]  # was "Pass — ≥ 10586"
    domain = views_of(load("demo:hybrid-not-registered", tmp_path))
    for finding_id in ("prereq.esr-enabled", "reg.settings-url-empty"):
        title = domain.findings[finding_id].title
        assert "not joined" not in title and "domain-joined" in title
    smart = views_of(load("demo:smart-card-sign-in", tmp_path))
    assert smart.checklist["ki.smart-card-sign-in"] == "warn"
    assert smart.checklist["mfa.password-sign-in"] != "not-applicable"


def test_prt_findings_agree(qapp: object, tmp_path: Path) -> None:
    """Issue 17: AzureAdPrt NO on an Azure AD joined device is a finding, not only a red row;
    on a hybrid device the PRT finding and the settings-page finding say the same."""
    aadj = views_of(load("scenario:aadj-no-prt", tmp_path))
    assert device_verdicts(aadj, ("AzureAdPrt",)) == [("AzureAdPrt", "fail")]
    assert aadj.checklist["prt.status"] == "fail"
    hybrid = views_of(load("scenario:hybrid-no-prt", tmp_path))
    assert hybrid.findings["prt.status"].status == "fail"
    assert hybrid.findings["sync.settings-page-disabled"].status == "fail"
    healthy = views_of(load("scenario:hybrid-healthy", tmp_path))
    for finding_id in ("prt.status", "sync.settings-page-disabled"):
        assert healthy.findings[finding_id].status == "pass"
