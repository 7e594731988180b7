"""Large benchmark inputs, generated at bench time from the shapes of the real samples.

Nothing here is committed: everything is written under `bench/out/inputs/` (git-ignored) and
reused while its stamp (the generator's parameters) matches.

- a wevtutil export (`qe CHANNEL /f:xml /e:Events`) of N records: the real sample records,
  compacted to one line each as wevtutil writes them, cycled, with fresh EventRecordIDs;
- a large .evtx: the 4 KiB file header of a real export followed by copies of the real
  samples' 64 KiB chunks (the reader walks chunks to the end of the file);
- a bundle: the default demo bundle with its events replaced by N generated records, spread
  over the channels of the real samples.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "data" / "samples" / "events"
DEMO = REPO / "resources" / "demo" / "hybrid-not-registered"
INPUTS = REPO / "bench" / "out" / "inputs"
EVTX_HEADER = 4096
EVTX_CHUNK = 65536
EVTX_CHUNK_HEADER = 512
EVTX_RECORD_MAGIC = b"\x2a\x2a\x00\x00"

_EVENT = re.compile(r"<Event[\s>].*?</Event>", re.DOTALL)
_BETWEEN_TAGS = re.compile(r">\s+<")
_RECORD_ID = re.compile(r"<EventRecordID>\d+</EventRecordID>")
_CHANNEL = re.compile(r"<Channel>([^<]+)</Channel>")


def sample_records() -> list[str]:
    """Every `<Event>` of the real XML samples, compacted to one line (wevtutil's shape)."""
    records: list[str] = []
    for path in sorted(SAMPLES.glob("*.xml")):
        text = path.read_text(encoding="utf-8")
        records += [_BETWEEN_TAGS.sub("><", r) for r in _EVENT.findall(text)]
    if not records:
        raise RuntimeError(f"no event records found in {SAMPLES}")
    return records


def generated_records(count: int) -> list[str]:
    """`count` records cycled from the samples, numbered 1..count."""
    records = sample_records()
    return [
        _RECORD_ID.sub(f"<EventRecordID>{n + 1}</EventRecordID>", records[n % len(records)])
        for n in range(count)
    ]


def wrap_export(records: list[str]) -> bytes:
    """Records as `wevtutil qe /f:xml /e:Events` writes them (UTF-8, CRLF)."""
    return ("<Events>\r\n" + "\r\n".join(records) + "\r\n</Events>\r\n").encode("utf-8")


def cached(name: str, stamp: dict[str, object], make: Callable[[Path], object]) -> Path:
    """`INPUTS/name`, made by `make(path)` unless it exists with the same stamp."""
    target = INPUTS / name
    stamp_file = INPUTS / f"{name}.stamp.json"
    wanted = json.dumps(stamp, sort_keys=True)
    if target.exists() and stamp_file.is_file() and stamp_file.read_text() == wanted:
        return target
    if target.is_dir():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    make(target)
    stamp_file.write_text(wanted)
    return target


def events_xml(count: int = 20_000) -> Path:
    """A wevtutil XML export of `count` records."""
    return cached(
        f"events-{count}.xml",
        {"count": count, "v": 1},
        lambda path: path.write_bytes(wrap_export(generated_records(count))),
    )


def sample_chunks() -> tuple[bytes, list[bytes]]:
    """The file header of a real .evtx and every non-empty 64 KiB chunk of the samples."""
    header = b""
    chunks: list[bytes] = []
    for path in sorted(SAMPLES.glob("*.evtx")):
        if "EMPTY" in path.name:
            continue
        data = path.read_bytes()
        header = header or data[:EVTX_HEADER]
        body = data[EVTX_HEADER:]
        chunks += [body[i : i + EVTX_CHUNK] for i in range(0, len(body), EVTX_CHUNK)]
    return header, [c for c in chunks if len(c) == EVTX_CHUNK and c.startswith(b"ElfChnk")]


def _write_evtx(path: Path, min_records: int) -> None:
    header, chunks = sample_chunks()
    written = n = 0
    with path.open("wb") as handle:
        handle.write(header)
        while written < min_records:
            chunk = chunks[n % len(chunks)]
            handle.write(chunk)
            written += chunk.count(EVTX_RECORD_MAGIC, EVTX_CHUNK_HEADER)
            n += 1


def big_evtx(min_records: int = 20_000) -> Path:
    """An .evtx of copies of the real samples' chunks holding at least `min_records` records
    (the records of a chunk repeat with the chunk)."""
    return cached(
        f"big-{min_records}.evtx",
        {"records": min_records, "v": 2},
        lambda p: _write_evtx(p, min_records),
    )


def _write_bundle(root: Path, count: int) -> None:
    shutil.copytree(DEMO, root)
    events = root / "events"
    shutil.rmtree(events)
    events.mkdir()
    by_channel: dict[str, list[str]] = {}
    for record in generated_records(count):
        match = _CHANNEL.search(record)
        channel = match.group(1) if match else "Microsoft-Windows-AAD/Operational"
        by_channel.setdefault(channel, []).append(record)
    for channel, records in by_channel.items():
        (events / (channel.replace("/", "%4") + ".xml")).write_bytes(wrap_export(records))


def big_bundle(count: int = 50_000) -> Path:
    """The default demo bundle (a folder) with `count` generated events."""
    return cached(f"bundle-{count}", {"count": count, "v": 1}, lambda p: _write_bundle(p, count))
