"""The typed steps a plan is made of, each restricted to an allow-list.

Commands name a Windows program by its `%SystemRoot%\\System32` path and pass an argv list;
nothing is ever handed to a shell. URIs are a fixed set of Settings pages and KB articles.
"""

from __future__ import annotations

import re
import subprocess
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from esr_gui.core.remedy.params import KNOWN_KBS

SYSTEM32 = "%SystemRoot%\\System32"

# Windows programs a plan may name; anything else is refused when the step is built.
ALLOWED_PROGRAMS = frozenset(
    {
        "dsregcmd.exe",
        "schtasks.exe",
        "wevtutil.exe",
        "taskkill.exe",
        "sc.exe",
        "shutdown.exe",
        "mmc.exe",
    }
)

# A Settings page is opened by name only: letters, digits and hyphens after ms-settings:,
# nothing the shell could take for a program, a file or a command line.
SETTINGS_PAGE = re.compile(r"ms-settings:[a-z][a-z0-9-]*")

Elevation = Literal["none", "required", "if-denied"]
_OPTION_WITH_SPACES = re.compile(r'(/[A-Za-z]+:)([^"\\]*\s[^"\\]*)')


def system32(program: str) -> str:
    """The display path of an allow-listed System32 program."""
    if program not in ALLOWED_PROGRAMS:
        raise ValueError(f"{program} is not a program this tool runs")
    return f"{SYSTEM32}\\{program}"


def kb_url(kb: str) -> str:
    """The support article of a known KB."""
    if kb not in KNOWN_KBS:
        raise ValueError(f"{kb} is not a KB this tool knows")
    return f"https://support.microsoft.com/kb/{kb.removeprefix('KB')}"


def allowed_uri(uri: str) -> bool:
    """Whether a plan may open `uri`: a Settings page by name, or a known KB's article."""
    return SETTINGS_PAGE.fullmatch(uri) is not None or uri in {kb_url(kb) for kb in KNOWN_KBS}


def quote_arg(arg: str) -> str:
    """One argument as the MS C runtime parses it; `/c:A B` is written `/c:"A B"`.

    Both spellings give the same argv; the second is the one Windows tools document.
    """
    match = _OPTION_WITH_SPACES.fullmatch(arg)
    if match:
        return f'{match.group(1)}"{match.group(2)}"'
    return subprocess.list2cmdline([arg])


def command_line(args: tuple[str, ...] | list[str]) -> str:
    """The parameters string for ShellExecuteExW (argv without the program)."""
    return " ".join(quote_arg(a) for a in args)


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    purpose: str


class _ProgramStep(_Step):
    program: str
    args: tuple[str, ...] = ()

    @field_validator("program")
    @classmethod
    def _allow_listed(cls, value: str) -> str:
        prefix = f"{SYSTEM32}\\"
        name = value.removeprefix(prefix)
        if not value.startswith(prefix) or name not in ALLOWED_PROGRAMS:
            raise ValueError(f"{value} is not an allow-listed System32 program")
        return value

    @property
    def exe_name(self) -> str:
        """The file name of the program (`dsregcmd.exe`)."""
        return self.program.rsplit("\\", 1)[-1]

    @property
    def argv(self) -> list[str]:
        """Program and arguments as a list (the preview shows exactly this)."""
        return [self.program, *self.args]

    @property
    def display(self) -> str:
        """One line a technician could type at a prompt."""
        return " ".join([quote_arg(self.program), command_line(self.args)]).strip()


class CommandStep(_ProgramStep):
    """Run a System32 program and wait for it; elevated only as `elevation` says."""

    kind: Literal["command"] = "command"
    elevation: Elevation = "none"
    ok_exit_codes: tuple[int, ...] = (0,)
    timeout_seconds: int = 120


class LaunchStep(_ProgramStep):
    """Start a System32 program through the shell in the user's session, without waiting."""

    kind: Literal["launch"] = "launch"


class OpenStep(_Step):
    """Open a Settings page or a support article through the shell (never elevated)."""

    kind: Literal["open"] = "open"
    uri: str

    @field_validator("uri")
    @classmethod
    def _allow_listed(cls, value: str) -> str:
        if not allowed_uri(value):
            raise ValueError(f"{value} is not a page this tool opens")
        return value


class LockStep(_Step):
    """Lock the workstation (user32 LockWorkStation) in the user's own session."""

    kind: Literal["lock"] = "lock"


FileAction = Literal["backup", "make-writable", "delete", "keep-aside", "restore"]


class FileStep(_Step):
    """A file operation of the cleanup or restore, on the files the plan lists."""

    kind: Literal["files"] = "files"
    action: FileAction
    paths: tuple[str, ...] = ()


Step = Annotated[
    CommandStep | LaunchStep | OpenStep | LockStep | FileStep, Field(discriminator="kind")
]


def needs_windows(step: CommandStep | LaunchStep | OpenStep | LockStep | FileStep) -> bool:
    """Whether the step runs something only Windows has (files work everywhere)."""
    return not isinstance(step, FileStep)
