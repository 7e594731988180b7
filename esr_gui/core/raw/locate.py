"""Evidence → the member and line of the raw text that shows it."""

from __future__ import annotations

import re

from esr_gui.core.models.findings import Evidence
from esr_gui.core.raw.model import Location, RawCapture, RawMember
from esr_gui.core.raw.regions import dsreg_field, event_key, reg_key, reg_value

# `core/diagnose/evidence.from_field` writes "section <name>[, line <n>]" into the note.
_WHERE = re.compile(r"^section (?P<section>[^;]+?)(?:, line (?P<line>\d+))?(?:;|$)")
_DEFAULT_VALUE = "(Default)"


def locate(evidence: Evidence, raw: RawCapture) -> Location | None:
    """Where `evidence` is printed in the raw texts, or None when no raw text shows it
    (system facts, the manifest, Graph answers, a value that was not set)."""
    if evidence.source == "dsregcmd":
        return _dsreg(evidence, raw)
    if evidence.source == "registry":
        return _registry(evidence.field, raw)
    if evidence.source == "event" and evidence.channel:
        wanted = event_key(evidence.channel, evidence.record_id, evidence.event_id, evidence.time)
        return _find(raw, "events", (wanted,)) if wanted else None
    return None


def _find(raw: RawCapture, kind: str, keys: tuple[str, ...]) -> Location | None:
    """The first of `keys` (in order of preference) found in a member of `kind`."""
    for key in keys:
        for member in raw.members:
            if member.kind == kind and key and key in member.regions:
                return Location(member.name, member.regions[key])
    return None


def _dsreg(evidence: Evidence, raw: RawCapture) -> Location | None:
    member = next((m for m in raw.members if m.kind == "dsregcmd"), None)
    if member is None or not evidence.field:
        return None
    where = _WHERE.match(evidence.note)
    if where and where.group("line") and _has_line(member, int(where.group("line"))):
        return Location(member.name, int(where.group("line")))
    section = where.group("section") if where else ""
    keys = (dsreg_field(evidence.field, section), dsreg_field(evidence.field))
    return _find(raw, "dsregcmd", keys)


def _has_line(member: RawMember, line: int) -> bool:
    return 1 <= line <= member.line_count


def _registry(field: str, raw: RawCapture) -> Location | None:
    """`KEY\\name` (a value) or `KEY` (a key as a whole); an unset value points at its key."""
    path, _, name = field.rpartition("\\")
    name = "" if name == _DEFAULT_VALUE else name
    keys = (reg_value(path, name), reg_key(field), reg_key(path)) if path else (reg_key(field),)
    found = _find(raw, "reg", keys)
    if found is None and field.lower().startswith("hkcu\\"):
        return _user_hive(field, raw)
    return found


def _user_hive(field: str, raw: RawCapture) -> Location | None:
    """An `HKCU\\…` path exported from `HKEY_USERS\\<SID>\\…` (a capture run as another user)."""
    path, _, name = field.rpartition("\\")
    name = "" if name == _DEFAULT_VALUE else name
    for wanted in (reg_value(path, name), reg_key(field), reg_key(path)):
        kind, _, rest = wanted.partition(":")
        tail = rest.removeprefix("hkcu")
        for member in (m for m in raw.members if m.kind == "reg"):
            for key, line in member.regions.items():
                their_kind, _, their = key.partition(":")
                _sid, _, their_tail = their.removeprefix("hku\\").partition("\\")
                if their_kind == kind and their.startswith("hku\\") and "\\" + their_tail == tail:
                    return Location(member.name, line)
    return None
