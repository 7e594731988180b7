"""Event files are streamed within documented caps: a huge file is parsed at its two ends only,
and each channel keeps its newest records (issue 15). Small limits stand in for the real ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from esr_gui.core.bundle.limits import BundleLimits
from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.parse.events_window import head_and_tail
from esr_gui.core.snapshot_builder import snapshot_from_bundle
from esr_gui.resources import demo_dir
from tests.conftest import sample

CHANNEL = "Microsoft-Windows-SettingSync/Operational"
MEMBER = "events/Microsoft-Windows-SettingSync%4Operational.xml"
RECORD = (
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    "<Provider Name='Microsoft-Windows-SettingSync'/><EventID>6013</EventID>"
    "<TimeCreated SystemTime='2026-11-25T{h:02d}:{m:02d}:00.000Z'/>"
    "<EventRecordID>{n}</EventRecordID><Channel>" + CHANNEL + "</Channel>"
    "<Computer>PC-0117</Computer></System></Event>\r\n"
)
LIMITS = BundleLimits(max_event_bytes=64 * 1024, max_window_records=5, max_events_per_channel=8)


def export(numbers: list[int]) -> str:
    body = "".join(RECORD.format(h=n // 60, m=n % 60, n=n) for n in numbers)
    return f"<Events>\r\n{body}</Events>\r\n"


def load(tmp_path: Path, files: dict[str, bytes]) -> Snapshot:
    folder = tmp_path / "bundle"
    shutil.copytree(demo_dir() / "hybrid-not-registered", folder)
    shutil.rmtree(folder / "events")
    (folder / "events").mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with open_bundle(folder, LIMITS) as bundle:
        return snapshot_from_bundle(bundle)


def record_ids(snapshot: Snapshot) -> list[int]:
    return [e.record_id or 0 for e in snapshot.events if e.channel == CHANNEL]


def messages(snapshot: Snapshot) -> list[str]:
    return [w.message for w in snapshot.warnings]


@pytest.mark.parametrize("newest_first", [False, True])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_huge_export_is_read_at_both_ends_and_the_newest_kept(
    tmp_path: Path, newest_first: bool, encoding: str
) -> None:
    numbers = list(range(1, 1001))
    text = export(numbers[::-1] if newest_first else numbers)
    data = text.encode(encoding)
    assert len(data) > LIMITS.max_event_bytes
    snapshot = load(tmp_path, {MEMBER: data})
    assert record_ids(snapshot) == [3, 4, 5, 996, 997, 998, 999, 1000]
    size = f"{len(data) / 2**10:.1f} KiB"
    assert messages(snapshot) == [
        f"The file is {size}, more than the 64 KiB of events read whole; only up to 5 "
        "records at its start and 5 at its end were read (one end holds the newest), and "
        "the records in between were skipped.",
        "more than 8 records of this channel were read; only the newest 8 are kept and 2 "
        "older ones were dropped (kept: from 2026-11-25T00:03+00:00 on).",
    ]


def test_the_channel_cap_applies_across_files(tmp_path: Path) -> None:
    snapshot = load(
        tmp_path,
        {
            MEMBER: export(list(range(1, 7))).encode(),
            "events/second.xml": export(list(range(7, 13))).encode(),
        },
    )
    assert record_ids(snapshot) == list(range(5, 13))
    assert messages(snapshot)[-1].startswith(
        "more than 8 records of this channel were read; only the newest 8 are kept and 4 older"
    )


def test_a_file_within_the_caps_is_read_whole_without_a_warning(tmp_path: Path) -> None:
    snapshot = load(tmp_path, {MEMBER: export(list(range(1, 9))).encode()})
    assert record_ids(snapshot) == list(range(1, 9))
    assert messages(snapshot) == []


def test_a_huge_evtx_is_read_at_both_ends(tmp_path: Path) -> None:
    real = sample("tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.evtx", "events")
    data = real.read_bytes()
    header, chunk = data[:4096], data[4096 : 4096 + 65536]
    big = header + chunk * 4
    limits = BundleLimits(max_event_bytes=3 * 65536, max_window_records=1)
    folder = tmp_path / "bundle"
    shutil.copytree(demo_dir() / "hybrid-not-registered", folder)
    (folder / "events" / "Microsoft-Windows-AAD%4Operational.evtx").write_bytes(big)
    with open_bundle(folder, limits) as bundle:
        snapshot = snapshot_from_bundle(bundle)
    warnings = [w.message for w in snapshot.warnings if w.member.endswith(".evtx")]
    assert warnings == [
        "The file is 260 KiB, more than the 192 KiB of events read whole; only up to 1 "
        "records at its start and 1 at its end were read (one end holds the newest), and the "
        "records in between were skipped."
    ]
    assert any(e.channel == "Microsoft-Windows-AAD/Operational" for e in snapshot.events)


def test_head_and_tail_keeps_at_most_the_cap() -> None:
    pieces = [bytes([n]) * 1000 for n in range(100)]
    window = head_and_tail(iter(pieces), 10_000)
    assert window.head == b"".join(pieces)[:5000]
    assert len(window.tail) <= 5000 + 1000 and window.total == 100_000
    assert b"".join(pieces).endswith(window.tail)
    assert window.tail_offset == 100_000 - len(window.tail)
    small = head_and_tail(iter(pieces[:3]), 10_000)
    assert small.whole and small.head == b"".join(pieces[:3])
