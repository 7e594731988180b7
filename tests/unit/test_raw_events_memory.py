"""Issue 19 (peak_rss_mb): the raw view's events texts are built without holding a whole
channel's text; what is shown, cut and located stays exactly as before."""

from __future__ import annotations

import gc
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest

from esr_gui.core.models.events import Event
from esr_gui.core.models.snapshot import Snapshot, SourceInfo
from esr_gui.core.raw import build, build_raw
from esr_gui.core.raw.regions import event_key

START = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def events(count: int, channel: str = "Microsoft-Windows-AAD/Operational") -> list[Event]:
    """`count` records with data and a message, one second apart."""
    return [
        Event(
            channel=channel,
            provider="Microsoft-Windows-AAD",
            event_id=1098,
            level=2,
            time=START + timedelta(seconds=n),
            record_id=n,
            data={"Error": "0xCAA2000C", "ErrorMessage": f"Bağlantı kuruluşu başarısız {n}"},
            message="Error: 0xCAA2000C The request requires user interaction.",
        )
        for n in range(count)
    ]


def snapshot_of(records: list[Event]) -> Snapshot:
    """A pasted snapshot holding only `records`."""
    return Snapshot(source=SourceInfo(kind="pasted"), events=records)


def before_issue_19(records: list[Event]) -> tuple[str, int, dict[str, int]]:
    """How a channel's text, cut and regions were built: every line, joined, then bounded."""
    lines: list[str] = []
    regions: dict[str, int] = {}
    for event in records:
        key = event_key(event.channel, event.record_id, event.event_id, event.time)
        regions.setdefault(key, len(lines) + 1)
        lines.extend(build._event_lines(event))
    text, cut = build._bounded("\n".join(lines))
    return text, cut, regions


def odd_breaks() -> list[Event]:
    """Records whose texts hold line breaks other than "\\n" (kept as the parsers split)."""
    out = events(3)
    for index, provider in enumerate(("P\r", "P\r\nQ", "P\x85", "P\u2028")):
        out.append(out[0].model_copy(update={"provider": provider, "record_id": 10 + index}))
    return out


@pytest.mark.parametrize("records", [events(4), odd_breaks()], ids=["plain", "odd breaks"])
def test_every_cut_is_the_one_of_before(
    records: list[Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    """For every bound from 0 to past the whole text: the same text, cut and regions."""
    whole = len(before_issue_19(records)[0])
    for bound in range(whole + 3):
        monkeypatch.setattr(build, "MAX_MEMBER_CHARS", bound)
        member = build._event_member(records[0].channel, records)
        assert (member.text, member.cut, member.regions) == before_issue_19(records), bound


def test_channels_stay_separate_and_in_order() -> None:
    """One member per channel, in the order the channels first appear."""
    snapshot = snapshot_of([*events(2, "A/Operational"), *events(1, "B/Admin")])
    names = [m.name for m in build_raw(snapshot).members]
    assert names == ["events:A/Operational", "events:B/Admin"]


def test_a_big_channel_is_built_in_little_more_than_what_is_shown() -> None:
    """30,000 records (~6 M characters): beyond what is kept, under 12 MB at the peak
    (all the lines, the joined text and its re-split copy took ~60 MB)."""
    snapshot = snapshot_of(events(30_000))
    gc.collect()
    tracemalloc.start()
    try:
        raw = build_raw(snapshot)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (member,) = raw.members
    assert len(member.text) == build.MAX_MEMBER_CHARS and member.cut > 4_000_000
    assert len(member.regions) == 30_000
    assert peak - kept < 12_000_000
