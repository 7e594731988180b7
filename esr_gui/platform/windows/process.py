"""Running the Windows tools a capture needs: by absolute System32 path, no window, time-limited.

`ToolRunner.run` is `subprocess.run` unless a test injects a fake; nothing ever goes through
cmd.exe, and only a fixed list of tools with fixed arguments is run.
"""

from __future__ import annotations

import ntpath
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from esr_gui.core.decoding import decode_text
from esr_gui.platform.host import ProbeError

CREATE_NO_WINDOW = 0x08000000
ProcessRunner = Callable[..., "subprocess.CompletedProcess[bytes]"]


def _default_environ() -> Mapping[str, str]:
    return os.environ


@dataclass
class ToolRunner:
    """Starts `%SystemRoot%\\System32\\<tool>` and maps every way that can fail to ProbeError."""

    run: ProcessRunner = subprocess.run
    exists: Callable[[str], bool] = os.path.isfile
    environ: Mapping[str, str] = field(default_factory=_default_environ)

    def tool_path(self, name: str) -> str:
        """Absolute path of a System32 tool (never a PATH lookup)."""
        root = self.environ.get("SystemRoot") or self.environ.get("windir") or "C:\\Windows"
        return ntpath.join(root, "System32", name)

    def available(self, name: str) -> bool:
        """True when the tool exists in System32."""
        return self.exists(self.tool_path(name))

    def start(
        self, name: str, args: Sequence[str], *, timeout: float
    ) -> subprocess.CompletedProcess[bytes]:
        """Run the tool and return its result whatever the exit code; ProbeError if it cannot run.

        On timeout `subprocess.run` kills the process before this raises.
        """
        path = self.tool_path(name)
        if not self.exists(path):
            raise ProbeError("not-found", f"{name} is not present on this system")
        options: dict[str, Any] = {
            "capture_output": True,
            "stdin": subprocess.DEVNULL,
            "timeout": timeout,
            "check": False,
            "creationflags": CREATE_NO_WINDOW,
        }
        try:
            return self.run([path, *args], **options)
        except subprocess.TimeoutExpired:
            raise ProbeError(
                "timeout", f"{name} did not finish within {timeout:g} s and was stopped"
            ) from None
        except FileNotFoundError:
            raise ProbeError("not-found", f"{name} is not present on this system") from None
        except PermissionError:
            raise ProbeError("access-denied", f"Windows refused to start {name}") from None
        except OSError as exc:
            raise ProbeError("error", f"{name} could not be started ({exc})") from None


def first_line(data: bytes) -> str:
    """The first non-empty line of a tool's output, decoded as Windows wrote it."""
    for line in decode_text(data or b"").splitlines():
        if line.strip():
            return line.strip()
    return ""


def exit_code_error(tool: str, done: subprocess.CompletedProcess[bytes]) -> ProbeError:
    """ProbeError exit-code for a tool that ended with a non-zero exit code (an HRESULT such
    as 0x801C0021 is shown in hex, as Microsoft's documents list it, not as 2149318689)."""
    detail = first_line(done.stderr) or first_line(done.stdout)
    suffix = f": {detail}" if detail else ""
    code = done.returncode
    shown = f"0x{code & 0xFFFFFFFF:08X}" if not 0 <= code < 0x80000000 else str(code)
    return ProbeError("exit-code", f"{tool} ended with exit code {shown}{suffix}", code=code)


def dsregcmd_status(tools: ToolRunner, timeout: float) -> bytes:
    """Raw stdout of `dsregcmd /status` (bytes exactly as produced)."""
    if not tools.available("dsregcmd.exe"):
        raise ProbeError("not-found", "dsregcmd.exe is not present on this system")
    done = tools.start("dsregcmd.exe", ["/status"], timeout=timeout)
    if done.returncode != 0:
        raise exit_code_error("dsregcmd /status", done)
    return done.stdout


def whoami(tools: ToolRunner, args: Sequence[str], timeout: float = 15.0) -> str:
    """Decoded stdout of `whoami ARGS`; ProbeError exit-code when whoami refuses."""
    done = tools.start("whoami.exe", list(args), timeout=timeout)
    if done.returncode != 0:
        raise exit_code_error("whoami " + " ".join(args), done)
    return decode_text(done.stdout).strip()
