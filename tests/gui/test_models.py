"""Every item model passes qtmodeltester; the filter proxies filter as they say."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from esr_gui.core.models.events import Event
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.gui.applog import TailHandler
from esr_gui.gui.device_facts import FieldRow
from esr_gui.gui.models.checklist_model import STATUS_ROLE, ChecklistModel
from esr_gui.gui.models.event_filter import EventFilterProxy
from esr_gui.gui.models.events_model import EventsModel
from esr_gui.gui.models.field_tree_model import FieldSearchProxy, FieldTreeModel
from esr_gui.gui.models.known_issues_model import KNOWN_ISSUES, KnownIssuesModel
from esr_gui.gui.models.log_model import LogFilterProxy, LogModel
from esr_gui.gui.pane_fill import device_rows
from esr_gui.gui.pipeline import Source, analyse, load_source

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def events() -> list[Event]:
    return [
        Event(
            channel="Microsoft-Windows-AAD/Operational",
            event_id=1098,
            level=2,
            time=T0,
            message="Token broker operation failed",
            error_codes=("0xCAA5001C",),
        ),
        Event(
            channel="Microsoft-Windows-AAD/Operational",
            event_id=1104,
            level=2,
            time=T0 + timedelta(minutes=1),
            error_codes=("0xC000005F",),
        ),
        Event(
            channel="Microsoft-Windows-SettingSync-Azure/Debug",
            event_id=6013,
            level=3,
            time=T0 + timedelta(hours=3),
            error_codes=("0x80070259",),
        ),
        Event(channel="Microsoft-Windows-SettingSync/Operational", event_id=1, level=4, time=None),
    ]


def findings() -> list[Finding]:
    return [
        Finding(
            id="prereq.os-build",
            status="pass",
            title="Build",
            evidence=[Evidence(source="registry", field="CurrentBuild", value="19045")],
        ),
        Finding(id="prereq.license", status="manual", title="Licence"),
        Finding(id="sync.policy-allows", status="fail", title="Policy"),
        Finding(id="ki.smart-card-sign-in", status="warn", title="Smart card"),
        Finding(id="ki.wip-no-sync", status="not-applicable", title="WIP"),
    ]


def test_checklist_model(qtmodeltester: Any) -> None:
    model = ChecklistModel()
    model.set_findings(findings(), set())
    qtmodeltester.check(model)
    titles = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert titles == ["Prerequisites", "Verify sync", "Known issues that apply"]
    ki = model.index(2, 0)
    assert model.rowCount(ki) == 1  # only the issue that applies
    seen: list[tuple[str, bool]] = []
    model.confirmed_changed.connect(lambda i, c: seen.append((i, c)))
    assert model.set_confirmed("prereq.license", True)
    assert seen == [("prereq.license", True)]
    assert model.data(model.index_of("prereq.license"), STATUS_ROLE) == "confirmed"
    assert not model.setData(model.index_of("prereq.os-build").siblingAtColumn(1), 2, 10)
    qtmodeltester.check(model)


def test_events_model_and_proxy(qtmodeltester: Any) -> None:
    model = EventsModel()
    model.set_events(events())
    proxy = EventFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 4
    proxy.set_levels({1, 2})
    assert proxy.rowCount() == 2
    proxy.set_levels(None)
    proxy.set_channels({"Microsoft-Windows-SettingSync-Azure/Debug"})
    assert proxy.rowCount() == 1
    proxy.set_channels(None)
    proxy.set_event_ids("1098, 6013")
    assert proxy.rowCount() == 2
    proxy.set_event_ids("")
    proxy.set_time_window(T0 + timedelta(hours=1), None)
    assert proxy.rowCount() == 1
    proxy.set_time_window(None, None)
    proxy.set_search("token broker")  # the knowledge table's meaning is searched too
    assert proxy.rowCount() >= 1
    proxy.set_search("ERROR_FOUND_OUT_OF_SCOPE")
    assert proxy.rowCount() == 1
    qtmodeltester.check(proxy)


def test_field_tree_model(qtmodeltester: Any, sample_bundle: Path) -> None:
    snapshot = load_source(Source("bundle", path=str(sample_bundle)))
    model = FieldTreeModel()
    model.set_rows(device_rows(snapshot))
    qtmodeltester.check(model)
    proxy = FieldSearchProxy()
    proxy.setSourceModel(model)
    proxy.setFilterFixedString("settingsurl")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() >= 1
    model.set_rows([FieldRow("group", children=[FieldRow("a", "1", "should be YES", "fail")])])
    qtmodeltester.check(model)


def test_known_issues_model(qtmodeltester: Any, sample_bundle: Path) -> None:
    source = Source("bundle", path=str(sample_bundle))
    analysis = analyse(load_source(source), source)
    model = KnownIssuesModel()
    model.set_findings(analysis.findings)
    qtmodeltester.check(model)
    assert model.rowCount() == len(KNOWN_ISSUES) >= 10  # the guide's ten, and any added since
    ids = {f.id: f.status for f in analysis.findings}
    for row in range(model.rowCount()):
        issue_id = model.data(model.index(row, 0), 0x0100 + 40)
        assert model.status_of(row) == ids.get(issue_id, "unknown")


def test_log_model(qtmodeltester: Any) -> None:
    handler = TailHandler(size=10)
    logger = logging.getLogger("esr_gui.test_log_model")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        logger.info("first line")
        model = LogModel(handler)
        logger.debug("debug line")
        logger.error("an error\nwith a second line")
    finally:
        logger.removeHandler(handler)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    proxy = LogFilterProxy()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 2  # info and above by default
    proxy.set_min_level(logging.ERROR)
    assert proxy.rowCount() == 1
    proxy.setFilterFixedString("nothing")
    assert proxy.rowCount() == 0
    qtmodeltester.check(proxy)
    assert "second line" in model.text()
