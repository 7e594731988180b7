"""Proxy discovery, the SYSTEM run through a temporary task, and the task's own probe."""

from __future__ import annotations

import ctypes
import json
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from esr_gui.core.models.network import NetworkResults, NetworkTest
from esr_gui.core.network.endpoints import Endpoint
from esr_gui.platform.host import ProbeError
from esr_gui.platform.netprobe import ProbeCancelledError, ProbeLimits, Prober, Route
from esr_gui.platform.netrun import ContextPlan, run_network_tests
from esr_gui.platform.windows.netproxy import (
    INTERNET_SETTINGS,
    pac_proxy_for,
    parse_proxy_list,
    winhttp_choice,
    wininet_choice,
)
from esr_gui.platform.windows.network import (
    NOT_ELEVATED,
    live_plans,
    program_and_code,
    system_probe,
)
from esr_gui.platform.windows.process import ToolRunner
from esr_gui.platform.windows.registry import RegistryReader
from esr_gui.platform.windows.system_run import RESULT_FILE, ScheduledSystemTests
from tests.platform.fakes import ENVIRON, FakeRun, FakeWinreg, existing
from tests.platform.net_servers import refused_port

REG_SZ, REG_DWORD = 1, 4
PROTECTED = [r"C:\Program Files", r"C:\Windows"]
EXE = r"C:\Program Files\ESR Troubleshooter\esr-diag.exe"
URLS = ["https://enterpriseregistration.windows.net/", "https://login.microsoftonline.com/"]


@pytest.mark.parametrize(
    ("value", "proxy"),
    [
        ("proxy.contoso.com:8080", "proxy.contoso.com:8080"),
        ("http=h1:80;https=h2:8443;ftp=h3:21", "h2:8443"),
        ("http=h1:3128", "h1:3128"),
        ("http://proxy:3128/", "proxy:3128"),
        ("proxy", "proxy:80"),
        ("", None),
    ],
)
def test_proxy_server_values(value: str, proxy: str | None) -> None:
    assert parse_proxy_list(value) == proxy


def _reader(**values: tuple[Any, int]) -> RegistryReader:
    winreg = FakeWinreg()
    node = winreg.key(INTERNET_SETTINGS)
    node.values = [(name, data, kind) for name, (data, kind) in values.items()]
    return RegistryReader(winreg)


def test_wininet_proxy_enabled_with_bypass() -> None:
    reader = _reader(
        ProxyEnable=(1, REG_DWORD),
        ProxyServer=("proxy:8080", REG_SZ),
        ProxyOverride=("*.contoso.com;<local>", REG_SZ),
    )
    route = wininet_choice(reader).route
    assert route == Route("wininet-proxy", "proxy:8080", ("*.contoso.com", "<local>"))


def test_wininet_proxy_disabled_is_direct() -> None:
    reader = _reader(ProxyEnable=(0, REG_DWORD), ProxyServer=("proxy:8080", REG_SZ))
    assert wininet_choice(reader).route == Route()


def test_a_pac_file_is_asked_per_url_not_guessed() -> None:
    reader = _reader(
        AutoConfigURL=("http://wpad/proxy.pac", REG_SZ),
        ProxyEnable=(1, REG_DWORD),
        ProxyServer=("manual:8080", REG_SZ),
    )
    asked: list[str] = []

    def picker(pac: str) -> Any:
        asked.append(pac)
        return lambda url: "pacproxy:3128"

    route = wininet_choice(reader, pac_picker=picker).route
    assert route is not None and route.label() == "pac http://wpad/proxy.pac"
    assert asked == ["http://wpad/proxy.pac"]
    concrete = route.resolve("https://login.microsoftonline.com/", "login.microsoftonline.com")
    assert concrete.proxy == "pacproxy:3128" and concrete.label() == "pac http://wpad/proxy.pac"


def _winhttp(access: int, proxy: str | None, ok: bool = True) -> tuple[Any, Any, list[str]]:
    calls: list[str] = []
    kept: list[Any] = []

    def record(text: str, value: Any) -> Any:
        calls.append(text)
        return value

    def get(session: Any, url: str, options: Any, info: Any) -> int:
        calls.append(f"get {url} via {options._obj.lpszAutoConfigUrl}")
        if not ok:
            return 0
        info._obj.dwAccessType = access
        if proxy is not None:
            buffer = ctypes.create_unicode_buffer(proxy)
            kept.append(buffer)
            info._obj.lpszProxy = ctypes.cast(buffer, ctypes.c_void_p).value
        return 1

    winhttp = SimpleNamespace(
        WinHttpOpen=lambda *a: record("open", 42),
        WinHttpSetTimeouts=lambda *a: 1,
        WinHttpGetProxyForUrl=get,
        WinHttpCloseHandle=lambda h: record("close", 1),
    )
    kernel32 = SimpleNamespace(GlobalFree=lambda ptr: record("free", None))
    return winhttp, kernel32, calls


def test_winhttp_answers_for_a_pac_file() -> None:
    winhttp, kernel32, calls = _winhttp(3, "pacproxy:3128; backup:3128")
    url, pac = "https://login.microsoftonline.com/", "http://wpad/proxy.pac"
    assert pac_proxy_for(url, pac, winhttp, kernel32) == "pacproxy:3128"
    assert calls == ["open", f"get {url} via {pac}", "free", "close"]


def test_a_pac_saying_direct_and_a_pac_that_fails() -> None:
    winhttp, kernel32, _ = _winhttp(1, None)
    assert pac_proxy_for("https://x/", "http://wpad/p.pac", winhttp, kernel32) is None
    winhttp, kernel32, calls = _winhttp(3, "p:1", ok=False)
    with pytest.raises(ProbeError):
        pac_proxy_for("https://x/", "http://wpad/p.pac", winhttp, kernel32)
    assert calls[-1] == "close"


def test_winhttp_named_proxy_and_direct() -> None:
    named = winhttp_choice(lambda: (3, "http=wp:8080", "*.windows.net"))
    assert named.route == Route("winhttp-proxy", "wp:8080", ("*.windows.net",))
    assert winhttp_choice(lambda: (1, None, None)).route == Route()


def _runner(tmp_path: Path, run: FakeRun, **more: Any) -> ScheduledSystemTests:
    tools = ToolRunner(run=run, exists=existing("schtasks.exe", "icacls.exe"), environ=ENVIRON)
    options: dict[str, Any] = {
        "tools": tools,
        "program": [EXE],
        "code_paths": [EXE],
        "work_root": tmp_path / "root",
        "elevated": True,
        "protected_roots": PROTECTED,
        "sleep": lambda s: None,
        "new_id": lambda: "abc",
    }
    options.update(more)
    return ScheduledSystemTests(**options)


def _system_result(folder: Path) -> None:
    test = NetworkTest(url=URLS[0], context="system", route="direct", result="ok")
    (folder / RESULT_FILE).write_text(NetworkResults(tests=[test]).model_dump_json())


def _fake_tasks(tmp_path: Path, *, writes: bool = True) -> FakeRun:
    run = FakeRun()
    folder = tmp_path / "root" / "abc"
    run.script("icacls.exe", str(tmp_path / "root"), (0, b"", b""))
    run.script("icacls.exe", str(folder), (0, b"", b""))
    run.script("schtasks.exe", "/create", (0, b"SUCCESS", b""))
    run.script("schtasks.exe", "/delete", (0, b"SUCCESS", b""))

    def start(argv: list[str], kwargs: dict[str, Any]) -> tuple[int, bytes, bytes]:
        if writes:
            _system_result(folder)
        return (0, b"SUCCESS", b"")

    run.script("schtasks.exe", "/run", start)
    return run


def _verbs(run: FakeRun) -> list[str]:
    return [f"{argv[0].rsplit(chr(92), 1)[-1]} {argv[1]}" for argv, _ in run.calls]


def test_the_system_run_creates_runs_reads_and_deletes_its_task(tmp_path: Path) -> None:
    run = _fake_tasks(tmp_path)
    tests = _runner(tmp_path, run).run(URLS, threading.Event(), lambda *a: None)
    assert [t.context for t in tests] == ["system"]
    assert _verbs(run) == [
        f"icacls.exe {tmp_path / 'root'}",
        f"icacls.exe {tmp_path / 'root' / 'abc'}",
        "schtasks.exe /create",
        "schtasks.exe /run",
        "schtasks.exe /delete",
    ]
    create = run.calls[2][0]
    assert create[create.index("/ru") + 1] == "SYSTEM"
    assert create[create.index("/tn") + 1] == "esr-gui-network-abc"
    command = create[create.index("/tr") + 1]
    assert command.startswith(f'"{EXE}" net-probe --folder ')
    assert "*S-1-5-18:(OI)(CI)F" in run.calls[1][0] and "/inheritance:r" in run.calls[1][0]
    assert not (tmp_path / "root" / "abc").exists()


def test_no_result_in_time_is_a_timeout_and_the_task_is_still_deleted(tmp_path: Path) -> None:
    run = _fake_tasks(tmp_path, writes=False)
    ticks = iter(range(0, 1000, 10))
    runner = _runner(tmp_path, run, timeout=30.0, clock=lambda: float(next(ticks)))
    with pytest.raises(ProbeError) as caught:
        runner.run(URLS, threading.Event(), lambda *a: None)
    assert caught.value.kind == "timeout"
    assert _verbs(run)[-1] == "schtasks.exe /delete"
    assert not (tmp_path / "root" / "abc").exists()


def test_cancel_while_waiting_deletes_the_task(tmp_path: Path) -> None:
    run = _fake_tasks(tmp_path, writes=False)
    cancel = threading.Event()
    runner = _runner(tmp_path, run, sleep=lambda s: cancel.set())
    with pytest.raises(ProbeCancelledError):
        runner.run(URLS, cancel, lambda *a: None)
    assert _verbs(run)[-1] == "schtasks.exe /delete"


def test_not_elevated_never_touches_schtasks(tmp_path: Path) -> None:
    run = FakeRun()
    with pytest.raises(ProbeError) as caught:
        _runner(tmp_path, run, elevated=False).run(URLS, threading.Event(), lambda *a: None)
    assert caught.value.kind == "access-denied" and run.calls == []


def test_a_program_outside_program_files_is_refused(tmp_path: Path) -> None:
    exe = r"C:\Users\jdoe\Downloads\esr-diag.exe"
    run = FakeRun()
    runner = _runner(tmp_path, run, program=[exe], code_paths=[exe])
    with pytest.raises(ProbeError) as caught:
        runner.run(URLS, threading.Event(), lambda *a: None)
    assert "Downloads" in caught.value.message and "Program Files" in caught.value.message
    assert run.calls == []


def test_a_failed_create_is_reported_and_cleans_up(tmp_path: Path) -> None:
    run = _fake_tasks(tmp_path)
    run.script("schtasks.exe", "/create", (1, b"", b"ERROR: Access is denied."))
    with pytest.raises(ProbeError) as caught:
        _runner(tmp_path, run).run(URLS, threading.Event(), lambda *a: None)
    assert "Access is denied" in caught.value.message
    assert not (tmp_path / "root" / "abc").exists()


def test_plans_from_a_standard_prompt_skip_system_with_the_reason() -> None:
    plans = live_plans("user", registry=_reader())
    assert plans[0] == ContextPlan("system", reason=NOT_ELEVATED)
    assert plans[1].context == "user" and plans[1].route == Route()


def test_plans_when_elevated_use_the_scheduled_task() -> None:
    env = {**ENVIRON, "ProgramFiles": r"C:\Program Files", "ProgramData": r"C:\ProgramData"}
    plans = live_plans("elevated", registry=_reader(), environ=env)
    assert isinstance(plans[0].system, ScheduledSystemTests)
    assert str(plans[0].system.work_root).endswith("esr-gui-network")


def test_a_skipped_context_and_a_cancel_are_recorded_not_hidden() -> None:
    endpoints = [Endpoint(URLS[0], "registration", "documented")]
    cancel = threading.Event()
    cancel.set()
    plans = [ContextPlan("system", reason=NOT_ELEVATED), ContextPlan("user", route=Route())]
    results = run_network_tests(endpoints, plans, cancel=cancel)
    assert results.tests == []
    assert [(s.context, s.reason) for s in results.skipped] == [
        ("system", NOT_ELEVATED),
        ("user", "the technician cancelled the tests"),
    ]


def test_the_task_side_probe_writes_its_result(tmp_path: Path) -> None:
    url = f"https://127.0.0.1:{refused_port()}/"
    (tmp_path / "endpoints.json").write_text(json.dumps({"urls": [url, 7]}))
    prober = Prober(limits=ProbeLimits(step=1.0))
    system_probe(tmp_path, prober, get_default=lambda: (1, None, None))
    written = NetworkResults.model_validate_json((tmp_path / RESULT_FILE).read_text())
    assert [(t.context, t.result, t.route) for t in written.tests] == [("system", "tcp", "direct")]


def test_the_frozen_gui_hands_the_task_the_console_exe() -> None:
    gui = r"C:\Program Files\ESR Troubleshooter\esr-gui.exe"
    program, code = program_and_code(frozen=True, executable=gui)
    assert program == code == [r"C:\Program Files\ESR Troubleshooter\esr-diag.exe"]
    program, code = program_and_code(frozen=False, executable=r"C:\Python\python.exe")
    assert program == [r"C:\Python\python.exe", "-m", "esr_gui.cli"]
    assert code[0] == r"C:\Python\python.exe" and code[1].endswith("esr_gui")


def test_elevated_for_another_user_reads_that_users_proxy() -> None:
    sid = "S-1-5-21-1-2-3-1001"
    winreg = FakeWinreg()
    user_key = winreg.key("HKU\\" + sid + INTERNET_SETTINGS.removeprefix("HKCU"))
    user_key.values = [("ProxyEnable", 1, REG_DWORD), ("ProxyServer", "userproxy:3128", REG_SZ)]
    admin_key = winreg.key(INTERNET_SETTINGS)
    admin_key.values = [("ProxyEnable", 0, REG_DWORD)]
    env = {**ENVIRON, "ProgramFiles": r"C:\Program Files", "ProgramData": r"C:\ProgramData"}
    plans = live_plans(
        "elevated", target_user_sid=sid, registry=RegistryReader(winreg), environ=env
    )
    assert plans[1].route == Route("wininet-proxy", "userproxy:3128")
