"""The handle-based file calls of the cleanup and restore on Windows.

Every folder and file in a profile is opened with `CreateFileW` and
`FILE_FLAG_OPEN_REPARSE_POINT` (a junction or symbolic link is opened itself, never followed)
and `FILE_FLAG_BACKUP_SEMANTICS` for folders; the attributes of the opened handle
(`GetFileInformationByHandleEx`, FileBasicInfo) must not carry FILE_ATTRIBUTE_REPARSE_POINT.
Folder handles are held without FILE_SHARE_DELETE while the file below is worked on, so no
folder on the way can be renamed or replaced by a junction until they are closed. Files are
read and written through their handle and deleted through it (`SetFileInformationByHandle`,
FileDispositionInfo) or renamed through it (FileRenameInfo).

`WinFileOps` holds the logic and takes the OS calls as `FileApi`; `Kernel32Files` is the real
ctypes implementation, and the tests inject a fake.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import Protocol

from esr_gui.platform.remedies.fsops import (
    CHUNK,
    FILE_ATTRIBUTE_READONLY,
    FILE_ATTRIBUTE_REPARSE_POINT,
    LINK_REFUSED,
    FileOps,
    Folder,
    OpenFile,
    UnsafePathError,
)

GENERIC_READ = 0x80000000
GENERIC_WRITE = 0x40000000
DELETE = 0x00010000
SYNCHRONIZE = 0x00100000
FILE_LIST_DIRECTORY = 0x0001
FILE_READ_ATTRIBUTES = 0x0080
FILE_WRITE_ATTRIBUTES = 0x0100
FILE_SHARE_READ = 0x1
FILE_SHARE_WRITE = 0x2
FILE_SHARE_DELETE = 0x4
CREATE_NEW = 1
OPEN_EXISTING = 3
FILE_FLAG_BACKUP_SEMANTICS = 0x02000000
FILE_FLAG_OPEN_REPARSE_POINT = 0x00200000
FILE_ATTRIBUTE_DIRECTORY = 0x10
FILE_ATTRIBUTE_NORMAL = 0x80
FILETIME_UNIX_EPOCH = 116444736000000000  # 100-ns ticks from 1601 to 1970

FOLDER_ACCESS = FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES | SYNCHRONIZE
FOLDER_SHARE = FILE_SHARE_READ | FILE_SHARE_WRITE  # no FILE_SHARE_DELETE: pinned while open
FOLDER_FLAGS = FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT
FILE_ACCESS = GENERIC_READ | DELETE | FILE_WRITE_ATTRIBUTES
NEW_FILE_ACCESS = GENERIC_READ | GENERIC_WRITE | DELETE | FILE_WRITE_ATTRIBUTES


@dataclass(frozen=True)
class BasicInfo:
    """The part of FILE_BASIC_INFO this module uses."""

    attributes: int
    last_write: int = 0


class FileApi(Protocol):
    """The kernel32 calls behind WinFileOps. Errors are OSError with `winerror` set
    (FileNotFoundError for a missing file or folder, FileExistsError for CREATE_NEW)."""

    def create_file(self, path: str, access: int, share: int, disposition: int, flags: int) -> int:
        """CreateFileW; the handle."""
        ...

    def basic_info(self, handle: int) -> BasicInfo:
        """GetFileInformationByHandleEx(FileBasicInfo)."""
        ...

    def set_basic_info(self, handle: int, attributes: int, last_write: int) -> None:
        """SetFileInformationByHandle(FileBasicInfo); 0 leaves a field unchanged."""
        ...

    def file_id(self, handle: int) -> tuple[int, int]:
        """(volume serial number, file index) of GetFileInformationByHandle."""
        ...

    def read(self, handle: int, size: int) -> bytes:
        """ReadFile from the current position; b"" at the end."""
        ...

    def rewind(self, handle: int) -> None:
        """SetFilePointerEx to the start."""
        ...

    def write(self, handle: int, data: bytes) -> int:
        """WriteFile; the number of bytes written."""
        ...

    def flush(self, handle: int) -> None:
        """FlushFileBuffers."""
        ...

    def set_delete(self, handle: int) -> None:
        """SetFileInformationByHandle(FileDispositionInfo, DeleteFile=TRUE)."""
        ...

    def rename(self, handle: int, new_path: str) -> None:
        """SetFileInformationByHandle(FileRenameInfo, ReplaceIfExists=FALSE)."""
        ...

    def create_directory(self, path: str) -> None:
        """CreateDirectoryW."""
        ...

    def exists(self, path: str) -> bool:
        """GetFileAttributesW succeeds (a link counts: it is not followed)."""
        ...

    def close(self, handle: int) -> None:
        """CloseHandle."""
        ...


class WinFileOps(FileOps):
    """FileOps whose profile-side calls go through handles opened without following links."""

    def __init__(self, api: FileApi | None = None) -> None:
        if api is None:
            from esr_gui.platform.remedies.win32_files import Kernel32Files  # noqa: PLC0415

            api = Kernel32Files()
        self.api = api

    def _checked(self, handle: int, path: str, *, folder: bool) -> int:
        attributes = self.api.basic_info(handle).attributes
        problem = None
        if attributes & FILE_ATTRIBUTE_REPARSE_POINT:
            problem = f"{path} {LINK_REFUSED}"
        elif folder and not attributes & FILE_ATTRIBUTE_DIRECTORY:
            problem = f"{path} is not a folder"
        elif not folder and attributes & FILE_ATTRIBUTE_DIRECTORY:
            problem = f"{os.path.basename(path)} is not a plain file"
        if problem:
            self.api.close(handle)
            raise UnsafePathError(problem)
        return handle

    def open_folder(self, path: str, parent: Folder | None = None) -> Folder:
        """CreateFileW(folder, OPEN_REPARSE_POINT | BACKUP_SEMANTICS), not a reparse point."""
        if parent is not None:
            path = os.path.join(parent.path, os.path.basename(path))
        handle = self.api.create_file(
            path, FOLDER_ACCESS, FOLDER_SHARE, OPEN_EXISTING, FOLDER_FLAGS
        )
        return Folder(path, self._checked(handle, path, folder=True))

    def folder_unchanged(self, folder: Folder) -> bool:
        """The path still opens (without following) the very folder that is held."""
        try:
            handle = self.api.create_file(
                folder.path,
                FILE_READ_ATTRIBUTES,
                FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                OPEN_EXISTING,
                FOLDER_FLAGS,
            )
        except OSError:
            return False
        try:
            return self.api.file_id(handle) == self.api.file_id(folder.handle)
        finally:
            self.api.close(handle)

    def entry_exists(self, folder: Folder, name: str) -> bool:
        """GetFileAttributesW of the name in the held folder."""
        return self.api.exists(os.path.join(folder.path, name))

    def make_folder(self, parent: Folder, name: str) -> Folder:
        """CreateDirectoryW in the held folder, then open it."""
        self.api.create_directory(os.path.join(parent.path, name))
        return self.open_folder(name, parent)

    def open_file(self, folder: Folder, name: str) -> OpenFile:
        """CreateFileW(OPEN_REPARSE_POINT) for reading, deleting and attribute changes."""
        path = os.path.join(folder.path, name)
        handle = self.api.create_file(
            path, FILE_ACCESS, FILE_SHARE_READ, OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT
        )
        return OpenFile(folder, name, self._checked(handle, path, folder=False))

    def create_file(self, folder: Folder, name: str) -> OpenFile:
        """CreateFileW(CREATE_NEW, OPEN_REPARSE_POINT): fails if anything is there."""
        handle = self.api.create_file(
            os.path.join(folder.path, name),
            NEW_FILE_ACCESS,
            FILE_SHARE_READ,
            CREATE_NEW,
            FILE_FLAG_OPEN_REPARSE_POINT | FILE_ATTRIBUTE_NORMAL,
        )
        return OpenFile(folder, name, handle)

    def handle_stat(self, opened: OpenFile) -> os.stat_result:
        """A stat result as Python builds it on Windows: the read-only attribute as mode."""
        info = self.api.basic_info(opened.handle)
        mode = stat.S_IFREG | (0o444 if info.attributes & FILE_ATTRIBUTE_READONLY else 0o666)
        return os.stat_result((mode, 0, 0, 1, 0, 0, 0, 0, 0, 0))

    def read_handle(self, opened: OpenFile) -> bytes:
        """ReadFile through the handle, from the start."""
        self.api.rewind(opened.handle)
        chunks = []
        while chunk := self.api.read(opened.handle, CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)

    def write_handle(self, opened: OpenFile, data: bytes) -> None:
        """WriteFile through the handle, then FlushFileBuffers."""
        view = memoryview(data)
        while view:
            view = view[self.api.write(opened.handle, bytes(view)) :]
        self.api.flush(opened.handle)

    def set_handle_mode(self, opened: OpenFile, mode: int) -> None:
        """Set or clear FILE_ATTRIBUTE_READONLY through the handle."""
        attributes = self.api.basic_info(opened.handle).attributes & ~FILE_ATTRIBUTE_READONLY
        if not mode & stat.S_IWRITE:
            attributes |= FILE_ATTRIBUTE_READONLY
        self.api.set_basic_info(opened.handle, attributes or FILE_ATTRIBUTE_NORMAL, 0)

    def set_handle_mtime(self, opened: OpenFile, mtime_ns: int) -> None:
        """LastWriteTime through the handle."""
        self.api.set_basic_info(opened.handle, 0, mtime_ns // 100 + FILETIME_UNIX_EPOCH)

    def delete_handle(self, opened: OpenFile) -> None:
        """FileDispositionInfo: the opened file itself is deleted when its handle closes."""
        self.api.set_delete(opened.handle)

    def rename_in(self, opened: OpenFile, new_name: str) -> None:
        """FileRenameInfo within the held folder, never replacing an existing file."""
        self.api.rename(opened.handle, os.path.join(opened.folder.path, new_name))

    def close(self, opened: Folder | OpenFile) -> None:
        """CloseHandle."""
        self.api.close(opened.handle)
