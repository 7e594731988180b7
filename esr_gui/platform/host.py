"""The OS seam: what a capture may ask of a device, and the typed way a probe fails.

`Host` is an abstract base with one method per probe (in the style of vorta's
network_status/abc.py). `WindowsHost` implements it with winreg, pywin32, ctypes and
`subprocess`; `FakeHost` (fake.py) answers from data for tests, demos and benchmarks;
`NullHost` answers every probe with "unavailable". Every failure is a `ProbeError`, never a raw
OSError, so a capture can report it per step and carry on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, Field

from esr_gui.core.data import ChannelSpec
from esr_gui.core.errors import EsrError
from esr_gui.core.models.manifest import CaptureContext, SystemFacts

ProbeKind = Literal[
    "not-found",
    "timeout",
    "access-denied",
    "channel-not-found",
    "channel-disabled",
    "enabled-debug-unreadable",
    "exit-code",
    "unavailable",
    "error",
]
PROBE_KINDS: tuple[ProbeKind, ...] = (
    "not-found",
    "timeout",
    "access-denied",
    "channel-not-found",
    "channel-disabled",
    "enabled-debug-unreadable",
    "exit-code",
    "unavailable",
    "error",
)
ElevationType = Literal["default", "full", "limited", "unknown"]
JoinKind = Literal["device", "workplace", "unknown", "none"]


class ProbeError(EsrError):
    """One probe could not deliver: `kind` says why in a word, the message in one sentence.

    `code` carries the Windows error or exit code when there is one.
    """

    def __init__(self, kind: ProbeKind, message: str, *, code: int | None = None) -> None:
        self.kind: ProbeKind = kind
        self.message = message
        self.code = code
        super().__init__(message)

    def __repr__(self) -> str:
        return f"ProbeError({self.kind!r}, {self.message!r}, code={self.code!r})"


class HostContext(BaseModel):
    """Who the capture runs as, and whose per-user data it reads.

    `target_user_sid` is the signed-in user whose HKCU the capture reads through
    `HKEY_USERS\\<SID>` when the process runs as another account (SYSTEM, or an administrator
    who elevated over the shoulder); None means "our own HKCU".
    """

    context: CaptureContext = "user"
    elevation_type: ElevationType = "unknown"
    user: str | None = None
    user_sid: str | None = None
    computer: str | None = None
    timezone: str | None = None
    target_user: str | None = None
    target_user_sid: str | None = None
    detection: str = ""
    notes: list[str] = Field(default_factory=list)


class AadJoinInfo(BaseModel):
    """`NetGetAadJoinInformation`'s DSREG_JOIN_INFO; `join_type` "none" when it returned NULL."""

    join_type: JoinKind = "unknown"
    device_id: str | None = None
    idp_domain: str | None = None
    tenant_id: str | None = None
    join_user_email: str | None = None
    tenant_display_name: str | None = None
    mdm_enrollment_url: str | None = None
    mdm_terms_of_use_url: str | None = None
    mdm_compliance_url: str | None = None
    user_setting_sync_url: str | None = None
    user_email: str | None = None
    user_key_id: str | None = None
    user_key_name: str | None = None
    certificate_thumbprint: str | None = None


class SystemProbe(BaseModel):
    """`system.json` facts plus, per fact, where it came from (or why it is unknown)."""

    facts: SystemFacts = Field(default_factory=SystemFacts)
    sources: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True)
class ChannelData:
    """Events of one channel as a bundle member: wevtutil-style XML, or an `.evtx` export."""

    data: bytes
    count: int
    suffix: Literal[".xml", ".evtx"] = ".xml"
    method: str = ""
    note: str = ""


@dataclass(frozen=True)
class ChannelQuery:
    """What to read from a channel: how far back, how many at most, and the time limit."""

    window: timedelta = timedelta(days=7)
    max_events: int = 500
    timeout: float = 30.0


class Host(ABC):
    """Every probe a capture runs. Implementations raise ProbeError and nothing else.

    Probes may be called from worker threads, one thread per call; a probe that spawns a
    process must honour `timeout` itself (kill the process), the capture only stops waiting.
    """

    name: str = "host"

    @abstractmethod
    def context(self) -> HostContext:
        """Who we run as (user / elevated / SYSTEM), computer, time zone, target user."""

    @abstractmethod
    def user_principal_name(self) -> str:
        """The UPN of the account the capture runs as (ProbeError not-found when it has none)."""

    @abstractmethod
    def dsregcmd_status(self, *, timeout: float) -> bytes:
        """The raw stdout bytes of `dsregcmd /status`, run unelevated-as-we-are."""

    @abstractmethod
    def aad_join_info(self) -> AadJoinInfo:
        """Join facts from NetGetAadJoinInformation (a cross-check of the dsregcmd text)."""

    @abstractmethod
    def export_registry_key(self, path: str, *, recursive: bool) -> bytes:
        """The key at `path` (HKLM\\..., HKU\\<SID>\\...) as `reg export` writes it.

        A missing key is ProbeError not-found; an unreadable one access-denied.
        """

    @abstractmethod
    def query_channel(self, channel: ChannelSpec, query: ChannelQuery) -> ChannelData:
        """Recent events of one channel, newest `query.max_events` within `query.window`."""

    @abstractmethod
    def system_facts(self, *, timeout: float) -> SystemProbe:
        """Last boot, last logon, domain controller reachability, wireless adapter."""


class NullHost(Host):
    """A host that can do nothing: every probe says "unavailable" (non-Windows systems)."""

    name = "null"

    def __init__(self, reason: str = "live capture needs Windows") -> None:
        self.reason = reason

    def _fail(self) -> ProbeError:
        return ProbeError("unavailable", self.reason)

    def context(self) -> HostContext:
        """Always unavailable."""
        raise self._fail()

    def user_principal_name(self) -> str:
        """Always unavailable."""
        raise self._fail()

    def dsregcmd_status(self, *, timeout: float) -> bytes:
        """Always unavailable."""
        raise self._fail()

    def aad_join_info(self) -> AadJoinInfo:
        """Always unavailable."""
        raise self._fail()

    def export_registry_key(self, path: str, *, recursive: bool) -> bytes:
        """Always unavailable."""
        raise self._fail()

    def query_channel(self, channel: ChannelSpec, query: ChannelQuery) -> ChannelData:
        """Always unavailable."""
        raise self._fail()

    def system_facts(self, *, timeout: float) -> SystemProbe:
        """Always unavailable."""
        raise self._fail()
