"""The one worker pattern: results on the GUI thread, failures logged and delivered, settings."""

from __future__ import annotations

import gc
import logging
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThread, QThreadPool

from esr_gui.core.errors import ParseError
from esr_gui.gui.settings import AppSettings, SettingsStore
from esr_gui.gui.workers import Reporter, SyncThreadPool, TaskRunner, Worker, WorkerFailure


def test_sync_pool_success_progress_and_failure(caplog: pytest.LogCaptureFixture) -> None:
    runner = TaskRunner(SyncThreadPool())
    got: list[Any] = []

    def job(reporter: Reporter) -> int:
        reporter.progress("half")
        return 42

    runner.run("ok", job, got.append, on_progress=lambda p: got.append(("p", p)))
    assert got == [("p", "half"), 42]
    failures: list[WorkerFailure] = []
    announced: list[WorkerFailure] = []
    runner.task_failed.connect(announced.append)

    def bad(_r: Reporter) -> None:
        raise ParseError("that is not dsregcmd output")

    with caplog.at_level(logging.ERROR, logger="esr_gui"):
        runner.run("bad", bad, got.append, failures.append)
    assert failures[0].expected and failures[0].message == "that is not dsregcmd output"
    assert announced == failures
    assert "Traceback" in caplog.text
    assert not runner.busy()


def test_real_pool_delivers_on_the_gui_thread(qtbot: Any) -> None:
    pool = QThreadPool()
    runner = TaskRunner(pool)
    gui = QThread.currentThread()
    seen: dict[str, Any] = {}

    def job(reporter: Reporter) -> str:
        seen["job_thread"] = threading.current_thread().name
        reporter.progress(1)
        return "done"

    def on_success(result: str) -> None:
        seen["result"] = result
        seen["callback_is_gui"] = QThread.currentThread() is gui

    with qtbot.waitSignal(runner.busy_changed, timeout=5000, check_params_cb=lambda b: not b):
        runner.run("threaded", job, on_success)
    assert seen["result"] == "done" and seen["callback_is_gui"]
    assert seen["job_thread"] != threading.current_thread().name
    runner.shutdown()


def test_shutdown_cancels_and_waits(qtbot: Any) -> None:
    pool = QThreadPool()
    runner = TaskRunner(pool)
    started = threading.Event()

    def job(reporter: Reporter) -> bool:
        started.set()
        while not reporter.cancelled():
            threading.Event().wait(0.01)
        return True

    runner.run("long", job, lambda _r: None)
    assert started.wait(5)
    runner.shutdown()
    assert pool.activeThreadCount() == 0


class _Payload(bytearray):
    """A megabyte a job holds (a bytearray that weak references can watch)."""


def test_a_finished_job_and_what_it_holds_are_released(qtbot: Any) -> None:
    """PySide6 keeps a started QRunnable referenced from its pool for good: each job held its
    snapshot (30-60 MB for 50,000 events) for the life of the app. Now what a job holds is
    released as soon as it has run."""
    pool = QThreadPool()
    runner = TaskRunner(pool)
    held: list[weakref.ref[_Payload]] = []

    def start_one() -> None:
        payload = _Payload(1 << 20)
        held.append(weakref.ref(payload))
        with qtbot.waitSignal(runner.busy_changed, timeout=5000, check_params_cb=lambda b: not b):
            runner.run("holds a payload", lambda _r: len(payload), lambda _n: None)

    for _ in range(5):
        start_one()
    pool.waitForDone()
    gc.collect()
    assert [ref() for ref in held] == [None] * 5
    runner.shutdown()


def test_a_worker_started_twice_runs_once(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[str] = []
    worker = Worker("once", lambda _r: calls.append("ran"))
    worker()
    with caplog.at_level(logging.ERROR, logger="esr_gui"):
        worker()
    assert calls == ["ran"]
    assert "once was started twice" in caplog.text


def test_settings_round_trip_and_recent(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "s" / "settings.json")
    for n in range(12):
        store.settings.add_recent(f"/b/{n}", "bundle")
    store.settings.add_recent("/b/3", "bundle")
    store.settings.auto_refresh_minutes = 15
    store.save()
    again = SettingsStore(tmp_path / "s" / "settings.json")
    assert again.problem == ""
    assert [r.path for r in again.settings.recent_files][:2] == ["/b/3", "/b/11"]
    assert len(again.settings.recent_files) == 10
    assert again.settings.auto_refresh_minutes == 15


def test_settings_with_bad_values_are_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"auto_refresh_minutes": -5}', encoding="utf-8")
    store = SettingsStore(path)
    assert store.settings == AppSettings()
    assert "kept as settings.json.bad-" in store.problem
