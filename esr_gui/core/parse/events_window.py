"""The part of a huge event file that is parsed: its first and its last half of the cap.

An event export larger than the cap (BundleLimits.max_event_bytes) is streamed once; only
its head and its tail are kept in memory, and of those only a given number of records at each
end (BundleLimits.max_window_records) is parsed. Exports are written oldest first by some
tools and newest first by others (`wevtutil qe /rd:true`), so the newest records are at one
end or the other; the middle is skipped and the caller says so.

- XML: head and tail are turned into UTF-8 separately (the tail gets the head's byte-order
  mark), then cut at whole records: the head after its last `</Event>`, the tail from its
  first `<Event`.
- .evtx: the 4 KiB file header, then whole 64 KiB chunks from the head and from the tail
  (every chunk is self-contained, so records are never cut).
"""

from __future__ import annotations

import codecs
import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain

from esr_gui.core.bundle.regular_file import size_words

_EVENT_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Event[\s>/]")
_EVENT_END = b"</Event>"
_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
EVTX_HEADER = 4096
EVTX_CHUNK = 65536
EVTX_CHUNK_HEADER = 512
EVTX_RECORD_MAGIC = b"\x2a\x2a\x00\x00"


@dataclass(frozen=True)
class Window:
    """What was kept of a stream: its head, its tail (from `tail_offset`) and its full size."""

    head: bytes
    tail: bytes
    tail_offset: int
    total: int

    @property
    def whole(self) -> bool:
        """True when nothing was skipped (the stream fit in the head)."""
        return not self.tail


def head_and_tail(chunks: Iterable[bytes], cap: int) -> Window:
    """Stream `chunks`, keeping at most `cap // 2` bytes of each end (all of it if it fits)."""
    pieces = iter(chunks)
    first = next(pieces, b"")
    second = next(pieces, None)
    if second is None and len(first) <= cap:  # one piece, the whole stream: kept as it is
        return Window(first, b"", len(first), len(first))
    half = cap // 2
    head = bytearray()
    tail: deque[bytes] = deque()
    kept = total = 0
    for chunk in chain((first,), () if second is None else (second,), pieces):
        total += len(chunk)
        piece = chunk
        if len(head) < half:
            room = half - len(head)
            head += chunk[:room]
            piece = chunk[room:]
        if piece:
            tail.append(piece)
            kept += len(piece)
            while tail and kept - len(tail[0]) >= half:
                kept -= len(tail.popleft())
    if total <= cap:  # small enough after all: nothing skipped
        # One join copies the pieces once: `bytes(head) + b"".join(tail)` held three copies
        # of the file at its peak (issue 19, peak_rss_mb).
        return Window(b"".join([head, *tail]), b"", total, total)
    rest = b"".join(tail)
    offset = total - len(rest)
    return Window(bytes(head), rest, offset, total)


def skipped_message(window: Window, cap: int, records: int) -> str:
    """The warning for a window that skipped the middle of its file."""
    return (
        f"The file is {size_words(window.total)}, more than the {size_words(cap)} of events "
        f"read whole; only up to {records:,} records at its start and {records:,} at its end "
        "were read (one end holds the newest), and the records in between were skipped."
    )


def xml_window(window: Window, normalise: Callable[[bytes], bytes], records: int) -> bytes:
    """The first and the last `records` whole records of an XML export, joined, as UTF-8
    (`normalise` turns any encoding wevtutil writes into UTF-8)."""
    head = normalise(window.head)
    tail_raw = window.tail
    bom = next((b for b in _BOMS if window.head.startswith(b)), b"")
    if len(bom) in (2, 4) and window.tail_offset % len(bom):
        tail_raw = tail_raw[len(bom) - window.tail_offset % len(bom) :]
    tail = normalise(bom + tail_raw)
    end = _nth_end(head, records)
    head = head[: end + len(_EVENT_END)] if end >= 0 else b""
    tail = tail[_nth_last_end(tail, records) :]
    start = _EVENT_START.search(tail)
    tail = tail[start.start() :] if start else b""
    return head + b"\n" + tail


def _nth_end(data: bytes, count: int) -> int:
    """Offset of the `count`-th `</Event>` (or of the last one, when there are fewer)."""
    found = last = -1
    for _ in range(count):
        found = data.find(_EVENT_END, found + 1)
        if found < 0:
            break
        last = found
    return last


def _nth_last_end(data: bytes, count: int) -> int:
    """Offset just after the `</Event>` that precedes the last `count` records (0 if none)."""
    found = len(data)
    for _ in range(count + 1):
        found = data.rfind(_EVENT_END, 0, found)
        if found < 0:
            return 0
    return found + len(_EVENT_END)


def evtx_window(window: Window, records: int) -> bytes:
    """The .evtx header, then whole chunks from the head and from the tail, each end holding
    about `records` records (a chunk's records are counted by their signature)."""
    head = window.head
    body = max(len(head) - EVTX_HEADER, 0)
    head_chunks = _chunks(head[EVTX_HEADER : EVTX_HEADER + body - body % EVTX_CHUNK])
    into = (window.tail_offset - EVTX_HEADER) % EVTX_CHUNK
    tail = window.tail[(EVTX_CHUNK - into) % EVTX_CHUNK :]
    tail_chunks = _chunks(tail[: len(tail) - len(tail) % EVTX_CHUNK])
    kept_head = _up_to(head_chunks, records)
    kept_tail = _up_to(tail_chunks[::-1], records)[::-1]
    return head[:EVTX_HEADER] + b"".join(kept_head + kept_tail)


def _chunks(data: bytes) -> list[bytes]:
    return [data[at : at + EVTX_CHUNK] for at in range(0, len(data), EVTX_CHUNK)]


def _up_to(chunks: list[bytes], records: int) -> list[bytes]:
    """The leading chunks holding about `records` records."""
    kept: list[bytes] = []
    count = 0
    for chunk in chunks:
        if count >= records:
            break
        kept.append(chunk)
        count += chunk.count(EVTX_RECORD_MAGIC, EVTX_CHUNK_HEADER)
    return kept
