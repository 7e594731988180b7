"""Long work on the GUI thread in short slices, so the window never stalls.

A job is a generator that does a little and yields; `Slices` advances it between turns of
the event loop. Models whose data lives on the GUI thread (50,000 events to sort, filter and
count) use it instead of a thread: nothing is shared, nothing needs a lock, and starting a
new job simply drops the old one (a new search while the last one was still filtering).

Every running job shares one timer and one budget of SLICE_S per turn of the event loop
(round robin), so three jobs at once cost a turn no more than one would.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator, Sequence
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

SLICE_S = 0.008  # at most this long per turn (plus one step): far under the 50 ms one notices
AT_ONCE_ITEMS = 5_000  # a job over up to this many items runs at once (slices only add turns)
Item = TypeVar("Item")
Result = TypeVar("Result")


def in_steps(items: Sequence[Item], size: int) -> Iterator[Sequence[Item]]:
    """`items` in consecutive pieces of `size`: a job handles one, then yields."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def run_to_end(job: Generator[None, None, Result]) -> Result:
    """Run a job to its end here, now, and return what it returns."""
    while True:
        try:
            next(job)
        except StopIteration as done:
            result: Result = done.value
            return result


class Slices(QObject):
    """Runs one job at a time in slices; `finished` fires when a job has run to its end."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job: Iterator[None] | None = None
        self.turn_over = False  # the job asked for its next step to wait for the next turn

    def start(self, job: Iterator[None], at_once: bool = False) -> None:
        """Drop any running job and start `job`; `at_once` runs it to its end now (small
        inputs, where slicing would only add event-loop turns)."""
        self._job, self.turn_over = job, False
        if at_once:
            while self._job is job and self.step():
                pass
        else:
            _TURNS.add(self)

    def end_turn(self) -> None:
        """Called by the job before it yields: its next step, and every other job's, waits
        for the next turn of the event loop, so the window first paints what this step
        changed (one part of a big repaint per turn)."""
        self.turn_over = True

    def cancel(self) -> None:
        """Drop the running job (its `finished` never fires)."""
        self._job = None

    def busy(self) -> bool:
        """A job is running."""
        return self._job is not None

    def step(self) -> bool:
        """Advance the job by one step; False when there is nothing left to do."""
        job = self._job
        if job is None:
            return False
        try:
            next(job)
        except StopIteration:
            if job is self._job:  # not replaced by a job its last step started
                self._job = None
                self.finished.emit()
            return self._job is not None
        except BaseException:
            if job is self._job:
                self._job = None  # a failed job is over: never "busy" for ever
            raise
        return True


class _Turns(QObject):
    """The one timer that advances every running job, round robin, SLICE_S per turn."""

    def __init__(self) -> None:
        super().__init__()
        self._running: list[Slices] = []
        self._timer: QTimer | None = None

    def add(self, slices: Slices) -> None:
        if slices not in self._running:
            self._running.append(slices)
        timer = self._timer_now()
        if not timer.isActive():
            timer.start()

    def _timer_now(self) -> QTimer:
        if self._timer is None:  # made on first use, once a QApplication exists
            self._timer = QTimer(self)
            self._timer.setInterval(0)
            self._timer.timeout.connect(self._turn)
        return self._timer

    def _turn(self) -> None:
        deadline = time.perf_counter() + SLICE_S
        while self._running and time.perf_counter() < deadline:
            slices = self._running.pop(0)
            if _alive(slices) and slices.step():
                self._running.append(slices)
            if slices.turn_over:
                slices.turn_over = False
                break
        if self._timer is None:
            return
        if self._running:
            # Start the timer again from now: a zero timer left running is due again from the
            # moment this turn began, which sorts it before every other timer that fell due
            # meanwhile, and Qt then gives it the next turn too. Restarted, the others (a busy
            # bar, an animation) run between two turns.
            self._timer.start()
        else:
            self._timer.stop()


def _alive(slices: Slices) -> bool:
    """Its job still runs and its owner still exists (a closed window's jobs just stop)."""
    return isValid(slices) and slices.busy()


_TURNS = _Turns()
