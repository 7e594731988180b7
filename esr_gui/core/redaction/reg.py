"""Redacting a `.reg` file without changing anything else about it.

Plain lines (key paths, `"name"="text"`) are redacted as text. Strings that `reg export`
writes as hex — REG_EXPAND_SZ `hex(2):`, REG_MULTI_SZ `hex(7):`, a REG_SZ with a line break
`hex(1):` — are decoded, redacted, and written back as hex wrapped exactly like regedit.
REG_BINARY `hex:` values often hold text too (MRU lists, cached account blobs): their bytes are
read as UTF-16LE at both byte alignments and as single-byte text, and any known value or
personal shape found there is replaced in place (the value's length may change; nothing reads
those blobs for diagnosis).
"""

from __future__ import annotations

import re

from esr_gui.core.parse.regfile_types import REG_BINARY
from esr_gui.core.parse.regfile_write import hex_data
from esr_gui.core.redaction.text import Encoded, TextRedactor, decode_member

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_HEX_STRING = re.compile(
    r'^(?P<name>"(?:[^"\\]|\\.)*"|@)=hex(?:\((?P<type>[1237])\))?:(?P<hex>[0-9A-Fa-f,\s\\]*)$',
    re.IGNORECASE,
)
_REGEDIT4 = "REGEDIT4"


def _logical_lines(text: str) -> list[list[str]]:
    """Physical lines (with their endings) grouped into logical ones joined by a trailing `\\`."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in _LINES.findall(text):
        current.append(line)
        if not line.rstrip("\r\n").endswith("\\"):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _wide_len(text: str) -> int:
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def _redact_hex_string(lines: list[str], redactor: TextRedactor, ansi: bool) -> list[str] | None:
    """The value rewritten when it is a hex-encoded string that needed redaction, else None."""
    ending = lines[-1][len(lines[-1].rstrip("\r\n")) :]
    joined = "".join(line.rstrip("\r\n").rstrip("\\").lstrip() for line in lines)
    match = _HEX_STRING.match(joined)
    if match is None:
        return None
    try:
        raw = bytes.fromhex(re.sub(r"[\s,\\]", "", match.group("hex")))
    except ValueError:
        return None
    type_number = int(match.group("type") or REG_BINARY)
    data = (
        _redact_binary(raw, redactor)
        if type_number == REG_BINARY
        else _redact_string(raw, redactor, ansi)
    )
    if data is None:
        return None
    name = match.group("name") + "="
    rewritten = name + hex_data(type_number, data, _wide_len(name))
    return [line + "\r\n" for line in rewritten.split("\r\n")[:-1]] + [
        rewritten.split("\r\n")[-1] + ending
    ]


def _redact_string(raw: bytes, redactor: TextRedactor, ansi: bool) -> bytes | None:
    """A hex-written string redacted, or None when nothing in it changes."""
    codec, errors = ("cp1252", "surrogateescape") if ansi else ("utf-16-le", "surrogatepass")
    try:
        text = raw.decode(codec, errors=errors)
    except UnicodeDecodeError:  # an odd byte count: not a string after all, left as it is
        return None
    redacted = redactor.redact(text)
    return None if redacted == text else redacted.encode(codec, errors=errors)


def _texty(char: str) -> bool:
    """Printable ASCII or Latin letters: what a name in a binary blob is made of."""
    code = ord(char)
    return 0x20 <= code < 0x7F or 0xA0 <= code < 0x250


def _replace_in(text: str, redactor: TextRedactor) -> str:
    """`text` (decoded binary) with values replaced where its readable runs hold them."""
    view = "".join(c if _texty(c) else "\0" for c in text)
    out: list[str] = []
    done = 0
    for start, end, token in redactor.replacements(view):
        out += [text[done:start], token]
        done = end
    return "".join(out) + text[done:]


def _redact_binary(raw: bytes, redactor: TextRedactor) -> bytes | None:
    """REG_BINARY bytes with text inside replaced (UTF-16LE both alignments, then 8-bit)."""
    data = raw
    for align in (0, 1):
        cut = align + (len(data) - align) // 2 * 2
        text = data[align:cut].decode("utf-16-le", "surrogatepass")
        redacted = _replace_in(text, redactor)
        if redacted != text:
            data = data[:align] + redacted.encode("utf-16-le", "surrogatepass") + data[cut:]
    text = data.decode("latin-1")
    data = _replace_in(text, redactor).encode("latin-1")
    return None if data == raw else data


def redact_reg(data: bytes, redactor: TextRedactor) -> bytes:
    """The `.reg` file with personal data replaced; same encoding, BOM and layout."""
    decoded: Encoded = decode_member(data)
    ansi = decoded.text.lstrip("\ufeff").startswith(_REGEDIT4)
    out: list[str] = []
    for group in _logical_lines(decoded.text):
        rewritten = _redact_hex_string(group, redactor, ansi)
        if rewritten is None:
            out.extend(redactor.redact(line) for line in group)
        else:
            out.extend(rewritten)
    return decoded.encode("".join(out))
