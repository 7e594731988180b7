"""One event's detail: what it means first, then its other codes, then the record itself."""

from __future__ import annotations

import html

from esr_gui.core.models.events import Event
from esr_gui.gui import knowledge
from esr_gui.gui.evidence_text import short_channel
from esr_gui.gui.models.events_model import EventClock, known_code, meaning


def event_html(event: Event, clock: EventClock | None = None) -> str:
    """Everything about one event; what it means comes first, then the codes, then the rest."""
    esc = html.escape
    clock = clock or EventClock()
    out = [
        f"<b>{esc(short_channel(event.channel))} · event {event.event_id}</b> · "
        f"{esc(event.level_name or 'level unknown')} · {esc(clock.full(event.time))}"
    ]
    explained = known_code(event)
    if explained:
        text = knowledge.explain_code(explained)
        out.append(f"<p><b>What {esc(explained)} means:</b> {esc(text)}</p>")
    elif meaning(event):
        out.append(f"<p><b>What event {event.event_id} means:</b> {esc(meaning(event))}</p>")
    others = [
        f"<b>{esc(c)}</b>: {esc(knowledge.explain_code(c) or 'not in the knowledge table')}"
        for c in event.error_codes
        if c != explained
    ]
    if others:
        out.append("<p>Other error codes: " + "; ".join(others) + "</p>")
    out.append(
        f"<p><small>{esc(event.provider)} · record {event.record_id or '—'} · "
        f"{esc(event.computer)}</small></p>"
    )
    if event.message:
        out.append(f"<pre style='white-space: pre-wrap'>{esc(event.message)}</pre>")
    if event.data:
        rows = "".join(
            f"<tr><td><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in event.data.items()
        )
        out.append(f"<table cellspacing=4>{rows}</table>")
    return "".join(out)
