"""Registry value type names and hive names shared by the `.reg` reader and writer.

The number of a type is the one `reg export` prints in `hex(n):` (lower-case hex). Types without
a common name are called `REG_TYPE_<n>`, with `n` spelled as in `hex(n):` (so `hex(a):` gives
`REG_TYPE_a`).
"""

from __future__ import annotations

REG_NONE = 0
REG_SZ = 1
REG_EXPAND_SZ = 2
REG_BINARY = 3
REG_DWORD = 4
REG_DWORD_BIG_ENDIAN = 5
REG_MULTI_SZ = 7
REG_QWORD = 11

MAX_TYPE_NUMBER = 0xFFFFFFFF

_NAMES: dict[int, str] = {
    REG_NONE: "REG_NONE",
    REG_SZ: "REG_SZ",
    REG_EXPAND_SZ: "REG_EXPAND_SZ",
    REG_BINARY: "REG_BINARY",
    REG_DWORD: "REG_DWORD",
    REG_DWORD_BIG_ENDIAN: "REG_DWORD_BIG_ENDIAN",
    REG_MULTI_SZ: "REG_MULTI_SZ",
    REG_QWORD: "REG_QWORD",
}

_ALIASES: dict[str, int] = {
    "REG_LINK": 6,
    "REG_RESOURCE_LIST": 8,
    "REG_FULL_RESOURCE_DESCRIPTOR": 9,
    "REG_RESOURCE_REQUIREMENTS_LIST": 10,
    "REG_DWORD_LITTLE_ENDIAN": REG_DWORD,
    "REG_QWORD_LITTLE_ENDIAN": REG_QWORD,
}

_NUMBERS: dict[str, int] = {name: number for number, name in _NAMES.items()} | _ALIASES

_TYPE_PREFIX = "REG_TYPE_"

FULL_HIVE_NAMES: dict[str, str] = {
    "HKLM": "HKEY_LOCAL_MACHINE",
    "HKCU": "HKEY_CURRENT_USER",
    "HKU": "HKEY_USERS",
    "HKCR": "HKEY_CLASSES_ROOT",
    "HKCC": "HKEY_CURRENT_CONFIG",
}


def reg_type_name(number: int) -> str:
    """The type name used in `RegValue.type` for the registry type `number` (e.g. 4 → REG_DWORD)."""
    return _NAMES.get(number, f"{_TYPE_PREFIX}{number:x}")


def raw_type_name(number: int) -> str:
    """The type name for data of type `number` kept as hex text because it did not decode.

    Types whose data is hex text anyway keep their name; the others become `REG_TYPE_<n>`, so a
    REG_DWORD is always an int and a REG_MULTI_SZ always a list.
    """
    if number in (REG_NONE, REG_BINARY) or number not in _NAMES:
        return reg_type_name(number)
    return f"{_TYPE_PREFIX}{number:x}"


def reg_type_number(name: str) -> int | None:
    """The registry type number of a `RegValue.type` name, or None when the name is unknown.

    Accepts the names `reg_type_name` gives, the other winreg constant names (REG_LINK,
    REG_RESOURCE_LIST...) and `REG_TYPE_<hex>`.
    """
    upper = name.strip().upper()
    if upper in _NUMBERS:
        return _NUMBERS[upper]
    if not upper.startswith(_TYPE_PREFIX):
        return None
    digits = upper[len(_TYPE_PREFIX) :]
    if not digits or any(c not in "0123456789ABCDEF" for c in digits):
        return None
    number = int(digits, 16)
    return number if number <= MAX_TYPE_NUMBER else None
