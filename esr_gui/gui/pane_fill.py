"""Put one Analysis into every pane of the main window (the views stay dumb)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo

from esr_gui.core.models.findings import Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.gui.device_facts import FieldRow, dsreg_input_row, dsreg_rows, registry_rows
from esr_gui.gui.models.events_model import EventClock
from esr_gui.gui.network_rows import network_rows
from esr_gui.gui.pipeline import Analysis
from esr_gui.gui.present import banner_text, device_html
from esr_gui.ui.forms.ui_main_window import Ui_MainWindow


def device_rows(snapshot: Snapshot, findings: Iterable[Finding] = ()) -> list[FieldRow]:
    """dsregcmd sections (or why there are none) and the registry facts.

    The verdicts of fields whose fact a finding owns follow that finding (`findings`).
    """
    verdicts = {f.id: f.status for f in findings}
    rows: list[FieldRow] = []
    state = dsreg_input_row(snapshot)  # unreadable, missing or partial: said first
    if state is not None:
        rows.append(state)
    if snapshot.dsregcmd is not None:
        rows.extend(dsreg_rows(snapshot.dsregcmd, verdicts))
    if snapshot.registry.keys or snapshot.source.kind not in ("pasted", "dsregcmd"):
        rows.extend(registry_rows(snapshot, verdicts))
    else:
        rows.append(
            FieldRow("Registry facts", "a dsregcmd text carries no registry values", "", "")
        )
    rows.extend(network_rows(snapshot))
    return rows


def problem_lines(snapshot: Snapshot) -> list[tuple[str, str]]:
    """Unusable members (fail), parser warnings (warn), dsregcmd repairs (warn)."""
    lines = [("fail", f"{p.member}: {p.message}") for p in snapshot.problems]
    lines += [("warn", f"{w.member}: {w.message}") for w in snapshot.warnings]
    if snapshot.dsregcmd is not None:
        lines += [("warn", f"dsregcmd text: {w}") for w in snapshot.dsregcmd.warnings]
    return lines


def show_empty(ui: Ui_MainWindow, capturing: bool = False) -> None:
    """What the panes say before anything was opened (or while the first capture runs)."""
    if capturing:
        row = FieldRow("Capturing this device…", "", "the panes fill in when it is done")
    else:
        row = FieldRow("No device loaded yet", "", "File › Open bundle / Paste")
    ui.devicePane.set_rows([row])
    ui.devicePane.set_problems([("info", "Nothing has been read yet.")])
    ui.eventsPane.set_events([], None)
    ui.eventsPane.set_channel_states([])


def fill_panes(
    ui: Ui_MainWindow,
    analysis: Analysis,
    confirmed: set[str],
    viewer_tz: tzinfo | None = None,
    keep_selection: bool = True,
) -> None:
    """Header, checklist, device status, events, known issues, then the selected check.

    `keep_selection`: a re-diagnosis of the same source keeps the check the technician
    selected; a newly opened or pasted source selects the headline's finding, so the Fix
    pane opens on the cause the headline names. Times read on the device's clock and on the
    viewer's (`viewer_tz`, None = this machine's).
    """
    snap = analysis.snapshot
    selected = ui.checklist.current_finding_id() if keep_selection else ""
    ui.header.set_device(device_html(analysis, viewer_tz))
    ui.header.set_banner(banner_text(analysis))
    ui.header.set_headline(analysis.headline)
    ui.checklist.model.set_findings(analysis.findings, confirmed)
    ui.devicePane.set_rows(device_rows(snap, analysis.findings))
    ui.devicePane.set_problems(problem_lines(snap))
    reference = snap.manifest.created if snap.manifest else None
    ui.eventsPane.set_events(list(snap.events), reference, EventClock(snap.manifest, viewer_tz))
    ui.eventsPane.set_channel_states(list(snap.channels))
    ui.knownPane.model.set_findings(analysis.findings)
    target = selected or analysis.headline.finding_id or ""
    if target and not ui.checklist.select_finding(target):
        ui.checklist.select_finding(analysis.headline.finding_id or "")
