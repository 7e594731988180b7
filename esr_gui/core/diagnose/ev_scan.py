"""The sync logs read through one code table: which cause family each sync event belongs to.

SettingSync (Debug, Operational), SettingSync-Azure (Debug, Operational) and CloudStore
(Operational, Initialization) events are sorted into cause families by the error codes they
carry (core.knowledge.error_codes), by the HTTP status a storage request ended with (SettingSync
6532 "completed with status code N"), and by the few event ids that name a cause on their own
(core.knowledge.events). The `ev.*` findings and `sync.policy-allows` read the families.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from esr_gui.core.diagnose.eventscan import ChannelsView, carries_code, channels_view
from esr_gui.core.diagnose.evidence import from_event
from esr_gui.core.knowledge.events import (
    AZURE_DEBUG,
    AZURE_OPERATIONAL,
    CLOUDSTORE_INITIALIZATION,
    SETTINGSYNC_DEBUG,
    SETTINGSYNC_OPERATIONAL,
    SYNC_CHANNELS,
)
from esr_gui.core.models.events import Event
from esr_gui.core.models.findings import Evidence
from esr_gui.core.models.snapshot import Snapshot

Family = Literal["policy", "throttled", "auth", "quota", "refused"]

POLICY_BLOCKED = "0x800704EC"

FAMILY_CODES: dict[str, Family] = {
    POLICY_BLOCKED: "policy",
    "0x801901AD": "throttled",  # HTTP 429
    "0x801901F7": "throttled",  # HTTP 503
    "0x80190191": "auth",  # HTTP 401
    "0x8019019D": "quota",  # HTTP 413
    "0x8007050F": "quota",
    "0x80190193": "refused",  # HTTP 403
}
HTTP_FAMILIES: dict[int, Family] = {
    401: "auth",
    403: "refused",
    413: "quota",
    429: "throttled",
    503: "throttled",
}
# Event ids that name a cause without a code (esr-facts §3.3 manifests): channel → id → family.
FAMILY_EVENTS: dict[str, dict[int, Family]] = {
    SETTINGSYNC_DEBUG.lower(): {6561: "auth"},
    SETTINGSYNC_OPERATIONAL.lower(): {5516: "quota", 5517: "throttled"},
    AZURE_DEBUG.lower(): {6007: "auth"},
    AZURE_OPERATIONAL.lower(): {5002: "auth"},
}
_STATUS = re.compile(r"status code\D{0,3}(\d{3})\b", re.IGNORECASE)
_SYNC = frozenset(c.lower() for c in SYNC_CHANNELS)
EVIDENCE_SHOWN = 4


@dataclass(frozen=True)
class Hit:
    """One sync event that decides a family, and what in it decides (code or HTTP status)."""

    event: Event
    family: Family
    why: str


def http_status(event: Event) -> int | None:
    """The HTTP status a storage request ended with (6532), from its field or its message."""
    for name, value in event.data.items():
        if name.lower() == "statuscode" and value.strip().isdigit():
            return int(value.strip())
    match = _STATUS.search(event.message)
    return int(match.group(1)) if match else None


# SettingSync-Azure 5002 reports every GetToken, successful ones too: it needs a failure sign.
_NEEDS_FAILURE_SIGN = frozenset({5002})


def _is_failure(event: Event) -> bool:
    """Whether an id-named event is a failure: always, except 5002 without a code or an
    Error / Warning level (a pasted event without a level and without a code is a success)."""
    if event.event_id not in _NEEDS_FAILURE_SIGN:
        return True
    return event.level in (1, 2, 3) or bool(event.error_codes)


def classify(event: Event) -> list[Hit]:
    """Every family `event` decides (usually none or one), with the deciding code or status."""
    hits: dict[Family, str] = {}
    for code, family in FAMILY_CODES.items():
        if carries_code(event, code):
            hits.setdefault(family, code)
    status = http_status(event)
    if status in HTTP_FAMILIES:
        hits.setdefault(HTTP_FAMILIES[status], f"HTTP {status}")
    by_id = FAMILY_EVENTS.get(event.channel.lower(), {}).get(event.event_id)
    if by_id is not None and _is_failure(event):
        hits.setdefault(by_id, ", ".join(event.error_codes) or f"event {event.event_id}")
    return [Hit(event, family, why) for family, why in hits.items()]


def sync_events(snap: Snapshot) -> list[Event]:
    """Every event of the sync logs, in capture order (oldest first within a log)."""
    return [e for e in snap.events if e.channel.lower() in _SYNC]


def family_hits(snap: Snapshot, family: Family) -> list[Hit]:
    """The sync events that decide `family`, oldest first."""
    return [h for e in sync_events(snap) for h in classify(e) if h.family == family]


def hit_evidence(hits: Iterable[Hit], shown: int = EVIDENCE_SHOWN) -> list[Evidence]:
    """The newest `shown` deciding events, newest first, each with what decided it."""
    ordered = sorted(hits, key=_when, reverse=True)[:shown]
    return [from_event(h.event, h.why) for h in ordered]


def _when(hit: Hit) -> tuple[float, int]:
    moment = hit.event.time.timestamp() if hit.event.time else 0.0
    return moment, hit.event.record_id or 0


def last_time(hits: list[Hit]) -> str:
    """The newest deciding event's time, or "an unknown time"."""
    times = [h.event.time for h in hits if h.event.time is not None]
    return max(times).isoformat(timespec="seconds") if times else "an unknown time"


def sync_view(snap: Snapshot) -> ChannelsView:
    """The sync logs: read, absent, not read (Initialization only when the bundle holds it)."""
    wanted = [c for c in SYNC_CHANNELS if c != CLOUDSTORE_INITIALIZATION]
    if snap.has_channel_data(CLOUDSTORE_INITIALIZATION):
        wanted.append(CLOUDSTORE_INITIALIZATION)
    return channels_view(snap, wanted)


def read_summary(snap: Snapshot, view: ChannelsView) -> str:
    """`SettingSync/Debug (55 events), CloudStore/Operational (0 events)`."""
    parts = [
        f"{c.removeprefix('Microsoft-Windows-')} ({len(snap.events_in(c))} events)"
        for c in view.read
    ]
    return ", ".join(parts)
