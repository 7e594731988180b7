"""Fuzzing where the parser fuzz tests in tests/unit stop: whole real bundles with mutated
members, redaction over arbitrary members, a capture whose probes fail at random, and the
settings file. Budgets are per test (conftest.budget: CI runs derandomized and bounded).

A failing example is added to `tests/data/fuzz-regressions/<target>/` (bytes targets) or as an
@example here, so it is replayed on every run.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from esr_gui.core.diagnose import run_diagnosis
from esr_gui.platform.capture import capture
from esr_gui.platform.capture_models import CaptureOptions, StepLimits
from esr_gui.platform.fake import FakeHost
from esr_gui.platform.host import ChannelData
from tests.faults import fuzz_targets
from tests.faults.profiles import budget
from tests.faults.strategies import (
    DEMOS,
    HANG,
    PROBES,
    as_zip,
    json_values,
    mutated_bundle_zip,
    mutated_members,
    mutated_zip_metadata,
    probe_fault,
)

TINY = StepLimits(
    context=0.2, upn=0.2, dsregcmd=0.2, aad_join=0.2, registry=0.2, events=0.2, system=0.2,
    grace=0.05,
)  # fmt: skip
STATES = {"ok", "missing", "failed", "timeout"}


@budget(120)
@given(mutated_bundle_zip())
def test_mutated_real_bundles_are_read_or_refused(data: bytes) -> None:
    fuzz_targets.bundle_file(data)


@budget(80)
@given(mutated_zip_metadata())
def test_zip_metadata_mutations_are_read_or_refused(data: bytes) -> None:
    fuzz_targets.zip_metadata(data)


ODD_MEMBERS = st.dictionaries(st.text(min_size=1, max_size=40), st.binary(max_size=300), max_size=3)


@budget(40)
@given(mutated_members(), ODD_MEMBERS)
def test_redaction_of_arbitrary_members(members: dict[str, bytes], extra: dict[str, bytes]) -> None:
    fuzz_targets.redaction(as_zip({**members, **extra}))


@budget(60)
@given(st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
@example(b'{"auto_refresh_minutes": -1}')
@example(b'{"recent_files": [{"path": 1}]}')
def test_any_settings_file(data: bytes) -> None:
    fuzz_targets.settings_file(data)


def _scripted(failures: dict[str, object]) -> FakeHost:
    host = FakeHost.from_members(DEMOS["hybrid-not-registered"])
    for probe, fault in failures.items():
        if fault == HANG:
            host.hang(probe, seconds=2.0)
        elif isinstance(fault, tuple):
            garbage = fault[1]
            answer: Any = ChannelData(garbage, 3) if probe.startswith("events:") else garbage
            host.configure(probe, result=answer)
        else:
            assert isinstance(fault, BaseException)
            host.fail(probe, fault)
    return host


@budget(25)
@given(st.dictionaries(st.sampled_from(PROBES), probe_fault(), max_size=6))
def test_capture_survives_any_mix_of_probe_failures(failures: dict[str, object]) -> None:
    host = _scripted(failures)
    try:
        result = capture(host, options=CaptureOptions(limits=TINY))
    finally:
        host.release()
    assert len(result.steps) == len(PROBES) and not result.cancelled
    assert {s.state for s in result.steps} <= STATES
    for step in result.steps:
        assert step.state == "ok" or step.message, step
    assert len(result.channels) == sum(p.startswith("events:") for p in PROBES)
    snapshot = result.to_snapshot()
    fuzz_targets.diagnosable(snapshot)
    assert run_diagnosis(snapshot).findings
