"""Events a technician pasted as text: Event Viewer's "Copy details as text", the XML view, or
just the description (often copied from a forum post, with Markdown left in it).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from esr_gui.core.decoding import decode_text
from esr_gui.core.errors import ParseError
from esr_gui.core.models.events import Event
from esr_gui.core.parse.code_spellings import find_codes
from esr_gui.core.parse.events_common import (
    EventParseResult,
    error_codes,
    parse_system_time,
    to_int,
)
from esr_gui.core.parse.events_xml import events_from_xml_text, parse_events_xml

# Event Viewer's labels (English, German, French) → Event field, or a marker for the sections.
_LABELS = {
    "log name": "channel",
    "protokollname": "channel",
    "nom du journal": "channel",
    "source": "provider",
    "quelle": "provider",
    "date": "time",
    "datum": "time",
    "event id": "event_id",
    "ereignis-id": "event_id",
    "id de l'événement": "event_id",
    "level": "level",
    "ebene": "level",
    "niveau": "level",
    "user": "user_sid",
    "benutzer": "user_sid",
    "utilisateur": "user_sid",
    "computer": "computer",
    "ordinateur": "computer",
    "description": "message",
    "beschreibung": "message",
    "event xml": "xml",
    "ereignis-xml": "xml",
    "xml de l'événement": "xml",
}
_LEVELS = {
    "critical": 1,
    "kritisch": 1,
    "critique": 1,
    "error": 2,
    "fehler": 2,
    "erreur": 2,
    "warning": 3,
    "warnung": 3,
    "avertissement": 3,
    "information": 4,
    "informationen": 4,
    "verbose": 5,
    "ausführlich": 5,
    "détails": 5,
}
_LABEL_LINE = re.compile(r"^\s*([^:\n]{1,40}?)\s*:[ \t]*(.*)$")
_BLOCK_START = re.compile(
    r"^[ \t]*(?:Log Name|Protokollname|Nom du journal)[ \t]*:", re.IGNORECASE | re.MULTILINE
)
_EVENT_ID_LINE = re.compile(r"^[ \t]*Event[ \t]*ID[ \t]*:?[ \t]*(\d{1,10})[ \t]*$", re.I | re.M)
_XML_EVENT = re.compile(r"<(?:\w+:)?Event[\s>]")
_TREE_MARKER = re.compile(r"^([ \t]*)[-+][ \t]+(?=<)", re.MULTILINE)
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])", re.DOTALL)
_BLANK_RUNS = re.compile(r"\n{3,}")
_LOCAL_DATE = re.compile(
    r"(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d+))?"
    r"\s*([AaPp]\.?\s?[Mm]\.?)?"
)
_LOCAL_TIME_NOTE = (
    "Event Viewer shows local times without a time zone; the pasted dates were read as UTC."
)


def parse_event_text(
    text: str | bytes,
    origin: str = "",
    default_channel: str | None = None,
    default_event_id: int | None = None,
) -> EventParseResult:
    """Parse pasted events: "Copy details as text" blocks, the XML view, or a bare description.

    A bare description becomes one Event (or one per standalone "Event ID N" line) with the
    given defaults. Raises ParseError only for empty input.
    """
    if isinstance(text, bytes | bytearray):
        text = decode_text(bytes(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise ParseError("the pasted event text is empty.", source=origin)
    result = EventParseResult()
    channel = default_channel or ""
    if _BLOCK_START.search(text):
        _parse_blocks(text, result, origin)
    elif not (_XML_EVENT.search(text) and _parse_xml_view(text, result, origin, channel)):
        _parse_descriptions(text, result, origin, channel, default_event_id)
    return result


def _parse_xml_view(text: str, result: EventParseResult, origin: str, channel: str) -> bool:
    """The XML view pasted (tree markers "- " of the browser view removed); False if unusable."""
    cleaned = _TREE_MARKER.sub(r"\1", text)
    try:
        parsed = parse_events_xml(cleaned.encode("utf-8", "replace"), origin, channel or None)
    except ParseError:
        return False
    if not parsed.events:
        return False
    result.events.extend(parsed.events)
    result.warnings.extend(parsed.warnings)
    return True


def _parse_blocks(text: str, result: EventParseResult, origin: str) -> None:
    starts = [match.start() for match in _BLOCK_START.finditer(text)]
    if text[: starts[0]].strip():
        result.warn("Text before the first 'Log Name:' line was ignored.")
    for begin, end in zip(starts, [*starts[1:], len(text)], strict=True):
        event = _block_event(text[begin:end], result, origin)
        if event is not None:
            result.events.append(event)


def _split_block(block: str) -> tuple[dict[str, str], list[str], list[str]]:
    """Header fields, description lines and Event Xml lines of one copied block."""
    header: dict[str, str] = {}
    description: list[str] = []
    xml: list[str] = []
    section = "header"
    for line in block.split("\n"):
        if section == "xml":
            xml.append(line)
            continue
        match = _LABEL_LINE.match(line)
        field = _LABELS.get(match.group(1).strip().lower().replace("’", "'")) if match else None
        if match and field == "xml":
            section = "xml"
            xml.append(match.group(2))
        elif section == "header" and match and field:
            header.setdefault(field, match.group(2).strip())
            if field == "message":
                section = "message"
        elif section == "message":
            description.append(line)
    return header, description, xml


def _block_event(block: str, result: EventParseResult, origin: str) -> Event | None:
    """One "Copy details as text" block as an Event (its Event Xml part wins when readable)."""
    header, description, xml_lines = _split_block(block)
    message = clean_message("\n".join([header.get("message", ""), *description]))
    xml_events = events_from_xml_text("\n".join(xml_lines), origin, header.get("channel", ""))
    if xml_events:
        event = xml_events[0]
        message = event.message or message
        update = {"message": message, "error_codes": error_codes(event.data, message)}
        return event.model_copy(update=update)
    values: dict[str, Any] = {
        "channel": header.get("channel", ""),
        "provider": header.get("provider", ""),
        "event_id": to_int((re.findall(r"\d+", header.get("event_id", "")) or ["0"])[0]) or 0,
        "level": _LEVELS.get(header.get("level", "").strip().lower()),
        "time": _header_time(header.get("time", ""), result),
        "computer": header.get("computer", ""),
        "user_sid": _sid(header.get("user_sid", "")),
        "message": message,
        "error_codes": tuple(find_codes(message)),
        "origin": origin,
    }
    return Event(**values)


def _sid(user: str) -> str:
    return user if user.upper().startswith("S-1-") else ""


def _header_time(text: str, result: EventParseResult) -> datetime | None:
    if not text:
        return None
    value = parse_local_date(text)
    if value is None:
        result.warn(f"The date {text!r} was not understood; the event has no time.")
    elif _LOCAL_TIME_NOTE not in result.warnings and not re.search(r"Z|[+-]\d\d:?\d\d$", text):
        result.warn(_LOCAL_TIME_NOTE)
    return value


def parse_local_date(text: str) -> datetime | None:
    """A date as Event Viewer or a technician writes it (ISO, US or European) → UTC datetime.

    Dates without a zone are taken as UTC. Slashes with AM/PM are month/day (en-US);
    slashes on a 24-hour clock, dots and dashes are day/month unless that is impossible.
    """
    text = text.strip()
    if re.match(r"\d{4}-\d\d-\d\d", text):
        return parse_system_time(text.replace(" ", "T", 1))
    match = _LOCAL_DATE.search(text)
    if not match:
        return None
    first, separator, second, third, hour, minute, sec, fraction, half = match.groups()
    if len(first) == 4:
        year, month, day = int(first), int(second), int(third)
    else:
        year = int(third) + (2000 if len(third) <= 2 else 0)
        day, month = int(first), int(second)
        us_order = separator == "/" and bool(half)
        if (us_order and month <= 12 < day) or (not us_order and month > 12 >= day):
            us_order = not us_order
        if us_order:
            day, month = month, day
    return _build_time(
        year, month, day, hour=_hour(int(hour), half), minute=int(minute), sec=sec, frac=fraction
    )


def _hour(hour: int, half: str | None) -> int:
    if not half:
        return hour
    is_pm = half.strip().lower().startswith("p")
    return (hour % 12) + (12 if is_pm else 0)


def _build_time(
    year: int, month: int, day: int, *, hour: int, minute: int, sec: str | None, frac: str | None
) -> datetime | None:
    micro = int((frac or "0")[:6].ljust(6, "0"))
    try:
        return datetime(year, month, day, hour, minute, int(sec or 0), micro, tzinfo=UTC)
    except ValueError:
        return None


def clean_message(text: str) -> str:
    """Pasted text → message: Markdown emphasis and trailing spaces gone, blank runs folded."""
    text = _EMPHASIS.sub(r"\2", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def _parse_descriptions(
    text: str,
    result: EventParseResult,
    origin: str,
    channel: str,
    default_event_id: int | None,
) -> None:
    """A bare description; standalone "Event ID N" lines split it into several events."""
    markers = list(_EVENT_ID_LINE.finditer(text))
    pieces: list[tuple[int | None, str]] = [(None, text[: markers[0].start()] if markers else text)]
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        pieces.append((int(marker.group(1)), text[marker.end() : end]))
    for event_id, piece in pieces:
        message = clean_message(piece)
        codes = tuple(find_codes(message))
        if event_id is None and markers and (not codes and message.count("\n") == 0):
            continue
        result.events.append(
            Event(
                channel=channel,
                event_id=event_id if event_id is not None else (default_event_id or 0),
                message=message,
                error_codes=codes,
                origin=origin,
            )
        )
    if not result.events:
        result.warn("The pasted text holds no event description.")
