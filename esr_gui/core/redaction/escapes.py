"""Other spellings of the same text: escapes decoded into a view that maps back to the original.

An identifier may be written URL-encoded (`jdoe%40contoso.com`), JSON-escaped (`\\u0040`) or
with XML character references (`&#64;`, `&#74;doe`). `EscapedView` decodes those escapes so the
redactor's one pattern sees plain text, then maps each match back onto the original span and
writes the token with the same escapes for the characters the original had escaped: a URL stays
a URL, JSON stays JSON. Text with no escape is never copied or remapped.

Only percent-escapes of characters that are not letters or digits are decoded (URLs never need
to escape those, and `%4A` in an event channel file name `…%4Admin.evtx` is not a `J`); numeric
character references and `\\uXXXX` are decoded whatever they stand for.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

_ESCAPE = re.compile(
    r"(?P<pct>(?:%[0-9A-Fa-f]{2})+)"
    r"|\\u(?P<json>[0-9A-Fa-f]{4})"
    r"|&#(?P<dec>[0-9]{1,7});"
    r"|&#[xX](?P<hex>[0-9A-Fa-f]{1,6});"
)
_PCT = re.compile(r"%[0-9A-Fa-f]{2}")


@dataclass
class EscapedView:
    """`text` with its escapes decoded; `escapes` holds (view index, original span) of each."""

    original: str
    text: str
    starts: list[int] = field(default_factory=list)  # view index of each decoded escape
    spans: list[tuple[int, int]] = field(default_factory=list)  # its original span
    shifts: list[int] = field(default_factory=list)  # original - view offset after it

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the view span [start, end)."""
        before = bisect.bisect_left(self.starts, start)
        through = bisect.bisect_left(self.starts, end)
        shift_start = self.shifts[before - 1] if before else 0
        shift_end = self.shifts[through - 1] if through else 0
        return start + shift_start, end + shift_end

    def escaped_chars(self, start: int, end: int) -> dict[str, str]:
        """Each character decoded from an escape in the view span, and how it was written."""
        out: dict[str, str] = {}
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end)
        for index in range(first, last):
            a, b = self.spans[index]
            out.setdefault(self.text[self.starts[index]], self.original[a:b])
        return out


def _decode_percent(run: str) -> list[tuple[str, int, int]]:
    """(character, start, end) within `run` for each percent-escape worth decoding."""
    out: list[tuple[str, int, int]] = []
    raw = bytes(int(run[i + 1 : i + 3], 16) for i in range(0, len(run), 3))
    pos = 0
    while pos < len(raw):
        size = 1 if raw[pos] < 0x80 else (2 if raw[pos] < 0xE0 else 3 if raw[pos] < 0xF0 else 4)
        try:
            char = raw[pos : pos + size].decode("utf-8")
        except UnicodeDecodeError:
            pos += 1
            continue
        if size > 1 or not char.isalnum():
            out.append((char, 3 * pos, 3 * (pos + size)))
        pos += size
    return out


def _decoded(match: re.Match[str]) -> list[tuple[str, int, int]]:
    if match.group("pct"):
        base = match.start()
        return [(c, base + a, base + b) for c, a, b in _decode_percent(match.group())]
    number = match.group("json") or match.group("dec") or match.group("hex")
    value = int(number, 10 if match.group("dec") else 16)
    if value > 0x10FFFF:
        return []
    return [(chr(value), match.start(), match.end())]


def escaped_view(text: str) -> EscapedView | None:
    """The decoded view of `text`, or None when it has no escape worth decoding."""
    if "%" not in text and "\\u" not in text and "&#" not in text:
        return None
    pieces: list[str] = []
    view = EscapedView(text, "")
    done = 0
    length = 0
    for match in _ESCAPE.finditer(text):
        for char, a, b in _decoded(match):
            pieces.append(text[done:a])
            length += a - done
            view.starts.append(length)
            view.spans.append((a, b))
            pieces.append(char)
            length += 1
            view.shifts.append(b - length)
            done = b
    if not view.starts:
        return None
    pieces.append(text[done:])
    view.text = "".join(pieces)
    return view


def respell(token: str, escaped: dict[str, str]) -> str:
    """`token` with each character the original had escaped written the same way."""
    if not escaped:
        return token
    return "".join(_respell_char(c, escaped) for c in token)


def _respell_char(char: str, escaped: dict[str, str]) -> str:
    form = escaped.get(char)
    if form is None:
        return char
    if _PCT.match(form):  # the same character, percent-encoded as UTF-8
        return "".join(f"%{b:02X}" for b in char.encode("utf-8"))
    return form


def substitute(text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> str:
    """`pattern.sub(replace, text)`, matched on the decoded view when `text` has escapes."""
    view = escaped_view(text)
    if view is None:
        return pattern.sub(replace, text)
    out: list[str] = []
    done = 0
    for match in pattern.finditer(view.text):
        token = replace(match)
        if token == match.group():
            continue
        start, end = view.to_original(*match.span())
        out.append(text[done:start])
        out.append(respell(token, view.escaped_chars(*match.span())))
        done = end
    out.append(text[done:])
    return "".join(out)
