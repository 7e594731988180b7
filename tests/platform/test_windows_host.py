"""WindowsHost composed from fakes: context and target user, UPN rules, system facts."""

from __future__ import annotations

import ctypes
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from esr_gui.platform.host import ProbeError
from esr_gui.platform.windows.host import WindowsHost
from esr_gui.platform.windows.process import ToolRunner
from esr_gui.platform.windows.registry import RegistryReader
from esr_gui.platform.windows.session import (
    NO_CONSOLE_SESSION,
    SessionApi,
    SessionUser,
    session_user,
)
from esr_gui.platform.windows.sysinfo import IP_ADAPTER_ADDRESSES, Win32Facts
from esr_gui.platform.windows.token import TokenFacts
from tests.platform.fakes import ENVIRON, FakeRun, FakeWinreg, existing, out, write_wide

USER_SID = "S-1-5-21-1111111111-2222222222-3333333333-1001"
ADMIN_SID = "S-1-5-21-1111111111-2222222222-3333333333-500"


class FakeToken:
    def __init__(self, facts: TokenFacts | None) -> None:
        self.facts = facts

    def read(self) -> TokenFacts:
        if self.facts is None:
            raise ProbeError("error", "OpenProcessToken failed with Windows error 5")
        return self.facts


class FakeSession(SessionApi):
    def __init__(self, own: int, console: int, users: dict[int, tuple[str, str, str]]) -> None:
        self.own, self.console, self.users = own, console, users

    def own_session(self) -> int:
        return self.own

    def console_session(self) -> int:
        return self.console

    def session_string(self, session: int, info_class: int) -> str:
        name, domain, _ = self.users.get(session, ("", "", ""))
        return name if info_class == 5 else domain

    def account_sid(self, account: str) -> str:
        return next(sid for n, d, sid in self.users.values() if f"{d}\\{n}" == account)


class FakeFacts(Win32Facts):
    def __init__(self, upn: str | ProbeError = "jdoe@contoso.com", joined: bool = True) -> None:
        super().__init__({})
        self.upn, self.joined = upn, joined

    def user_name_ex(self, name_format: int) -> str:
        if name_format == 2:
            return "CONTOSO\\admin" if self.upn == "admin" else "CONTOSO\\jdoe"
        if isinstance(self.upn, ProbeError):
            raise self.upn
        return self.upn

    def timezone_name(self) -> str | None:
        return "W. Europe Standard Time"

    def uptime(self) -> timedelta:
        return timedelta(hours=2)

    def domain_joined(self) -> bool:
        return self.joined

    def dc_reachable(self) -> bool:
        return True

    def wireless_adapter_present(self) -> bool:
        raise ProbeError("unavailable", "GetAdaptersAddresses is not available on this system")


def host(
    token: TokenFacts | None, session: FakeSession, facts: FakeFacts | None = None, **kw: Any
) -> WindowsHost:
    run = kw.pop("run", FakeRun())
    tools = ToolRunner(run=run, exists=existing("whoami.exe", "dsregcmd.exe"), environ=ENVIRON)
    return WindowsHost(
        tools=tools, token=FakeToken(token), session=session, win32=facts or FakeFacts(),
        evtlog=None, environ=dict(ENVIRON), **kw,
    )  # fmt: skip


ME = FakeSession(own=1, console=1, users={1: ("jdoe", "CONTOSO", USER_SID)})


def test_plain_user_context_reads_its_own_hkcu() -> None:
    ctx = host(TokenFacts(USER_SID, False, "default"), ME).context()
    assert ctx.context == "user" and ctx.elevation_type == "default"
    assert ctx.user == "CONTOSO\\jdoe" and ctx.user_sid == USER_SID
    assert ctx.computer == "PC-0042" and ctx.timezone == "W. Europe Standard Time"
    assert ctx.target_user_sid is None
    assert "TokenElevation" in ctx.detection


def test_same_user_elevated_through_uac_keeps_hkcu() -> None:
    ctx = host(TokenFacts(USER_SID, True, "full"), ME).context()
    assert ctx.context == "elevated" and ctx.target_user_sid is None


def test_over_the_shoulder_admin_reads_the_session_users_hive_and_records_no_upn() -> None:
    h = host(TokenFacts(ADMIN_SID, True, "full"), ME, FakeFacts(upn="admin"))
    ctx = h.context()
    assert ctx.context == "elevated"
    assert (ctx.target_user, ctx.target_user_sid) == ("CONTOSO\\jdoe", USER_SID)
    with pytest.raises(ProbeError) as info:
        h.user_principal_name()
    assert info.value.kind == "not-found" and "run it unelevated" in info.value.message


def test_system_in_session_zero_reads_the_console_user() -> None:
    session = FakeSession(own=0, console=2, users={2: ("jdoe", "CONTOSO", USER_SID)})
    h = host(TokenFacts("S-1-5-18", True, "default"), session)
    ctx = h.context()
    assert ctx.context == "system" and ctx.target_user_sid == USER_SID
    with pytest.raises(ProbeError, match="SYSTEM"):
        h.user_principal_name()


def test_system_with_nobody_signed_in_has_no_target() -> None:
    session = FakeSession(own=0, console=NO_CONSOLE_SESSION, users={})
    ctx = host(TokenFacts("S-1-5-18", True, "default"), session).context()
    assert ctx.context == "system" and ctx.target_user_sid is None


def test_unreadable_token_falls_back_to_whoami_user() -> None:
    csv = b'"contoso\\jdoe","S-1-5-18"\r\n'
    run = FakeRun().script("whoami.exe", "/user", (0, csv, b""))
    ctx = host(None, ME, run=run).context()
    assert ctx.user_sid == "S-1-5-18" and ctx.context == "system"
    assert ctx.detection.startswith("whoami")


def test_upn_from_the_api_else_whoami_else_not_found() -> None:
    me = TokenFacts(USER_SID, False, "default")
    h = host(me, ME)
    h.context()
    assert h.user_principal_name() == "jdoe@contoso.com"
    run = FakeRun().script("whoami.exe", "/upn", (0, b"jdoe@contoso.com\r\n", b""))
    h = host(me, ME, FakeFacts(upn=ProbeError("unavailable", "no secur32")), run=run)
    assert h.user_principal_name() == "jdoe@contoso.com"
    run = FakeRun().script("whoami.exe", "/upn", (1, b"", b"ERROR: not a domain user"))
    h = host(me, ME, FakeFacts(upn=ProbeError("error", "x")), run=run)
    with pytest.raises(ProbeError) as info:
        h.user_principal_name()
    assert info.value.kind == "not-found"
    local = FakeFacts(upn=ProbeError("not-found", "this account has no user principal name"))
    with pytest.raises(ProbeError, match="no user principal name"):
        host(me, ME, local).user_principal_name()


def test_system_facts_name_their_sources_and_leave_unknowns_null() -> None:
    winreg = FakeWinreg()
    winreg.key(f"HKU\\{USER_SID}\\Volatile Environment").write_time = 133_774_000_000_000_000
    h = host(TokenFacts(USER_SID, False, "default"), ME, registry=RegistryReader(winreg))
    h.context()
    probe = h.system_facts(timeout=10)
    facts = probe.facts
    assert facts.last_boot is not None and facts.last_boot.tzinfo is not None
    assert facts.last_logon is not None and facts.last_logon.year == 2024
    assert facts.domain_controller_reachable is True
    assert facts.wireless_adapter_present is None
    assert probe.sources["wireless_adapter_present"].startswith("unknown:")
    assert "Volatile Environment" in probe.sources["last_logon"]


def test_not_domain_joined_dc_is_unknown_not_false() -> None:
    h = host(TokenFacts(USER_SID, False, "default"), ME, FakeFacts(joined=False))
    probe = h.system_facts(timeout=10)
    assert probe.facts.domain_controller_reachable is None
    assert "not joined" in probe.sources["domain_controller_reachable"]
    assert probe.facts.last_logon is None


def test_hung_dc_lookup_is_given_up_on() -> None:
    class SlowDc(FakeFacts):
        def dc_reachable(self) -> bool:
            import time

            time.sleep(2)
            return True

    h = host(TokenFacts(USER_SID, False, "default"), ME, SlowDc(), dc_timeout=0.1)
    probe = h.system_facts(timeout=10)
    assert probe.facts.domain_controller_reachable is None
    assert "did not answer" in probe.sources["domain_controller_reachable"]


# ------------------------------------------------------ the ctypes layer with fake DLLs


def test_session_api_with_fake_dlls() -> None:
    strings = {5: "jdoe", 7: "CONTOSO"}

    def query(server: int, session: int, info_class: int, buffer: Any, size: Any) -> int:
        out(buffer).value = strings[info_class]
        return 1

    def lookup(*args: Any) -> int:
        _system, _account, sid, sid_size, _domain, domain_size, _use = args
        if sid is None:
            out(sid_size).value, out(domain_size).value = 28, 8
            return 0
        return 1

    def convert(psid: Any, text: Any) -> int:
        out(text).value = USER_SID
        return 1

    kernel32 = SimpleNamespace(
        GetCurrentProcessId=lambda: 42,
        ProcessIdToSessionId=lambda pid, session: setattr(out(session), "value", 3) or 1,
        WTSGetActiveConsoleSessionId=lambda: 1,
        LocalFree=lambda p: 0,
    )
    wts = SimpleNamespace(WTSQuerySessionInformationW=query, WTSFreeMemory=lambda p: None)
    advapi = SimpleNamespace(LookupAccountNameW=lookup, ConvertSidToStringSidW=convert)
    api = SessionApi(kernel32, wts, advapi)
    assert session_user(api) == SessionUser(account="CONTOSO\\jdoe", sid=USER_SID)


def adapters_filler(types: list[int]) -> Any:
    def get(family: int, flags: int, reserved: Any, buffer: Any, size: Any) -> int:
        item = ctypes.sizeof(IP_ADAPTER_ADDRESSES)
        if out(size).value < item * len(types):
            out(size).value = item * len(types)
            return 111
        base = ctypes.addressof(buffer)
        for index, if_type in enumerate(types):
            entry = IP_ADAPTER_ADDRESSES.from_address(base + index * item)
            entry.IfType = if_type
            last = index == len(types) - 1
            entry.Next = (
                None
                if last
                else ctypes.pointer(IP_ADAPTER_ADDRESSES.from_address(base + (index + 1) * item))
            )
        return 0

    return get


def test_win32_facts_with_fake_dlls() -> None:
    def user_name(fmt: int, buffer: Any, size: Any) -> int:
        write_wide(buffer, "jdoe@contoso.com" if fmt == 8 else "CONTOSO\\jdoe")
        return 1

    def tz(info: Any) -> int:
        out(info).TimeZoneKeyName = "W. Europe Standard Time"
        return 0

    def tick() -> int:
        return 3_600_000

    def join_info(server: Any, name: Any, status: Any) -> int:
        out(status).value = 3
        return 0

    facts = Win32Facts(
        {
            "secur32": SimpleNamespace(GetUserNameExW=user_name),
            "kernel32": SimpleNamespace(GetDynamicTimeZoneInformation=tz, GetTickCount64=tick),
            "netapi32": SimpleNamespace(
                NetGetJoinInformation=join_info, NetApiBufferFree=lambda p: 0,
                DsGetDcNameW=lambda *a: 1355,
            ),
            "iphlpapi": SimpleNamespace(GetAdaptersAddresses=adapters_filler([6, 24, 71])),
        }
    )  # fmt: skip
    assert facts.user_name_ex(8) == "jdoe@contoso.com"
    assert facts.timezone_name() == "W. Europe Standard Time"
    assert facts.uptime() == timedelta(hours=1)
    assert facts.domain_joined() is True
    assert facts.dc_reachable() is False
    assert facts.wireless_adapter_present() is True
    facts._dlls["iphlpapi"] = SimpleNamespace(GetAdaptersAddresses=adapters_filler([6, 24]))
    assert facts.wireless_adapter_present() is False


def test_user_name_ex_without_a_upn_is_not_found() -> None:
    facts = Win32Facts({"secur32": SimpleNamespace(GetUserNameExW=lambda *a: 0)})
    with pytest.raises(ProbeError):
        facts.user_name_ex(8)
