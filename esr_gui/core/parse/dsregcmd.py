"""Parser for `dsregcmd /status` text: every box and `Key : value` line as printed.

Handles both layouts (1607-era "flat" and 1803+ "sectioned"), console and Markdown paste
artefacts, values wrapped at the console width and pastes that lost their line breaks.
What had to be repaired or skipped is listed in `DsregStatus.warnings`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from esr_gui.core.bundle.regular_file import size_words
from esr_gui.core.decoding import decode_text
from esr_gui.core.errors import ParseError
from esr_gui.core.excerpt import excerpt
from esr_gui.core.models.dsreg import DsregField, DsregSection, DsregStatus, Layout, normalize_key
from esr_gui.core.parse.dsregcmd_lines import (
    Classified,
    Kind,
    classify,
    looks_like_dsregcmd_field,
    prepare_lines,
)
from esr_gui.core.parse.dsregcmd_vocab import (
    FLAT_DEVICE_STATE_KEYS,
    FLAT_USER_STATE_KEYS,
    SECTIONED_ONLY,
    WORK_ACCOUNT,
    belongs_to,
    home_section,
    is_known_key,
)

# A line at least this long (the box width) may have been wrapped by the console.
# A real `dsregcmd /status` output is 3-10 KiB; a text far above that is not one (and would
# cost time and memory for nothing). docs/bundle-format.md lists this cap.
MAX_DSREGCMD_BYTES = 1024 * 1024
WRAP_MIN_WIDTH = 72
# The console cuts every over-long line at the same column, so a wrapped line is one of the
# longest lines of the text (one shorter when the cut fell after a space that rstrip removed).
WRAP_SLACK = 1
_QUOTE_CHARS = 50
# How many skipped lines a warning quotes (the count covers them all).
_SKIPPED_EXAMPLES = 3


@dataclass
class _Box:
    section: DsregSection
    from_header: bool
    columns: set[int] = field(default_factory=set)
    stray: list[Classified] = field(default_factory=list)


def _excerpt(c: Classified) -> str:
    return excerpt(c.line.text.strip(), _QUOTE_CHARS)


class _Builder:
    """Feeds classified lines into boxes, joining wrapped values and counting stray lines."""

    def __init__(self, base_indent: int, wrap_width: int = 0) -> None:
        self.base_indent = base_indent
        self.wrap_width = wrap_width
        self.boxes: list[_Box] = []
        self.current: _Box | None = None
        self.open: tuple[_Box, int] | None = None
        self.warnings: list[str] = []
        self.ignored_before: list[Classified] = []
        self.skipped: list[Classified] = []
        self.placed_by_key = 0

    def feed(self, c: Classified) -> None:
        """Take one line."""
        if c.kind is Kind.HEADER:
            self.current = _Box(DsregSection(name=c.name), from_header=True)
            self.boxes.append(self.current)
        elif c.kind in (Kind.FIELD, Kind.OTHER) and self._continues(c):
            self._join(c)
            return
        elif c.kind is Kind.FIELD:
            self._add_field(c)
            return
        elif c.kind is Kind.OTHER:
            self._stray(c)
        elif c.kind is Kind.PROMPT:
            self.current = None  # what follows a new prompt is another command's output
        self.open = None

    def _continues(self, c: Classified) -> bool:
        if self.open is None or c.line.reflowed:
            return False
        box, length = self.open
        if length - self.base_indent < WRAP_MIN_WIDTH or c.indent > self.base_indent + 1:
            return False
        if length < self.wrap_width - WRAP_SLACK:
            return False
        if c.kind is Kind.OTHER:
            return True
        return not is_known_key(c.key) and not c.spaced_colon and c.colon not in box.columns

    def _join(self, c: Classified) -> None:
        assert self.open is not None
        box, _ = self.open
        last = box.section.fields[-1]
        tail = c.line.text[self.base_indent :] if c.indent >= self.base_indent else c.line.text
        joined = last.value + (" " if tail[:1].isspace() else "") + tail.strip()
        box.section.fields[-1] = last.model_copy(update={"value": joined})
        self.open = (box, len(c.line.text))
        self.warnings.append(
            f"joined a value wrapped at the console width: {last.key!r} in "
            f"{box.section.name!r} (lines {last.line}-{c.line.number})"
        )

    def _under_header(self) -> bool:
        return self.current is not None and self.current.from_header

    def _add_field(self, c: Classified) -> None:
        if not self._under_header() and not looks_like_dsregcmd_field(c):
            # No box header vouches for this line: prose with a colon is not a field.
            self.skipped.append(c)
            self.open = None
            return
        box = self._box_for(c)
        if box is None:
            self.ignored_before.append(c)
            self.open = None
            return
        box.section.fields.append(DsregField(key=c.key, value=c.value, line=c.line.number))
        box.columns.add(c.colon)
        self.open = (box, len(c.line.text)) if not c.line.reflowed else None

    def _box_for(self, c: Classified) -> _Box | None:
        current = self.current
        if current is not None and (current.from_header or belongs_to(c.key, current.section.name)):
            return current
        home = home_section(c.key)
        if home is None:
            return current
        if current is None or normalize_key(current.section.name) != normalize_key(home):
            self.current = _Box(DsregSection(name=home), from_header=False)
            self.boxes.append(self.current)
        self.placed_by_key += 1
        return self.current

    def _stray(self, c: Classified) -> None:
        if self.current is not None and not self.current.from_header:
            self.skipped.append(c)
        elif self.current is None:
            self.ignored_before.append(c)
        else:
            self.current.stray.append(c)

    def summary_warnings(self) -> list[str]:
        """Warnings about skipped lines and fields placed without a header."""
        out = list(self.warnings)
        for box in self.boxes:
            if box.stray:
                first = box.stray[0]
                out.append(
                    f"ignored {len(box.stray)} line(s) in {box.section.name!r} that are not "
                    f"'Key : value' fields (first: line {first.line.number}, {_excerpt(first)!r})"
                )
        skipped, ignored = self.skipped, self.ignored_before
        if not any(b.from_header for b in self.boxes):
            # No header at all: every line that is not a field is prose around the fields.
            skipped = sorted(skipped + ignored, key=lambda c: c.line.number)
            ignored = []
        if ignored:
            first = ignored[0]
            out.append(
                f"ignored {len(ignored)} line(s) outside any section that are not "
                f"dsregcmd fields (first: line {first.line.number}, {_excerpt(first)!r})"
            )
        out.extend(_skipped_warning(skipped))
        out.extend(_repeat_warnings(self.boxes))
        if self.placed_by_key and any(b.from_header for b in self.boxes):
            out.append(
                f"{self.placed_by_key} field(s) appeared outside any section box; "
                "they were placed in the section dsregcmd normally prints them in"
            )
        return out


def _skipped_warning(skipped: list[Classified]) -> list[str]:
    """One warning for the lines around headerless fields that were not taken as fields."""
    if not skipped:
        return []
    quoted = "; ".join(
        f"line {c.line.number}: {_excerpt(c)!r}" for c in skipped[:_SKIPPED_EXAMPLES]
    )
    more = (
        f" and {len(skipped) - _SKIPPED_EXAMPLES} more" if len(skipped) > _SKIPPED_EXAMPLES else ""
    )
    return [
        f"skipped {len(skipped)} line(s) that are not dsregcmd 'Key : value' fields "
        f"(prose or notes around the output): {quoted}{more}"
    ]


def _repeat_warnings(boxes: list[_Box]) -> list[str]:
    """A warning when a box header repeats: the text holds more than one dsregcmd output."""
    names = Counter(normalize_key(b.section.name) for b in boxes if b.from_header)
    repeated = [
        b.section.name for b in boxes if b.from_header and names[normalize_key(b.section.name)] > 1
    ]
    if not repeated:
        return []
    return [
        f"the section {repeated[0]!r} appears {names[normalize_key(repeated[0])]} times: the text "
        "seems to hold more than one dsregcmd output; each value is read from the first one"
    ]


def _base_indent(lines: list[Classified]) -> int:
    indents = Counter(
        len(c.line.text) - len(c.line.text.lstrip())
        for c in lines
        if c.kind in (Kind.RULER, Kind.HEADER) and not c.line.reflowed
    )
    return indents.most_common(1)[0][0] if indents else 0


def _wrap_width(lines: list[Classified]) -> int:
    """The console width the text was wrapped at, if any: the length of its longest line."""
    return max((len(c.line.text) for c in lines if not c.line.reflowed), default=0)


def _layout(boxes: list[_Box]) -> Layout:
    headed = [b.section for b in boxes if b.from_header]
    if not headed:
        return "unknown"
    names = {normalize_key(s.name) for s in headed}
    if names & SECTIONED_ONLY or any(WORK_ACCOUNT.match(s.name) for s in headed):
        return "sectioned"
    for section in headed:
        keys = {normalize_key(f.key) for f in section.fields}
        name = normalize_key(section.name)
        if name == "devicestate" and keys & FLAT_DEVICE_STATE_KEYS:
            return "flat"
        if name == "userstate" and keys & FLAT_USER_STATE_KEYS:
            return "flat"
    return "sectioned"


def _to_text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if isinstance(data, bytes | bytearray | memoryview):
        return decode_text(bytes(data))
    raise ParseError(f"expected text or bytes, got {type(data).__name__}")


def too_large_message(size: int) -> str:
    """Why a dsregcmd text of `size` bytes is not read."""
    return (
        f"it is {size_words(size)}; a real `dsregcmd /status` output is a few KiB, so a "
        f"text larger than {size_words(MAX_DSREGCMD_BYTES)} is not read"
    )


def parse_dsregcmd(data: bytes | str, source: str = "") -> DsregStatus:
    """Parse `dsregcmd /status` output (bytes as written by the console, or pasted text).

    Raises ParseError, and nothing else, when the text holds no dsregcmd field at all, or
    when it is larger than MAX_DSREGCMD_BYTES (a real output is a few KiB).
    """
    if len(data) > MAX_DSREGCMD_BYTES:
        raise ParseError(too_large_message(len(data)), source=source)
    text = _to_text(data)
    lines, warnings = prepare_lines(text)
    classified = [classify(line) for line in lines]
    builder = _Builder(_base_indent(classified), _wrap_width(classified))
    for c in classified:
        builder.feed(c)
    boxes = builder.boxes
    if not any(b.section.fields for b in boxes):
        detail = " (only section headers)" if boxes else ""
        raise ParseError(
            f"no dsregcmd /status fields were found in this text{detail}", source=source
        )
    layout = _layout(boxes)
    warnings.extend(builder.summary_warnings())
    if layout == "unknown":
        warnings.append(
            "no section headers were found; fields were grouped by the section "
            "dsregcmd normally prints them in"
        )
    return DsregStatus(
        layout=layout, sections=[b.section for b in boxes], warnings=warnings, raw_text=text
    )
