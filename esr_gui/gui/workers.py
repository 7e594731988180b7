"""The one worker pattern: a callable job object with a signals QObject, run on a QThreadPool.

Every blocking job of the app (opening a bundle, diagnosis, a live capture, a remedy, saving,
rendering a report) is a plain function `fn(reporter) -> result` handed to `TaskRunner.run`.
The function runs on a pool thread; `reporter.progress(x)` and its result or exception come
back to the GUI thread as queued signals. An exception is never swallowed: it is logged with
its traceback and delivered to the failure callback (or the runner's `task_failed` signal).

Tests inject `SyncThreadPool`, which runs each job at once on the calling thread.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from esr_gui.core.errors import EsrError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerFailure:
    """Why a job failed: the exception, a sentence for the user, and the traceback."""

    task: str
    error: BaseException
    message: str
    details: str
    expected: bool


def describe_failure(task: str, exc: BaseException) -> WorkerFailure:
    """A WorkerFailure for `exc`; core errors carry their own user-facing sentence."""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if isinstance(exc, EsrError):
        return WorkerFailure(task, exc, str(exc), details, expected=True)
    said = str(exc).strip() or "no details"
    message = (
        f"{task} stopped because of an internal error ({said}). The app keeps running; "
        "the details are in the log (Log tab, or Tools › Open log folder)."
    )
    return WorkerFailure(task, exc, message, details, expected=False)


class Reporter:
    """What a job may do besides returning: report progress, and ask if it was cancelled."""

    def __init__(self, signals: WorkerSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def progress(self, value: object) -> None:
        """Send `value` to the GUI thread (queued)."""
        self._signals.progress.emit(value)

    def cancel(self) -> None:
        """Ask the job to stop at its next check."""
        self._cancel.set()

    def cancelled(self) -> bool:
        """True once `cancel()` was called."""
        return self._cancel.is_set()


Job = Callable[[Reporter], Any]


class WorkerSignals(QObject):
    """Signals of one job; created on the GUI thread, emitted from the pool thread."""

    started = Signal()
    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)


class Worker:
    """Runs one job and reports through its WorkerSignals. Never lets an exception escape.

    Not a QRunnable: PySide6 keeps every QRunnable started without auto-delete referenced
    from its pool for the life of the process, and with it the job and all the job holds (a
    snapshot of 50,000 events, 30-60 MB, for each bundle opened). A pool holds a callable
    only until it has run; the runner keeps the worker until its thread has left `run`.
    """

    def __init__(self, name: str, job: Job) -> None:
        self.name = name
        self.job: Job | None = job
        self.signals = WorkerSignals()
        self.reporter = Reporter(self.signals)
        self.done = threading.Event()

    def run(self) -> None:
        """Pool-thread entry point. Every exception is logged and delivered, never swallowed."""
        job, self.job = self.job, None  # what the job holds goes when it is done, not later
        if job is None:  # started twice: a bug, logged, and nothing runs again
            log.error("%s was started twice; it ran once", self.name)
            return
        self.signals.started.emit()
        try:
            result = job(self.reporter)
        except Exception as exc:
            failure = describe_failure(self.name, exc)
            log.error("%s failed: %s\n%s", self.name, failure.message, failure.details)
            self.signals.failed.emit(failure)
        else:
            self.signals.succeeded.emit(result)
        self.done.set()

    def __call__(self) -> None:
        """What QThreadPool.start calls on a pool thread."""
        self.run()


class PoolLike(Protocol):
    """The part of QThreadPool the runner uses (so tests can inject a synchronous pool)."""

    def start(self, runnable: Callable[[], None]) -> None: ...

    def waitForDone(self, msecs: int = ...) -> bool: ...  # noqa: N802


class SyncThreadPool:
    """A pool that runs each job at once on the calling thread (tests; picard's FakeThreadPool)."""

    def start(self, runnable: Callable[[], None]) -> None:
        """Run `runnable` now."""
        runnable()

    def waitForDone(self, msecs: int = -1) -> bool:  # noqa: N802 — Qt's name
        """Nothing is ever pending."""
        del msecs
        return True


class _Relay(QObject):
    """Lives on the GUI thread; receives one worker's queued signals and calls back."""

    def __init__(self, runner: TaskRunner, worker: Worker, callbacks: _Callbacks) -> None:
        super().__init__()  # no parent: released with its worker, never by deleteLater
        self._runner = runner
        self._worker = worker
        self._callbacks = callbacks
        worker.signals.progress.connect(self.on_progress)
        worker.signals.succeeded.connect(self.on_succeeded)
        worker.signals.failed.connect(self.on_failed)

    @Slot(object)
    def on_progress(self, value: object) -> None:
        if self._callbacks.progress is not None:
            self._callbacks.progress(value)

    @Slot(object)
    def on_succeeded(self, result: object) -> None:
        self._runner.finish(self._worker, self)
        self._callbacks.success(result)

    @Slot(object)
    def on_failed(self, failure: WorkerFailure) -> None:
        self._runner.finish(self._worker, self)
        if self._callbacks.failure is not None:
            self._callbacks.failure(failure)
        self._runner.task_failed.emit(failure)


@dataclass(frozen=True)
class _Callbacks:
    success: Callable[[Any], None]
    failure: Callable[[WorkerFailure], None] | None
    progress: Callable[[Any], None] | None


class TaskRunner(QObject):
    """Starts jobs on a pool and routes their results to GUI-thread callbacks.

    `task_failed` fires for every failure (after the job's own failure callback), so the main
    window can show it; `busy_changed` says whether any job is running.
    """

    task_failed = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, pool: PoolLike | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: PoolLike = pool if pool is not None else QThreadPool.globalInstance()
        self._running: dict[Worker, _Relay] = {}
        # Finished workers are kept until their pool thread has surely left run(): a
        # worker's signals object must not be deleted while that thread is still emitting.
        self._retired: list[tuple[Worker, _Relay]] = []
        self._graveyard: list[tuple[Worker, _Relay]] = []

    def run(
        self,
        name: str,
        job: Job,
        on_success: Callable[[Any], None],
        on_failure: Callable[[WorkerFailure], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
    ) -> Worker:
        """Start `job` in the background; callbacks run on the GUI thread."""
        self._purge()
        worker = Worker(name, job)
        relay = _Relay(self, worker, _Callbacks(on_success, on_failure, on_progress))
        self._running[worker] = relay
        log.debug("starting %s", name)
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        self._pool.start(worker)
        return worker

    def finish(self, worker: Worker, relay: _Relay) -> None:
        """Forget a finished worker (called by its relay)."""
        if self._running.pop(worker, None) is not None:
            self._retired.append((worker, relay))
            if not self._running:
                self.busy_changed.emit(False)

    @property
    def pool(self) -> PoolLike:
        """The pool the jobs run on (another runner may share it: one wait on quit)."""
        return self._pool

    def busy(self) -> bool:
        """True while any job is running."""
        return bool(self._running)

    def running_names(self) -> list[str]:
        """Names of the jobs still running."""
        return [w.name for w in self._running]

    def shutdown(self) -> None:
        """Ask every job to stop, then wait for the pool (called on quit)."""
        for worker in self._running:
            worker.reporter.cancel()
        self._pool.waitForDone()
        self._retired.clear()
        self._graveyard.clear()

    def _purge(self) -> None:
        """Two-stage release: finished (`done`) workers wait one more round before release."""
        self._graveyard = [pair for pair in self._retired if pair[0].done.is_set()]
        self._retired = [pair for pair in self._retired if not pair[0].done.is_set()]
