"""Pieces shared by the event parsers: the result model and ElementTree element → Event."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime

from esr_gui.core.errorcodes import codes_in_fields, find_codes
from esr_gui.core.models.events import Event

EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event"
EVENT_TAGS = frozenset({f"{{{EVENT_NS}}}Event", "Event"})
MAX_WARNINGS = 50

_LOCAL_NAMES = {
    f"{{{EVENT_NS}}}{name}": name
    for name in (
        "System",
        "Provider",
        "EventID",
        "Level",
        "TimeCreated",
        "EventRecordID",
        "Channel",
        "Computer",
        "Security",
        "EventData",
        "UserData",
        "RenderingInfo",
        "Message",
        "Data",
        "Binary",
    )
}
_TIME_PARTS = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?\s*(Z|UTC|[+-]\d\d:?\d\d)?",
    re.IGNORECASE,
)
_FILE_SUFFIXES = (".xml", ".evtx", ".txt", ".rendered", ".empty")


@dataclass
class EventParseResult:
    """Events read from one input plus plain-sentence warnings about what was skipped or guessed."""

    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        """Add a warning, keeping the list short on badly damaged input."""
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)
        elif len(self.warnings) == MAX_WARNINGS:
            self.warnings.append("More problems were found; the rest are not listed.")


def local_name(tag: str) -> str:
    """Element tag without its `{namespace}` prefix."""
    name = _LOCAL_NAMES.get(tag)
    if name is not None:
        return name
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def channel_from_filename(origin: str) -> str:
    """`…/Microsoft-Windows-AAD%4Operational.xml` → `Microsoft-Windows-AAD/Operational`."""
    name = re.split(r"[\\/]", origin)[-1]
    lowered = name.lower()
    stripped = True
    while stripped:
        stripped = False
        for suffix in _FILE_SUFFIXES:
            if lowered.endswith(suffix) and len(lowered) > len(suffix):
                name, lowered = name[: -len(suffix)], lowered[: -len(suffix)]
                stripped = True
    return name.replace("%4", "/").strip()


def fallback_channel(origin: str, default_channel: str | None) -> str:
    """Channel for records that do not name one: the caller's default, else the file name."""
    if default_channel:
        return default_channel
    return channel_from_filename(origin) if origin else ""


def parse_system_time(text: str | None) -> datetime | None:
    """`SystemTime` (6 or 7 fraction digits, `Z` or an offset) → aware UTC datetime, or None."""
    if not text:
        return None
    value: datetime | None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        value = _parse_time_loosely(text)
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _parse_time_loosely(text: str) -> datetime | None:
    match = _TIME_PARTS.search(text)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    offset = "+00:00" if not zone or zone.upper() in ("Z", "UTC") else zone
    if len(offset) == 5:
        offset = f"{offset[:3]}:{offset[3:]}"
    try:
        return datetime.fromisoformat(
            f"{year}-{month}-{day}T{hour}:{minute}:{second}.{micro:06d}{offset}"
        )
    except ValueError:
        return None


def to_int(text: str | None) -> int | None:
    """Whole number in an element's text, or None."""
    if text is None:
        return None
    try:
        return int(text.strip(), 0) if text.strip().lower().startswith("0x") else int(text)
    except ValueError:
        return None


def unique_key(data: dict[str, str], name: str) -> str:
    """`name`, or `name_2`, `name_3`… when the record already has a field of that name."""
    if name not in data:
        return name
    number = 2
    while f"{name}_{number}" in data:
        number += 1
    return f"{name}_{number}"


def error_codes(data: dict[str, str], message: str) -> tuple[str, ...]:
    """Codes in the event data, then in the message; deduplicated, in order."""
    found = codes_in_fields(data) if data else []
    if message:
        found = found + find_codes(message)
    return tuple(dict.fromkeys(found))


class _Fields:
    __slots__ = (
        "channel",
        "computer",
        "data",
        "event_id",
        "level",
        "message",
        "provider",
        "record_id",
        "time",
        "user_sid",
    )

    def __init__(self) -> None:
        self.channel = ""
        self.provider = ""
        self.computer = ""
        self.user_sid = ""
        self.message = ""
        self.event_id: int | None = None
        self.level: int | None = None
        self.record_id: int | None = None
        self.time: datetime | None = None
        self.data: dict[str, str] = {}


def _read_system(system: ET.Element, fields: _Fields) -> None:
    for child in system:
        name = local_name(child.tag)
        if name == "Provider":
            fields.provider = (child.get("Name") or "").strip()
        elif name == "EventID":
            fields.event_id = to_int(child.text)
        elif name == "Level":
            fields.level = to_int(child.text)
        elif name == "TimeCreated":
            fields.time = parse_system_time(child.get("SystemTime"))
        elif name == "EventRecordID":
            fields.record_id = to_int(child.text)
        elif name == "Channel":
            fields.channel = (child.text or "").strip()
        elif name == "Computer":
            fields.computer = (child.text or "").strip()
        elif name == "Security":
            fields.user_sid = (child.get("UserID") or "").strip()


def _read_event_data(section: ET.Element, data: dict[str, str]) -> None:
    for position, child in enumerate(section, start=1):
        name = local_name(child.tag)
        if name == "Data":
            key = child.get("Name") or f"Data{position}"
        elif name == "Binary":
            key = "Binary"
        else:
            key = name
        data[unique_key(data, key)] = child.text or ""


def _read_user_data(section: ET.Element, data: dict[str, str]) -> None:
    for wrapper in section:
        for child in wrapper:
            name = local_name(child.tag)
            if len(child) == 0:
                data[unique_key(data, name)] = child.text or ""
                continue
            for sub in child:
                key = f"{name}.{local_name(sub.tag)}"
                data[unique_key(data, key)] = "".join(sub.itertext())


def _read_rendering(section: ET.Element, fields: _Fields) -> None:
    for child in section:
        if local_name(child.tag) == "Message":
            fields.message = child.text or ""


def event_from_element(element: ET.Element, channel: str, origin: str) -> Event:
    """Build an Event from one `<Event>` element; `channel` is used when System has none."""
    fields = _Fields()
    for section in element:
        name = local_name(section.tag)
        if name == "System":
            _read_system(section, fields)
        elif name == "EventData":
            _read_event_data(section, fields.data)
        elif name == "UserData":
            _read_user_data(section, fields.data)
        elif name == "RenderingInfo":
            _read_rendering(section, fields)
    return Event.model_construct(
        channel=fields.channel or channel,
        provider=fields.provider,
        event_id=fields.event_id if fields.event_id is not None else 0,
        level=fields.level,
        time=fields.time,
        record_id=fields.record_id,
        computer=fields.computer,
        user_sid=fields.user_sid,
        data=fields.data,
        message=fields.message,
        error_codes=error_codes(fields.data, fields.message),
        origin=origin,
    )
