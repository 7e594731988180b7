"""kernel32 file calls through ctypes (Windows only): the real `FileApi` of win32_fs."""

from __future__ import annotations

import ctypes
from ctypes import wintypes
from typing import Any

from esr_gui.platform.remedies.win32_fs import BasicInfo

FILE_BASIC_INFO_CLASS = 0
FILE_RENAME_INFO_CLASS = 3
FILE_DISPOSITION_INFO_CLASS = 4
INVALID_HANDLE_VALUE = ctypes.c_void_p(-1).value
INVALID_FILE_ATTRIBUTES = 0xFFFFFFFF
FILE_BEGIN = 0
NOT_THERE = (2, 3)  # ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND


class FILE_BASIC_INFO(ctypes.Structure):  # noqa: N801 (the Win32 name)
    """FILE_BASIC_INFO."""

    _fields_ = [
        ("CreationTime", ctypes.c_longlong),
        ("LastAccessTime", ctypes.c_longlong),
        ("LastWriteTime", ctypes.c_longlong),
        ("ChangeTime", ctypes.c_longlong),
        ("FileAttributes", wintypes.DWORD),
    ]


class BY_HANDLE_FILE_INFORMATION(ctypes.Structure):  # noqa: N801
    """BY_HANDLE_FILE_INFORMATION."""

    _fields_ = [
        ("dwFileAttributes", wintypes.DWORD),
        ("ftCreationTime", wintypes.FILETIME),
        ("ftLastAccessTime", wintypes.FILETIME),
        ("ftLastWriteTime", wintypes.FILETIME),
        ("dwVolumeSerialNumber", wintypes.DWORD),
        ("nFileSizeHigh", wintypes.DWORD),
        ("nFileSizeLow", wintypes.DWORD),
        ("nNumberOfLinks", wintypes.DWORD),
        ("nFileIndexHigh", wintypes.DWORD),
        ("nFileIndexLow", wintypes.DWORD),
    ]


class FILE_RENAME_INFO(ctypes.Structure):  # noqa: N801
    """FILE_RENAME_INFO with its file name inline (the buffer is made larger as needed)."""

    _fields_ = [
        ("ReplaceIfExists", wintypes.BOOLEAN),
        ("RootDirectory", wintypes.HANDLE),
        ("FileNameLength", wintypes.DWORD),
        ("FileName", wintypes.WCHAR * 1),
    ]


def _error(code: int, path: str = "") -> OSError:
    exc: OSError = getattr(ctypes, "WinError")(code)  # noqa: B009 (Windows only)
    if path:
        exc.filename = path
    return exc


def _io_signatures(k: Any) -> None:
    """argtypes of ReadFile and WriteFile."""
    k.ReadFile.argtypes = [
        wintypes.HANDLE,
        ctypes.c_void_p,
        wintypes.DWORD,
        ctypes.POINTER(wintypes.DWORD),
        ctypes.c_void_p,
    ]
    k.WriteFile.argtypes = k.ReadFile.argtypes


class Kernel32Files:
    """The FileApi over kernel32 (CreateFileW, Get/SetFileInformationByHandle, ReadFile...)."""

    def __init__(self) -> None:
        k: Any = getattr(ctypes, "WinDLL")("kernel32", use_last_error=True)  # noqa: B009
        k.CreateFileW.argtypes = [
            wintypes.LPCWSTR,
            wintypes.DWORD,
            wintypes.DWORD,
            ctypes.c_void_p,
            wintypes.DWORD,
            wintypes.DWORD,
            wintypes.HANDLE,
        ]
        k.CreateFileW.restype = wintypes.HANDLE
        for name in ("GetFileInformationByHandleEx", "SetFileInformationByHandle"):
            getattr(k, name).argtypes = [
                wintypes.HANDLE,
                ctypes.c_int,
                ctypes.c_void_p,
                wintypes.DWORD,
            ]
            getattr(k, name).restype = wintypes.BOOL
        k.GetFileInformationByHandle.argtypes = [wintypes.HANDLE, ctypes.c_void_p]
        _io_signatures(k)
        k.SetFilePointerEx.argtypes = [
            wintypes.HANDLE,
            ctypes.c_longlong,
            ctypes.c_void_p,
            wintypes.DWORD,
        ]
        k.FlushFileBuffers.argtypes = [wintypes.HANDLE]
        k.CreateDirectoryW.argtypes = [wintypes.LPCWSTR, ctypes.c_void_p]
        k.GetFileAttributesW.argtypes = [wintypes.LPCWSTR]
        k.GetFileAttributesW.restype = wintypes.DWORD
        k.CloseHandle.argtypes = [wintypes.HANDLE]
        self._k = k

    def _check(self, ok: object, path: str = "") -> None:
        if not ok:
            raise _error(getattr(ctypes, "get_last_error")(), path)  # noqa: B009

    def create_file(self, path: str, access: int, share: int, disposition: int, flags: int) -> int:
        """CreateFileW."""
        handle = self._k.CreateFileW(path, access, share, None, disposition, flags, None)
        if handle in (None, INVALID_HANDLE_VALUE):
            self._check(False, path)
        return int(handle)

    def basic_info(self, handle: int) -> BasicInfo:
        """GetFileInformationByHandleEx(FileBasicInfo)."""
        info = FILE_BASIC_INFO()
        self._check(
            self._k.GetFileInformationByHandleEx(
                handle, FILE_BASIC_INFO_CLASS, ctypes.byref(info), ctypes.sizeof(info)
            )
        )
        return BasicInfo(int(info.FileAttributes), int(info.LastWriteTime))

    def set_basic_info(self, handle: int, attributes: int, last_write: int) -> None:
        """SetFileInformationByHandle(FileBasicInfo); zero fields are left unchanged."""
        info = FILE_BASIC_INFO(0, last_write, last_write, 0, attributes)
        self._check(
            self._k.SetFileInformationByHandle(
                handle, FILE_BASIC_INFO_CLASS, ctypes.byref(info), ctypes.sizeof(info)
            )
        )

    def file_id(self, handle: int) -> tuple[int, int]:
        """Volume serial number and 64-bit file index."""
        info = BY_HANDLE_FILE_INFORMATION()
        self._check(self._k.GetFileInformationByHandle(handle, ctypes.byref(info)))
        return int(info.dwVolumeSerialNumber), (info.nFileIndexHigh << 32) | info.nFileIndexLow

    def read(self, handle: int, size: int) -> bytes:
        """ReadFile."""
        buffer = ctypes.create_string_buffer(size)
        done = wintypes.DWORD()
        self._check(self._k.ReadFile(handle, buffer, size, ctypes.byref(done), None))
        return buffer.raw[: done.value]

    def rewind(self, handle: int) -> None:
        """SetFilePointerEx(0, FILE_BEGIN)."""
        self._check(self._k.SetFilePointerEx(handle, 0, None, FILE_BEGIN))

    def write(self, handle: int, data: bytes) -> int:
        """WriteFile."""
        done = wintypes.DWORD()
        self._check(self._k.WriteFile(handle, data, len(data), ctypes.byref(done), None))
        return int(done.value)

    def flush(self, handle: int) -> None:
        """FlushFileBuffers."""
        self._check(self._k.FlushFileBuffers(handle))

    def set_delete(self, handle: int) -> None:
        """FileDispositionInfo with DeleteFile = TRUE."""
        flag = wintypes.BOOLEAN(True)
        self._check(
            self._k.SetFileInformationByHandle(
                handle, FILE_DISPOSITION_INFO_CLASS, ctypes.byref(flag), ctypes.sizeof(flag)
            )
        )

    def rename(self, handle: int, new_path: str) -> None:
        """FileRenameInfo with ReplaceIfExists = FALSE and the full new path."""
        name_bytes = len(new_path) * ctypes.sizeof(wintypes.WCHAR)
        size = ctypes.sizeof(FILE_RENAME_INFO) + name_bytes
        buffer = ctypes.create_string_buffer(size)
        info = FILE_RENAME_INFO.from_buffer(buffer)
        info.ReplaceIfExists = False
        info.RootDirectory = None
        info.FileNameLength = name_bytes
        offset = FILE_RENAME_INFO.FileName.offset
        name = ctypes.create_unicode_buffer(new_path)
        ctypes.memmove(ctypes.addressof(buffer) + offset, name, name_bytes)
        self._check(
            self._k.SetFileInformationByHandle(handle, FILE_RENAME_INFO_CLASS, buffer, size),
            new_path,
        )

    def create_directory(self, path: str) -> None:
        """CreateDirectoryW."""
        self._check(self._k.CreateDirectoryW(path, None), path)

    def exists(self, path: str) -> bool:
        """GetFileAttributesW (does not follow a link)."""
        if self._k.GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES:
            return True
        code = getattr(ctypes, "get_last_error")()  # noqa: B009
        if code in NOT_THERE:
            return False
        raise _error(code, path)

    def close(self, handle: int) -> None:
        """CloseHandle."""
        self._k.CloseHandle(handle)
