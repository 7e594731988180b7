"""Event helpers: which channels were read, which events match, and how to say what is missing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from esr_gui.core.data import capture_channels
from esr_gui.core.models.events import ChannelCapture, Event
from esr_gui.core.models.snapshot import Snapshot

_WHY: dict[str, str] = {
    "disabled": "it is switched off on the device (debug logs are off by default)",
    "access-denied": "reading it was refused (access denied)",
    "timeout": "reading it timed out",
    "enabled-debug-unreadable": "it is switched on but could not be read while enabled",
    "error": "reading it failed",
    "not-captured": "it was not captured",
}


@dataclass(frozen=True)
class ChannelsView:
    """What a capture holds for a set of channels: read, absent on this build, or not read."""

    read: tuple[str, ...]
    absent: tuple[str, ...]
    unread: tuple[tuple[str, str], ...]

    @property
    def any_read(self) -> bool:
        """True when at least one of the channels was read (even if it held no events)."""
        return bool(self.read)

    @property
    def all_absent(self) -> bool:
        """True when every channel is reported as not existing on this Windows build."""
        return bool(self.absent) and not self.read and not self.unread


def _why(capture: ChannelCapture | None) -> str:
    if capture is None:
        return "it was not captured"
    why = _WHY.get(capture.state, capture.state)
    return f"{why} ({capture.message})" if capture.message else why


def channels_view(snap: Snapshot, channels: Iterable[str]) -> ChannelsView:
    """Sort `channels` into read, absent on this build, and not read (with the reason)."""
    read: list[str] = []
    absent: list[str] = []
    unread: list[tuple[str, str]] = []
    for channel in channels:
        capture = snap.channel_state(channel)
        if snap.has_channel_data(channel):
            read.append(channel)
        elif capture is not None and capture.state == "not-found":
            absent.append(channel)
        else:
            unread.append((channel, _why(capture)))
    return ChannelsView(tuple(read), tuple(absent), tuple(unread))


def is_debug_channel(channel: str) -> bool:
    """Whether the channel is off by default (Debug/Analytic: `direct` in channels.json)."""
    wanted = channel.lower()
    return any(c.name.lower() == wanted and c.direct for c in capture_channels())


def missing_channels(view: ChannelsView) -> list[str]:
    """One `missing` line per channel that was not read, saying how to get it."""
    lines = []
    for channel, why in view.unread:
        if is_debug_channel(channel):
            how = (
                "switch it on (remedy.enable-debug-channel), reproduce the problem, "
                "capture again, then switch it off"
            )
        else:
            how = f'export it with wevtutil epl "{channel}" or capture again'
        lines.append(f"the {channel} event log: {why}; {how}")
    return lines


def _decimal_spellings(code: str) -> frozenset[str]:
    """`0x80070259` as Windows also writes it in decimal: unsigned and signed."""
    value = int(code, 16)
    return frozenset({str(value), str(value - (1 << 32) if value >= 1 << 31 else value)})


def carries_code(event: Event, code: str) -> bool:
    """Whether `event` carries `code` (normalised), also as a whole decimal data field.

    The parser trusts decimal numbers only in fields named like a status code; when the
    event id and the expected code are both known, a field that spells exactly that code
    in decimal, whatever its name, is the code too.
    """
    if event.has_code(code):
        return True
    decimals = _decimal_spellings(code)
    return any(value.strip() in decimals for value in event.data.values())


def find_events(
    snap: Snapshot, channels: Iterable[str], event_ids: Iterable[int], code: str | None = None
) -> list[Event]:
    """Events of `channels` with one of `event_ids` (carrying `code`, if given), oldest first."""
    wanted = {c.lower() for c in channels}
    ids = set(event_ids)
    return [
        e
        for e in snap.events
        if e.channel.lower() in wanted
        and e.event_id in ids
        and (code is None or carries_code(e, code))
    ]


def event_text(event: Event) -> str:
    """Everything readable in an event (message and data values) as one string, for markers."""
    return " ".join([event.message, *event.data.values()])


def newest(events: list[Event], count: int = 3) -> list[Event]:
    """The last `count` events, newest first (events are kept oldest first).

    Newest first because evidence lists are cut after a few items: the latest occurrence is
    the one that decides whether the problem is still there.
    """
    return events[::-1][:count]
