"""Where things sit in a raw text: region keys for dsregcmd fields, registry keys and values,
and event records (the raw view highlights and jumps to these lines)."""

from __future__ import annotations

import re
from datetime import datetime

from esr_gui.core.models.dsreg import DsregStatus, normalize_key
from esr_gui.core.models.registry import key_id

_REG_KEY = re.compile(r"^\s*\[(?!-)(?P<path>[^\]]+)\]\s*$")
_REG_VALUE = re.compile(r'^\s*(?:"(?P<name>(?:[^"\\]|\\.)*)"|(?P<default>@))\s*=')
_ESCAPE = re.compile(r"\\(.)")


def dsreg_field(key: str, section: str = "") -> str:
    """Region key of a dsregcmd field; without `section`, its first printing anywhere."""
    return f"field:{normalize_key(section)}:{normalize_key(key)}"


def dsreg_regions(status: DsregStatus) -> dict[str, int]:
    """Each printed field's line, by section and key and by key alone (first printing wins)."""
    regions: dict[str, int] = {}
    for section in status.sections:
        for f in section.fields:
            if f.line <= 0:
                continue
            regions.setdefault(dsreg_field(f.key, section.name), f.line)
            regions.setdefault(dsreg_field(f.key), f.line)
    return regions


def reg_key(path: str) -> str:
    """Region key of a registry key (hive spelling and case ignored); "" if not a key path."""
    try:
        return "key:" + key_id(path)
    except ValueError:
        return ""


def reg_value(path: str, name: str) -> str:
    """Region key of a value of a registry key ("" is the default value)."""
    key = reg_key(path)
    return f"value:{key[4:]}\\{name.lower()}" if key else ""


def reg_regions(text: str) -> dict[str, int]:
    """The line of every `[key]` and of every value line (`"name"=` or `@=`) under it."""
    regions: dict[str, int] = {}
    current = ""
    for number, line in enumerate(text.split("\n"), start=1):
        header = _REG_KEY.match(line)
        if header:
            current = header.group("path")
            key = reg_key(current)
            if key:
                regions.setdefault(key, number)
            else:
                current = ""
            continue
        value = _REG_VALUE.match(line)
        if value and current:
            name = "" if value.group("default") else _ESCAPE.sub(r"\1", value.group("name"))
            regions.setdefault(reg_value(current, name), number)
    return regions


def event_key(
    channel: str, record_id: int | None, event_id: int | None = None, when: datetime | None = None
) -> str:
    """Region key of an event record: its channel and record id (else its id and time)."""
    if record_id is not None:
        return f"event:{channel.lower()}#{record_id}"
    if event_id is None:
        return ""
    return f"event:{channel.lower()}@{event_id}@{when.isoformat() if when else ''}"
