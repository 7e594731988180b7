"""Bundles with a `graph/` member for the tenant-side tests."""

from __future__ import annotations

import json
from typing import Any

from esr_gui.core.bundle.reader import bundle_from_members
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.snapshot_builder import snapshot_from_bundle
from tests.unit.diagnose_support import dsreg, members

DEVICE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
UPN = "Jane.Doe@contoso.example"
ME = "GET /v1.0/me?$select=id,userPrincipalName,accountEnabled,onPremisesSyncEnabled"
LICENCES = "GET /v1.0/me/licenseDetails"
DEVICES = f"GET /v1.0/devices?$filter=deviceId eq '{DEVICE_ID}'"
Call = tuple[str, int | None, Any]  # request, status, body (or the error of a call not made)


def me(upn: str = UPN, enabled: bool = True) -> dict[str, Any]:
    """A /me body."""
    return {"id": "o1", "userPrincipalName": upn, "accountEnabled": enabled}


def licences(*plans: tuple[str, str], sku: str = "EMS") -> dict[str, Any]:
    """A licenseDetails body with one SKU holding `plans` (name, provisioningStatus)."""
    rows = [{"servicePlanName": n, "provisioningStatus": s, "appliesTo": "User"} for n, s in plans]
    return {"value": [{"skuId": "s1", "skuPartNumber": sku, "servicePlans": rows}]}


def devices(*items: dict[str, Any]) -> dict[str, Any]:
    """A /devices body."""
    return {"value": list(items)}


def device(**changes: Any) -> dict[str, Any]:
    """A device object, changed by `changes`."""
    base = {"id": "obj", "deviceId": DEVICE_ID, "displayName": "PC-0042",
            "accountEnabled": True, "trustType": "AzureAd",
            "approximateLastSignInDateTime": "2026-12-01T08:00:00Z"}  # fmt: skip
    return {**base, **changes}


def graph_members(
    *calls: Call, sign_in: dict[str, Any] | None = None, signed_in_as: str = UPN
) -> dict[str, bytes]:
    """`graph/index.json` plus one body member per call with a status."""
    out: dict[str, bytes] = {}
    entries: list[dict[str, Any]] = []
    for number, (request, status, body) in enumerate(calls):
        if status is None:
            entries.append({"request": request, "status": None, "error": body})
            continue
        name = f"graph/call{number}.json"
        out[name] = json.dumps(body).encode()
        entries.append({"file": name, "request": request, "status": status})
    index: dict[str, Any] = {
        "captured": "2026-12-07T10:15:00+01:00", "authority": "https://login/contoso",
        "signed_in_as": signed_in_as, "scopes": ["User.Read"], "calls": entries,
    }  # fmt: skip
    if sign_in is not None:
        index["sign_in"] = sign_in
    out["graph/index.json"] = json.dumps(index).encode()
    return out


def tenant_snapshot(
    graph: dict[str, bytes] | None, *, join: str = "aad", upn: str | None = UPN
) -> Snapshot:
    """A bundle of a device (Azure AD joined, or hybrid) with `graph` members."""
    flags = {"aad": ("YES", "NO"), "hybrid": ("YES", "YES")}[join]
    sections = dsreg(aad=flags[0], dj=flags[1], Device_Details={"DeviceId": DEVICE_ID})
    files = {**members(dsregcmd=sections, upn=upn), **(graph or {})}
    return snapshot_from_bundle(bundle_from_members(files, label="test"))


def ctx_of(graph: dict[str, bytes] | None, **spec: Any) -> DiagContext:
    """The DiagContext of `tenant_snapshot(graph, **spec)`."""
    return DiagContext(tenant_snapshot(graph, **spec))
