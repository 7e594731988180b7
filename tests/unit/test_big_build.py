"""`gui/preload.big_build`: a big snapshot is built without the cyclic collector and ends
up out of its reach, and the collector is on again afterwards (issue 19: its passes over
50,000 events ran in the worker holding the interpreter lock and stalled the window)."""

from __future__ import annotations

import gc

import pytest

from esr_gui.gui.preload import big_build


def test_built_objects_are_frozen_and_the_collector_comes_back() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with big_build():
        assert not gc.isenabled()
        built = [{"event": n} for n in range(1_000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(built)
    gc.unfreeze()  # leave the test process as it was


def test_a_failed_build_still_turns_the_collector_back_on() -> None:
    with pytest.raises(ValueError), big_build():
        raise ValueError("unreadable bundle")
    assert gc.isenabled()
    gc.unfreeze()


def test_a_build_inside_a_paused_collector_leaves_it_paused() -> None:
    gc.disable()
    try:
        with big_build():
            pass
        assert not gc.isenabled()  # the outer pause is the caller's to end
    finally:
        gc.enable()
        gc.unfreeze()
