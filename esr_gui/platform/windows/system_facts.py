"""`system.json` on Windows: each fact from one cheap, named source, or None with the reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from esr_gui.core.models.manifest import SystemFacts
from esr_gui.platform.host import ProbeError, SystemProbe
from esr_gui.platform.runner import call_with_limit
from esr_gui.platform.windows._win32 import filetime_to_datetime
from esr_gui.platform.windows.registry import RegistryReader, key_write_time
from esr_gui.platform.windows.sysinfo import Win32Facts, boot_time

T = TypeVar("T")
SOURCE_BOOT = "GetTickCount64 (time since boot)"
SOURCE_LOGON = (
    "last write time of HKEY_USERS\\<SID>\\Volatile Environment, which Windows writes at "
    "sign-in (a reconnected session can move it later)"
)
SOURCE_DC = "DsGetDcNameW without forced rediscovery (the DC locator's answer)"
SOURCE_WIRELESS = "GetAdaptersAddresses, an adapter with IfType 71 (IEEE 802.11)"


class _Collector:
    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.sources: dict[str, str] = {}

    def take(self, name: str, source: str, read: Callable[[], T]) -> None:
        try:
            value = read()
        except ProbeError as exc:
            self.values[name] = None
            self.sources[name] = f"unknown: {exc.message}"
            return
        self.values[name] = value
        self.sources[name] = source if value is not None else f"unknown: {source}"


def _last_logon(registry: RegistryReader, sid: str | None) -> datetime | None:
    if not sid:
        raise ProbeError("not-found", "the signed-in user's SID is not known")
    ticks = key_write_time(registry, f"HKU\\{sid}\\Volatile Environment")
    if ticks is None:
        raise ProbeError("not-found", "the user's Volatile Environment key is not readable")
    stamp = filetime_to_datetime(ticks)
    return stamp.astimezone().replace(microsecond=0) if stamp else None


def _dc_reachable(win32: Win32Facts, dc_timeout: float) -> bool | None:
    if not win32.domain_joined():
        raise ProbeError("not-found", "the computer is not joined to an AD domain")
    return call_with_limit(win32.dc_reachable, dc_timeout, "DsGetDcNameW")


def collect_system_facts(
    win32: Win32Facts,
    registry: RegistryReader,
    sid: str | None,
    *,
    dc_timeout: float,
    now: Callable[[], datetime],
) -> SystemProbe:
    """Every fact of system.json; an unknown one is None (never False by default)."""
    found = _Collector()
    found.take("last_boot", SOURCE_BOOT, lambda: boot_time(win32.uptime(), now))
    found.take("last_logon", SOURCE_LOGON, lambda: _last_logon(registry, sid))
    found.take("domain_controller_reachable", SOURCE_DC, lambda: _dc_reachable(win32, dc_timeout))
    found.take("wireless_adapter_present", SOURCE_WIRELESS, win32.wireless_adapter_present)
    return SystemProbe(facts=SystemFacts.model_validate(found.values), sources=found.sources)
