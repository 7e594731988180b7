"""The Fleet view's background jobs: scanning a folder and writing the CSV (pool threads)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from esr_gui.core.fleet.inputs import scan
from esr_gui.core.fleet.output import fleet_csv
from esr_gui.core.fleet.summary import DeviceRow, FleetSummary, ScanItem, summarise

PROGRESS_EVERY = 25


class JobReporter(Protocol):
    """What a job needs of `workers.Reporter`."""

    def progress(self, value: object) -> None: ...

    def cancelled(self) -> bool: ...


@dataclass(frozen=True)
class ScanProgress:
    """How far a scan is: inputs read so far, and the last one."""

    done: int
    last: str


@dataclass(frozen=True)
class FleetResult:
    """A finished (or stopped) scan of `paths`."""

    paths: tuple[str, ...]
    summary: FleetSummary
    cancelled: bool


def _until_cancelled(items: Iterator[ScanItem], reporter: JobReporter) -> Iterator[ScanItem]:
    for done, item in enumerate(items, start=1):
        if reporter.cancelled():
            return
        if done % PROGRESS_EVERY == 1:
            reporter.progress(ScanProgress(done, item.source))
        yield item


def scan_job(paths: Sequence[str], reporter: JobReporter) -> FleetResult:
    """Scan and summarise `paths`, reporting progress; stops early when cancelled."""
    summary = summarise(_until_cancelled(scan(paths), reporter))
    return FleetResult(tuple(paths), summary, reporter.cancelled())


def write_csv(path: str, rows: Sequence[DeviceRow]) -> str:
    """Write the rows as CSV (UTF-8 with BOM so spreadsheet apps read accents; CRLF)."""
    Path(path).write_text(fleet_csv(rows), encoding="utf-8-sig", newline="\r\n")
    return path
