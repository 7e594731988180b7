"""The guided fix: plan the remedies of a finding, confirm, run, check again, compare; restore.

Planning (it reads the profile's files), running and restoring are worker jobs. The
confirmation comes from the injectable Dialogs seam; only then is a Confirmation made.
After a run the device is captured again (live) or the same data diagnosed again (a bundle
cannot be re-captured), and the targeted findings are shown before and after.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from esr_gui.core.compare import Comparison
from esr_gui.core.models.findings import Finding
from esr_gui.core.remedy.catalog import CATALOG, spec
from esr_gui.core.remedy.compare import compare_findings
from esr_gui.core.remedy.confirm import Confirmation
from esr_gui.core.remedy.plan_view import needs_line
from esr_gui.core.remedy.plans import Plan
from esr_gui.core.remedy.results import RemedyResult
from esr_gui.gui.compare_recheck import recheck_comparison, recheck_line_html
from esr_gui.gui.controllers.session import SessionController
from esr_gui.gui.dialogs import Dialogs
from esr_gui.gui.pipeline import Analysis
from esr_gui.gui.present_remedy import comparison_html, plan_html, profile_line, result_html
from esr_gui.gui.views.fix_panel import PLANNING, FixPanel
from esr_gui.gui.workers import TaskRunner, WorkerFailure

if TYPE_CHECKING:  # the remedy engine (hashlib, the file operations) loads on first use
    from esr_gui.platform.remedies import RemedyEngine

log = logging.getLogger(__name__)
EngineFactory = Callable[[], "RemedyEngine"]
RECAPTURED = "The device was captured again after the run."
NO_CAPTURE = (
    "Cannot capture here: live capture needs Windows. Run ESR Troubleshooter on the PC to be fixed."
)
CAPTURING = "<p>Capturing this PC; the plan is made again from the new capture.</p>"
NOT_ON_THIS_PC = (
    "<p>The capture of this PC no longer offers “{remedy}” for “{title}”, so there is nothing "
    "to plan for it here; the checklist shows what this PC needs.</p>"
)
REDIAGNOSED = (
    "This is an offline bundle: it cannot be re-captured, so the same data was diagnosed "
    "again. Capture the device again (or ask for a new bundle) to see the real effect."
)


@dataclass(frozen=True)
class _Pending:
    before: tuple[Finding, ...]
    targets: tuple[str, ...]
    result: RemedyResult
    analysis: Analysis | None = None  # the whole "before", for the full comparison


def default_engine() -> RemedyEngine:
    """The engine of this machine (data dir from platformdirs or the env override)."""
    from esr_gui.platform.remedies import RemedyEngine, RemedyEnvironment  # noqa: PLC0415

    return RemedyEngine(RemedyEnvironment.default())


def remedy_params(remedy_id: str, finding: Finding | None) -> dict[str, object]:
    """Parameters to plan `remedy_id` with for `finding`: the record's defaults
    (`RemedySpec.default_params`), from the finding's id and the channels of its evidence."""
    if finding is None:
        return spec(remedy_id).default_params()
    channels = [e.channel for e in finding.evidence if e.channel]
    return spec(remedy_id).default_params(finding.id, channels)


class FixController(QObject):
    """Drives the FixPanel for the selected finding. `recapture_requested` after a live run;
    `capture_requested` when the technician asks to capture this PC and plan again."""

    recapture_requested = Signal()
    capture_requested = Signal()
    comparison_shown = Signal(object)

    def __init__(
        self,
        panel: FixPanel,
        session: SessionController,
        *,
        runner: TaskRunner,
        dialogs: Dialogs,
        engine_factory: EngineFactory = default_engine,
        live: Callable[[], bool] = lambda: False,
        can_capture: Callable[[], bool] = lambda: False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel, self.session, self.runner, self.dialogs = panel, session, runner, dialogs
        self._engine_factory = engine_factory
        self._engine: RemedyEngine | None = None
        self._live = live
        self._can_capture = can_capture
        self._replanning = False
        self.finding: Finding | None = None
        self.plan: Plan | None = None
        self.profile: str | None = None
        self._pending: _Pending | None = None
        self.comparison: Comparison | None = None  # the last re-check, whole
        panel.compare_requested.connect(self.open_comparison)
        self._request = 0
        self._holding = False
        self._held: Callable[[], None] | None = None
        panel.remedy_selected.connect(self.preview)
        panel.run_requested.connect(self.run)
        panel.restore_requested.connect(self.restore)
        panel.profile_requested.connect(self.choose_profile)
        panel.capture_requested.connect(self.capture_and_replan)
        session.analysis_changed.connect(self._on_analysis)

    def planning_after(self, job: Iterator[None]) -> Iterator[None]:
        """Run `job` (a fill of the window) holding the plan it asks for, and start that plan
        once the job has run to its end. The first plan imports the remedy engine, ~40 ms
        that would otherwise hold the interpreter lock while the GUI thread paints the
        diagnosis (`make bench`). A job that does not end (replaced by a newer fill, or
        cancelled for a live capture) starts none and leaves no "Preparing the plan…"."""
        self._holding = True
        finished = False
        try:
            yield from job
            finished = True
        finally:
            self._holding = False
            start, self._held = self._held, None
            if start is not None and finished:
                start()
            elif start is not None:
                self.show_finding("")

    @property
    def engine(self) -> RemedyEngine:
        """The remedy engine (made on first use)."""
        if self._engine is None:
            self._engine = self._engine_factory()
        return self._engine

    def show_finding(self, finding_id: str) -> None:
        """Show the remedies of a finding ("" clears the panel)."""
        analysis = self.session.analysis
        same = self.finding is not None and self.finding.id == finding_id
        keep = self.panel.current_remedy() if same else ""
        self.finding = analysis.finding(finding_id) if analysis and finding_id else None
        self.plan = None
        if self.finding is None:
            self.panel.set_finding(None, [])
            return
        rows = [
            (rid, spec(rid).title, needs_line_of(rid))
            for rid in self.finding.remedies
            if rid in CATALOG
        ]
        self.panel.set_finding(self.finding.title, rows, keep)

    def preview(self, remedy_id: str) -> None:
        """Plan `remedy_id` in the background and show the plan."""
        analysis = self.session.analysis
        params = remedy_params(remedy_id, self.finding)
        is_cleanup = spec(remedy_id).kind == "cleanup"
        self.panel.show_profile_choice(is_cleanup, *profile_line(None, self.profile))
        self.panel.set_busy(True)
        self.panel.show_capture_offer(False)
        self.panel.show_plan("<p>Preparing the plan…</p>", False, PLANNING)
        snapshot = analysis.snapshot if analysis else None
        profile = self.profile
        self._request += 1
        request = self._request

        def start() -> None:
            self.runner.run(
                f"Planning {remedy_id}",
                # The engine is made on first use inside the job: it may query Windows.
                lambda _r: self.engine.plan(remedy_id, params, snapshot=snapshot, profile=profile),
                lambda plan: self._on_planned(plan, request),
                self._on_plan_failed,
            )

        if self._holding:
            self._held = start  # the last plan asked for while the window is filled
        else:
            start()

    def _on_planned(self, plan: Plan, request: int | None = None) -> None:
        if request is not None and request != self._request:
            return  # a newer selection was made while this plan was prepared
        self.panel.set_busy(False)
        self.plan = plan
        runnable, why = self._can_run(plan)
        self.panel.show_plan(plan_html(plan), runnable, why)
        if spec(plan.remedy_id).kind == "cleanup":
            self.panel.show_profile_choice(True, *profile_line(plan))
        self.panel.show_capture_offer(plan.rebind, "" if self._can_capture() else NO_CAPTURE)

    def capture_and_replan(self) -> None:
        """Capture this PC live, then plan the selected remedy again from that capture."""
        if not self._can_capture():
            return
        self._replanning = True
        self.panel.show_capture_offer(False)
        self.panel.show_result(CAPTURING)
        self.capture_requested.emit()

    def _can_run(self, plan: Plan) -> tuple[bool, str]:
        if not plan.runnable:
            return False, plan.refusal or "This plan cannot run here."
        if plan.needs_windows and not self.engine.env.on_windows:
            return False, "This remedy runs Windows programs: it can only run on the device."
        return True, "Shows what will change and asks before anything happens."

    def _on_plan_failed(self, failure: WorkerFailure) -> None:
        self.panel.set_busy(False)
        self.plan = None
        self.panel.show_plan(f"<p><b>No plan:</b> {failure.message}</p>", False, failure.message)

    def run(self) -> None:
        """Ask for confirmation through the seam, then run in the background."""
        plan = self.plan
        if plan is None:
            return
        restoring = plan.operation == "restore"
        confirm = self.dialogs.confirm_restore if restoring else self.dialogs.confirm_plan
        if not confirm(self.panel, plan):
            log.info("%s: the technician said no; nothing changed", plan.remedy_id)
            self.panel.show_result("<p><b>Not run:</b> you cancelled, nothing changed.</p>")
            return
        engine = self.engine
        confirmation = Confirmation.of(plan, via="gui-dialog", by=engine.env.user)
        analysis = self.session.analysis
        before = analysis.findings if analysis else ()
        targets = tuple(
            dict.fromkeys([*plan.targets, *([self.finding.id] if self.finding else [])])
        )
        self.panel.set_busy(True)
        self.panel.show_result(f"<p>Running {plan.title}…</p>")
        self.runner.run(
            f"Running {plan.remedy_id}",
            lambda _r: engine.run(plan, confirmation),
            lambda result: self._on_ran(result, before, targets, analysis),
            self._on_run_failed,
        )

    def _on_ran(
        self,
        result: RemedyResult,
        before: tuple[Finding, ...],
        targets: tuple[str, ...],
        analysis: Analysis | None = None,
    ) -> None:
        self.panel.set_busy(False)
        log.info("%s: %s — %s", result.remedy_id, result.status, result.message)
        self.panel.show_result(result_html(result) + "<p><i>Checking again…</i></p>")
        if result.operation == "restore" or result.status in ("failed", "cancelled"):
            self.panel.show_result(result_html(result))
            return
        self._pending = _Pending(before, targets, result, analysis)
        if self._live():
            self.recapture_requested.emit()
        else:
            self.session.rediagnose()

    def _on_run_failed(self, failure: WorkerFailure) -> None:
        self.panel.set_busy(False)
        self.panel.show_result(f"<p><b>Not run:</b> {failure.message}</p>")

    def _on_analysis(self, analysis: Analysis) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            wanted, remedy = self.finding, self.panel.current_remedy()
            replanning, self._replanning = self._replanning, False
            self.show_finding(wanted.id if wanted else "")
            if replanning and wanted is not None and self.panel.current_remedy() != remedy:
                self._not_on_this_pc(wanted, remedy)
            return
        changes = compare_findings(list(pending.before), list(analysis.findings), pending.targets)
        how = RECAPTURED if analysis.source.kind == "live" else REDIAGNOSED
        body = result_html(pending.result) + comparison_html(changes, how)
        if pending.analysis is not None:
            self.comparison = recheck_comparison(pending.analysis, analysis)
            body += recheck_line_html(self.comparison)
        self.panel.show_result(body)

    def open_comparison(self) -> None:
        """Show the last re-check in the File › Compare… window."""
        if self.comparison is None:
            return
        from esr_gui.gui.views.compare_window import CompareWindow  # noqa: PLC0415 — on demand

        window = CompareWindow(self.comparison, self.panel.window())
        window.show()
        self.comparison_shown.emit(window)

    def capture_failed(self, message: str) -> None:
        """A live capture this panel asked for failed: say so instead of waiting for it."""
        replanning, self._replanning = self._replanning, False
        pending, self._pending = self._pending, None
        if not (replanning or pending):
            return
        why = f"<p><b>The capture of this PC failed:</b> {html.escape(message)}</p>"
        if pending is not None:
            why = result_html(pending.result) + why + "<p>Refresh to check the device again.</p>"
        self.panel.show_result(why)
        self.panel.show_capture_offer(replanning, "" if self._can_capture() else NO_CAPTURE)

    def _not_on_this_pc(self, finding: Finding, remedy_id: str) -> None:
        title = spec(remedy_id).title if remedy_id in CATALOG else remedy_id
        text = NOT_ON_THIS_PC.format(remedy=html.escape(title), title=html.escape(finding.title))
        self.panel.show_result(text)

    def choose_profile(self) -> None:
        """Pick the profile folder a cleanup works on, then plan again."""
        folder = self.dialogs.choose_folder(
            self.panel, "Profile folder to clean", self.profile or ""
        )
        if folder:
            self.profile = folder
            if self.panel.current_remedy():
                self.preview(self.panel.current_remedy())

    def restore(self) -> None:
        """Pick a backup, plan its restore, confirm, run."""
        engine = self.engine
        backup = self.dialogs.choose_backup(self.panel, str(engine.backups_dir))
        if not backup:
            return
        profile = self.profile  # the chosen profile folder; else Windows' profile list
        self.panel.set_busy(True)
        self.runner.run(
            "Planning a restore",
            lambda _r: engine.plan_restore(backup, profile),
            self._on_restore_planned,
            self._on_plan_failed,
        )

    def _on_restore_planned(self, plan: Plan) -> None:
        self._on_planned(plan)
        self.run()


def needs_line_of(remedy_id: str) -> str:
    """Admin/restart/sign-out of a catalogue entry, as words."""
    remedy = spec(remedy_id)
    admin = {"not-needed": "no admin", "required": "needs admin", "if-denied": "admin if denied"}
    parts = [admin[remedy.admin]]
    if remedy.needs_restart:
        parts.append("restart")
    if remedy.needs_sign_out:
        parts.append("sign-out")
    return " · ".join(parts)


__all__ = ["FixController", "needs_line", "remedy_params"]
