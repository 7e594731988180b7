"""The file-system seam of the cleanup and restore: every call goes through `FileOps`.

Tests subclass it to inject a sharing violation, a full disk or a failing rename; the logic
above it is platform-neutral and runs on Linux against a fake profile tree.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from typing import BinaryIO

FILE_ATTRIBUTE_READONLY = 0x1
FILE_ATTRIBUTE_REPARSE_POINT = 0x400
ERROR_ACCESS_DENIED = 5
ERROR_SHARING_VIOLATION = 32
ERROR_LOCK_VIOLATION = 33
ERROR_DISK_FULL = 112
CHUNK = 1 << 16


class FileOps:
    """Plain `os` calls; override one method in a test to simulate a failure."""

    def lstat(self, path: str) -> os.stat_result:
        """Status of `path` itself (a link is reported as a link)."""
        return os.lstat(path)

    def listdir(self, path: str) -> list[str]:
        """Names in a folder, sorted."""
        return sorted(os.listdir(path))

    def open_read(self, path: str) -> BinaryIO:
        """Open for reading bytes."""
        return open(path, "rb")

    def open_new(self, path: str) -> BinaryIO:
        """Create a new file for writing; fails if it exists."""
        return open(path, "xb")

    def unlink(self, path: str) -> None:
        """Delete a file."""
        os.unlink(path)

    def chmod(self, path: str, mode: int) -> None:
        """Change the mode (on Windows: the read-only attribute)."""
        os.chmod(path, mode)

    def rename(self, src: str, dst: str) -> None:
        """Rename; the caller checked that `dst` does not exist."""
        os.rename(src, dst)

    def replace(self, src: str, dst: str) -> None:
        """Rename over `dst`."""
        os.replace(src, dst)

    def mkdir(self, path: str) -> None:
        """Create one folder."""
        os.mkdir(path)

    def makedirs(self, path: str) -> None:
        """Create a folder and its parents (our own data folder only)."""
        os.makedirs(path, exist_ok=True)

    def realpath(self, path: str) -> str:
        """The path with every link resolved."""
        return os.path.realpath(path)

    def set_mtime(self, path: str, mtime_ns: int) -> None:
        """Set access and modification time."""
        os.utime(path, ns=(mtime_ns, mtime_ns))

    def fsync(self, handle: BinaryIO) -> None:
        """Flush a written file to disk."""
        handle.flush()
        os.fsync(handle.fileno())


def is_link(st: os.stat_result) -> bool:
    """A symbolic link, or on Windows any reparse point (junctions, mount points)."""
    attributes = getattr(st, "st_file_attributes", 0)
    return stat.S_ISLNK(st.st_mode) or bool(attributes & FILE_ATTRIBUTE_REPARSE_POINT)


def is_read_only(st: os.stat_result) -> bool:
    """The Windows read-only attribute, or no owner write bit elsewhere."""
    attributes = getattr(st, "st_file_attributes", 0)
    return bool(attributes & FILE_ATTRIBUTE_READONLY) or not st.st_mode & stat.S_IWUSR


def exists(fs: FileOps, path: str) -> bool:
    """True when something (even a dangling link) is at `path`."""
    try:
        fs.lstat(path)
    except FileNotFoundError:
        return False
    return True


def read_all(fs: FileOps, path: str) -> bytes:
    """The whole file (the BrokerPlugin files are small)."""
    with fs.open_read(path) as handle:
        return handle.read()


def sha256_file(fs: FileOps, path: str) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with fs.open_read(path) as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_locked(exc: OSError) -> bool:
    """True for a sharing or lock violation, or access denied (Windows' ways of saying 'in use')."""
    winerror = getattr(exc, "winerror", None)
    if winerror in (ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION, ERROR_ACCESS_DENIED):
        return True
    return isinstance(exc, PermissionError)


def describe(exc: OSError) -> str:
    """A short, calm reason for an OS error."""
    winerror = getattr(exc, "winerror", None)
    if winerror in (ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION):
        return "Windows has it open (sharing violation)"
    if winerror == ERROR_DISK_FULL or exc.errno == errno.ENOSPC:
        return "the disk is full"
    if winerror == ERROR_ACCESS_DENIED or isinstance(exc, PermissionError):
        return "access was denied (it may be in use)"
    if isinstance(exc, FileNotFoundError):
        return "it is no longer there"
    return exc.strerror or str(exc) or type(exc).__name__
