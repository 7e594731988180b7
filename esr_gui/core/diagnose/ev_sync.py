"""Sync-log failures neither DSRegTool nor CMTrace Open reads: one finding per cause family.

Beyond the 2017 guide. SettingSync, SettingSync-Azure and CloudStore events are sorted into
families by `ev_scan` (codes through the one code table, HTTP statuses of storage requests,
event ids that name a cause); each family is one finding whose evidence is the deciding
events, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from esr_gui.core.diagnose.base import Verdict, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.ev_scan import (
    Family,
    family_hits,
    hit_evidence,
    last_time,
    read_summary,
    sync_view,
)
from esr_gui.core.diagnose.eventscan import missing_channels
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.models.findings import Finding, Status

_NONE = Verdict(
    "not-applicable",
    "No {what} in the sync logs",
    "The sync logs read ({read}) show no {what}.",
)
_UNREAD = Verdict(
    "unknown",
    "Sync logs not captured",
    "None of the SettingSync, SettingSync-Azure or CloudStore logs is in this capture, so "
    "{what} cannot be seen.",
)


@dataclass(frozen=True)
class FamilyCheck:
    """What one family finding says when its events are found."""

    rule_id: str
    family: Family
    what: str
    status: Status
    title: str
    text: str
    remedies: tuple[str, ...] = ()


def check_family(ctx: DiagContext, spec: FamilyCheck) -> Finding:
    """The family's finding: its events found, none in the logs read, or no log read."""
    hits = family_hits(ctx.snap, spec.family)
    if hits:
        verdict = Verdict(spec.status, spec.title, spec.text)
        evidence = hit_evidence(hits)
        last = last_time(hits)
        return say(spec.rule_id, verdict, evidence, spec.remedies, count=len(hits), last=last)
    view = sync_view(ctx.snap)
    if view.any_read:
        return say(spec.rule_id, _NONE, what=spec.what, read=read_summary(ctx.snap, view))
    return say(spec.rule_id, _UNREAD, missing=missing_channels(view), what=spec.what)


THROTTLED = FamilyCheck(
    "ev.sync-throttled",
    "throttled",
    "throttling by the sync service",
    "warn",
    "The sync service is throttling this device",
    "The sync service answered {count} time(s) that it is busy or that the device asks too "
    "often (HTTP 429 or 503, or SettingSync 5517), last at {last}. It lets the device sync "
    "again by itself after a while: wait an hour, then lock and unlock to start a sync. If "
    "it keeps coming back for days, something changes too often to sync.",
)
AUTH = FamilyCheck(
    "ev.sync-auth",
    "auth",
    "sign-in failure to the sync service",
    "fail",
    "Sync could not sign in to the settings service",
    "Sync failed {count} time(s) to get or use a token for the settings service (HTTP 401, "
    "a SettingSync-Azure token failure, or no connected user account), last at {last}. "
    "Windows gets a fresh token at the next sign-in: sign out and sign in with the work "
    "account (not a PIN-less password sign-in if MFA is required). If AzureAdPrt is NO, "
    "fix the PRT first: sync cannot get a token without it.",
    ("remedy.sign-out-in",),
)
QUOTA = FamilyCheck(
    "ev.sync-quota",
    "quota",
    "size or quota refusal",
    "warn",
    "The sync service refused data as too large",
    "Sync was refused {count} time(s) because a collection or request was too large (HTTP "
    "413, a quota error, or SettingSync 5516), last at {last}. Only that collection stops "
    "roaming: the event names it; make it smaller (for example, a very large favorites list "
    "or a big custom wallpaper) or turn that group off under Sync your settings.",
    ("remedy.open-sync-settings",),
)
REFUSED = FamilyCheck(
    "ev.sync-service-refused",
    "refused",
    "refusal by the sync service",
    "fail",
    "The sync service refused this user (HTTP 403)",
    "The settings service answered 403 (forbidden) {count} time(s), last at {last}: it "
    "knows the user and refuses to roam their settings. An administrator checks in the "
    "Entra admin center that Enterprise State Roaming lets this user sync (Devices > "
    "Enterprise State Roaming: All, or a group the user is in) and that the user holds an "
    "Entra ID P1 or P2 licence; then the user signs out and in.",
)


def check_throttled(ctx: DiagContext) -> Finding:
    """ev.sync-throttled: HTTP 429/503 or SettingSync 5517 in the sync logs warn."""
    return check_family(ctx, THROTTLED)


def check_auth(ctx: DiagContext) -> Finding:
    """ev.sync-auth: HTTP 401, SettingSync-Azure 5002/6007 failures, 6561 fail."""
    return check_family(ctx, AUTH)


def check_quota(ctx: DiagContext) -> Finding:
    """ev.sync-quota: HTTP 413, quota codes or SettingSync 5516 warn."""
    return check_family(ctx, QUOTA)


def check_refused(ctx: DiagContext) -> Finding:
    """ev.sync-service-refused: HTTP 403 from the sync storage fail."""
    return check_family(ctx, REFUSED)


_LOGS = "SettingSync, SettingSync-Azure or CloudStore"
_ABSENT = "no such event in the sync logs read: `not-applicable`; no sync log: `unknown`"

SYNC_THROTTLED_RECORD = FindingRecord(
    id="ev.sync-throttled",
    area="verify-sync",
    name="Sync log: throttled",
    guide="Beyond the guide: the sync service's busy / too-many-requests answers in the sync logs",
    meaning="The settings service told the device to slow down (HTTP 429 / 503).",
    why="Throttled requests are dropped; settings roam late or not at all until it eases.",
    todo="Wait about an hour, then lock and unlock to start a sync and check the log again.",
    check=check_throttled,
    docs=(
        f"a {_LOGS} event carries HTTP 429 or 503 (status code, 0x801901AD, 0x801901F7) or is "
        f"SettingSync/Operational 5517: `warn`; {_ABSENT}"
    ),
    action="Wait about an hour, then lock and unlock (Windows+L) to start a new sync.",
    ranks=(Rank(253, ("warn",), "a transient service answer: it eases by itself"),),
)

SYNC_AUTH_RECORD = FindingRecord(
    id="ev.sync-auth",
    area="verify-sync",
    name="Sync log: sign-in to the sync service failed",
    guide="Beyond the guide: token failures for the settings service in the sync logs",
    meaning="Sync could not get or use a token for the settings service.",
    why="Without a token nothing roams, even when the device looks registered.",
    todo=(
        "Sign out and in with the work account; if AzureAdPrt is NO, fix the PRT first (its "
        "finding names the cause)."
    ),
    check=check_auth,
    docs=(
        f"a {_LOGS} event carries HTTP 401 (0x80190191), or is a failed "
        f"SettingSync-Azure 5002 / 6007 or SettingSync/Debug 6561: `fail`; {_ABSENT}"
    ),
    action="Sign out and sign in again with the work account so sync gets a fresh token.",
    ranks=(
        Rank(
            153,
            ("fail",),
            "a token failure logged by sync itself; PRT and registration causes rank above it",
        ),
    ),
)

SYNC_QUOTA_RECORD = FindingRecord(
    id="ev.sync-quota",
    area="verify-sync",
    name="Sync log: too large",
    guide="Beyond the guide: size and quota refusals in the sync logs",
    meaning="The settings service refused a collection as too large.",
    why="That collection stops roaming; the others are not affected.",
    todo="Find the collection the event names and make it smaller, or stop syncing that group.",
    check=check_quota,
    docs=(
        f"a {_LOGS} event carries HTTP 413 (0x8019019D) or a quota code (0x8007050F), or is "
        f"SettingSync/Operational 5516: `warn`; {_ABSENT}"
    ),
    action="Make the collection the event names smaller, or switch that group off.",
    ranks=(Rank(263, ("warn",), "one collection only: the rest roams"),),
)

SYNC_SERVICE_REFUSED_RECORD = FindingRecord(
    id="ev.sync-service-refused",
    area="verify-sync",
    name="Sync log: refused by the service",
    guide="Beyond the guide: the settings service refusing the user (HTTP 403) in the sync logs",
    meaning="The settings service refused to roam this user's settings (forbidden).",
    why="Roaming is switched off for the user on the service side (scope or licence).",
    todo=(
        "In the Entra admin center check Devices > Enterprise State Roaming (All, or a group "
        "holding the user) and the user's Entra ID P1/P2 licence; then sign out and in."
    ),
    check=check_refused,
    docs=f"a {_LOGS} event carries HTTP 403 (0x80190193): `fail`; {_ABSENT}",
    action=(
        "Have an administrator allow the user under Entra > Devices > Enterprise State Roaming "
        "and check their P1 licence."
    ),
    ranks=(Rank(137, ("fail",), "the service itself refuses the user: no device step helps"),),
)
