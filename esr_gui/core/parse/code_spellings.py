"""Error codes in every spelling Windows logs them, normalised to `0xXXXXXXXX`.

The same HRESULT appears as `80070259`, `0x80070259`, `0xcaa5001c`, as unsigned decimal
(`3399811100` in AAD's Error field) or signed decimal (`-895418359`). Diagnosis compares the
normalised form only.
"""

from __future__ import annotations

import re

_HEX_PREFIXED = re.compile(r"(?<![0-9A-Za-z])0[xX]([0-9A-Fa-f]{1,8})(?![0-9A-Za-z])")
# Bare 8-digit hex with the failure bit set; not part of a GUID, thumbprint or longer token.
_HEX_BARE = re.compile(r"(?<![0-9A-Za-z\-{])([89A-Fa-f][0-9A-Fa-f]{7})(?![0-9A-Za-z\-}])")
_DECIMAL = re.compile(r"^[-+]?\d{1,10}$")

# EventData fields whose plain numbers are status codes (decimal spellings are only trusted here).
CODE_FIELD_NAMES = frozenset(
    name.lower()
    for name in (
        "Error",
        "ErrorCode",
        "Status",
        "HRESULT",
        "Result",
        "ExitCode",
        "hr",
        "Code",
        "StatusCode",
        "ErrorStatus",
        "SubStatus",
    )
)


def _format(value: int) -> str:
    return f"0x{value & 0xFFFFFFFF:08X}"


def normalize_code(text: str) -> str | None:
    """One code in any spelling → `0x` + 8 upper-case hex digits; None if it is not a code.

    Zero (success) is not a code. Plain decimals are accepted only when they are negative
    (a signed HRESULT) or at least 0x80000000 (an unsigned failure HRESULT/NTSTATUS).
    """
    token = text.strip()
    if not token:
        return None
    match = _HEX_PREFIXED.fullmatch(token)
    if match:
        value = int(match.group(1), 16)
        return _format(value) if value else None
    if _HEX_BARE.fullmatch(token) and not token.isdigit():
        return _format(int(token, 16))
    if _DECIMAL.match(token):
        value = int(token)
        if value < 0 and value >= -(2**31):
            return _format(value)
        if 0x80000000 <= value <= 0xFFFFFFFF:
            return _format(value)
        if token.isdigit() and len(token) == 8 and token[0] in "89":
            return _format(int(token, 16))  # "80070259" is hex even though it is all digits
    return None


def find_codes(text: str) -> list[str]:
    """Every code written in hex inside free text, normalised, in order of first appearance."""
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _HEX_PREFIXED.finditer(text):
        value = int(match.group(1), 16)
        spans.append(match.span())
        if value and len(match.group(1)) >= 4:
            found.append(_format(value))
    for match in _HEX_BARE.finditer(text):
        if any(a <= match.start() < b for a, b in spans):
            continue
        token = match.group(1)
        if token.isdigit() and token[0] not in "89":
            continue
        found.append(_format(int(token, 16)))
    return list(dict.fromkeys(found))


def codes_in_fields(fields: dict[str, str]) -> list[str]:
    """Codes in event data: whole-field decimals for known code fields, hex anywhere."""
    found: list[str] = []
    for name, value in fields.items():
        if name.lower() in CODE_FIELD_NAMES:
            code = normalize_code(value)
            if code:
                found.append(code)
                continue
        found.extend(find_codes(value))
    return list(dict.fromkeys(found))
