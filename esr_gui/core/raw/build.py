"""Build the raw texts of a capture: the dsregcmd text, each .reg export, events as text."""

from __future__ import annotations

from collections.abc import Mapping

from esr_gui.core.bundle.limits import DSREGCMD, REGISTRY_DIR
from esr_gui.core.decoding import decode_text
from esr_gui.core.models.dsreg import DsregStatus
from esr_gui.core.models.events import Event
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.raw.model import RawCapture, RawMember
from esr_gui.core.raw.regions import dsreg_regions, event_key, reg_regions

# One member shows at most this many characters (a real dsregcmd text or .reg export is a few
# KiB; an events text of a full log can reach megabytes): the rest is said, not shown.
MAX_MEMBER_CHARS = 2_000_000
EVENTS_PREFIX = "events:"


def build_raw(snapshot: Snapshot, members: Mapping[str, bytes] | None = None) -> RawCapture:
    """The capture's raw texts: dsregcmd (as parsed, else as captured), every
    `registry/*.reg` member of `members`, and one text per event channel of the snapshot."""
    members = members or {}
    out: list[RawMember] = []
    dsreg = _dsreg_member(snapshot.dsregcmd, members)
    if dsreg is not None:
        out.append(dsreg)
    for name in sorted(n for n in members if _is_reg(n)):
        text, cut = _bounded(decode_text(members[name]))
        out.append(RawMember(name, f".reg export: {name}", "reg", text, reg_regions(text), cut))
    out.extend(_event_members(snapshot.events))
    return RawCapture(tuple(out))


def _is_reg(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(REGISTRY_DIR) and lowered.endswith(".reg")


def _lines_text(text: str) -> str:
    """The text with "\\n" breaks, split as the parsers split it (`str.splitlines`)."""
    return "\n".join(text.splitlines())


def _bounded(text: str) -> tuple[str, int]:
    text = _lines_text(text)
    if len(text) <= MAX_MEMBER_CHARS:
        return text, 0
    return text[:MAX_MEMBER_CHARS], len(text) - MAX_MEMBER_CHARS


def _dsreg_member(status: DsregStatus | None, members: Mapping[str, bytes]) -> RawMember | None:
    data = next((d for n, d in members.items() if n.lower() == DSREGCMD), None)
    if status is not None and status.raw_text:
        raw = status.raw_text
    elif data is not None:
        raw = decode_text(data)
    else:
        return None
    text, cut = _bounded(raw)
    regions = dsreg_regions(status) if status is not None else {}
    return RawMember(DSREGCMD, "dsregcmd /status", "dsregcmd", text, regions, cut)


def _event_members(events: list[Event]) -> list[RawMember]:
    """One text per channel, records in capture order."""
    by_channel: dict[str, list[Event]] = {}
    for event in events:
        by_channel.setdefault(event.channel, []).append(event)
    out = []
    for channel, records in by_channel.items():
        lines: list[str] = []
        regions: dict[str, int] = {}
        for event in records:
            regions.setdefault(
                event_key(event.channel, event.record_id, event.event_id, event.time),
                len(lines) + 1,
            )
            lines.extend(_event_lines(event))
        text, cut = _bounded("\n".join(lines))
        name = EVENTS_PREFIX + channel
        out.append(RawMember(name, f"events: {channel}", "events", text, regions, cut))
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())


def _event_lines(event: Event) -> list[str]:
    """An event record as a technician reads it: a head line, its data, its message."""
    when = event.time.isoformat() if event.time else "time not recorded"
    record = f"Record {event.record_id}" if event.record_id is not None else "Record (no id)"
    head = [record, f"Event {event.event_id}", event.level_name, when, event.provider]
    lines = [" · ".join(part for part in head if part)]
    lines += [f"  {_flat(k)}: {_flat(v)}" for k, v in event.data.items()]
    if event.message:
        lines.append(f"  Message: {_flat(event.message)}")
    lines.append("")
    return lines
