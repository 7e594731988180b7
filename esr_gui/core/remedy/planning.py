"""Planning: a validated request plus the platform's facts → the Plan to preview. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import PureWindowsPath

from esr_gui.core.remedy.binding import PlanTarget, ThisPc, binding_refusal
from esr_gui.core.remedy.builders import lock, open_page
from esr_gui.core.remedy.catalog import spec
from esr_gui.core.remedy.cleanup_plan import plan_cleanup
from esr_gui.core.remedy.params import RemedyParams, validate_params
from esr_gui.core.remedy.plan_base import base_plan
from esr_gui.core.remedy.plans import Plan, PlanFacts
from esr_gui.core.remedy.remedy_spec import Builder, RemedySpec
from esr_gui.core.remedy.remedy_types import RemedyKind
from esr_gui.core.remedy.steps import OpenStep

ELEVATED_OPEN = (
    "This tool is running as administrator, and pages are opened in the user's own session, "
    "never elevated: run this from ESR Troubleshooter started normally."
)
# How a remedy whose record names no builder is planned; "guidance" runs nothing.
BY_KIND: dict[RemedyKind, Builder] = {"open": open_page, "lock": lock, "cleanup": plan_cleanup}


def plan_remedy(
    remedy_id: str,
    params: Mapping[str, object],
    facts: PlanFacts,
    now: datetime | None = None,
) -> Plan:
    """The plan of an allow-listed remedy; RemedyRefusedError for an unknown id or bad params.

    A remedy that does not apply here still gets a plan, with `refusal` saying why.
    """
    return plan_spec(spec(remedy_id), params, facts, now)


def plan_spec(
    remedy: RemedySpec,
    params: Mapping[str, object],
    facts: PlanFacts,
    now: datetime | None = None,
) -> Plan:
    """The plan of one remedy record: its builder, else the one of its kind. plan_remedy
    looks the record up in the allow-list first; this is where every plan is made."""
    checked = validate_params(remedy.id, remedy.params, params)
    build = remedy.build or BY_KIND.get(remedy.kind, _nothing)
    plan = build(remedy, checked, facts)
    opens_page = any(isinstance(step, OpenStep) for step in plan.steps)
    if plan.refusal is None and opens_page and facts.process_elevated:
        plan = plan.model_copy(update={"refusal": ELEVATED_OPEN})
    plan = _bind(remedy, plan, facts)
    return plan.stamped(now or datetime.now().astimezone())


def _bind(remedy: RemedySpec, plan: Plan, facts: PlanFacts) -> Plan:
    """Record what was viewed and what a run changes; a remedy that changes the device is
    refused unless the data it was planned from is a live capture of this PC (this run)."""
    here = facts.this_pc or ThisPc(problem="this PC was not identified when planning")
    update: dict[str, object] = {
        "source": facts.source,
        "target": target_of(facts, here),
        "changes_device": remedy.changes_device,
    }
    why = binding_refusal(facts.source, here) if remedy.changes_device else None
    if why is not None:  # the first reason; the remedy's own refusal stays as a note
        update.update(rebind=True, refusal=why)
        if plan.refusal is not None:
            update["notes"] = (*plan.notes, plan.refusal)
    return plan.model_copy(update=update)


def target_of(facts: PlanFacts, here: ThisPc) -> PlanTarget:
    """The computer, user and profile a run changes: the profile's owner for a cleanup of
    another profile, else the account running this app."""
    profile = facts.profile
    user = here.user
    if profile is not None and not profile.own:
        user = f"the owner of profile {PureWindowsPath(profile.path).name or profile.path}"
        user += f" ({profile.sid})" if profile.sid else ""
    return PlanTarget(computer=here.computer, user=user, profile=profile.path if profile else None)


def _nothing(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    """A remedy that runs nothing: its steps are for the technician."""
    if remedy.kind != "guidance":
        raise ValueError(f"{remedy.id} is a {remedy.kind} remedy but its record names no builder")
    return base_plan(remedy, params, facts)
