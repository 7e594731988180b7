"""The .evtx parser: inputs as path, str or bytes; not-EVTX input; cut and damaged files."""

from __future__ import annotations

from pathlib import Path

import pytest

from esr_gui.core.errors import ParseError
from esr_gui.core.parse.events_evtx import HEADER_SIZE, parse_evtx
from tests.conftest import sample

AAD = sample("tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.evtx", "events")
EMPTY = sample("tugix456-randaodcxjj_Microsoft-Windows-SettingSync%4Operational.EMPTY", "events")


def test_path_str_and_bytes_give_the_same_events() -> None:
    from_path = parse_evtx(AAD)
    from_str = parse_evtx(str(AAD))
    from_bytes = parse_evtx(AAD.read_bytes(), origin=AAD.name)
    assert len(from_path.events) == 9
    assert from_path.events == from_str.events == from_bytes.events
    assert {e.origin for e in from_path.events} == {AAD.name}


def test_origin_and_channel_defaults() -> None:
    result = parse_evtx(AAD.read_bytes(), origin="bundle/events/x.evtx", default_channel="Other")
    assert {e.origin for e in result.events} == {"bundle/events/x.evtx"}
    assert {e.channel for e in result.events} == {"Microsoft-Windows-AAD/Operational"}


def test_empty_log_has_no_events_and_no_warnings() -> None:
    result = parse_evtx(EMPTY)
    assert result.events == []
    assert result.warnings == []


@pytest.mark.parametrize(
    "data",
    [b"", b"<Events/>", b"ElfFil", b"MZ\x90\x00" + bytes(5000), b"\x00" * 70000],
    ids=["empty", "xml", "short", "exe", "zeros"],
)
def test_not_an_evtx_file_raises_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError, match=r"not an \.evtx file"):
        parse_evtx(data, origin="events/x.evtx")


def test_missing_file_raises_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read the file"):
        parse_evtx(tmp_path / "nope.evtx")
    with pytest.raises(ParseError, match="cannot read the file"):
        parse_evtx(tmp_path)


@pytest.mark.parametrize("cut", [8000, 12000, 30000, 69000])
def test_cut_file_keeps_the_records_before_the_cut(cut: int) -> None:
    data = AAD.read_bytes()
    result = parse_evtx(data[:cut], origin=AAD.name)
    full = parse_evtx(data, origin=AAD.name).events
    assert 0 < len(result.events) <= len(full)
    assert result.events == full[: len(result.events)]
    assert any("cut short" in warning for warning in result.warnings)


def test_header_only_file_warns_and_gives_nothing() -> None:
    result = parse_evtx(AAD.read_bytes()[: HEADER_SIZE // 2])
    assert result.events == []
    assert result.warnings


def test_cut_inside_a_record_drops_that_record() -> None:
    data = AAD.read_bytes()
    last_record = data.rfind(b"\x2a\x2a\x00\x00")
    result = parse_evtx(data[: last_record + 100])
    assert [e.record_id for e in result.events] == list(range(1, 9))


def test_damaged_record_bytes_do_not_stop_the_file() -> None:
    data = bytearray(AAD.read_bytes())
    last_record = data.rfind(b"\x2a\x2a\x00\x00")
    data[last_record + 24 : last_record + 64] = b"\xff" * 40
    result = parse_evtx(bytes(data))
    assert [e.record_id for e in result.events] == list(range(1, 9))
    assert len(result.warnings) == 1
    assert "1 damaged record(s)" in result.warnings[0]
