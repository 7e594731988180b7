"""Where a bundle's bytes live: a folder on disk or members held in memory (zips: zipped.py).

A folder member is opened only when it is a regular file: links and junctions are refused
(a link could point anywhere on the technician's machine), and so are named pipes, devices
and sockets (a pipe named `notes.txt` would block the reader forever). The check happens
when the folder is listed, before anything is opened, and again on the open handle.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Protocol

from esr_gui.core.bundle.limits import (
    BundleLimits,
    check_totals,
    refuse_duplicate,
    safe_member_name,
)
from esr_gui.core.bundle.regular_file import file_kind
from esr_gui.core.errors import BundleError

_REPARSE_POINT = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0x400)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class Storage(Protocol):
    """What the Bundle needs of its storage."""

    def sizes(self) -> dict[str, int]: ...

    def chunks(self, name: str, size: int) -> Iterator[bytes]: ...

    def close(self) -> None: ...


class MemoryStorage:
    """Members held in memory (a live capture before it is saved)."""

    def __init__(self, members: Mapping[str, bytes], limits: BundleLimits) -> None:
        seen: dict[str, str] = {}
        self._data: dict[str, bytes] = {}
        for raw, data in members.items():
            name = safe_member_name(raw)
            refuse_duplicate(seen, name, raw)
            self._data[name] = data
        check_totals(len(self._data), sum(len(d) for d in self._data.values()), limits)

    def sizes(self) -> dict[str, int]:
        """Size of each member."""
        return {name: len(data) for name, data in self._data.items()}

    def chunks(self, name: str, size: int) -> Iterator[bytes]:
        """The member's bytes in pieces of `size`."""
        data = self._data[name]
        for start in range(0, len(data), size):
            yield data[start : start + size]

    def close(self) -> None:
        """Nothing to release."""


class FolderStorage:
    """Members of a bundle folder; only regular files, never links."""

    def __init__(self, root: Path, limits: BundleLimits) -> None:
        self._root = root.resolve()
        self._sizes = _folder_sizes(self._root, limits)

    def sizes(self) -> dict[str, int]:
        """Size of each member when the folder was listed."""
        return dict(self._sizes)

    def chunks(self, name: str, size: int) -> Iterator[bytes]:
        """The member's bytes in pieces of `size`; BundleError when it cannot be read."""
        target = self._root.joinpath(*name.split("/"))
        try:
            refuse_special(os.lstat(target), name)
            descriptor = os.open(target, _OPEN_FLAGS)
        except OSError as exc:
            raise BundleError(f"cannot read member {name!r}: {exc.strerror or exc}") from None
        with os.fdopen(descriptor, "rb") as handle:
            refuse_special(os.fstat(handle.fileno()), name)
            try:
                while piece := handle.read(size):
                    yield piece
            except OSError as exc:
                raise BundleError(f"cannot read member {name!r}: {exc.strerror or exc}") from None

    def close(self) -> None:
        """Nothing to release."""


def refuse_special(info: os.stat_result, name: str) -> None:
    """BundleError unless `info` (from lstat) is a regular file that is no reparse point."""
    attrs = getattr(info, "st_file_attributes", 0)
    if stat.S_ISLNK(info.st_mode) or attrs & _REPARSE_POINT:
        raise BundleError(f"refused member {name!r}: links and junctions are not allowed")
    kind = file_kind(info.st_mode)
    if kind is not None and not stat.S_ISDIR(info.st_mode):
        raise BundleError(f"refused member {name!r}: it is {kind}, not a regular file")


def _walk_files(root: Path) -> Iterator[tuple[str, Path]]:
    for dirpath, dirnames, filenames in os.walk(root, onerror=_walk_error, followlinks=False):
        here = Path(dirpath)
        for d in dirnames:
            refuse_special(os.lstat(here / d), (here / d).relative_to(root).as_posix())
        for f in filenames:
            yield (here / f).relative_to(root).as_posix(), here / f


def _walk_error(exc: OSError) -> None:
    """A folder that cannot be listed makes the bundle unreadable (not silently smaller)."""
    where = Path(exc.filename).name if exc.filename else "a folder"
    raise BundleError(f"cannot list {where!r} in the bundle: {exc.strerror or exc}")


def _folder_sizes(root: Path, limits: BundleLimits) -> dict[str, int]:
    sizes: dict[str, int] = {}
    seen: dict[str, str] = {}
    total = 0
    for rel, full in _walk_files(root):
        info = os.lstat(full)
        refuse_special(info, rel)
        name = safe_member_name(rel)
        refuse_duplicate(seen, name, rel)
        sizes[name] = info.st_size
        total += info.st_size
        check_totals(len(sizes), total, limits)
    return sizes
