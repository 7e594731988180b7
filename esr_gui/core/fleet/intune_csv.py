"""Reading an Intune Remediations device-status CSV export into fleet rows, one run a row.

Where the export comes from: Intune admin center › Devices › Scripts and remediations ›
Remediations › (the ESR package) › Device status › Export. The same data comes from the Graph
export job `DeviceRunStatesByProactiveRemediation` (filter `PolicyId eq '<id>'`).

Column names (sources, looked up 2026-12): the Device status view and scripts that mirror it
use display names ("Device name", "UPN"/"User name", "Detection status", "Remediation status",
"Pre-remediation detection output", "Pre-remediation detection error", "Post-remediation
detection output", "Last sync time", "Last update time"); the export job writes the field
names (DeviceId, DeviceName, UPN, DetectionStatus, PreRemediationDetectionScriptOutput,
PreRemediationDetectionScriptError, PostRemediationDetectionScriptOutput, ModifiedTime), and
Graph's deviceHealthScriptDeviceState uses preRemediationDetectionScriptOutput,
lastStateUpdateDateTime, lastSyncDateTime... (learn.microsoft.com/graph/api/resources/
intune-devices-devicehealthscriptdevicestate; the Intune "export Intune reports using Graph
APIs" report list). Names are matched ignoring case, spaces and punctuation, in any order.
Localised headers we could not find; when no output column is named, the column whose cells
hold our line (`ESR ...`) is used, whatever its name.

The file is untrusted: only a regular file, at most MAX_CSV_BYTES and MAX_CSV_ROWS, streamed
(UTF-8 with or without BOM, UTF-16 with BOM or without, else the ANSI code page), comma,
semicolon or tab separated (Import-Csv -UseCulture), quoted fields with line breaks allowed.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from esr_gui.core.decoding import looks_like_utf16le
from esr_gui.core.fleet.intune import RunRecord, our_line, parse_time, row_from_run
from esr_gui.core.fleet.summary import InputError, ScanItem

MAX_CSV_BYTES = 512 * 1024 * 1024
MAX_CSV_ROWS = 1_000_000
SNIFF_ROWS = 200
_SAMPLE = 64 * 1024
DELIMITERS = (",", ";", "\t")
FLEET_CSV_START = ("device", "build", "join_type", "captured")

# field → accepted header names, normalised (see _norm), best first
COLUMNS: dict[str, tuple[str, ...]] = {
    "output": ("preremediationdetectionoutput", "preremediationdetectionscriptoutput"),
    "post_output": ("postremediationdetectionoutput", "postremediationdetectionscriptoutput"),
    "error": ("preremediationdetectionerror", "preremediationdetectionscripterror"),
    "device": ("devicename", "device"),
    "device_id": ("deviceid", "manageddeviceid", "intunedeviceid"),
    "user": ("upn", "userprincipalname", "username", "useremail"),
    "when": (
        "modifiedtime",
        "lastupdatetime",
        "laststateupdatedatetime",
        "lastrun",
        "lastruntime",
        "lastsynctime",
        "lastsyncdatetime",
        "lastsync",
    ),
    "detection": ("detectionstatus", "detectionstate"),
}
LABELS = {"device": "Device name", "when": "Last update time (ModifiedTime)"}


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def find_columns(header: list[str]) -> dict[str, int]:
    """Field → column index, for every field whose header is present."""
    names = [_norm(h) for h in header]
    found: dict[str, int] = {}
    for field, accepted in COLUMNS.items():
        for name in accepted:
            if name in names:
                found[field] = names.index(name)
                break
    return found


def sniff_encoding(head: bytes) -> str:
    """The encoding of a file starting with `head` (never fails: legacy is cp1252)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if looks_like_utf16le(head):
        return "utf-16-le"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def sniff_delimiter(header_line: str) -> str:
    """The separator giving the header the most fields (comma on a tie)."""
    counts = {d: len(next(csv.reader([header_line], delimiter=d), [])) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))


def _open(path: Path) -> tuple[IO[str], None] | tuple[None, str]:
    """The file as text, or why not (not a regular file, too big, unreadable)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # before opening: a FIFO would block
            return None, "not a regular file"
        raw = path.open("rb")
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    info = os.fstat(raw.fileno())
    if not stat.S_ISREG(info.st_mode):
        raw.close()
        return None, "not a regular file"
    if info.st_size > MAX_CSV_BYTES:
        raw.close()
        return None, f"larger than {MAX_CSV_BYTES // (1024 * 1024)} MB: export one package"
    encoding = sniff_encoding(raw.read(_SAMPLE))
    raw.seek(0)
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=""), None


def intune_csv_rows(path: Path) -> Iterator[ScanItem]:
    """One row per run in the export (errors for the file or a line that cannot be read)."""
    handle, problem = _open(path)
    if handle is None:
        yield InputError(source=str(path), message=problem or "cannot read")
        return
    with handle:
        header_line = handle.readline()
        delimiter = sniff_delimiter(header_line)
        header = next(csv.reader([header_line], delimiter=delimiter), [])
        reader = csv.reader(handle, delimiter=delimiter)
        yield from _rows(path, header, reader)


def _rows(path: Path, header: list[str], reader: Iterator[list[str]]) -> Iterator[ScanItem]:
    columns = find_columns(header)
    first: list[list[str]] = []
    try:
        first = list(itertools.islice(reader, SNIFF_ROWS))
    except csv.Error as exc:
        yield InputError(source=f"{path}:2", message=f"stopped: not a CSV line ({exc})")
        return
    if "output" not in columns:
        found = _column_holding_our_line(first)
        if found is None:
            yield InputError(source=str(path), message=_not_an_export(header))
            return
        columns["output"] = found
    yield from _missing_columns(path, columns)
    yield from _records(path, columns, itertools.chain(first, reader), 2)


def _column_holding_our_line(rows: Iterable[list[str]]) -> int | None:
    for row in rows:
        for index, cell in enumerate(row):
            if our_line(cell[:4096]) is not None:
                return index
    return None


def _not_an_export(header: list[str]) -> str:
    if tuple(_norm(h) for h in header[:4]) == tuple(_norm(h) for h in FLEET_CSV_START):
        return "a fleet summary CSV written by esr-diag fleet, not an Intune export"
    shown = ", ".join(h.strip() for h in header[:8] if h.strip()) or "none"
    return (
        "not an Intune Remediations export: no 'Pre-remediation detection output' column and "
        f"no esr-diag line in any column (columns: {shown})"
    )


def _missing_columns(path: Path, columns: dict[str, int]) -> Iterator[InputError]:
    """The file is read, but say what its rows lack (so a reader knows why rows do not merge)."""
    lacking = [LABELS[f] for f in ("device", "when") if f not in columns]
    if "device" in lacking and "device_id" in columns:
        lacking.remove(LABELS["device"])
    if lacking:
        yield InputError(
            source=str(path),
            caveat=True,
            message="the export has no column "
            + " and no column ".join(f"'{c}'" for c in lacking)
            + ": runs without a device name are each their own row; without a time the "
            "newest run of a device cannot be told",
        )


def _records(
    path: Path, columns: dict[str, int], rows: Iterator[list[str]], line: int
) -> Iterator[ScanItem]:
    count = 0
    while True:
        try:
            row = next(rows, None)
        except csv.Error as exc:
            yield InputError(source=f"{path}:{line}", message=f"stopped: not a CSV line ({exc})")
            return
        if row is None:
            if not count:
                yield InputError(source=str(path), message="the export holds no device runs")
            return
        count += 1
        if count > MAX_CSV_ROWS:
            yield InputError(source=str(path), message=f"stopped after {MAX_CSV_ROWS} rows")
            return
        if any(cell.strip() for cell in row):
            yield row_from_run(_record(f"{path}:{line + count - 1}", columns, row))


def _record(source: str, columns: dict[str, int], row: list[str]) -> RunRecord:
    def cell(field: str) -> str:
        index = columns.get(field)
        return row[index] if index is not None and index < len(row) else ""

    return RunRecord(
        source=source,
        device=cell("device").strip() or None,
        device_id=cell("device_id").strip() or None,
        user=cell("user").strip() or None,
        when=parse_time(cell("when")),
        output=cell("output"),
        post_output=cell("post_output"),
        error=cell("error"),
        detection=cell("detection"),
    )
