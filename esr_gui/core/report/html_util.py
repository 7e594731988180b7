"""Escaping for the HTML report: every value from a bundle is untrusted text.

`esc()` is the one door a value goes through into the page: lone surrogates and control
characters are replaced, direction overrides (which can make text read backwards) are made
visible, overlong values are cut with a note, and then `html.escape` with quotes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

MAX_VALUE_CHARS = 4000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
REPLACEMENT = "\ufffd"


def clean(value: object, limit: int = MAX_VALUE_CHARS) -> str:
    """`value` as safe display text: no surrogates, controls or bidi overrides; cut at `limit`."""
    text = str(value)
    text = _CONTROL.sub(REPLACEMENT, text)
    text = _BIDI.sub(REPLACEMENT, text)
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text) - limit:,} more characters not shown)"
    return text


def esc(value: object, limit: int = MAX_VALUE_CHARS) -> str:
    """`value` cleaned and HTML-escaped (quotes included), ready for text or an attribute."""
    return html.escape(clean(value, limit), quote=True)


def tag(name: str, body: str, cls: str = "") -> str:
    """`<name class="cls">body</name>`; `body` must already be escaped markup."""
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"<{name}{attr}>{body}</{name}>"


def rows(pairs: Iterable[tuple[str, str]], empty: str = "not given") -> str:
    """A two-column table body: label, value (both escaped here); empty values say `empty`."""
    out = []
    for label, value in pairs:
        shown = esc(value) if value.strip() else f'<span class="muted">{esc(empty)}</span>'
        out.append(f"<tr><th scope='row'>{esc(label)}</th><td>{shown}</td></tr>")
    return "\n".join(out)


def anchor_id(finding_id: str) -> str:
    """A fragment id for a finding (`f-ki-mdm-sideload-1607`): letters, digits and dashes."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", finding_id).strip("-")
