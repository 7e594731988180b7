"""events_to_xml: wevtutil's shape, escaping, and parse(write(x)) == x."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from esr_gui.core.models.events import Event
from esr_gui.core.parse.events_common import error_codes
from esr_gui.core.parse.events_write import event_to_xml, events_to_xml, system_time
from esr_gui.core.parse.events_xml import parse_events_xml
from tests.conftest import sample

NS = "http://schemas.microsoft.com/win/2004/08/events/event"

xml_chars = st.characters(
    blacklist_categories=("Cs", "Cc", "Cn"), blacklist_characters="\ufeff"
) | st.sampled_from("\t\n\r")
xml_text = st.text(xml_chars, max_size=40)
trimmed_text = xml_text.map(str.strip)
code_like = st.sampled_from(["0x80070259", "3399811100", "-895418359", "caa5001c", "80070002"])


@st.composite
def events(draw: st.DrawFn) -> Event:
    """Events whose fields survive XML (no control characters, trimmed identity fields)."""
    names = st.text(xml_chars, min_size=1, max_size=12).filter(lambda n: n.strip() != "")
    values = st.one_of(xml_text, code_like, st.builds(lambda a, b: f"{a} {b}", xml_text, code_like))
    data = draw(st.dictionaries(st.one_of(names, st.sampled_from(["Error", "Status"])), values))
    message = draw(st.one_of(xml_text, st.builds(lambda a, c: a + c, xml_text, code_like)))
    return Event(
        channel=draw(trimmed_text),
        provider=draw(trimmed_text),
        event_id=draw(st.integers(0, 65535)),
        level=draw(st.none() | st.integers(0, 255)),
        time=draw(st.none() | st.datetimes(datetime(1601, 1, 2), timezones=st.just(UTC))),
        record_id=draw(st.none() | st.integers(0, 2**63 - 1)),
        computer=draw(trimmed_text),
        user_sid=draw(trimmed_text),
        data=data,
        message=message,
        error_codes=error_codes(data, message),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(events(), max_size=6), st.booleans())
def test_round_trip(generated: list[Event], root: bool) -> None:
    text = events_to_xml(generated, root=root)
    result = parse_events_xml(text.encode("utf-8"))
    assert result.events == generated
    assert result.warnings == []


def test_real_samples_round_trip() -> None:
    path = sample("ormasoftchile-evtx-viewer_tests-test_data-sample.evtx", "events")
    from esr_gui.core.parse.events_evtx import parse_evtx

    original = parse_evtx(path, origin="x").events
    assert parse_events_xml(events_to_xml(original).encode("utf-16"), origin="x").events == original


def test_wevtutil_shape_and_escaping() -> None:
    event = Event(
        channel="Microsoft-Windows-AAD/Operational",
        provider="Microsoft-Windows-AAD",
        event_id=1098,
        level=2,
        time=datetime(2024, 11, 14, 16, 16, 37, 324481, tzinfo=UTC),
        record_id=12,
        computer="PC<1>",
        user_sid="S-1-5-18",
        data={"Error": "3399811100", "Text": 'a & b\r\nit\'s "quoted" <x>'},
    )
    assert event_to_xml(event) == (
        f"<Event xmlns='{NS}'><System><Provider Name='Microsoft-Windows-AAD'/>"
        "<EventID>1098</EventID><Level>2</Level>"
        "<TimeCreated SystemTime='2024-11-14T16:16:37.3244810Z'/>"
        "<EventRecordID>12</EventRecordID><Channel>Microsoft-Windows-AAD/Operational</Channel>"
        "<Computer>PC&lt;1&gt;</Computer><Security UserID='S-1-5-18'/></System>"
        "<EventData><Data Name='Error'>3399811100</Data>"
        "<Data Name='Text'>a &amp; b&#xD;\nit's \"quoted\" &lt;x&gt;</Data></EventData></Event>"
    )


def test_root_and_line_ends() -> None:
    event = Event(channel="C", event_id=1)
    assert events_to_xml([]) == ""
    assert events_to_xml([], root=True) == "<Events>\r\n</Events>\r\n"
    lines = events_to_xml([event, event], root=True).split("\r\n")
    assert lines[0] == "<Events>"
    assert lines[-2:] == ["</Events>", ""]
    assert lines[1] == lines[2] == event_to_xml(event)


def test_characters_xml_cannot_carry_become_replacement_marks() -> None:
    event = Event(channel="C", event_id=1, data={"x": "a\x01b"}, message="\x00")
    (parsed,) = parse_events_xml(events_to_xml([event]).encode()).events
    assert parsed.data == {"x": "a\ufffdb"}
    assert parsed.message == "\ufffd"


def test_system_time_converts_to_utc() -> None:
    from datetime import timedelta, timezone

    local = datetime(2024, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=1)))
    assert system_time(local) == "2024-01-01T00:00:00.0000000Z"
    assert system_time(datetime(2024, 1, 1)) == "2024-01-01T00:00:00.0000000Z"
