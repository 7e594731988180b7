"""AAD Operational errors no other finding decides, counted and decoded (ev.sync-log-errors).

Beyond the 2017 guide (CMTrace Open's `event-log-aad-errors` counts them; we also decode them).
Level-Error events only. Left out, because a finding already decides them: 1098 with 0xCAA5001C
(ki.event-1098-token-broker) and events carrying MFA or expiry markers (mfa.*, prt.*).
"""

from __future__ import annotations

from collections import Counter

from esr_gui.core.diagnose.aad import expiry_markers, mfa_markers
from esr_gui.core.diagnose.evidence import from_event
from esr_gui.core.diagnose.ki_events import TOKEN_BROKER_FAILED
from esr_gui.core.knowledge.code_text import code_label
from esr_gui.core.knowledge.events import AAD_OPERATIONAL
from esr_gui.core.models.events import Event
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.models.snapshot import Snapshot

ERROR_LEVEL = 2
SHOWN = 5
AAD_NOTE = (
    " The AAD Operational log holds {count} error event(s) no other check decides: "
    "{listing}. They are token requests that failed; read them when sign-in or sync fails."
)


def undecided_aad_errors(snap: Snapshot) -> list[Event]:
    """AAD Operational level-Error events that no other finding decides, oldest first."""
    return [
        e
        for e in snap.events_in(AAD_OPERATIONAL)
        if e.level == ERROR_LEVEL
        and not e.has_code(TOKEN_BROKER_FAILED)
        and not mfa_markers(e)
        and not expiry_markers(e)
    ]


def _key(event: Event) -> str:
    return event.error_codes[0] if event.error_codes else f"event {event.event_id} (no code)"


def _describe(key: str, count: int) -> str:
    label = code_label(key) if key.startswith("0x") else ""
    return f"{key}{' ' + label if label else ''} ×{count}"


def aad_errors_note(snap: Snapshot) -> tuple[str, list[Evidence]]:
    """The sentence and evidence on undecided AAD errors, or ("", []) when there are none."""
    events = undecided_aad_errors(snap)
    if not events:
        return "", []
    counts = Counter(_key(e) for e in events)
    top = [key for key, _ in counts.most_common(SHOWN)]
    newest = {_key(e): e for e in events}
    listing = "; ".join(_describe(key, counts[key]) for key in top)
    if len(counts) > SHOWN:
        listing += f"; and {len(counts) - SHOWN} more"
    evidence = [from_event(newest[key]) for key in top]
    return AAD_NOTE.format(count=len(events), listing=listing), evidence


def with_aad_errors(snap: Snapshot, finding: Finding) -> Finding:
    """ev.sync-log-errors with the undecided AAD errors added (`info` when it had nothing)."""
    note, evidence = aad_errors_note(snap)
    if not note:
        return finding
    update: dict[str, object] = {
        "explanation": finding.explanation + note,
        "evidence": [*finding.evidence, *evidence],
    }
    if finding.status == "not-applicable":
        update.update(status="info", title="AAD Operational log holds other error events")
    return finding.model_copy(update=update)
