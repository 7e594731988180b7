"""Running one Windows program elevated: ShellExecuteExW with the `runas` verb, then wait.

Only the Windows binary itself is elevated (by its absolute System32 path), never this app.
The elevated process's output cannot be read through ShellExecuteExW, so the exit code is the
only signal. Error 1223 (ERROR_CANCELLED) means the user declined the UAC prompt. Every OS
call goes through `ShellApi`, so tests inject a fake on Linux.
"""

from __future__ import annotations

import ctypes
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

SEE_MASK_NOCLOSEPROCESS = 0x00000040
SEE_MASK_NOASYNC = 0x00000100
SEE_MASK_FLAG_NO_UI = 0x00000400
SW_HIDE = 0
WAIT_OBJECT_0 = 0x0
WAIT_TIMEOUT = 0x102
STILL_ACTIVE = 259
ERROR_FILE_NOT_FOUND = 2
ERROR_PATH_NOT_FOUND = 3
ERROR_CANCELLED = 1223


class SHELLEXECUTEINFOW(ctypes.Structure):
    """The Win32 SHELLEXECUTEINFOW structure (field order and types as in shellapi.h)."""

    _fields_ = [
        ("cbSize", ctypes.c_uint32),
        ("fMask", ctypes.c_uint32),
        ("hwnd", ctypes.c_void_p),
        ("lpVerb", ctypes.c_wchar_p),
        ("lpFile", ctypes.c_wchar_p),
        ("lpParameters", ctypes.c_wchar_p),
        ("lpDirectory", ctypes.c_wchar_p),
        ("nShow", ctypes.c_int),
        ("hInstApp", ctypes.c_void_p),
        ("lpIDList", ctypes.c_void_p),
        ("lpClass", ctypes.c_wchar_p),
        ("hkeyClass", ctypes.c_void_p),
        ("dwHotKey", ctypes.c_uint32),
        ("hIconOrMonitor", ctypes.c_void_p),
        ("hProcess", ctypes.c_void_p),
    ]


class ShellApi(Protocol):
    """The Win32 calls elevation needs."""

    def shell_execute_ex(self, info: SHELLEXECUTEINFOW) -> bool:
        """ShellExecuteExW; fills `info.hProcess` on success."""
        ...

    def last_error(self) -> int:
        """GetLastError of the failed call."""
        ...

    def wait(self, handle: int, milliseconds: int) -> int:
        """WaitForSingleObject."""
        ...

    def exit_code(self, handle: int) -> int | None:
        """GetExitCodeProcess (None if the call failed)."""
        ...

    def close(self, handle: int) -> None:
        """CloseHandle."""
        ...


ElevatedStatus = Literal["exited", "cancelled", "not-found", "failed", "timed-out"]


@dataclass(frozen=True)
class ElevatedOutcome:
    """How an elevated run ended: its exit code, or why there is none."""

    status: ElevatedStatus
    exit_code: int | None = None
    error: int | None = None
    message: str = ""


def build_info(exe: str, args: Sequence[str], parameters: str | None = None) -> SHELLEXECUTEINFOW:
    """The structure for a hidden, waited-for `runas` of `exe` with `args`."""
    info = SHELLEXECUTEINFOW()
    info.cbSize = ctypes.sizeof(SHELLEXECUTEINFOW)
    info.fMask = SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC | SEE_MASK_FLAG_NO_UI
    info.lpVerb = "runas"
    info.lpFile = exe
    info.lpParameters = parameters if parameters is not None else subprocess.list2cmdline(args)
    info.nShow = SW_HIDE
    return info


def run_elevated(
    exe: str,
    args: Sequence[str],
    api: ShellApi,
    *,
    timeout_seconds: int = 120,
    parameters: str | None = None,
) -> ElevatedOutcome:
    """Run `exe` elevated, wait up to `timeout_seconds`, and return its exit code."""
    info = build_info(exe, args, parameters)
    if not api.shell_execute_ex(info):
        return _launch_failure(exe, api.last_error())
    handle = info.hProcess
    if not handle:
        return ElevatedOutcome("failed", message=f"Windows started no process for {exe}.")
    try:
        if api.wait(handle, timeout_seconds * 1000) == WAIT_TIMEOUT:
            return ElevatedOutcome(
                "timed-out",
                message=f"{exe} was still running after {timeout_seconds} seconds; "
                "it was left running and its result is unknown.",
            )
        code = api.exit_code(handle)
    finally:
        api.close(handle)
    if code is None or code == STILL_ACTIVE:
        return ElevatedOutcome("failed", message=f"The exit code of {exe} could not be read.")
    return ElevatedOutcome("exited", exit_code=code)


def _launch_failure(exe: str, error: int) -> ElevatedOutcome:
    if error == ERROR_CANCELLED:
        return ElevatedOutcome(
            "cancelled",
            error=error,
            message="The administrator prompt was declined; nothing was changed.",
        )
    if error in (ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND):
        return ElevatedOutcome(
            "not-found", error=error, message=f"Windows could not find {exe} (error {error})."
        )
    return ElevatedOutcome(
        "failed", error=error, message=f"Windows could not start {exe} elevated (error {error})."
    )
