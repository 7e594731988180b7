"""The user-session seam: shell open, LockWorkStation, System32 path, elevation state."""

from __future__ import annotations

import sys
from typing import Protocol

from esr_gui.platform import PlatformUnavailableError


class Session(Protocol):
    """What the remedies ask of the interactive session."""

    def is_elevated(self) -> bool:
        """True when this process runs with administrator rights."""
        ...

    def system_dir(self) -> str:
        """The System32 folder, as Windows reports it."""
        ...

    def open(self, target: str, arguments: str = "") -> None:
        """Open a URI or start a program through the shell, in this session, not waited for."""
        ...

    def lock(self) -> None:
        """Lock the workstation."""
        ...


class WindowsSession:
    """The real session, through ctypes and os.startfile."""

    def is_elevated(self) -> bool:
        """TokenElevation of this process."""
        from esr_gui.platform.remedies import win32  # noqa: PLC0415 (Windows only)

        return win32.is_elevated()

    def system_dir(self) -> str:
        """GetSystemDirectoryW."""
        from esr_gui.platform.remedies import win32  # noqa: PLC0415 (Windows only)

        return win32.system_directory()

    def open(self, target: str, arguments: str = "") -> None:
        """ShellExecute "open"."""
        from esr_gui.platform.remedies import win32  # noqa: PLC0415 (Windows only)

        win32.shell_open(target, arguments)

    def lock(self) -> None:
        """LockWorkStation."""
        from esr_gui.platform.remedies import win32  # noqa: PLC0415 (Windows only)

        win32.lock_workstation()


class NoWindowsSession:
    """Elsewhere: not elevated in the Windows sense, and every session action needs Windows."""

    def is_elevated(self) -> bool:
        """Administrator rights are a Windows notion; files follow this system's permissions."""
        return False

    def system_dir(self) -> str:
        """Where System32 would be (for display only; nothing is run from it here)."""
        return "C:\\Windows\\System32"

    def open(self, target: str, arguments: str = "") -> None:
        """Refused: needs Windows."""
        raise PlatformUnavailableError(
            f"opening {target} needs Windows, and this is {sys.platform}"
        )

    def lock(self) -> None:
        """Refused: needs Windows."""
        raise PlatformUnavailableError(
            f"locking the session needs Windows, and this is {sys.platform}"
        )
