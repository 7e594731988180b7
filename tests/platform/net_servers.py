"""Tiny servers on 127.0.0.1 for the network probe tests: TLS, silent, proxy (open or 407).

Every server listens on 127.0.0.1 only, serves a bounded number of connections, and stops
by itself after `LIFETIME` seconds even if a test forgets it. The CA is made at test time.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import select
import shutil
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOOPBACK = "127.0.0.1"
LIFETIME = 10.0
CA_NAME = "ESR Test Inspection CA"


def loopback_resolver(host: str, port: int, **_: Any) -> list[tuple[Any, ...]]:
    """Every name resolves to 127.0.0.1, so no test ever leaves the machine."""
    return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (LOOPBACK, port))]


def failing_resolver(host: str, port: int, **_: Any) -> list[tuple[Any, ...]]:
    """A name that does not exist."""
    raise socket.gaierror(11001, "No such host is known")


@dataclass(frozen=True)
class LocalPki:
    """A self-made CA and a localhost leaf it signed (PEM files)."""

    ca: Path
    cert: Path
    key: Path


def make_pki(folder: Path) -> LocalPki:
    """A CA named `CA_NAME` and a leaf for localhost/127.0.0.1, written under `folder`.

    Made with `cryptography` when it is installed (it comes with msal), else with the
    `openssl` command; pytest skips the TLS tests only when neither is there.
    """
    try:
        import cryptography  # noqa: F401
    except ImportError:
        return _openssl_pki(folder)
    return _cryptography_pki(folder)


def _openssl_pki(folder: Path) -> LocalPki:
    import pytest

    tool = shutil.which("openssl")
    if tool is None:
        pytest.skip("neither cryptography nor openssl is available to make a test CA")
    paths = LocalPki(folder / "ca.pem", folder / "leaf.pem", folder / "leaf.key")
    ca_key, csr, ext = folder / "ca.key", folder / "leaf.csr", folder / "leaf.ext"
    ext.write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    steps = [
        ["req", "-x509", *ec, "-keyout", str(ca_key), "-out", str(paths.ca), "-days", "1",
         "-subj", f"/CN={CA_NAME}/O=ESR Tests"],
        ["req", "-new", *ec, "-keyout", str(paths.key), "-out", str(csr), "-subj", "/CN=localhost"],
        ["x509", "-req", "-in", str(csr), "-CA", str(paths.ca), "-CAkey", str(ca_key),
         "-CAcreateserial", "-out", str(paths.cert), "-days", "1", "-extfile", str(ext)],
    ]  # fmt: skip
    for step in steps:
        subprocess.run([tool, *step], check=True, capture_output=True, timeout=60)
    return paths


def _cryptography_pki(folder: Path) -> LocalPki:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ESR Tests"),
        ]
    )
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(LOOPBACK))]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    paths = LocalPki(folder / "ca.pem", folder / "leaf.pem", folder / "leaf.key")
    paths.ca.write_bytes(ca.public_bytes(pem))
    paths.cert.write_bytes(leaf.public_bytes(pem))
    paths.key.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return paths


class LocalServer:
    """Accepts up to `max_connections` on 127.0.0.1 and hands each to `handle` in a thread."""

    def __init__(self, max_connections: int = 8) -> None:
        self.listener = socket.create_server((LOOPBACK, 0))
        self.listener.settimeout(0.2)
        self.port: int = self.listener.getsockname()[1]
        self.max_connections = max_connections
        self.stopped = threading.Event()
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def handle(self, conn: socket.socket) -> None:
        """Serve one connection (subclasses)."""

    def _serve(self) -> None:
        deadline = dt.datetime.now().timestamp() + LIFETIME
        while not self.stopped.is_set() and self.connections < self.max_connections:
            if dt.datetime.now().timestamp() > deadline:
                break
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.settimeout(LIFETIME)
            threading.Thread(target=self._guarded, args=(conn,), daemon=True).start()
        self.listener.close()

    def _guarded(self, conn: socket.socket) -> None:
        try:
            self.handle(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self) -> None:
        """Stop accepting (the thread ends within 0.2 s)."""
        self.stopped.set()
        self._thread.join(1.0)


def _read_head(conn: socket.socket) -> bytes:
    head = b""
    while b"\r\n\r\n" not in head and len(head) < 16384:
        chunk = conn.recv(4096)
        if not chunk:
            break
        head += chunk
    return head


class TlsServer(LocalServer):
    """HTTPS on 127.0.0.1 with the test CA's leaf: answers any request with 204."""

    def __init__(self, pki: LocalPki, status: int = 204) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(pki.cert, pki.key)
        self.status = status
        super().__init__()

    def handle(self, conn: socket.socket) -> None:
        """TLS, read the request head, answer with the status and close."""
        try:
            tls = self.context.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            return  # a client that refused our certificate
        with tls:
            _read_head(tls)
            tls.sendall(f"HTTP/1.1 {self.status} Test\r\nContent-Length: 0\r\n\r\n".encode())


class SilentServer(LocalServer):
    """Accepts and never says anything (until the client gives up or the lifetime ends)."""

    def handle(self, conn: socket.socket) -> None:
        """Hold the connection open without a byte."""
        self.stopped.wait(LIFETIME)


class ProxyServer(LocalServer):
    """An HTTP proxy: `auth` answers every CONNECT with 407, otherwise tunnels to 127.0.0.1."""

    def __init__(self, *, auth: bool) -> None:
        self.auth = auth
        self.requests: list[bytes] = []
        super().__init__()

    def handle(self, conn: socket.socket) -> None:
        """Answer one CONNECT; a tunnel only ever goes to 127.0.0.1."""
        head = _read_head(conn)
        self.requests.append(head)
        if self.auth:
            conn.sendall(
                b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                b"Proxy-Authenticate: Negotiate\r\nProxy-Authenticate: NTLM\r\n"
                b"Content-Length: 0\r\n\r\n"
            )
            return
        target = head.split(b" ", 2)[1].decode()
        port = int(target.rpartition(":")[2])
        with socket.create_connection((LOOPBACK, port), timeout=LIFETIME) as upstream:
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            _relay(conn, upstream)


def _relay(a: socket.socket, b: socket.socket) -> None:
    deadline = dt.datetime.now().timestamp() + LIFETIME
    while dt.datetime.now().timestamp() < deadline:
        ready, _, _ = select.select([a, b], [], [], 0.2)
        for sock in ready:
            data = sock.recv(65536)
            if not data:
                return
            (b if sock is a else a).sendall(data)


def refused_port() -> int:
    """A 127.0.0.1 port nothing listens on (bound, then closed)."""
    with socket.create_server((LOOPBACK, 0)) as probe:
        return int(probe.getsockname()[1])
