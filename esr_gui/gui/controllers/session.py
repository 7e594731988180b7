"""The session: what is open now (source, snapshot, findings), manual ticks, and loading.

Loading and diagnosis always run as worker jobs; a failure leaves the previous analysis in
place and is announced with a user-facing message (`load_failed`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from esr_gui.core.models.snapshot import Snapshot
from esr_gui.gui.pipeline import Analysis, Source, analyse, load_source
from esr_gui.gui.preload import big_build
from esr_gui.gui.workers import Reporter, TaskRunner, WorkerFailure

log = logging.getLogger(__name__)


class SessionController(QObject):
    """Owns the current Analysis and the technician's confirmed manual checks.

    Signals: `busy(text)` when work starts, `analysis_changed(Analysis)` when it is ready,
    `load_failed(Source, message)` when a source could not be opened or diagnosed.
    """

    busy = Signal(str)
    analysis_changed = Signal(object)
    load_failed = Signal(object, str)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.analysis: Analysis | None = None
        self.confirmed: set[str] = set()
        self.live_members: dict[str, bytes] | None = None
        self.graph_members: dict[str, bytes] | None = None  # a tenant check's `graph/` answers
        self._device_key: str | None = None
        self._generation = 0

    def open(self, source: Source) -> None:
        """Load and diagnose `source` in the background."""
        self.busy.emit(f"Opening {source.label}…")
        self.graph_members = None
        self._generation += 1
        generation = self._generation

        def job(reporter: Reporter) -> Analysis:
            with big_build():
                reporter.progress(f"Reading {source.label}…")
                snapshot = load_source(source)
                reporter.progress("Diagnosing…")
                return analyse(snapshot, source)

        self.runner.run(
            f"Opening {source.label}",
            job,
            lambda analysis: self._on_opened(analysis, generation),
            lambda failure: self._on_failed(source, failure),
            self.busy.emit,
        )

    def _on_opened(self, analysis: Analysis, generation: int) -> None:
        if generation != self._generation:
            log.info(
                "%s finished after a newer source was opened; not shown", analysis.source.label
            )
            return
        self._on_ready(analysis)

    def rediagnose(self, on_done: Callable[[Analysis], None] | None = None) -> None:
        """Diagnose the current snapshot again (an offline bundle cannot be re-captured)."""
        current = self.analysis
        if current is None:
            return
        self.busy.emit("Diagnosing again…")
        members = self.live_members

        def done(result: Analysis) -> None:
            self._on_ready(result)
            if on_done is not None:
                on_done(result)

        self.runner.run(
            "Diagnosing again",
            lambda _r: analyse(current.snapshot, current.source, members),
            done,
            lambda failure: self._on_failed(current.source, failure),
        )

    def adopt(self, analysis: Analysis, live_members: dict[str, bytes] | None = None) -> None:
        """Show an analysis made elsewhere (a live capture); keeps the capture's members."""
        self.live_members = live_members
        self.graph_members = None  # a new capture: the tenant is checked again if wanted
        self._on_ready(analysis)

    def adopt_tenant(self, analysis: Analysis, graph_members: dict[str, bytes]) -> None:
        """Show the analysis with a tenant check's Graph data; its members are saved with the
        bundle (replacing any `graph/` the source had)."""
        self.graph_members = dict(graph_members)
        if analysis.source.kind == "live" and self.live_members is not None:
            kept = {n: d for n, d in self.live_members.items() if not _is_graph(n)}
            self.live_members = {**kept, **graph_members}
        self._on_ready(analysis)

    def _on_ready(self, analysis: Analysis) -> None:
        key = _device_key(analysis.snapshot, analysis.source)
        if key != self._device_key:
            self.confirmed = set()
            self._device_key = key
        if analysis.source.kind != "live":
            self.live_members = None
        self.analysis = analysis
        log.info(
            "%s: %d findings; headline: %s",
            analysis.source.label,
            len(analysis.findings),
            analysis.headline.cause,
        )
        self.analysis_changed.emit(analysis)

    def _on_failed(self, source: Source, failure: WorkerFailure) -> None:
        self.load_failed.emit(source, failure.message)

    def set_confirmed(self, finding_id: str, confirmed: bool) -> None:
        """Remember a manual tick for this session."""
        if confirmed:
            self.confirmed.add(finding_id)
        else:
            self.confirmed.discard(finding_id)


def _is_graph(name: str) -> bool:
    return name.lower().startswith("graph/")


def _device_key(snapshot: Snapshot, source: Source) -> str:
    """Ticks survive a refresh of the same device, not a switch to another source."""
    if source.kind == "live":
        return "live"
    return f"{source.kind}:{source.path or source.name or ''}"
