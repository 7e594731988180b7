"""The suggested file name of a report: the device and the date it was captured.

`esr-report-PC-0042-2026-11-25.html`; the date is the device's own calendar day at capture
(the manifest's `created`, in its own offset). A redacted report does not name the device
(`esr-report-redacted-2026-11-25.html`); a saved dsregcmd text carries no capture time and
says so (`esr-report-PC-0042-undated.html`) rather than borrowing today's date.
"""

from __future__ import annotations

import re

from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.report.check_json import device_name

UNDATED = "undated"


def safe_file_part(text: str, fallback: str = "device") -> str:
    """`text` fit for a file name on Windows and elsewhere (letters, digits, `._-`)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or fallback


def capture_date(snapshot: Snapshot) -> str:
    """`2026-11-25`, the device's day at capture, or `undated`."""
    manifest = snapshot.manifest
    return manifest.created.strftime("%Y-%m-%d") if manifest else UNDATED


def report_file_name(snapshot: Snapshot, *, redact: bool = False) -> str:
    """`esr-report-<device or "redacted">-<capture date>.html`."""
    who = "redacted" if redact else safe_file_part(device_name(snapshot) or "")
    return f"esr-report-{who}-{capture_date(snapshot)}.html"
