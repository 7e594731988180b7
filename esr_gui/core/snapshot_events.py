"""Bundle → the Snapshot's events, within the documented caps (docs/bundle-format.md).

Each event file is streamed: one larger than `max_event_bytes` is parsed only at its two ends
(core/parse/events_window). After each file the events of every channel are cut to the newest
`max_events_per_channel`, so memory stays bounded however many records a bundle holds; what
was skipped or dropped becomes a snapshot warning the user sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from esr_gui.core.bundle.limits import EVENTS_DIR
from esr_gui.core.bundle.reader import CHUNK_BYTES, Bundle
from esr_gui.core.errors import EsrError
from esr_gui.core.models.events import ChannelCapture, Event
from esr_gui.core.models.snapshot import MemberProblem, Snapshot
from esr_gui.core.parse.events_common import EventParseResult, channel_from_filename
from esr_gui.core.parse.events_evtx import parse_evtx
from esr_gui.core.parse.events_window import (
    evtx_window,
    head_and_tail,
    skipped_message,
    xml_window,
)
from esr_gui.core.parse.events_xml import normalise_xml, parse_events_xml

EventParser = Callable[[bytes, str, str | None], EventParseResult]
_EVENT_PARSERS: dict[str, EventParser] = {".xml": parse_events_xml, ".evtx": parse_evtx}


@dataclass
class _Kept:
    """Per channel (lower case): the events kept so far and how many were dropped."""

    events: dict[str, list[Event]] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    oldest_kept: dict[str, Event] = field(default_factory=dict)

    def add(self, events: list[Event], cap: int) -> None:
        for event in events:
            self.events.setdefault(event.channel.lower(), []).append(event)
        for channel, kept in self.events.items():
            if len(kept) > cap:
                kept.sort(key=event_sort_key)
                self.dropped[channel] = self.dropped.get(channel, 0) + len(kept) - cap
                del kept[: len(kept) - cap]
                self.oldest_kept[channel] = kept[0]

    def all(self) -> list[Event]:
        return [event for kept in self.events.values() for event in kept]


def read_events(bundle: Bundle, snap: Snapshot) -> None:
    """Parse `events/*.xml` and `events/*.evtx` into `snap.events` (sorted, no repeats)."""
    kept = _Kept()
    cap = bundle.limits.max_events_per_channel
    for member in bundle.under(EVENTS_DIR):
        suffix = PurePosixPath(member).suffix.lower()
        parser = _EVENT_PARSERS.get(suffix)
        if parser is None:
            continue
        channel = channel_from_filename(member)
        try:
            result, skipped = _parse_member(bundle, member, suffix, parser, channel)
        except EsrError as exc:
            message = str(exc).removeprefix(f"{member}: ")
            snap.problems.append(MemberProblem(member=member, message=message))
            continue
        warnings = ([skipped] if skipped else []) + result.warnings
        snap.warnings.extend(MemberProblem(member=member, message=w) for w in warnings)
        if channel and snap.channel_state(channel) is None:
            snap.channels.append(_channel_from_events(channel, result.events))
        kept.add(result.events, cap)
    snap.warnings.extend(_dropped_warnings(kept, cap))
    snap.events = _without_repeats(sorted(kept.all(), key=event_sort_key))


def _parse_member(
    bundle: Bundle, member: str, suffix: str, parser: EventParser, channel: str
) -> tuple[EventParseResult, str | None]:
    """One event file parsed, and the warning when it was too large to parse whole.

    Its own function so that the file's bytes are freed as soon as it is parsed, not held
    (as a loop variable) while the next file is read: two large files' bytes at once were
    the peak of loading a big bundle (issue 19, peak_rss_mb)."""
    data, skipped = _event_bytes(bundle, member, suffix)
    return parser(data, member, channel), skipped


def _event_bytes(bundle: Bundle, member: str, suffix: str) -> tuple[bytes, str | None]:
    """The bytes to parse, and the warning when the file was too large to parse whole."""
    cap, records = bundle.limits.max_event_bytes, bundle.limits.max_window_records
    # A file small enough to parse whole is read in one piece: the piece is the file's bytes,
    # with no copy joining pieces (issue 19, peak_rss_mb); a larger one streams in 1 MiB.
    whole = bundle.size(member) <= cap
    piece_size = bundle.size(member) + 1 if whole else CHUNK_BYTES
    window = head_and_tail(bundle.chunks(member, piece_size=piece_size), cap)
    if window.whole:
        return window.head, None
    if suffix == ".xml":
        data = xml_window(window, normalise_xml, records)
    else:
        data = evtx_window(window, records)
    return data, skipped_message(window, cap, records)


def _dropped_warnings(kept: _Kept, cap: int) -> list[MemberProblem]:
    warnings: list[MemberProblem] = []
    for channel, count in sorted(kept.dropped.items()):
        oldest = kept.oldest_kept[channel]
        since = (
            f" (kept: from {oldest.time.isoformat(timespec='minutes')} on)" if oldest.time else ""
        )
        message = (
            f"more than {cap:,} records of this channel were read; only the newest {cap:,} "
            f"are kept and {count:,} older ones were dropped{since}."
        )
        warnings.append(MemberProblem(member=f"events: {oldest.channel}", message=message))
    return warnings


def _without_repeats(events: list[Event]) -> list[Event]:
    """Drop a record read twice: the same channel, record id, event id and time.

    A bundle may hold a channel both as `.xml` and as `.evtx`, or two overlapping exports;
    each record must count once (a known issue's "seen 2 times" is evidence). Records without
    a record id cannot be matched and are all kept.
    """
    seen: set[tuple[str, int, int, float]] = set()
    kept: list[Event] = []
    lowered: dict[str, str] = {}  # one lower-case copy per channel, not one per record
    for event in events:
        if event.record_id is not None:
            channel = lowered.get(event.channel)
            if channel is None:
                channel = lowered[event.channel] = event.channel.lower()
            stamp = event.time.timestamp() if event.time else 0.0
            key = (channel, event.record_id, event.event_id, stamp)
            if key in seen:
                continue
            seen.add(key)
        kept.append(event)
    return kept


def _channel_from_events(channel: str, events: list[Event]) -> ChannelCapture:
    count = sum(1 for e in events if e.channel.lower() == channel.lower()) or len(events)
    return ChannelCapture(channel=channel, state="captured" if events else "empty", count=count)


def event_sort_key(event: Event) -> tuple[float, str, int]:
    """Oldest first: time (none counts as oldest), channel, record id."""
    stamp = event.time.timestamp() if event.time else 0.0
    return (stamp, event.channel, event.record_id or 0)
