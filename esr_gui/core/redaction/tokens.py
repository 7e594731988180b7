"""Redaction tokens: the same value always gets the same stand-in, of the same shape.

A UPN stays an e-mail-like string with its letter-case pattern (the mixed-case UPN known
issue must survive), a GUID stays a GUID, a thumbprint 40 hex digits, a SID a SID. Values are
compared case-insensitively; the token takes the case pattern of each occurrence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

# GUIDs diagnosis needs (WAM providers, credential providers): never replaced.
WELL_KNOWN_GUIDS = frozenset(
    g.upper()
    for g in (
        "B16898C6-A148-4967-9171-64D755DA8520",  # AAD WAM provider (AzureAd)
        "D7F9888F-E3FC-49B0-9EA6-A85B5F392A4F",  # MSA WAM provider
        "60B78E88-EAD8-445C-9CFD-0B87F74EA6CD",  # password credential provider
        "D6886603-9D2F-4EB2-B667-1971041FA96B",  # NGC (PIN / Windows Hello)
        "CB82EA12-9F71-446D-89E1-8D0924E1256E",  # legacy PIN provider
        "8FD7E19C-3BF7-489B-A72C-846AB3678C96",  # smart card
        "94596C7E-3744-41CE-893E-BBF09122F76A",  # smart card PIN
        "1B283861-754F-4022-AD47-A5EAAA618894",  # smart card reader selection
        "1EE7337F-85AC-45E2-A23C-37C753209769",  # smart card WinRT
        "8AF662BF-65A0-4D0A-A540-A338A999D36F",  # face
        "BEC09223-B018-416D-A0AC-523971B639F5",  # fingerprint
        "F8A1793B-7873-4046-B2A7-1F318747F427",  # FIDO
        "C5D7540A-CD51-453B-B22B-05305BA03F07",  # cloud experience
        "F64945DF-4FA9-4068-A2FB-61AF319EDD33",  # RDP
        "F8A0B131-5F68-486C-8040-7E8FC3C85BB6",  # WLID
        "00000000-0000-0000-0000-000000000000",
        "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",  # BuildGUID of release builds
    )
)
# Host names that identify Microsoft services, not a customer: kept.
SERVICE_DOMAINS = (
    "microsoft.com",
    "microsoftonline.com",
    "microsoftonline-p.com",
    "windows.net",
    "windows.com",
    "live.com",
    "office.com",
    "office365.com",
    "azure.com",
    "azure.net",
    "msauth.net",
    "msftauth.net",
    "msocdn.com",
    "msft.net",
    "manage.microsoft.com",
    "invalid",
    "example",
    "example.com",
    "localhost",
)
# Suffixes kept on a redacted domain because diagnosis may care (non-routable UPN suffixes).
KEPT_SUFFIXES = ("onmicrosoft.com", "local", "lan", "internal", "corp", "home", "localdomain")
# Words that are never personal data even when a field holds them (built-in accounts...).
STOP_WORDS = frozenset(
    {
        "admin", "administrator", "administrators", "guest", "system", "localsystem", "user",
        "users", "default", "defaultaccount", "defaultuser0", "azuread", "workgroup", "builtin",
        "nt authority", "nt service", "local service", "network service", "microsoft", "windows",
        "domain", "none", "null", "unknown", "yes", "no", "true", "false", "test", "public",
        "sync", "debug", "operational", "analytic", "local", "events", "registry", "device",
        "wdagutilityaccount", "font driver host", "window manager", "microsoftaccount",
        "windows user",
    }
)  # fmt: skip
MIN_LITERAL = 3


def apply_case(original: str, token: str) -> str:
    """`token` in the letter-case pattern of `original` (all upper, all lower, or positional)."""
    letters = [c for c in original if c.isalpha()]
    if not letters or all(c.islower() for c in letters):
        return token.lower()
    if all(c.isupper() for c in letters):
        return token.upper()
    out = [
        ch.upper() if i < len(original) and original[i].isupper() else ch.lower()
        for i, ch in enumerate(token)
    ]
    if not any(c.isupper() for c in out):
        out[0] = out[0].upper()
    return "".join(out)


def is_service_domain(domain: str) -> bool:
    """True for Microsoft service hosts and reserved names (kept as they are)."""
    low = domain.lower().rstrip(".")
    return any(low == d or low.endswith("." + d) for d in SERVICE_DOMAINS)


def registrable(host: str) -> str:
    """The organisation's part of a host: `fs.contoso.com` → `contoso.com` (ccTLD-aware)."""
    labels = [p for p in host.lower().strip(".").split(".") if p]
    if len(labels) >= 3 and labels[-2] == "onmicrosoft":
        return ".".join(labels[-3:])
    if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


_GUID = re.compile(r"^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$", re.IGNORECASE)


class TokenMap:
    """Allocates tokens per namespace and counts what was replaced, by kind (never values)."""

    def __init__(self) -> None:
        self._tokens: dict[tuple[str, str], str] = {}
        self._counters: Counter[str] = Counter()
        self.kinds: dict[tuple[str, str], str] = {}
        self.distinct: Counter[str] = Counter()
        self.replaced: Counter[str] = Counter()

    def _token(self, space: str, key: str, kind: str, make: Callable[[int], str]) -> str:
        found = self._tokens.get((space, key))
        kind = self.kinds.setdefault((space, key), kind)
        if found is None:
            self._counters[space] += 1
            found = make(self._counters[space])
            self._tokens[(space, key)] = found
            self.distinct[kind] += 1
        self.replaced[kind] += 1
        return found

    def claim(self, space: str, key: str, kind: str) -> None:
        """Record the kind of a value found in a structured source before it is replaced."""
        self.kinds.setdefault((space, key.lower()), kind)

    def user(self, name: str, kind: str = "user") -> str:
        """`user7`, in the case pattern of `name`."""
        token = self._token("user", name.lower(), kind, lambda n: f"user{n}")
        return apply_case(name, token)

    def person(self, name: str) -> str:
        """A display name → `Person 3`."""
        return self._token("person", name.lower(), "name", lambda n: f"Person {n}")

    def computer(self, name: str) -> str:
        """`PC-0001`, in the case pattern of `name`."""
        token = self._token("computer", name.lower(), "computer", lambda n: f"PC-{n:04d}")
        return apply_case(name, token)

    def netbios(self, name: str) -> str:
        """A NetBIOS domain or organisation name → `DOMAIN1`."""
        token = self._token("netbios", name.lower(), "domain", lambda n: f"DOMAIN{n}")
        return apply_case(name, token)

    def tenant_name(self, name: str) -> str:
        """A tenant display name → `Tenant1` (a dotted one is treated as a domain)."""
        if "." in name and " " not in name.strip():
            return self.domain(name)
        token = self._token("tenant", name.lower(), "tenant-name", lambda n: f"Tenant{n}")
        return apply_case(name, token)

    def domain(self, domain: str) -> str:
        """`redacted.invalid`, `redacted2.local`... (meaningful suffixes kept), case kept."""
        low = domain.lower().rstrip(".")
        suffix = next((s for s in KEPT_SUFFIXES if low.endswith("." + s)), "invalid")

        def make(n: int) -> str:
            return f"redacted{n if n > 1 else ''}.{suffix}"

        return apply_case(domain, self._token("domain", low, "domain", make))

    def email(self, address: str, kind: str = "email") -> str:
        """`user1@redacted.invalid`: local part and domain each mapped consistently."""
        local, _, domain = address.rpartition("@")
        mapped_domain = domain if is_service_domain(domain) else self.domain(domain)
        return f"{self.user(local, kind)}@{mapped_domain}"

    def guid(self, value: str) -> str:
        """A GUID → `00000000-0000-0000-0000-000000000001` (kind from structured sources);
        written without dashes (`000…0001`, 32 digits) when the original was."""
        token = self._token(
            "guid", guid_key(value), "guid", lambda n: f"00000000-0000-0000-0000-{n:012d}"
        )
        if "-" not in value:
            token = token.replace("-", "")
        return token.upper() if value.isupper() else token

    def thumbprint(self, value: str) -> str:
        """40 hex digits → `000…0001` (40 digits)."""
        return self._token("thumbprint", value.lower(), "thumbprint", lambda n: f"{n:040d}")

    def thumbprint_pairs(self, value: str, separator: str) -> str:
        """`3a:7f:…` or `3A 7F …` → the thumbprint's token in pairs with the same separator."""
        token = self.thumbprint(value.replace(separator, ""))
        return separator.join(token[i : i + 2] for i in range(0, len(token), 2))

    def sid(self, value: str) -> str:
        """A domain/Entra SID → same shape, the machine or tenant part replaced; RID kept."""
        parts = value.split("-")
        if parts[:4] == ["S", "1", "12", "1"]:
            return self._token("sid", value.upper(), "sid", lambda n: f"S-1-12-1-0-0-0-{n}")
        domain, rid = "-".join(parts[4:7]), parts[7:]
        token = self._token("sid", domain, "sid", lambda n: f"S-1-5-21-0-0-{n}")
        return token + "".join("-" + r for r in rid)


def guid_key(value: str) -> str:
    """How a GUID is compared: 32 lower-case hex digits, whatever braces, dashes or case."""
    return value.strip("{} ").replace("-", "").lower()


def looks_like_guid(text: str) -> bool:
    """True for a bare 8-4-4-4-12 GUID."""
    return bool(_GUID.match(text))
