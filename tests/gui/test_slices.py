"""`gui/slices.py`: jobs advance between event-loop turns, round robin, and end cleanly."""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from PySide6.QtCore import QObject, QTimer

from esr_gui.gui.slices import SLICE_S, Slices


def counting(log: list[str], name: str, steps: int) -> Iterator[None]:
    for n in range(steps):
        log.append(f"{name}{n}")
        yield


def test_a_job_runs_between_turns_and_says_when_it_is_done(qtbot: Any) -> None:
    slices, log = Slices(), []
    with qtbot.waitSignal(slices.finished):
        slices.start(counting(log, "a", 3))
        assert slices.busy() and log == []  # nothing ran before the event loop turned
    assert log == ["a0", "a1", "a2"] and not slices.busy()


def test_at_once_runs_to_the_end_now(qtbot: Any) -> None:
    slices, log = Slices(), []
    finished: list[bool] = []
    slices.finished.connect(lambda: finished.append(True))
    slices.start(counting(log, "a", 3), at_once=True)
    assert log == ["a0", "a1", "a2"] and finished == [True] and not slices.busy()


def test_two_jobs_share_the_turns(qtbot: Any) -> None:
    first, second, log = Slices(), Slices(), []
    first.start(counting(log, "a", 50_000))
    second.start(counting(log, "b", 3))
    qtbot.waitUntil(lambda: not second.busy())
    assert first.busy()  # the long job did not have to finish before the short one ran
    first.cancel()
    qtbot.waitUntil(lambda: not first.busy())


def test_a_new_job_replaces_the_running_one(qtbot: Any) -> None:
    slices, log = Slices(), []
    slices.start(counting(log, "a", 1_000_000))
    with qtbot.waitSignal(slices.finished):
        slices.start(counting(log, "b", 2))
    assert log[-2:] == ["b0", "b1"] and len(log) < 1_000_000


def test_a_failing_job_is_over(qtbot: Any) -> None:
    def failing() -> Iterator[None]:
        yield
        raise ValueError("broken step")

    slices = Slices()
    slices.start(failing())
    with pytest.raises(ValueError, match="broken step"):
        slices.step()
        slices.step()
    assert not slices.busy()  # never busy for ever


def test_a_job_whose_owner_is_gone_stops(qtbot: Any) -> None:
    owner, log = QObject(), []
    slices = Slices(owner)
    slices.start(counting(log, "a", 1_000_000))
    other = Slices()
    other.start(counting(log, "b", 2))
    owner.deleteLater()
    qtbot.waitUntil(lambda: not other.busy())
    qtbot.wait(20)
    ran = len(log)
    qtbot.wait(20)
    assert len(log) == ran  # the owner's job no longer advances


def test_a_job_can_end_the_turn_so_the_window_paints_first(qtbot: Any) -> None:
    """After `end_turn` the next step, this job's or another's, waits for the next turn."""
    first, second, log = Slices(), Slices(), []
    turns: list[int] = []

    def pausing() -> Iterator[None]:
        for n in range(3):
            log.append(f"p{n}:{len(turns)}")
            first.end_turn()
            yield

    ticker = QTimer()
    ticker.timeout.connect(lambda: turns.append(1))
    ticker.start(0)
    first.start(pausing())
    second.start(counting(log, "b", 2))
    qtbot.waitUntil(lambda: not first.busy() and not second.busy())
    ticker.stop()
    paused = [entry for entry in log if entry.startswith("p")]
    ticks = [int(entry.split(":")[1]) for entry in paused]
    assert ticks == sorted(set(ticks))  # each step of the pausing job in a turn of its own


def test_other_timers_run_between_two_turns(qtbot: Any) -> None:
    """A job whose steps each use up a turn's budget still lets every other timer (a busy
    bar, an animation, a heartbeat) run between two of its turns: a zero timer left running
    would be due from the moment its turn began and get the next turn before them."""
    order: list[str] = []

    def long_steps() -> Iterator[None]:
        for _ in range(12):
            order.append("step")
            end = time.perf_counter() + SLICE_S * 1.2  # one step fills a turn
            while time.perf_counter() < end:
                pass
            yield

    other = QTimer()
    other.setInterval(1)
    other.timeout.connect(lambda: order.append("timer"))
    slices = Slices()
    other.start()
    with qtbot.waitSignal(slices.finished, timeout=5000):
        slices.start(long_steps())
    other.stop()
    steps = order[order.index("step") :]
    back_to_back = sum(1 for a, b in pairwise(steps) if a == b == "step")
    assert back_to_back == 0, steps
