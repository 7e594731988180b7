"""`net.endpoints`: can each context reach what it needs? (contracts/findings.md).

Per host and per context that needs it (endpoints.py decides which): the best of the tests
counts — reached with a Microsoft certificate, reached through TLS inspection (an issuer
that tls.py does not know), stopped by a proxy asking for credentials, or not reached. A
context that was not tested leaves its hosts "untested": never shown as reachable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from esr_gui.core.diagnose.base import say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.network_texts import (
    MISSING_NETWORK,
    NET,
    SLOW_MS,
    SLOW_NOTE,
    SYSTEM_FIX,
    USER_FIX,
)
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.models.network import NetContext, NetworkResults, NetworkTest
from esr_gui.core.network.endpoints import Endpoint, contexts_needing, endpoints_for
from esr_gui.core.network.tls import is_known_issuer

PairState = Literal["ok", "ok-unseen", "inspected", "proxy-auth", "fail", "untested"]
_RANK: dict[PairState, int] = {
    "ok": 0,
    "ok-unseen": 1,
    "inspected": 2,
    "proxy-auth": 3,
    "fail": 4,
    "untested": 5,
}
CONTEXT_NAME: dict[NetContext, str] = {"system": "as SYSTEM", "user": "as the user"}


@dataclass(frozen=True)
class PairVerdict:
    """One host in one context that needs it, and what its best test showed."""

    host: str
    context: NetContext
    state: PairState
    test: NetworkTest | None

    def describe(self) -> str:
        """`host as SYSTEM: tcp (connection refused) via winhttp-proxy p:8080`."""
        where = f"{self.host} {CONTEXT_NAME[self.context]}"
        test = self.test
        if test is None:
            return where
        detail: str = test.result if test.result != "ok" else "reached"
        if test.error:
            detail += f" ({test.error})"
        if test.result == "tls" and test.tls_issuer:
            detail += f", certificate issued by {test.tls_issuer}"
        if self.state == "inspected":
            detail = f"reached through TLS inspection (issuer {test.tls_issuer})"
        return f"{where}: {detail}, {test.route}"


def _state_of(test: NetworkTest) -> PairState:
    if test.result == "ok":
        known = is_known_issuer(test.tls_issuer)
        return "ok" if known else ("ok-unseen" if known is None else "inspected")
    return "proxy-auth" if test.result == "proxy-auth" else "fail"


def judge_pairs(results: NetworkResults, endpoints: list[Endpoint]) -> list[PairVerdict]:
    """A verdict per (tested host, context that needs it), worst first."""
    hosts = list(dict.fromkeys(t.host for t in results.tests if t.host))
    verdicts: list[PairVerdict] = []
    for host in hosts:
        for context in contexts_needing(host, endpoints):
            tests = [t for t in results.tests if t.host == host and t.context == context]
            if not tests:
                verdicts.append(PairVerdict(host, context, "untested", None))
                continue
            best = min(tests, key=lambda t: _RANK[_state_of(t)])
            verdicts.append(PairVerdict(host, context, _state_of(best), best))
    return sorted(verdicts, key=lambda v: -_RANK[v.state])


def test_evidence(test: NetworkTest) -> Evidence:
    """One test as evidence: `user login.microsoftonline.com` → `ok, HTTP 200`."""
    value = test.result + (f", HTTP {test.http_status}" if test.http_status else "")
    notes = [test.route, test.url]
    if test.elapsed_ms is not None:
        notes.append(f"{test.elapsed_ms} ms")
    if test.tls_issuer:
        notes.append(f"issuer {test.tls_issuer}")
    if test.error:
        notes.append(test.error)
    field = f"network.json {test.context} {test.host}"
    return Evidence(source="network", field=field, value=value, note="; ".join(notes))


def _untested_text(verdicts: list[PairVerdict], results: NetworkResults) -> str:
    parts: list[str] = []
    for context in ("system", "user"):
        hosts = [v.host for v in verdicts if v.state == "untested" and v.context == context]
        if not hosts:
            continue
        reason = results.skipped_reason(context) or "no test was recorded"
        parts.append(f"{', '.join(hosts)} {CONTEXT_NAME[context]} not tested ({reason})")
    return "; ".join(parts)


def slow_note(results: NetworkResults) -> str:
    """A sentence naming the tests that took over SLOW_MS (a note, never a verdict), or ""."""
    slow = [t for t in results.tests if t.elapsed_ms is not None and t.elapsed_ms > SLOW_MS]
    if not slow:
        return ""
    listing = "; ".join(f"{t.host} {CONTEXT_NAME[t.context]} {t.elapsed_ms} ms" for t in slow)
    return SLOW_NOTE.format(limit=SLOW_MS, slow=listing)


def check_net_endpoints(ctx: DiagContext) -> Finding:
    """net.endpoints: fail / warn / unknown / pass exactly as contracts/findings.md says."""
    rid = "net.endpoints"
    results = ctx.snap.network
    if results is None or not results.tests:
        missing = [MISSING_NETWORK]
        if results is not None and results.skipped:
            missing = [f"{CONTEXT_NAME[s.context]}: {s.reason}" for s in results.skipped]
        return say(rid, NET["untested"], missing=missing)
    verdicts = judge_pairs(results, endpoints_for(ctx.dsreg))
    evidence = [test_evidence(t) for t in results.tests]
    slow = slow_note(results)
    failed = [v for v in verdicts if v.state == "fail"]
    if failed:
        fix = SYSTEM_FIX if any(v.context == "system" for v in failed) else ""
        fix += USER_FIX if any(v.context == "user" for v in failed) else ""
        text = "; ".join(v.describe() for v in failed)
        return say(rid, NET["fail"], evidence, failed=text, fix=fix, slow=slow)
    warned = [v for v in verdicts if v.state in ("inspected", "proxy-auth")]
    if warned:
        text = "; ".join(v.describe() for v in warned)
        warned_text = text[:1].upper() + text[1:]
        return say(rid, NET["warn"], evidence, warned=warned_text, slow=slow)
    untested = _untested_text(verdicts, results)
    if untested:
        return say(rid, NET["partial"], evidence, missing=[untested], untested=untested, slow=slow)
    unseen = [v.host for v in verdicts if v.state == "ok-unseen"]
    note = f" The certificate issuer of {', '.join(unseen)} was not read." if unseen else ""
    return say(rid, NET["ok"], evidence, note=note + slow)


ENDPOINTS_RECORD = FindingRecord(
    id="net.endpoints",
    area="network",
    name="Endpoints reachable",
    guide="Beyond the guide: the registration, sign-in and sync endpoints, tested from the device",
    meaning="Whether the device reaches the endpoints registration, sign-in and sync need, in the "
    "context that needs them (SYSTEM for registration, the user for sync).",
    why=(
        "A proxy only the user has, TLS inspection or a firewall rule for SYSTEM breaks "
        "registration or sync while everything on the device looks configured."
    ),
    todo=(
        "Test the network (Tools > Test the network…, or esr-diag collect --network) on the "
        "device; fix the proxy or firewall for the context that failed."
    ),
    action=(
        "Let the failed context reach the endpoint: the WinHTTP proxy or firewall for SYSTEM, the "
        "Internet Options proxy for the user; exempt Microsoft's sign-in hosts from TLS inspection."
    ),
    check=check_net_endpoints,
    docs=(
        "an endpoint that registration, sign-in or sync needs cannot be reached in the context"
        " that needs it (SYSTEM for registration: `enterpriseregistration.windows.net`,"
        " `device.login.microsoftonline.com`, JoinSrvUrl, KeySrvUrl; the user for sync: the hosts"
        " of the decoded SettingsUrl; both for sign-in: `login.microsoftonline.com`, AuthCodeUrl,"
        " AccessTokenUrl): `fail`; reached only through TLS inspection (a leaf issuer other than"
        " Microsoft's or DigiCert's) or a proxy asking for credentials (407): `warn`; not tested,"
        " or a context that needs it not tested: `unknown` with the reason; a test that took"
        " over 2 s is named in the text (a note: the status stays what reachability decides)"
    ),
    opt_in=True,
    ranks=(
        Rank(95, ("fail",), "an unreachable endpoint explains registration, PRT and URL failures"),
        Rank(105, ("warn",), "TLS inspection or proxy credentials break token calls quietly"),
    ),
)
