""".evtx files (`wevtutil epl` exports, or files copied from `winevt\\Logs`) via the `evtx` package.

An .evtx file is a 4 KiB header followed by 64 KiB chunks of records. The reader pads a file
cut short to whole chunks so the records before the cut can still be read, and keeps going
past records the library cannot decode.
"""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path
from typing import Any

from evtx import PyEvtxParser

from esr_gui.core.errors import ParseError
from esr_gui.core.models.events import Event
from esr_gui.core.parse.events_common import (
    EventParseResult,
    fallback_channel,
    paused_gc,
    to_int,
)
from esr_gui.core.parse.events_xml import events_from_xml_text

EVTX_MAGIC = b"ElfFile\x00"
HEADER_SIZE = 4096
CHUNK_SIZE = 65536
CHUNK_HEADER_SIZE = 512
RECORD_MAGIC = b"\x2a\x2a\x00\x00"
MAX_RECORD_ERRORS = 10_000
_CHUNK_IDS = re.compile(r"chunk containing record IDs (\d+)\.\.(\d+)")
_RECORD_NUMBER = re.compile(r"\brecord (?:number )?(\d+)")


def parse_evtx(
    source: bytes | str | Path, origin: str = "", default_channel: str | None = None
) -> EventParseResult:
    """Read every record of an .evtx file (a path or its bytes) as Events, in file order.

    Records the library cannot decode are skipped with a warning; a file with a valid
    header and no records gives no events. Raises ParseError when the input is not an
    .evtx file or cannot be read.
    """
    data, origin = _read_source(source, origin)
    if not data.startswith(EVTX_MAGIC):
        raise ParseError(
            "not an .evtx file: it does not start with the 'ElfFile' signature.", source=origin
        )
    result = EventParseResult()
    cut_records = _records_crossing(data, len(data))
    data = _pad_to_chunks(data, result)
    try:
        parser = PyEvtxParser(io.BytesIO(data))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        raise ParseError(f"the .evtx header is damaged ({error}).", source=origin) from error
    with paused_gc():
        channel = fallback_channel(origin, default_channel)
        _read_records(parser, result, channel, origin, cut_records)
    return result


def _read_source(source: bytes | str | Path, origin: str) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), origin
    path = Path(source)
    try:
        return path.read_bytes(), origin or path.name
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ParseError(f"cannot read the file ({reason}).", source=origin or str(path)) from error


def _records_crossing(data: bytes, end: int) -> set[int]:
    """Ids of the records in the last chunk that run past `end` (a file cut inside them)."""
    body = max(end - HEADER_SIZE, 0)
    if body % CHUNK_SIZE == 0:
        return set()
    position = HEADER_SIZE + (body // CHUNK_SIZE) * CHUNK_SIZE + CHUNK_HEADER_SIZE
    crossing: set[int] = set()
    while (position := data.find(RECORD_MAGIC, position, end)) >= 0:
        if position + 16 <= end:
            size, record_id = struct.unpack_from("<IQ", data, position + 4)
            if position + size > end:
                crossing.add(record_id)
        position += len(RECORD_MAGIC)
    return crossing


def _pad_to_chunks(data: bytes, result: EventParseResult) -> bytes:
    """Zero-fill a file cut short so the library reads the records before the cut."""
    body = max(len(data) - HEADER_SIZE, 0)
    missing = (HEADER_SIZE - len(data) if len(data) < HEADER_SIZE else 0) + (-body % CHUNK_SIZE)
    if not missing:
        return data
    result.warn(
        "The .evtx file is cut short (it does not end on a whole 64 KiB chunk); "
        "the records before the cut were kept."
    )
    return data + bytes(missing)


def _read_records(
    parser: Any, result: EventParseResult, channel: str, origin: str, skip: set[int]
) -> None:
    """Turn each record into an Event (except those in `skip`); bad ones become one warning."""
    failures: list[str] = []
    try:
        records = iter(parser.records())
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        result.warn(f"No records could be read from the .evtx file ({error}).")
        return
    while len(failures) < MAX_RECORD_ERRORS:
        try:
            record = next(records)
        except StopIteration:
            break
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:
            failures.append(str(error))
            continue
        if skip and isinstance(record, dict) and record.get("event_record_id") in skip:
            continue
        event = _record_event(record, channel, origin)
        if event is None:
            failures.append(f"record {_record_id(record)} is not readable event XML")
        else:
            result.events.append(event)
    if failures:
        result.warn(_failure_warning(failures))


def _failure_warning(failures: list[str]) -> str:
    """What was skipped, by record number, without the library's internals (offsets, binxml
    tokens): `1 damaged 64 KiB chunk(s) ... were skipped (records 1-9)`."""
    chunks = [m.groups() for f in failures if (m := _CHUNK_IDS.search(f))]
    records = [f for f in failures if not _CHUNK_IDS.search(f)]
    parts: list[str] = []
    if chunks:
        spans = ", ".join(f"{first}-{last}" for first, last in chunks[:5])
        parts.append(
            f"{len(chunks)} damaged 64 KiB chunk(s) of the .evtx file were skipped "
            f"(records {spans})"
        )
    if records:
        numbers = [m.group(1) for f in records if (m := _RECORD_NUMBER.search(f))]
        which = f" (record {', '.join(numbers[:5])})" if numbers else ""
        parts.append(f"{len(records)} damaged record(s) in the .evtx file were skipped{which}")
    return "; ".join(parts) + "."


def _record_id(record: object) -> str:
    number = record.get("event_record_id") if isinstance(record, dict) else None
    return str(number) if isinstance(number, int) else "?"


def _record_event(record: object, channel: str, origin: str) -> Event | None:
    """The Event in one `records()` item, or None when it is not a readable record."""
    if not isinstance(record, dict) or not isinstance(record.get("data"), str):
        return None
    events = events_from_xml_text(record["data"], origin=origin, channel=channel)
    if len(events) != 1:
        return None
    event = events[0]
    if event.record_id is None:
        number = record.get("event_record_id")
        record_id = number if isinstance(number, int) else to_int(str(number))
        if record_id is not None:
            event = event.model_copy(update={"record_id": record_id})
    return event
