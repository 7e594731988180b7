"""Graph deviceRunStates pages (recorded shape, documented properties) as fleet rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from esr_gui.core.fleet.inputs import scan
from esr_gui.core.fleet.intune_graph import (
    is_run_states_page,
    next_link,
    rows_from_pages,
    run_states_url,
)
from esr_gui.core.fleet.summary import DeviceRow, InputError, summarise
from tests.unit.intune_exports import FAIL_1607, OK_LINE

SCRIPT = "9414c234-775d-4377-826c-07fa4d81b5ca"
CONTEXT = (
    "https://graph.microsoft.com/beta/$metadata#deviceManagement/deviceHealthScripts('"
    + SCRIPT
    + "')/deviceRunStates(managedDevice())"
)


def state(name: str, output: str, when: str, **extra: Any) -> dict[str, Any]:
    """One deviceHealthScriptDeviceState with its managedDevice, as Graph returns it."""
    return {
        "@odata.type": "#microsoft.graph.deviceHealthScriptDeviceState",
        "id": f"{SCRIPT}:{name}",
        "detectionState": extra.get("detection", "fail"),
        "lastStateUpdateDateTime": when,
        "expectedStateUpdateDateTime": None,
        "lastSyncDateTime": when,
        "preRemediationDetectionScriptOutput": output,
        "preRemediationDetectionScriptError": extra.get("error"),
        "remediationScriptError": None,
        "postRemediationDetectionScriptOutput": None,
        "postRemediationDetectionScriptError": None,
        "remediationState": "skipped",
        "assignmentFilterIds": [],
        "managedDevice": {"id": f"md-{name}", "deviceName": name, "userPrincipalName": "u@c.com"},
    }


PAGE_1 = {
    "@odata.context": CONTEXT,
    "@odata.nextLink": f"https://graph.microsoft.com/beta/deviceManagement/deviceHealthScripts/{SCRIPT}/deviceRunStates?$expand=managedDevice&$skiptoken=abc",
    "value": [
        state("PC-0001", FAIL_1607, "2026-12-01T08:00:00Z"),
        state("PC-0002", OK_LINE, "2026-12-01T09:00:00.1234567Z", detection="success"),
    ],
}
PAGE_2 = {
    "@odata.context": CONTEXT,
    "value": [state("PC-0003", "", "2026-12-01T10:00:00Z", detection="scriptError", error="boom")],
}


def test_url_is_the_documented_endpoint_and_refuses_other_ids() -> None:
    assert run_states_url(SCRIPT) == (
        "https://graph.microsoft.com/beta/deviceManagement/deviceHealthScripts/"
        f"{SCRIPT}/deviceRunStates?$expand=managedDevice"
    )
    with pytest.raises(ValueError, match="GUID"):
        run_states_url("x/../../users")


def test_pages_follow_next_link_and_become_rows() -> None:
    assert next_link(PAGE_1) is not None and next_link(PAGE_2) is None
    summary = summarise(rows_from_pages([PAGE_1, PAGE_2], "graph"))
    states = {d.display_name: d.state for d in summary.devices}
    assert states == {"PC-0001": "fail", "PC-0002": "pass", "PC-0003": "unknown"}
    pc3 = summary.devices[2]
    assert pc3.unreadable is not None and "boom" in pc3.unreadable
    assert summary.exit_code() == 1


def test_error_pages_and_odd_items_are_errors_not_crashes() -> None:
    error = {"error": {"code": "Forbidden", "message": "Application is not authorized"}}
    odd = {"@odata.context": CONTEXT, "value": ["text"]}
    items = list(rows_from_pages([error, {"value": 3}, odd], "graph"))
    assert all(isinstance(i, InputError) for i in items)
    messages = [i.message for i in items if isinstance(i, InputError)]
    assert messages[0] == "Graph said Forbidden: Application is not authorized"
    assert "no 'value' list" in messages[1] and messages[2] == "not a run state"


def test_a_saved_page_is_read_by_fleet(tmp_path: Path) -> None:
    path = tmp_path / "runstates.json"
    path.write_text(json.dumps(PAGE_1), encoding="utf-8")
    rows = [i for i in scan([path]) if isinstance(i, DeviceRow)]
    assert [r.display_name for r in rows] == ["PC-0001", "PC-0002"]
    assert all(r.kind == "intune" for r in rows)
    assert is_run_states_page(PAGE_2) and not is_run_states_page({"schema": 1})
