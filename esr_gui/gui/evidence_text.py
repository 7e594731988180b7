"""Plain-text forms of findings and evidence, shared by the panes and the copied summary."""

from __future__ import annotations

from datetime import datetime

from esr_gui.core.knowledge.code_text import annotate_codes
from esr_gui.core.models.findings import Evidence


def short_channel(channel: str) -> str:
    """`Microsoft-Windows-AAD/Operational` → `AAD/Operational`."""
    return channel.removeprefix("Microsoft-Windows-")


def when(moment: datetime | None) -> str:
    """A time as a technician reads it, with its UTC offset."""
    if moment is None:
        return "time unknown"
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    offset = moment.strftime("%z")
    if offset:
        text += f" (UTC{offset[:3]}:{offset[3:]})"
    return text


def evidence_line(ev: Evidence) -> str:
    """One line: where the fact came from, the field, and its value (known codes explained)."""
    ev = ev.model_copy(update={"value": annotate_codes(ev.value, ev.note)})
    if ev.source == "event":
        where = short_channel(ev.channel or "")
        head = f"event {ev.event_id} in {where}" if ev.event_id is not None else f"event in {where}"
        if ev.time is not None:
            head += f" at {when(ev.time)}"
        body = f"{ev.field} = {ev.value}" if ev.field else ev.value
        text = f"{head}: {body}" if body else head
    else:
        value = ev.value if ev.value != "" else "(empty)"
        text = f"{ev.source} · {ev.field} = {value}" if ev.field else f"{ev.source} · {value}"
    if ev.note:
        text += f" — {ev.note}"
    return text
