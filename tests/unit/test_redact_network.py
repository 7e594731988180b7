"""Redaction of network.json: tenant ids and names, proxy hosts and inspection CAs never leak."""

from __future__ import annotations

import json

from esr_gui.core.bundle.reader import bundle_from_members
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.network import check_net_endpoints
from esr_gui.core.diagnose.scp import check_scp_tenant
from esr_gui.core.redaction.members import redact_members
from esr_gui.core.snapshot_builder import snapshot_from_bundle
from tests.unit.diagnose_support import dsreg, members
from tests.unit.leak_scan import leaks, member_blobs, needles
from tests.unit.network_support import MS_ISSUER, all_ok

TENANT = "8d2f1c3a-4b5e-4f60-9a7b-1c2d3e4f5a6b"
PROXY = "proxy01.fabrikam-corp.com"
ISSUER = "CN=Fabrikam Inspection CA, O=Fabrikam Holdings"


def _members() -> dict[str, bytes]:
    auth = f"https://login.microsoftonline.com/{TENANT}/oauth2/authorize"
    tests = all_ok()
    for test in tests:
        if test["context"] == "system":
            test["route"] = f"winhttp-proxy {PROXY}:8080"
        if "kailani1" in str(test["url"]):
            test["tls_issuer"] = ISSUER
    tests.append(
        {
            "url": auth,
            "context": "user",
            "route": "direct",
            "result": "tcp",
            "error": f"could not connect through {PROXY}",
        }
    )
    scp = {"state": "found", "tenant_id": TENANT, "tenant_name": "fabrikam-corp.com"}
    spec = dsreg(dj="YES", Tenant_Details={"TenantId": TENANT, "AuthCodeUrl": auth})
    files = members(dsregcmd=spec)
    files["network.json"] = json.dumps({"tests": tests, "scp": scp}).encode()
    return files


def _verdicts(files: dict[str, bytes]) -> list[str]:
    ctx = DiagContext(snapshot_from_bundle(bundle_from_members(files, label="t")))
    return [check_net_endpoints(ctx).status, check_scp_tenant(ctx).status]


def test_network_json_leaks_nothing_and_keeps_its_verdicts() -> None:
    before = _members()
    after = redact_members(before).all_members()
    wanted = needles(
        {
            TENANT: "guid",
            PROXY: "domain",
            "fabrikam-corp.com": "domain",
            "Fabrikam Inspection CA": "tenant-name",
            "Fabrikam Holdings": "tenant-name",
        }
    )
    blobs = {k: v for name, data in after.items() for k, v in member_blobs(name, data).items()}
    assert leaks(blobs, wanted) == []
    text = after["network.json"].decode()
    assert MS_ISSUER in text  # the public issuers stay, so inspection is still told apart
    assert "login.microsoftonline.com" in text and "enterpriseregistration.windows.net" in text
    assert _verdicts(after) == _verdicts(before) == ["warn", "pass"]
