"""Pasted event text: Copy-details blocks, the XML view, bare descriptions, dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from esr_gui.core.errors import ParseError
from esr_gui.core.parse.event_text import clean_message, parse_event_text, parse_local_date
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "data" / "events"


def test_two_copy_details_blocks() -> None:
    result = parse_event_text((FIXTURES / "copy-details-two-events.txt").read_bytes(), "paste")
    first, second = result.events
    assert first.channel == "Microsoft-Windows-AAD/Operational"
    assert first.provider == "Microsoft-Windows-AAD"
    assert (first.event_id, first.level, first.level_name) == (1098, 2, "Error")
    assert first.time == datetime(2024, 11, 15, 18, 2, 3, tzinfo=UTC)
    assert first.user_sid == "S-1-5-21-1167734505-2749129968-456087066-1001"
    assert first.computer == "DESKTOP-P2NAHG6"
    assert first.message.startswith("Error: 0xCAA5001C Token broker operation failed.\nException")
    assert first.error_codes == ("0xCAA5001C",)
    assert first.origin == "paste"
    assert second.channel == "Microsoft-Windows-User Device Registration/Admin"
    assert (second.event_id, second.user_sid) == (304, "")
    assert second.time == datetime(2024, 11, 14, 16, 20, 6, tzinfo=UTC)
    assert second.message.endswith("Debug Output:\njoinMode: Join\ndrsInstance: azure")
    assert second.error_codes == ("0x801C03F2",)
    assert any("local times" in warning for warning in result.warnings)


def test_copy_details_with_event_xml_takes_the_xml_fields() -> None:
    (event,) = parse_event_text((FIXTURES / "copy-details-with-xml.txt").read_text("utf-8")).events
    assert event.channel == "Microsoft-Windows-SettingSync-Azure/Operational"
    assert (event.event_id, event.record_id) == (6013, 4711)
    assert event.time == datetime(2026, 11, 25, 8, 14, 3, 123456, tzinfo=UTC)
    assert event.data == {"WebTokenRequestStatus": "Error", "HRESULT": "-2147024295"}
    assert event.message == "GetToken - Status: Error, Result: 80070259"
    assert event.error_codes == ("0x80070259",)


def test_german_copy_details_block() -> None:
    text = (
        "Protokollname: Microsoft-Windows-AAD/Operational\n"
        "Quelle:        Microsoft-Windows-AAD\n"
        "Datum:         14.11.2024 16:16:37\n"
        "Ereignis-ID:   1098\n"
        "Ebene:         Fehler\n"
        "Benutzer:      S-1-5-18\n"
        "Computer:      PC-0042\n"
        "Beschreibung:\n"
        "Fehler: 0xCAA5001C Fehler beim Tokenbrokervorgang.\n"
    )
    (event,) = parse_event_text(text).events
    assert (event.event_id, event.level, event.user_sid) == (1098, 2, "S-1-5-18")
    assert event.time == datetime(2024, 11, 14, 16, 16, 37, tzinfo=UTC)
    assert event.error_codes == ("0xCAA5001C",)


def test_unreadable_date_leaves_time_empty_with_a_warning() -> None:
    text = "Log Name: Application\nDate: gestern um drei\nEvent ID: 1\nDescription:\nx\n"
    result = parse_event_text(text)
    assert result.events[0].time is None
    assert any("gestern um drei" in warning for warning in result.warnings)


def test_xml_view_is_delegated_to_the_xml_parser() -> None:
    xml = (FIXTURES / "rendered-aad-1098.xml").read_text("utf-8")
    result = parse_event_text(xml)
    assert [e.event_id for e in result.events] == [1098, 1097]
    assert result.events[0].message.startswith("Error: 0xCAA5001C")


def test_xml_view_with_browser_tree_markers() -> None:
    pasted = (
        '- <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">\n'
        "- <System>\n"
        '  <Provider Name="Microsoft-Windows-AAD" />\n'
        "  <EventID>1098</EventID>\n"
        "  </System>\n"
        "- <EventData>\n"
        '  <Data Name="Error">3399811100</Data>\n'
        "  </EventData>\n"
        "  </Event>\n"
    )
    (event,) = parse_event_text(pasted, default_channel="Microsoft-Windows-AAD/Operational").events
    assert event.channel == "Microsoft-Windows-AAD/Operational"
    assert event.error_codes == ("0xCAA5001C",)


def test_bare_description_uses_defaults_and_cleans_markdown() -> None:
    text = "*Error: 0xCAA5001C Token broker operation failed.*  \r\n" + "\r\n" * 3
    text += "**Status**: 0xC000006D  "
    result = parse_event_text(text, default_channel="Microsoft-Windows-AAD/Operational")
    (event,) = result.events
    assert event.channel == "Microsoft-Windows-AAD/Operational"
    assert event.event_id == 0
    assert event.message == "Error: 0xCAA5001C Token broker operation failed.\n\nStatus: 0xC000006D"
    assert event.error_codes == ("0xCAA5001C", "0xC000006D")
    assert parse_event_text(text, default_event_id=1098).events[0].event_id == 1098


def test_lone_asterisks_are_kept() -> None:
    assert clean_message("URL *.contoso.com was blocked") == "URL *.contoso.com was blocked"


@pytest.mark.parametrize("text", ["", "   \n\t", b"", b"\xff\xfe"])
def test_empty_paste_raises(text: str | bytes) -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_event_text(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/14/2024 4:16:37 PM", datetime(2024, 11, 14, 16, 16, 37, tzinfo=UTC)),
        ("3/4/2024 12:05:00 AM", datetime(2024, 3, 4, 0, 5, tzinfo=UTC)),
        ("14/11/2024 16:16:37", datetime(2024, 11, 14, 16, 16, 37, tzinfo=UTC)),
        ("03/04/2024 16:16", datetime(2024, 4, 3, 16, 16, tzinfo=UTC)),
        ("11/14/2024 16:16:37", datetime(2024, 11, 14, 16, 16, 37, tzinfo=UTC)),
        ("14.11.2024 16:16:37", datetime(2024, 11, 14, 16, 16, 37, tzinfo=UTC)),
        ("14-11-2024 16:16:37,5", datetime(2024, 11, 14, 16, 16, 37, 500000, tzinfo=UTC)),
        ("2024/11/14 16:16:37", datetime(2024, 11, 14, 16, 16, 37, tzinfo=UTC)),
        ("2024-11-14 16:16:37", datetime(2024, 11, 14, 16, 16, 37, tzinfo=UTC)),
        ("2024-11-14T17:16:37+01:00", datetime(2024, 11, 14, 16, 16, 37, tzinfo=UTC)),
        ("31/02/2024 10:00:00", None),
        ("soon", None),
    ],
)
def test_local_date_forms(text: str, expected: datetime | None) -> None:
    assert parse_local_date(text) == expected
