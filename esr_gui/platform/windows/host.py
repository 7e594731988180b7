"""`WindowsHost`: the Host of a real Windows device, composed of small injectable readers."""

from __future__ import annotations

import os
import platform
import re
from datetime import datetime
from typing import Any

from esr_gui.core.data import ChannelSpec
from esr_gui.platform.host import (
    AadJoinInfo,
    ChannelData,
    ChannelQuery,
    Host,
    HostContext,
    ProbeError,
    SystemProbe,
)
from esr_gui.platform.windows import process
from esr_gui.platform.windows.aadjoin import AadJoinReader
from esr_gui.platform.windows.events import EvtReader
from esr_gui.platform.windows.process import ToolRunner
from esr_gui.platform.windows.registry import RegistryReader
from esr_gui.platform.windows.session import SessionApi, session_user
from esr_gui.platform.windows.sysinfo import NAME_SAM_COMPATIBLE, NAME_USER_PRINCIPAL, Win32Facts
from esr_gui.platform.windows.system_facts import collect_system_facts
from esr_gui.platform.windows.token import TokenFacts, TokenReader, classify, read_token_facts
from esr_gui.platform.windows.wevtutil import WevtutilReader

_DEFAULT: Any = object()
_SID_IN_CSV = re.compile(r'"(S-1-[0-9-]+)"\s*$')
DETECTION = "GetTokenInformation(TokenElevation, TokenElevationType, TokenUser)"


class WindowsHost(Host):
    """Probes this Windows device. Every OS entry point can be replaced for tests."""

    name = "windows"

    def __init__(
        self,
        *,
        tools: ToolRunner | None = None,
        token: TokenReader | None = None,
        session: SessionApi | None = None,
        aad: AadJoinReader | None = None,
        registry: RegistryReader | None = None,
        evtlog: Any = _DEFAULT,
        win32: Win32Facts | None = None,
        environ: dict[str, str] | None = None,
        dc_timeout: float = 10.0,
    ) -> None:
        self.tools = tools or ToolRunner()
        self.token = token or TokenReader()
        self._session = session
        self.aad = aad or AadJoinReader()
        self.registry = registry or RegistryReader()
        self.evtlog = EvtReader.load() if evtlog is _DEFAULT else evtlog
        self.win32 = win32 or Win32Facts()
        self.environ = dict(os.environ) if environ is None else environ
        self.dc_timeout = dc_timeout
        self.wevtutil = WevtutilReader(self.tools)
        self._context: HostContext | None = None

    def context(self) -> HostContext:
        """Context from the process token, the session's user, names and time zone."""
        facts, detection = self._token_facts()
        found = HostContext(
            context=classify(facts),
            elevation_type=facts.elevation_type,
            user=self._user_name(),
            user_sid=facts.sid,
            computer=self.environ.get("COMPUTERNAME") or platform.node() or None,
            timezone=self._timezone(),
            detection=detection,
        )
        found = self._with_target_user(found)
        self._context = found
        return found

    def _token_facts(self) -> tuple[TokenFacts, str]:
        """Token facts and how they were found; `whoami /user` when the token is unreadable."""
        facts = read_token_facts(self.token)
        if facts.sid is not None:
            return facts, DETECTION
        try:
            match = _SID_IN_CSV.search(process.whoami(self.tools, ["/user", "/fo", "csv", "/nh"]))
        except ProbeError:
            return facts, "unknown: the process token and whoami were both unreadable"
        sid = match.group(1) if match else None
        found = TokenFacts(sid=sid, elevated=facts.elevated, elevation_type=facts.elevation_type)
        return found, "whoami /user (the process token was unreadable; elevation unknown)"

    def _user_name(self) -> str | None:
        try:
            return self.win32.user_name_ex(NAME_SAM_COMPATIBLE)
        except ProbeError:
            name = self.environ.get("USERNAME")
            domain = self.environ.get("USERDOMAIN")
            return f"{domain}\\{name}" if name and domain else name

    def _timezone(self) -> str | None:
        try:
            return self.win32.timezone_name()
        except ProbeError:
            return None

    def _with_target_user(self, found: HostContext) -> HostContext:
        """Name the signed-in user whose hive to read when we run as another account."""
        try:
            user = session_user(self._session or SessionApi())
        except ProbeError as exc:
            note = f"the signed-in user could not be determined: {exc.message}"
            return found.model_copy(update={"notes": [*found.notes, note]})
        same_sid = (
            bool(found.user_sid)
            and user is not None
            and user.sid.lower() == str(found.user_sid).lower()
        )
        same_name = user is not None and user.account.lower() == (found.user or "").lower()
        if user is None or same_sid or (found.user_sid is None and same_name):
            return found
        return found.model_copy(update={"target_user": user.account, "target_user_sid": user.sid})

    def user_principal_name(self) -> str:
        """GetUserNameExW(NameUserPrincipal), else `whoami /upn`; only for the user's own run."""
        ctx = self._context
        if ctx is not None and ctx.context == "system":
            raise ProbeError("not-found", "running as SYSTEM: there is no user UPN to record")
        if ctx is not None and ctx.target_user_sid:
            raise ProbeError(
                "not-found",
                f"the capture runs as {ctx.user}, not as {ctx.target_user}: "
                "run it unelevated to record the user's UPN",
            )
        try:
            return self.win32.user_name_ex(NAME_USER_PRINCIPAL)
        except ProbeError as exc:
            if exc.kind == "not-found":
                raise
        try:
            return process.whoami(self.tools, ["/upn"]).splitlines()[0].strip()
        except ProbeError as exc:
            raise ProbeError("not-found", f"no user principal name ({exc.message})") from None

    def dsregcmd_status(self, *, timeout: float) -> bytes:
        """`%SystemRoot%\\System32\\dsregcmd.exe /status` stdout, raw."""
        return process.dsregcmd_status(self.tools, timeout)

    def aad_join_info(self) -> AadJoinInfo:
        """NetGetAadJoinInformation."""
        return self.aad.read()

    def export_registry_key(self, path: str, *, recursive: bool) -> bytes:
        """winreg → `.reg` bytes."""
        return self.registry.export(path, recursive=recursive)

    def query_channel(self, channel: ChannelSpec, query: ChannelQuery) -> ChannelData:
        """pywin32 when installed, else wevtutil.exe; an enabled debug channel is exported."""
        if self.evtlog is None:
            return self.wevtutil.query(channel, query)
        export = self.wevtutil.export if self.wevtutil.available() else None
        return EvtReader(self.evtlog, export=export).query(channel, query)

    def system_facts(self, *, timeout: float) -> SystemProbe:
        """Boot, logon, DC, wireless; each unknown fact stays None with the reason recorded."""
        ctx = self._context or HostContext()
        sid = ctx.target_user_sid or ctx.user_sid
        return collect_system_facts(
            self.win32, self.registry, sid, dc_timeout=min(self.dc_timeout, timeout), now=_now
        )


def _now() -> datetime:
    return datetime.now().astimezone()
