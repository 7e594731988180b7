"""Every real event sample parses with the parser its suffix calls for, with its real values."""

from __future__ import annotations

from pathlib import Path

import pytest

from esr_gui.core.bundle.reader import bundle_from_members
from esr_gui.core.models.events import Event
from esr_gui.core.parse.event_text import parse_event_text
from esr_gui.core.parse.events_common import EventParseResult
from esr_gui.core.parse.events_evtx import parse_evtx
from esr_gui.core.parse.events_xml import parse_events_xml
from esr_gui.core.snapshot_builder import snapshot_from_bundle
from tests.conftest import EVENT_SAMPLES, sample

AAD = "Microsoft-Windows-AAD/Operational"
UDR = "Microsoft-Windows-User Device Registration/Admin"
SYNC_DEBUG = "Microsoft-Windows-SettingSync/Debug"


def parse_sample(path: Path) -> EventParseResult:
    """The parser chosen by suffix, as the bundle reader will choose it."""
    if path.suffix == ".evtx":
        return parse_evtx(path)
    if path.suffix == ".xml":
        return parse_events_xml(path.read_bytes(), origin=path.name)
    assert path.suffix == ".txt"
    return parse_event_text(path.read_bytes(), origin=path.name)


def events_of(prefix: str) -> list[Event]:
    return parse_sample(sample(prefix, "events")).events


def without_origin(events: list[Event]) -> list[Event]:
    return [event.model_copy(update={"origin": ""}) for event in events]


@pytest.mark.parametrize("path", EVENT_SAMPLES, ids=lambda p: p.name)
def test_every_sample_parses_cleanly(path: Path) -> None:
    result = parse_sample(path)
    assert result.warnings == []
    for event in result.events:
        assert event.origin == path.name
        assert event.time is None or event.time.utcoffset() is not None
        assert Event.model_validate(event.model_dump()) == event


@pytest.mark.parametrize(
    ("prefix", "count", "channel"),
    [
        ("ormasoftchile-evtx-viewer_tests-test_data-sample.evtx", 39, AAD),
        ("ormasoftchile-evtx-viewer_tests-test_data-sample.xml", 39, AAD),
        ("tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.evtx", 9, AAD),
        ("tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.rendered", 9, AAD),
        ("tugix456-randaodcxjj_Microsoft-Windows-SettingSync%4Debug.evtx", 55, SYNC_DEBUG),
        ("tugix456-randaodcxjj_Microsoft-Windows-SettingSync%4Debug.rendered", 55, SYNC_DEBUG),
        ("tugix456-randaodcxjj_Microsoft-Windows-User Device Registration%4Admin.evtx", 6, UDR),
        ("tugix456-randaodcxjj_Microsoft-Windows-User Device Registration%4Admin.ren", 6, UDR),
        ("tugix456-randaodcxjj_Microsoft-Windows-SettingSync%4Operational.EMPTY", 0, ""),
    ],
)
def test_record_counts_and_channels(prefix: str, count: int, channel: str) -> None:
    events = events_of(prefix)
    assert len(events) == count
    assert {event.channel for event in events} <= {channel}
    assert [event.record_id for event in events] == list(range(1, count + 1))


@pytest.mark.parametrize("channel_file", ["AAD%4Operational", "SettingSync%4Debug", "User Device"])
def test_rendered_xml_equals_its_evtx(channel_file: str) -> None:
    evtx_path, xml_path = sorted(p for p in EVENT_SAMPLES if channel_file in p.name)
    assert (evtx_path.suffix, xml_path.name[-13:]) == (".evtx", ".rendered.xml")
    evtx, xml = parse_sample(evtx_path).events, parse_sample(xml_path).events
    assert len(evtx) > 0
    assert without_origin(xml) == without_origin(evtx)


def test_ormasoftchile_xml_dump_equals_its_evtx() -> None:
    evtx = events_of("ormasoftchile-evtx-viewer_tests-test_data-sample.evtx")
    xml = events_of("ormasoftchile-evtx-viewer_tests-test_data-sample.xml")
    assert without_origin(xml) == without_origin(evtx)


def test_aad_1098_token_broker_failure_from_decimal_error_field() -> None:
    events = events_of("tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.evtx")
    failures = [e for e in events if e.event_id == 1098]
    assert len(failures) == 1
    event = failures[0]
    assert event.data["Error"] == "3399811100"
    assert event.error_codes == ("0xCAA5001C", "0x80080005")
    assert event.level == 2
    assert event.level_name == "Error"
    assert event.provider == "Microsoft-Windows-AAD"
    assert event.computer == "DESKTOP-P2NAHG6"
    assert event.user_sid == "S-1-5-21-1167734505-2749129968-456087066-1001"
    assert event.time is not None
    assert event.time.isoformat() == "2024-11-15T15:02:03.694986+00:00"
    assert "Sunucu çalıştırması başarısız" in event.data["AdditionalInformation"]


def test_aad_export_has_invalid_grant_and_token_broker_failures() -> None:
    events = events_of("ormasoftchile-evtx-viewer_tests-test_data-sample.evtx")
    codes_1098 = {code for e in events if e.event_id == 1098 for code in e.error_codes}
    assert {"0xCAA20003", "0xCAA5001C", "0xCAA9004F", "0xCAA82EE2", "0xCAA7000A"} <= codes_1098
    partitioned = [e for e in events if e.data.get("Error") == "2326069467"]
    assert partitioned
    assert all(e.event_id == 1097 and e.has_code("0x8AA500DB") for e in partitioned)
    assert {e.computer for e in events} == {"DESKTOP-1D5ALF0"}


def test_udr_360_records_keep_their_data_names_and_turkish_text() -> None:
    events = events_of(
        "tugix456-randaodcxjj_Microsoft-Windows-User Device Registration%4Admin.evtx"
    )
    assert {e.event_id for e in events} == {360}
    first = events[0]
    assert list(first.data) == [
        "Message",
        "DeviceIsJoined",
        "AADPrt",
        "NgcPolicyEnabled",
        "NgcPostLogonProvisioningEnabled",
        "NgcHardwarePolicyMet",
        "UserIsRemote",
        "LogonCertRequired",
        "MachinePolicySource",
        "UseCloudTrust",
        "CloudTgt",
    ]
    assert first.data["Message"] == "İş İçin Windows Hello sağlaması başlatılmayacak."
    assert first.data["DeviceIsJoined"] == "Not Tested"
    assert first.data["AADPrt"] == "No"
    assert {e.computer for e in events} == {"DESKTOP-P2NAHG6", "Cafte"}


def test_settingsync_debug_carries_wil_hresults() -> None:
    events = events_of("tugix456-randaodcxjj_Microsoft-Windows-SettingSync%4Debug.evtx")
    assert {6509, 6067, 6056, 6051} <= {e.event_id for e in events}
    wil = [e for e in events if e.event_id == 6509]
    assert any(e.has_code("0x80070002") for e in wil)
    assert any("Sistem belirtilen dosyayı bulamıyor." in e.data["Message"] for e in wil)


@pytest.mark.parametrize(
    ("prefix", "codes"),
    [
        ("aad-operational", ["0xCAA5001C", "0xCAA10009", "0xC000006D"]),
        ("udr-admin-304", ["0xCAA1000E", "0x4AA90010"]),
        ("udr-admin-305", ["0x801C0515", "0x4AA90010"]),
    ],
)
def test_text_samples_give_their_codes(prefix: str, codes: list[str]) -> None:
    events = events_of(prefix)
    assert len(events) == 1
    event = events[0]
    assert event.event_id == 0
    assert all(event.has_code(code) for code in codes)
    assert "*" not in event.message
    assert not any(line.endswith(" ") for line in event.message.splitlines())


def test_text_sample_with_event_id_lines_splits_into_360_and_362() -> None:
    events = events_of("udr-admin-360-362")
    assert [e.event_id for e in events] == [360, 362]
    assert all(e.message.startswith("Windows Hello for Business provisioning") for e in events)
    assert "User account has Cloud TGT: Not Tested" in events[0].message
    assert "User has successfully authenticated to the enterprise STS: No" in events[1].message


def test_text_sample_takes_the_callers_defaults() -> None:
    path = sample("udr-admin-304", "events")
    result = parse_event_text(
        path.read_text(encoding="utf-8"), default_channel=UDR, default_event_id=304
    )
    assert [(e.channel, e.event_id) for e in result.events] == [(UDR, 304)]


def test_a_channel_exported_twice_counts_each_record_once() -> None:
    """The same log as .evtx and as rendered XML (and again as a second .evtx) in one bundle."""
    evtx = sample("tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.evtx", "events")
    xml = sample("tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.rendered", "events")
    manifest = b'{"format": "esr-bundle", "version": 1, "created": "2026-11-25T09:14:03+01:00"}'
    members = {
        "manifest.json": manifest,
        "events/Microsoft-Windows-AAD%4Operational.evtx": evtx.read_bytes(),
        "events/Microsoft-Windows-AAD%4Operational.xml": xml.read_bytes(),
        "events/aad-again.evtx": evtx.read_bytes(),
    }
    snap = snapshot_from_bundle(bundle_from_members(members))
    once = parse_sample(evtx).events
    assert len(snap.events) == len(once) == 9
    assert sorted(e.record_id or 0 for e in snap.events) == sorted(e.record_id or 0 for e in once)
