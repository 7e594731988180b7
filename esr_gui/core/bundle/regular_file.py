"""Only regular files are ever opened.

A named pipe given as a bundle member, a fleet input or a `--dsregcmd` file blocks its reader
forever; a device node reads endlessly (or has side effects when opened); a socket cannot be
read at all. Every path from a stranger is checked with `stat` before it is opened, and the
open itself never blocks (O_NONBLOCK where the OS has it) and is checked again on the handle.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from esr_gui.core.errors import EsrError

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISLNK, "a link"),
)


class NotRegularFileError(EsrError):
    """A path names something other than a regular file (a pipe, a device, a socket...)."""


class FileTooLargeError(EsrError):
    """A file is larger than its reader accepts; `size` is its size (at least limit + 1)."""

    def __init__(self, message: str, size: int) -> None:
        super().__init__(message)
        self.size = size


def file_kind(mode: int) -> str | None:
    """None for a regular file; otherwise what it is, in words ("a named pipe (FIFO)")."""
    if stat.S_ISREG(mode):
        return None
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def not_regular_reason(path: Path, *, follow: bool = True) -> str | None:
    """Why `path` must not be opened (it is not a regular file), or None when it may be.

    A path that cannot be examined returns None: opening it then fails with the OS's reason.
    """
    try:
        info = path.stat() if follow else path.lstat()
    except (OSError, ValueError):
        return None
    return file_kind(info.st_mode)


def read_regular_file(path: Path, limit: int, label: str = "") -> bytes:
    """At most `limit` bytes of the regular file `path`; EsrError with a sentence otherwise.

    Refuses pipes, devices, sockets and folders before opening them, and a file larger than
    `limit` bytes (`label` names what the file should be, for the message).
    """
    shown = label or str(path)
    kind = not_regular_reason(path)
    if kind is not None:
        raise NotRegularFileError(f"{shown} is {kind}, not a regular file; refused")
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _BINARY)
    except FileNotFoundError:
        raise EsrError(f"{shown} does not exist") from None
    except (OSError, ValueError) as exc:
        raise EsrError(f"cannot read {shown}: {_reason(exc)}") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        kind = file_kind(info.st_mode)
        if kind is not None:
            raise NotRegularFileError(f"{shown} is {kind}, not a regular file; refused")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise EsrError(f"cannot read {shown}: {_reason(exc)}") from None
    if len(data) > limit:
        size = max(info.st_size, len(data))
        raise FileTooLargeError(f"{shown} is larger than {size_words(limit)}; refused", size)
    return data


_BINARY = getattr(os, "O_BINARY", 0)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def size_words(size: int) -> str:
    """A byte count for people: `512 bytes`, `4 KiB`, `4.9 KiB`, `1 MiB`, `238.4 MiB`."""
    if size < 1024:
        return f"{size} bytes"
    unit, scale = ("KiB", 1024) if size < 2**20 else ("MiB", 2**20)
    return f"{size // scale} {unit}" if size % scale == 0 else f"{size / scale:.1f} {unit}"
