"""Evidence anywhere in the window opens the Raw text tab at its line: a checklist detail's
evidence link, a Device status row (a dsregcmd field), an event row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from esr_gui.core.models.events import Event
from esr_gui.core.models.findings import Evidence
from esr_gui.core.raw import locate
from esr_gui.gui.views.device_pane import DevicePane
from esr_gui.gui.views.events_pane import EventsPane
from esr_gui.gui.views.raw_pane import RawPane

if TYPE_CHECKING:
    from esr_gui.gui.main_window import MainWindow


def connect_raw_links(window: MainWindow) -> None:
    """Wire the evidence links of `window` to its Raw text tab (nothing when it has none)."""
    try:
        raw = window.panes.get(RawPane)
    except KeyError:
        return

    def printed(evidence: Evidence) -> bool:
        analysis = window.session.analysis
        return analysis is not None and locate(evidence, analysis.raw) is not None

    checklist = window.ui.checklist
    checklist.evidence_link = printed
    checklist.evidence_clicked.connect(raw.show_evidence)
    for pane in window.panes.widgets:
        if isinstance(pane, DevicePane):
            pane.field_activated.connect(lambda s, k: _open_field(window, raw, s, k))
        if isinstance(pane, EventsPane):
            pane.event_activated.connect(lambda e: _open_event(window, raw, e))


def _open_field(window: MainWindow, raw: RawPane, section: str, key: str) -> None:
    """A Device status row: a dsregcmd field opens at its line; other rows say why not."""
    evidence = Evidence(source="dsregcmd", field=key, note=f"section {section}")
    if not _open(raw, evidence):
        window.show_message(f"“{key}” is not a line of the dsregcmd text.")


def _open_event(window: MainWindow, raw: RawPane, event: Event) -> None:
    evidence = Evidence(
        source="event",
        field=f"event {event.event_id}",
        channel=event.channel,
        event_id=event.event_id,
        time=event.time,
        record_id=event.record_id,
    )
    if not _open(raw, evidence):
        window.show_message("This event is not in the raw text (its record was not kept).")


def _open(raw: RawPane, evidence: Evidence) -> bool:
    """Open the raw view only where the evidence is printed (a row is not always a line)."""
    return locate(evidence, raw.raw) is not None and raw.show_evidence(evidence)
