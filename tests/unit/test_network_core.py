"""The endpoint list, the TLS issuer rule, network.json loading and `net.endpoints`."""

from __future__ import annotations

from typing import Any

import pytest

from esr_gui.core.diagnose.network import check_net_endpoints
from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.network.endpoints import contexts_needing, endpoints_for
from esr_gui.core.network.tls import is_known_issuer
from esr_gui.core.parse.dsregcmd import parse_dsregcmd
from tests.unit.diagnose_support import boxed, dsreg
from tests.unit.network_support import (
    PROXY_ISSUER,
    all_ok,
    ctx_of,
    net_snapshot,
    net_test,
)

JOIN = "https://enterpriseregistration.windows.net/EnrollmentServer/device/"
AUTH = "https://login.microsoftonline.com/5f1c9d1e/oauth2/authorize"


def _facts(**extra: Any) -> DsregFacts:
    return DsregFacts.from_status(parse_dsregcmd(boxed(dsreg(**extra)).encode(), source="t"))


def test_endpoints_come_from_the_device_first_then_the_documented_ones() -> None:
    facts = _facts(Tenant_Details={"JoinSrvUrl": JOIN, "AuthCodeUrl": AUTH})
    found = endpoints_for(facts)
    urls = [e.url for e in found]
    assert urls[:2] == ["https://kailani.one.microsoft.com/", "https://kailani1.one.microsoft.com/"]
    assert JOIN in urls and AUTH in urls
    # One URL per host: the documented root of a host the device already names is not repeated.
    hosts = [e.host for e in found]
    assert len(hosts) == len(set(hosts))
    assert "device.login.microsoftonline.com" in hosts
    assert {e.origin for e in found if e.url == JOIN} == {"dsregcmd JoinSrvUrl"}


def test_without_a_settings_url_the_documented_sync_hosts_are_tested() -> None:
    found = endpoints_for(_facts(url=None))
    sync = [e.url for e in found if e.purpose == "sync"]
    assert sync == ["https://kailani.one.microsoft.com/", "https://kailani1.one.microsoft.com/"]
    assert all(e.origin.startswith("documented") for e in found)


def test_a_garbled_url_is_not_tested() -> None:
    facts = _facts(Tenant_Details={"JoinSrvUrl": "https://xxxx redacted", "KeySrvUrl": "ftp://x"})
    assert all(e.url.startswith("https://") and " " not in e.url for e in endpoints_for(facts))


def test_contexts_registration_system_sync_user_sign_in_both() -> None:
    found = endpoints_for(_facts())
    assert contexts_needing("enterpriseregistration.windows.net", found) == ("system",)
    assert contexts_needing("kailani.one.microsoft.com", found) == ("user",)
    assert contexts_needing("login.microsoftonline.com", found) == ("system", "user")
    assert contexts_needing("unknown.example", found) == ("system", "user")


@pytest.mark.parametrize(
    ("issuer", "known"),
    [
        ("CN=Microsoft Azure RSA TLS Issuing CA 03, O=Microsoft Corporation, C=US", True),
        ("CN=DigiCert SHA2 Secure Server CA, O=DigiCert Inc, C=US", True),
        ("C=US, O=Microsoft Corporation, CN=Microsoft RSA TLS CA 02", True),
        (PROXY_ISSUER, False),
        ("CN=Microsoftish Proxy, O=Evil", False),
        ("", None),
        (None, None),
    ],
)
def test_tls_issuer_rule(issuer: str | None, known: bool | None) -> None:
    assert is_known_issuer(issuer) is known


def test_network_json_is_loaded_onto_the_snapshot() -> None:
    snap = net_snapshot({"tests": all_ok(), "skipped": []})
    assert snap.network is not None and len(snap.network.tests) == 10
    assert snap.problems == []


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b"{not json", "network.json"),
        (b'{"tests": [{"url": "https://x/", "context": "admin", "result": "ok"}]}', "context"),
        (b'{"tests": [{"url": "https://x/", "context": "user", "result": "fine"}]}', "result"),
        (
            b'{"tests": [{"url": "https://x/", "context": "user", "route": "vpn", '
            b'"result": "ok"}]}',
            "route",
        ),
    ],
)
def test_an_unusable_network_json_is_a_problem_not_a_crash(raw: bytes, said: str) -> None:
    snap = net_snapshot(raw=raw)
    assert snap.network is None
    [problem] = snap.problems
    assert problem.member == "network.json" and said in (problem.member + problem.message)
    assert snap.dsregcmd is not None  # the rest of the bundle still counts


def test_an_oversized_network_json_is_refused_before_it_is_read() -> None:
    huge = b'{"tests": [], "pad": "' + b"x" * (1024 * 1024 + 1) + b'"}'
    snap = net_snapshot(raw=huge)
    assert snap.network is None and "larger than" in snap.problems[0].message


def test_not_tested_is_unknown() -> None:
    found = check_net_endpoints(ctx_of(net_snapshot()))
    assert found.status == "unknown" and "network tests were not run" in found.missing[0]


def test_all_reached_in_both_contexts_passes() -> None:
    found = check_net_endpoints(ctx_of(net_snapshot({"tests": all_ok()})))
    assert found.status == "pass", found.explanation
    assert found.evidence[0].source == "network"


def test_registration_blocked_for_system_fails_even_when_the_user_gets_through() -> None:
    tests = all_ok("user") + [
        t
        if "enterpriseregistration" not in str(t["url"])
        else net_test(
            str(t["url"]),
            "system",
            "tcp",
            error="connection refused",
            route="winhttp-proxy proxy:8080",
        )
        for t in all_ok("system")
    ]
    found = check_net_endpoints(ctx_of(net_snapshot({"tests": tests})))
    assert found.status == "fail"
    assert "enterpriseregistration.windows.net as SYSTEM: tcp" in found.explanation
    assert "WinHTTP" in found.explanation


def test_a_sync_host_failing_only_as_system_does_not_fail() -> None:
    tests = all_ok("user") + [
        net_test(str(t["url"]), "system", "dns") if "kailani" in str(t["url"]) else t
        for t in all_ok("system")
    ]
    assert check_net_endpoints(ctx_of(net_snapshot({"tests": tests}))).status == "pass"


def test_the_best_route_counts() -> None:
    tests = [*all_ok(), net_test("https://login.microsoftonline.com/", "user", "timeout")]
    assert check_net_endpoints(ctx_of(net_snapshot({"tests": tests}))).status == "pass"


def test_tls_inspection_warns() -> None:
    tests = [
        {**t, "tls_issuer": PROXY_ISSUER} if "kailani.one" in str(t["url"]) else t for t in all_ok()
    ]
    found = check_net_endpoints(ctx_of(net_snapshot({"tests": tests})))
    assert found.status == "warn"
    assert "TLS inspection" in found.explanation and "Contoso Inspection CA" in found.explanation


def test_proxy_authentication_warns() -> None:
    tests = [
        net_test(str(t["url"]), "system", "proxy-auth", route="winhttp-proxy p:8080")
        if t["context"] == "system" and "device.login" in str(t["url"])
        else t
        for t in all_ok()
    ]
    found = check_net_endpoints(ctx_of(net_snapshot({"tests": tests})))
    assert found.status == "warn" and "proxy-auth" in found.explanation


def test_an_untrusted_inspection_certificate_fails() -> None:
    tests = [
        net_test(str(t["url"]), "user", "tls", tls_issuer=PROXY_ISSUER, error="untrusted")
        if t["context"] == "user" and "kailani1" in str(t["url"])
        else t
        for t in all_ok()
    ]
    found = check_net_endpoints(ctx_of(net_snapshot({"tests": tests})))
    assert found.status == "fail" and "Contoso Inspection CA" in found.explanation


def test_system_skipped_is_unknown_not_pass() -> None:
    reason = "SYSTEM tests need an elevated prompt"
    network = {"tests": all_ok("user"), "skipped": [{"context": "system", "reason": reason}]}
    found = check_net_endpoints(ctx_of(net_snapshot(network)))
    assert found.status == "unknown"
    assert reason in found.explanation and "enterpriseregistration" in found.missing[0]


def test_only_skips_say_why_in_missing() -> None:
    network = {"tests": [], "skipped": [{"context": "user", "reason": "cancelled"}]}
    found = check_net_endpoints(ctx_of(net_snapshot(network)))
    assert found.status == "unknown" and "cancelled" in found.missing[0]


def test_a_slow_probe_is_named_but_does_not_change_the_status() -> None:
    tests = all_ok()
    tests[0] = {**tests[0], "elapsed_ms": 2600}
    found = check_net_endpoints(ctx_of(net_snapshot({"tests": tests})))
    assert found.status == "pass", found.explanation
    assert "Slow answers (over 2000 ms)" in found.explanation
    assert "kailani.one.microsoft.com as the user 2600 ms" in found.explanation


def test_probes_at_or_under_two_seconds_are_not_called_slow() -> None:
    tests = [{**t, "elapsed_ms": 2000} for t in all_ok()]
    found = check_net_endpoints(ctx_of(net_snapshot({"tests": tests})))
    assert found.status == "pass" and "Slow answers" not in found.explanation


def test_a_slow_probe_is_named_beside_a_failure() -> None:
    join = "https://enterpriseregistration.windows.net/"
    tests = [*all_ok("user"), net_test(join, "system", "tcp", elapsed_ms=21000)]
    found = check_net_endpoints(ctx_of(net_snapshot({"tests": tests})))
    assert found.status == "fail"
    assert "enterpriseregistration.windows.net as SYSTEM 21000 ms" in found.explanation
