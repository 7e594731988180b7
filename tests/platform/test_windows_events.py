"""Event channels through a fake win32evtlog and a fake wevtutil.exe: directions, caps, errors."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from esr_gui.core.data import ChannelSpec
from esr_gui.core.parse.events_xml import parse_events_xml
from esr_gui.platform.host import ChannelQuery, ProbeError
from esr_gui.platform.windows.events import EvtReader, time_filter
from esr_gui.platform.windows.host import WindowsHost
from esr_gui.platform.windows.process import ToolRunner
from esr_gui.platform.windows.wevtutil import WevtutilReader
from tests.conftest import SAMPLES
from tests.platform.fakes import ENVIRON, FakeEvtlog, FakeRun, event_xml, existing

AAD = ChannelSpec(name="Microsoft-Windows-AAD/Operational")
DEBUG = ChannelSpec(name="Microsoft-Windows-SettingSync/Debug", direct=True)
UDR = ChannelSpec(name="Microsoft-Windows-User Device Registration/Admin")
QUERY = ChannelQuery(window=timedelta(days=7), max_events=3, timeout=30)


def events(channel: str, count: int) -> list[str]:
    return [event_xml(i, channel) for i in range(1, count + 1)]


def record_ids(data: bytes) -> list[int | None]:
    return [e.record_id for e in parse_events_xml(data, "x.xml", None).events]


def test_time_filter_is_the_documented_timediff_xpath() -> None:
    assert (
        time_filter(timedelta(days=7))
        == "*[System[TimeCreated[timediff(@SystemTime) <= 604800000]]]"
    )


def test_operational_channel_is_read_newest_first_capped_and_written_oldest_first() -> None:
    evt = FakeEvtlog(channels={AAD.name: events(AAD.name, 10)})
    got = EvtReader(evt).query(AAD, QUERY)
    assert got.count == 3 and got.suffix == ".xml" and got.method == "EvtQuery"
    assert record_ids(got.data) == [8, 9, 10]
    path, flags, query = evt.queries[0]
    assert (path, flags) == (AAD.name, 0x1 | 0x200)
    assert query == time_filter(QUERY.window)


def test_debug_channel_is_read_forward_only_and_keeps_the_newest() -> None:
    evt = FakeEvtlog(channels={DEBUG.name: events(DEBUG.name, 10)}, direct={DEBUG.name})
    got = EvtReader(evt).query(DEBUG, QUERY)
    assert evt.queries[0][1] == 0x1 | 0x100
    assert record_ids(got.data) == [8, 9, 10]


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [
        (15007, "channel-not-found", "not present on this build"),
        (15000, "channel-not-found", "not present on this build"),
        (5, "access-denied", "needs administrator"),
        (15022, "enabled-debug-unreadable", "export it instead"),
        (15001, "error", "rejected the event query"),
        (15011, "error", "cleared while it was read"),
        (1717, "error", "Windows error 1717"),
    ],
)
def test_evtquery_errors_map_by_winerror(code: int, kind: str, words: str) -> None:
    evt = FakeEvtlog(channels={DEBUG.name: code})
    with pytest.raises(ProbeError) as info:
        EvtReader(evt).query(DEBUG, QUERY)
    assert info.value.kind == kind and info.value.code == code
    assert words in info.value.message


def test_error_while_iterating_is_mapped_too() -> None:
    evt = FakeEvtlog(channels={AAD.name: events(AAD.name, 2)}, next_error={AAD.name: 15011})
    with pytest.raises(ProbeError) as info:
        EvtReader(evt).query(AAD, QUERY)
    assert info.value.code == 15011


def test_empty_disabled_channel_is_reported_disabled_and_empty_enabled_is_empty() -> None:
    evt = FakeEvtlog(channels={DEBUG.name: [], AAD.name: []}, enabled={DEBUG.name: False})
    with pytest.raises(ProbeError) as info:
        EvtReader(evt).query(DEBUG, QUERY)
    assert info.value.kind == "channel-disabled"
    empty = EvtReader(evt).query(AAD, QUERY)
    assert empty.count == 0 and parse_events_xml(empty.data, "x.xml", None).events == []


def epl_writer(payload: bytes) -> Any:
    def write(argv: list[str], kwargs: dict[str, Any]) -> tuple[int, bytes, bytes]:
        Path(argv[3]).write_bytes(payload)
        return (0, b"", b"")

    return write


def test_enabled_debug_channel_falls_back_to_a_wevtutil_epl_export() -> None:
    evtx = (
        SAMPLES / "events" / "tugix456-randaodcxjj_Microsoft-Windows-SettingSync%4Debug.evtx"
    ).read_bytes()
    run = FakeRun().script("wevtutil.exe", "epl", epl_writer(evtx))
    tools = ToolRunner(run=run, exists=existing("wevtutil.exe"), environ=ENVIRON)
    evt = FakeEvtlog(channels={DEBUG.name: 15022})
    got = EvtReader(evt, export=WevtutilReader(tools).export).query(DEBUG, QUERY)
    assert got.suffix == ".evtx" and got.data == evtx and got.count > 0
    assert "wevtutil epl" in got.note
    argv = run.calls[0][0]
    assert argv[1:3] == ["epl", DEBUG.name] and argv[4].startswith("/q:") and argv[5] == "/ow:true"
    assert not Path(argv[3]).exists()  # the temporary export is removed


def test_failed_export_keeps_the_enabled_debug_verdict() -> None:
    run = FakeRun().script("wevtutil.exe", "epl", (5, b"", b"Access is denied."))
    tools = ToolRunner(run=run, exists=existing("wevtutil.exe"), environ=ENVIRON)
    evt = FakeEvtlog(channels={DEBUG.name: 15022})
    with pytest.raises(ProbeError) as info:
        EvtReader(evt, export=WevtutilReader(tools).export).query(DEBUG, QUERY)
    assert info.value.kind == "enabled-debug-unreadable"


def wevtutil_host(run: FakeRun, *tools: str) -> WindowsHost:
    return WindowsHost(
        tools=ToolRunner(run=run, exists=existing(*tools), environ=ENVIRON), evtlog=None
    )


def gl(enabled: bool) -> tuple[int, bytes, bytes]:
    xml = f'<?xml version="1.0"?><channel name="x" enabled="{str(enabled).lower()}"></channel>'
    return (0, xml.encode(), b"")


def test_without_pywin32_wevtutil_qe_is_used_with_reverse_only_for_non_direct_channels() -> None:
    body = ("<Events>" + "".join(reversed(events(UDR.name, 3))) + "</Events>").encode("utf-16-le")
    run = (
        FakeRun()
        .script("wevtutil.exe", "gl", gl(True))
        .script("wevtutil.exe", "qe", (0, body, b""))
    )
    got = wevtutil_host(run, "wevtutil.exe").query_channel(UDR, QUERY)
    assert got.method == "wevtutil qe" and got.count == 3
    assert record_ids(got.data) == [1, 2, 3]
    qe = run.calls[1][0]
    assert qe[1:3] == ["qe", UDR.name]
    assert {"/f:xml", "/e:Events", "/uni:true", "/rd:true", "/c:3"} <= set(qe)
    assert f"/q:{time_filter(QUERY.window)}" in qe


def test_wevtutil_on_a_debug_channel_never_asks_for_reverse_and_keeps_the_tail() -> None:
    body = ("<Events>" + "".join(events(DEBUG.name, 6)) + "</Events>").encode("utf-16-le")
    run = (
        FakeRun()
        .script("wevtutil.exe", "gl", gl(True))
        .script("wevtutil.exe", "qe", (0, body, b""))
    )
    got = wevtutil_host(run, "wevtutil.exe").query_channel(DEBUG, QUERY)
    qe = run.calls[1][0]
    assert not any(a.startswith(("/rd", "/c:")) for a in qe)
    assert record_ids(got.data) == [4, 5, 6]


@pytest.mark.parametrize(
    ("code", "kind"), [(15007, "channel-not-found"), (5, "access-denied"), (87, "error")]
)
def test_wevtutil_exit_codes_map_without_reading_the_localized_text(code: int, kind: str) -> None:
    run = FakeRun().script("wevtutil.exe", "gl", (code, b"", "Message localisé".encode("cp850")))
    with pytest.raises(ProbeError) as info:
        wevtutil_host(run, "wevtutil.exe").query_channel(UDR, QUERY)
    assert info.value.kind == kind


def test_wevtutil_disabled_empty_channel_and_15022_export() -> None:
    run = (
        FakeRun()
        .script("wevtutil.exe", "gl", gl(False))
        .script("wevtutil.exe", "qe", (0, b"", b""))
    )
    with pytest.raises(ProbeError) as info:
        wevtutil_host(run, "wevtutil.exe").query_channel(DEBUG, QUERY)
    assert info.value.kind == "channel-disabled"
    evtx = (
        SAMPLES / "events" / "tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.evtx"
    ).read_bytes()
    run = (
        FakeRun()
        .script("wevtutil.exe", "gl", gl(True))
        .script("wevtutil.exe", "qe", (15022, b"", b""))
        .script("wevtutil.exe", "epl", epl_writer(evtx))
    )
    got = wevtutil_host(run, "wevtutil.exe").query_channel(DEBUG, QUERY)
    assert got.suffix == ".evtx" and got.method == "wevtutil epl"


def test_no_pywin32_and_no_wevtutil_is_unavailable() -> None:
    with pytest.raises(ProbeError) as info:
        wevtutil_host(FakeRun()).query_channel(AAD, QUERY)
    assert info.value.kind == "unavailable"
    assert "neither pywin32 nor wevtutil.exe" in info.value.message
