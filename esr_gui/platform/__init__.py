"""The OS seam: everything that touches Windows lives below this package."""

from __future__ import annotations

import platform
import sys

from esr_gui.core.errors import EsrError
from esr_gui.core.models.snapshot import Snapshot


class PlatformUnavailableError(EsrError):
    """The requested live operation needs Windows (or a Windows facility that is missing)."""


def is_windows() -> bool:
    """True on Windows (also under Wine)."""
    return sys.platform == "win32"


def capture_live_snapshot() -> Snapshot:
    """Capture this device now and return its Snapshot; PlatformUnavailableError off Windows."""
    if not is_windows():
        raise PlatformUnavailableError(
            f"live capture needs Windows, and this is {platform.system() or sys.platform}; "
            "open a capture with --bundle PATH or a saved text with --dsregcmd FILE"
        )
    raise PlatformUnavailableError("live capture is not available in this build")
