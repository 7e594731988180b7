"""Test the endpoints as SYSTEM the way DSRegTool does: through a temporary scheduled task.

DSRegTool (Azure-Samples/DSRegTool, `RunPScript`, L1746) registers a one-off task that runs as
`NT AUTHORITY\\SYSTEM`, starts it, waits, reads what it wrote and deletes it. We do the same
with our own program (`esr-diag net-probe --folder F`, a hidden subcommand):

1. only from an elevated prompt (creating a SYSTEM task needs administrator rights);
2. only when the program lives under Program Files or the Windows folder: a task that runs
   as SYSTEM a file that a standard user can replace would hand them SYSTEM;
3. the exchange folder under `%ProgramData%\\esr-gui-network` is locked to SYSTEM and
   Administrators (`icacls /inheritance:r`, well-known SIDs, so any language works) before
   anything is written in it;
4. `schtasks /create /ru SYSTEM /sc ONCE`, `/run`, wait for `result.json` (bounded, and
   cancellable), then always `schtasks /delete /f` and remove the folder.
"""

from __future__ import annotations

import contextlib
import json
import ntpath
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from esr_gui.core.models.network import NetworkResults, NetworkTest
from esr_gui.platform.host import ProbeError
from esr_gui.platform.netprobe import ProbeCancelledError
from esr_gui.platform.netrun import Progress
from esr_gui.platform.windows.process import ToolRunner, first_line

TASK_PREFIX = "esr-gui-network-"
GRANTS = ("*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F")  # SYSTEM, Administrators
ENDPOINTS_FILE = "endpoints.json"
RESULT_FILE = "result.json"
MAX_TASK_COMMAND = 261  # schtasks /tr limit
MAX_RESULT_BYTES = 1024 * 1024


def quote(part: str) -> str:
    """One argument for a Windows command line."""
    return f'"{part}"' if " " in part or not part else part


def is_protected(path: str, roots: Sequence[str]) -> bool:
    """Whether `path` lies under one of `roots` (case-insensitive, Windows separators)."""
    wanted = ntpath.normcase(ntpath.normpath(path))
    for root in roots:
        if root and wanted.startswith(ntpath.normcase(ntpath.normpath(root)) + "\\"):
            return True
    return False


@dataclass
class ScheduledSystemTests:
    """Runs `program net-probe` as SYSTEM through a temporary task (see the module text).

    `code_paths` are the files and folders whose code SYSTEM would run (the frozen exe, or
    the interpreter and the esr_gui package): each must lie under `protected_roots`.
    """

    tools: ToolRunner
    program: Sequence[str]
    code_paths: Sequence[str]
    work_root: Path
    elevated: bool
    protected_roots: Sequence[str]
    timeout: float = 180.0
    poll: float = 0.5
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    new_id: Callable[[], str] = field(default=lambda: uuid.uuid4().hex)

    def run(
        self, urls: Sequence[str], cancel: threading.Event, progress: Progress
    ) -> list[NetworkTest]:
        """The SYSTEM tests; ProbeError when they cannot run, ProbeCancelledError on cancel."""
        self._preflight()
        run_id = self.new_id()
        folder = self.work_root / run_id
        task = TASK_PREFIX + run_id
        command = self._command(folder)
        self._prepare_root()
        folder.mkdir()
        try:
            self._icacls(folder)
            (folder / ENDPOINTS_FILE).write_text(json.dumps({"urls": list(urls)}), "utf-8")
            progress(0, len(urls), "system: starting a temporary task as SYSTEM")
            self._schtasks(
                "/create",
                "/tn",
                task,
                "/tr",
                command,
                "/sc",
                "ONCE",
                "/st",
                "00:00",
                "/ru",
                "SYSTEM",
                "/rl",
                "HIGHEST",
                "/f",
            )
            try:
                self._schtasks("/run", "/tn", task)
                raw = self._wait(folder / RESULT_FILE, cancel, progress, len(urls))
            finally:
                self._delete(task)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return _system_tests(raw)

    def _preflight(self) -> None:
        if not self.elevated:
            raise ProbeError(
                "access-denied",
                "testing as SYSTEM needs an elevated prompt (it runs through a temporary "
                "scheduled task, which only an administrator may create)",
            )
        unsafe = [p for p in self.code_paths if not is_protected(p, self.protected_roots)]
        if unsafe:
            raise ProbeError(
                "unavailable",
                f"esr-diag runs from {unsafe[0]}, a folder standard users may be able to "
                "change; running it as SYSTEM from there could hand them SYSTEM. Install "
                "ESR Troubleshooter under Program Files to test as SYSTEM",
            )

    def _command(self, folder: Path) -> str:
        parts = [*self.program, "net-probe", "--folder", str(folder)]
        command = " ".join(quote(p) for p in parts)
        if len(command) > MAX_TASK_COMMAND:
            raise ProbeError("error", "the SYSTEM task's command line would be too long")
        return command

    def _prepare_root(self) -> None:
        """Create the exchange root and lock it, so nobody else can swap a folder inside."""
        self.work_root.mkdir(parents=True, exist_ok=True)
        self._icacls(self.work_root)

    def _icacls(self, path: Path) -> None:
        done = self.tools.start(
            "icacls.exe", [str(path), "/inheritance:r", "/grant:r", *GRANTS], timeout=30
        )
        if done.returncode != 0:
            raise ProbeError("access-denied", f"could not restrict {path} ({_said(done)})")

    def _schtasks(self, *args: str) -> None:
        done = self.tools.start("schtasks.exe", list(args), timeout=30)
        if done.returncode != 0:
            raise ProbeError(
                "exit-code", f"schtasks {args[0]} failed ({_said(done)})", code=done.returncode
            )

    def _delete(self, task: str) -> None:
        # The run's own result counts; a leftover task is named esr-gui-network-*.
        with contextlib.suppress(ProbeError):
            self._schtasks("/delete", "/tn", task, "/f")

    def _wait(self, result: Path, cancel: threading.Event, progress: Progress, total: int) -> bytes:
        deadline = self.clock() + self.timeout
        while self.clock() < deadline:
            if cancel.is_set():
                raise ProbeCancelledError()
            if result.is_file():
                if result.stat().st_size > MAX_RESULT_BYTES:
                    raise ProbeError("error", "the SYSTEM task wrote an oversized result")
                return result.read_bytes()
            progress(0, total, "system: waiting for the SYSTEM task")
            self.sleep(self.poll)
        raise ProbeError("timeout", f"the SYSTEM task wrote no result within {self.timeout:g} s")


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    return first_line(done.stderr) or first_line(done.stdout) or f"exit code {done.returncode}"


def _system_tests(raw: bytes) -> list[NetworkTest]:
    try:
        results = NetworkResults.model_validate_json(raw)
    except ValidationError as exc:
        raise ProbeError(
            "error", f"the SYSTEM task's result is not usable ({exc.errors()[0]['msg']})"
        ) from None
    return [t for t in results.tests if t.context == "system"]
