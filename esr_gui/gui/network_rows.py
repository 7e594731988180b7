"""Device status rows of the network tests (network.json): per context, per endpoint."""

from __future__ import annotations

from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.models.network import NetContext, NetworkResults, NetworkTest
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.network.endpoints import Endpoint, contexts_needing, endpoints_for
from esr_gui.core.network.tls import is_known_issuer
from esr_gui.gui.device_facts import FieldRow

NOT_RUN = "Tools › Test the network… on the device itself"
CONTEXT_TITLE: dict[NetContext, str] = {
    "system": "As SYSTEM (registration, WinHTTP proxy)",
    "user": "As the user (sign-in and sync, Internet Options proxy)",
}


def _value(test: NetworkTest) -> str:
    parts: list[str] = ["reached" if test.result == "ok" else test.result]
    if test.http_status:
        parts.append(f"HTTP {test.http_status}")
    if test.elapsed_ms is not None:
        parts.append(f"{test.elapsed_ms} ms")
    parts.append(test.route)
    return ", ".join(parts)


def _row(test: NetworkTest, endpoints: list[Endpoint]) -> FieldRow:
    needed = test.context in contexts_needing(test.host, endpoints)
    known = is_known_issuer(test.tls_issuer)
    notes = [f"issuer {test.tls_issuer}"] if test.tls_issuer else []
    if test.error:
        notes.append(test.error)
    if test.result == "ok":
        verdict = "warn" if known is False else "pass"
        if known is False:
            notes.insert(0, "TLS inspection")
    elif test.result == "proxy-auth":
        verdict = "warn"
    else:
        verdict = "fail" if needed else ""
    if not needed:
        notes.append("not needed in this context")
        verdict = "" if verdict == "fail" else verdict
    return FieldRow(test.host, _value(test), "; ".join(notes), verdict)


def _context_group(
    results: NetworkResults, context: NetContext, endpoints: list[Endpoint]
) -> FieldRow:
    group = FieldRow(CONTEXT_TITLE[context])
    reason = results.skipped_reason(context)
    tests = results.in_context(context)
    if not tests:
        group.value = "not tested"
        group.expect = reason or "no test was recorded"
        return group
    group.children = [_row(t, endpoints) for t in tests]
    if reason:
        group.expect = reason
    return group


def network_rows(snapshot: Snapshot) -> list[FieldRow]:
    """One "Network tests" group: "not run", or the SYSTEM and user tests and the AD SCP."""
    results = snapshot.network
    if results is None:
        return [FieldRow("Network tests", "not run", NOT_RUN)]
    facts = DsregFacts.from_status(snapshot.dsregcmd) if snapshot.dsregcmd else None
    endpoints = endpoints_for(facts)
    group = FieldRow("Network tests")
    group.children = [_context_group(results, c, endpoints) for c in ("system", "user")]
    if results.scp is not None:
        scp = results.scp
        value = scp.tenant_id or scp.state
        expect = "; ".join(p for p in (scp.tenant_name or "", scp.error or "") if p)
        group.children.append(FieldRow("SCP in Active Directory", value, expect))
    return [group]
