"""Event records in XML: `wevtutil qe CHANNEL /f:xml` (or `/f:RenderedXml`) and similar dumps.

wevtutil writes a bare run of `<Event>` elements with no root unless `/e:ROOT` is given, in the
console code page or in UTF-16 (`/uni:true`). Everything is first turned into UTF-8 without XML
declarations. The fast path then parses the run in pieces cut at `</Event>`, each inside a
synthetic root (text between records, such as the `Record N` lines of some dumpers, is harmless).
If any piece is damaged, the slow path streams the whole input through a pull parser instead:
damage ends a segment, the records before it are kept and reading resumes at the next `<Event`.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from esr_gui.core.decoding import decode_text
from esr_gui.core.errors import ParseError
from esr_gui.core.models.events import Event
from esr_gui.core.parse.events_common import (
    EVENT_TAGS,
    USER_DATA_TAGS,
    EventParseResult,
    event_from_element,
    fallback_channel,
    paused_gc,
)

if TYPE_CHECKING:
    _Parser = ET.XMLPullParser[ET.Element]

# The streaming path feeds expat this much at a time. Each feed is one C call that holds the
# interpreter lock; 1 MiB took ~25 ms of a worker's time, during which the window could not
# paint (64 KiB: ~2 ms, the same total; issue 19, measured on a 10 MB damaged export).
CHUNK_SIZE = 1 << 16
# The fast path parses pieces of about this size (cut at a record end) one at a time: a
# piece's tree stays in the CPU caches while its records are read. 64 KiB parsed the bench's
# 20,000 records ~10 % faster than 1 MiB pieces (issue 19, events_ratio).
PIECE_SIZE = 1 << 16
MAX_RESYNCS = 10_000
_NEWLINE = b"\n"
_ROOT_OPEN, _ROOT_CLOSE = b"<esr-root>", b"</esr-root>"
_DECLARATION = re.compile(rb"<\?xml\s[^>]*?\?>")
_DECLARED_ENCODING = re.compile(rb"<\?xml\s[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_EVENT_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Event[\s>/]")
_EVENT_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?Event\s*>")
_EVENT_CLOSE = b"</Event>"
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_EMPTY_EXPORT = re.compile(rb"\s*(?:<Events\b[^>]*/>|<Events\b[^>]*>\s*</Events\s*>)\s*")


def parse_events_xml(
    data: bytes, origin: str = "", default_channel: str | None = None
) -> EventParseResult:
    """Parse wevtutil XML output (bare run, `/e:` root or RenderedXml; UTF-8 or UTF-16).

    Returns the records in file order. Damaged or truncated input keeps every readable
    record and adds a warning; empty input gives no events. Raises ParseError only when
    the bytes hold no event XML at all.
    """
    raw = bytes(data)
    channel = fallback_channel(origin, default_channel)
    if _utf8_unchecked(raw):
        trusted = _parse_checked_by_expat(raw, channel, origin)
        if trusted is not None:
            return trusted
    result = EventParseResult()
    buffer = normalise_xml(raw)
    if not buffer or buffer.isspace():
        return result
    if _EVENT_START.search(buffer) is None:
        if _EMPTY_EXPORT.fullmatch(buffer):
            return result
        raise ParseError("the file does not contain Windows event XML.", source=origin)
    sink = _Sink(result, channel, origin)
    with paused_gc():
        if not _parse_fast(buffer, sink):
            _parse_with_resync(buffer, sink)
    return result


def _utf8_unchecked(data: bytes) -> bool:
    """True when `normalise_xml` would only check that `data` is UTF-8 (and decode it as a
    legacy code page if not): no BOM, not UTF-16, no XML declaration, not all ASCII."""
    return not (
        data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE))
        or data.startswith((codecs.BOM_UTF16_BE, codecs.BOM_UTF8))
        or _looks_like_utf16(data[:256])
        or data.isascii()
        or b"<?xml" in data
    )


def _parse_checked_by_expat(raw: bytes, channel: str, origin: str) -> EventParseResult | None:
    """The fast path on bytes not yet checked to be UTF-8: expat rejects every byte sequence
    that is not UTF-8, so a successful parse has checked the records, and only the bytes
    around them are decoded here. This spares decoding the whole file (a str the size of the
    file: issue 19, ~6 % of the parse and its peak memory). None when the bytes are not all
    UTF-8, or the fast path did not read them: then they are read as before."""
    span = _records_span(raw)
    if span is None:
        return None
    result = EventParseResult()
    with paused_gc():
        parsed = _parse_fast(raw, _Sink(result, channel, origin))
    if parsed and _is_utf8(raw[: span[0]]) and _is_utf8(raw[span[1] :]):
        return result
    if parsed or not _is_utf8(raw):
        return None
    result = EventParseResult()
    with paused_gc():
        _parse_with_resync(raw, _Sink(result, channel, origin))
    return result


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _records_span(buffer: bytes) -> tuple[int, int] | None:
    """From the first `<Event` to the end of the last `</Event>`, or None without both."""
    first = _EVENT_START.search(buffer)
    last = buffer.rfind(_EVENT_CLOSE)
    if first is None or last < first.start():
        return None
    return first.start(), last + len(_EVENT_CLOSE)


def _parse_fast(buffer: bytes, sink: _Sink) -> bool:
    """Parse `<Event>…</Event>` runs cut at record ends; False (nothing kept) on any damage."""
    span = _records_span(buffer)
    if span is None:
        return False
    kept_events, kept_warnings = len(sink.result.events), len(sink.result.warnings)
    position, stop = span
    try:
        while position < stop:
            position = _parse_piece(buffer, position, stop, sink)
    except ET.ParseError:
        del sink.result.events[kept_events:], sink.result.warnings[kept_warnings:]
        return False
    if _EVENT_START.search(buffer, stop):
        sink.result.warn(
            "The event XML breaks off in the middle of a record; "
            f"the {len(sink.result.events)} complete records before it were kept."
        )
    return True


def _parse_piece(buffer: bytes, position: int, stop: int, sink: _Sink) -> int:
    """Read the records of one piece, from `position` to a `</Event>` about PIECE_SIZE on, and
    return where it ended. Raises ParseError on damage.

    A `</Event>` can also close an element called Event inside a record (in its UserData):
    a piece cut there ends inside that record, which only the synthetic root's end tag
    reveals. Such a piece is widened, doubling, up to the last record end (`stop`).
    """
    view, size = memoryview(buffer), PIECE_SIZE
    while True:
        cut = buffer.find(_EVENT_CLOSE, min(position + size, stop - len(_EVENT_CLOSE)))
        cut = stop if cut < 0 else cut + len(_EVENT_CLOSE)
        parser = ET.XMLParser()
        parser.feed(_ROOT_OPEN)
        parser.feed(view[position:cut])  # damage inside the piece raises here
        try:
            parser.feed(_ROOT_CLOSE)
            root = parser.close()
        except ET.ParseError:
            if cut >= stop:
                raise
            size *= 2
            continue
        for element in root:
            sink.add(element)
        return cut


def normalise_xml(data: bytes) -> bytes:
    """Any input encoding → UTF-8 without BOM and without XML declarations."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        data = data.decode("utf-32", errors="replace").encode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    elif data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif _looks_like_utf16(data[:256]):
        codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        text = data[: len(data) - len(data) % 2].decode(codec, errors="replace")
        data = text.encode("utf-8", errors="replace")
    elif not data.isascii():
        data = _to_utf8(data)
    if b"<?xml" in data:
        data = _DECLARATION.sub(b"", data)
    return data


def _looks_like_utf16(head: bytes) -> bool:
    if len(head) < 4:
        return False
    zeros = max(head[0::2].count(0), head[1::2].count(0))
    return zeros > 0.6 * (len(head) // 2) and min(head[0::2].count(0), head[1::2].count(0)) == 0


def _to_utf8(data: bytes) -> bytes:
    declared = _DECLARED_ENCODING.search(data[:512])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name.replace("-", "").replace("_", "") not in ("utf8", "utf16"):
            try:
                return data.decode(name, errors="replace").encode("utf-8", errors="replace")
            except (LookupError, ValueError):
                pass
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_text(data).encode("utf-8", errors="replace")
    return data


def _parse_with_resync(buffer: bytes, sink: _Sink) -> None:
    """Stream the whole buffer; after damage, skip to the next `<Event` tag and go on."""
    result = sink.result
    start, end = 0, len(buffer)
    for _ in range(MAX_RESYNCS):
        count, error = _parse_segment(buffer, start, end, sink)
        if error is None:
            return
        resume = _resume_offset(buffer, start, count, error)
        where = f"line {buffer.count(_NEWLINE, 0, start) + error.position[0]}"
        if resume is None:
            result.warn(
                f"The event XML breaks off at {where} ({_reason(error)}); "
                f"the {len(result.events)} records before it were kept."
            )
            return
        result.warn(
            f"A damaged record at {where} was skipped ({_reason(error)}); "
            "reading went on with the next record."
        )
        if start == 0:
            last_end = [m.end() for m in _EVENT_END.finditer(buffer, resume)][-1:]
            end = last_end[0] if last_end else len(buffer)
        start = resume
    result.warn("The event XML is too damaged to read further.")


def _reason(error: Exception) -> str:
    return str(error).split(":", 1)[0].strip() or "not well-formed"


class _Sink:
    """Where completed `<Event>` elements go: the result, with the channel and origin to use.

    While streaming, `in_user_data` counts the `<UserData>` elements open at this point: an
    element called Event inside a record's UserData belongs to that record, as it does on the
    fast path, and is neither a record of its own nor cleared before its record ends. (A
    record left unclosed by damage still gives up the records that follow it.)
    """

    __slots__ = ("channel", "in_user_data", "origin", "result")

    def __init__(self, result: EventParseResult, channel: str, origin: str) -> None:
        self.result = result
        self.channel = channel
        self.origin = origin
        self.in_user_data = 0

    def add(self, element: ET.Element) -> bool:
        """Keep `element` as an Event if it is an `<Event>`; True if it was one."""
        if element.tag not in EVENT_TAGS:
            return False
        try:
            self.result.events.append(event_from_element(element, self.channel, self.origin))
        except (ValueError, TypeError, RecursionError) as error:
            self.result.warn(f"A record could not be read ({error}).")
        return True

    def drain(self, parser: _Parser) -> int:
        """Turn every completed `<Event>` element that is not inside a UserData part into an
        Event; return how many were seen."""
        count = 0
        seen = cast("Iterator[tuple[str, ET.Element]]", parser.read_events())
        for kind, element in seen:
            if element.tag in USER_DATA_TAGS:
                self.in_user_data += 1 if kind == "start" else -1
            elif kind == "end" and not self.in_user_data and self.add(element):
                count += 1
                element.clear()
        return count


def _parse_segment(
    buffer: bytes, start: int, end: int, sink: _Sink
) -> tuple[int, ET.ParseError | None]:
    """Stream buffer[start:end] inside a synthetic root; return (records read, error)."""
    parser: _Parser = ET.XMLPullParser(events=("start", "end"))
    view = memoryview(buffer)
    count, sink.in_user_data = 0, 0
    try:
        parser.feed(_ROOT_OPEN)
        for offset in range(start, end, CHUNK_SIZE):
            parser.feed(view[offset : min(offset + CHUNK_SIZE, end)])
            count += sink.drain(parser)
        parser.feed(_ROOT_CLOSE)
        count += sink.drain(parser)
        parser.close()
    except ET.ParseError as error:
        return count, error
    return count, None


def _resume_offset(buffer: bytes, start: int, count: int, error: ET.ParseError) -> int | None:
    """Offset of the first `<Event` tag after the damaged record, or None at the end."""
    bad_start = start
    for index, match in enumerate(_EVENT_START.finditer(buffer, start)):
        if index == count:
            bad_start = match.start()
            break
    after = max(bad_start + 1, _error_offset(buffer, start, error))
    found = _EVENT_START.search(buffer, after)
    return found.start() if found else None


def _error_offset(buffer: bytes, start: int, error: ET.ParseError) -> int:
    """Approximate byte offset of a parse error (expat's column may count characters)."""
    line, column = error.position
    offset = start
    for _ in range(max(line - 1, 0)):
        found = buffer.find(b"\n", offset)
        if found < 0:
            return len(buffer)
        offset = found + 1
    if line <= 1:
        column -= len(_ROOT_OPEN)
    return min(offset + max(column, 0), len(buffer))


def events_from_xml_text(text: str, origin: str = "", channel: str = "") -> list[Event]:
    """Events in one small XML string (such as one .evtx record); [] when it is unreadable.

    Characters XML 1.0 forbids (control characters inside strings) are dropped and the
    parse retried once.
    """
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2 :]
    sink = _Sink(EventParseResult(), channel, origin)
    for attempt in (text, _NOT_XML_CHAR.sub("", text)):
        try:
            root = ET.fromstring(f"<esr-root>{attempt}</esr-root>")
        except (ET.ParseError, ValueError):
            continue
        for element in root:
            sink.add(element)
        return sink.result.events
    return []
