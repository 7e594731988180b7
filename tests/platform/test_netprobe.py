"""The endpoint probe against servers on 127.0.0.1: refused, slow, untrusted TLS, 407 proxy."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from esr_gui.platform.host import ProbeError
from esr_gui.platform.net_der import issuer_of_der
from esr_gui.platform.netprobe import ProbeCancelledError, ProbeLimits, Prober, Route
from tests.platform.net_servers import (
    CA_NAME,
    LocalPki,
    ProxyServer,
    SilentServer,
    TlsServer,
    failing_resolver,
    loopback_resolver,
    make_pki,
    refused_port,
)

LIMITS = ProbeLimits(step=1.0)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> LocalPki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def tls_server(pki: LocalPki) -> Iterator[TlsServer]:
    server = TlsServer(pki)
    yield server
    server.stop()


def _trusting(pki: LocalPki) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(pki.ca))
    return context


def _prober(context: ssl.SSLContext | None = None) -> Prober:
    strict = context or ssl.create_default_context(cafile=None)
    return Prober(limits=LIMITS, ssl_context=strict, resolve=loopback_resolver)


def test_reached_with_a_trusted_certificate_names_its_issuer(
    tls_server: TlsServer, pki: LocalPki
) -> None:
    url = f"https://localhost:{tls_server.port}/EnrollmentServer/device/"
    test = _prober(_trusting(pki)).probe(url, "user", Route())
    assert test.result == "ok" and test.http_status == 204, test.error
    assert test.tls_issuer is not None and f"CN={CA_NAME}" in test.tls_issuer
    assert test.route == "direct" and test.elapsed_ms is not None


def test_an_untrusted_issuer_is_a_tls_failure_that_still_names_the_issuer(
    tls_server: TlsServer,
) -> None:
    test = _prober().probe(f"https://localhost:{tls_server.port}/", "system", Route())
    assert test.result == "tls"
    assert test.tls_issuer == f"CN={CA_NAME}, O=ESR Tests"
    assert "in this context" in (test.error or "")


def test_a_refused_port_is_tcp() -> None:
    test = _prober().probe(f"https://localhost:{refused_port()}/", "user", Route())
    assert test.result == "tcp" and "refused" in (test.error or "")


def test_a_name_that_does_not_resolve_is_dns() -> None:
    prober = Prober(limits=LIMITS, resolve=failing_resolver)
    test = prober.probe("https://nowhere.invalid/", "user", Route())
    assert test.result == "dns" and "nowhere.invalid" in (test.error or "")


def test_a_silent_server_times_out_within_the_step_limit() -> None:
    server = SilentServer()
    try:
        test = _prober().probe(f"https://localhost:{server.port}/", "user", Route())
    finally:
        server.stop()
    assert test.result == "timeout" and "1 s" in (test.error or "")


def test_a_hanging_resolver_times_out() -> None:
    release = threading.Event()

    def hang(host: str, port: int, **_: object) -> list[tuple[object, ...]]:
        release.wait(5)
        return []

    prober = Prober(limits=ProbeLimits(step=0.2), resolve=hang)
    try:
        test = prober.probe("https://slow.example/", "user", Route())
    finally:
        release.set()
    assert test.result == "timeout" and "looking up slow.example" in (test.error or "")


def test_a_proxy_asking_for_credentials_is_proxy_auth() -> None:
    proxy = ProxyServer(auth=True)
    try:
        route = Route("winhttp-proxy", f"127.0.0.1:{proxy.port}")
        test = _prober().probe("https://enterpriseregistration.windows.net/", "system", route)
    finally:
        proxy.stop()
    assert test.result == "proxy-auth" and test.http_status == 407
    assert "Negotiate" in (test.error or "")
    assert test.route == f"winhttp-proxy 127.0.0.1:{proxy.port}"
    assert proxy.requests[0].startswith(b"CONNECT enterpriseregistration.windows.net:443 ")
    assert b"Proxy-Authorization" not in proxy.requests[0]


def test_through_an_open_proxy_the_tunnel_reaches_the_server(
    tls_server: TlsServer, pki: LocalPki
) -> None:
    proxy = ProxyServer(auth=False)
    try:
        route = Route("wininet-proxy", f"127.0.0.1:{proxy.port}")
        url = f"https://localhost:{tls_server.port}/"
        test = _prober(_trusting(pki)).probe(url, "user", route)
    finally:
        proxy.stop()
    assert test.result == "ok" and test.http_status == 204, test.error
    assert test.route.startswith("wininet-proxy ")


def test_a_bypassed_host_goes_direct() -> None:
    route = Route("winhttp-proxy", "proxy:8080", ("*.windows.net", "<local>"))
    assert route.for_host("enterpriseregistration.windows.net").label() == "direct"
    assert route.for_host("intranet").label() == "direct"
    assert route.for_host("login.microsoftonline.com").label() == "winhttp-proxy proxy:8080"


def test_cancel_stops_before_the_first_step() -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ProbeCancelledError):
        _prober().probe("https://localhost:1/", "user", Route(), cancel)


def test_der_issuer_of_a_real_certificate(pki: LocalPki) -> None:
    der = ssl.PEM_cert_to_DER_cert(Path(pki.cert).read_text())
    assert issuer_of_der(der) == f"CN={CA_NAME}, O=ESR Tests"
    assert issuer_of_der(der[:40]) is None
    assert issuer_of_der(b"") is None


def test_a_pac_route_uses_the_proxy_the_pac_names() -> None:
    proxy = ProxyServer(auth=True)
    asked: list[str] = []

    def pick(url: str) -> str | None:
        asked.append(url)
        return f"127.0.0.1:{proxy.port}"

    try:
        route = Route("pac", pac_url="http://wpad/proxy.pac", pick=pick)
        test = _prober().probe("https://login.microsoftonline.com/x", "user", route)
    finally:
        proxy.stop()
    assert asked == ["https://login.microsoftonline.com/x"]
    assert test.result == "proxy-auth" and test.route == "pac http://wpad/proxy.pac"


def test_a_pac_that_cannot_answer_goes_direct_and_says_so(
    tls_server: TlsServer, pki: LocalPki
) -> None:
    def broken(url: str) -> str | None:
        raise ProbeError("error", "WinHttpGetProxyForUrl failed with Windows error 12167")

    route = Route("pac", pac_url="http://wpad/proxy.pac", pick=broken)
    url = f"https://localhost:{tls_server.port}/"
    test = _prober(_trusting(pki)).probe(url, "user", route)
    assert test.result == "ok" and test.route == "pac http://wpad/proxy.pac"
    assert "PAC file could not be used" in (test.error or "") and "12167" in (test.error or "")
