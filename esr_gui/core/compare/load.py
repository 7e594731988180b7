"""One input of a comparison: a bundle (folder or zip) or a saved `dsregcmd /status` text,
told apart by what the path is, as a technician would hand them over."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from esr_gui.core.bundle.regular_file import not_regular_reason
from esr_gui.core.errors import EsrError
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.snapshot_builder import (
    load_snapshot,
    read_dsregcmd_file,
    snapshot_from_dsregcmd,
)

_ZIP_MAGIC = b"PK"


def is_bundle_path(path: Path) -> bool:
    """True for a folder, or a file that starts like a zip (an incomplete zip included, so
    the bundle reader explains it); anything else is read as dsregcmd text. A pipe or device
    counts as a bundle path so that the bundle reader refuses it before anything opens it."""
    if path.is_dir() or not_regular_reason(path) is not None:
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(2) == _ZIP_MAGIC
    except OSError:
        return False


def load_capture(path: str | Path) -> Snapshot:
    """The Snapshot of a bundle or of a dsregcmd text at `path` (EsrError with one sentence
    when it cannot be read). A text that is not dsregcmd output loads with a problem recorded,
    as `esr-diag check --dsregcmd` reads it, so the diagnosis says UNKNOWN."""
    target = Path(path)
    if is_bundle_path(target) or not target.exists():
        return load_snapshot(target)  # a missing path: the bundle reader says so plainly
    data = read_dsregcmd_file(target)
    return snapshot_from_dsregcmd(data, str(target), keep=True)


Side = Literal["A", "B"]


class CaptureError(EsrError):
    """One of the two inputs could not be read: `side` A (the earlier) or B (the later), and
    the loader's sentence as `reason`."""

    def __init__(self, side: Side, reason: str) -> None:
        self.side, self.reason = side, reason
        super().__init__(f"{side}: {reason}")


def load_side(path: str | Path, side: Side) -> Snapshot:
    """`load_capture`, with a failure said as CaptureError naming the side."""
    try:
        return load_capture(path)
    except CaptureError:
        raise
    except EsrError as exc:
        raise CaptureError(side, str(exc)) from None
