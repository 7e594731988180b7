"""Everything the engine touches, in one injectable bundle (tests replace any part)."""

from __future__ import annotations

import getpass
import os
import platform
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from esr_gui import __version__
from esr_gui.platform import PlatformUnavailableError, is_windows, live_host
from esr_gui.platform.host import Host
from esr_gui.platform.remedies.datadir import data_dir
from esr_gui.platform.remedies.elevate import ShellApi
from esr_gui.platform.remedies.fsops import FileOps
from esr_gui.platform.remedies.profiles import RegistryReader
from esr_gui.platform.remedies.runner import CommandRunner
from esr_gui.platform.remedies.session import NoWindowsSession, Session, WindowsSession


def _no_shell_api() -> ShellApi:
    raise PlatformUnavailableError("running a program as administrator needs Windows")


def _now() -> datetime:
    return datetime.now().astimezone()


def _user() -> str:
    domain = os.environ.get("USERDOMAIN", "") if is_windows() else ""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        name = "unknown"
    return f"{domain}\\{name}" if domain else name


@dataclass
class RemedyEnvironment:
    """The OS seams of the engine: session, runner, elevation, files, registry, clock, identity.

    `host` reads this PC's name and DeviceId for the device binding (None: not Windows).
    """

    data_dir: Path
    on_windows: bool
    session: Session
    runner: CommandRunner
    shell_api: Callable[[], ShellApi] = _no_shell_api
    fs: FileOps = field(default_factory=FileOps)
    registry: Callable[[], RegistryReader | None] = lambda: None
    current_profile: str | None = None
    host: Callable[[], Host] | None = None
    user: str = field(default_factory=_user)
    computer: str = field(default_factory=platform.node)
    tool: str = f"esr-troubleshooter {__version__}"
    clock: Callable[[], datetime] = _now

    @classmethod
    def default(cls, folder: str | Path | None = None) -> RemedyEnvironment:
        """The real environment of this machine (Windows seams on Windows, refusals elsewhere)."""
        if not is_windows():
            session: Session = NoWindowsSession()
            return cls(
                data_dir=data_dir(folder),
                on_windows=False,
                session=session,
                runner=CommandRunner(session.system_dir, windows=False),
            )
        from esr_gui.platform.remedies.profiles import WinregReader  # noqa: PLC0415
        from esr_gui.platform.remedies.win32 import Win32ShellApi  # noqa: PLC0415
        from esr_gui.platform.remedies.win32_fs import WinFileOps  # noqa: PLC0415

        session = WindowsSession()
        return cls(
            data_dir=data_dir(folder),
            on_windows=True,
            session=session,
            runner=CommandRunner(session.system_dir),
            shell_api=Win32ShellApi,
            fs=WinFileOps(),
            registry=WinregReader,
            host=live_host,
            current_profile=os.environ.get("USERPROFILE") or None,
        )
