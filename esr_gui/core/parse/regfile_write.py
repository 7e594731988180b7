"""Writing keys as a `.reg` file byte for byte the way `reg export` does (REGEDIT5, UTF-16LE).

Layout, as reg.exe writes it: BOM, the header line, then for each key a blank line, `[full key
path]` and one line per value, and a final blank line. Hex data is wrapped like regedit: a line
is broken with `,\\` once it reaches 77 characters and continues indented by two spaces.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable

from esr_gui.core.models.registry import RegKey, RegValue, canonical_key_path
from esr_gui.core.parse.regfile_types import (
    FULL_HIVE_NAMES,
    MAX_TYPE_NUMBER,
    REG_BINARY,
    REG_DWORD,
    REG_DWORD_BIG_ENDIAN,
    REG_EXPAND_SZ,
    REG_MULTI_SZ,
    REG_QWORD,
    REG_SZ,
    reg_type_number,
)

HEADER = "Windows Registry Editor Version 5.00"
CRLF = "\r\n"
_WRAP_AT = 77
_CONTINUATION = "\\" + CRLF + "  "


def _wide_len(text: str) -> int:
    """Length in UTF-16 code units, the unit regedit counts line length in."""
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def _escape(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return escaped.replace("\r", "\\r").replace("\n", "\\n")


def _utf16z(text: str) -> bytes:
    return (text + "\0").encode("utf-16-le", errors="surrogatepass")


def full_key_path(path: str) -> str:
    """`path` with its hive spelled out (HKLM → HKEY_LOCAL_MACHINE); ValueError if no hive."""
    hive, _, rest = canonical_key_path(path).partition("\\")
    full = FULL_HIVE_NAMES[hive]
    return f"{full}\\{rest}" if rest else full


def hex_data(type_number: int, data: bytes, line_len: int) -> str:
    """`hex:` / `hex(n):` and the bytes, wrapped as regedit wraps them.

    `line_len` is the length of what precedes on the line (the `"name"=` part).
    """
    prefix = "hex:" if type_number == REG_BINARY else f"hex({type_number:x}):"
    line_len += len(prefix)
    out = [prefix]
    last = len(data) - 1
    for index, byte in enumerate(data):
        out.append(f"{byte:02x}")
        if index == last:
            break
        out.append(",")
        line_len += 3
        if line_len >= _WRAP_AT:
            out.append(_CONTINUATION)
            line_len = 2
    return "".join(out)


def _text(value: RegValue) -> str:
    if not isinstance(value.data, str):
        raise ValueError(f"value {value.name!r} of type {value.type} needs text data")
    return value.data.split("\0", 1)[0]


def _number(value: RegValue, size: int) -> int:
    number = value.as_int()
    bits = 8 * size
    if number is None or not -(1 << (bits - 1)) <= number < (1 << bits):
        raise ValueError(f"value {value.name!r} of type {value.type} needs a {bits}-bit number")
    return number & ((1 << bits) - 1)


def _multi(value: RegValue) -> bytes:
    if not isinstance(value.data, list):
        raise ValueError(f"value {value.name!r} of type REG_MULTI_SZ needs a list of strings")
    return "".join(item + "\0" for item in value.data).encode("utf-16-le", "surrogatepass")


def _raw(value: RegValue) -> bytes:
    if not isinstance(value.data, str):
        raise ValueError(f"value {value.name!r} of type {value.type} needs hex text data")
    try:
        return bytes.fromhex("".join(value.data.split()).replace(",", ""))
    except ValueError:
        raise ValueError(f"value {value.name!r} of type {value.type} has invalid hex") from None


def _data_text(number: int, value: RegValue, line_len: int) -> str:
    if number == REG_SZ:
        text = _text(value)
        if "\r" in text or "\n" in text:
            return hex_data(REG_SZ, _utf16z(text), line_len)
        return f'"{_escape(text)}"'
    if number == REG_DWORD:
        return f"dword:{_number(value, 4):08x}"
    if number == REG_DWORD_BIG_ENDIAN:
        return hex_data(number, _number(value, 4).to_bytes(4, "big"), line_len)
    if number == REG_QWORD:
        return hex_data(number, _number(value, 8).to_bytes(8, "little"), line_len)
    if number == REG_EXPAND_SZ:
        return hex_data(number, _utf16z(_text(value)), line_len)
    if number == REG_MULTI_SZ:
        return hex_data(number, _multi(value) + b"\0\0", line_len)
    return hex_data(number, _raw(value), line_len)


def format_value(value: RegValue) -> str:
    """One value line as reg export writes it (without the line break).

    A REG_SZ holding a line break is written as `hex(1):` so that the file keeps its meaning.
    Raises ValueError when the type is unknown or the data does not fit it.
    """
    number = reg_type_number(value.type)
    if number is None or number > MAX_TYPE_NUMBER:
        raise ValueError(f"value {value.name!r} has an unknown registry type {value.type!r}")
    name_part = f'"{_escape(value.name)}"=' if value.name else "@="
    return name_part + _data_text(number, value, _wide_len(name_part))


def format_reg_file(keys: Iterable[RegKey]) -> bytes:
    """The bytes `reg export` would write for `keys` (in the given order, values as given).

    Raises ValueError for a key outside the five hives or a value whose data does not fit its
    type; these are programming errors of the caller, not properties of a device.
    """
    parts = [HEADER, CRLF]
    for key in keys:
        parts.append(f"{CRLF}[{full_key_path(key.path)}]{CRLF}")
        parts.extend(format_value(value) + CRLF for value in key.values)
    parts.append(CRLF)
    return codecs.BOM_UTF16_LE + "".join(parts).encode("utf-16-le", errors="surrogatepass")
