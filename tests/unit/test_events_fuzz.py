"""No input makes an event parser raise anything but ParseError; damage never loses good records."""

from __future__ import annotations

import encodings.aliases
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from esr_gui.core.errors import ParseError
from esr_gui.core.models.events import Event
from esr_gui.core.parse.event_text import parse_event_text
from esr_gui.core.parse.events_common import EventParseResult
from esr_gui.core.parse.events_evtx import parse_evtx
from esr_gui.core.parse.events_xml import parse_events_xml
from tests.conftest import EVENT_SAMPLES, sample

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
Parser = Callable[[bytes], EventParseResult]
PARSERS: dict[str, Parser] = {
    ".xml": lambda data: parse_events_xml(data, origin="fuzz.xml"),
    ".evtx": lambda data: parse_evtx(data, origin="fuzz.evtx"),
    ".txt": lambda data: parse_event_text(data, origin="fuzz.txt"),
}
SAMPLES = [(path, path.read_bytes()) for path in EVENT_SAMPLES]
DUMP = sample("ormasoftchile-evtx-viewer_tests-test_data-sample.xml", "events").read_bytes()
FRAGMENTS = [
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>",
    "<Event>",
    "</Event>",
    "<Events>",
    "</Events>",
    "<System>",
    "</System>",
    "<EventID>1098</EventID>",
    "<EventID>x</EventID>",
    "<TimeCreated SystemTime='2024-11-14T16:16:37.3244810Z'/>",
    "<TimeCreated SystemTime='9999-99-99'/>",
    "<EventData>",
    "</EventData>",
    "<Data Name='Error'>3399811100</Data>",
    "<Data>",
    "</Data>",
    "<UserData><a><b><c>x</c></b></a></UserData>",
    "<RenderingInfo><Message>0xCAA5001C</Message></RenderingInfo>",
    '<?xml version="1.0" encoding="utf-16"?>',
    "<!DOCTYPE x>",
    "Record 1\n",
    "&apos;",
    "&",
    "<",
    "\x00",
    "\ufeff",
    "Log Name: A/B\n",
    "Date: 1/2/2024 3:04:05 PM\n",
    "Event ID: 7\n",
    "Description:\n",
    "Event Xml:\n",
]


def check(parser: Parser, data: bytes) -> EventParseResult | None:
    try:
        result = parser(data)
    except ParseError:
        return None
    assert isinstance(result, EventParseResult)
    assert all(isinstance(event, Event) for event in result.events)
    assert all(isinstance(warning, str) for warning in result.warnings)
    return result


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(sorted(PARSERS)))
def test_arbitrary_bytes(data: bytes, suffix: str) -> None:
    check(PARSERS[suffix], data)


@FUZZ
@given(st.binary(max_size=600), st.sampled_from(sorted(PARSERS)))
def test_arbitrary_bytes_behind_a_valid_start(tail: bytes, suffix: str) -> None:
    heads = {".xml": b"<Event xmlns='x'><System>", ".evtx": b"ElfFile\x00", ".txt": b"Log Name:"}
    check(PARSERS[suffix], heads[suffix] + tail)


@FUZZ
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40), st.sampled_from([".xml", ".txt"]))
def test_event_shaped_fragments(parts: list[str], suffix: str) -> None:
    text = "".join(parts)
    check(PARSERS[suffix], text.encode("utf-8"))
    if suffix == ".txt":
        check(lambda _: parse_event_text(text), b"")


@FUZZ
@given(
    st.sampled_from(sorted({*encodings.aliases.aliases.values(), "utf-7", "idna", "bogus"})),
    st.binary(max_size=200),
)
def test_any_declared_encoding(name: str, tail: bytes) -> None:
    head = f'<?xml version="1.0" encoding="{name}"?><Event><System><EventID>1</EventID></System>'
    check(PARSERS[".xml"], head.encode("ascii") + b"\xc3" + tail + b"</Event>")


@FUZZ
@given(st.text(st.characters(), max_size=300))
def test_any_pasted_text(text: str) -> None:
    check(lambda _: parse_event_text(text + "\ud800<Event>"), b"")


@st.composite
def mutated_sample(draw: st.DrawFn) -> tuple[Path, bytes]:
    """A real sample cut short and/or with a few bytes overwritten."""
    path, data = draw(st.sampled_from(SAMPLES))
    mutable = bytearray(data[: draw(st.integers(0, len(data)))])
    for _ in range(draw(st.integers(0, 8))):
        if mutable:
            mutable[draw(st.integers(0, len(mutable) - 1))] = draw(st.integers(0, 255))
    return path, bytes(mutable)


@FUZZ
@given(mutated_sample())
def test_mutated_real_files(case: tuple[Path, bytes]) -> None:
    path, data = case
    check(PARSERS[path.suffix], data)


@FUZZ
@given(st.integers(0, len(DUMP)))
def test_truncation_keeps_every_complete_record(cut: int) -> None:
    result = check(PARSERS[".xml"], DUMP[:cut])
    complete = DUMP[:cut].count(b"</Event>")
    if result is None:
        assert complete == 0
        return
    assert [e.record_id for e in result.events] == list(range(1, complete + 1))


@FUZZ
@given(st.data())
def test_one_broken_record_costs_at_most_that_record(data: st.DataObject) -> None:
    records = DUMP.split(b"Record ")[1:]
    broken = data.draw(st.integers(0, len(records) - 1))
    damaged = bytearray(records[broken])
    start = damaged.index(b"<Event")
    position = data.draw(st.integers(start, len(damaged) - 1))
    damaged[position] = data.draw(st.sampled_from(b"<&>\x00"))
    records[broken] = bytes(damaged)
    result = check(PARSERS[".xml"], b"Record " + b"Record ".join(records))
    assert result is not None
    kept = {e.record_id for e in result.events}
    assert set(range(1, len(records) + 1)) - kept <= {broken + 1}
