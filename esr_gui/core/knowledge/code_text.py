"""Codes shown with their meaning: a code's name, and text with each known code explained.

Everything here reads the one code table (`core.knowledge.error_codes`); the GUI, the text and
HTML reports use it wherever a code is printed.
"""

from __future__ import annotations

import re

from esr_gui.core.knowledge.code_meanings import AADSTS_CODES, aadsts_codes, code_info
from esr_gui.core.parse.code_spellings import find_codes


def code_label(code: str) -> str:
    """A code's name as printed beside it (`ERROR_ACCESS_DISABLED_BY_POLICY`), or ""."""
    info = code_info(code)
    if info is None:
        return ""
    return info.name.strip("[]") if info.name.startswith("[") else info.name


def first_sentence(text: str) -> str:
    """The first sentence of a meaning (up to its first full stop followed by a space)."""
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def annotate_codes(text: str, beside: str = "") -> str:
    """`text` with each known code followed by its name and meaning in brackets, once.

    Where the code's name already follows it only the meaning is added; a text already
    carrying the meaning (in itself or in `beside`, e.g. the evidence note shown next to it)
    is left as it is; unknown codes stay bare (we never guess).
    """
    out = text
    for code in find_codes(text):
        info = code_info(code)
        if info is None:
            continue
        meaning = first_sentence(info.meaning)
        if meaning in out or meaning in beside:
            continue
        label = code_label(code)
        note = f" ({meaning})" if label in out else f" ({label}: {meaning})"
        out = _after_code(out, code, note, label if label in out else "")
    return _annotate_aadsts(out, beside)


def _annotate_aadsts(text: str, beside: str) -> str:
    """Each known `AADSTSnnnnn` followed by its meaning in brackets, once."""
    out = text
    for number in aadsts_codes(text):
        meaning = AADSTS_CODES.get(number)
        if meaning is None or meaning in out or meaning in beside:
            continue
        match = re.search(rf"AADSTS{number}(?!\d)", out, re.IGNORECASE)
        if match is not None:
            out = out[: match.end()] + f" ({meaning})" + out[match.end() :]
    return out


def _after_code(text: str, code: str, note: str, label: str = "") -> str:
    """Insert `note` after the first spelling of `code` (and its `label`, if it follows)."""
    bare = code[2:]
    tail = rf"(?:\s+{re.escape(label)})?" if label else ""
    match = re.search(rf"(?:0x)?{bare}(?![0-9A-Fa-f]){tail}", text, re.IGNORECASE)
    if match is None:
        return text
    return text[: match.end()] + note + text[match.end() :]
