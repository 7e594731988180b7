"""Reading `.reg` files as `reg export` and regedit write them (REGEDIT5 and REGEDIT4).

A file is read leniently: anything odd inside it becomes a warning and the rest is kept. Only a
file that is not a `.reg` file at all is refused, with a ParseError.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field

from esr_gui.core.decoding import decode_text
from esr_gui.core.errors import ParseError
from esr_gui.core.models.registry import RegistryView, RegKey, RegValue, canonical_key_path, key_id
from esr_gui.core.parse.regfile_data import (
    Decoded,
    decode_dword,
    decode_hex,
    decode_string,
    is_hex_data,
    split_value_name,
)

RegFormat = Literal["REGEDIT5", "REGEDIT4"]

_HEADERS: dict[str, RegFormat] = {
    "windows registry editor version 5.00": "REGEDIT5",
    "regedit4": "REGEDIT4",
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_UTF16_STARTS = ("Windows Registry".encode("utf-16-le"), "REGEDIT4".encode("utf-16-le"))
_NOT_CONTINUATION = ('"', "@", "[")
MAX_WARNINGS = 200
_NO_HEADER = (
    "not a .reg file: the 'Windows Registry Editor Version 5.00' or 'REGEDIT4' header is missing"
)
_KNOWN_HIVES = (
    "HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_USERS, HKEY_CLASSES_ROOT or HKEY_CURRENT_CONFIG"
)


class RegFile(BaseModel):
    """One parsed `.reg` file.

    `keys` are in file order with canonical paths (HKLM\\..., HKCU\\..., HKU\\...); a key that
    appears twice is merged into its first place. `deleted_keys` (`[-KEY]`) and `deleted_values`
    (`"name"=-`, as (key path, value name)) apply to what earlier files set; deletions that
    follow a setting in the same file have already been applied to `keys`.
    """

    format: RegFormat
    origin: str = ""
    keys: list[RegKey] = Field(default_factory=list)
    deleted_keys: list[str] = Field(default_factory=list)
    deleted_values: list[tuple[str, str]] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        text = decode_text(data)
    elif data.startswith(_UTF16_STARTS):
        text = data[: len(data) - len(data) % 2].decode("utf-16-le", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.lstrip("\ufeff").replace("\x00", "")


def _read_header(lines: list[str], origin: str) -> tuple[RegFormat, int]:
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        fmt = _HEADERS.get(" ".join(line.split()).lower())
        if fmt is not None:
            return fmt, index + 1
        break
    else:
        raise ParseError("the .reg file is empty", source=origin)
    raise ParseError(_NO_HEADER, source=origin)


def _snippet(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _set_value(key: RegKey, value: RegValue) -> None:
    wanted = value.name.lower()
    for index, existing in enumerate(key.values):
        if existing.name.lower() == wanted:
            key.values[index] = value
            return
    key.values.append(value)


class _Parser:
    """Line-by-line state of one file: the current key, what was set, deleted and noticed."""

    def __init__(self, lines: list[str], ansi: bool) -> None:
        self.lines = lines
        self.ansi = ansi
        self.keys: dict[str, RegKey] = {}
        self.current: RegKey | None = None
        self.skip_reason = "it comes before any [key] line"
        self.deleted_keys: list[str] = []
        self.deleted_values: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self.dropped_warnings = 0

    def warn(self, lineno: int, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(f"line {lineno}: {message}")
        else:
            self.dropped_warnings += 1

    def run(self, start: int) -> None:
        index = start
        while index < len(self.lines):
            line = self.lines[index].strip()
            if not line or line.startswith(";"):
                index += 1
            elif line.startswith("["):
                self._key_line(line, index + 1)
                index += 1
            else:
                index = self._value_line(index)
        if self.dropped_warnings:
            self.warnings.append(f"{self.dropped_warnings} more warnings not shown")

    def _key_line(self, line: str, lineno: int) -> None:
        self.current = None
        self.skip_reason = ""
        end = line.rfind("]")
        if end < 0:
            self.warn(
                lineno, f"key line without a closing ']', its values skipped: {_snippet(line)}"
            )
            return
        body = line[1:end]
        deleting = body.startswith("-")
        path = body[1:] if deleting else body
        try:
            canonical = canonical_key_path(path)
        except ValueError:
            hive_msg = f"[{_snippet(path)}] is not under {_KNOWN_HIVES}; its values are skipped"
            self.warn(lineno, hive_msg)
            return
        if deleting:
            self._delete_key(canonical)
            self.skip_reason = "it follows a [-key] deletion"
            return
        self.current = self.keys.setdefault(canonical.lower(), RegKey(path=canonical))

    def _delete_key(self, canonical: str) -> None:
        kid = canonical.lower()
        for existing in [k for k in self.keys if k == kid or k.startswith(kid + "\\")]:
            del self.keys[existing]
        self.deleted_keys.append(canonical)

    def _value_line(self, index: int) -> int:
        lineno = index + 1
        line = self.lines[index].strip()
        split = split_value_name(line)
        if split is None:
            self.warn(lineno, f"neither a key nor a value line, ignored: {_snippet(line)}")
            return index + 1
        name, data = split
        data, next_index = self._joined(data, index)
        if self.current is None:
            if self.skip_reason:
                self.warn(lineno, f"value {name!r} skipped because {self.skip_reason}")
            return next_index
        self._apply(self.current, name, data, lineno)
        return next_index

    def _joined(self, data: str, index: int) -> tuple[str, int]:
        """Hex data with its `\\`-continued lines joined, and the index of the next line."""
        following = index + 1
        if not is_hex_data(data):
            return data, following
        parts = [data]
        while parts[-1].endswith("\\"):
            parts[-1] = parts[-1][:-1]
            while following < len(self.lines) and self.lines[following].strip().startswith(";"):
                following += 1
            nxt = self.lines[following].strip() if following < len(self.lines) else ""
            if not nxt or nxt.startswith(_NOT_CONTINUATION):
                self.warn(index + 1, "hex data ends with '\\' but no continuation line follows")
                break
            parts.append(nxt)
            following += 1
        return "".join(parts), following

    def _apply(self, key: RegKey, name: str, data: str, lineno: int) -> None:
        if data == "-":
            key.values = [v for v in key.values if v.name.lower() != name.lower()]
            self.deleted_values.append((key.path, name))
            return
        decoded = self._decode_data(data)
        if decoded.problem:
            self.warn(lineno, f"value {name!r}: {decoded.problem}")
        if decoded.type:
            _set_value(key, RegValue(name=name, type=decoded.type, data=decoded.data))

    def _decode_data(self, data: str) -> Decoded:
        if data.startswith('"'):
            return decode_string(data)
        if data[:6].lower() == "dword:":
            return decode_dword(data)
        if is_hex_data(data) or data[:4].lower() == "hex(":
            return decode_hex(data, self.ansi)
        return Decoded(problem=f"unknown data form, value skipped: {_snippet(data)}")


def parse_reg_file(data: bytes, origin: str = "") -> RegFile:
    """Parse the bytes of a `.reg` file (REGEDIT5 UTF-16LE or UTF-8, or REGEDIT4 ANSI).

    `origin` names the file in messages. Raises ParseError only when the header is missing;
    every other oddity is skipped or kept as raw hex, and reported in `RegFile.warnings`.
    """
    lines = _LINE_BREAK.split(_decode(bytes(data)))
    fmt, start = _read_header(lines, origin)
    parser = _Parser(lines, ansi=fmt == "REGEDIT4")
    parser.run(start)
    return RegFile(
        format=fmt,
        origin=origin,
        keys=list(parser.keys.values()),
        deleted_keys=parser.deleted_keys,
        deleted_values=parser.deleted_values,
        warnings=parser.warnings,
    )


def _valid_path(path: str) -> bool:
    try:
        key_id(path)
    except ValueError:
        return False
    return True


def _apply_deletions(view: RegistryView, reg: RegFile) -> None:
    for path in filter(_valid_path, reg.deleted_keys):
        kid = key_id(path)
        for existing in [k for k in view.keys if k == kid or k.startswith(kid + "\\")]:
            del view.keys[existing]
    for path, name in reg.deleted_values:
        key = view.keys.get(key_id(path)) if _valid_path(path) else None
        if key is not None:
            key.values = [v for v in key.values if v.name.lower() != name.lower()]


def merge_reg_files(files: Iterable[RegFile], user_sid: str | None = None) -> RegistryView:
    """Apply `.reg` files in order into one RegistryView.

    For each file its `[-KEY]` deletions (key and subkeys) and `"name"=-` deletions are applied
    first, then its keys, whose values override earlier ones of the same name.
    """
    view = RegistryView(user_sid=user_sid)
    for reg in files:
        _apply_deletions(view, reg)
        added = [k for k in reg.keys if _valid_path(k.path)]
        view = RegistryView.merged([*view.keys.values(), *added], user_sid=user_sid)
    return view
