"""Finding and reading a fleet's inputs: bundles (folders, zips) and saved check results.

A PATH may be a bundle (a folder holding `manifest.json`, or a zip), a saved `check --json`
document (`*.json` whose `schema` is 1), a JSON-lines file from `check --log-json` (one
document per line; `.jsonl`, `.ndjson`, or any file named explicitly), an Intune Remediations
device-status export (`*.csv`, core.fleet.intune_csv), or a folder of any of these, scanned
one level deep (there, other files such as `*.log` are skipped). Links are
not followed while scanning, as the bundle reader follows none inside a bundle; a named pipe,
device or socket is reported and never opened (a pipe would block the scan forever).

Each input is read and reduced to its row before the next one is opened. An input that
cannot be read becomes an `InputError`; nothing one input holds can stop the scan.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from esr_gui.core.bundle.regular_file import not_regular_reason
from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.errors import EsrError
from esr_gui.core.fleet.checkdoc import json_file_rows, json_lines_rows
from esr_gui.core.fleet.intune_csv import intune_csv_rows
from esr_gui.core.fleet.summary import InputError, ScanItem, row_from_diagnosis
from esr_gui.core.snapshot_builder import load_snapshot

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
InputType = Literal["bundle", "json", "jsonl", "intune-csv"]


@dataclass(frozen=True)
class FleetInput:
    """One input found by `discover`: where it is and how to read it."""

    path: Path
    kind: InputType


def _has_manifest(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(e.name.lower() == "manifest.json" and e.is_file() for e in entries)
    except OSError:
        return False


def _file_kind(path: Path, named: bool = False) -> InputType | None:
    """How to read a file, by suffix; `.log` only when named (a folder has other logs)."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return "bundle"
    if suffix == ".json":
        return "json"
    if suffix == ".csv":  # an Intune Remediations device-status export
        return "intune-csv"
    if suffix in JSON_LINES_SUFFIXES or (named and suffix == ".log"):
        return "jsonl"
    return None


def _sniff(path: Path) -> InputType:
    """A file given by name whose suffix says nothing: a zip is a bundle, else JSON lines."""
    try:
        with path.open("rb") as handle:
            return "bundle" if handle.read(4) == b"PK\x03\x04" else "jsonl"
    except OSError:
        return "jsonl"


def _scan_folder(folder: Path) -> Iterator[FleetInput | InputError]:
    found = False
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name.casefold())
    except OSError as exc:
        yield InputError(source=str(folder), message=f"cannot list: {exc.strerror or exc}")
        return
    for entry in entries:
        child = Path(entry.path)
        if entry.is_symlink():
            continue
        special = not_regular_reason(child, follow=False)
        if special not in (None, "a folder"):
            found = True
            yield InputError(source=str(child), message=_not_regular(special))
            continue
        kind: InputType | None
        kind = ("bundle" if _has_manifest(child) else None) if entry.is_dir() else _file_kind(child)
        if kind is not None:
            found = True
            yield FleetInput(child, kind)
    if not found:
        yield InputError(source=str(folder), message="no bundles or check results found here")


def discover(paths: Iterable[str | Path]) -> Iterator[FleetInput | InputError]:
    """Every input under `paths`, in order (folders scanned one level, sorted by name)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if _has_manifest(path):
                yield FleetInput(path, "bundle")
            else:
                yield from _scan_folder(path)
        elif path.is_file():
            yield FleetInput(path, _file_kind(path, named=True) or _sniff(path))
        elif (special := not_regular_reason(path)) is not None:
            yield InputError(source=str(path), message=_not_regular(special))
        else:
            yield InputError(source=str(path), message="does not exist")


def _not_regular(kind: str) -> str:
    """Why a pipe, device or socket is not read (a pipe would block the scan forever)."""
    return f"is {kind}, not a regular file; it was not opened"


def scan(paths: Iterable[str | Path]) -> Iterator[ScanItem]:
    """Rows and errors of every input, read one at a time."""
    for item in discover(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_input(item)


def read_input(item: FleetInput) -> Iterator[ScanItem]:
    """The rows (or errors) of one input."""
    if item.kind == "bundle":
        yield bundle_row(item.path)
    elif item.kind == "json":
        yield from json_file_rows(item.path)
    elif item.kind == "intune-csv":
        yield from intune_csv_rows(item.path)
    else:
        yield from json_lines_rows(item.path)


def bundle_row(path: Path) -> ScanItem:
    """Open, diagnose and reduce one bundle; any failure becomes an InputError."""
    try:
        snapshot = load_snapshot(path)
        diagnosis = run_diagnosis(snapshot)
    except EsrError as exc:
        return InputError(source=str(path), message=str(exc))
    except Exception as exc:  # one odd bundle must never stop a fleet scan
        return InputError(source=str(path), message=f"internal error: {type(exc).__name__}: {exc}")
    return row_from_diagnosis(snapshot, diagnosis, str(path), bundle=str(path))
