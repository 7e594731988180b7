"""Plan builders of the remedies whose plan needs more than their kind (`RemedySpec.build`).

Each takes the remedy's record, its checked parameters and the platform's facts, and returns
the plan. Pure. A remedy whose record names no builder is planned by its kind
(`planning.plan_spec`): an "open" remedy opens its `uri`, a "lock" remedy locks.

The catalogue refers to these functions, and a diagnosis loads the catalogue: so the plan
and step models are imported inside the builders, when a plan is made, never with the
catalogue (issue 19: `esr-diag check` does not load them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from esr_gui.core.remedy.params import (
    KB_ARTICLES,
    DebugChannelParams,
    KbParams,
    RemedyParams,
    ViewerChannelParams,
)
from esr_gui.core.remedy.plan_base import as_params, base_plan

if TYPE_CHECKING:
    from esr_gui.core.remedy.plans import Plan, PlanFacts
    from esr_gui.core.remedy.remedy_spec import RemedySpec

RESTART_SECONDS = 120
AUTOMATIC_DEVICE_JOIN = "\\Microsoft\\Windows\\Workplace Join\\Automatic-Device-Join"
RESTART_MESSAGE = (
    "ESR Troubleshooter: this PC restarts in 2 minutes so that settings sync can start. "
    "Save your work now."
)
CHANNELS_KEY = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WINEVT\\Channels"
JOIN_KEY = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\CloudDomainJoin"
JOIN_WORDS = {
    "azure-ad": "Azure AD joined",
    "domain": "domain-joined only",
    "registered": "only registered (work or school account added)",
    "none": "not joined",
}


def open_page(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    """An "open" remedy: open the page its record names (`uri`)."""
    from esr_gui.core.remedy.steps import OpenStep  # noqa: PLC0415

    if not remedy.uri:
        raise ValueError(f"{remedy.id} opens a page but its record names no uri")
    step = OpenStep(purpose=remedy.run_does, uri=remedy.uri)
    return base_plan(remedy, params, facts, steps=(step,))


def lock(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    """A "lock" remedy: lock this session."""
    from esr_gui.core.remedy.steps import LockStep  # noqa: PLC0415

    return base_plan(remedy, params, facts, steps=(LockStep(purpose=remedy.run_does),))


def restart(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    """Schedule a restart with a countdown the user can read."""
    from esr_gui.core.remedy.steps import CommandStep, system32  # noqa: PLC0415

    step = CommandStep(
        purpose=remedy.run_does,
        program=system32("shutdown.exe"),
        args=("/r", "/t", str(RESTART_SECONDS), "/c", RESTART_MESSAGE),
    )
    return base_plan(remedy, params, facts, steps=(step,))


def device_join_task(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    """Start the Automatic-Device-Join task (useful on a domain-joined device only)."""
    from esr_gui.core.remedy.steps import CommandStep, system32  # noqa: PLC0415

    step = CommandStep(
        purpose="Start the Automatic-Device-Join task.",
        program=system32("schtasks.exe"),
        args=("/run", "/tn", AUTOMATIC_DEVICE_JOIN),
        elevation="if-denied",
    )
    notes: tuple[str, ...] = ()
    if facts.join_type not in (None, "unknown", "hybrid", "domain"):
        notes = (
            f"This device is {_join_words(facts)}; the task registers domain-joined devices "
            "and does nothing useful here.",
        )
    return base_plan(remedy, params, facts, steps=(step,), notes=notes)


def dsregcmd_leave(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    """dsregcmd /leave, refused unless the capture shows a hybrid device."""
    from esr_gui.core.remedy.plans import RegistryRef  # noqa: PLC0415
    from esr_gui.core.remedy.steps import CommandStep, system32  # noqa: PLC0415

    step = CommandStep(
        purpose="Remove this device's Azure AD registration.",
        program=system32("dsregcmd.exe"),
        args=("/leave",),
        elevation="required",
    )
    registry = (RegistryRef(key=JOIN_KEY, access="changed", note="Windows removes the join data"),)
    return base_plan(
        remedy, params, facts, steps=(step,), registry=registry, refusal=_leave_refusal(facts)
    )


def _join_words(facts: PlanFacts) -> str:
    join = facts.join_type or "unknown"
    return JOIN_WORDS.get(join, join)


def _leave_refusal(facts: PlanFacts) -> str | None:
    source = f" (from {facts.join_type_source})" if facts.join_type_source else ""
    if facts.join_type is None:
        return (
            "dsregcmd /leave is only offered for hybrid devices, and no capture was given to "
            "tell the join type; open a capture (--bundle PATH) or capture this device first."
        )
    if facts.join_type == "unknown":
        return (
            f"The join type could not be read from the capture{source}, and dsregcmd /leave is "
            "only offered when the device is known to be hybrid (domain-joined and in Azure AD)."
        )
    if facts.join_type != "hybrid":
        return (
            f"This device is {_join_words(facts)}{source}, not hybrid; dsregcmd /leave is only "
            "offered for domain-joined devices registered in Azure AD. For an Azure AD joined "
            "device use remedy.rejoin-azure-ad."
        )
    return None


def switch_channel(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    """Switch a Debug log on or off, as the record's `channel_state` says."""
    from esr_gui.core.remedy.plans import RegistryRef  # noqa: PLC0415
    from esr_gui.core.remedy.steps import CommandStep, system32  # noqa: PLC0415

    chosen = as_params(params, DebugChannelParams)
    enable = remedy.channel_state == "switched-on"
    step = CommandStep(
        purpose=f"Switch {chosen.channel} {'on' if enable else 'off'}.",
        program=system32("wevtutil.exe"),
        args=("sl", chosen.channel, f"/e:{str(enable).lower()}", "/q:true"),
        elevation="required",
    )
    ours = chosen.channel in facts.enabled_channels
    notes: tuple[str, ...] = ()
    if enable and ours:
        notes = ("This tool switched this log on before and has not switched it off since.",)
    if not enable and not ours:
        notes = ("This tool has no record of switching this log on; it may have been on before.",)
    key = f"{CHANNELS_KEY}\\{chosen.channel}"
    registry = (RegistryRef(key=key, access="changed", note="value Enabled"),)
    return base_plan(remedy, params, facts, steps=(step,), registry=registry, notes=notes)


def event_viewer(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    """Start Event Viewer at the chosen log."""
    from esr_gui.core.remedy.steps import LaunchStep, system32  # noqa: PLC0415

    chosen = as_params(params, ViewerChannelParams)
    step = LaunchStep(
        purpose=f"Open Event Viewer at {chosen.channel}.",
        program=system32("mmc.exe"),
        args=("eventvwr.msc", f"/c:{chosen.channel}"),
    )
    return base_plan(remedy, params, facts, steps=(step,))


def install_update(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    """Open the support article of the chosen KB; the plan targets that KB's findings."""
    from esr_gui.core.remedy.steps import OpenStep, kb_url  # noqa: PLC0415

    chosen = as_params(params, KbParams)
    what, targets = KB_ARTICLES[chosen.kb]
    step = OpenStep(purpose=f"Open {chosen.kb}: {what}.", uri=kb_url(chosen.kb))
    title = f"Open {chosen.kb} ({what})"
    return base_plan(remedy, params, facts, steps=(step,), targets=targets, title=title)


def sync_settings(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    """Open Sync your settings; on Windows 11 say that the page is Windows backup."""
    plan = open_page(remedy, params, facts)
    if facts.windows11:
        note = "This device runs Windows 11: the page that opens is Windows backup."
        return plan.model_copy(update={"notes": (*plan.notes, note)})
    return plan
