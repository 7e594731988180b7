"""Tools › Test the network…: live only, runs in the pool, shows results, can be cancelled."""

from __future__ import annotations

import threading
from typing import Any

from esr_gui.core.models.network import NetworkResults, NetworkTest, SkippedContext
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.gui.controllers.network_test import NOT_LIVE
from esr_gui.gui.device_facts import FieldRow
from esr_gui.gui.pane_fill import device_rows
from esr_gui.gui.pipeline import Source
from tests.gui.conftest import WindowFactory
from tests.gui.test_fix_and_refresh import mixed_case_pc

INSPECTION = "CN=Contoso Inspection CA, O=Contoso Ltd"


def _results(cancelled: bool = False) -> NetworkResults:
    tests = [
        NetworkTest(
            url="https://kailani.one.microsoft.com/",
            context="user",
            result="ok",
            http_status=200,
            elapsed_ms=80,
            tls_issuer=INSPECTION,
        ),
    ]
    reason = "the technician cancelled the tests" if cancelled else "needs an elevated prompt"
    return NetworkResults(tests=tests, skipped=[SkippedContext(context="system", reason=reason)])


class FakeTests:
    """Stands in for live_network_tests; records what it was given, reports progress."""

    def __init__(self, cancel_midway: Any = None) -> None:
        self.calls: list[tuple[Snapshot, threading.Event]] = []
        self.cancel_midway = cancel_midway

    def __call__(
        self, snapshot: Snapshot, *, cancel: threading.Event, progress: Any
    ) -> NetworkResults:
        self.calls.append((snapshot, cancel))
        progress(0, 2, "user: https://kailani.one.microsoft.com/")
        if self.cancel_midway is not None:
            self.cancel_midway()
        progress(1, 2, "user: https://login.microsoftonline.com/")
        return _results(cancelled=cancel.is_set())


def _find(rows: list[FieldRow], name: str) -> FieldRow:
    for row in rows:
        if row.name == name:
            return row
        try:
            return _find(row.children, name)
        except LookupError:
            continue
    raise LookupError(name)


def test_not_offered_for_a_demo(make_window: WindowFactory) -> None:
    window = make_window(network_tests=FakeTests())
    window.open_source(Source("demo", name="mixed-case-upn"))
    action = window.network_test.action
    assert action in window.ui.menuTools.actions()
    assert not action.isEnabled() and NOT_LIVE in action.toolTip()
    assert not window.network_test.start()


def test_live_results_reach_device_status_and_the_saved_bundle(make_window: WindowFactory) -> None:
    tests = FakeTests()
    host = mixed_case_pc()
    window = make_window(host_factory=lambda: host, network_tests=tests)
    window.start_live()
    assert window.network_test.action.isEnabled()
    window.network_test.action.trigger()
    analysis = window.session.analysis
    assert analysis is not None and analysis.snapshot.network == _results()
    assert len(tests.calls) == 1 and tests.calls[0][0].dsregcmd is not None
    members = window.session.live_members
    assert members is not None and b"kailani.one.microsoft.com" in members["network.json"]
    rows = device_rows(analysis.snapshot, analysis.findings)
    user = _find(rows, "kailani.one.microsoft.com")
    assert user.verdict == "warn" and "TLS inspection" in user.expect
    system = _find(rows, "As SYSTEM (registration, WinHTTP proxy)")
    assert system.value == "not tested" and "elevated" in system.expect
    assert window.network_test.dialog is None  # the progress dialog closed


def test_cancel_reaches_the_running_tests(make_window: WindowFactory) -> None:
    host = mixed_case_pc()
    window = make_window(host_factory=lambda: host)
    tests = FakeTests(cancel_midway=window.network_test.cancel)
    window.network_test._tests = tests
    window.start_live()
    assert window.network_test.start()
    assert tests.calls[0][1].is_set()
    analysis = window.session.analysis
    assert analysis is not None and analysis.snapshot.network is not None
    assert "cancelled" in (analysis.snapshot.network.skipped_reason("system") or "")


def test_not_run_is_said_in_device_status(make_window: WindowFactory) -> None:
    window = make_window()
    window.open_source(Source("demo", name="mixed-case-upn"))
    analysis = window.session.analysis
    assert analysis is not None
    row = _find(device_rows(analysis.snapshot), "Network tests")
    assert row.value == "not run" and "Test the network" in row.expect
