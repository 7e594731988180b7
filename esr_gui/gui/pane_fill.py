"""Put one Analysis into every pane of the main window (the views stay dumb).

The header and the checklist are fixed parts of the window; the tabs are the panes of
`gui/panes.py`, each a `TabPaneView` fed in a loop, so a new tab needs no line here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from esr_gui.core.models.findings import Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.gui.device_facts import FieldRow, dsreg_input_row, dsreg_rows, registry_rows
from esr_gui.gui.network_rows import network_rows
from esr_gui.gui.pipeline import Analysis
from esr_gui.gui.present import banner_text, device_html
from esr_gui.ui.forms.ui_main_window import Ui_MainWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from esr_gui.gui.slices import Slices


@dataclass(frozen=True)
class PaneContext:
    """What a pane may need besides the analysis: the zone the viewer reads times in
    (None = this machine's)."""

    viewer_tz: tzinfo | None = None


@runtime_checkable
class TabPaneView(Protocol):
    """What every tab pane of the main window does (gui/panes.py lists them)."""

    def show_analysis(self, analysis: Analysis, context: PaneContext) -> None:
        """Show a diagnosed capture."""

    def show_empty(self, capturing: bool) -> None:
        """What the pane says before anything was opened (or while the first capture runs)."""


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


def show_empty(panes: Sequence[TabPaneView], capturing: bool = False) -> None:
    """What the tab panes say before anything was opened (or while the first capture runs)."""
    for pane in panes:
        pane.show_empty(capturing)


def fill_panes(
    ui: Ui_MainWindow,
    panes: Sequence[TabPaneView],
    analysis: Analysis,
    confirmed: set[str],
    *,
    viewer_tz: tzinfo | None = None,
    keep_selection: bool = True,
) -> Iterator[None]:
    """Header, checklist, every tab pane in tab order, then the selected check: one step per
    part (a generator; `gui/slices.py` runs the steps between event-loop turns, so showing a
    big capture never freezes the window for the sum of them).

    `keep_selection`: a re-diagnosis of the same source keeps the check the technician
    selected; a newly opened or pasted source selects the headline's finding, so the Fix
    pane opens on the cause the headline names. Times read on the device's clock and on the
    viewer's (`viewer_tz`, None = this machine's).
    """
    selected = ui.checklist.current_finding_id() if keep_selection else ""
    ui.header.set_device(device_html(analysis, viewer_tz))
    ui.header.set_banner(banner_text(analysis))
    ui.header.set_headline(
        analysis.headline,
        status=analysis.headline_status,
        focus_id=analysis.headline_finding_id,
    )
    yield
    yield from ui.checklist.show_findings(analysis.findings, confirmed)
    context = PaneContext(viewer_tz)
    for pane in panes:
        yield
        pane.show_analysis(analysis, context)
    focus = analysis.headline_finding_id or ""
    target = selected or focus
    if target and not ui.checklist.select_finding(target):
        ui.checklist.select_finding(focus)


def frozen_parts(ui: Ui_MainWindow) -> tuple[QWidget, ...]:
    """The parts of the window a fill changes, in the order they are shown again."""
    return (ui.header, ui.checklist, ui.fixPanel, ui.tabs)


def while_frozen(job: Iterator[None], parts: Sequence[QWidget], slices: Slices) -> Iterator[None]:
    """Run `job` (a fill) while `parts` do not repaint, then let them repaint one per turn.

    Repainting after every part of a fill relaid out half the window each time; one repaint
    at the end costs as much as the biggest of those in one go (~60 ms with a big capture:
    `make bench`, ui_max_stall_big_ms), so each part paints in its own turn. Whatever ends
    the job (its end, a newer fill replacing it, an error), the parts repaint again."""
    for part in parts:
        part.setUpdatesEnabled(False)
    try:
        yield from job
        for part in parts:
            part.setUpdatesEnabled(True)
            slices.end_turn()
            yield
    finally:
        for part in parts:
            part.setUpdatesEnabled(True)
