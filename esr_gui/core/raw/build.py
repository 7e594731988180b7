"""Build the raw texts of a capture: the dsregcmd text, each .reg export, events as text."""

from __future__ import annotations

import re
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
# Line breaks of `str.splitlines` other than "\n" (see `_lines_text`).
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


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
    return [_event_member(channel, records) for channel, records in by_channel.items()]


def _event_member(channel: str, records: list[Event]) -> RawMember:
    """One channel's text, built without ever holding all of it: past the first
    MAX_MEMBER_CHARS only lengths are added up (a 28,000-record channel's whole text, its
    lines and their copies took ~90 MB at once for 2 MB shown; issue 19, peak_rss_mb)."""
    regions: dict[str, int] = {}
    shown: list[str] = []
    kept = total = line_count = 0
    plain = True
    for event in records:
        key = event_key(event.channel, event.record_id, event.event_id, event.time)
        regions.setdefault(key, line_count + 1)
        lines = _event_lines(event)
        line_count += len(lines)
        piece = "\n".join(lines)  # ends with "\n": a record's lines end with an empty one
        plain = plain and _OTHER_BREAKS.search(piece) is None
        total += len(piece) + 1
        if kept <= MAX_MEMBER_CHARS:
            shown.append(piece)
            kept += len(piece) + 1
    if not plain:  # a break `splitlines` knows besides "\n": renumber as the parsers would
        text, cut = _bounded("\n".join(shown if kept == total else _all_pieces(records)))
    else:  # joined by "\n" and without the final "\n" (what `_lines_text` makes of it)
        length = total - 2 if records else 0
        text, cut = (
            "\n".join(shown)[: min(length, MAX_MEMBER_CHARS)],
            max(length - MAX_MEMBER_CHARS, 0),
        )
    name = EVENTS_PREFIX + channel
    return RawMember(name, f"events: {channel}", "events", text, regions, cut)


def _all_pieces(records: list[Event]) -> list[str]:
    return ["\n".join(_event_lines(event)) for event in records]


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
