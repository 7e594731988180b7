"""Line preparation for the `dsregcmd /status` parser: paste clean-up, reflow, classification.

Nothing here raises: every line ends up classified, at worst as OTHER.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise

from esr_gui.core.models.dsreg import normalize_key
from esr_gui.core.parse.dsregcmd_vocab import KNOWN_KEYS, is_known_key, is_known_section

MAX_KEY_LENGTH = 48

_RULER = re.compile(r"^\s*\+[-=]{3,}\+?\s*$")
_RULER_ANYWHERE = re.compile(r"\+[-=]{3,}\+?")
_HEADER = re.compile(r"^\s*\|\s*([^|:]{1,60}?)\s*(\|)?\s*$")
_HEADER_ANYWHERE = re.compile(r"\|\s*([^|:]{1,60}?)\s*\|")
_FIELD = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z][A-Za-z0-9 _\-]{0,47}?)\s*:(?P<value>.*)$")
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*[\w+.#-]*\s*$")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_BULLET = re.compile(r"^(\s*)[-*]\s+(?=[A-Za-z|+])")
# A shell prompt: "C:\\>", "PS C:\\x>", "*Evil-WinRM* PS C:\\x>", "PS>", or a Unix-style "$ cmd".
_PROMPT = re.compile(r"^\s*(?:\*[^*\s]+\*\s*)?(?:PS\s+)?[A-Za-z]:\\[^>]*>|^\s*PS>|^\s*\$\s+\S")
_NOISE_PHRASES = (
    "for more information, please visit",
    "waiting for diagnostics task",
)
_NOISE_IN_TEXT = re.compile(
    r"For more information, please visit|Waiting for Diagnostics Task|PS [A-Za-z]:\\"
    r"|(?<!\S)[A-Za-z]:\\[^\s>]*>",
    re.IGNORECASE,
)
_CAMEL_KEY = re.compile(r"^[A-Z][a-z]+(?:[A-Z0-9][A-Za-z0-9]*)+$")
# A key dsregcmd could print but our vocabulary does not know yet: "Title Case Words".
_TITLE_KEY = re.compile(r"^[A-Z][A-Za-z0-9]*(?:[ _-][A-Z0-9][A-Za-z0-9]*){1,4}$")
_WORD = re.compile(r"\S+")
# A paste copied out of a web page: line breaks written as <br>, <p> or <div>, text in inline
# tags, entities such as &nbsp; and &gt;. Only these tags are touched, so a redaction such as
# "<tenant name>" stays as typed; only entities with their ';' are decoded (never "&copy=").
_HTML_BREAK = re.compile(r"<\s*(?:br|/?p|/?div|/?tr|/?li)\b[^<>]*>", re.IGNORECASE)
_HTML_INLINE = re.compile(
    r"<\s*/?\s*(?:pre|code|span|b|strong|i|em|tt|samp|kbd|font|td|th|table|tbody|ul|ol)\b[^<>]*>",
    re.IGNORECASE,
)
_HTML_ENTITY = re.compile(r"&(?:nbsp|lt|gt|amp|quot|apos|#\d{1,6}|#x[0-9a-f]{1,6});", re.IGNORECASE)
# What a script log, transcript viewer or editor may write before every line: a date and time
# ("2026-11-25 09:14:03.123", "[09:14:03]", "11/25/2026 9:14:03 AM") or a line number ("12:",
# "  12 |", "12\t"), then one separator character that is not part of the text's own indent.
_LINE_PREFIX = re.compile(
    r"^(?:\[?\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?"
    r"|\[?\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2}(?: ?[AP]M)?\]?"
    r"|\[\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\]"
    r"|\s{0,5}\d{1,5}(?:\t| ?[:|]))[ \t]?"
)
PREFIX_MIN_LINES = 5
PREFIX_SHARE = 0.9
_UNICODE_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2002\u2003\u2009\u3000"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)


class Kind(Enum):
    """What a prepared line is."""

    BLANK = "blank"
    RULER = "ruler"
    HEADER = "header"
    NOISE = "noise"
    PROMPT = "prompt"
    FIELD = "field"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One prepared line: its 1-based number in the decoded text and its cleaned text."""

    number: int
    text: str
    reflowed: bool = False


@dataclass(frozen=True, slots=True)
class Classified:
    """A line with its kind; `name`/`key`/`value` are set for headers and fields."""

    kind: Kind
    line: SourceLine
    name: str = ""
    key: str = ""
    value: str = ""
    indent: int = 0
    colon: int = -1
    spaced_colon: bool = True


def _clean_markdown(text: str) -> tuple[str | None, str | None]:
    """(cleaned line or None if dropped, name of the repair or None)."""
    if _FENCE.match(text):
        return None, "code fences"
    repair = None
    if _QUOTE.match(text):
        text, repair = _QUOTE.sub("", text, count=1), "quote prefixes"
    body = text.strip()
    for mark in ("**", "__", "*", "_"):
        if len(body) > 2 * len(mark) and body.startswith(mark) and body.endswith(mark):
            inner = body[len(mark) : -len(mark)]
            if inner.strip() and not inner.startswith(mark[0]):
                indent = text[: len(text) - len(text.lstrip())]
                return indent + inner.strip(), "emphasis markers"
            break
    if _BULLET.match(text):
        text, repair = _BULLET.sub(r"\1", text, count=1), "list bullets"
    return text, repair


def _markdown_warning(repairs: dict[str, int]) -> list[str]:
    if not repairs:
        return []
    parts = ", ".join(f"{name} ({count} line(s))" for name, count in repairs.items())
    return [f"undid what pasting added to the text: {parts}"]


def _physical_lines(text: str, repairs: dict[str, int]) -> list[tuple[int, str]]:
    """(1-based line number, text) of each line, with a web page's HTML line breaks, tags
    and entities undone; the parts of a line split at <br> keep that line's number."""
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        undone = _HTML_ENTITY.sub(lambda m: html.unescape(m.group()), _HTML_INLINE.sub("", raw))
        parts = _HTML_BREAK.split(undone)
        if undone != raw or len(parts) > 1:
            repairs["HTML tags or entities"] = repairs.get("HTML tags or entities", 0) + 1
        out.extend((number, part) for part in parts)
    return out


def _without_line_prefix(
    lines: list[tuple[int, str]], repairs: dict[str, int]
) -> list[tuple[int, str]]:
    """Strip a time stamp or line number that a log or viewer put in front of every line.

    Only when nearly every non-empty line carries one (a dsregcmd line never starts with a
    date, a clock time or a bare number), so the text's own indentation survives the cut.
    """
    filled = [text for _, text in lines if text.strip()]
    if len(filled) < PREFIX_MIN_LINES:
        return lines
    prefixed = sum(1 for text in filled if _LINE_PREFIX.match(text))
    if prefixed < len(filled) * PREFIX_SHARE:
        return lines
    repairs["a time stamp or line number before each line"] = prefixed
    return [(number, _LINE_PREFIX.sub("", text, count=1)) for number, text in lines]


def prepare_lines(text: str) -> tuple[list[SourceLine], list[str]]:
    """Split decoded text into cleaned lines, undoing HTML, Markdown and lost line breaks."""
    lines: list[SourceLine] = []
    repairs: dict[str, int] = {}
    reflowed = 0
    physical = _without_line_prefix(_physical_lines(text, repairs), repairs)
    for number, raw in physical:
        cleaned = raw.translate(_INVISIBLE).translate(_UNICODE_SPACES).expandtabs(8).rstrip()
        kept, repair = _clean_markdown(cleaned)
        if repair:
            repairs[repair] = repairs.get(repair, 0) + 1
        if kept is None:
            continue
        if needs_reflow(kept):
            reflowed += 1
            lines.extend(SourceLine(number, part, True) for part in reflow(kept))
        else:
            lines.append(SourceLine(number, kept.rstrip()))
    warnings = _markdown_warning(repairs)
    if reflowed:
        warnings.append(
            f"the text had lost its line breaks ({reflowed} long line(s)); it was re-split "
            "at known section names and keys, so check values that look run together"
        )
    return lines, warnings


def key_starts(text: str, *, generic: bool = False) -> list[int]:
    """Offsets where a `Key :` of a known key (or, if `generic`, a CamelCase key) begins."""
    starts: list[int] = []
    for colon in (m.start() for m in re.finditer(":", text)):
        window_start = max(0, colon - MAX_KEY_LENGTH - 2)
        words = [(m.start(), m.group()) for m in _WORD.finditer(text, window_start, colon)]
        if words and words[0][0] == window_start > 0 and not text[window_start - 1].isspace():
            words = words[1:]
        for count in range(min(5, len(words)), 0, -1):
            chunk = words[-count:]
            if normalize_key("".join(w for _, w in chunk)) in KNOWN_KEYS:
                starts.append(chunk[0][0])
                break
        else:
            if generic and words and _CAMEL_KEY.match(words[-1][1]):
                starts.append(words[-1][0])
    return starts


def looks_like_dsregcmd_field(c: Classified) -> bool:
    """Whether a FIELD line has dsregcmd's shape, for text with no box header to vouch for it.

    A known key passes with any spacing (pastes lose it). An unknown key must be one dsregcmd
    could print (CamelCase such as `AzureAdPrtAuthority`, or Title Case words) and be
    followed by dsregcmd's ` : `; prose such as "Update: rebooted" or "Error details: …" fails.
    """
    if is_known_key(c.key):
        return True
    if not c.spaced_colon:
        return False
    return bool(_CAMEL_KEY.match(c.key) or _TITLE_KEY.match(c.key))


def needs_reflow(text: str) -> bool:
    """Whether one physical line holds several boxes/fields run together."""
    if _RULER.match(text) or _HEADER.match(text):
        return False
    if _RULER_ANYWHERE.search(text):
        return True
    header = _HEADER_ANYWHERE.search(text)
    if header and is_known_section(header.group(1)):
        return True
    return len(key_starts(text)) >= 2


def reflow(text: str) -> list[str]:
    """Re-split a run-together line at rulers, headers, console noise and known keys."""
    out: list[str] = []
    for chunk in _RULER_ANYWHERE.split(text):
        position = 0
        for header in _HEADER_ANYWHERE.finditer(chunk):
            out.extend(_split_fields(chunk[position : header.start()]))
            out.append(f"| {header.group(1).strip()} |")
            position = header.end()
        out.extend(_split_fields(chunk[position:]))
    return [part for part in out if part]


def _split_fields(text: str) -> list[str]:
    cuts = {0, len(text)}
    cuts.update(key_starts(text, generic=True))
    cuts.update(m.start() for m in _NOISE_IN_TEXT.finditer(text))
    ordered = sorted(cuts)
    return [text[a:b].strip() for a, b in pairwise(ordered)]


def _field(line: SourceLine) -> Classified | None:
    match = _FIELD.match(line.text)
    if match is None:
        return None
    value = match.group("value")
    if value.startswith("//"):
        return None
    key = match.group("key").strip()
    stripped = value.strip()
    if stripped.startswith(":"):
        stripped = stripped[1:].strip()
    return Classified(
        Kind.FIELD,
        line,
        key=" ".join(key.split()),
        value=stripped,
        indent=len(match.group("indent")),
        colon=match.start("value") - 1,
        spaced_colon=line.text[match.start("value") - 2].isspace(),
    )


def classify(line: SourceLine) -> Classified:
    """Kind of one prepared line, with the header name or the split field."""
    text = line.text
    if not text.strip():
        return Classified(Kind.BLANK, line)
    if _RULER.match(text):
        return Classified(Kind.RULER, line)
    header = _HEADER.match(text)
    if header and (header.group(2) or is_known_section(header.group(1))):
        return Classified(Kind.HEADER, line, name=" ".join(header.group(1).split()))
    lowered = text.strip().lower()
    if _PROMPT.match(text):
        return Classified(Kind.PROMPT, line)
    if lowered.startswith(_NOISE_PHRASES):
        return Classified(Kind.NOISE, line)
    field = _field(line)
    if field is not None:
        return field
    return Classified(Kind.OTHER, line, indent=len(text) - len(text.lstrip()))
