"""Issue 19 (peak_rss_mb): loading a bundle's events holds less memory, at its peak and after.

- every Event shares its attributes' key table with the others (~200 bytes less each);
- an event file small enough to parse whole is read in one piece, which is kept as it is
  (it was read in 1 MiB pieces and joined: three copies at the end);
- a larger one's pieces are joined with one copy;
- a file's bytes are freed once it is parsed, not kept while the next file is read.
"""

from __future__ import annotations

import gc
import shutil
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from esr_gui.core.parse.events_window import head_and_tail
from esr_gui.core.parse.events_xml import parse_events_xml
from esr_gui.core.snapshot_builder import load_snapshot
from esr_gui.core.snapshot_events import _without_repeats
from tests.unit.test_events_xml_fast import export

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "hybrid-not-registered"


def traced(action: object) -> tuple[object, int, int]:
    """(result, bytes still held, peak bytes) of `action()`, traced from a quiet start."""
    assert callable(action)
    gc.collect()
    tracemalloc.start()
    try:
        result = action()
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, kept, peak


def test_parsed_events_take_less_than_700_bytes_each() -> None:
    """5,000 records like the bench's: ~610 bytes each (890 with a dict of its own each)."""
    parse_events_xml(export(3), origin="x.xml")  # first-use caches are not the events' cost
    data = export(5000)
    result, kept, _ = traced(lambda: parse_events_xml(data, origin="x.xml"))
    events = result.events  # type: ignore[attr-defined]
    assert len(events) == 5000
    assert kept / len(events) < 700


def test_events_still_compare_copy_and_dump_as_models() -> None:
    """Shared key tables change nothing a caller can see."""
    first, second = parse_events_xml(export(2), origin="x.xml").events
    assert first != second and first == first.model_copy()
    changed = first.model_copy(update={"event_id": 7})
    assert changed.event_id == 7 and first.event_id == 1098
    assert list(first.__dict__) == list(type(first).model_fields)
    assert first.model_dump()["data"]["Error"] == "0xCAA2000C"


def test_a_file_in_one_piece_is_not_copied() -> None:
    """The one piece is the window's head itself; too large a piece is still windowed."""
    piece = b"<Event/>" * 1000
    window = head_and_tail(iter([piece]), 1 << 20)
    assert window.head is piece and window.whole and window.total == len(piece)
    big = head_and_tail(iter([piece]), 2000)
    assert big.head == piece[:1000] and not big.whole and big.total == len(piece)
    assert big.tail == piece[big.tail_offset :]
    assert head_and_tail(iter([]), 10).head == b""


def test_pieces_are_joined_with_one_copy() -> None:
    """At most the pieces plus one joined copy (two copies), never three."""

    def pieces() -> Iterator[bytes]:
        for number in range(20):
            yield bytes([65 + number]) * (1 << 20)

    window, kept, peak = traced(lambda: head_and_tail(pieces(), 32 << 20))
    assert window.head[: 1 << 20] == b"A" * (1 << 20)  # type: ignore[attr-defined]
    assert kept >= 20 << 20
    assert peak < 2.3 * (20 << 20)


def test_loading_frees_each_file_before_reading_the_next(tmp_path: Path) -> None:
    """Two 4 MB exports: at its peak the load holds what it keeps plus ~1.1 files' size
    (4.75 when each file was read in 1 MiB pieces, copied three times while joining them, and
    still held while the next file was read)."""
    bundle = tmp_path / "bundle"
    shutil.copytree(DEMO, bundle)
    shutil.rmtree(bundle / "events")
    (bundle / "events").mkdir()
    size = 0
    for channel in ("Microsoft-Windows-AAD%4Operational", "Microsoft-Windows-AAD%4Analytic"):
        data = export(9000, b"plain ASCII text").replace(
            b"Microsoft-Windows-AAD/Operational</", channel.replace("%4", "/").encode() + b"</"
        )
        (bundle / "events" / f"{channel}.xml").write_bytes(data)
        size = max(size, len(data))
    assert size > 4_000_000
    load_snapshot(DEMO)  # imports and first-use caches outside the trace
    snapshot, kept, peak = traced(lambda: load_snapshot(bundle))
    assert len(snapshot.events) == 18_000  # type: ignore[attr-defined]
    assert peak < kept + 1.6 * size


def test_dropping_repeats_copies_each_channel_name_once() -> None:
    """Beyond the kept list, under 270 bytes a record at the peak (315 with a lower-case
    copy of the channel per record); repeats are still matched whatever the case."""
    events = parse_events_xml(export(20_000), origin="x.xml").events
    kept, _, peak = traced(lambda: _without_repeats(events))
    assert kept == events
    assert peak / len(events) < 270
    shouted = events[0].model_copy(update={"channel": events[0].channel.upper()})
    assert _without_repeats([events[0], shouted, events[1]]) == [events[0], events[1]]
