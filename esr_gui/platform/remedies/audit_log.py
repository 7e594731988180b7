"""The audit log: `audit.jsonl` in the data folder, one AuditRecord per line, append only."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from esr_gui.core.remedy.audit import AUDIT_FILE, AuditRecord
from esr_gui.core.remedy.errors import RemedyRefusedError


def audit_path(folder: Path) -> Path:
    """The audit log in a data folder."""
    return folder / AUDIT_FILE


def check_appendable(path: Path) -> None:
    """Make sure a record can be written before anything runs; refuse (nothing changed) if not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise RemedyRefusedError(
            f"The audit log {path} cannot be written ({exc.strerror or exc}), and nothing runs "
            "without a record. Nothing changed."
        ) from None


def append_record(path: Path, record: AuditRecord) -> None:
    """Append one record as one line and flush it to disk."""
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(record.to_line() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_records(path: Path) -> list[AuditRecord]:
    """Every readable record, oldest first (a damaged line is skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    records: list[AuditRecord] = []
    for line in lines:
        try:
            records.append(AuditRecord.model_validate_json(line))
        except ValidationError:
            continue
    return records
