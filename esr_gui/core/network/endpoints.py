"""The endpoints a device needs for registration, sign-in and sync, and who needs each.

Sources:
- The device's own `dsregcmd /status`: the decoded `SettingsUrl` (ESR's sync endpoints;
  Microsoft's ESR troubleshooting doc, "SettingsUrl", whose sample decodes to
  `kailani.one.microsoft.com` and `kailani1.one.microsoft.com`), `JoinSrvUrl` and `KeySrvUrl`
  (the device registration service), `AuthCodeUrl` and `AccessTokenUrl` (Entra sign-in)
  — learn.microsoft.com/entra/identity/devices/troubleshoot-device-dsregcmd, "Tenant details".
- The documented registration and sign-in endpoints that hybrid join needs from the computer
  account: `https://enterpriseregistration.windows.net`, `https://login.microsoftonline.com`,
  `https://device.login.microsoftonline.com` — learn.microsoft.com/entra/identity/devices/
  how-to-hybrid-join ("Network connection requirements"), the same three URLs that
  DSRegTool tests as SYSTEM and as the user (Azure-Samples/DSRegTool, DSRegTool.ps1 L43–235).

Contexts: registration runs as SYSTEM (the Automatic-Device-Join task, WinHTTP proxy); ESR
syncs as the signed-in user (WinINet proxy); Entra sign-in is needed by both (the device's
own authentication as SYSTEM, the user's tokens for sync).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.models.network import NetContext

Purpose = Literal["registration", "sign-in", "sync"]

NEEDED_BY: dict[Purpose, tuple[NetContext, ...]] = {
    "registration": ("system",),
    "sign-in": ("system", "user"),
    "sync": ("user",),
}
DOCUMENTED: tuple[tuple[str, Purpose], ...] = (
    ("https://enterpriseregistration.windows.net/", "registration"),
    ("https://device.login.microsoftonline.com/", "registration"),
    ("https://login.microsoftonline.com/", "sign-in"),
)
# Only tested when the device's own SettingsUrl gives no sync endpoint (the doc sample's).
DOCUMENTED_SYNC: tuple[str, ...] = (
    "https://kailani.one.microsoft.com/",
    "https://kailani1.one.microsoft.com/",
)
DSREG_URL_FIELDS: tuple[tuple[str, Purpose], ...] = (
    ("JoinSrvUrl", "registration"),
    ("KeySrvUrl", "registration"),
    ("AuthCodeUrl", "sign-in"),
    ("AccessTokenUrl", "sign-in"),
)
_HTTPS_URL = re.compile(r"^https://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/\S*)?$")
MAX_ENDPOINTS = 24


@dataclass(frozen=True)
class Endpoint:
    """One URL to test, why it matters, and where we learnt about it."""

    url: str
    purpose: Purpose
    origin: str

    @property
    def host(self) -> str:
        """Host name in lower case."""
        return host_of(self.url)

    @property
    def contexts(self) -> tuple[NetContext, ...]:
        """The contexts that need this endpoint to work."""
        return NEEDED_BY[self.purpose]


def host_of(url: str) -> str:
    """The host of an http(s) URL, lower case, without port or user info."""
    rest = re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE)
    return rest.split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0].lower()


def endpoints_for(facts: DsregFacts | None) -> list[Endpoint]:
    """Every endpoint worth testing for this device, one per host, the device's own first.

    Values that are not plain https URLs (a redacted or garbled paste) are skipped rather
    than tested; the documented endpoints are always included.
    """
    found: list[Endpoint] = []
    if facts is not None:
        found.extend(_from_dsregcmd(facts))
    found.extend(Endpoint(url, purpose, "documented") for url, purpose in DOCUMENTED)
    if not any(e.purpose == "sync" for e in found):
        found.extend(
            Endpoint(url, "sync", "documented (ESR doc sample)") for url in DOCUMENTED_SYNC
        )
    return _unique(found)[:MAX_ENDPOINTS]


def _from_dsregcmd(facts: DsregFacts) -> Iterable[Endpoint]:
    for info in facts.all_settings_urls:
        for url in info.endpoints:
            if _HTTPS_URL.match(url):
                yield Endpoint(url, "sync", f"dsregcmd {info.field}")
    for key, purpose in DSREG_URL_FIELDS:
        value = (facts.status.get(key) or "").strip()
        if _HTTPS_URL.match(value):
            yield Endpoint(value, purpose, f"dsregcmd {key}")


def _unique(endpoints: list[Endpoint]) -> list[Endpoint]:
    seen: set[str] = set()
    kept: list[Endpoint] = []
    for endpoint in endpoints:
        key = endpoint.host
        if key and key not in seen:
            seen.add(key)
            kept.append(endpoint)
    return kept


def purposes_of_host(host: str, endpoints: Iterable[Endpoint]) -> set[Purpose]:
    """Every purpose an endpoint on `host` serves (empty when the host is not in the list)."""
    return {e.purpose for e in endpoints if e.host == host.lower()}


def contexts_needing(host: str, endpoints: Iterable[Endpoint]) -> tuple[NetContext, ...]:
    """The contexts that need `host`; a host we do not know is assumed needed by both."""
    purposes = purposes_of_host(host, endpoints)
    if not purposes:
        return ("system", "user")
    needed = {c for p in purposes for c in NEEDED_BY[p]}
    return tuple(c for c in ("system", "user") if c in needed)
