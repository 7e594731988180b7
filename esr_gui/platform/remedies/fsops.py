"""The file-system seam of the cleanup and restore: every call goes through `FileOps`.

Tests subclass it to inject a sharing violation, a full disk or a failing rename; the logic
above it is platform-neutral and runs on Linux against a fake profile tree.

Inside a profile nothing is touched by path: folders and files are opened one level at a time
without following links (`open_folder`, `open_file`), read, written and deleted through the
open handle, relative to the checked folder. Here that is `O_NOFOLLOW` and `dir_fd`;
`WinFileOps` (win32_fs.py) does the same with `FILE_FLAG_OPEN_REPARSE_POINT` handles.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from typing import BinaryIO

FILE_ATTRIBUTE_READONLY = 0x1
FILE_ATTRIBUTE_REPARSE_POINT = 0x400
ERROR_ACCESS_DENIED = 5
ERROR_SHARING_VIOLATION = 32
ERROR_LOCK_VIOLATION = 33
ERROR_DISK_FULL = 112
CHUNK = 1 << 16


class UnsafePathError(OSError):
    """A folder or file inside a profile is a link, not what it should be, or was swapped."""


@dataclass(frozen=True)
class Folder:
    """An open folder, checked to be a real folder (not a link) when it was opened."""

    path: str
    handle: int


@dataclass(frozen=True)
class OpenFile:
    """An open plain file inside a checked folder."""

    folder: Folder
    name: str
    handle: int

    @property
    def path(self) -> str:
        """The file's path (for messages only; nothing is done by this path)."""
        return os.path.join(self.folder.path, self.name)


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
LINK_REFUSED = "is a link or junction; it is not followed"
SWAPPED = "was replaced while this tool was working on it; it is not followed"


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

    # Handle-based calls (POSIX here; WinFileOps overrides every one of them).

    def open_folder(self, path: str, parent: Folder | None = None) -> Folder:
        """Open the folder `path` (relative to `parent` when given) without following a link."""
        name = os.path.basename(path) if parent else path
        where = parent.handle if parent else None
        try:
            fd = os.open(name, _DIR_FLAGS, dir_fd=where)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                st = os.stat(name, dir_fd=where, follow_symlinks=False)
                raise UnsafePathError(f"{path} {_not_folder(st)}") from None
            raise
        return Folder(path, fd)

    def folder_unchanged(self, folder: Folder) -> bool:
        """True while `folder.path` still names the folder that was opened."""
        try:
            now = os.lstat(folder.path)
        except OSError:
            return False
        held = os.fstat(folder.handle)
        return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)

    def entry_exists(self, folder: Folder, name: str) -> bool:
        """True when anything (even a dangling link) is called `name` in `folder`."""
        try:
            os.stat(name, dir_fd=folder.handle, follow_symlinks=False)
        except FileNotFoundError:
            return False
        return True

    def make_folder(self, parent: Folder, name: str) -> Folder:
        """Create the folder `name` in `parent` and open it."""
        os.mkdir(name, dir_fd=parent.handle)
        return self.open_folder(os.path.join(parent.path, name), parent)

    def open_file(self, folder: Folder, name: str) -> OpenFile:
        """Open the plain file `name` in `folder` for reading, never through a link."""
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW, dir_fd=folder.handle)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnsafePathError(f"{name} {LINK_REFUSED}") from None
            raise
        opened = OpenFile(folder, name, fd)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            self.close(opened)
            raise UnsafePathError(f"{name} is not a plain file")
        return opened

    def create_file(self, folder: Folder, name: str) -> OpenFile:
        """Create the new file `name` in `folder` (fails if anything is there) for writing."""
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW
        return OpenFile(folder, name, os.open(name, flags, 0o600, dir_fd=folder.handle))

    def handle_stat(self, opened: OpenFile) -> os.stat_result:
        """Status of the opened file itself."""
        return os.fstat(opened.handle)

    def read_handle(self, opened: OpenFile) -> bytes:
        """The whole file, read through its handle."""
        os.lseek(opened.handle, 0, os.SEEK_SET)
        chunks = []
        while chunk := os.read(opened.handle, CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)

    def write_handle(self, opened: OpenFile, data: bytes) -> None:
        """Write all of `data` through the handle and flush it to disk."""
        view = memoryview(data)
        while view:
            view = view[os.write(opened.handle, view) :]
        os.fsync(opened.handle)

    def set_handle_mode(self, opened: OpenFile, mode: int) -> None:
        """Change the mode of the opened file (on Windows: its read-only attribute)."""
        os.chmod(opened.handle, mode)

    def set_handle_mtime(self, opened: OpenFile, mtime_ns: int) -> None:
        """Set the opened file's access and modification time."""
        os.utime(opened.handle, ns=(mtime_ns, mtime_ns))

    def delete_handle(self, opened: OpenFile) -> None:
        """Delete the opened file: its name in its folder, only while it names this file."""
        now = os.stat(opened.name, dir_fd=opened.folder.handle, follow_symlinks=False)
        held = os.fstat(opened.handle)
        if (now.st_dev, now.st_ino) != (held.st_dev, held.st_ino):
            raise UnsafePathError(f"{opened.name} {SWAPPED}")
        os.unlink(opened.name, dir_fd=opened.folder.handle)

    def rename_in(self, opened: OpenFile, new_name: str) -> None:
        """Rename the opened file within its folder; never over an existing entry."""
        folder = opened.folder
        if self.entry_exists(folder, new_name):
            raise FileExistsError(errno.EEXIST, "a file is already there", new_name)
        os.rename(opened.name, new_name, src_dir_fd=folder.handle, dst_dir_fd=folder.handle)

    def close(self, opened: Folder | OpenFile) -> None:
        """Close a folder or file handle."""
        os.close(opened.handle)


def _not_folder(st: os.stat_result) -> str:
    return LINK_REFUSED if is_link(st) else "is not a folder"


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
