"""Is a TLS issuer one that Microsoft's endpoints really use, or a TLS-inspecting proxy's CA?

Rule: every endpoint we test is a Microsoft service. Microsoft's TLS certificates are issued
by Microsoft's own CAs (`Microsoft Azure RSA/ECC TLS Issuing CA nn`, `Microsoft RSA TLS CA
01/02`, `O=Microsoft Corporation`) or by DigiCert (`O=DigiCert Inc`) — the "Azure
Certificate Authority details" page (learn.microsoft.com/azure/security/fundamentals/
azure-certificate-authority-details) lists exactly these issuing CAs and roots. A leaf
issued by anything else (a firewall's or the company's own CA) means the connection was
decrypted and re-signed on the way: TLS inspection. An empty or absent issuer decides
nothing (the probe could not read it).
"""

from __future__ import annotations

import re

KNOWN_ORGANIZATIONS: tuple[str, ...] = ("Microsoft Corporation", "DigiCert Inc")
KNOWN_CN_PREFIXES: tuple[str, ...] = (
    "Microsoft Azure ",
    "Microsoft RSA TLS",
    "Microsoft ECC TLS",
    "Microsoft TLS",
    "DigiCert ",
)
_ATTR = re.compile(r"(?:^|[,/]\s*)(CN|O)\s*=\s*((?:\\.|[^,/\\])*)", re.IGNORECASE)


def issuer_parts(issuer: str) -> dict[str, str]:
    """The CN and O of an issuer written `CN=..., O=..., C=..` (first of each; upper-case keys)."""
    parts: dict[str, str] = {}
    for key, value in _ATTR.findall(issuer):
        parts.setdefault(key.upper(), value.replace("\\", "").strip())
    return parts


def is_known_issuer(issuer: str | None) -> bool | None:
    """True for a Microsoft or DigiCert issuing CA, False for any other, None when unknown."""
    if issuer is None or not issuer.strip():
        return None
    parts = issuer_parts(issuer)
    org = parts.get("O", "").lower()
    name = parts.get("CN", "")
    if org and any(org == known.lower() for known in KNOWN_ORGANIZATIONS):
        return True
    return any(name.lower().startswith(prefix.lower()) for prefix in KNOWN_CN_PREFIXES)
