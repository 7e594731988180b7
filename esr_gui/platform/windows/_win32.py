"""Small ctypes helpers shared by the Windows probes (loaded lazily; importable anywhere).

typeshed only declares `ctypes.WinDLL` and `ctypes.get_last_error` on Windows, so they are
looked up with getattr: this module imports on Linux, where tests inject fake DLL objects.
"""

from __future__ import annotations

import ctypes
from datetime import UTC, datetime, timedelta
from typing import Any

from esr_gui.platform.host import ProbeError, ProbeKind

ERROR_ACCESS_DENIED = 5
ERROR_INSUFFICIENT_BUFFER = 122
ERROR_CALL_NOT_IMPLEMENTED = 120
ERROR_NONE_MAPPED = 1332
ERROR_NO_SUCH_DOMAIN = 1355
_EPOCH_1601 = datetime(1601, 1, 1, tzinfo=UTC)


def load_dll(name: str) -> Any:
    """A Windows DLL with `use_last_error`; ProbeError unavailable when it cannot be loaded."""
    loader = getattr(ctypes, "WinDLL", None)
    if loader is None:
        raise ProbeError("unavailable", f"{name}.dll needs Windows")
    try:
        return loader(name, use_last_error=True)
    except OSError:
        raise ProbeError("unavailable", f"{name}.dll is not present on this system") from None


def function(dll: Any, name: str) -> Any:
    """`dll.name`, or ProbeError unavailable when this Windows (or Wine) lacks the function."""
    try:
        return getattr(dll, name)
    except AttributeError:
        raise ProbeError("unavailable", f"{name} is not available on this system") from None


def bind(dll: Any, name: str, restype: Any, *argtypes: Any) -> Any:
    """`dll.name` with its C signature declared.

    Without argtypes ctypes passes Python ints as 32-bit C ints, which truncates 64-bit handles
    and pointers (GetCurrentProcess's -1 pseudo-handle became an invalid handle under Wine).
    """
    func = function(dll, name)
    func.restype = restype
    func.argtypes = argtypes
    return func


def last_error() -> int:
    """The calling thread's last Windows error as saved by ctypes (0 off Windows)."""
    getter = getattr(ctypes, "get_last_error", None)
    return int(getter()) if getter is not None else 0


def kind_for(code: int) -> ProbeKind:
    """The probe error kind of a Win32 error code."""
    if code == ERROR_ACCESS_DENIED:
        return "access-denied"
    if code in (2, 3):
        return "not-found"
    if code == ERROR_CALL_NOT_IMPLEMENTED:
        return "unavailable"
    return "error"


def win_error(what: str, code: int | None = None) -> ProbeError:
    """A ProbeError for a failed Win32 call, naming the call and the error code."""
    code = last_error() if code is None else code
    kind = kind_for(code)
    if kind == "access-denied":
        return ProbeError(kind, f"{what} needs administrator rights (access denied)", code=code)
    return ProbeError(kind, f"{what} failed with Windows error {code}", code=code)


def filetime_to_datetime(value: int) -> datetime | None:
    """100-ns intervals since 1601 (FILETIME, winreg key times) → aware UTC datetime."""
    if value <= 0:
        return None
    try:
        return _EPOCH_1601 + timedelta(microseconds=value // 10)
    except OverflowError:
        return None


def wide_buffer(chars: int) -> ctypes.Array[ctypes.c_wchar]:
    """A zeroed WCHAR buffer of `chars` characters."""
    return ctypes.create_unicode_buffer(chars)
