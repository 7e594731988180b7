"""Decoding the data side of `.reg` value lines: quoted strings, `dword:` and `hex(n):` bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from esr_gui.core.models.registry import RegData
from esr_gui.core.parse.regfile_types import (
    MAX_TYPE_NUMBER,
    REG_BINARY,
    REG_DWORD,
    REG_DWORD_BIG_ENDIAN,
    REG_EXPAND_SZ,
    REG_MULTI_SZ,
    REG_QWORD,
    REG_SZ,
    raw_type_name,
    reg_type_name,
)

_QUOTED_BODY = re.compile(r'(?:[^"\\]|\\.)*', re.DOTALL)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_HEX_PREFIX = re.compile(r"hex(?:\(([^)]*)\))?:", re.IGNORECASE)
_TYPE_DIGITS = re.compile(r"[0-9a-fA-F]{1,8}")
_DWORD = re.compile(r"dword:\s*([0-9a-fA-F]{1,8})", re.IGNORECASE)
_FIXED_SIZES = {REG_DWORD: 4, REG_DWORD_BIG_ENDIAN: 4, REG_QWORD: 8}


@dataclass(frozen=True)
class Decoded:
    """The outcome of decoding one value's data: its type and data, or why it was refused."""

    type: str = ""
    data: RegData = ""
    problem: str = ""


def unescape(text: str) -> str:
    """Undo the `\\\\` and `\\"` escapes of regedit; other backslash pairs stay as written."""
    return _ESCAPE.sub(lambda m: m.group(1) if m.group(1) in '\\"' else m.group(0), text)


def read_quoted(text: str) -> tuple[str, str | None]:
    """Read a quoted string whose opening quote was just before `text`.

    Returns the unescaped content and what follows the closing quote (None when the string
    never closes, in which case the content runs to the end of `text`).
    """
    match = _QUOTED_BODY.match(text)
    end = match.end() if match else 0
    if end < len(text) and text[end] == '"':
        return unescape(text[:end]), text[end + 1 :]
    return unescape(text), None


def split_value_name(line: str) -> tuple[str, str] | None:
    """Split `"name"=data` or `@=data` into (name, data); None when the line is neither."""
    if line.startswith("@"):
        name, rest = "", line[1:]
    elif line.startswith('"'):
        name, after = read_quoted(line[1:])
        if after is None:
            return None
        rest = after
    else:
        return None
    rest = rest.lstrip()
    return (name, rest[1:].strip()) if rest.startswith("=") else None


def is_hex_data(data: str) -> bool:
    """True when value data starts with `hex:` or `hex(n):`, the forms that can span lines."""
    return _HEX_PREFIX.match(data) is not None


def _without_comment(text: str) -> str:
    return text.split(";", 1)[0].strip()


def decode_string(data: str) -> Decoded:
    """A quoted REG_SZ: `"text"`, allowing only blanks or a `;` comment after it."""
    content, after = read_quoted(data[1:])
    if after is None:
        return Decoded("REG_SZ", content, "the string has no closing quote; kept to the line end")
    if after.strip() and not after.strip().startswith(";"):
        return Decoded("REG_SZ", content, f"text after the closing quote ignored: {after.strip()}")
    return Decoded("REG_SZ", content)


def decode_dword(data: str) -> Decoded:
    """`dword:XXXXXXXX` (one to eight hex digits)."""
    match = _DWORD.fullmatch(_without_comment(data))
    if match is None:
        return Decoded(problem="dword data must be 1 to 8 hex digits; value skipped")
    return Decoded("REG_DWORD", int(match.group(1), 16))


def _hex_type_number(spec: str | None) -> int | None:
    if spec is None:
        return REG_BINARY
    spec = spec.strip()
    if _TYPE_DIGITS.fullmatch(spec) is None:
        return None
    number = int(spec, 16)
    return number if number <= MAX_TYPE_NUMBER else None


def parse_hex_bytes(text: str) -> bytes | None:
    """Comma-separated two-digit hex bytes (blanks ignored, one trailing comma allowed)."""
    compact = "".join(text.split())
    if not compact:
        return b""
    tokens = compact.split(",")
    if tokens[-1] == "":
        tokens.pop()
    if any(len(token) != 2 for token in tokens):
        return None
    try:
        return bytes.fromhex("".join(tokens))
    except ValueError:
        return None


def decode_hex(data: str, ansi: bool) -> Decoded:
    """`hex:` / `hex(n):` data (continuation lines already joined) decoded for its type.

    `ansi` is True for REGEDIT4 files, whose string types hold single-byte ANSI text.
    """
    match = _HEX_PREFIX.match(data)
    number = _hex_type_number(match.group(1)) if match else None
    if match is None or number is None:
        return Decoded(problem="the hex type must be written hex(0) to hex(ffffffff); skipped")
    body = _without_comment(data[match.end() :])
    raw = parse_hex_bytes(body)
    if raw is None:
        kept = "".join(body.split()).lower()
        return Decoded(raw_type_name(number), kept, "malformed hex bytes; kept as written")
    return _typed(number, raw, ansi)


def _typed(number: int, raw: bytes, ansi: bool) -> Decoded:
    if number in (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ):
        text = _bytes_to_text(raw, ansi)
        if text is None:
            return _unfit(number, raw, "an odd number of bytes is not UTF-16 text")
        if number == REG_MULTI_SZ:
            stripped = text.rstrip("\0")
            return Decoded(reg_type_name(number), stripped.split("\0") if stripped else [])
        return Decoded(reg_type_name(number), text.split("\0", 1)[0])
    size = _FIXED_SIZES.get(number)
    if size is None:
        return Decoded(reg_type_name(number), raw.hex())
    if len(raw) != size:
        return _unfit(number, raw, f"{len(raw)} bytes where {size} are needed")
    big = number == REG_DWORD_BIG_ENDIAN
    return Decoded(reg_type_name(number), int.from_bytes(raw, "big" if big else "little"))


def _unfit(number: int, raw: bytes, why: str) -> Decoded:
    problem = f"{why} for {reg_type_name(number)}; kept as hex"
    return Decoded(raw_type_name(number), raw.hex(), problem)


def _bytes_to_text(raw: bytes, ansi: bool) -> str | None:
    if ansi:
        return raw.decode("cp1252", errors="replace")
    if len(raw) % 2:
        return None
    return raw.decode("utf-16-le", errors="replace")
