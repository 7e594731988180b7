"""`check --log-json`: where the JSON-lines log goes, and what one line holds.

One line per run, for log shippers (an Azure Monitor agent collecting a JSON file, a SIEM
forwarder): the `check --json` document plus `logged`, the UTC time of the run (a bundle's
own `created` is when it was captured, not when it was checked).

`--log-json auto` (or the option without a value) picks the path: as SYSTEM on Windows
(Intune, ConfigMgr) `%ProgramData%\\ESR Troubleshooter\\Logs\\esr-diag.jsonl`, because
SYSTEM's own profile folders are inside System32 where nobody looks; otherwise the user's
log folder. The OS facts are passed in (`LogHost`), so the choice is pure and testable.
"""

from __future__ import annotations

import json
import ntpath
import posixpath
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

AUTO = "auto"
APP_FOLDER = "ESR Troubleshooter"
LOG_FILE_NAME = "esr-diag.jsonl"
DEFAULT_PROGRAM_DATA = "C:\\ProgramData"
ROTATE_AT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class LogHost:
    """What the path choice needs to know about the machine and the process."""

    is_windows: bool
    is_system: bool
    program_data: str | None
    user_log_dir: str


def is_auto(requested: str | None) -> bool:
    """True for `--log-json` without a value or with `auto` (any case)."""
    return requested is None or requested.strip().lower() in ("", AUTO)


def system_log_path(program_data: str | None) -> str:
    """`%ProgramData%\\ESR Troubleshooter\\Logs\\esr-diag.jsonl` (C:\\ProgramData if unset)."""
    root = (program_data or "").strip() or DEFAULT_PROGRAM_DATA
    return ntpath.join(root, APP_FOLDER, "Logs", LOG_FILE_NAME)


def choose_log_path(requested: str | None, host: LogHost) -> str:
    """The file to append to: `requested` as given, or the automatic choice."""
    if requested is not None and not is_auto(requested):
        return requested
    if host.is_windows and host.is_system:
        return system_log_path(host.program_data)
    join = ntpath.join if host.is_windows else posixpath.join
    return join(host.user_log_dir, LOG_FILE_NAME)


def log_record(document: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """The document with `logged` (UTC, seconds) first."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    return {"logged": stamp, **document}


def log_line(document: dict[str, Any], now: datetime | None = None) -> str:
    """One compact UTF-8 JSON line ending in `\\n` (newlines inside values are escaped)."""
    return json.dumps(log_record(document, now), ensure_ascii=False, separators=(",", ":")) + "\n"


def rotated_name(path: str) -> str:
    """`esr-diag.jsonl` → `esr-diag.1.jsonl`: where a full log is moved before a new one."""
    module = ntpath if "\\" in path else posixpath
    root, ext = module.splitext(path)
    return f"{root}.1{ext or '.jsonl'}"


def needs_rotation(current_size: int, line: str, limit: int = ROTATE_AT_BYTES) -> bool:
    """True when appending `line` would take a non-empty log past `limit` bytes."""
    return current_size > 0 and current_size + len(line.encode("utf-8")) > limit
