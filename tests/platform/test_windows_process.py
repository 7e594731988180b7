"""dsregcmd and whoami through an injected subprocess.run: recorded outputs and every failure."""

from __future__ import annotations

import subprocess

import pytest

from esr_gui.core.parse.dsregcmd import parse_dsregcmd
from esr_gui.platform.host import ProbeError
from esr_gui.platform.windows import process
from esr_gui.platform.windows.process import CREATE_NO_WINDOW, ToolRunner
from tests.conftest import DSREG_SAMPLES
from tests.platform.fakes import ENVIRON, FakeRun, existing, system32


def runner(run: FakeRun, *tools: str) -> ToolRunner:
    return ToolRunner(run=run, exists=existing(*tools), environ=ENVIRON)


@pytest.mark.parametrize("sample", DSREG_SAMPLES, ids=lambda p: p.name[:2])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_dsregcmd_bytes_are_kept_exactly_and_parse(sample, encoding: str) -> None:
    data = sample.read_text(encoding="utf-8").encode(encoding)
    run = FakeRun().script("dsregcmd.exe", "/status", (0, data, b""))
    got = process.dsregcmd_status(runner(run, "dsregcmd.exe"), timeout=60)
    assert got == data
    assert parse_dsregcmd(got, source="x").sections
    argv, kwargs = run.calls[0]
    assert argv == [system32("dsregcmd.exe"), "/status"]
    assert kwargs["creationflags"] == CREATE_NO_WINDOW
    assert kwargs["timeout"] == 60
    assert kwargs["capture_output"] is True
    assert kwargs["stdin"] == subprocess.DEVNULL


def test_dsregcmd_missing_is_not_found_with_the_agreed_sentence() -> None:
    run = FakeRun()
    with pytest.raises(ProbeError) as info:
        process.dsregcmd_status(runner(run), timeout=60)
    assert info.value.kind == "not-found"
    assert info.value.message == "dsregcmd.exe is not present on this system"
    assert run.calls == []


def test_dsregcmd_vanishing_between_check_and_start_is_not_found() -> None:
    run = FakeRun().script("dsregcmd.exe", "/status", FileNotFoundError(2, "gone"))
    with pytest.raises(ProbeError) as info:
        process.dsregcmd_status(runner(run, "dsregcmd.exe"), timeout=60)
    assert info.value.kind == "not-found"


def test_dsregcmd_timeout_is_reported_after_the_process_was_killed() -> None:
    expired = subprocess.TimeoutExpired(["dsregcmd.exe"], 5)
    run = FakeRun().script("dsregcmd.exe", "/status", expired)
    with pytest.raises(ProbeError) as info:
        process.dsregcmd_status(runner(run, "dsregcmd.exe"), timeout=5)
    assert info.value.kind == "timeout"
    assert "5 s" in info.value.message and "stopped" in info.value.message


def test_dsregcmd_non_zero_exit_names_the_code_and_first_stderr_line() -> None:
    err = "\r\n  Le paramètre est incorrect.\r\nmore\r\n".encode("utf-16")
    run = FakeRun().script("dsregcmd.exe", "/status", (87, b"", err))
    with pytest.raises(ProbeError) as info:
        process.dsregcmd_status(runner(run, "dsregcmd.exe"), timeout=60)
    assert info.value.kind == "exit-code"
    assert info.value.code == 87
    assert (
        info.value.message
        == "dsregcmd /status ended with exit code 87: Le paramètre est incorrect."
    )


@pytest.mark.parametrize(
    ("error", "kind"),
    [(PermissionError(5, "denied"), "access-denied"), (OSError(193, "bad exe"), "error")],
)
def test_start_failures_become_probe_errors(error: OSError, kind: str) -> None:
    run = FakeRun().script("dsregcmd.exe", "/status", error)
    with pytest.raises(ProbeError) as info:
        process.dsregcmd_status(runner(run, "dsregcmd.exe"), timeout=60)
    assert info.value.kind == kind


def test_tool_path_uses_systemroot_never_path() -> None:
    tools = ToolRunner(environ={"SystemRoot": "D:\\WIN", "PATH": "C:\\evil"})
    assert tools.tool_path("wevtutil.exe") == "D:\\WIN\\System32\\wevtutil.exe"
    assert ToolRunner(environ={}).tool_path("whoami.exe") == "C:\\Windows\\System32\\whoami.exe"


def test_whoami_decodes_oem_output_and_maps_refusal() -> None:
    run = FakeRun().script("whoami.exe", "/upn", (0, b"jdoe@contoso.com\r\n", b""))
    assert process.whoami(runner(run, "whoami.exe"), ["/upn"]) == "jdoe@contoso.com"
    refusal = (1, b"", b"ERROR: Unable to get User Principal Name (UPN)\r\n")
    run = FakeRun().script("whoami.exe", "/upn", refusal)
    with pytest.raises(ProbeError) as info:
        process.whoami(runner(run, "whoami.exe"), ["/upn"])
    assert info.value.kind == "exit-code" and "Unable to get" in info.value.message
