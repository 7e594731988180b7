"""Known issues named by an event: 6065 / 80070533 (KB3193791), 1098 / 0xCAA5001C (KB3196528)."""

from __future__ import annotations

from dataclasses import dataclass

from esr_gui.core.diagnose.base import Verdict, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.eventscan import (
    ChannelsView,
    channels_view,
    find_events,
    missing_channels,
    newest,
)
from esr_gui.core.diagnose.evidence import from_event
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.knowledge.error_codes import describe_code
from esr_gui.core.knowledge.events import (
    AAD_OPERATIONAL,
    SETTINGSYNC_DEBUG,
    SETTINGSYNC_OPERATIONAL,
)
from esr_gui.core.models.findings import Evidence, Finding

ACCOUNT_DISABLED = "0x80070533"
TOKEN_BROKER_FAILED = "0xCAA5001C"
NO_LOGON_SESSION = "0xC000005F"

CHANNEL_STATE = {
    "clean": Verdict(
        "not-applicable",
        "No event {event_id} with {code} in the {short} log",
        "The {channel} log was read ({count} events) and holds no event {event_id} with {code}, "
        "so this known issue does not apply.",
    ),
    "absent": Verdict(
        "not-applicable",
        "The {short} log does not exist on this build",
        "The {channel} log is not present on this Windows build, so event {event_id} cannot "
        "occur there.",
    ),
    "unread": Verdict(
        "unknown",
        "The {short} log was not captured",
        "Event {event_id} with {code} would show in the {channel} log, which is not in this "
        "capture.",
    ),
}

EVENT_6065 = Verdict(
    "fail",
    "Event 6065 with 80070533: the account cannot sign in to sync",
    "SettingSync logged event 6065 with 80070533 (this account is currently disabled) "
    "{count} time(s), last on {last}. Either the user's credentials expired, in which case "
    "the user updates the password and signs in with it, or the tenant never got Azure "
    "Rights Management provisioned: follow KB3193791.",
)
EVENT_1098 = Verdict(
    "fail",
    "Event 1098 with 0xCAA5001C: the token broker failed",
    "The AAD Operational log shows event 1098 with 0xCAA5001C (token broker operation "
    "failed) {count} time(s), last on {last}{with_1104}. Microsoft ties this to missing "
    "permissions or ownership attributes and documents the repair in KB3196528.{inner}",
)


@dataclass(frozen=True)
class EventCheck:
    """The event a known issue looks for: where, which id, which code."""

    rule_id: str
    channel: str
    event_id: int
    code: str


def _channel_verdict(check: EventCheck, view: ChannelsView, count: int) -> Finding:
    channel = check.channel
    short = channel.removeprefix("Microsoft-Windows-")
    key = "clean" if view.any_read else ("absent" if view.all_absent else "unread")
    remedies = ["remedy.enable-debug-channel"] if key == "unread" and "/Debug" in channel else []
    missing = missing_channels(view) if key == "unread" else []
    return say(
        check.rule_id,
        CHANNEL_STATE[key],
        [],
        remedies,
        missing,
        channel=channel,
        short=short,
        event_id=check.event_id,
        code=check.code,
        count=count,
    )


def _last(events_time: list[Evidence]) -> str:
    times = [e.time for e in events_time if e.time is not None]
    return max(times).isoformat(timespec="seconds") if times else "an unknown date"


def check_event_6065(ctx: DiagContext) -> Finding:
    """ki.event-6065-account-disabled: SettingSync 6065 with 0x80070533 fail (KB3193791)."""
    rid = "ki.event-6065-account-disabled"
    channels = (SETTINGSYNC_DEBUG, SETTINGSYNC_OPERATIONAL)
    events = find_events(ctx.snap, channels, [6065], ACCOUNT_DISABLED)
    if events:
        evidence = [from_event(e, ACCOUNT_DISABLED) for e in newest(events)]
        remedies = ["remedy.update-credentials", "remedy.install-update"]
        return say(rid, EVENT_6065, evidence, remedies, count=len(events), last=_last(evidence))
    view = channels_view(ctx.snap, [SETTINGSYNC_DEBUG])
    count = len(ctx.snap.events_in(SETTINGSYNC_DEBUG))
    return _channel_verdict(EventCheck(rid, SETTINGSYNC_DEBUG, 6065, "80070533"), view, count)


def _inner_codes(codes: list[str]) -> str:
    others = [c for c in dict.fromkeys(codes) if c not in (TOKEN_BROKER_FAILED,)]
    if not others:
        return ""
    described = "; ".join(describe_code(c) for c in others[:3])
    return f" The events also carry: {described}."


def check_event_1098(ctx: DiagContext) -> Finding:
    """ki.event-1098-token-broker: AAD 1098 with 0xCAA5001C fail (KB3196528), 1104 noted."""
    rid = "ki.event-1098-token-broker"
    events = find_events(ctx.snap, [AAD_OPERATIONAL], [1098], TOKEN_BROKER_FAILED)
    if events:
        companions = find_events(ctx.snap, [AAD_OPERATIONAL], [1104], NO_LOGON_SESSION)
        evidence = [from_event(e, TOKEN_BROKER_FAILED) for e in newest(events)]
        evidence += [from_event(e, NO_LOGON_SESSION) for e in newest(companions, 2)]
        with_1104 = ", together with event 1104 and 0xC000005F" if companions else ""
        inner = _inner_codes([c for e in events for c in e.error_codes])
        fields = {"with_1104": with_1104, "inner": inner, "last": _last(evidence)}
        return say(
            rid, EVENT_1098, evidence, ["remedy.install-update"], count=len(events), **fields
        )
    view = channels_view(ctx.snap, [AAD_OPERATIONAL])
    count = len(ctx.snap.events_in(AAD_OPERATIONAL))
    check = EventCheck(rid, AAD_OPERATIONAL, 1098, TOKEN_BROKER_FAILED)
    return _channel_verdict(check, view, count)


EVENT_6065_ACCOUNT_DISABLED_RECORD = FindingRecord(
    id="ki.event-6065-account-disabled",
    area="known-issues",
    name="Event 6065: account disabled",
    guide="Known issue: event 6065 with 80070533 (account currently disabled)",
    meaning="SettingSync logged that the account cannot sign in (80070533).",
    why="Either the user's credentials expired, or the tenant lacks Azure RMS.",
    todo=(
        "Have the user renew their credentials and sign in with them; for the RMS case follow "
        "KB3193791."
    ),
    check=check_event_6065,
    docs=(
        "SettingSync event 6065 with 80070533: `fail` — credentials expired, or AzureRMS not "
        "provisioned → KB3193791"
    ),
    kb="KB3193791",
    action="Have the user update their password and sign in with the new credentials.",
    ranks=(Rank(70, ("fail",), "the event names the cause directly"),),
)

EVENT_1098_TOKEN_BROKER_RECORD = FindingRecord(
    id="ki.event-1098-token-broker",
    area="known-issues",
    name="Event 1098: token broker failed",
    guide="Known issue: event 1098 with 0xCAA5001C (often with 1104 and 0xC000005F)",
    meaning="The AAD token broker failed to get a token (0xCAA5001C).",
    why=(
        "With 1104 / 0xC000005F it points at missing permissions or ownership attributes; sync "
        "gets no token."
    ),
    todo="Follow the steps of KB3196528.",
    check=check_event_1098,
    docs=(
        "AAD event 1098 with 0xCAA5001C (often with 1104 and 0xC000005F): `fail` — permissions / "
        "ownership → KB3196528"
    ),
    kb="KB3196528",
    action="Follow KB3196528 (permissions and ownership for the token broker).",
    ranks=(Rank(80, ("fail",), "the event names the cause directly"),),
)
