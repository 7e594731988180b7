"""The personal values of `network.json`, found before any replacing (see redact_collect).

The tests' URLs carry the tenant id (AuthCodeUrl) — caught as a GUID shape — and may carry a
tenant's own host names; routes name the company's proxy; a TLS-inspection issuer names the
company; the SCP names the tenant's verified domain and id. Microsoft's and DigiCert's issuers
are public and kept, so diagnosis still tells inspection from the real certificates.
"""

from __future__ import annotations

import json
import re
from typing import Any

from esr_gui.core.decoding import decode_text
from esr_gui.core.errors import EsrError
from esr_gui.core.network.tls import is_known_issuer, issuer_parts
from esr_gui.core.redaction.text import TextRedactor

_URL_HOST = re.compile(r"^[a-z]+://(?:[^@/\s]*@)?([^/:\s]+)", re.IGNORECASE)


def _items(raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = raw.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _host(r: TextRedactor, text: str) -> None:
    host = text.strip().rsplit(":", 1)[0] if text.count(":") == 1 else text.strip()
    if "." in host:
        r.add_domain(host)
    elif host and not host.replace(".", "").isdigit():
        r.add_host(host)


def _test(r: TextRedactor, test: dict[str, Any]) -> None:
    url = test.get("url")
    match = _URL_HOST.match(url) if isinstance(url, str) else None
    if match:
        r.add_domain(match.group(1))
    route = test.get("route")
    if isinstance(route, str) and route.split(" ", 1)[0] in ("winhttp-proxy", "wininet-proxy"):
        _host(r, route.partition(" ")[2])
    elif isinstance(route, str) and route.startswith("pac "):
        pac = _URL_HOST.match(route[4:])
        if pac:
            _host(r, pac.group(1))
    issuer = test.get("tls_issuer")
    if isinstance(issuer, str) and is_known_issuer(issuer) is False:
        for value in issuer_parts(issuer).values():
            r.add_literal(value, "tenant-name")


def collect_network(data: bytes, r: TextRedactor) -> None:
    """Tenant ids and names, proxy hosts and inspection issuers of a network.json."""
    try:
        raw = json.loads(decode_text(data))
    except (ValueError, EsrError):
        return
    if not isinstance(raw, dict):
        return
    for test in _items(raw, "tests"):
        _test(r, test)
    scp = raw.get("scp")
    if isinstance(scp, dict):
        if isinstance(scp.get("tenant_id"), str):
            r.claim_guid(scp["tenant_id"].strip("{} "), "tenant-id")
        if isinstance(scp.get("tenant_name"), str):
            r.add_domain(scp["tenant_name"])
