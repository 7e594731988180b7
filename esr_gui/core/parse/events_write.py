"""Events → wevtutil `/f:xml` text, for demo bundles, test fixtures and benchmark inputs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from esr_gui.core.models.events import Event
from esr_gui.core.parse.events_common import EVENT_NS

_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;"})
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "'": "&apos;",
        '"': "&quot;",
        "\r": "&#xD;",
        "\n": "&#xA;",
        "\t": "&#x9;",
    }
)


def _text(value: str) -> str:
    return _NOT_XML_CHAR.sub("\ufffd", value).translate(_TEXT_ESCAPES)


def _attr(value: str) -> str:
    return _NOT_XML_CHAR.sub("\ufffd", value).translate(_ATTR_ESCAPES)


def system_time(value: datetime) -> str:
    """Aware (or naive = UTC) datetime → `2024-11-14T16:16:37.3244810Z` as wevtutil writes it."""
    utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond:06d}0Z"
    )


def _system(event: Event) -> str:
    parts = [f"<Provider Name='{_attr(event.provider)}'/>", f"<EventID>{event.event_id}</EventID>"]
    if event.level is not None:
        parts.append(f"<Level>{event.level}</Level>")
    if event.time is not None:
        parts.append(f"<TimeCreated SystemTime='{system_time(event.time)}'/>")
    if event.record_id is not None:
        parts.append(f"<EventRecordID>{event.record_id}</EventRecordID>")
    parts.append(f"<Channel>{_text(event.channel)}</Channel>")
    parts.append(f"<Computer>{_text(event.computer)}</Computer>")
    if event.user_sid:
        parts.append(f"<Security UserID='{_attr(event.user_sid)}'/>")
    else:
        parts.append("<Security/>")
    return "<System>" + "".join(parts) + "</System>"


def event_to_xml(event: Event) -> str:
    """One Event as a one-line `<Event xmlns=…>` element, with RenderingInfo if it has a message."""
    data = "".join(
        f"<Data Name='{_attr(name)}'>{_text(value)}</Data>" for name, value in event.data.items()
    )
    rendering = ""
    if event.message:
        rendering = (
            "<RenderingInfo Culture='en-US'>"
            f"<Message>{_text(event.message)}</Message>"
            "</RenderingInfo>"
        )
    return (
        f"<Event xmlns='{EVENT_NS}'>{_system(event)}"
        f"<EventData>{data}</EventData>{rendering}</Event>"
    )


def events_to_xml(events: Iterable[Event], root: bool = False) -> str:
    """Render events the way `wevtutil qe CHANNEL /f:xml` does: one `<Event>` per line.

    With `root=True` the run is wrapped in `<Events>` (what `/e:Events` adds). Characters
    XML 1.0 cannot carry are written as U+FFFD.
    """
    lines = [event_to_xml(event) for event in events]
    if root:
        lines = ["<Events>", *lines, "</Events>"]
    return "\r\n".join(lines) + ("\r\n" if lines else "")
