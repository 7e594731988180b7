"""Fixtures of the unit tests. `fifo_writer`: without the fix under test, a reader that opens
a FIFO blocks forever; the fixture's writers turn that hang into a plain test failure."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def fifo_writer() -> Iterator[list[Path]]:
    """FIFOs listed here get writers from 3 s on that close at once: a reader that opened one
    (the bug) then reads it as empty instead of blocking the test forever."""
    fifos: list[Path] = []
    stop = threading.Event()

    def release() -> None:
        if stop.wait(3):
            return
        while not stop.wait(0.1):
            for fifo in fifos:
                try:
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                except OSError:
                    pass

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    yield fifos
    stop.set()
    thread.join()
