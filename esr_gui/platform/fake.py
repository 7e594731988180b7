"""A Host that answers from data: tests, fault injection, demos and the capture benchmark.

Every probe has an id (`context`, `upn`, `dsregcmd`, `aad-join`, `system`,
`registry:<key path>`, `events:<channel>`); `configure(probe_id, ...)` gives it a result, a
delay, or an exception to raise. Unconfigured probes answer from the constructor's data.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar, cast

from esr_gui.core.bundle.limits import DSREGCMD, EVENTS_DIR, REGISTRY_DIR, WHOAMI_UPN
from esr_gui.core.data import ChannelSpec, capture_registry_keys
from esr_gui.core.decoding import decode_text
from esr_gui.core.models.registry import key_id
from esr_gui.platform.host import (
    AadJoinInfo,
    ChannelData,
    ChannelQuery,
    Host,
    HostContext,
    ProbeError,
    SystemProbe,
)

T = TypeVar("T")
_UNSET = object()


def registry_probe_id(path: str) -> str:
    """Probe id of a registry export (`registry:` + the key path, case-insensitive)."""
    return "registry:" + key_id(path)


def channel_probe_id(channel: str) -> str:
    """Probe id of a channel query (`events:` + the channel name, case-insensitive)."""
    return "events:" + channel.lower()


@dataclass
class _Override:
    result: object = _UNSET
    error: BaseException | None = None
    delay: float | None = None


class FakeHost(Host):
    """A scriptable Host. Thread-safe; records every probe id it is asked, in call order."""

    name = "fake"

    def __init__(
        self,
        *,
        context: HostContext | None = None,
        upn: str | None = None,
        dsregcmd: bytes | None = None,
        aad_join: AadJoinInfo | None = None,
        registry: Mapping[str, bytes] | None = None,
        channels: Mapping[str, ChannelData | bytes] | None = None,
        system: SystemProbe | None = None,
        default_delay: float = 0.0,
    ) -> None:
        self._context = context or HostContext(computer="PC-FAKE", timezone="UTC")
        self._upn = upn
        self._dsregcmd = dsregcmd
        self._aad = aad_join or AadJoinInfo(join_type="unknown")
        self._registry = {key_id(p): d for p, d in (registry or {}).items()}
        self._channels = {c.lower(): d for c, d in (channels or {}).items()}
        self._system = system or SystemProbe()
        self.default_delay = default_delay
        self._overrides: dict[str, _Override] = {}
        self._lock = threading.Lock()
        self._release = threading.Event()
        self.calls: list[str] = []

    def configure(
        self,
        probe_id: str,
        *,
        result: object = _UNSET,
        error: BaseException | None = None,
        delay: float | None = None,
    ) -> FakeHost:
        """Script one probe: what it returns, what it raises, how long it takes first."""
        self._overrides[_normal(probe_id)] = _Override(result=result, error=error, delay=delay)
        return self

    def fail(self, probe_id: str, error: BaseException, delay: float | None = None) -> FakeHost:
        """Make a probe raise `error` (a ProbeError, or anything else to test robustness)."""
        return self.configure(probe_id, error=error, delay=delay)

    def hang(self, probe_id: str, seconds: float = 3600.0) -> FakeHost:
        """Make a probe block for `seconds` (or until `release()`), then answer normally."""
        return self.configure(probe_id, delay=seconds)

    def release(self) -> None:
        """Wake every probe still sleeping (call at the end of a test)."""
        self._release.set()

    def _answer(self, probe_id: str, default: Callable[[], T]) -> T:
        key = _normal(probe_id)
        with self._lock:
            self.calls.append(key)
        override = self._overrides.get(key, _Override())
        delay = self.default_delay if override.delay is None else override.delay
        if delay > 0:
            self._release.wait(delay)
        if override.error is not None:
            raise override.error
        if override.result is not _UNSET:
            return cast(T, override.result)
        return default()

    def context(self) -> HostContext:
        """The scripted context."""
        return self._answer("context", lambda: self._context)

    def user_principal_name(self) -> str:
        """The scripted UPN, or not-found like a local account."""
        return self._answer("upn", self._upn_or_missing)

    def _upn_or_missing(self) -> str:
        if self._upn is None:
            raise ProbeError("not-found", "this account has no user principal name")
        return self._upn

    def dsregcmd_status(self, *, timeout: float) -> bytes:
        """The scripted dsregcmd text, or not-found like a system without dsregcmd.exe."""
        return self._answer("dsregcmd", self._dsregcmd_or_missing)

    def _dsregcmd_or_missing(self) -> bytes:
        if self._dsregcmd is None:
            raise ProbeError("not-found", "dsregcmd.exe is not present on this system")
        return self._dsregcmd

    def aad_join_info(self) -> AadJoinInfo:
        """The scripted join information."""
        return self._answer("aad-join", lambda: self._aad)

    def export_registry_key(self, path: str, *, recursive: bool) -> bytes:
        """The scripted `.reg` bytes of `path`, or not-found."""
        return self._answer(registry_probe_id(path), lambda: self._reg_or_missing(path))

    def _reg_or_missing(self, path: str) -> bytes:
        data = self._registry.get(key_id(path))
        if data is None:
            raise ProbeError("not-found", f"the key {path} does not exist")
        return data

    def query_channel(self, channel: ChannelSpec, query: ChannelQuery) -> ChannelData:
        """The scripted events of `channel`, or channel-not-found."""
        return self._answer(channel_probe_id(channel.name), lambda: self._events(channel.name))

    def _events(self, channel: str) -> ChannelData:
        data = self._channels.get(channel.lower())
        if data is None:
            raise ProbeError("channel-not-found", f"{channel} is not present on this build")
        if isinstance(data, bytes):
            return ChannelData(data=data, count=data.count(b"<Event "), method="fake")
        return data

    def system_facts(self, *, timeout: float) -> SystemProbe:
        """The scripted system facts."""
        return self._answer("system", lambda: self._system)

    @classmethod
    def from_members(
        cls, members: Mapping[str, bytes], *, default_delay: float = 0.0, **kwargs: object
    ) -> FakeHost:
        """A FakeHost answering with a bundle's members (registry files by the capture list)."""
        lower = {name.lower(): data for name, data in members.items()}
        registry = {
            spec.path: lower[REGISTRY_DIR + spec.file.lower()]
            for spec in capture_registry_keys()
            if REGISTRY_DIR + spec.file.lower() in lower
        }
        channels: dict[str, ChannelData | bytes] = {}
        for name, data in lower.items():
            if name.startswith(EVENTS_DIR) and name.endswith(".xml"):
                channel = name[len(EVENTS_DIR) : -len(".xml")].replace("%4", "/")
                channels[channel] = data
        upn = decode_text(lower[WHOAMI_UPN]).strip() if WHOAMI_UPN in lower else None
        return cls(
            dsregcmd=lower.get(DSREGCMD),
            registry=registry,
            channels=channels,
            upn=upn or None,
            default_delay=default_delay,
            **kwargs,  # type: ignore[arg-type]
        )


def _normal(probe_id: str) -> str:
    kind, sep, rest = probe_id.partition(":")
    if sep and kind == "registry":
        return registry_probe_id(rest)
    return probe_id.lower()
