"""The Snapshot: the one typed picture of a device at one moment, built from a bundle."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from esr_gui.core.models.dsreg import DsregStatus
from esr_gui.core.models.events import ChannelCapture, Event
from esr_gui.core.models.manifest import Manifest, SystemFacts
from esr_gui.core.models.network import NetworkResults
from esr_gui.core.models.registry import RegistryView
from esr_gui.core.tenant.model import GraphData

SourceKind = Literal["live", "bundle", "dsregcmd", "demo", "pasted"]

CURRENT_VERSION_KEY = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"


class SourceInfo(BaseModel):
    """Where a snapshot came from: a live capture, a bundle path, a pasted text or a demo.

    A live capture made by this process carries its `run_id` (a fresh id per run of the app)
    and `captured_at`; nothing read from a file does, so a fix that changes the device can
    tell a capture of this run from a bundle that merely names the same computer.
    """

    kind: SourceKind
    path: str | None = None
    name: str | None = None
    run_id: str | None = None
    captured_at: AwareDatetime | None = None


class MemberProblem(BaseModel):
    """A bundle member that could not be used, and why (the rest of the bundle still counts)."""

    member: str
    message: str


RegistryCaptureState = Literal["captured", "missing", "access-denied", "timeout", "error"]


class RegistryCapture(BaseModel):
    """What a capture found when it exported one registry key (from `capture.json`)."""

    path: str
    state: RegistryCaptureState
    message: str = ""


class OsBuild(BaseModel):
    """Windows build from the CurrentVersion key: `build.ubr` plus the marketing names."""

    build: int
    ubr: int | None = None
    display_version: str | None = None
    release_id: str | None = None
    product_name: str | None = None
    edition_id: str | None = None

    def __str__(self) -> str:
        return f"{self.build}.{self.ubr}" if self.ubr is not None else str(self.build)

    @property
    def is_windows11(self) -> bool:
        """ProductName still says "Windows 10" on Windows 11, so the build decides."""
        return self.build >= 22000


class Snapshot(BaseModel):
    """Everything known about one device: parsed dsregcmd, registry, events, system facts.

    Missing pieces stay None/empty (`network` is None when no network test ran); `problems`
    says which bundle members could not be read, `warnings` what a parser had to repair (a
    wrapped line, a truncated event file).
    """

    schema_version: int = 1
    source: SourceInfo
    manifest: Manifest | None = None
    dsregcmd: DsregStatus | None = None
    upn: str | None = None
    registry: RegistryView = Field(default_factory=RegistryView)
    events: list[Event] = Field(default_factory=list)
    channels: list[ChannelCapture] = Field(default_factory=list)
    registry_captures: list[RegistryCapture] = Field(default_factory=list)
    system: SystemFacts = Field(default_factory=SystemFacts)
    notes: str = ""
    graph: GraphData | None = None  # what Microsoft Graph said (`graph/`), if it was asked
    network: NetworkResults | None = None
    problems: list[MemberProblem] = Field(default_factory=list)
    warnings: list[MemberProblem] = Field(default_factory=list)

    @property
    def os_build(self) -> OsBuild | None:
        """The OS build from the registry, or None when CurrentVersion was not captured."""
        key = self.registry.key(CURRENT_VERSION_KEY)
        if key is None:
            return None
        raw = key.value("CurrentBuild") or key.value("CurrentBuildNumber")
        build = raw.as_int() if raw else None
        if build is None:
            return None
        ubr = key.value("UBR")

        def text(name: str) -> str | None:
            v = key.value(name)
            return v.as_text() if v and isinstance(v.data, str) else None

        return OsBuild(
            build=build,
            ubr=ubr.as_int() if ubr else None,
            display_version=text("DisplayVersion"),
            release_id=text("ReleaseId"),
            product_name=text("ProductName"),
            edition_id=text("EditionID"),
        )

    def registry_key_state(self, path: str) -> str:
        """Whether a key was "captured", is "missing" on the device, or is "unknown" to us.

        Our own captures say so in `capture.json`; for other bundles a key absent from a
        bundle that holds registry exports counts as "missing", and "unknown" without any.
        """
        if self.registry.key(path) is not None or self.registry.has_prefix(path):
            return "captured"
        wanted = path.lower()
        for capture in self.registry_captures:
            if capture.path.lower() == wanted or wanted.startswith(capture.path.lower() + "\\"):
                return "missing" if capture.state in ("missing", "captured") else "unknown"
        return "missing" if self.registry.keys else "unknown"

    def events_in(self, channel: str) -> list[Event]:
        """Events of one channel (name compared case-insensitively)."""
        wanted = channel.lower()
        return [e for e in self.events if e.channel.lower() == wanted]

    def channel_state(self, channel: str) -> ChannelCapture | None:
        """What the capture recorded about `channel`, if anything."""
        wanted = channel.lower()
        return next((c for c in self.channels if c.channel.lower() == wanted), None)

    def has_channel_data(self, channel: str) -> bool:
        """True when the channel was read (even if it held no events)."""
        state = self.channel_state(channel)
        if state is not None:
            return state.state in ("captured", "empty")
        return bool(self.events_in(channel))
