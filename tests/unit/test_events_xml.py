"""wevtutil XML parser on constructed variants: roots, encodings, damage, odd fields."""

from __future__ import annotations

import codecs
import gc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from esr_gui.core.errors import ParseError
from esr_gui.core.parse import events_xml
from esr_gui.core.parse.code_spellings import codes_in_fields, find_codes
from esr_gui.core.parse.events_common import (
    EventParseResult,
    channel_from_filename,
    parse_system_time,
)
from esr_gui.core.parse.events_xml import parse_events_xml
from tests.conftest import EVENT_SAMPLES, REPO, sample

FIXTURES = REPO / "tests" / "data" / "events"
NS = "http://schemas.microsoft.com/win/2004/08/events/event"
RENDERED = (FIXTURES / "rendered-aad-1098.xml").read_bytes()
BARE_FIXTURE = FIXTURES / "Microsoft-Windows-SettingSync%4Operational.xml"
DUMP = sample("ormasoftchile-evtx-viewer_tests-test_data-sample.xml", "events").read_bytes()


def record(number: int, code: str = "0x80070490", extra: str = "") -> str:
    """One event in wevtutil's one-line `/f:xml` shape."""
    return (
        f"<Event xmlns='{NS}'><System><Provider Name='Microsoft-Windows-SettingSync'/>"
        f"<EventID>5012</EventID><Level>2</Level>"
        f"<TimeCreated SystemTime='2026-11-24T08:03:{number % 60:02d}.1234567Z'/>"
        f"<EventRecordID>{number}</EventRecordID>"
        f"<Channel>Microsoft-Windows-SettingSync/Operational</Channel>"
        f"<Computer>PC-0042</Computer><Security UserID='S-1-5-18'/></System>"
        f"<EventData><Data Name='HRESULT'>{code}</Data>{extra}</EventData></Event>"
    )


def run(count: int, separator: str = "\r\n") -> str:
    return separator.join(record(n) for n in range(1, count + 1)) + separator


def parse(text: str | bytes, **kwargs: str) -> EventParseResult:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_events_xml(data, **kwargs)


def test_bare_run_without_root() -> None:
    result = parse(run(3))
    assert [e.record_id for e in result.events] == [1, 2, 3]
    assert result.warnings == []
    event = result.events[0]
    assert event.channel == "Microsoft-Windows-SettingSync/Operational"
    assert event.time == datetime(2026, 11, 24, 8, 3, 1, 123456, tzinfo=UTC)
    assert event.error_codes == ("0x80070490",)
    assert event.user_sid == "S-1-5-18"


def test_events_root_and_bare_run_and_dump_shape_agree() -> None:
    rooted = parse("<Events>" + run(4) + "</Events>").events
    bare = parse(run(4, separator="")).events
    dump = "".join(
        f'Record {n}\n<?xml version="1.0" encoding="utf-8"?>\n{record(n)}\n' for n in range(1, 5)
    )
    assert rooted == bare == parse(dump).events
    assert len(rooted) == 4


def test_rendered_xml_has_message_and_codes_from_it() -> None:
    result = parse(RENDERED, origin="rendered-aad-1098.xml")
    first, second = result.events
    assert first.event_id == 1098
    assert first.message.startswith("Error: 0xCAA5001C Token broker operation failed.\r\n")
    assert "'class COMException'" in first.message
    assert first.error_codes == ("0xCAA5001C", "0x80080005", "0x800706BA")
    assert second.time == datetime(2024, 11, 14, 16, 16, 37, 324481, tzinfo=UTC)
    assert second.message == "Error: 0x8AA500DB The cache has been partitioned successfully."


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf16le-bom", "utf16le-no-bom", "utf16be-bom", "utf8-bom", "crlf"],
)
def test_encodings_and_line_ends(encode: object) -> None:
    text = RENDERED.decode("utf-8")
    assert callable(encode)
    assert parse(encode(text)).events == parse(RENDERED).events


def test_utf16_with_declaration_and_turkish_text() -> None:
    path = sample(
        "tugix456-randaodcxjj_Microsoft-Windows-User Device Registration%4Admin.ren", "events"
    )
    text = path.read_text(encoding="utf-8").replace('encoding="utf-8"', 'encoding="utf-16"')
    events = parse(codecs.BOM_UTF16_LE + text.encode("utf-16-le")).events
    assert len(events) == 6
    assert events[0].data["Message"] == "İş İçin Windows Hello sağlaması başlatılmayacak."


def test_console_code_page_output_is_not_lost() -> None:
    text = run(2).replace("PC-0042", "PC-Müller")
    declared = '<?xml version="1.0" encoding="windows-1252"?>' + text
    assert parse(declared.encode("cp1252")).events[0].computer == "PC-Müller"
    undeclared = parse(text.encode("cp850")).events
    assert [e.record_id for e in undeclared] == [1, 2]


def test_truncated_file_keeps_complete_records_and_warns() -> None:
    text = run(5)
    cut = text.index("<EventRecordID>5<")
    result = parse(text[:cut], origin="events/x.xml")
    assert [e.record_id for e in result.events] == [1, 2, 3, 4]
    assert len(result.warnings) == 1
    assert "4 complete records" in result.warnings[0]


@pytest.mark.parametrize("fraction", [0.1, 0.35, 0.5, 0.77, 0.99])
def test_truncated_dump_keeps_every_record_before_the_cut(fraction: float) -> None:
    cut = int(len(DUMP) * fraction)
    result = parse(DUMP[:cut])
    complete = DUMP[:cut].count(b"</Event>")
    assert len(result.events) == complete
    assert [e.record_id for e in result.events] == list(range(1, complete + 1))
    assert result.warnings


def test_damaged_record_in_the_middle_is_skipped_and_the_rest_kept() -> None:
    records = [record(n) for n in range(1, 8)]
    records[3] = records[3].replace("<Level>2</Level>", "<Level>2</Levle>")
    result = parse("\r\n".join(records))
    assert [e.record_id for e in result.events] == [1, 2, 3, 5, 6, 7]
    assert len(result.warnings) == 1
    assert "skipped" in result.warnings[0]


def test_garbage_between_records_is_survived() -> None:
    text = record(1) + "\r\n<<<&&& wevtutil crashed here\x01\r\n" + record(2) + "</Events>"
    result = parse(text)
    assert [e.record_id for e in result.events] == [1, 2]
    assert result.warnings


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \r\n\t ",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        b"<Events/>",
        b"<Events>\n</Events>",
    ],
)
def test_no_events_is_not_an_error(data: bytes) -> None:
    result = parse(data)
    assert result.events == []
    assert result.warnings == []


@pytest.mark.parametrize(
    "data",
    [b"hello world", b"<html><body>no events</body></html>", bytes(range(256)), b"Record 1\n"],
)
def test_not_event_xml_raises_a_clear_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError, match="does not contain Windows event XML"):
        parse(data, origin="events/notes.xml")


def test_entity_expansion_is_never_attempted() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE Events [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<Events>{record(1, code='&b;')}</Events>"
    )
    result = parse(bomb)
    assert result.warnings
    assert all("aaaaaaaaaa" not in str(e.data) for e in result.events)


def test_channel_falls_back_to_default_then_file_name() -> None:
    data = BARE_FIXTURE.read_bytes()
    by_name = parse(data, origin="bundle/events/" + BARE_FIXTURE.name).events
    assert {e.channel for e in by_name} == {"Microsoft-Windows-SettingSync/Operational"}
    by_default = parse(data, origin=BARE_FIXTURE.name, default_channel="Application").events
    assert {e.channel for e in by_default} == {"Application"}
    assert parse(run(1), default_channel="Application").events[0].channel.endswith("Operational")


def test_data_naming_binary_qualifiers_and_user_data() -> None:
    first, second = parse(BARE_FIXTURE.read_bytes()).events
    assert first.event_id == 5012
    assert first.user_sid == ""
    assert first.data == {
        "Data1": "0x80070490",
        "Data2": "second",
        "Value": "a",
        "Value_2": "b",
        "Binary": "0A0B0C0D",
    }
    assert second.data == {
        "BootType": "0",
        "Status": "0xC0000001",
        "Nested.Inner": "x",
        "Nested.Other": "y",
    }
    assert second.error_codes == ("0xC0000001",)


def test_events_without_namespace_and_empty_elements() -> None:
    text = (
        "<Event><System><Provider Name='P'></Provider><EventID>7</EventID>"
        "<TimeCreated SystemTime='2024-01-02T03:04:05+01:00'></TimeCreated></System>"
        "<EventData><Data Name='Empty'></Data><Data Name='Text'>it&apos;s</Data></EventData>"
        "</Event>"
    )
    (event,) = parse(text).events
    assert (event.provider, event.event_id, event.level, event.record_id) == ("P", 7, None, None)
    assert event.time == datetime(2024, 1, 2, 2, 4, 5, tzinfo=UTC)
    assert event.data == {"Empty": "", "Text": "it's"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-11-14T16:16:37.3244810Z", datetime(2024, 11, 14, 16, 16, 37, 324481, tzinfo=UTC)),
        ("2024-11-14T16:16:37.324481Z", datetime(2024, 11, 14, 16, 16, 37, 324481, tzinfo=UTC)),
        ("2024-11-14T16:16:37Z", datetime(2024, 11, 14, 16, 16, 37, tzinfo=UTC)),
        ("2024-11-14 16:16:37.3244819 UTC", datetime(2024, 11, 14, 16, 16, 37, 324481, tzinfo=UTC)),
        ("2024-11-14T17:16:37.5+0100", datetime(2024, 11, 14, 16, 16, 37, 500000, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_system_time_spellings(text: str | None, expected: datetime | None) -> None:
    assert parse_system_time(text) == expected


@pytest.mark.parametrize(
    ("origin", "channel"),
    [
        ("events/Microsoft-Windows-AAD%4Operational.xml", "Microsoft-Windows-AAD/Operational"),
        ("C:\\x\\Microsoft-Windows-SettingSync%4Debug.evtx", "Microsoft-Windows-SettingSync/Debug"),
        ("Application.EVTX", "Application"),
        ("a%4b.rendered.xml", "a/b"),
    ],
)
def test_channel_from_file_name(origin: str, channel: str) -> None:
    assert channel_from_filename(origin) == channel


@pytest.mark.parametrize("path", [p for p in EVENT_SAMPLES if p.suffix == ".xml"], ids=str)
def test_error_codes_are_codes_in_fields_plus_find_codes(path: Path) -> None:
    for event in parse(path.read_bytes()).events:
        expected = dict.fromkeys(codes_in_fields(event.data) + find_codes(event.message))
        assert event.error_codes == tuple(expected)


def test_fast_and_streaming_paths_agree() -> None:
    for data in (DUMP, RENDERED, BARE_FIXTURE.read_bytes()):
        fast = parse(data)
        buffer = events_xml.normalise_xml(data)
        slow = EventParseResult()
        events_xml._parse_with_resync(buffer, events_xml._Sink(slow, "", ""))
        assert slow.events == fast.events
        assert slow.warnings == fast.warnings == []


def test_garbage_collector_is_left_as_found() -> None:
    assert gc.isenabled()
    parse(run(3))
    assert gc.isenabled()
    gc.disable()
    try:
        parse(run(3))
        assert not gc.isenabled()
    finally:
        gc.enable()
