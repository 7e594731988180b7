"""Word wrapping in linear time: what `textwrap.wrap` returns, without its quadratic case.

`textwrap` breaks a word longer than the line by slicing the rest of the word off again for
every line, so one 8 MB value in a report took 13 s. Here a long word is walked with an
offset instead; the lines are the same as `textwrap.wrap(text, width, initial_indent=...,
subsequent_indent=..., break_on_hyphens=False)` (the other options at their defaults).
"""

from __future__ import annotations

import re

_CHUNK = re.compile(r" +|[^ ]+")
_TO_SPACE = str.maketrans(dict.fromkeys("\t\n\x0b\x0c\r", " "))


def wrap_text(
    text: str, width: int, initial_indent: str = "", subsequent_indent: str = ""
) -> list[str]:
    """Lines of at most `width` characters, breaking between words, and inside words longer
    than a line; whitespace at line ends and at the start of a continued line is dropped."""
    if width <= 0:
        raise ValueError(f"invalid width {width!r} (must be > 0)")
    chunks = _CHUNK.findall(text.expandtabs().translate(_TO_SPACE))
    pending = chunks[::-1]
    # textwrap splits at ASCII whitespace but drops any chunk that `str.strip()` empties
    # (a no-break space too); a chunk's rest is blank when `skip` is past its last non-blank.
    blank_from = [len(chunk.rstrip()) for chunk in pending]
    skip = 0  # characters of pending[-1] already placed on earlier lines
    lines: list[str] = []
    while pending:
        indent = subsequent_indent if lines else initial_indent
        room = width - len(indent)
        if room <= 0:
            raise ValueError("the indent leaves no room on the line")
        if lines and blank_from[-1] <= skip:
            pending.pop()
            blank_from.pop()
            skip = 0
            if not pending:
                break
        line, skip = _fill(pending, blank_from, skip, room)
        if line:
            lines.append(indent + "".join(line))
    return lines


def _fill(pending: list[str], blank_from: list[int], skip: int, room: int) -> tuple[list[str], int]:
    """Take the chunks that fit in `room` (breaking an over-long word); the new skip."""
    line: list[str] = []
    used = 0
    while pending and used + len(pending[-1]) - skip <= room:
        used += len(pending[-1]) - skip
        line.append(pending.pop()[skip:])
        blank_from.pop()
        skip = 0
    if pending and len(pending[-1]) - skip > room:
        take = room - used  # textwrap places an empty piece when the line is full
        line.append(pending[-1][skip : skip + take])
        skip += take
    if line and not line[-1].strip():
        line.pop()
    return line, skip
