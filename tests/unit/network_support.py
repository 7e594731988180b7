"""Snapshots with a `network.json` member, through the real bundle reader and builder."""

from __future__ import annotations

import json

from esr_gui.core.bundle.reader import bundle_from_members
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.snapshot_builder import snapshot_from_bundle
from tests.unit.diagnose_support import dsreg, members

MS_ISSUER = "CN=Microsoft Azure RSA TLS Issuing CA 03, O=Microsoft Corporation, C=US"
PROXY_ISSUER = "CN=Contoso Inspection CA, O=Contoso Ltd, C=US"
TENANT = "5f1c9d1e-7b3a-4c2e-9a51"


def net_test(url: str, context: str, result: str = "ok", **more: object) -> dict[str, object]:
    """One network.json test (a Microsoft issuer unless given)."""
    test: dict[str, object] = {"url": url, "context": context, "route": "direct", "result": result}
    if result == "ok":
        test.update(http_status=200, elapsed_ms=120, tls_issuer=MS_ISSUER)
    test.update(more)
    return test


def all_ok(context: str = "both") -> list[dict[str, object]]:
    """Every endpoint of the sample device reached in `context` ("both" for user and SYSTEM)."""
    contexts = ("user", "system") if context == "both" else (context,)
    urls = (
        "https://kailani.one.microsoft.com/",
        "https://kailani1.one.microsoft.com/",
        "https://enterpriseregistration.windows.net/",
        "https://device.login.microsoftonline.com/",
        "https://login.microsoftonline.com/",
    )
    return [net_test(u, c) for c in contexts for u in urls]


def net_snapshot(
    network: object | None = None,
    raw: bytes | None = None,
    **spec: object,
) -> Snapshot:
    """A snapshot of the sample device (dsregcmd unless given) with this network.json."""
    spec.setdefault("dsregcmd", dsreg())
    files = members(**spec)  # type: ignore[arg-type]
    if raw is not None:
        files["network.json"] = raw
    elif network is not None:
        files["network.json"] = json.dumps(network).encode()
    return snapshot_from_bundle(bundle_from_members(files, label="test"))


def ctx_of(snap: Snapshot) -> DiagContext:
    """The diagnosis context of a snapshot."""
    return DiagContext(snap)
