"""Elevation through ShellExecuteExW (injected), and the command steps that use it."""

from __future__ import annotations

import ctypes
import subprocess
from collections.abc import Sequence

import pytest

from esr_gui.core.remedy.steps import CommandStep, system32
from esr_gui.platform.remedies.elevate import (
    SEE_MASK_FLAG_NO_UI,
    SEE_MASK_NOASYNC,
    SEE_MASK_NOCLOSEPROCESS,
    SHELLEXECUTEINFOW,
    SW_HIDE,
    WAIT_TIMEOUT,
    ElevatedOutcome,
    run_elevated,
)
from esr_gui.platform.remedies.executor import StepContext, run_command
from esr_gui.platform.remedies.runner import CommandRunner
from tests.platform.test_remedies_support import SYSTEM_DIR, FakeSession, FakeShellApi, ScriptedRun

DSREGCMD = f"{SYSTEM_DIR}\\dsregcmd.exe"
TASK = "\\Microsoft\\Windows\\Workplace Join\\Automatic-Device-Join"


def test_success_with_exit_code_zero() -> None:
    api = FakeShellApi(code=0)
    outcome = run_elevated(DSREGCMD, ["/leave"], api, timeout_seconds=30)
    assert outcome.status == "exited" and outcome.exit_code == 0
    (call,) = api.calls
    assert call["verb"] == "runas" and call["file"] == DSREGCMD and call["parameters"] == "/leave"
    assert call["fMask"] == SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC | SEE_MASK_FLAG_NO_UI
    assert call["show"] == SW_HIDE and call["cbSize"] == ctypes.sizeof(SHELLEXECUTEINFOW)
    assert api.waited == [(4242, 30_000)] and api.closed == [4242]


def test_arguments_are_joined_with_list2cmdline() -> None:
    api = FakeShellApi()
    run_elevated("C:\\Windows\\System32\\schtasks.exe", ["/run", "/tn", TASK], api)
    assert api.calls[0]["parameters"] == subprocess.list2cmdline(["/run", "/tn", TASK])
    assert api.calls[0]["parameters"] == f'/run /tn "{TASK}"'


def test_a_non_zero_exit_code_is_reported() -> None:
    api = FakeShellApi(code=5)
    outcome = run_elevated(DSREGCMD, ["/leave"], api)
    assert outcome.status == "exited" and outcome.exit_code == 5 and api.closed == [4242]


def test_declined_uac_prompt_is_a_calm_cancel() -> None:
    api = FakeShellApi(error=1223)
    outcome = run_elevated(DSREGCMD, ["/leave"], api)
    assert outcome.status == "cancelled" and outcome.error == 1223
    assert "declined" in outcome.message and "nothing was changed" in outcome.message
    assert not api.waited and not api.closed


def test_program_not_found() -> None:
    outcome = run_elevated(DSREGCMD, ["/leave"], FakeShellApi(error=2))
    assert outcome.status == "not-found" and DSREGCMD in outcome.message


def test_other_launch_errors_and_missing_handle() -> None:
    assert run_elevated(DSREGCMD, [], FakeShellApi(error=5)).status == "failed"
    assert run_elevated(DSREGCMD, [], FakeShellApi(no_process=True)).status == "failed"


def test_a_timeout_leaves_the_process_and_closes_the_handle() -> None:
    api = FakeShellApi(wait_result=WAIT_TIMEOUT)
    outcome = run_elevated(DSREGCMD, ["/leave"], api, timeout_seconds=1)
    assert outcome.status == "timed-out" and api.closed == [4242]


def context(run: ScriptedRun, api: FakeShellApi, *, elevated: bool = False) -> StepContext:
    session = FakeSession(elevated=elevated)
    runner = CommandRunner(session.system_dir, run=run, windows=True)

    def elevate(exe: str, args: Sequence[str], timeout: int) -> ElevatedOutcome:
        return run_elevated(exe, args, api, timeout_seconds=timeout)

    return StepContext(runner, elevate, session, elevated)


LEAVE = CommandStep(
    purpose="Leave.", program=system32("dsregcmd.exe"), args=("/leave",), elevation="required"
)
JOIN_TASK = CommandStep(
    purpose="Start the task.",
    program=system32("schtasks.exe"),
    args=("/run", "/tn", TASK),
    elevation="if-denied",
)


@pytest.mark.parametrize(
    ("api", "status", "words"),
    [
        (FakeShellApi(code=0), "ok", ""),
        (FakeShellApi(code=1), "failed", "exit code 1"),
        (FakeShellApi(error=1223), "cancelled", "declined"),
        (FakeShellApi(error=2), "failed", "could not find"),
    ],
)
def test_required_elevation_goes_through_runas(api: FakeShellApi, status: str, words: str) -> None:
    run = ScriptedRun()
    outcome = run_command(LEAVE, context(run, api))
    assert outcome.status == status and words in outcome.message and outcome.elevated
    assert not run.calls and api.calls[0]["file"] == DSREGCMD


def test_an_elevated_tool_runs_it_directly() -> None:
    run, api = ScriptedRun(), FakeShellApi()
    outcome = run_command(LEAVE, context(run, api, elevated=True))
    assert outcome.status == "ok" and outcome.elevated and not api.calls
    argv, kwargs = run.calls[0]
    assert argv == [DSREGCMD, "/leave"] and kwargs["shell"] is False
    assert kwargs["creationflags"] == 0x08000000 and kwargs["timeout"] == LEAVE.timeout_seconds


def test_the_task_runs_unelevated_first() -> None:
    run, api = ScriptedRun(), FakeShellApi()
    outcome = run_command(JOIN_TASK, context(run, api))
    assert outcome.status == "ok" and not outcome.elevated and not api.calls
    assert run.calls[0][0] == [f"{SYSTEM_DIR}\\schtasks.exe", "/run", "/tn", TASK]


@pytest.mark.parametrize(
    "output", [b"ERROR: Access is denied.\r\n", b"FEHLER: Zugriff verweigert\r\n"]
)
def test_the_task_is_elevated_when_denied(output: bytes) -> None:
    run, api = ScriptedRun({"schtasks.exe": (1, output)}), FakeShellApi(code=0)
    outcome = run_command(JOIN_TASK, context(run, api))
    assert outcome.status == "ok" and outcome.elevated
    assert "run again as administrator" in outcome.message
    assert api.calls[0]["parameters"] == f'/run /tn "{TASK}"'


def test_the_task_fails_plainly_when_not_denied() -> None:
    run = ScriptedRun(
        {"schtasks.exe": (1, b"ERROR: The system cannot find the file specified.\r\n")}
    )
    api = FakeShellApi()
    outcome = run_command(JOIN_TASK, context(run, api))
    assert (
        outcome.status == "failed" and "cannot find the file" in outcome.message and not api.calls
    )


def test_declining_the_retry_is_a_cancel() -> None:
    run = ScriptedRun({"schtasks.exe": (5, b"")})
    outcome = run_command(JOIN_TASK, context(run, FakeShellApi(error=1223)))
    assert outcome.status == "cancelled"


def test_a_timeout_or_missing_program_is_an_outcome() -> None:
    step = CommandStep(purpose="x", program=system32("wevtutil.exe"), args=("sl", "x"))
    timed = ScriptedRun({"wevtutil.exe": subprocess.TimeoutExpired(["wevtutil"], 5)})
    assert "did not finish" in run_command(step, context(timed, FakeShellApi())).message
    missing = ScriptedRun({"wevtutil.exe": FileNotFoundError(2, "nope")})
    assert "could not find" in run_command(step, context(missing, FakeShellApi())).message
