"""The OS seam: everything that touches Windows lives below this package.

`host.Host` is the seam itself, `capture.capture()` runs a Host's probes into a bundle,
`windows.WindowsHost` is the real device and `fake.FakeHost` the scriptable stand-in.
"""

from __future__ import annotations

import platform
import sys
from typing import TYPE_CHECKING

from esr_gui.core.errors import EsrError
from esr_gui.core.models.snapshot import Snapshot

if TYPE_CHECKING:
    from esr_gui.platform.host import Host


class PlatformUnavailableError(EsrError):
    """The requested live operation needs Windows (or a Windows facility that is missing)."""


def is_windows() -> bool:
    """True on Windows (also under Wine)."""
    return sys.platform == "win32"


def _require_windows() -> None:
    if not is_windows():
        raise PlatformUnavailableError(
            f"live capture needs Windows, and this is {platform.system() or sys.platform}; "
            "open a capture with --bundle PATH or a saved text with --dsregcmd FILE"
        )


def live_host() -> Host:
    """The Host of this device (a `WindowsHost`); PlatformUnavailableError off Windows."""
    _require_windows()
    from esr_gui.platform.windows import WindowsHost  # noqa: PLC0415 (Windows only)

    return WindowsHost()


def capture_live_snapshot() -> Snapshot:
    """Capture this device now and return its Snapshot; PlatformUnavailableError off Windows."""
    _require_windows()
    from esr_gui.platform.capture import capture  # noqa: PLC0415 (Windows only)
    from esr_gui.platform.windows import WindowsHost  # noqa: PLC0415

    return capture(WindowsHost()).to_snapshot()
