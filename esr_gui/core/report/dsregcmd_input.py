"""A saved `dsregcmd /status` text as the input of an HTML report (redacted when asked).

Redaction works on bundle members, so the text is redacted inside a stand-in bundle (a
manifest made here, dropped again afterwards: the report must not show a capture time the
text never had).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from esr_gui.core.bundle.limits import DSREGCMD, MANIFEST
from esr_gui.core.bundle.reader import bundle_from_members
from esr_gui.core.models.manifest import BUNDLE_FORMAT, BUNDLE_VERSION
from esr_gui.core.redaction.members import redact_members
from esr_gui.core.report.html import REDACTED_LABEL, ReportInput
from esr_gui.core.snapshot_builder import snapshot_from_bundle, snapshot_from_dsregcmd


def dsregcmd_report_input(data: bytes, path: str | None, *, redact: bool = False) -> ReportInput:
    """The snapshot of a dsregcmd text, redacted on request; an unreadable text is kept as a
    problem (UNKNOWN), as `check` keeps it."""
    snapshot = snapshot_from_dsregcmd(data, path, keep=True)  # as `check`: unread is UNKNOWN
    if not redact:
        return ReportInput(snapshot)
    stand_in = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "created": datetime.now(UTC).isoformat(),
    }
    redacted = redact_members({MANIFEST: json.dumps(stand_in).encode(), DSREGCMD: data})
    bundle = bundle_from_members(redacted.all_members(), label=REDACTED_LABEL)
    copy = snapshot_from_bundle(bundle, kind="dsregcmd", name=REDACTED_LABEL)
    return ReportInput(copy.model_copy(update={"manifest": None}), redacted.report.summary())
