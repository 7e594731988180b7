"""Tools › Check the tenant…: sign in to Microsoft Graph in a worker, then diagnose again.

The sign-in and the Graph calls run on the pool (never on the GUI thread); the device code
and progress come back as progress items; Cancel sets the job's cancel flag, which every
wait of the sign-in and the Graph client polls. The result is the current snapshot with
`graph` filled in, diagnosed again, so the checklist's tenant rows show their verdicts.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.tenant.problems import outcome_line
from esr_gui.gui.controllers.session import SessionController
from esr_gui.gui.pipeline import Analysis, analyse
from esr_gui.gui.settings import SettingsStore
from esr_gui.gui.views.tenant_dialog import TenantDialog
from esr_gui.gui.workers import Reporter, TaskRunner, Worker, WorkerFailure
from esr_gui.platform.graph.options import SignInFlow, TenantOptions, resolve_options

if TYPE_CHECKING:
    from esr_gui.platform.graph.tenant_check import TenantCheckResult

log = logging.getLogger(__name__)
CANCELLED = "Cancelled: nothing was read from the tenant; the checklist is unchanged."
OptionsFactory = Callable[[Snapshot, SignInFlow], TenantOptions]
NOTHING_OPEN = "Open a bundle or capture this device first: the check looks up its user and device."


def options_from_settings(store: SettingsStore) -> OptionsFactory:
    """Options from the app's settings, the ESR_GRAPH_* variables and the device's tenant."""

    def make(snapshot: Snapshot, flow: SignInFlow) -> TenantOptions:
        ctx = DiagContext(snapshot)
        settings = store.settings
        return resolve_options(
            dict(os.environ),
            client_id=settings.graph_client_id or None,
            tenant=settings.graph_tenant or None,
            device_tenant=ctx.dsreg.tenant_id if ctx.dsreg else None,
            flow=flow,
        )

    return make


class TenantController(QObject):
    """Owns the tenant dialog and the check's worker; `finished(text)` when a check ends."""

    finished = Signal(str)

    def __init__(
        self,
        window: QWidget,
        session: SessionController,
        runner: TaskRunner,
        options: OptionsFactory,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window, self.session, self.runner = window, session, runner
        self._options = options
        self.dialog: TenantDialog | None = None
        self._worker: Worker | None = None

    def open(self) -> None:
        """Show the dialog (it asks how to sign in before anything happens)."""
        if self.dialog is None:
            self.dialog = TenantDialog(self.window)
            self.dialog.start_requested.connect(self.start)
            self.dialog.cancel_requested.connect(self.cancel)
        if self.session.analysis is None:
            self.dialog.show_idle(NOTHING_OPEN)
        self.dialog.show()
        self.dialog.raise_()

    def running(self) -> bool:
        """True while a check runs."""
        return self._worker is not None

    def start(self, flow: str) -> None:
        """Sign in with `flow` ("browser" / "device-code") and check the tenant in a worker."""
        analysis = self.session.analysis
        if analysis is None or self.running():
            return
        options = self._options(
            analysis.snapshot, "browser" if flow == "browser" else "device-code"
        )
        if self.dialog is not None:
            self.dialog.show_running("Signing in…")

        def job(reporter: Reporter) -> tuple[Analysis, TenantCheckResult]:
            # MSAL loads here, on the pool thread, the first time the tenant is checked.
            from esr_gui.platform.graph.tenant_check import check_tenant, target_of  # noqa: PLC0415

            result = check_tenant(
                options,
                target_of(analysis.snapshot),
                show_code=lambda code: reporter.progress(("code", code)),
                say=lambda text: reporter.progress(("say", text)),
                cancelled=reporter.cancelled,
            )
            snapshot = analysis.snapshot.model_copy(update={"graph": result.graph})
            return analyse(snapshot, analysis.source, raw=analysis.raw), result

        self._worker = self.runner.run(
            "Checking the tenant", job, self._on_done, self._on_failed, self._on_progress
        )

    def cancel(self) -> None:
        """Ask the running check to stop at its next wait."""
        if self._worker is not None:
            self._worker.reporter.cancel()

    def _on_progress(self, item: object) -> None:
        if self.dialog is None or not isinstance(item, tuple) or len(item) != 2:
            return
        kind, value = item
        if kind == "code":
            self.dialog.show_code(value)
        else:
            self.dialog.set_status(str(value))

    def _on_done(self, done: tuple[Analysis, TenantCheckResult]) -> None:
        self._worker = None
        analysis, result = done
        text = outcome_line(result.graph)
        problem = result.graph.sign_in
        if problem is not None and problem.kind == "cancelled":
            text = CANCELLED  # nothing read: what is shown stays as it was
        else:
            self.session.adopt_tenant(analysis, result.members)
        if self.dialog is not None:
            self.dialog.show_idle(text)
        log.info("tenant check: %s", text)
        self.finished.emit(text)

    def _on_failed(self, failure: WorkerFailure) -> None:
        self._worker = None
        if self.dialog is not None:
            self.dialog.show_idle(f"The tenant check stopped: {failure.message}")
        self.finished.emit(failure.message)
