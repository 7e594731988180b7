"""`graph/index.json` and the raw Graph bodies it names → GraphData.

A stranger's bundle may hold anything here: every field is checked for its type, a body that
cannot be read makes its call `unreadable` (unknown), and only the index being unusable is an
error of the whole member.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from esr_gui.core.errors import ParseError
from esr_gui.core.tenant.model import (
    CallKind,
    GraphCall,
    GraphData,
    GraphDevice,
    GraphProblem,
    GraphUser,
    LicenseDetail,
    ServicePlan,
)
from esr_gui.core.tenant.problems import classify_http, first_line

GRAPH_DIR = "graph/"
GRAPH_INDEX = "graph/index.json"
MAX_CALLS = 50
MAX_ITEMS = 200
Reader = Callable[[str], bytes | None]

_TARGET = r"/v1\.0/(?:me|users/(?P<who>[^/?\s]+))"
_LICENSES = re.compile(_TARGET + r"/licenseDetails", re.IGNORECASE)
_DEVICES = re.compile(r"/v1\.0/devices\b", re.IGNORECASE)
_USER = re.compile(_TARGET + r"(?:\?|$)", re.IGNORECASE)


def call_kind(request: str) -> tuple[CallKind, str] | None:
    """Which check a request serves, and whose it is ("me" or the other user)."""
    path = request.split(" ", 1)[-1].strip()
    for pattern, kind in ((_LICENSES, "licenses"), (_USER, "user")):
        match = pattern.search(path)
        if match:
            return kind, match.group("who") or "me"  # type: ignore[return-value]
    return ("devices", "") if _DEVICES.search(path) else None


def _json(data: bytes, what: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(f"{what} is not JSON ({first_line(str(exc))})") from None


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    return value if isinstance(value, str) else ""


def _flag(raw: dict[str, Any], key: str) -> bool | None:
    value = raw.get(key)
    return value if isinstance(value, bool) else None


def _when(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else None


def _problem(raw: object) -> GraphProblem | None:
    if not isinstance(raw, dict):
        return None
    try:
        return GraphProblem.model_validate(raw)
    except ValidationError:
        return GraphProblem(kind="error", message=first_line(str(raw.get("message") or "")))


def parse_index(data: bytes) -> GraphData:
    """The index alone (calls without their bodies); ParseError when it is unusable."""
    raw = _json(data, "graph/index.json")
    if not isinstance(raw, dict) or not isinstance(raw.get("calls", []), list):
        raise ParseError("graph/index.json is not an object with a list of calls")
    scopes = raw.get("scopes")
    graph = GraphData(
        captured=_when(raw.get("captured")),
        authority=_text(raw, "authority"),
        signed_in_as=_text(raw, "signed_in_as"),
        scopes=[s for s in scopes if isinstance(s, str)] if isinstance(scopes, list) else [],
        sign_in=_problem(raw.get("sign_in")),
    )
    for entry in raw.get("calls", [])[:MAX_CALLS]:
        call = _call(entry)
        if call is not None:
            graph.calls.append(call)
    return graph


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _call(entry: object) -> GraphCall | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("request"), str):
        return None
    found = call_kind(entry["request"])
    if found is None:
        return None
    return GraphCall(
        kind=found[0],
        target=found[1],
        request=entry["request"][:500],
        status=_int(entry.get("status")),
        retry_after=_int(entry.get("retry_after")),
        file=_text(entry, "file"),
        problem=_problem(entry.get("error")),
    )


def parse_graph(index: bytes, read: Reader) -> GraphData:
    """GraphData from `graph/index.json` and the members it names (`read` returns None for
    a member that is absent or too large). ParseError when the index is unusable."""
    graph = parse_index(index)
    for call in graph.calls:
        _read_body(graph, call, read)
    return graph


def _read_body(graph: GraphData, call: GraphCall, read: Reader) -> None:
    if call.problem is not None or call.status is None:
        call.problem = call.problem or GraphProblem(kind="error", message="no status recorded")
        return
    data = read(call.file) if call.file else None
    if data is None:
        call.problem = GraphProblem(kind="unreadable", message=f"{call.file or 'body'} missing")
        return
    try:
        body = _json(data, call.file)
    except ParseError as exc:
        call.problem = GraphProblem(kind="unreadable", status=call.status, message=str(exc))
        return
    if not 200 <= call.status < 300:
        call.problem = classify_http(call.status, body, call.retry_after)
        return
    _store(graph, call, body)


def _store(graph: GraphData, call: GraphCall, body: Any) -> None:
    if not isinstance(body, dict):
        call.problem = GraphProblem(kind="unreadable", message=f"{call.file}: not an object")
        return
    if call.kind == "user":
        graph.user = _user(body) if _text(body, "userPrincipalName") else None
        if graph.user is None:
            call.problem = GraphProblem(kind="unreadable", message="no userPrincipalName")
        return
    items = body.get("value")
    if not isinstance(items, list):
        call.problem = GraphProblem(kind="unreadable", message=f"{call.file}: no 'value' list")
        return
    rows = [i for i in items[:MAX_ITEMS] if isinstance(i, dict)]
    if call.kind == "licenses":
        graph.licenses = [_license(r) for r in rows]
    else:
        graph.devices = [_device(r) for r in rows if _text(r, "deviceId")]


def _user(raw: dict[str, Any]) -> GraphUser:
    return GraphUser(
        upn=_text(raw, "userPrincipalName"),
        account_enabled=_flag(raw, "accountEnabled"),
        on_premises_sync_enabled=_flag(raw, "onPremisesSyncEnabled"),
        object_id=_text(raw, "id"),
    )


def _license(raw: dict[str, Any]) -> LicenseDetail:
    plans = raw.get("servicePlans")
    return LicenseDetail(
        sku=_text(raw, "skuPartNumber") or _text(raw, "skuId") or "(unnamed licence)",
        sku_id=_text(raw, "skuId"),
        plans=[
            ServicePlan(
                name=_text(p, "servicePlanName"),
                status=_text(p, "provisioningStatus"),
                applies_to=_text(p, "appliesTo"),
            )
            for p in (plans if isinstance(plans, list) else [])[:MAX_ITEMS]
            if isinstance(p, dict)
        ],
    )


def _device(raw: dict[str, Any]) -> GraphDevice:
    return GraphDevice(
        device_id=_text(raw, "deviceId"),
        object_id=_text(raw, "id"),
        display_name=_text(raw, "displayName"),
        account_enabled=_flag(raw, "accountEnabled"),
        trust_type=_text(raw, "trustType"),
        last_sign_in=_when(raw.get("approximateLastSignInDateTime")),
        operating_system=_text(raw, "operatingSystem"),
        os_version=_text(raw, "operatingSystemVersion"),
    )
