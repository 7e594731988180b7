"""Frozen app only: read PyInstaller's module archive through one open handle while starting.

PyInstaller's archive reader (`pyimod01_archive`) opens the executable again for every module
it imports, so that the exe can be renamed while it runs. Where opening a file is slow, that
adds up: ~1.4 ms an open under Wine, far more with an antivirus that scans each open
(pyinstaller/pyinstaller#2550), and start-up imports some 500 modules. `hold_archive()` gives
the reader one shared handle (a lock serialises seek and read: worker threads import too);
`release_archive()` closes it, and the reader opens the file per module again.

Outside a PyInstaller build both are no-ops, and so they are when the reader is not the one
this was written for: it must name its file `_filename` and read it with `open()`.
"""

from __future__ import annotations

import _thread
import builtins
import sys
from types import ModuleType, TracebackType
from typing import IO, Any

_READER_MODULE = "pyimod01_archive"
_IMPORTERS_MODULE = "pyimod02_importers"


class _HeldFile:
    """The shared handle on the archive and the lock that serialises its reads."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.file: IO[bytes] = builtins.open(path, "rb")  # noqa: SIM115 — held until release
        self.lock = _thread.allocate_lock()

    def close(self) -> None:
        """Close the handle once no read is under way."""
        with self.lock:
            self.file.close()


class _Read:
    """One `with open(archive, "rb") as fp:` block of the reader, on the shared handle."""

    def __init__(self, held: _HeldFile) -> None:
        self.held = held
        self.own: IO[bytes] | None = None

    def __enter__(self) -> IO[bytes]:
        self.held.lock.acquire()
        if not self.held.file.closed:
            return self.held.file
        # Released between the reader's call to `open` and this block: read as it would.
        self.held.lock.release()
        self.own = builtins.open(self.held.path, "rb")  # closed in __exit__
        return self.own

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.own is not None:
            self.own.close()
        else:
            self.held.lock.release()


class _Opener:
    """Stands in for `open` in the reader's module: the archive comes from the held handle."""

    def __init__(self, held: _HeldFile) -> None:
        self.held = held

    def __call__(self, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if file == self.held.path and mode == "rb" and not args and not kwargs:
            return _Read(self.held)
        return builtins.open(file, mode, *args, **kwargs)


def _reader_and_path() -> tuple[ModuleType, str] | None:
    reader = sys.modules.get(_READER_MODULE)
    importers = sys.modules.get(_IMPORTERS_MODULE)
    archive = getattr(importers, "pyz_archive", None)
    path = getattr(archive, "_filename", None)
    if reader is None or not isinstance(path, str) or "open" in vars(reader):
        return None
    return reader, path


def hold_archive() -> bool:
    """Read the archive through one handle from now on; False when there is nothing to do
    (not frozen, another reader, already held) or the archive cannot be opened."""
    found = _reader_and_path()
    if found is None:
        return False
    reader, path = found
    try:
        held = _HeldFile(path)
    except OSError:
        return False
    reader.open = _Opener(held)  # type: ignore[attr-defined]
    return True


def release_archive() -> bool:
    """Give the reader back its own `open` and close the handle; False if none was held."""
    reader = sys.modules.get(_READER_MODULE)
    opener = vars(reader).get("open") if reader is not None else None
    if not isinstance(opener, _Opener):
        return False
    del reader.open  # type: ignore[union-attr]
    opener.held.close()
    return True
