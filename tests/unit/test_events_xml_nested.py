"""An element called Event inside a record's UserData belongs to that record on every path.

The fast path cuts the export into pieces at `</Event>`; such an element's end tag can be the
cut. The streaming path (used after damage) saw each `</Event>` as a record. Both used to give
other records than a whole-file parse: a bogus record, and a record that lost its UserData.
"""

from __future__ import annotations

import pytest

from esr_gui.core.parse import events_xml
from esr_gui.core.parse.events_common import EventParseResult
from esr_gui.core.parse.events_xml import normalise_xml, parse_events_xml

NS = "http://schemas.microsoft.com/win/2004/08/events/event"


def nested_record(number: int) -> bytes:
    """A record whose UserData wraps its values in an element called Event (no namespace of
    its own, so it is in the record's namespace, as a provider's template can make it)."""
    return (
        f"<Event xmlns='{NS}'><System><Provider Name='Contoso-Sync'/><EventID>7</EventID>"
        f"<EventRecordID>{number}</EventRecordID><Channel>Contoso/Operational</Channel>"
        f"</System><UserData><Event><Reason>reason {number}</Reason><Code>0x{number:X}</Code>"
        "</Event></UserData></Event>"
    ).encode()


def export(count: int, middle: bytes = b"") -> bytes:
    """`count` nested records inside `<Events>`, with `middle` after the first half."""
    half = count // 2
    first = b"\r\n".join(nested_record(n) for n in range(1, half + 1))
    rest = b"\r\n".join(nested_record(n) for n in range(half + 1, count + 1))
    return b"<Events>\r\n" + first + b"\r\n" + middle + rest + b"\r\n</Events>"


def streamed(data: bytes) -> EventParseResult:
    """The streaming path alone, over the whole input."""
    result = EventParseResult()
    events_xml._parse_with_resync(normalise_xml(data), events_xml._Sink(result, "", "x.xml"))
    return result


def fast(data: bytes) -> tuple[bool, EventParseResult]:
    """The fast path alone: (whether it read the input, what it read)."""
    result = EventParseResult()
    done = events_xml._parse_fast(normalise_xml(data), events_xml._Sink(result, "", "x.xml"))
    return done, result


def test_streaming_keeps_the_inner_event_in_its_record() -> None:
    result = streamed(export(6))
    assert [e.record_id for e in result.events] == [1, 2, 3, 4, 5, 6]
    assert [e.data["Reason"] for e in result.events] == [f"reason {n}" for n in range(1, 7)]
    assert result.warnings == []


@pytest.mark.parametrize("piece", [1, 200, 700, 5000, 1 << 16])
def test_fast_path_reads_every_record_whatever_the_piece_size(
    monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    """Pieces that end at the inner `</Event>` are widened: the fast path reads the whole
    export (no fall back) and gives what the streaming path gives."""
    data = export(40)
    monkeypatch.setattr(events_xml, "PIECE_SIZE", piece)
    done, result = fast(data)
    assert done
    assert len(result.events) == 40
    assert [e.data["Code"] for e in result.events] == [f"0x{n:X}" for n in range(1, 41)]
    assert result.events == streamed(data).events
    assert result.warnings == []


def test_a_damaged_record_among_nested_ones_is_skipped_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Damage still sends the parse down the streaming path, which keeps every other record."""
    monkeypatch.setattr(events_xml, "PIECE_SIZE", 300)
    data = export(10, middle=b"<Event><System></Bad></Event>\r\n")
    assert not fast(data)[0]
    result = parse_events_xml(data, origin="x.xml")
    assert [e.record_id for e in result.events] == list(range(1, 11))
    assert len(result.warnings) == 1 and "damaged record" in result.warnings[0]


def test_a_record_left_open_gives_up_the_records_after_it() -> None:
    """A record that never ends swallows the ones after it as its children: they are still
    read as records, as before (they are not in a UserData part)."""
    plain = (
        f"<Event xmlns='{NS}'><System><EventID>1</EventID><EventRecordID>{{n}}</EventRecordID>"
        "</System></Event>"
    )
    data = (
        plain.format(n=1)
        + f"<Event xmlns='{NS}'><System><EventID>2</EventID></System>"
        + plain.format(n=3)
        + plain.format(n=4)
    ).encode()
    result = parse_events_xml(data, origin="x.xml")
    assert [e.record_id for e in result.events] == [1, 3, 4]
    assert result.warnings
