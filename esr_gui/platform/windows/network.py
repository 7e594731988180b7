"""The network tests of this Windows device: which context runs where, and the SYSTEM side.

`live_plans` decides per context: the user's tests run in this process with the WinINet
route (unless we run as SYSTEM, which has no user session); SYSTEM's run here when we are
SYSTEM, through a temporary scheduled task when elevated, and are skipped (with the reason)
from a standard prompt. `system_probe` is what the task runs (`esr-diag net-probe`).
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path, PureWindowsPath

import esr_gui
from esr_gui.core.models.manifest import CaptureContext
from esr_gui.core.models.network import NetContext, NetworkResults, ScpRecord
from esr_gui.platform.host import ProbeError
from esr_gui.platform.netprobe import ProbeLimits, Prober, Route
from esr_gui.platform.netrun import ContextPlan, probe_all
from esr_gui.platform.windows.ldap_scp import SOURCE, Wldap32, read_scp
from esr_gui.platform.windows.netproxy import (
    INTERNET_SETTINGS,
    ProxyChoice,
    RawWinHttp,
    winhttp_choice,
    wininet_choice,
)
from esr_gui.platform.windows.process import ToolRunner
from esr_gui.platform.windows.registry import RegistryReader
from esr_gui.platform.windows.system_run import ENDPOINTS_FILE, RESULT_FILE, ScheduledSystemTests

DIAG_EXE = "esr-diag.exe"
NOT_ELEVATED = (
    "testing as SYSTEM needs an elevated prompt (run esr-diag as administrator, or start the "
    "app elevated); registration runs as SYSTEM, so its endpoints stay untested"
)
AS_SYSTEM = (
    "this process runs as SYSTEM, which has no user session: run the tests as the signed-in "
    "user for the sync endpoints"
)


def _plan(context: NetContext, choice: ProxyChoice) -> ContextPlan:
    return ContextPlan(context, route=choice.route, reason=choice.reason)


def program_and_code(
    frozen: bool | None = None, executable: str | None = None
) -> tuple[list[str], list[str]]:
    """How SYSTEM starts esr-diag, and the files whose code it would run.

    Frozen, the console `esr-diag.exe` beside this program (the GUI's own exe has no
    subcommands); from source, this interpreter with `-m esr_gui.cli`.
    """
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    exe = executable or sys.executable
    if frozen:
        diag = str(PureWindowsPath(exe).with_name(DIAG_EXE))
        return [diag], [diag]
    package = str(Path(esr_gui.__file__).resolve().parent)
    return [exe, "-m", "esr_gui.cli"], [exe, package]


def protected_roots(environ: Mapping[str, str]) -> list[str]:
    """Program Files (both) and the Windows folder: only administrators can change them."""
    names = ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432", "SystemRoot")
    return [environ[n] for n in names if environ.get(n)]


def live_plans(
    context: CaptureContext,
    *,
    target_user_sid: str | None = None,
    registry: RegistryReader | None = None,
    tools: ToolRunner | None = None,
    environ: Mapping[str, str] | None = None,
) -> list[ContextPlan]:
    """The SYSTEM plan then the user plan for a process running in `context`.

    Elevated over the shoulder of another signed-in user (`target_user_sid`), the user's
    tests take that user's proxy settings (`HKU\\<SID>`), not the administrator's.
    """
    env = dict(os.environ) if environ is None else dict(environ)
    if context == "system":
        return [_plan("system", winhttp_choice()), ContextPlan("user", reason=AS_SYSTEM)]
    path = INTERNET_SETTINGS
    if target_user_sid:
        path = "HKU\\" + target_user_sid + INTERNET_SETTINGS.removeprefix("HKCU")
    user = _plan("user", wininet_choice(registry or RegistryReader(), path))
    if context != "elevated":
        return [ContextPlan("system", reason=NOT_ELEVATED), user]
    program, code = program_and_code()
    root = Path(env.get("ProgramData") or env.get("PROGRAMDATA") or r"C:\ProgramData")
    runner = ScheduledSystemTests(
        tools=tools or ToolRunner(),
        program=program,
        code_paths=code,
        work_root=root / "esr-gui-network",
        elevated=True,
        protected_roots=protected_roots(env),
    )
    return [ContextPlan("system", system=runner), user]


def system_probe(
    folder: Path,
    prober: Prober | None = None,
    get_default: Callable[[], RawWinHttp] | None = None,
) -> NetworkResults:
    """What the SYSTEM task runs: test `endpoints.json`'s URLs, write `result.json`."""
    raw = json.loads((folder / ENDPOINTS_FILE).read_text("utf-8"))
    urls = [u for u in raw.get("urls", []) if isinstance(u, str)][:64]
    route = winhttp_choice(get_default).route or Route()
    results = NetworkResults()
    results.tests = probe_all(
        urls,
        "system",
        route,
        prober=prober or Prober(limits=ProbeLimits()),
        cancel=threading.Event(),
        progress=lambda done, total, text: None,
    )
    partial = folder / (RESULT_FILE + ".part")
    partial.write_text(results.model_dump_json(), "utf-8")
    partial.replace(folder / RESULT_FILE)
    return results


def ad_scp(timeout: float = 10.0) -> ScpRecord:
    """The SCP read from Active Directory now ("unknown" with the reason when AD cannot say)."""
    try:
        api = Wldap32(timeout)
    except ProbeError as exc:
        return ScpRecord(state="unknown", source=SOURCE, error=exc.message)
    return read_scp(api)
