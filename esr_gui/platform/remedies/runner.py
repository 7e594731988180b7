"""Running an allow-listed System32 program unelevated: argv list, no shell, no window, timeout."""

from __future__ import annotations

import codecs
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from esr_gui.core.remedy.steps import SYSTEM32

CREATE_NO_WINDOW = 0x08000000
ACCESS_DENIED_MARKERS = (
    "access is denied",
    "0x80070005",
    "zugriff verweigert",
    "accès refusé",
    "acceso denegado",
    "accesso negato",
    "toegang geweigerd",
)
ERROR_ACCESS_DENIED = 5

RunFunction = Callable[..., "subprocess.CompletedProcess[bytes]"]


@dataclass(frozen=True)
class CommandOutcome:
    """Exit code and output of an unelevated run, or why it did not run."""

    exit_code: int | None
    output: str = ""
    error: str | None = None

    @property
    def denied(self) -> bool:
        """True when Windows refused for lack of rights (exit code 5 or the message says so)."""
        text = self.output.casefold()
        return self.exit_code == ERROR_ACCESS_DENIED or any(
            m in text for m in ACCESS_DENIED_MARKERS
        )

    @property
    def first_line(self) -> str:
        """The first non-empty output line (what the program said, in its words)."""
        return next((line.strip() for line in self.output.splitlines() if line.strip()), "")


def decode_output(data: bytes) -> str:
    """Console output: UTF-16 when it has a BOM, else UTF-8, else the OEM code page."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        encoding = "oem" if _has_codec("oem") else "latin-1"
        return data.decode(encoding, errors="replace")


def _has_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


class CommandRunner:
    """Resolves `%SystemRoot%\\System32\\x.exe` to the real folder and runs it without a shell."""

    def __init__(
        self, system_dir: Callable[[], str], run: RunFunction = subprocess.run, windows: bool = True
    ) -> None:
        self._system_dir = system_dir
        self._run = run
        self._windows = windows

    def resolve(self, program: str) -> str:
        """The absolute path of an allow-listed program (`%SystemRoot%\\System32` resolved)."""
        prefix = SYSTEM32 + "\\"
        if not program.startswith(prefix):
            raise ValueError(f"{program} is not a System32 program")
        return self._system_dir().rstrip("\\") + "\\" + program.removeprefix(prefix)

    def run(self, program: str, args: Sequence[str], timeout_seconds: int) -> CommandOutcome:
        """Run and wait; a launch failure or timeout is an outcome, not an exception."""
        argv = [self.resolve(program), *args]
        extra: dict[str, Any] = {"creationflags": CREATE_NO_WINDOW} if self._windows else {}
        try:
            done = self._run(
                argv,
                capture_output=True,
                stdin=subprocess.DEVNULL,
                timeout=timeout_seconds,
                shell=False,
                check=False,
                **extra,
            )
        except subprocess.TimeoutExpired:
            return CommandOutcome(None, error=f"it did not finish within {timeout_seconds} seconds")
        except FileNotFoundError:
            return CommandOutcome(None, error=f"Windows could not find {argv[0]}")
        except OSError as exc:
            return CommandOutcome(None, error=f"it could not be started ({exc.strerror or exc})")
        output = decode_output(done.stdout or b"") + decode_output(done.stderr or b"")
        return CommandOutcome(done.returncode, output=output)
