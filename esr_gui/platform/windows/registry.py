"""Registry keys read with `winreg` and written as `reg export` would write them.

Keys are read through the 64-bit view, with subkeys in the order Windows enumerates them, and
formatted by `format_reg_file`, so the bundle reads back exactly like `reg.exe export` output.
"""

from __future__ import annotations

import importlib
from typing import Any

from esr_gui.core.models.registry import RegData, RegKey, RegValue, canonical_key_path
from esr_gui.core.parse.regfile_types import (
    REG_DWORD,
    REG_DWORD_BIG_ENDIAN,
    REG_EXPAND_SZ,
    REG_MULTI_SZ,
    REG_QWORD,
    REG_SZ,
    reg_type_name,
)
from esr_gui.core.parse.regfile_write import format_reg_file
from esr_gui.platform.host import ProbeError

KEY_READ = 0x20019
KEY_WOW64_64KEY = 0x0100
MAX_DEPTH = 32
_HIVE_ATTRS = {
    "HKLM": "HKEY_LOCAL_MACHINE",
    "HKCU": "HKEY_CURRENT_USER",
    "HKU": "HKEY_USERS",
    "HKCR": "HKEY_CLASSES_ROOT",
    "HKCC": "HKEY_CURRENT_CONFIG",
}


def _convert(type_number: int, data: object) -> RegData:
    """winreg's Python value → RegValue data (binary as lower-case hex text)."""
    if type_number in (REG_SZ, REG_EXPAND_SZ) and isinstance(data, str):
        return data
    if type_number == REG_MULTI_SZ and isinstance(data, list):
        return [str(item) for item in data]
    if type_number in (REG_DWORD, REG_QWORD) and isinstance(data, int):
        return data
    if type_number == REG_DWORD_BIG_ENDIAN and isinstance(data, bytes) and len(data) == 4:
        return int.from_bytes(data, "big")
    if isinstance(data, bytes | bytearray):
        return bytes(data).hex()
    if data is None:
        return ""
    return str(data)


class RegistryReader:
    """Reads keys with a winreg-compatible module (the real one unless a test injects a fake)."""

    def __init__(self, winreg: Any = None) -> None:
        self._winreg = winreg

    @property
    def winreg(self) -> Any:
        """The winreg module, imported on first use."""
        if self._winreg is None:
            try:
                self._winreg = importlib.import_module("winreg")
            except ImportError:
                raise ProbeError("unavailable", "the registry needs Windows") from None
        return self._winreg

    def export(self, path: str, *, recursive: bool) -> bytes:
        """`reg export`-identical bytes of the key at `path` (and its subkeys if `recursive`)."""
        keys = self.read(path, recursive=recursive)
        try:
            return format_reg_file(keys)
        except ValueError as exc:
            raise ProbeError(
                "error", f"{path} holds a value that cannot be exported ({exc})"
            ) from None

    def read(self, path: str, *, recursive: bool) -> list[RegKey]:
        """The key and (when `recursive`) every subkey below it, in enumeration order."""
        try:
            canonical = canonical_key_path(path)
        except ValueError:
            raise ProbeError("error", f"{path} is not a registry key path") from None
        hive, _, sub = canonical.partition("\\")
        root = getattr(self.winreg, _HIVE_ATTRS[hive])
        handle = self._open(root, sub, canonical)
        keys: list[RegKey] = []
        self._walk(handle, canonical, recursive, keys, depth=0)
        return keys

    def _open(self, root: Any, sub: str, path: str) -> Any:
        try:
            return self.winreg.OpenKey(root, sub, 0, KEY_READ | KEY_WOW64_64KEY)
        except FileNotFoundError:
            raise ProbeError("not-found", f"the key {path} does not exist") from None
        except PermissionError:
            raise ProbeError(
                "access-denied", f"reading {path} needs administrator rights", code=5
            ) from None
        except OSError as exc:
            raise ProbeError("error", f"reading {path} failed ({exc})") from None

    def _walk(self, handle: Any, path: str, recursive: bool, out: list[RegKey], depth: int) -> None:
        wr = self.winreg
        with handle:
            subkey_count, value_count, _ = wr.QueryInfoKey(handle)
            out.append(RegKey(path=path, values=self._values(handle, value_count)))
            if not recursive or depth >= MAX_DEPTH:
                return
            for index in range(subkey_count):
                name = self._subkey_name(handle, index)
                if name is None:
                    continue
                child = self._open_child(handle, name, f"{path}\\{name}")
                if child is not None:
                    self._walk(child, f"{path}\\{name}", recursive, out, depth + 1)

    def _values(self, handle: Any, count: int) -> list[RegValue]:
        values: list[RegValue] = []
        for index in range(count):
            try:
                name, data, type_number = self.winreg.EnumValue(handle, index)
            except OSError:
                break  # the key changed while it was read; keep what was read
            converted = _convert(type_number, data)
            values.append(RegValue(name=name, type=reg_type_name(type_number), data=converted))
        return values

    def _subkey_name(self, handle: Any, index: int) -> str | None:
        try:
            return str(self.winreg.EnumKey(handle, index))
        except OSError:
            return None

    def _open_child(self, handle: Any, name: str, path: str) -> Any:
        """A subkey, or None when it vanished or is denied (reg export skips those too)."""
        try:
            return self._open(handle, name, path)
        except ProbeError:
            return None


def key_write_time(reader: RegistryReader, path: str) -> int | None:
    """Last write time of a key as FILETIME ticks (winreg.QueryInfoKey), or None if unreadable."""
    try:
        canonical = canonical_key_path(path)
        hive, _, sub = canonical.partition("\\")
        root = getattr(reader.winreg, _HIVE_ATTRS[hive])
        with reader.winreg.OpenKey(root, sub, 0, KEY_READ | KEY_WOW64_64KEY) as handle:
            return int(reader.winreg.QueryInfoKey(handle)[2])
    except (OSError, ValueError, ProbeError):
        return None
