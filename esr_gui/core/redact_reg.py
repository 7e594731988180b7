"""Redacting a `.reg` file without changing anything else about it.

Plain lines (key paths, `"name"="text"`) are redacted as text. Strings that `reg export`
writes as hex — REG_EXPAND_SZ `hex(2):`, REG_MULTI_SZ `hex(7):`, a REG_SZ with a line break
`hex(1):` — are decoded, redacted, and written back as hex wrapped exactly like regedit.
"""

from __future__ import annotations

import re

from esr_gui.core.parse.regfile_write import hex_data
from esr_gui.core.redact_text import Encoded, TextRedactor, decode_member

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_HEX_STRING = re.compile(
    r'^(?P<name>"(?:[^"\\]|\\.)*"|@)=hex\((?P<type>[127])\):(?P<hex>[0-9A-Fa-f,\s\\]*)$',
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
    codec, errors = ("cp1252", "surrogateescape") if ansi else ("utf-16-le", "surrogatepass")
    try:
        text = raw.decode(codec, errors=errors)
    except UnicodeDecodeError:  # an odd byte count: not a string after all, left as it is
        return None
    redacted = redactor.redact(text)
    if redacted == text:
        return None
    data = redacted.encode(codec, errors=errors)
    name = match.group("name") + "="
    rewritten = name + hex_data(int(match.group("type")), data, _wide_len(name))
    return [line + "\r\n" for line in rewritten.split("\r\n")[:-1]] + [
        rewritten.split("\r\n")[-1] + ending
    ]


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
