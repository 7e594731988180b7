"""Issue 19 (events_ratio, peak_rss_mb): the XML event parse got faster and lighter without
changing what it reads.

A non-ASCII UTF-8 export is no longer decoded whole to check that it is UTF-8 (expat checks
the records as it parses them); the fast path parses 64 KiB pieces; the System part is read
with fewer calls. Whatever the bytes, the result must stay the one of the checked path.
"""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest

from esr_gui.core.parse import events_xml
from esr_gui.core.parse.events_common import EventParseResult, parse_system_time, to_int
from esr_gui.core.parse.events_xml import normalise_xml, parse_events_xml

NS = "http://schemas.microsoft.com/win/2004/08/events/event"
TURKISH = "Bağlantı kuruluşu başarısız".encode()


def record(number: int, value: bytes = TURKISH) -> bytes:
    """One record in wevtutil's `/f:xml` shape, with `value` (raw bytes) as a Data value."""
    head = (
        f"<Event xmlns='{NS}'><System><Provider Name='Microsoft-Windows-AAD'/>"
        f"<EventID>1098</EventID><Level>2</Level>"
        f"<TimeCreated SystemTime='2026-11-24T08:03:{number % 60:02d}.1234567Z'/>"
        f"<EventRecordID>{number}</EventRecordID><Channel>Microsoft-Windows-AAD/Operational"
        f"</Channel><Computer>PC-0042</Computer><Security UserID='S-1-5-18'/></System>"
        f"<EventData><Data Name='Error'>0xCAA2000C</Data><Data Name='ErrorMessage'>"
    ).encode()
    return head + value + b"</Data></EventData></Event>"


def export(count: int, value: bytes = TURKISH, before: bytes = b"", after: bytes = b"") -> bytes:
    """`count` records inside `<Events>`, with bytes before and after the records."""
    body = b"\r\n".join(record(n, value) for n in range(1, count + 1))
    return before + b"<Events>\r\n" + body + b"\r\n</Events>" + after


def checked_path(data: bytes) -> EventParseResult:
    """The parse as it was before issue 19: decode-check the whole input, then parse."""
    buffer = normalise_xml(data)
    result = EventParseResult()
    sink = events_xml._Sink(result, "", "x.xml")
    if not events_xml._parse_fast(buffer, sink):
        events_xml._parse_with_resync(buffer, sink)
    return result


DAMAGED = b"<Event><System></Bad></Event>"
CASES = {
    "utf-8": export(5),
    "cp1252 records": export(5, "Société".encode("cp1252")),
    "cp850 records": export(5, "Société ╗".encode("cp850")),
    "bad byte before the records": export(3, before=b"Record 1 \xe9\r\n"),
    "bad byte after the records": export(3, after=b"\r\nend \xe9"),
    "truncated sequence at the end": export(3, after=b"\r\n<Event><System>\xc3"),
    "surrogate": export(2, b"\xed\xa0\x80"),
    "overlong slash": export(2, b"\xc0\xaf"),
    "damaged record, utf-8": export(2, after=DAMAGED + record(9)),
    "damaged record, cp1252": export(
        2, after=b"<Event><System></Bad></Event>" + record(9, b"\xe9")
    ),
    "cut short": export(3) + b"<Event><System><EventID>9",
    "bad byte late in a long export": export(2000)[:-3000] + b"\xe9" + export(2000)[-2999:],
}


@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
def test_results_are_those_of_the_checked_path(data: bytes) -> None:
    """Same events (all fields) and the same warnings, whether or not the bytes are UTF-8."""
    ours, reference = parse_events_xml(data, origin="x.xml"), checked_path(data)
    assert ours.events == reference.events
    assert [e.model_fields_set for e in ours.events] == [
        e.model_fields_set for e in reference.events
    ]
    assert ours.warnings == reference.warnings


def test_legacy_code_page_records_are_still_decoded_as_before() -> None:
    """A cp1252 export is not UTF-8: read in the legacy code page, as before."""
    events = parse_events_xml(export(2, "Société".encode("cp1252")), origin="x.xml").events
    assert [e.data["ErrorMessage"] for e in events] == ["Société", "Société"]


def test_a_utf8_export_is_not_decoded_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole-input check (`normalise_xml`) is skipped for a well-formed UTF-8 export."""

    def refuse(data: bytes) -> bytes:
        raise AssertionError("the whole input was decoded")

    monkeypatch.setattr(events_xml, "normalise_xml", refuse)
    events = parse_events_xml(export(50), origin="x.xml").events
    assert len(events) == 50
    assert events[0].data["ErrorMessage"] == TURKISH.decode()


def test_parsing_needs_less_extra_memory_than_the_file() -> None:
    """Beyond the events it returns, the parse of a 5 MB export holds less than the file's
    size at any moment (the decoded copy alone took twice it; 1 MiB pieces ~10 MB)."""
    data = export(10_000)
    assert len(data) > 4_000_000
    tracemalloc.start()
    try:
        result = parse_events_xml(data, origin="x.xml")
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.events) == 10_000
    assert peak - kept < len(data)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("1_000", 1000),
        ("0x1F", 31),
        (" 0X1f ", 31),
        ("0x", None),
        ("0xZZ", None),
        ("abc", None),
        ("", None),
        ("1.5", None),
        (None, None),
    ],
)
def test_to_int(text: str | None, number: int | None) -> None:
    """Decimal first, `0x` hex after it; anything else is None."""
    assert to_int(text) == number


def test_system_time_in_utc_is_kept_and_offsets_are_converted() -> None:
    """`Z` stays UTC; an offset is converted to UTC; no zone is taken as UTC."""
    utc = parse_system_time("2026-11-24T08:03:01.1234567Z")
    assert utc == datetime(2026, 11, 24, 8, 3, 1, 123456, tzinfo=UTC)
    assert utc is not None and utc.tzinfo is UTC
    shifted = parse_system_time("2026-11-24T10:03:01+02:00")
    assert shifted == datetime(2026, 11, 24, 8, 3, 1, tzinfo=UTC)
    assert shifted is not None and shifted.utcoffset() == timedelta(0)
    naive = parse_system_time("2026-11-24T08:03:01")
    assert naive is not None and naive.tzinfo is UTC
    assert parse_system_time("2026-11-24T08:03:01+00:00") == datetime(
        2026, 11, 24, 8, 3, 1, tzinfo=UTC
    )


def test_empty_and_missing_system_parts_read_as_before() -> None:
    """An empty or missing EventID is 0, Level and EventRecordID None, an empty Channel
    falls back to the file's, an empty Computer is ""."""
    bare = (
        f"<Event xmlns='{NS}'><System><Provider/><EventID></EventID><Level/>"
        "<Channel> </Channel><Computer/></System></Event>"
    ).encode()
    (event,) = parse_events_xml(bare, origin="Microsoft-Windows-AAD%4Operational.xml").events
    assert (event.event_id, event.level, event.record_id) == (0, None, None)
    assert event.channel == "Microsoft-Windows-AAD/Operational"
    assert (event.computer, event.provider, event.user_sid, event.time) == ("", "", "", None)


def test_streaming_feeds_expat_in_small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each feed is one C call holding the interpreter lock while a worker parses: a damaged
    5 MB export is streamed 64 KiB at a time (1 MiB feeds held it ~25 ms each)."""
    sizes: list[int] = []

    class Recording(events_xml.ET.XMLPullParser):  # type: ignore[type-arg]
        def feed(self, data: bytes | memoryview) -> None:  # type: ignore[override]
            sizes.append(len(data))
            super().feed(data)

    monkeypatch.setattr(events_xml.ET, "XMLPullParser", Recording)
    data = export(10_000, after=DAMAGED + record(10_001))
    result = parse_events_xml(data, origin="x.xml")
    assert len(result.events) == 10_001
    assert sum(sizes) > len(data) - 100
    assert max(sizes) <= 1 << 16
