"""Which context the capture runs in: user, elevated or SYSTEM, from the process token.

`GetTokenInformation(TokenElevation)` says whether the token is elevated,
`TokenElevationType` whether UAC split it (limited = an administrator who could elevate), and
the token user's SID S-1-5-18 means LocalSystem (windows-facts §2.2).
"""

from __future__ import annotations

import ctypes
from ctypes import wintypes
from dataclasses import dataclass
from typing import Any

from esr_gui.core.models.manifest import CaptureContext
from esr_gui.platform.host import ElevationType, ProbeError
from esr_gui.platform.windows._win32 import (
    ERROR_INSUFFICIENT_BUFFER,
    bind,
    last_error,
    load_dll,
    win_error,
)

_PDWORD = ctypes.POINTER(wintypes.DWORD)

TOKEN_QUERY = 0x0008
TOKEN_USER_CLASS = 1
TOKEN_ELEVATION_TYPE_CLASS = 18
TOKEN_ELEVATION_CLASS = 20
SYSTEM_SID = "S-1-5-18"
_ELEVATION_TYPES: dict[int, ElevationType] = {1: "default", 2: "full", 3: "limited"}


@dataclass(frozen=True)
class TokenFacts:
    """What the process token says about us."""

    sid: str | None
    elevated: bool | None
    elevation_type: ElevationType


def classify(facts: TokenFacts) -> CaptureContext:
    """SYSTEM beats elevated beats user; an unknown elevation counts as user."""
    if facts.sid == SYSTEM_SID:
        return "system"
    if facts.elevated or facts.elevation_type == "full":
        return "elevated"
    return "user"


class TokenReader:
    """Reads the current process token with advapi32/kernel32 (injectable for tests)."""

    def __init__(self, advapi32: Any = None, kernel32: Any = None) -> None:
        self._advapi32 = advapi32
        self._kernel32 = kernel32

    def _dlls(self) -> tuple[Any, Any]:
        if self._advapi32 is None:
            self._advapi32 = load_dll("advapi32")
        if self._kernel32 is None:
            self._kernel32 = load_dll("kernel32")
        return self._advapi32, self._kernel32

    def read(self) -> TokenFacts:
        """Elevation and user SID of this process; ProbeError when the token cannot be read."""
        advapi32, kernel32 = self._dlls()
        token = wintypes.HANDLE()
        process = bind(kernel32, "GetCurrentProcess", wintypes.HANDLE)()
        open_token = bind(
            advapi32,
            "OpenProcessToken",
            wintypes.BOOL,
            wintypes.HANDLE,
            wintypes.DWORD,
            ctypes.POINTER(wintypes.HANDLE),
        )
        if not open_token(process, TOKEN_QUERY, ctypes.byref(token)):
            raise win_error("OpenProcessToken")
        try:
            elevated = self._dword(token, TOKEN_ELEVATION_CLASS)
            kind = self._dword(token, TOKEN_ELEVATION_TYPE_CLASS)
            sid = self._user_sid(token)
        finally:
            bind(kernel32, "CloseHandle", wintypes.BOOL, wintypes.HANDLE)(token)
        return TokenFacts(
            sid=sid,
            elevated=None if elevated is None else bool(elevated),
            elevation_type=_ELEVATION_TYPES.get(kind or 0, "unknown"),
        )

    def _dword(self, token: wintypes.HANDLE, info_class: int) -> int | None:
        advapi32, _ = self._dlls()
        value = wintypes.DWORD()
        size = wintypes.DWORD()
        ok = _get_token_information(advapi32)(
            token, info_class, ctypes.byref(value), ctypes.sizeof(value), ctypes.byref(size)
        )
        return int(value.value) if ok else None

    def _user_sid(self, token: wintypes.HANDLE) -> str | None:
        advapi32, _ = self._dlls()
        get_info = _get_token_information(advapi32)
        size = wintypes.DWORD()
        get_info(token, TOKEN_USER_CLASS, None, 0, ctypes.byref(size))
        if size.value == 0:
            if last_error() not in (0, ERROR_INSUFFICIENT_BUFFER):
                raise win_error("GetTokenInformation(TokenUser)")
            return None
        buffer = ctypes.create_string_buffer(size.value)
        if not get_info(token, TOKEN_USER_CLASS, buffer, size, ctypes.byref(size)):
            raise win_error("GetTokenInformation(TokenUser)")
        # TOKEN_USER starts with SID_AND_ATTRIBUTES, whose first member is the PSID.
        psid = ctypes.c_void_p.from_buffer(buffer).value
        return sid_to_string(advapi32, self._kernel32, psid) if psid else None


def sid_to_string(advapi32: Any, kernel32: Any, psid: int | ctypes.c_void_p) -> str:
    """`ConvertSidToStringSidW` of a SID pointer (the string freed with LocalFree)."""
    text = wintypes.LPWSTR()
    convert = bind(
        advapi32,
        "ConvertSidToStringSidW",
        wintypes.BOOL,
        ctypes.c_void_p,
        ctypes.POINTER(wintypes.LPWSTR),
    )
    if not convert(psid, ctypes.byref(text)):
        raise win_error("ConvertSidToStringSidW")
    try:
        return str(text.value or "")
    finally:
        local_free = bind(
            kernel32 or load_dll("kernel32"), "LocalFree", ctypes.c_void_p, ctypes.c_void_p
        )
        local_free(text)


def _get_token_information(advapi32: Any) -> Any:
    return bind(
        advapi32,
        "GetTokenInformation",
        wintypes.BOOL,
        wintypes.HANDLE,
        ctypes.c_int,
        ctypes.c_void_p,
        wintypes.DWORD,
        _PDWORD,
    )


def read_token_facts(reader: TokenReader | None = None) -> TokenFacts:
    """Token facts, or an "unknown" answer when the token cannot be read at all."""
    try:
        return (reader or TokenReader()).read()
    except ProbeError:
        return TokenFacts(sid=None, elevated=None, elevation_type="unknown")
