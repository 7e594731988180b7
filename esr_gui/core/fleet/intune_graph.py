"""Intune run states through Microsoft Graph: the request to make and its pages as fleet rows.

Endpoint (Graph beta; learn.microsoft.com/graph/api/ pages
intune-devices-devicehealthscriptdevicestate-list and
resources/intune-devices-devicehealthscriptdevicestate):

    GET /beta/deviceManagement/deviceHealthScripts/{deviceHealthScriptId}/deviceRunStates
        ?$expand=managedDevice
    delegated permission DeviceManagementConfiguration.Read.All (least privileged)

Each item is a deviceHealthScriptDeviceState (detectionState, lastStateUpdateDateTime,
lastSyncDateTime, preRemediationDetectionScriptOutput, preRemediationDetectionScriptError,
postRemediationDetectionScriptOutput, ...) with its managedDevice (deviceName, id,
userPrincipalName). Pages follow `@odata.nextLink`.

This module is pure: the Graph client (platform/, msal) fetches the pages and hands the parsed
JSON to `rows_from_pages`; a saved page (Graph Explorer, Invoke-MgGraphRequest) is read the same
way by `esr-diag fleet`. Nothing here signs in or holds a token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from esr_gui.core.fleet.intune import RunRecord, parse_time, row_from_run
from esr_gui.core.fleet.summary import InputError, ScanItem

GRAPH_ROOT = "https://graph.microsoft.com"
SCOPE = "DeviceManagementConfiguration.Read.All"
RUN_STATES_PATH = "/beta/deviceManagement/deviceHealthScripts/{script_id}/deviceRunStates"
MAX_PAGES = 10_000
_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_CONTEXT = "deviceRunStates"


def run_states_url(script_id: str, root: str = GRAPH_ROOT) -> str:
    """The first page's URL for the remediation package `script_id` (a GUID)."""
    if not _GUID.match(script_id):
        raise ValueError(f"not a remediation package id (a GUID): {script_id!r}")
    path = RUN_STATES_PATH.format(script_id=script_id)
    return f"{root.rstrip('/')}{path}?$expand=managedDevice"


def next_link(page: Any) -> str | None:
    """The next page's URL (`@odata.nextLink`), or None on the last page."""
    link = page.get("@odata.nextLink") if isinstance(page, dict) else None
    return link if isinstance(link, str) and link.startswith("https://") else None


def is_run_states_page(raw: Any) -> bool:
    """True for a deviceRunStates response page (by its @odata.context, or its items)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("value"), list):
        return False
    context = raw.get("@odata.context")
    if isinstance(context, str) and _CONTEXT in context:
        return True
    first = raw["value"][0] if raw["value"] else None
    return isinstance(first, dict) and "preRemediationDetectionScriptOutput" in first


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return value if isinstance(value, str) else ""


def record_from_item(item: Any, source: str) -> RunRecord | None:
    """One run state as a RunRecord; None when the item is not an object."""
    if not isinstance(item, dict):
        return None
    device = item.get("managedDevice")
    device = device if isinstance(device, dict) else {}
    return RunRecord(
        source=source,
        device=_text(device, "deviceName") or None,
        device_id=_text(device, "id") or None,
        user=_text(device, "userPrincipalName") or None,
        when=parse_time(_text(item, "lastStateUpdateDateTime")),
        output=_text(item, "preRemediationDetectionScriptOutput"),
        post_output=_text(item, "postRemediationDetectionScriptOutput"),
        error=_text(item, "preRemediationDetectionScriptError"),
        detection=_text(item, "detectionState"),
    )


def _page_error(page: Any) -> str | None:
    if isinstance(page, dict) and isinstance(page.get("error"), dict):
        error = page["error"]
        return f"Graph said {error.get('code', 'error')}: {error.get('message', '')}".strip()
    if not isinstance(page, dict) or not isinstance(page.get("value"), list):
        return "not a Graph deviceRunStates page (no 'value' list)"
    return None


def rows_from_pages(pages: Iterable[Any], source: str) -> Iterator[ScanItem]:
    """Fleet rows (or errors) from the parsed JSON pages of one deviceRunStates listing."""
    for number, page in enumerate(pages, start=1):
        where = f"{source} page {number}"
        if number > MAX_PAGES:
            yield InputError(source=source, message=f"stopped after {MAX_PAGES} pages")
            return
        problem = _page_error(page)
        if problem is not None:
            yield InputError(source=where, message=problem)
            continue
        for index, item in enumerate(page["value"], start=1):
            record = record_from_item(item, f"{where} item {index}")
            if record is None:
                yield InputError(source=f"{where} item {index}", message="not a run state")
            else:
                yield row_from_run(record)
