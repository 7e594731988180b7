"""Runs capture steps in worker threads, each with its own time limit.

A hung probe cannot hang the capture: it runs in a daemon thread, and once its limit passes
the runner stops waiting, records a timeout and moves on (the thread is abandoned; a
subprocess inside it is killed by its own `timeout=`). Progress callbacks and results are
delivered on the thread that called `run()`, in the order steps start and finish.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from esr_gui.platform.capture_models import (
    StepKind,
    StepProgress,
    StepResult,
    StepState,
    step_state_for,
)
from esr_gui.platform.host import ProbeError

log = logging.getLogger(__name__)
T = TypeVar("T")

ProgressCallback = Callable[[StepProgress], None]
CancelCheck = Callable[[], bool]
_POLL_SECONDS = 0.05


@dataclass
class StepOutcome:
    """What a finished probe contributes: bundle members, a short message, a state.

    `apply` runs on the capture thread, so it may update shared capture state safely.
    """

    members: dict[str, bytes] = field(default_factory=dict)
    message: str = ""
    state: StepState = "ok"
    apply: Callable[[], None] | None = None


@dataclass
class Step:
    """One probe to run. An `exclusive` step runs alone and finishes before later steps start."""

    name: str
    label: str
    kind: StepKind
    limit: float
    probe: Callable[[], StepOutcome]
    on_error: Callable[[ProbeError], None] | None = None
    exclusive: bool = False


@dataclass
class _Running:
    started: float
    deadline: float


def _work(index: int, step: Step, results: queue.Queue[tuple[int, object]]) -> None:
    try:
        outcome: object = step.probe()
    except ProbeError as exc:
        outcome = exc
    except OSError as exc:  # an OS error no adapter mapped: its reason, logged in full
        log.exception("probe %s failed with an unmapped OS error", step.name)
        outcome = ProbeError("error", f"Windows reported an error: {exc.strerror or exc}")
    except Exception as exc:  # a probe bug must not sink the capture; it is logged and shown
        log.exception("probe %s failed unexpectedly", step.name)
        said = str(exc).strip() or "no details"
        outcome = ProbeError("error", f"stopped by an internal error ({said}); see the log")
    results.put((index, outcome))


class StepRunner:
    """Run `steps` with at most `max_parallel` at a time; see the module docstring."""

    def __init__(
        self,
        steps: list[Step],
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
        max_parallel: int = 4,
    ) -> None:
        self.steps = steps
        self._progress = progress
        self._cancel = cancel
        self._max_parallel = max(1, max_parallel)
        self._results: queue.Queue[tuple[int, object]] = queue.Queue()
        self._running: dict[int, _Running] = {}
        self._pending = deque(range(len(steps)))
        self.done: dict[int, StepResult] = {}
        self.members: dict[str, bytes] = {}
        self.cancelled = False

    def run(self) -> list[StepResult]:
        """Run every step (or until cancelled) and return their results in plan order."""
        while self._pending or self._running:
            if self._cancel is not None and self._cancel():
                self._cancel_rest()
                break
            self._start_ready()
            self._collect()
            self._expire()
        return [self.done[i] for i in sorted(self.done)]

    def _start_ready(self) -> None:
        while self._pending and len(self._running) < self._max_parallel:
            index = self._pending[0]
            exclusive = self.steps[index].exclusive
            if self._running and (exclusive or self._exclusive_running()):
                return
            self._pending.popleft()
            self._start(index)
            if exclusive:
                return

    def _exclusive_running(self) -> bool:
        return any(self.steps[i].exclusive for i in self._running)

    def _start(self, index: int) -> None:
        step = self.steps[index]
        now = time.monotonic()
        self._running[index] = _Running(started=now, deadline=now + step.limit)
        self._emit(index, "running", "")
        worker = threading.Thread(
            target=_work, args=(index, step, self._results), name=f"esr-{step.name}", daemon=True
        )
        worker.start()

    def _collect(self) -> None:
        timeout = _POLL_SECONDS
        if self._running:
            soonest = min(r.deadline for r in self._running.values())
            timeout = min(_POLL_SECONDS, max(0.0, soonest - time.monotonic()))
        try:
            index, outcome = self._results.get(timeout=timeout)
        except queue.Empty:
            return
        if index not in self._running:
            return  # a late answer from a probe already given up on
        if isinstance(outcome, ProbeError):
            self._failed(index, outcome)
        elif isinstance(outcome, StepOutcome):
            self._succeeded(index, outcome)

    def _expire(self) -> None:
        now = time.monotonic()
        for index, running in list(self._running.items()):
            if now >= running.deadline:
                step = self.steps[index]
                message = f"{step.label} did not answer within {step.limit:g} s"
                self._failed(index, ProbeError("timeout", message))

    def _succeeded(self, index: int, outcome: StepOutcome) -> None:
        if outcome.apply is not None:
            outcome.apply()
        self.members.update(outcome.members)
        self._finish(index, outcome.state, outcome.message, members=sorted(outcome.members))

    def _failed(self, index: int, error: ProbeError) -> None:
        step = self.steps[index]
        if step.on_error is not None:
            step.on_error(error)
        state = step_state_for(error.kind)
        self._finish(index, state, error.message, error=error)

    def _finish(
        self,
        index: int,
        state: StepState,
        message: str,
        *,
        members: list[str] | None = None,
        error: ProbeError | None = None,
    ) -> None:
        running = self._running.pop(index, None)
        seconds = time.monotonic() - running.started if running else 0.0
        step = self.steps[index]
        self.done[index] = StepResult(
            step=step.name,
            label=step.label,
            kind=step.kind,
            state=state,
            message=message,
            error_kind=error.kind if error else None,
            code=error.code if error else None,
            members=members or [],
            seconds=round(seconds, 3),
        )
        self._emit(index, state, message)

    def _cancel_rest(self) -> None:
        self.cancelled = True
        for index in sorted(self._running):
            self._finish(index, "cancelled", "cancelled while it was running")
        for index in self._pending:
            self._finish(index, "cancelled", "cancelled before it started")
        self._pending.clear()

    def _emit(self, index: int, state: StepState, message: str) -> None:
        if self._progress is None:
            return
        step = self.steps[index]
        report = StepProgress(
            step=step.name,
            label=step.label,
            kind=step.kind,
            index=index + 1,
            total=len(self.steps),
            state=state,
            message=message,
            finished=len(self.done),
        )
        self._progress(report)


def call_with_limit(fn: Callable[[], T], seconds: float, what: str) -> T:
    """`fn()` in a daemon thread; ProbeError timeout if it has not returned within `seconds`.

    For a blocking OS call inside a probe (a DC lookup) that must not use up the whole step.
    """
    outcome: list[tuple[bool, object]] = []
    finished = threading.Event()

    def target() -> None:
        try:
            outcome.append((True, fn()))
        except BaseException as exc:  # handed to the caller's thread below
            outcome.append((False, exc))
        finally:
            finished.set()

    threading.Thread(target=target, name=f"esr-{what}", daemon=True).start()
    if not finished.wait(seconds):
        raise ProbeError("timeout", f"{what} did not answer within {seconds:g} s")
    ok, value = outcome[0]
    if ok:
        return cast(T, value)
    assert isinstance(value, BaseException)
    raise value
