"""The `esr-diag check --intune` line: one line, at most 2048 ASCII characters.

Intune Remediations keep the first 2048 characters of a detection script's output, so the
line starts with what matters (the failing and warning ids), then a compact summary.
"""

from __future__ import annotations

from esr_gui.core.diagnose.engine import Diagnosis
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.report.check_json import device_join_type
from esr_gui.core.report.text import asciify

MAX_LENGTH = 2048
_ELLIPSIS = "..."


def fit_line(text: str, limit: int = MAX_LENGTH) -> str:
    """`text` as one ASCII line of at most `limit` characters (cut with "..." if longer)."""
    line = " ".join(asciify(text).split())
    return line if len(line) <= limit else line[: limit - len(_ELLIPSIS)] + _ELLIPSIS


def intune_line(snapshot: Snapshot, diagnosis: Diagnosis, note: str = "") -> str:
    """`ESR STATE | fail: ids | warn: ids | build=... join=... | headline -> action`.

    STATE is the run's verdict (core.diagnose.verdict): FAIL, UNKNOWN (dsregcmd /status
    unread or partial), WARN or OK.
    """
    fails = [f.id for f in diagnosis.findings if f.status == "fail"]
    warns = [f.id for f in diagnosis.findings if f.status == "warn"]
    state = diagnosis.state  # UNKNOWN when dsregcmd /status could not be read: never OK
    build = snapshot.os_build
    headline = diagnosis.headline
    parts = [
        f"ESR {state}",
        "fail: " + (",".join(fails) or "-"),
        "warn: " + (",".join(warns) or "-"),
        f"build={build or '?'} join={device_join_type(snapshot)}",
        f"{headline.text} -> {headline.action}",
    ]
    if note:
        parts.append(note)
    return fit_line(" | ".join(parts))


def intune_error_line(message: str) -> str:
    """The line printed when the check could not run (exit code 2)."""
    return fit_line(f"ESR ERROR | could not run: {message}")
