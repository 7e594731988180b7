"""Cheap facts through Win32 calls: names, time zone, boot time, DC and wireless adapter.

Each call is small and injectable (`Win32Facts(dlls=...)`); each answer that cannot be had is
None ("unknown"), never a guessed False.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from ctypes import wintypes
from datetime import datetime, timedelta
from typing import Any

from esr_gui.platform.host import ProbeError
from esr_gui.platform.windows._win32 import (
    ERROR_NO_SUCH_DOMAIN,
    bind,
    last_error,
    load_dll,
    win_error,
)

NAME_SAM_COMPATIBLE = 2
NAME_USER_PRINCIPAL = 8
NET_SETUP_DOMAIN_NAME = 3
IF_TYPE_IEEE80211 = 71
ERROR_BUFFER_OVERFLOW = 111
ERROR_MORE_DATA = 234
_GAA_SKIP_ADDRESSES = 0x1 | 0x2 | 0x4 | 0x8
AF_UNSPEC = 0
_PULONG = ctypes.POINTER(wintypes.ULONG)
_PDWORD = ctypes.POINTER(wintypes.DWORD)


class SYSTEMTIME(ctypes.Structure):
    """minwinbase.h SYSTEMTIME."""

    _fields_ = tuple(
        (name, wintypes.WORD) for name in ("y", "mo", "dow", "d", "h", "mi", "s", "ms")
    )


class DYNAMIC_TIME_ZONE_INFORMATION(ctypes.Structure):  # noqa: N801 (the Windows name)
    """timezoneapi.h DYNAMIC_TIME_ZONE_INFORMATION."""

    _fields_ = (
        ("Bias", wintypes.LONG),
        ("StandardName", wintypes.WCHAR * 32),
        ("StandardDate", SYSTEMTIME),
        ("StandardBias", wintypes.LONG),
        ("DaylightName", wintypes.WCHAR * 32),
        ("DaylightDate", SYSTEMTIME),
        ("DaylightBias", wintypes.LONG),
        ("TimeZoneKeyName", wintypes.WCHAR * 128),
        ("DynamicDaylightTimeDisabled", wintypes.BOOLEAN),
    )


class IP_ADAPTER_ADDRESSES(ctypes.Structure):  # noqa: N801
    """The leading fields of iptypes.h IP_ADAPTER_ADDRESSES_LH, up to IfType."""


IP_ADAPTER_ADDRESSES._fields_ = (
    ("Length", wintypes.ULONG),
    ("IfIndex", wintypes.DWORD),
    ("Next", ctypes.POINTER(IP_ADAPTER_ADDRESSES)),
    ("AdapterName", ctypes.c_char_p),
    ("FirstUnicastAddress", ctypes.c_void_p),
    ("FirstAnycastAddress", ctypes.c_void_p),
    ("FirstMulticastAddress", ctypes.c_void_p),
    ("FirstDnsServerAddress", ctypes.c_void_p),
    ("DnsSuffix", ctypes.c_wchar_p),
    ("Description", ctypes.c_wchar_p),
    ("FriendlyName", ctypes.c_wchar_p),
    ("PhysicalAddress", ctypes.c_ubyte * 8),
    ("PhysicalAddressLength", wintypes.ULONG),
    ("Flags", wintypes.ULONG),
    ("Mtu", wintypes.ULONG),
    ("IfType", wintypes.ULONG),
)


class Win32Facts:
    """The Win32 calls behind system facts; pass `dlls={"secur32": fake, ...}` in tests."""

    def __init__(self, dlls: dict[str, Any] | None = None) -> None:
        self._dlls: dict[str, Any] = dict(dlls or {})

    def dll(self, name: str) -> Any:
        """A DLL by name, loaded on first use."""
        if name not in self._dlls:
            self._dlls[name] = load_dll(name)
        return self._dlls[name]

    def user_name_ex(self, name_format: int) -> str:
        """`GetUserNameExW`; ProbeError not-found when the account has no such name."""
        get = bind(
            self.dll("secur32"),
            "GetUserNameExW",
            wintypes.BOOLEAN,
            ctypes.c_int,
            wintypes.LPWSTR,
            _PULONG,
        )
        size = wintypes.ULONG(256)
        buffer = ctypes.create_unicode_buffer(size.value)
        if not get(name_format, buffer, ctypes.byref(size)):
            code = last_error()
            if code == ERROR_MORE_DATA:
                buffer = ctypes.create_unicode_buffer(size.value + 1)
                if get(name_format, buffer, ctypes.byref(size)):
                    return str(buffer.value)
            if code in (1332, ERROR_NO_SUCH_DOMAIN, 1317):
                raise ProbeError("not-found", "this account has no user principal name", code=code)
            raise win_error("GetUserNameExW", code)
        return str(buffer.value)

    def timezone_name(self) -> str | None:
        """The Windows time zone key name ("W. Europe Standard Time")."""
        info = DYNAMIC_TIME_ZONE_INFORMATION()
        get = bind(
            self.dll("kernel32"),
            "GetDynamicTimeZoneInformation",
            wintypes.DWORD,
            ctypes.POINTER(DYNAMIC_TIME_ZONE_INFORMATION),
        )
        result = get(ctypes.byref(info))
        if int(result) == 0xFFFFFFFF:
            return None
        return str(info.TimeZoneKeyName or info.StandardName or "") or None

    def uptime(self) -> timedelta:
        """Time since boot (GetTickCount64)."""
        tick = bind(self.dll("kernel32"), "GetTickCount64", ctypes.c_ulonglong)
        return timedelta(milliseconds=int(tick()))

    def domain_joined(self) -> bool:
        """True when the computer is joined to an AD domain (NetGetJoinInformation)."""
        netapi32 = self.dll("netapi32")
        name = wintypes.LPWSTR()
        status = wintypes.DWORD()
        get = bind(
            netapi32,
            "NetGetJoinInformation",
            wintypes.DWORD,
            wintypes.LPCWSTR,
            ctypes.POINTER(wintypes.LPWSTR),
            _PDWORD,
        )
        result = get(None, ctypes.byref(name), ctypes.byref(status))
        if result != 0:
            raise win_error("NetGetJoinInformation", int(result))
        _buffer_free(netapi32)(name)
        return int(status.value) == NET_SETUP_DOMAIN_NAME

    def dc_reachable(self) -> bool:
        """Whether the DC locator finds a domain controller (DsGetDcNameW, cached answers ok)."""
        netapi32 = self.dll("netapi32")
        info = ctypes.c_void_p()
        get = bind(
            netapi32,
            "DsGetDcNameW",
            wintypes.DWORD,
            wintypes.LPCWSTR,
            wintypes.LPCWSTR,
            ctypes.c_void_p,
            wintypes.LPCWSTR,
            wintypes.ULONG,
            ctypes.POINTER(ctypes.c_void_p),
        )
        result = int(get(None, None, None, None, 0, ctypes.byref(info)))
        if info.value:
            _buffer_free(netapi32)(info)
        if result == 0:
            return True
        if result in (ERROR_NO_SUCH_DOMAIN, 1311, 1722):
            return False
        raise win_error("DsGetDcNameW", result)

    def wireless_adapter_present(self) -> bool:
        """True when any network adapter has IfType 71 (IEEE 802.11)."""
        get = bind(
            self.dll("iphlpapi"),
            "GetAdaptersAddresses",
            wintypes.ULONG,
            wintypes.ULONG,
            wintypes.ULONG,
            ctypes.c_void_p,
            ctypes.c_void_p,
            _PULONG,
        )
        size = wintypes.ULONG(16 * 1024)
        for _ in range(4):
            buffer = ctypes.create_string_buffer(size.value)
            result = int(get(AF_UNSPEC, _GAA_SKIP_ADDRESSES, None, buffer, ctypes.byref(size)))
            if result == ERROR_BUFFER_OVERFLOW:
                continue
            if result == 232:  # ERROR_NO_DATA: no adapters at all
                return False
            if result != 0:
                raise win_error("GetAdaptersAddresses", result)
            return any(a.IfType == IF_TYPE_IEEE80211 for a in _adapters(buffer))
        raise ProbeError("error", "GetAdaptersAddresses kept asking for a larger buffer")


def _buffer_free(netapi32: Any) -> Any:
    return bind(netapi32, "NetApiBufferFree", wintypes.DWORD, ctypes.c_void_p)


def _adapters(buffer: ctypes.Array[ctypes.c_char]) -> list[IP_ADAPTER_ADDRESSES]:
    found: list[IP_ADAPTER_ADDRESSES] = []
    current = ctypes.cast(buffer, ctypes.POINTER(IP_ADAPTER_ADDRESSES))
    while current and len(found) < 1024:
        found.append(current.contents)
        current = current.contents.Next
    return found


def boot_time(uptime: timedelta, now: Callable[[], datetime] | None = None) -> datetime:
    """Local, offset-aware boot time from the time since boot."""
    current = now() if now is not None else datetime.now().astimezone()
    return (current - uptime).replace(microsecond=0)
