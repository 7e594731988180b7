"""Provenance lines: the capture's zone and the viewer's, across offsets, days and DST edges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from esr_gui.core.models.manifest import Manifest
from esr_gui.core.models.snapshot import Snapshot, SourceInfo
from esr_gui.core.report.provenance import (
    capture_line,
    device_zone,
    format_both_zones,
    format_device_time,
    format_in_zone,
    offset_text,
    provenance,
)
from esr_gui.core.snapshot_builder import load_snapshot, snapshot_from_dsregcmd
from tests.conftest import DSREG_SAMPLES, REPO

PLUS_ONE = timezone(timedelta(hours=1))
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def manifest(
    created: str, tz_name: str | None = "W. Europe Standard Time", **extra: object
) -> Manifest:
    return Manifest.model_validate(
        {"format": "esr-bundle", "version": 1, "created": created, "timezone": tz_name, **extra}
    )


def snap(created: str, **extra: object) -> Snapshot:
    return Snapshot(
        source=SourceInfo(kind="bundle", path="x"),
        manifest=manifest(created, computer="PC-0042", **extra),
    )


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (timedelta(0), "UTC"),
        (timedelta(hours=1), "UTC+1"),
        (timedelta(hours=-5), "UTC-5"),
        (timedelta(hours=5, minutes=30), "UTC+5:30"),
        (timedelta(hours=-3, minutes=-30), "UTC-3:30"),
        (timedelta(hours=12, minutes=45), "UTC+12:45"),
        (None, "UTC offset unknown"),
    ],
)
def test_offset_text(offset: timedelta | None, text: str) -> None:
    assert offset_text(offset) == text


def test_capture_line_as_the_brief_shows_it() -> None:
    line = capture_line(snap("2026-11-25T09:14:03+01:00"), viewer_tz=BERLIN)
    assert line == (
        "Captured on PC-0042 at 2026-11-25 09:14 (UTC+1, W. Europe Standard Time, "
        "also your time), user context"
    )


def test_capture_line_in_another_zone_and_day() -> None:
    line = capture_line(snap("2026-11-25T01:14:03+01:00", context="system"), NEW_YORK)
    assert "2026-11-25 01:14 (UTC+1, W. Europe Standard Time)" in line
    assert "= 2026-11-24 19:14 your time (UTC-5)" in line
    assert line.endswith("SYSTEM context")


def test_same_day_omits_the_viewers_date() -> None:
    text = format_both_zones(datetime(2026, 11, 25, 14, 0, tzinfo=UTC), PLUS_ONE, NEW_YORK)
    assert text == "2026-11-25 15:00 (UTC+1) = 09:00 your time (UTC-5)"


def test_timedelta_offset_and_seconds() -> None:
    moment = datetime(2026, 11, 25, 8, 14, 3, tzinfo=UTC)
    text = format_both_zones(moment, timedelta(hours=5, minutes=30), UTC, seconds=True)
    assert text == "2026-11-25 13:44:03 (UTC+5:30) = 08:14:03 your time (UTC)"


def test_viewer_across_the_spring_forward_edge() -> None:
    # Berlin moves from UTC+1 to UTC+2 at 01:00 UTC on 2026-03-29.
    before = datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    after = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert format_in_zone(before, BERLIN) == "2026-03-29 01:59 (UTC+1)"
    assert format_in_zone(after, BERLIN) == "2026-03-29 03:00 (UTC+2)"
    assert format_both_zones(after, UTC, BERLIN).endswith("= 03:00 your time (UTC+2)")


def test_viewer_across_the_fall_back_edge() -> None:
    # New York repeats 01:00-02:00 on 2026-11-01: the same wall time, two offsets.
    first = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert format_in_zone(first, NEW_YORK) == "2026-11-01 01:30 (UTC-4)"
    assert format_in_zone(second, NEW_YORK) == "2026-11-01 01:30 (UTC-5)"


def test_device_zone_follows_dst_for_event_times_when_the_name_is_known() -> None:
    # Captured in winter (UTC+1); an event from the summer shows UTC+2 on the device.
    m = manifest("2026-11-25T09:14:03+01:00")
    assert device_zone(m) == BERLIN
    summer = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert format_device_time(summer, m, UTC).startswith("2026-07-01 12:00:00 (UTC+2,")


def test_device_zone_falls_back_to_the_captured_offset() -> None:
    unknown_name = manifest("2026-11-25T09:14:03+03:00", tz_name="Some Custom Zone")
    assert device_zone(unknown_name).utcoffset(None) == timedelta(hours=3)
    # The name maps to Berlin but the offset disagrees: trust the captured offset.
    disagreeing = manifest("2026-11-25T09:14:03+05:00")
    assert device_zone(disagreeing).utcoffset(None) == timedelta(hours=5)
    no_name = manifest("2026-11-25T09:14:03-07:00", tz_name=None)
    assert device_zone(no_name).utcoffset(None) == timedelta(hours=-7)


def test_time_without_a_manifest_is_shown_in_the_viewers_zone() -> None:
    moment = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert format_device_time(moment, None, BERLIN) == "2026-11-25 09:00:00 (UTC+1) your time"


def test_pasted_text_says_what_is_not_known() -> None:
    snapshot = snapshot_from_dsregcmd(DSREG_SAMPLES[0].read_bytes(), kind="pasted")
    line = capture_line(snapshot, UTC)
    assert line.startswith("Pasted dsregcmd text of ")
    assert "not known" in line
    assert provenance(snapshot, UTC).captured is None


def test_redacted_copy_is_said() -> None:
    assert capture_line(snap("2026-11-25T09:14:03+01:00", redacted=True), UTC).endswith(
        "(redacted copy)"
    )


def test_demo_bundle_capture_line() -> None:
    snapshot = load_snapshot(REPO / "resources" / "demo" / "1607-sideload-6013")
    line = capture_line(snapshot, ZoneInfo("Asia/Tokyo"))
    assert line.startswith("Captured on PC-0042 at 2026-11-25 09:14 (UTC+1, W. Europe Standard")
    assert "= 17:14 your time (UTC+9), user context" in line


@given(
    st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
    st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]),
)
def test_both_zones_always_name_the_same_instant(moment: datetime, minutes: int, zone: str) -> None:
    device = timezone(timedelta(minutes=minutes))
    text = format_both_zones(moment, device, ZoneInfo(zone))
    local = moment.astimezone(device)
    assert text.startswith(local.strftime("%Y-%m-%d %H:%M"))
    viewer = moment.astimezone(ZoneInfo(zone))
    assert viewer.strftime("%H:%M") in text
    assert offset_text(viewer.utcoffset()) in text
