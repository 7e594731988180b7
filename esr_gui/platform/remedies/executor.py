"""Running one plan step: a command (elevated only as the step says), a shell open, a lock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from esr_gui.core.errors import EsrError
from esr_gui.core.remedy.outcome import explain_exit
from esr_gui.core.remedy.results import StepOutcome
from esr_gui.core.remedy.steps import (
    CommandStep,
    FileStep,
    LaunchStep,
    LockStep,
    OpenStep,
    Step,
    command_line,
)
from esr_gui.platform.remedies.elevate import ElevatedOutcome
from esr_gui.platform.remedies.runner import CommandRunner
from esr_gui.platform.remedies.session import Session

Elevator = Callable[[str, Sequence[str], int], ElevatedOutcome]


@dataclass
class StepContext:
    """The seams a step needs, and whether this process is already elevated."""

    runner: CommandRunner
    elevate: Elevator
    session: Session
    process_elevated: bool


def _outcome(step: Step, status: str, message: str = "", **extra: object) -> StepOutcome:
    command = step.display if isinstance(step, CommandStep | LaunchStep) else None
    fields = {"purpose": step.purpose, "status": status, "message": message, "command": command}
    return StepOutcome.model_validate(fields | extra)


def run_command(step: CommandStep, ctx: StepContext) -> StepOutcome:
    """Unelevated, elevated, or unelevated-then-elevated-if-denied, as the step says."""
    if step.elevation == "required" and not ctx.process_elevated:
        return _elevated(step, ctx)
    outcome = ctx.runner.run(step.program, step.args, step.timeout_seconds)
    if outcome.error is not None or outcome.exit_code is None:
        return _outcome(step, "failed", f"It did not run: {outcome.error}.")
    code = outcome.exit_code
    if code in step.ok_exit_codes:
        return _outcome(step, "ok", exit_code=code, elevated=ctx.process_elevated)
    if step.elevation == "if-denied" and outcome.denied and not ctx.process_elevated:
        retried = _elevated(step, ctx)
        note = "Windows refused without administrator rights, so it was run again as administrator."
        return retried.model_copy(update={"message": f"{note} {retried.message}".strip()})
    said = f": {outcome.first_line}" if outcome.first_line else ""
    return _outcome(
        step, "failed", f"{step.exe_name} ended with {explain_exit(code)}{said}", exit_code=code
    )


def _elevated(step: CommandStep, ctx: StepContext) -> StepOutcome:
    exe = ctx.runner.resolve(step.program)
    result = ctx.elevate(exe, step.args, step.timeout_seconds)
    if result.status == "cancelled":
        return _outcome(step, "cancelled", result.message, elevated=True)
    if result.status != "exited" or result.exit_code is None:
        return _outcome(step, "failed", result.message, elevated=True)
    code = result.exit_code
    if code in step.ok_exit_codes:
        return _outcome(step, "ok", exit_code=code, elevated=True)
    message = f"{step.exe_name} ended with {explain_exit(code)}."
    return _outcome(step, "failed", message, exit_code=code, elevated=True)


def run_step(step: Step, ctx: StepContext) -> StepOutcome:
    """Run any non-file step; an OS error becomes a failed outcome with its reason."""
    if isinstance(step, CommandStep):
        return run_command(step, ctx)
    try:
        if isinstance(step, OpenStep):
            ctx.session.open(step.uri)
        elif isinstance(step, LaunchStep):
            ctx.session.open(ctx.runner.resolve(step.program), command_line(step.args))
        elif isinstance(step, LockStep):
            ctx.session.lock()
        elif isinstance(step, FileStep):
            raise ValueError("file steps are run by the cleanup and restore, not here")
    except (OSError, EsrError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return _outcome(step, "failed", f"Windows could not do it: {reason}.")
    return _outcome(step, "ok")


def run_steps(steps: Sequence[Step], ctx: StepContext) -> list[StepOutcome]:
    """Run steps in order; after a cancelled or failed step the rest are skipped."""
    outcomes: list[StepOutcome] = []
    for step in steps:
        if outcomes and outcomes[-1].status in ("cancelled", "failed"):
            outcomes.append(_outcome(step, "skipped", "Not run: an earlier step did not succeed."))
            continue
        outcomes.append(run_step(step, ctx))
    return outcomes
