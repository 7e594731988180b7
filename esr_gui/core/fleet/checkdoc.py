"""Saved `esr-diag check --json` results as fleet rows: whole files and JSON-lines logs.

A document is untrusted input: it is validated (schema 1, findings with known statuses)
before it becomes a row, and anything else becomes an `InputError` naming the file and line.
Files written by PowerShell 5.1 redirection are UTF-16 with a BOM; both that and UTF-8
(with or without BOM) are read. JSON-lines files are streamed line by line.

A document whose `dsregcmd` is null (the run could not read `dsregcmd /status`) becomes an
unreadable row, with the reason its `problems` give.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from esr_gui.core.bundle.limits import DSREGCMD
from esr_gui.core.decoding import decode_text
from esr_gui.core.diagnose import Headline, choose_headline
from esr_gui.core.fleet.intune_graph import is_run_states_page, rows_from_pages
from esr_gui.core.fleet.summary import NO_DSREGCMD, DeviceRow, InputError, ScanItem
from esr_gui.core.models.findings import Finding

MAX_JSON_BYTES = 32 * 1024 * 1024
MAX_LINE_CHARS = 16 * 1024 * 1024


class _Source(BaseModel):
    created: datetime | None = None
    context: str | None = None
    path: str | None = None
    redacted: bool = False


class _Device(BaseModel):
    name: str | None = None
    build: str | None = None
    join_type: str = "unknown"


class _Problem(BaseModel):
    member: str = ""
    message: str = ""


class CheckDocument(BaseModel):
    """The parts of a `check --json` document a fleet row needs (other keys are ignored)."""

    model_config = ConfigDict(populate_by_name=True)

    schema_: Literal[1] = Field(alias="schema")
    source: _Source = Field(default_factory=_Source)
    device: _Device = Field(default_factory=_Device)
    findings: list[Finding]
    headline: Headline | None = None
    dsregcmd: Any = None
    problems: list[_Problem] = Field(default_factory=list)

    def unreadable(self) -> str | None:
        """Why the run could not read dsregcmd /status; None when it did (or the document,
        written by an older version, does not say)."""
        if "dsregcmd" not in self.model_fields_set or self.dsregcmd is not None:
            return None
        for problem in self.problems:
            if problem.member == DSREGCMD:
                return f"dsregcmd /status could not be read: {problem.message}"
        return NO_DSREGCMD


def row_from_document(raw: Any, source: str) -> ScanItem:
    """The row of one parsed document, or an InputError saying what is wrong with it."""
    if not isinstance(raw, dict):
        return InputError(source=source, message="not a check result (expected a JSON object)")
    if "devices" in raw and "findings" not in raw:
        return InputError(source=source, message="a fleet summary, not a check result")
    try:
        doc = CheckDocument.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "document"
        return InputError(source=source, message=f"not a check result: {where}: {first['msg']}")
    headline = doc.headline or choose_headline(doc.findings)
    return DeviceRow(
        name=doc.device.name,
        build=doc.device.build,
        join_type=doc.device.join_type,
        captured=doc.source.created,
        context=doc.source.context,
        kind="check-json",
        redacted=doc.source.redacted,
        source=source,
        statuses={f.id: f.status for f in doc.findings},
        headline=headline.text,
        headline_id=headline.finding_id,
        action=headline.action,
        unreadable=doc.unreadable(),
    )


def json_file_rows(path: Path) -> Iterator[ScanItem]:
    """One document per file; a file of several lines is read as JSON lines instead."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_JSON_BYTES + 1)
    except OSError as exc:
        yield InputError(source=str(path), message=f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > MAX_JSON_BYTES:
        yield from json_lines_rows(path)
        return
    text = decode_text(data).strip()
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        if text.count("\n") and exc.msg == "Extra data":
            yield from json_lines_rows(path)
        else:
            yield InputError(source=str(path), message=f"not valid JSON ({exc.msg})")
        return
    except (RecursionError, ValueError) as exc:
        yield InputError(source=str(path), message=absurd_json(exc))
        return
    if is_run_states_page(raw):  # a saved Graph deviceRunStates page (Intune)
        yield from rows_from_pages([raw], str(path))
    else:
        yield row_from_document(raw, str(path))


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def json_lines_rows(path: Path) -> Iterator[ScanItem]:
    """One row (or error) per non-empty line, streamed: the file is never read whole."""
    try:
        handle = path.open("r", encoding=_encoding(path), errors="replace")
    except OSError as exc:
        yield InputError(source=str(path), message=f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        number = 0
        while line := handle.readline(MAX_LINE_CHARS + 1):
            number += 1
            where = f"{path}:{number}"
            if len(line) > MAX_LINE_CHARS and not line.endswith("\n"):
                _skip_rest_of_line(handle)
                yield InputError(source=where, message="line too long; skipped")
            elif line.strip():
                yield _line_row(line, where)


def _skip_rest_of_line(handle: Any) -> None:
    while chunk := handle.readline(MAX_LINE_CHARS):
        if chunk.endswith("\n"):
            return


def _line_row(line: str, where: str) -> ScanItem:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(source=where, message=f"not valid JSON ({exc.msg})")
    except (RecursionError, ValueError) as exc:
        return InputError(source=where, message=absurd_json(exc))
    return row_from_document(raw, where)


def absurd_json(exc: RecursionError | ValueError) -> str:
    """What to say about JSON Python refuses to build: nested thousands of levels deep
    (RecursionError) or a number thousands of digits long (ValueError)."""
    if isinstance(exc, RecursionError):
        return "not a check result: its JSON is nested thousands of levels deep"
    return "not a check result: its JSON holds a number thousands of digits long"
