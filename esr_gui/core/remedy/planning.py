"""Planning: a validated request plus the platform's facts → the Plan to preview. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import PureWindowsPath

from esr_gui.core.remedy.binding import PlanTarget, ThisPc, binding_refusal
from esr_gui.core.remedy.catalog import RemedySpec, spec
from esr_gui.core.remedy.catalog_data import AUTOMATIC_DEVICE_JOIN, RESTART_SECONDS
from esr_gui.core.remedy.cleanup_plan import plan_cleanup
from esr_gui.core.remedy.params import (
    DebugChannelParams,
    KbParams,
    RemedyParams,
    ViewerChannelParams,
    validate_params,
)
from esr_gui.core.remedy.plan_base import as_params, base_plan
from esr_gui.core.remedy.plans import Plan, PlanFacts, RegistryRef
from esr_gui.core.remedy.steps import CommandStep, LaunchStep, LockStep, OpenStep, kb_url, system32

RESTART_MESSAGE = (
    "ESR Troubleshooter: this PC restarts in 2 minutes so that settings sync can start. "
    "Save your work now."
)
OPEN_URIS: dict[str, str] = {
    "remedy.open-sync-settings": "ms-settings:sync",
    "remedy.rejoin-azure-ad": "ms-settings:workplace",
    "remedy.join-azure-ad": "ms-settings:workplace",
    "remedy.update-credentials": "ms-settings:signinoptions",
    "remedy.connect-corp-network": "ms-settings:network-vpn",
}
KB_TARGETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "KB3176934": ("the August 2016 update for 1607 (build 14393.82)", ("ki.mdm-sideload-1607",)),
    "KB3172985": ("the July 2016 update for 1511 (build 10586.494)", ("ki.ie-favorites-1511",)),
    "KB3140743": ("the update for 1511 that stops UAC prompts", ("ki.uac-password-sync-1511",)),
    "KB3193791": ("the Azure RMS steps", ("ki.event-6065-account-disabled",)),
    "KB3196528": ("the token broker permission steps", ("ki.event-1098-token-broker",)),
    "KB3193683": (
        "the article on sync and multi-factor authentication",
        ("mfa.password-sign-in", "mfa.adfs-token-expired"),
    ),
}
CHANNELS_KEY = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WINEVT\\Channels"
JOIN_KEY = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\CloudDomainJoin"

JOIN_WORDS = {
    "azure-ad": "Azure AD joined",
    "domain": "domain-joined only",
    "registered": "only registered (work or school account added)",
    "none": "not joined",
}
ELEVATED_OPEN = (
    "This tool is running as administrator, and pages are opened in the user's own session, "
    "never elevated: run this from ESR Troubleshooter started normally."
)

Builder = Callable[[RemedySpec, RemedyParams, PlanFacts], Plan]


def plan_remedy(
    remedy_id: str,
    params: Mapping[str, object],
    facts: PlanFacts,
    now: datetime | None = None,
) -> Plan:
    """The plan of an allow-listed remedy; RemedyRefusedError for an unknown id or bad params.

    A remedy that does not apply here still gets a plan, with `refusal` saying why.
    """
    remedy = spec(remedy_id)
    checked = validate_params(remedy.id, remedy.params, params)
    plan = _BUILDERS.get(remedy.id, _by_kind)(remedy, checked, facts)
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


def _by_kind(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    if remedy.kind == "lock":
        return base_plan(remedy, params, facts, steps=(LockStep(purpose=remedy.run_does),))
    if remedy.kind == "open":
        uri = OPEN_URIS[remedy.id]
        return base_plan(remedy, params, facts, steps=(OpenStep(purpose=remedy.run_does, uri=uri),))
    return base_plan(remedy, params, facts)


def _restart(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    step = CommandStep(
        purpose=remedy.run_does,
        program=system32("shutdown.exe"),
        args=("/r", "/t", str(RESTART_SECONDS), "/c", RESTART_MESSAGE),
    )
    return base_plan(remedy, params, facts, steps=(step,))


def _device_join_task(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
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


def _dsregcmd_leave(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
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


def _channel(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    chosen = as_params(params, DebugChannelParams)
    enable = remedy.id == "remedy.enable-debug-channel"
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


def _event_viewer(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    chosen = as_params(params, ViewerChannelParams)
    step = LaunchStep(
        purpose=f"Open Event Viewer at {chosen.channel}.",
        program=system32("mmc.exe"),
        args=("eventvwr.msc", f"/c:{chosen.channel}"),
    )
    return base_plan(remedy, params, facts, steps=(step,))


def _install_update(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    chosen = as_params(params, KbParams)
    what, targets = KB_TARGETS[chosen.kb]
    step = OpenStep(purpose=f"Open {chosen.kb}: {what}.", uri=kb_url(chosen.kb))
    title = f"Open {chosen.kb} ({what})"
    return base_plan(remedy, params, facts, steps=(step,), targets=targets, title=title)


def _sync_settings(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    plan = _by_kind(remedy, params, facts)
    if facts.windows11:
        note = "This device runs Windows 11: the page that opens is Windows backup."
        return plan.model_copy(update={"notes": (*plan.notes, note)})
    return plan


_BUILDERS: dict[str, Builder] = {
    "remedy.restart-and-sign-in": _restart,
    "remedy.run-device-join-task": _device_join_task,
    "remedy.dsregcmd-leave": _dsregcmd_leave,
    "remedy.broker-plugin-cleanup": plan_cleanup,
    "remedy.enable-debug-channel": _channel,
    "remedy.disable-debug-channel": _channel,
    "remedy.open-event-viewer": _event_viewer,
    "remedy.install-update": _install_update,
    "remedy.open-sync-settings": _sync_settings,
}
