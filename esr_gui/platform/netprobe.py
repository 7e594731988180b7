"""One endpoint, tested step by step: DNS, TCP (directly or through a proxy's CONNECT), TLS, HTTP.

Every step has its own time limit, so a test never takes longer than four steps' worth;
a `cancel` event is checked between steps. The result is a `NetworkTest` in the words of
`network.json`: the first step that failed names the result (`dns`, `tcp`, `timeout`,
`proxy-auth`, `blocked`, `tls`, `http`), and `tls_issuer` names the leaf's issuer even when
this context does not trust it (that is how TLS inspection shows). Nothing is sent but a
plain `GET` with no credentials; a proxy asking for some is reported, never answered.
"""

from __future__ import annotations

import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from esr_gui.core.models.network import NetContext, NetResult, NetworkTest
from esr_gui.platform.host import ProbeError
from esr_gui.platform.net_der import issuer_of_der, issuer_of_peercert

RouteKind = Literal["direct", "winhttp-proxy", "wininet-proxy", "pac"]
PacPicker = Callable[[str], "str | None"]
Resolver = Callable[..., list[tuple[Any, ...]]]
_STATUS = re.compile(rb"^HTTP/\d(?:\.\d)? (\d{3})")


class ProbeCancelledError(Exception):
    """The technician cancelled the tests."""


@dataclass(frozen=True)
class Route:
    """How a context reaches the Internet: directly, or through a proxy (with a bypass list)."""

    kind: RouteKind = "direct"
    proxy: str | None = None
    bypass: tuple[str, ...] = ()
    pac_url: str | None = None
    pick: PacPicker | None = field(default=None, compare=False, repr=False)

    def label(self) -> str:
        """The `route` of network.json."""
        if self.kind == "pac":
            return f"pac {self.pac_url}"
        return "direct" if self.kind == "direct" or not self.proxy else f"{self.kind} {self.proxy}"

    def resolve(self, url: str, host: str) -> Route:
        """The concrete route for `url`: a PAC file asked for its proxy (None = DIRECT), else
        the bypass list applied. ProbeError when the PAC file cannot answer."""
        if self.kind == "pac":
            proxy = self.pick(url) if self.pick is not None else None
            return Route("pac", proxy, pac_url=self.pac_url)
        return self.for_host(host)

    def for_host(self, host: str) -> Route:
        """Direct when `host` is on the bypass list (`*.example.com`, `<local>`), else self."""
        for entry in self.bypass:
            pattern = entry.strip().lower()
            if pattern == "<local>":
                if "." not in host:
                    return Route()
                continue
            regex = "^" + re.escape(pattern).replace(r"\*", ".*") + "$"
            if pattern and re.match(regex, host.lower()):
                return Route()
        return self


@dataclass(frozen=True)
class ProbeLimits:
    """Seconds allowed per step and the most bytes read of a response head."""

    step: float = 8.0
    max_head: int = 16 * 1024


class _StepError(Exception):
    """The step that stopped a test, in network.json's words."""

    def __init__(
        self,
        result: NetResult,
        error: str,
        http_status: int | None = None,
        tls_issuer: str | None = None,
    ) -> None:
        super().__init__(error)
        self.result: NetResult = result
        self.error = error
        self.http_status = http_status
        self.tls_issuer = tls_issuer


@dataclass
class Prober:
    """Runs one test at a time; the resolver, TLS context and clock can be replaced in tests."""

    limits: ProbeLimits = field(default_factory=ProbeLimits)
    ssl_context: ssl.SSLContext | None = None
    resolve: Resolver = socket.getaddrinfo
    clock: Callable[[], float] = time.monotonic

    def probe(
        self, url: str, context: NetContext, route: Route, cancel: threading.Event | None = None
    ) -> NetworkTest:
        """Test `url` once in `context` through `route` (ProbeCancelledError when cancelled)."""
        cancel = cancel or threading.Event()
        parts = urlsplit(url)
        host, port = (parts.hostname or "").lower(), parts.port or 443
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        route, note = _resolved(route, url, host)
        start = self.clock()
        fields: dict[str, Any] = {"url": url, "context": context, "route": route.label()}
        try:
            status, issuer = self._run(host, port, path, route, cancel)
            fields.update(result="ok", http_status=status, tls_issuer=issuer)
        except _StepError as failure:
            fields.update(
                result=failure.result,
                error=failure.error,
                http_status=failure.http_status,
                tls_issuer=failure.tls_issuer,
            )
        if note:
            fields["error"] = f"{fields['error']}; {note}" if fields.get("error") else note
        fields["elapsed_ms"] = max(0, round((self.clock() - start) * 1000))
        return NetworkTest.model_validate(fields)

    def _run(
        self, host: str, port: int, path: str, route: Route, cancel: threading.Event
    ) -> tuple[int, str | None]:
        sock = self._open(host, port, route, cancel)
        try:
            tls, issuer = self._handshake(sock, host, port, route, cancel)
            _check(cancel)
            return self._http(tls, host, path), issuer
        finally:
            sock.close()

    def _open(self, host: str, port: int, route: Route, cancel: threading.Event) -> socket.socket:
        if route.proxy and route.kind != "direct":
            proxy_host, _, proxy_port = route.proxy.rpartition(":")
            sock = self._connect(proxy_host, int(proxy_port or 80), cancel, "the proxy ")
            try:
                self._tunnel(sock, host, port, route.proxy)
            except BaseException:
                sock.close()
                raise
            return sock
        return self._connect(host, port, cancel, "")

    def _connect(self, host: str, port: int, cancel: threading.Event, what: str) -> socket.socket:
        _check(cancel)
        addresses = self._lookup(host, port, what)
        _check(cancel)
        last = _StepError("tcp", f"no address to connect to for {what}{host}")
        for family, kind, proto, _, address in addresses[:4]:
            sock = socket.socket(family, kind, proto)
            sock.settimeout(self.limits.step)
            try:
                sock.connect(address)
                return sock
            except TimeoutError:
                last = _StepError("timeout", f"{what}{host}:{port} did not answer within {self._s}")
            except ConnectionRefusedError:
                last = _StepError("tcp", f"{what}{host}:{port} refused the connection")
            except OSError as exc:
                last = _StepError(
                    "tcp", f"could not connect to {what}{host}:{port} ({exc.strerror or exc})"
                )
            sock.close()
        raise last

    def _lookup(self, host: str, port: int, what: str) -> list[tuple[Any, ...]]:
        """getaddrinfo in a helper thread, so a hanging resolver cannot exceed the step."""
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["found"] = self.resolve(host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as exc:
                box["error"] = exc

        worker = threading.Thread(target=run, name="esr-dns", daemon=True)
        worker.start()
        worker.join(self.limits.step)
        if worker.is_alive():
            raise _StepError("timeout", f"looking up {what}{host} took longer than {self._s}")
        if "error" in box:
            reason = getattr(box["error"], "strerror", None) or box["error"]
            raise _StepError("dns", f"{what}{host} could not be looked up ({reason})")
        return list(box.get("found") or [])

    def _tunnel(self, sock: socket.socket, host: str, port: int, proxy: str) -> None:
        request = f"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n"
        head = self._exchange(sock, request.encode("ascii"), f"the proxy {proxy}")
        status = _status_of(head)
        if status is None:
            raise _StepError("http", f"the proxy {proxy} did not answer in HTTP")
        if status == 407:
            scheme = _header(head, b"proxy-authenticate") or "no scheme named"
            message = f"the proxy {proxy} asks for credentials ({scheme})"
            raise _StepError("proxy-auth", message, http_status=407)
        if not 200 <= status < 300:
            raise _StepError("blocked", f"the proxy {proxy} refused the tunnel", http_status=status)

    def _handshake(
        self, sock: socket.socket, host: str, port: int, route: Route, cancel: threading.Event
    ) -> tuple[ssl.SSLSocket, str | None]:
        _check(cancel)
        context = self.ssl_context or ssl.create_default_context()
        try:
            tls = context.wrap_socket(sock, server_hostname=host)
        except ssl.SSLCertVerificationError as exc:
            issuer = self._unverified_issuer(host, port, route, cancel)
            reason = exc.verify_message or "certificate not trusted"
            raise _StepError("tls", f"{reason} in this context", tls_issuer=issuer) from None
        except TimeoutError:
            raise _StepError("timeout", f"the TLS handshake took longer than {self._s}") from None
        except ConnectionResetError:
            message = "the connection was reset during the TLS handshake (a filter by name?)"
            raise _StepError("blocked", message) from None
        except (ssl.SSLError, OSError) as exc:
            raise _StepError("tls", f"the TLS handshake failed ({exc})") from None
        return tls, issuer_of_peercert(tls.getpeercert() or {})

    def _unverified_issuer(
        self, host: str, port: int, route: Route, cancel: threading.Event
    ) -> str | None:
        """The leaf's issuer from a second handshake that does not verify (naming only)."""
        loose = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        loose.check_hostname = False
        loose.verify_mode = ssl.CERT_NONE
        try:
            sock = self._open(host, port, route, cancel)
            with loose.wrap_socket(sock, server_hostname=host) as tls:
                der = tls.getpeercert(binary_form=True)
        except (_StepError, OSError):
            return None
        return issuer_of_der(der) if der else None

    def _http(self, tls: ssl.SSLSocket, host: str, path: str) -> int:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: esr-diag network test\r\n"
            "Accept: */*\r\nConnection: close\r\n\r\n"
        )
        head = self._exchange(tls, request.encode("ascii"), host)
        status = _status_of(head)
        if status is None:
            raise _StepError("http", f"{host} did not answer in HTTP")
        return status

    def _exchange(self, sock: socket.socket, request: bytes, who: str) -> bytes:
        """Send `request` and read the response head, bounded in time and size."""
        deadline = self.clock() + self.limits.step
        head = b""
        try:
            sock.sendall(request)
            while b"\r\n\r\n" not in head and len(head) < self.limits.max_head:
                sock.settimeout(max(0.05, deadline - self.clock()))
                chunk = sock.recv(4096)
                if not chunk:
                    break
                head += chunk
        except TimeoutError:
            raise _StepError("timeout", f"{who} did not answer within {self._s}") from None
        except OSError as exc:
            raise _StepError("http", f"the exchange with {who} failed ({exc})") from None
        return head

    @property
    def _s(self) -> str:
        return f"{self.limits.step:g} s"


def _resolved(route: Route, url: str, host: str) -> tuple[Route, str | None]:
    """The route for `url`, and a note when a PAC file could not answer (then: direct)."""
    try:
        return route.resolve(url, host), None
    except ProbeError as exc:
        fallback = Route("pac", None, pac_url=route.pac_url)
        return fallback, f"the PAC file could not be used ({exc.message}), so this went direct"


def _check(cancel: threading.Event) -> None:
    if cancel.is_set():
        raise ProbeCancelledError()


def _status_of(head: bytes) -> int | None:
    match = _STATUS.match(head)
    return int(match.group(1)) if match else None


def _header(head: bytes, name: bytes) -> str | None:
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip().decode("latin-1")[:200]
    return None
