"""The real Win32 calls behind the seams (ctypes); imported and used only on Windows."""

from __future__ import annotations

import ctypes
import os
from typing import Any

from esr_gui.platform.remedies.elevate import SHELLEXECUTEINFOW

COINIT_APARTMENTTHREADED = 0x2
COINIT_DISABLE_OLE1DDE = 0x4
TOKEN_QUERY = 0x0008
TOKEN_ELEVATION = 20
SW_SHOWNORMAL = 1


def _dll(name: str) -> Any:
    # getattr: these names exist only on Windows, and this module is type-checked on Linux too.
    return getattr(ctypes, "WinDLL")(name, use_last_error=True)  # noqa: B009


def _last_error() -> int:
    return int(getattr(ctypes, "get_last_error")())  # noqa: B009


class Win32ShellApi:
    """ShellExecuteExW, WaitForSingleObject, GetExitCodeProcess and CloseHandle."""

    def __init__(self) -> None:
        self._shell32 = _dll("shell32")
        self._kernel32 = _dll("kernel32")
        self._shell32.ShellExecuteExW.argtypes = [ctypes.POINTER(SHELLEXECUTEINFOW)]
        self._shell32.ShellExecuteExW.restype = ctypes.c_int
        self._kernel32.WaitForSingleObject.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self._kernel32.WaitForSingleObject.restype = ctypes.c_ulong
        self._kernel32.GetExitCodeProcess.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_ulong),
        ]
        self._kernel32.CloseHandle.argtypes = [ctypes.c_void_p]
        ole32 = _dll("ole32")
        # S_FALSE (already initialised) and RPC_E_CHANGED_MODE are both fine here.
        ole32.CoInitializeEx(None, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE)

    def shell_execute_ex(self, info: SHELLEXECUTEINFOW) -> bool:
        """ShellExecuteExW."""
        return bool(self._shell32.ShellExecuteExW(ctypes.byref(info)))

    def last_error(self) -> int:
        """GetLastError, as saved by ctypes."""
        return _last_error()

    def wait(self, handle: int, milliseconds: int) -> int:
        """WaitForSingleObject."""
        return int(self._kernel32.WaitForSingleObject(handle, milliseconds))

    def exit_code(self, handle: int) -> int | None:
        """GetExitCodeProcess."""
        code = ctypes.c_ulong()
        if not self._kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return None
        return int(code.value)

    def close(self, handle: int) -> None:
        """CloseHandle."""
        self._kernel32.CloseHandle(handle)


def system_directory() -> str:
    """GetSystemDirectoryW: System32, from the OS rather than an environment variable."""
    buffer = ctypes.create_unicode_buffer(260)
    length = _dll("kernel32").GetSystemDirectoryW(buffer, len(buffer))
    if not length or length >= len(buffer):
        raise OSError("GetSystemDirectoryW failed")
    return buffer.value


def is_elevated() -> bool:
    """TokenElevation of this process's token."""
    advapi32, kernel32 = _dll("advapi32"), _dll("kernel32")
    kernel32.GetCurrentProcess.restype = ctypes.c_void_p
    token = ctypes.c_void_p()
    if not advapi32.OpenProcessToken(
        ctypes.c_void_p(kernel32.GetCurrentProcess()), TOKEN_QUERY, ctypes.byref(token)
    ):
        return False
    try:
        elevation, size = ctypes.c_ulong(), ctypes.c_ulong()
        ok = advapi32.GetTokenInformation(
            token, TOKEN_ELEVATION, ctypes.byref(elevation), 4, ctypes.byref(size)
        )
        return bool(ok) and bool(elevation.value)
    finally:
        kernel32.CloseHandle(token)


def lock_workstation() -> None:
    """LockWorkStation; OSError if Windows refused."""
    if not _dll("user32").LockWorkStation():
        raise OSError(0, "LockWorkStation failed", None, _last_error())


def shell_open(target: str, arguments: str = "") -> None:
    """ShellExecute "open" in this session (os.startfile); URIs go to their handler."""
    startfile = getattr(os, "startfile")  # noqa: B009
    if arguments:
        startfile(target, "open", arguments, "", SW_SHOWNORMAL)
    else:
        startfile(target, "open")
