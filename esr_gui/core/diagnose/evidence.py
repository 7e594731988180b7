"""Evidence constructors: every fact a rule cites, in the same shape whatever its source."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from esr_gui.core.dsreg_facts import FieldRef
from esr_gui.core.knowledge.events import event_meaning
from esr_gui.core.models.events import Event
from esr_gui.core.models.findings import Evidence
from esr_gui.core.models.registry import RegValue

NOTE_LIMIT = 240


def _short(text: str, limit: int = NOTE_LIMIT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3].rstrip() + "..."


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def from_field(ref: FieldRef, note: str = "") -> Evidence:
    """A dsregcmd field: key as printed, its value, and where it was printed (section, line)."""
    where = f"section {ref.section}" + (f", line {ref.line}" if ref.line else "")
    return Evidence(source="dsregcmd", field=ref.key, value=ref.value, note=_join(where, note))


def from_fields(refs: Iterable[FieldRef | None], note: str = "") -> list[Evidence]:
    """Evidence for each printed field (None entries, fields not printed, are skipped)."""
    return [from_field(ref, note) for ref in refs if ref is not None]


def from_reg_value(path: str, name: str, value: RegValue | None, note: str = "") -> Evidence:
    """A registry value, `KEY\\name`, with its data as a technician reads it (or "(not set)")."""
    shown = value.as_text() if value is not None else "(not set)"
    label = name or "(Default)"
    return Evidence(source="registry", field=f"{path}\\{label}", value=shown, note=note)


def from_reg_key(path: str, value: str, note: str = "") -> Evidence:
    """A registry key as a whole: present, absent, or what its subkeys say."""
    return Evidence(source="registry", field=path, value=value, note=note)


def from_event(event: Event, value: str = "", note: str = "") -> Evidence:
    """An event with channel, id, time and record id; `value` is usually the error code."""
    meaning = event_meaning(event.channel, event.event_id) or ""
    detail = event.data.get("ErrorMessage") or event.message or event.data.get("Message", "")
    return Evidence(
        source="event",
        field=f"{event.provider or event.channel} event {event.event_id}",
        value=value or ", ".join(event.error_codes),
        note=_short(_join(note, meaning, detail)),
        channel=event.channel,
        event_id=event.event_id,
        time=event.time,
        record_id=event.record_id,
    )


def from_system(name: str, value: bool | datetime | str | None, note: str = "") -> Evidence:
    """A fact from system.json (None shows as "not known")."""
    if value is None:
        shown = "not known"
    elif isinstance(value, datetime):
        shown = value.isoformat()
    else:
        shown = str(value).lower() if isinstance(value, bool) else value
    return Evidence(source="system", field=f"system.json {name}", value=shown, note=note)


def from_manifest(name: str, value: str, note: str = "") -> Evidence:
    """A field of manifest.json (capture context, computer name...)."""
    return Evidence(source="manifest", field=f"manifest.json {name}", value=value, note=note)


def from_upn(value: str, origin: str, note: str = "") -> Evidence:
    """A user principal name and where it was read (whoami /upn, dsregcmd, LogonUI)."""
    return Evidence(source="upn", field=origin, value=value, note=note)


def decisive_first(decisive: Iterable[Evidence], context: Iterable[Evidence]) -> list[Evidence]:
    """The facts that decide a verdict, then the context, each once.

    Reports show the first few items and then "+N more": what decides must come first.
    """
    out: list[Evidence] = []
    for item in [*decisive, *context]:
        if item not in out:
            out.append(item)
    return out
