"""Pieces shared by the event parsers: the result model and ElementTree element → Event."""

from __future__ import annotations

import gc
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from esr_gui.core.models.events import Event
from esr_gui.core.parse.code_spellings import CODE_FIELD_NAMES, codes_in_fields, find_codes
from esr_gui.core.parse.event_construct import EVENT_DEFAULTS, construct_event

EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event"
EVENT_TAGS = frozenset({f"{{{EVENT_NS}}}Event", "Event"})
USER_DATA_TAGS = frozenset({f"{{{EVENT_NS}}}UserData", "UserData"})
MAX_WARNINGS = 50

_TIME_PARTS = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?\s*(Z|UTC|[+-]\d\d:?\d\d)?",
    re.IGNORECASE,
)
# A superset of what `find_codes` can match: `0x…` or eight hex digits in a row.
_MAYBE_CODE = re.compile(r"0[xX][0-9A-Fa-f]|[0-9A-Fa-f]{8}")
_CACHE_LIMIT = 20_000
_CODE_FIELD_CACHE: dict[str, tuple[str, ...]] = {}
_TEXT_CACHE: dict[str, tuple[str, ...]] = {}
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


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that form no cycles.

    Its full passes over the growing list of events cost more than the parse itself.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def local_name(tag: str) -> str:
    """Element tag without its `{namespace}` prefix."""
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
    if value.tzinfo is UTC:  # the usual `Z`: already what we return
        return value
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
        return int(text)  # the usual decimal; `int` allows the surrounding spaces itself
    except ValueError:
        pass
    stripped = text.strip()
    if not stripped.lower().startswith("0x"):
        return None
    try:
        return int(stripped, 0)
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
    """`codes_in_fields(data)` then `find_codes(message)`, deduplicated, in order.

    Event logs repeat the same texts thousands of times, so each field's codes are
    remembered by value; fields that cannot hold a code are skipped without a regex pass.
    """
    found: list[str] = []
    for name, value in data.items():
        found.extend(_field_codes(name, value))
    if message:
        found.extend(_field_codes("", message))
    if not found:
        return ()
    return tuple(dict.fromkeys(found)) if len(found) > 1 else (found[0],)


def _field_codes(name: str, value: str) -> tuple[str, ...]:
    """`codes_in_fields({name: value})` (name "" = free text: `find_codes`), cached."""
    is_code_field = name.lower() in CODE_FIELD_NAMES if name else False
    cache = _CODE_FIELD_CACHE if is_code_field else _TEXT_CACHE
    codes = cache.get(value)
    if codes is None:
        if not is_code_field and not _MAYBE_CODE.search(value):
            codes = ()
        elif name:
            codes = tuple(codes_in_fields({name: value}))
        else:
            codes = tuple(find_codes(value))
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[value] = codes
    return codes


class _Tags(NamedTuple):
    system: str
    provider: str
    event_id: str
    level: str
    time_created: str
    record_id: str
    channel: str
    computer: str
    security: str
    event_data: str
    user_data: str
    rendering: str
    message: str
    data: str
    binary: str


_TAG_NAMES = (
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
_TAGS_BY_EVENT_TAG: dict[str, _Tags] = {}


def _tags_for(event_tag: str) -> _Tags:
    """Tag names of the parts of an event, in the namespace its `<Event>` element uses."""
    tags = _TAGS_BY_EVENT_TAG.get(event_tag)
    if tags is None:
        prefix = event_tag[: event_tag.rfind("}") + 1] if event_tag.startswith("{") else ""
        tags = _Tags(*(prefix + name for name in _TAG_NAMES))
        if len(_TAGS_BY_EVENT_TAG) < 64:
            _TAGS_BY_EVENT_TAG[event_tag] = tags
    return tags


def _text(parent: ET.Element, tag: str) -> str | None:
    return _text_of(parent.find(tag))


def _text_of(child: ET.Element | None) -> str | None:
    return None if child is None else child.text


def _attribute_of(child: ET.Element | None, name: str) -> str:
    return "" if child is None else (child.get(name) or "").strip()


def _read_event_data(section: ET.Element, tags: _Tags, data: dict[str, str]) -> None:
    for position, child in enumerate(section, start=1):
        tag = child.tag
        if tag == tags.data:
            key = child.get("Name") or f"Data{position}"
        elif tag == tags.binary:
            key = "Binary"
        else:
            key = local_name(tag)
        if key in data:
            key = unique_key(data, key)
        data[_shared(key)] = _shared(child.text or "")


# One copy of each text that thousands of records repeat (field names, channel, provider,
# computer, most values): 50,000 events take ~40% less memory (`make bench`, peak_rss_mb).
_shared = sys.intern


def _read_user_data(section: ET.Element, data: dict[str, str]) -> None:
    for wrapper in section:
        for child in wrapper:
            name = local_name(child.tag)
            if len(child) == 0:
                data[_shared(unique_key(data, name))] = _shared(child.text or "")
                continue
            for sub in child:
                key = f"{name}.{local_name(sub.tag)}"
                data[_shared(unique_key(data, key))] = _shared("".join(sub.itertext()))


def _read_data(element: ET.Element, tags: _Tags) -> dict[str, str]:
    data: dict[str, str] = {}
    section = element.find(tags.event_data)
    if section is not None:
        _read_event_data(section, tags, data)
    section = element.find(tags.user_data)
    if section is not None:
        _read_user_data(section, data)
    return data


def _system_fields(system: ET.Element | None, tags: _Tags, channel: str) -> dict[str, Any]:
    """The System part as Event fields, in the model's field order."""
    if system is None:
        return {**EVENT_DEFAULTS, "channel": channel}
    # Bound methods for the eight look-ups (this runs per record). `findtext` gives "" for a
    # missing text and None for a missing element, which every use below treats alike.
    find, text = system.find, system.findtext
    time_created = find(tags.time_created)
    return {
        "channel": _shared((text(tags.channel) or "").strip() or channel),
        "provider": _shared(_attribute_of(find(tags.provider), "Name")),
        "event_id": to_int(text(tags.event_id)) or 0,
        "level": to_int(text(tags.level)),
        "time": None if time_created is None else parse_system_time(time_created.get("SystemTime")),
        "record_id": to_int(text(tags.record_id)),
        "computer": _shared((text(tags.computer) or "").strip()),
        "user_sid": _shared(_attribute_of(find(tags.security), "UserID")),
    }


def event_from_element(element: ET.Element, channel: str, origin: str) -> Event:
    """Build an Event from one `<Event>` element; `channel` is used when System has none."""
    tags = _tags_for(element.tag)
    values = _system_fields(element.find(tags.system), tags, channel)
    data = _read_data(element, tags)
    rendering = element.find(tags.rendering)
    message = "" if rendering is None else (_text(rendering, tags.message) or "")
    values["data"] = data
    values["message"] = message
    values["error_codes"] = error_codes(data, message)
    values["origin"] = origin
    return construct_event(values)
