"""`network.json` (contracts/bundle-format.md): the active endpoint tests of one capture.

Each test is one URL tried in one context (the signed-in user or SYSTEM) through one route
(direct, a proxy or a PAC file). `skipped` says which context could not be tested and why,
so a missing SYSTEM run reads as "not tested" rather than as "nothing failed". `scp` holds
the service connection point read from Active Directory (hybrid devices), when it was looked
up. Both are additions of this release (optional, format 1, no version change).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

NetContext = Literal["user", "system"]
NetResult = Literal["ok", "dns", "tcp", "tls", "http", "timeout", "proxy-auth", "blocked"]
NET_RESULTS: tuple[NetResult, ...] = (
    "ok",
    "dns",
    "tcp",
    "tls",
    "http",
    "timeout",
    "proxy-auth",
    "blocked",
)
ScpState = Literal["found", "not-found", "unknown"]

_ROUTE = re.compile(r"^(direct|(winhttp-proxy|wininet-proxy) \S+|pac \S+)$")
MAX_TESTS = 200
MAX_TEXT = 2_000


class NetworkTest(BaseModel):
    """One endpoint tried once: where, as whom, by which route, and what happened."""

    model_config = ConfigDict(extra="ignore")

    url: str = Field(max_length=MAX_TEXT)
    context: NetContext
    route: str = Field(default="direct", max_length=MAX_TEXT)
    result: NetResult
    http_status: int | None = Field(default=None, ge=100, le=999)
    elapsed_ms: int | None = Field(default=None, ge=0)
    tls_issuer: str | None = Field(default=None, max_length=MAX_TEXT)
    error: str | None = Field(default=None, max_length=MAX_TEXT)

    @field_validator("route")
    @classmethod
    def _route_shape(cls, value: str) -> str:
        if not _ROUTE.match(value):
            raise ValueError(
                "route must be 'direct', 'winhttp-proxy HOST:PORT', 'wininet-proxy HOST:PORT' "
                "or 'pac URL'"
            )
        return value

    @property
    def host(self) -> str:
        """The URL's host name in lower case ("" when the URL has none)."""
        rest = re.sub(r"^[a-z]+://", "", self.url, flags=re.IGNORECASE)
        return rest.split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0].lower()


class SkippedContext(BaseModel):
    """A context that was not tested at all (SYSTEM without elevation, a PAC we cannot run)."""

    model_config = ConfigDict(extra="ignore")

    context: NetContext
    reason: str = Field(max_length=MAX_TEXT)


class ScpRecord(BaseModel):
    """The service connection point as Active Directory holds it (keywords azureADId/Name)."""

    model_config = ConfigDict(extra="ignore")

    state: ScpState
    tenant_id: str | None = Field(default=None, max_length=200)
    tenant_name: str | None = Field(default=None, max_length=400)
    source: str = Field(default="", max_length=MAX_TEXT)
    error: str | None = Field(default=None, max_length=MAX_TEXT)


class NetworkResults(BaseModel):
    """The whole `network.json`: the tests, the contexts skipped, and the AD SCP if read."""

    model_config = ConfigDict(extra="ignore")

    tests: list[NetworkTest] = Field(default_factory=list, max_length=MAX_TESTS)
    skipped: list[SkippedContext] = Field(default_factory=list, max_length=10)
    scp: ScpRecord | None = None

    def in_context(self, context: NetContext) -> list[NetworkTest]:
        """The tests run in one context, in order."""
        return [t for t in self.tests if t.context == context]

    def skipped_reason(self, context: NetContext) -> str | None:
        """Why a context was not tested, or None."""
        return next((s.reason for s in self.skipped if s.context == context), None)
