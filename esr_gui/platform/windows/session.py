"""Whose per-user data to read: the user signed in to our session (or the console's).

An administrator who elevated over the shoulder, or SYSTEM, has another HKCU than the user
being helped; that user's hive is `HKEY_USERS\\<SID>`. The session's user comes from
`WTSQuerySessionInformationW` and its SID from `LookupAccountNameW`.
"""

from __future__ import annotations

import ctypes
from ctypes import wintypes
from dataclasses import dataclass
from typing import Any

from esr_gui.platform.windows._win32 import bind, load_dll, win_error
from esr_gui.platform.windows.token import sid_to_string

WTS_CURRENT_SERVER_HANDLE = None
_PDWORD = ctypes.POINTER(wintypes.DWORD)
WTS_USER_NAME = 5
WTS_DOMAIN_NAME = 7
NO_CONSOLE_SESSION = 0xFFFFFFFF


@dataclass(frozen=True)
class SessionUser:
    """The account signed in to a session: `DOMAIN\\name` and its SID."""

    account: str
    sid: str


class SessionApi:
    """kernel32/wtsapi32/advapi32 calls behind the session lookup (injectable for tests)."""

    def __init__(self, kernel32: Any = None, wtsapi32: Any = None, advapi32: Any = None) -> None:
        self.kernel32 = kernel32 or load_dll("kernel32")
        self.wtsapi32 = wtsapi32 or load_dll("wtsapi32")
        self.advapi32 = advapi32 or load_dll("advapi32")

    def own_session(self) -> int:
        """Session id of this process (0 for services such as SYSTEM tasks)."""
        pid = bind(self.kernel32, "GetCurrentProcessId", wintypes.DWORD)()
        session = wintypes.DWORD()
        to_session = bind(
            self.kernel32, "ProcessIdToSessionId", wintypes.BOOL, wintypes.DWORD, _PDWORD
        )
        if not to_session(pid, ctypes.byref(session)):
            raise win_error("ProcessIdToSessionId")
        return int(session.value)

    def console_session(self) -> int:
        """The physical console's session id, or NO_CONSOLE_SESSION."""
        console = bind(self.kernel32, "WTSGetActiveConsoleSessionId", wintypes.DWORD)
        return int(console()) & 0xFFFFFFFF

    def session_string(self, session: int, info_class: int) -> str:
        """One string of WTSQuerySessionInformationW ("" when nobody is signed in)."""
        buffer = wintypes.LPWSTR()
        size = wintypes.DWORD()
        query = bind(
            self.wtsapi32,
            "WTSQuerySessionInformationW",
            wintypes.BOOL,
            wintypes.HANDLE,
            wintypes.DWORD,
            ctypes.c_int,
            ctypes.POINTER(wintypes.LPWSTR),
            _PDWORD,
        )
        if not query(
            WTS_CURRENT_SERVER_HANDLE, session, info_class, ctypes.byref(buffer), ctypes.byref(size)
        ):
            raise win_error("WTSQuerySessionInformationW")
        try:
            return str(buffer.value or "")
        finally:
            bind(self.wtsapi32, "WTSFreeMemory", None, ctypes.c_void_p)(buffer)

    def account_sid(self, account: str) -> str:
        """SID string of `DOMAIN\\name` through LookupAccountNameW."""
        sid_size, domain_size = wintypes.DWORD(0), wintypes.DWORD(0)
        use = wintypes.DWORD()
        lookup = bind(
            self.advapi32,
            "LookupAccountNameW",
            wintypes.BOOL,
            wintypes.LPCWSTR,
            wintypes.LPCWSTR,
            ctypes.c_void_p,
            _PDWORD,
            wintypes.LPWSTR,
            _PDWORD,
            _PDWORD,
        )
        lookup(
            None,
            account,
            None,
            ctypes.byref(sid_size),
            None,
            ctypes.byref(domain_size),
            ctypes.byref(use),
        )
        if sid_size.value == 0:
            raise win_error(f"LookupAccountNameW({account})")
        sid = ctypes.create_string_buffer(sid_size.value)
        domain = ctypes.create_unicode_buffer(max(domain_size.value, 1))
        if not lookup(
            None,
            account,
            sid,
            ctypes.byref(sid_size),
            domain,
            ctypes.byref(domain_size),
            ctypes.byref(use),
        ):
            raise win_error(f"LookupAccountNameW({account})")
        return sid_to_string(self.advapi32, self.kernel32, ctypes.addressof(sid))


def session_user(api: SessionApi) -> SessionUser | None:
    """The user of our own session, or of the console when we run in session 0 (services)."""
    session = api.own_session()
    if session == 0:
        session = api.console_session()
        if session == NO_CONSOLE_SESSION:
            return None
    name = api.session_string(session, WTS_USER_NAME)
    if not name:
        return None
    domain = api.session_string(session, WTS_DOMAIN_NAME)
    account = f"{domain}\\{name}" if domain else name
    return SessionUser(account=account, sid=api.account_sid(account))
