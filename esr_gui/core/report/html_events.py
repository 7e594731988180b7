"""The report's event excerpts (only events a finding cites) and the capture's own notes."""

from __future__ import annotations

from datetime import tzinfo

from esr_gui.core.knowledge.code_meanings import describe_code
from esr_gui.core.knowledge.events import event_meaning
from esr_gui.core.models.events import Event
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.report.html_util import anchor_id, esc
from esr_gui.core.report.provenance import format_device_time

MAX_EXCERPT = 600
MAX_EVENTS = 200

EventKey = tuple[str, int, str]


def _key(channel: str, record_id: int | None, event_id: int | None, time: object) -> EventKey:
    """Record id identifies an event within its channel; without one, id + time do."""
    if record_id is not None:
        return (channel.lower(), record_id, "")
    return (channel.lower(), -1 if event_id is None else event_id, str(time))


def _event_key(event: Event) -> EventKey:
    return _key(event.channel, event.record_id, event.event_id, event.time)


def _evidence_key(ev: Evidence) -> EventKey:
    return _key(ev.channel or "", ev.record_id, ev.event_id, ev.time)


def cited_events(snapshot: Snapshot, findings: list[Finding]) -> list[tuple[Event, list[str]]]:
    """Events cited as evidence, each once, in time order, with the ids citing them."""
    citing: dict[EventKey, list[str]] = {}
    for finding in findings:
        for ev in finding.evidence:
            if ev.source == "event" and ev.channel:
                ids = citing.setdefault(_evidence_key(ev), [])
                if finding.id not in ids:
                    ids.append(finding.id)
    found = [(e, citing[_event_key(e)]) for e in snapshot.events if _event_key(e) in citing]
    return found[:MAX_EVENTS]


def events_section(snapshot: Snapshot, findings: list[Finding], viewer_tz: tzinfo | None) -> str:
    """A table of the events that mattered: channel, id, time, record, codes explained."""
    events = cited_events(snapshot, findings)
    title = "<h2 id='events'>Events that mattered</h2>"
    if not events:
        return title + "<p class='muted'>No finding rests on an event record.</p>"
    head = (
        "<thead><tr><th>Time</th><th>Channel · event</th><th>Record</th>"
        "<th>Error codes</th><th>Message</th></tr></thead>"
    )
    body = "".join(_event_row(e, ids, snapshot, viewer_tz) for e, ids in events)
    return f"{title}<table class='events'>{head}<tbody>{body}</tbody></table>"


def _event_row(event: Event, ids: list[str], snapshot: Snapshot, viewer_tz: tzinfo | None) -> str:
    when = format_device_time(event.time, snapshot.manifest, viewer_tz) if event.time else "?"
    meaning = event_meaning(event.channel, event.event_id)
    what = f"{event.channel} · {event.event_id}"
    level = f" ({event.level_name})" if event.level_name else ""
    detail = f"<br><span class='muted'>{esc(meaning)}</span>" if meaning else ""
    codes = "<br>".join(esc(describe_code(c)) for c in event.error_codes) or "–"
    cited = ", ".join(f"<a href='#{anchor_id(i)}'>{esc(i)}</a>" for i in ids)
    message = event.message or "; ".join(f"{k}={v}" for k, v in event.data.items())
    return (
        f"<tr><td>{esc(when)}</td><td>{esc(what + level)}{detail}<br>"
        f"<span class='muted'>cited by {cited}</span></td>"
        f"<td>{esc(event.record_id if event.record_id is not None else '?')}</td>"
        f"<td class='mono'>{codes}</td>"
        f"<td><pre class='excerpt'>{esc(message, MAX_EXCERPT)}</pre></td></tr>"
    )


def capture_notes(snapshot: Snapshot) -> str:
    """Members that could not be used, what parsers repaired, channels not read."""
    items = [
        f"<li><strong>Not usable:</strong> {esc(p.member)}: {esc(p.message)}</li>"
        for p in snapshot.problems
    ]
    items += [
        f"<li>Repaired while reading {esc(w.member)}: {esc(w.message)}</li>"
        for w in snapshot.warnings
    ]
    items += [
        f"<li>Event log {esc(c.channel)}: {esc(c.state)}"
        + (f" ({esc(c.message)})" if c.message else "")
        + "</li>"
        for c in snapshot.channels
        if c.state not in ("captured", "empty")
    ]
    title = "<h2 id='capture'>About this capture</h2>"
    if not items:
        return title + "<p class='muted'>Every member of the capture was read without trouble.</p>"
    return f"{title}<ul class='compact'>{''.join(items[:500])}</ul>"
